"""What taking the journal out and putting it back costs, as whole processes on one journal,
against `oto due` measured in the same run.

    python benchmarks/export_cost.py JOURNAL_FOLDER [--runs N]

On a scratch copy of the journal in JOURNAL_FOLDER (benchmarks/generate.py makes one), times
`oto due`, `oto export json FILE`, `oto export csv DIR`, `oto export markdown DIR --person` for
the featured person, `oto export json --redact`, and `oto import journal FILE` into an empty
journal; prints each median in ms and its ratio to `oto due`. The whole `oto export markdown DIR`
(one dossier per person) is timed once, as it is a long job shown with a progress bar. Not run
by run.py (it takes minutes on the heavy journal); its figures are kept in RESULTS.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    source = Path(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    oto = str(Path(sys.executable).with_name("oto"))
    work = Path(tempfile.mkdtemp(prefix="oto-export-cost-"))
    try:
        home = work / "home"
        home.mkdir(mode=0o700)
        shutil.copyfile(source / "journal.db", home / "journal.db")
        (home / "journal.db").chmod(0o600)
        env = {**os.environ, "OTO_HOME": str(home), "OTO_NOW": "2026-11-23 09:00", "NO_COLOR": "1"}

        def timed(args: list[str], *, before=lambda: None, env=env, times: int = runs) -> float:
            found = []
            for n in range(times + (times > 1)):  # a warm-up first, unless the job runs only once
                before()
                started = time.perf_counter()
                ran = subprocess.run([oto, *args], env=env, capture_output=True, text=True)
                if ran.returncode != 0:
                    raise SystemExit(f"oto {' '.join(args)} failed: {ran.stderr}")
                if n or times == 1:  # (the warm-up is not counted)
                    found.append((time.perf_counter() - started) * 1000)
            return statistics.median(found)

        def fresh(*paths: Path):
            def clear() -> None:
                for path in paths:
                    shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            return clear

        out = work / "out"
        out.mkdir(mode=0o700)
        figures = {"due": timed(["due"])}
        figures["export json FILE"] = timed(["export", "json", str(out / "j.json")], before=fresh(out / "j.json"))
        figures["export json --redact"] = timed(["export", "json", str(out / "r.json"), "--redact"], before=fresh(out / "r.json"))
        figures["export csv DIR"] = timed(["export", "csv", str(out / "csv")], before=fresh(out / "csv"))
        figures["export markdown --person"] = timed(["export", "markdown", str(out / "one"), "--person", "Maria Lopez"], before=fresh(out / "one"))
        shutil.copyfile(out / "j.json", out / "keep.json")
        other = work / "other"
        figures["import journal FILE"] = timed(
            ["import", "journal", str(out / "keep.json")], before=fresh(other), env={**env, "OTO_HOME": str(other)}, times=max(1, runs // 2),
        )
        figures["export markdown DIR (everyone)"] = timed(["export", "markdown", str(out / "md")], before=fresh(out / "md"), times=1)
        size = (out / "keep.json").stat().st_size / 1e6
        due = figures["due"]
        print(f"JSON export: {size:.0f} MB")
        for label, ms in figures.items():
            print(f"| `oto {label}` | {ms:,.0f} | {ms / due:.1f}× |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
