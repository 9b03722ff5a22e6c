"""Crash-loop and concurrency harness: oto's real write path, killed with SIGKILL at random.

A parent process imports oto once, then forks writer children (cheap, so hundreds of kills fit
in CI). Each child writes through `open_journal(write=True)` and the domain, and reports every
write *after* its transaction committed (the acknowledgement). The parent kills it at a random
moment, then checks the journal: `integrity_check` ok, `foreign_key_check` empty, every
acknowledged write present, and oto's own invariants hold (no half-written person).

On demand: `python -m tests.crashloop --kills 1000` (add `--careless` for the negative control,
which writes without a transaction and must be caught; `--encrypted` runs it all on a journal
turned into an SQLCipher database by `oto encrypt`'s code, its passphrase printed by
OTO_PASSPHRASE_COMMAND); `--team` runs the same on a team journal
on PostgreSQL (tests/teamloop.py), `--team --load` many organizers writing at once.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

NOW = datetime(2026, 11, 23, 9, 0)


def careful_write(path: Path, n: int, tag: str) -> None:
    """One acknowledged write through oto's real path: a person with keys, tags and a boundary."""
    from onetoone.domain import people
    from onetoone.store.journal import open_journal

    with open_journal(path, now=NOW, write=True) as journal:
        people.add(
            journal,
            people.PersonFields(name=f"Writer {tag} person {n}", aliases=[f"w{tag}-{n}"], tags=["crash"], boundaries=["none"]),
            today=NOW.date(),
        )


def careless_write(path: Path, n: int, tag: str) -> None:
    """The negative control: the same logical record written as separate autocommits."""
    from onetoone.domain.text import key

    name = f"Writer {tag} person {n}"
    db = sqlite3.connect(path, isolation_level=None, timeout=15)
    cursor = db.execute(
        "INSERT INTO person (name, name_key, stage, do_not_contact, created_on) VALUES (?, ?, 'prospect', 0, '2026-11-23')",
        (name, key(name)),
    )
    time.sleep(0.004)  # the window a crash can fall into
    db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (?, 'name', ?, ?)", (cursor.lastrowid, name, key(name)))
    db.close()


def prepare(path: Path, *, encrypted: bool = False) -> None:
    """Create the journal before any writer races to; `encrypted`: then encrypt it as `oto encrypt`
    does, with the passphrase OTO_PASSPHRASE_COMMAND prints (asked once here: forked children
    inherit it, as one oto command keeps it for its own opens)."""
    from onetoone.store.journal import open_journal

    with open_journal(path, now=NOW, write=True):
        pass
    if encrypted:
        from onetoone.cli import _shared
        from onetoone.store import cipher

        if not os.environ.get("OTO_PASSPHRASE_COMMAND"):
            raise RuntimeError("an encrypted run needs OTO_PASSPHRASE_COMMAND")
        _shared.passphrase_ready()
        cipher.encrypt(path, _shared.journal_passphrase(path), now=NOW)


def raw(path: Path, **options):
    """A bare connection to the journal for the harness's own checks: sqlite3's, or for an
    encrypted journal sqlcipher3's keyed with its passphrase."""
    from onetoone.store.journal import is_encrypted, unlock

    if not is_encrypted(path):
        return sqlite3.connect(path, **options)
    from onetoone.cli import _shared
    from onetoone.store import driver

    db = driver.cipher().connect(path, **options)
    unlock(db, _shared.journal_passphrase(path), path)
    return db


def _child(path, writer, tag: str, count: int, ack_fd: int) -> None:
    """A forked writer: it never returns into the parent's code (pytest's), whatever happens.

    A writer that makes several writes per call (tests/teamloop.py's) yields a line after each
    commit, and each is acknowledged as soon as it is yielded; one that returns None made one."""
    try:
        os.environ.pop("OTO_DEBUG", None)
        for n in range(count):
            for line in writer(path, n, tag) or [f"Writer {tag} person {n}"]:
                os.write(ack_fd, f"{line}\n".encode())
    except BaseException as error:  # reported to the parent as a line it does not take for a write
        try:
            os.write(ack_fd, f"ERROR {type(error).__name__}: {error}\n".encode())
        finally:
            os._exit(1)
    os._exit(0)


