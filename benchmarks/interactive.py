"""How long saving takes after the organizer's last key: `oto triage` and the guided `oto reflect`,
with the write path loaded in the background while they read (store/preload.py) and without it
(OTO_NO_PRELOAD=1), alternately in the same run, on a real terminal (a pty, through pexpect).

    python benchmarks/interactive.py JOURNAL_FOLDER OUT.json [--runs N] [--read SECONDS]

Each run works on a fresh copy of JOURNAL_FOLDER's journal.db (the small journal of
generate.py, by run.py). Triage: the first item is read for `--read` seconds (a person reads at
least that long), then its key is pressed (d for a follow-up, k for a promise); measured is the
time from that key to the next prompt, the first decision saved. Reflect: the first question is
read as long, then the minutes are typed and every other question is answered with Enter at
once; measured is the time from the last Enter to "Saved your one-to-one". The first decision
and the saved reflection are the writes that pay for the imports. Medians and their ratio.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (beside this file)

KEYS_PROMPT = r" quit > "
QUESTION = r"(: |\? |\] |\) )(\x1b\[\?2004h)?$"


def environment(home: Path, preload: bool) -> dict:
    env = {**os.environ, "OTO_HOME": str(home), "OTO_NOW": f"{generate.TODAY.isoformat()} 09:00", "TERM": "xterm",
           "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("OTO_NO_PRELOAD", None)
    if not preload:
        env["OTO_NO_PRELOAD"] = "1"
    return env


def spawn(pexpect, oto: str, args: list[str], home: Path, preload: bool):
    child = pexpect.spawn(oto, args, env=environment(home, preload), encoding="utf-8", timeout=60)
    child.delaybeforesend = None
    return child


def triage(pexpect, oto: str, home: Path, preload: bool, read: float) -> float:
    child = spawn(pexpect, oto, ["triage"], home, preload)
    child.expect(KEYS_PROMPT)
    key = "k" if "k kept" in child.before else "d"
    time.sleep(read)
    started = time.perf_counter()
    child.send(key)
    child.expect([KEYS_PROMPT, r"not reached|skipped \d+\."])
    took = time.perf_counter() - started
    if "Marked" not in child.before and "Recorded" not in child.before:
        raise RuntimeError(f"the first decision was not saved: {child.before[-300:]!r}")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    return took * 1000


def reflect(pexpect, oto: str, home: Path, preload: bool, read: float) -> float:
    child = spawn(pexpect, oto, ["reflect", generate.FEATURED], home, preload)
    child.expect(QUESTION)
    time.sleep(read)
    child.sendline("")  # the day: the default
    child.expect_exact("How many minutes? ")
    last = time.perf_counter()
    child.sendline("40")
    while child.expect([QUESTION, "Saved your one-to-one"]) == 0:
        last = time.perf_counter()
        child.sendline("")
    took = time.perf_counter() - last
    child.expect(pexpect.EOF)
    child.close()
    return took * 1000


def main() -> int:
    import pexpect

    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    read = float(sys.argv[sys.argv.index("--read") + 1]) if "--read" in sys.argv else 1.5
    oto = str(Path(sys.executable).with_name("oto"))
    scratch = Path(tempfile.mkdtemp(prefix="oto-interactive-"))
    times = {(walk, preload): [] for walk in ("triage", "reflect") for preload in (True, False)}
    try:
        for n in range(runs + 1):  # round-robin; the first round is a warm-up
            for (walk, preload), found in times.items():
                home = scratch / f"{walk}-{n}-{preload}"
                home.mkdir(mode=0o700)
                shutil.copyfile(source / "journal.db", home / "journal.db")
                (home / "journal.db").chmod(0o600)
                took = (triage if walk == "triage" else reflect)(pexpect, oto, home, preload, read)
                if n:
                    found.append(took)
                shutil.rmtree(home, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    figures = {}
    for walk in ("triage", "reflect"):
        with_ms, without_ms = statistics.median(times[(walk, True)]), statistics.median(times[(walk, False)])
        figures[walk] = {"preload_ms": with_ms, "without_ms": without_ms, "ratio": without_ms / with_ms, "runs": runs,
                         "spread_preload": [min(times[(walk, True)]), max(times[(walk, True)])],
                         "spread_without": [min(times[(walk, False)]), max(times[(walk, False)])], "read_s": read}
    out.write_text(json.dumps(figures))
    for walk, figure in figures.items():
        print(f"{walk}: {figure['preload_ms']:.0f} ms with preload, {figure['without_ms']:.0f} ms without "
              f"({figure['ratio']:.1f}x), {runs} runs each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
