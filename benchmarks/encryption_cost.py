"""What encryption at rest costs the daily reads, as whole processes: `oto due` and
`oto prep "Maria Lopez"` on a plain copy and an encrypted copy of one journal, alternated in
the same run, with their ratio.

    python benchmarks/generate.py heavy --out /tmp/heavy
    python benchmarks/encryption_cost.py /tmp/heavy [--runs N]

The encrypted copy is made by `oto encrypt`'s own code (store/cipher.py) with the passphrase
printed by OTO_PASSPHRASE_COMMAND (`cat FILE`, as a keyring command would), so each encrypted
command pays what it pays for real: running that command and SQLCipher's key derivation (PBKDF2,
256,000 iterations) once, then decrypting every page it reads. Also times `oto encrypt` itself
once. Needs `pip install 'oto[encryption]'`. Not run by run.py (minutes on the heavy journal);
its figures are kept in RESULTS.md.
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

NOW = "2026-11-23 09:00"
COMMANDS = {"due": ["due"], "prep": ["prep", "Maria Lopez"]}


def run(oto: str, home: Path, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([oto, *args], env={**env, "OTO_HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"oto {' '.join(args)} failed in {home}: {done.stderr.decode()}")
    return took


def main() -> int:
    source = Path(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    oto = str(Path(sys.executable).with_name("oto"))
    work = Path(tempfile.mkdtemp(prefix="oto-encryption-cost-"))
    try:
        secret = work / "passphrase"
        secret.write_text("a long benchmark passphrase\n")
        env = {**os.environ, "OTO_NOW": NOW, "OTO_PASSPHRASE_COMMAND": f"cat {secret}", "NO_COLOR": "1"}
        homes = {"plain": work / "plain", "encrypted": work / "encrypted"}
        for home in homes.values():
            home.mkdir()
            shutil.copyfile(source / "journal.db", home / "journal.db")
            run(oto, home, ["due"], env)  # migrated to this oto's schema first, as oto would
        started = time.perf_counter()
        run(oto, homes["encrypted"], ["encrypt"], env)
        print(f"oto encrypt (with its verification) took {time.perf_counter() - started:.1f} s")
        for name, args in COMMANDS.items():
            times = {kind: [] for kind in homes}
            for kind, home in homes.items():
                run(oto, home, args, env)  # page cache warm
            for _ in range(runs):
                for kind, home in homes.items():  # alternated: a busy moment falls on both
                    times[kind].append(run(oto, home, args, env))
            plain, encrypted = statistics.median(times["plain"]), statistics.median(times["encrypted"])
            print(f"oto {' '.join(args):18} plain {plain * 1000:6.0f} ms   encrypted {encrypted * 1000:6.0f} ms   "
                  f"ratio {encrypted / plain:.2f}x   (median of {runs})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