def start(path, writer, tag: str, count: int) -> tuple[int, int]:
    """Fork a writer (`_child`); its pid and the pipe its acknowledgements come on."""
    return _forked(1, lambda _, fd: _child(path, writer, tag, count, fd))[0]


@dataclass
class Report:
    kills: int = 0
    acknowledged: int = 0
    problems: list[str] = field(default_factory=list)


def check(path: Path, acknowledged: set[str]) -> list[str]:
    """Everything that is wrong with the journal at `path` after a batch of crashes."""
    db = raw(path, timeout=15)
    try:
        problems = []
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:3]}")
        if db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check found dangling rows")
        names = {r[0] for r in db.execute("SELECT name FROM person")}
        missing = acknowledged - names
        if missing:
            problems.append(f"{len(missing)} acknowledged writes are missing, e.g. {sorted(missing)[:2]}")
        half = db.execute(
            "SELECT count(*) FROM person p WHERE (SELECT count(*) FROM person_key k WHERE k.person_id = p.id AND k.kind = 'name' AND k.key = p.name_key) != 1"
        ).fetchone()[0]
        if half:
            problems.append(f"{half} people were written half-way (no name key)")
        return problems
    finally:
        db.close()


def crash_loop(
    path: Path, *, kills: int, careless: bool = False, seed: int = 1, batch: int = 25, max_delay: float = 0.25, encrypted: bool = False,
) -> Report:
    """Start a writer, kill it with SIGKILL after a random delay; check after every batch."""
    prepare(path, encrypted=encrypted)
    if not careless:  # warm the imports the children will inherit through fork
        import onetoone.domain.people  # noqa: F401
        import sqlmodel  # noqa: F401
    writer = careless_write if careless else careful_write
    rng = random.Random(seed)
    report = Report()
    acknowledged: set[str] = set()
    for round_number in range(kills):
        pid, read_fd = start(path, writer, f"{round_number}", 1000)
        # Kill at a random moment after the child's first acknowledged write, however slow a
        # busy machine makes it, so every round really writes before it is cut short.
        first = _first_line(read_fd, timeout=120.0)
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as pipe:
            for line in (first + pipe.read()).decode().splitlines():
                if line.startswith("ERROR"):
                    report.problems.append(f"a writer failed: {line}")
                else:
                    acknowledged.add(line)
        report.kills += 1
        if report.kills % batch == 0 or report.kills == kills:
            report.problems.extend(check(path, acknowledged))
            if report.problems and careless:
                break
    report.acknowledged = len(acknowledged)
    return report


def _first_line(fd: int, *, timeout: float) -> bytes:
    """What the child wrote up to its first newline (its first acknowledgement), or whatever
    came before it ended or `timeout` passed."""
    import select

    got = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in got:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        got += chunk
    return got


def concurrent_writers(path: Path, *, writers: int = 8, writes: int = 300, encrypted: bool = False) -> tuple[int, list[str]]:
    """`writers` processes each make `writes` acknowledged writes at once; returns (committed, errors)."""
    prepare(path, encrypted=encrypted)
    import onetoone.domain.people  # noqa: F401
    import sqlmodel  # noqa: F401

    children = [start(path, careful_write, f"c{w}", writes) for w in range(writers)]
    acknowledged, errors = set(), []
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as pipe:
            for line in pipe.read().decode().splitlines():
                if line.startswith("ERROR"):
                    errors.append(line)
                else:
                    acknowledged.add(line)
        os.waitpid(pid, 0)
    errors.extend(check(path, acknowledged))
    db = raw(path)
    committed = db.execute("SELECT count(*) FROM person").fetchone()[0]
    db.close()
    return committed, errors


def _forked(count: int, work) -> list[tuple[int, int]]:
    """`count` forked children, each running `work(n, fd)` (which never returns) with the write
    end of its own pipe; returns each child's pid and the read end."""
    children = []
    for n in range(count):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            work(n, write_fd)
        os.close(write_fd)
        children.append((pid, read_fd))
    return children


