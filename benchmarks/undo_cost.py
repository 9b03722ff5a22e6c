"""What recording a write for `oto undo` costs, inside one process (imports left out).

    python benchmarks/undo_cost.py JOURNAL.db OUT.json [--runs N]

On a scratch copy of JOURNAL.db, times whole write transactions as `oto promise` and
`oto reflect` make them (open the journal, write, commit), alternately with the undo history
recording (TEMP triggers made at BEGIN, the step kept at COMMIT) and without (`record=False`,
what OTO_NO_UNDO=1 does), and gives the medians and their ratio. benchmarks/run.py runs it on
each journal; a whole process pays the same milliseconds on top of its imports.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path


def main() -> int:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 30
    from onetoone.domain import people, promises
    from onetoone.domain.reflection import about, build, record
    from onetoone.store.journal import open_journal

    now = datetime(2026, 11, 23, 9, 0)
    today = now.date()
    folder = Path(tempfile.mkdtemp(prefix="oto-undo-cost-"))
    try:
        path = folder / "journal.db"
        shutil.copyfile(source, path)
        path.chmod(0o600)
        folder.chmod(0o700)
        with open_journal(path, now=now) as journal:  # upgraded (and its own undo history started) before timing
            person = people.resolve(journal, "Maria Lopez").id

        def promise(journal) -> None:
            promises.record(journal, person_id=person, text="Send the notes", due=today + timedelta(days=4), today=today, direction="mine")

        def reflect(journal) -> None:
            fields = {"at": [today.isoformat()], "minutes": ["40"], "self-interest": ["wants the elevator fixed"],
                      "note": ["Short check-in after the building meeting."]}
            ctx = about.context(journal, person, today=today)
            record.record(journal, build.build(fields, ctx, today=today, now=now), today=today, now=now)

        figures = {}
        for label, write in (("promise", promise), ("reflect", reflect)):
            times = {True: [], False: []}
            for n in range(runs * 2 + 2):
                recording = n % 2 == 0
                started = time.perf_counter()
                with open_journal(path, now=now, write=True, command=["bench"], record=recording) as journal:
                    write(journal)
                if n >= 2:  # the first of each is a warm-up
                    times[recording].append((time.perf_counter() - started) * 1000)
            with_undo, without = statistics.median(times[True]), statistics.median(times[False])
            figures[label] = {"with_undo_ms": with_undo, "without_ms": without, "ratio": with_undo / without, "runs": runs}
        out.write_text(json.dumps(figures))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