def _grow(path: Path, n: int, tag: str) -> None:
    """A write that adds pages to the file (long boundaries), so checkpoints extend it."""
    from onetoone.domain import people
    from onetoone.store.journal import open_journal

    with open_journal(path, now=NOW, write=True) as journal:
        people.add(
            journal,
            people.PersonFields(name=f"Grower {tag} person {n}", boundaries=[f"{tag}-{n} " + "x" * 1500] * 3),
            today=NOW.date(),
        )


def opens_under_checkpoints(
    path: Path, *, opens: int = 3000, writers: int = 2, seconds: float = 900.0, encrypted: bool = False,
) -> tuple[int, list[str]]:
    """Open the journal with `connect()` `opens` times while `writers` processes write through
    oto and another checkpoints the write-ahead log in a loop (growing the file each time).
    Returns (opens done, refusals): a healthy journal must never be refused."""
    from onetoone.errors import OtoError
    from onetoone.store.journal import connect

    prepare(path, encrypted=encrypted)
    import onetoone.domain.people  # noqa: F401
    import sqlmodel  # noqa: F401

    # The others run until this process has made its opens and stops them; `seconds` only bounds
    # a run that something has wedged (a slow, busy machine just takes longer).
    stop_at = time.monotonic() + seconds
    children = []
    for w in range(writers):
        pid = os.fork()
        if pid == 0:
            try:
                n = 0
                while time.monotonic() < stop_at:
                    _grow(path, n, f"g{w}")
                    n += 1
            finally:
                os._exit(0)  # never back into the parent's code
        children.append(pid)
    pid = os.fork()
    if pid == 0:  # the checkpointer: what another oto's forget, or SQLite's auto-checkpoint, does
        try:
            db = raw(path, timeout=15, isolation_level=None)
            while time.monotonic() < stop_at:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                time.sleep(0.001)
        finally:
            os._exit(0)
    children.append(pid)
    done, refusals = 0, []
    try:
        while done < opens and time.monotonic() < stop_at:
            try:
                connect(path, now=NOW).close()
            except OtoError as problem:
                refusals.append(problem.message)
            done += 1
    finally:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass
            os.waitpid(child, 0)
    return done, refusals


def _writing_on(path: Path, tag: str, ack_fd: int, pause: float) -> None:
    """A writer that goes on through `oto encrypt`: a write refused meanwhile (the journal busy,
    the old file emptied under it) is not acknowledged and the next is tried."""
    import random as chance

    from onetoone.cli import _shared
    from onetoone.errors import OtoError

    try:
        _shared.passphrase_ready()
        for n in range(100000):
            try:
                careful_write(path, n, tag)
            except OtoError:
                continue
            os.write(ack_fd, f"Writer {tag} person {n}\n".encode())
            time.sleep(chance.uniform(0.0, pause))
    finally:
        os._exit(0)


def encrypt_while_writing(path: Path, *, writers: int = 2, pause: float = 0.03, tries: int = 500) -> tuple[int, list[str]]:
    """`oto encrypt`'s code run while `writers` processes write in a loop: returns (writes
    acknowledged, problems). Every acknowledged write, before or after the switch, must be in
    the encrypted journal (a write into the old file after the switch would be lost)."""
    from onetoone.cli import _shared
    from onetoone.errors import JournalBusy
    from onetoone.store import cipher
    from onetoone.store.journal import is_encrypted

    prepare(path)
    import onetoone.domain.people  # noqa: F401
    import sqlmodel  # noqa: F401

    children = _forked(writers, lambda w, fd: _writing_on(path, f"e{w}", fd, pause))
    problems = []
    time.sleep(0.5)
    _shared.passphrase_ready()
    for attempt in range(tries):
        try:
            cipher.encrypt(path, _shared.journal_passphrase(path), now=NOW)
            break
        except JournalBusy:
            time.sleep(0.01)
    else:
        problems.append(f"oto encrypt found the journal busy {tries} times")
    time.sleep(1.0)  # the writers go on into the encrypted journal
    acknowledged = set()
    for pid, read_fd in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as pipe:
            acknowledged.update(pipe.read().decode().splitlines())
    if not is_encrypted(path):
        problems.append("the journal is not encrypted")
    problems.extend(check(path, acknowledged))
    return len(acknowledged), problems


def _names(path: Path) -> list[str] | None:
    """The people's names in the journal at `path` (plain or encrypted), or None if it will not open."""
    try:
        db = raw(path, timeout=15)
        try:
            return sorted(row[0] for row in db.execute("SELECT name FROM person"))
        finally:
            db.close()
    except Exception:  # noqa: BLE001  (reported by the caller as a journal that does not open)
        return None


def kills_during_encrypt(folder: Path, *, rounds: int, seed: int = 5, max_delay: float = 0.8) -> list[str]:
    """`oto encrypt`'s code in a forked child killed with SIGKILL at a random moment, `rounds`
    times, each on a fresh copy of one journal with a plain backup. After each kill exactly one
    of "plain journal, every row" / "encrypted journal opening with the key, every row" must
    hold, and a second `encrypt` must leave no plain file: not the journal, not its backup, no
    stray copy."""
    import shutil

    from onetoone.cli import _shared
    from onetoone.errors import OtoError
    from onetoone.store import cipher
    from onetoone.store.health import backup_to
    from onetoone.store.journal import is_encrypted
    from onetoone.store.paths import backups_dir

    model = folder / "model"
    model.mkdir(parents=True)
    prepare(model / "journal.db")
    for n in range(40):
        careful_write(model / "journal.db", n, "k")
    backup_to(model / "journal.db", None, now=NOW)
    expected = _names(model / "journal.db")
    import onetoone.domain.people  # noqa: F401
    import sqlmodel  # noqa: F401

    _shared.passphrase_ready()
    rng = random.Random(seed)
    problems = []
    for round_number in range(rounds):
        home = folder / f"r{round_number}"
        shutil.copytree(model, home)
        path = home / "journal.db"
        passphrase = _shared.journal_passphrase(path)
        pid = os.fork()
        if pid == 0:
            try:
                cipher.encrypt(path, passphrase, now=NOW)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        found = _names(path)
        if found != expected:
            problems.append(f"round {round_number}: after the kill the journal ({'encrypted' if is_encrypted(path) else 'plain'}) holds {found and len(found)} people, not {len(expected)}")
            continue
        try:
            cipher.encrypt(path, passphrase, now=NOW)
        except OtoError as problem:
            if "already encrypted" not in problem.message:
                problems.append(f"round {round_number}: the second encrypt failed: {problem.message}")
        plain = [p.name for p in (path, *sorted(backups_dir(home).iterdir())) if p.read_bytes().startswith(b"SQLite format 3")]
        strays = [p.name for p in home.rglob(".*encrypting-*")]
        if plain or strays or _names(path) != expected or not is_encrypted(path):
            problems.append(f"round {round_number}: after a second encrypt: plain {plain}, strays {strays}")
        shutil.rmtree(home)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--careless", action="store_true", help="negative control: write without a transaction")
    parser.add_argument("--encrypted", action="store_true", help="on an encrypted journal (needs OTO_PASSPHRASE_COMMAND)")
    parser.add_argument("--dir", default=None, help="where to put the journal (default: a temp dir)")
    team = parser.add_argument_group("a team journal on PostgreSQL (tests/teamloop.py)")
    team.add_argument("--team", action="store_true", help="on a scratch team journal on the pg fixture's server")
    team.add_argument("--organizers", type=int, default=None, help="organizers, each a role of their own (default: 25 with --load, else 5)")
    team.add_argument("--load", action="store_true", help="all organizers write at once, none killed")
    team.add_argument("--rounds", type=int, default=20, help="with --load: rounds of four writes per organizer")
    args = parser.parse_args(argv)
    if args.team:
        from tests import teamloop

        args.organizers = args.organizers or (25 if args.load else 5)
        return teamloop.main(args)
    import tempfile

    folder = Path(args.dir or tempfile.mkdtemp(prefix="oto-crash-"))
    started = time.monotonic()
    report = crash_loop(folder / "journal.db", kills=args.kills, careless=args.careless, encrypted=args.encrypted)
    print(f"{report.kills} kills, {report.acknowledged} acknowledged writes, {time.monotonic() - started:.0f} s")
    for problem in report.problems:
        print("PROBLEM:", problem)
    print("ok" if not report.problems else f"{len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
