"""Exit codes that tell the truth, with the real file descriptors CliRunner does not have: every
command run as a real process with stdout closed, full or a broken pipe, under an ASCII-only
encoding, in a read-only folder and on a full disk. Never exit 70, never a traceback; a write
that was committed exits 0 whatever happened to its output; the journal is unchanged where
nothing was committed; a problem of the place (a file for OTO_HOME, a dangling link, another
user's journal, a read-only or full disk) gets its own one line and exit 1.

The read-only folder and the full disk are small tmpfs mounts, so those tests need root (as in
CI) and are skipped with the reason otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import NOW

ENV_NOW = NOW.strftime("%Y-%m-%d %H:%M")

# Every command once. `stdout`: it prints its data on stdout (so a lost stdout is a failure for
# a read); `writes`: it commits a change to the journal.
COMMANDS = [
    # (args, writes, stdout)
    (["due"], False, True),
    (["due", "--json"], False, True),
    (["promises"], False, True),
    (["promises", "maria", "--json"], False, True),
    (["people", "--limit", "0"], False, True),
    (["people", "--json"], False, True),
    (["show", "maria"], False, True),
    (["show", "maria", "--json"], False, True),
    (["prep", "maria"], False, True),
    (["where"], False, True),
    (["doctor"], False, True),
    (["goal"], False, True),
    (["--version"], False, True),
    (["agenda"], False, True),
    (["agenda", "--json"], False, True),
    (["events"], False, True),
    (["events", "--json"], False, True),
    (["add", "Zoë Ng", "--tag", "tenants"], True, False),
    (["edit", "maria", "--role", "Tenant leader"], True, False),
    (["promise", "maria", "Send the hearing dates", "--by", "fri"], True, False),
    (["done", "p1"], True, False),
    (["snooze", "f1", "--until", "fri"], True, False),
    (["kept", "p3"], True, False),
    (["broken", "p4"], True, False),
    (["renegotiate", "p5", "--by", "next mon"], True, False),
    (["prep", "ben", "--at", "wed 18:00"], True, True),
    (["reflect", "maria", "--at", "yesterday 18:00", "--minutes", "40", "--note", "Talked about rent"], True, True),
    (["story", "Why I organize"], True, False),
    (["cancel", "maria"], True, False),
    (["log", "maria", "--call", "Checked in about Thursday"], True, False),
    (["event", "Vigil at the hall", "--on", "sat 7pm", "--host", "maria"], True, False),
    (["goal", "6"], True, True),
    (["forget", "ben", "--yes"], True, False),
    (["backup"], False, False),  # writes a copy, never the journal
]
IDS = [" ".join(args) for args, _, _ in COMMANDS]


def oto_env(home: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("OTO_DEBUG", "VISUAL", "EDITOR", "PYTHONIOENCODING")}
    env.update(OTO_HOME=str(home), OTO_NOW=ENV_NOW, NO_COLOR="1", COLUMNS="120", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def oto(home: Path, *args: str, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env: dict | None = None,
        shell_redirect: str = "") -> subprocess.CompletedProcess:
    """`oto ARGS` as a real process (`python -m onetoone`, the installed package).

    `shell_redirect` (like `>&-`) is applied by bash to the process itself, for closed fds."""
    command = [sys.executable, "-m", "onetoone", *args]
    if shell_redirect:
        command = ["bash", "-c", f'exec "$@" {shell_redirect}', "oto", *command]
    return subprocess.run(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                          env=env or oto_env(home), timeout=60)


def text(stream) -> str:
    return (stream or b"").decode("utf-8", "replace")


def dump(home: Path) -> str:
    """What the journal holds, as a digest of its SQL dump (read from a copy: the home may be
    read-only or full, and reading the journal itself could write its -shm)."""
    with tempfile.TemporaryDirectory() as scratch:
        for member in ("journal.db", "journal.db-wal"):
            if (home / member).exists():
                shutil.copy(home / member, Path(scratch) / member)
        db = sqlite3.connect(Path(scratch) / "journal.db")
        try:
            return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()
        finally:
            db.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A journal made once by oto itself: two people (one accented), a planned meeting, five promises."""
    home = tmp_path_factory.mktemp("seed") / "home"
    for args in (
        ["add", "María López", "--tag", "tenants"],
        ["add", "Ben Okafor"],
        ["prep", "maria", "--at", "tue 18:00"],
        *(["promise", "maria", f"Promise {n}", "--by", "fri"] for n in range(1, 6)),
    ):
        ran = oto(home, *args)
        assert ran.returncode == 0, text(ran.stderr)
    return home


def copy_of(seeded: Path, into: Path) -> Path:
    home = into / "home"
    shutil.copytree(seeded, home)
    return home


def assert_quiet_failure_free(ran: subprocess.CompletedProcess, label: str) -> None:
    err = text(ran.stderr)
    assert ran.returncode != 70, f"{label}: exit 70: {err}"
    assert "Traceback" not in err and "Exception ignored" not in err, f"{label}: {err}"
    assert "went wrong inside oto" not in err, f"{label}: {err}"


def matrix(seeded: Path, tmp_path: Path, run) -> list[tuple[str, bool, bool, subprocess.CompletedProcess, Path, str]]:
    """Run every command (each on its own copy of the seed journal) through `run(home, args)`."""
    homes = []
    for n, (args, writes, stdout) in enumerate(COMMANDS):
        folder = tmp_path / f"c{n}"
        folder.mkdir()
        homes.append(copy_of(seeded, folder))
    before = dump(seeded)

    def one(item):
        (args, writes, stdout), home = item
        return " ".join(args), writes, stdout, run(home, args), home, before

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, zip(COMMANDS, homes)))


# -- output that cannot be written ------------------------------------------------------------


def broken_pipe(home: Path, args: list[str]) -> subprocess.CompletedProcess:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before oto writes a byte (`oto ... | true`)
    try:
        return oto(home, *args, stdout=write_end)
    finally:
        os.close(write_end)


def full_stdout(home: Path, args: list[str]) -> subprocess.CompletedProcess:
    with open("/dev/full", "wb") as full:
        return oto(home, *args, stdout=full)


def closed_stdout(home: Path, args: list[str]) -> subprocess.CompletedProcess:
    return oto(home, *args, stdout=None, shell_redirect=">&-")


OUTPUTS = {
    # condition: (run, exit code of a read that prints on stdout)
    "closed-stdout": (closed_stdout, 1),
    "full-stdout": (full_stdout, 1),
    "broken-pipe": (broken_pipe, 141),
}


@pytest.mark.parametrize("condition", list(OUTPUTS))
def test_every_command_with_its_output_lost(condition, seeded, tmp_path):
    run, read_code = OUTPUTS[condition]
    for label, writes, stdout, ran, home, before in matrix(seeded, tmp_path, run):
        assert_quiet_failure_free(ran, label)
        err = text(ran.stderr)
        if writes:
            assert ran.returncode == 0, f"{label}: committed, yet exit {ran.returncode}: {err}"
            assert dump(home) != before, f"{label}: exit 0 but nothing was written"
            continue
        assert dump(home) == before, f"{label}: a read changed the journal"
        if stdout:
            assert ran.returncode == read_code, f"{label}: exit {ran.returncode}: {err}"
            if condition == "broken-pipe":
                assert err == "", f"{label}: a closed pipe is not an error: {err}"
            else:
                assert len(err.splitlines()) == 1 and err.startswith("oto: "), f"{label}: {err}"
        else:
            assert ran.returncode == 0, f"{label}: exit {ran.returncode}: {err}"


def test_every_command_under_an_ascii_only_encoding(seeded, tmp_path):
    def ascii_run(home, args):
        return oto(home, *args, env=oto_env(home, PYTHONIOENCODING="ascii"))

    for label, writes, stdout, ran, home, before in matrix(seeded, tmp_path, ascii_run):
        assert_quiet_failure_free(ran, label)
        assert ran.returncode == 0, f"{label}: exit {ran.returncode}: {text(ran.stderr)}"
        ran.stdout.decode("ascii")  # only ASCII was written
        ran.stderr.decode("ascii")
        if not writes:
            assert dump(home) == before, label
    shown = oto(seeded, "show", "maria", env=oto_env(seeded, PYTHONIOENCODING="ascii"))
    assert "Maria Lopez" in text(shown.stdout)  # readable, not `Mar?a` or `Mar\xeda`
    listed = oto(seeded, "people", "--json", env=oto_env(seeded, PYTHONIOENCODING="ascii"))
    assert [p["name"] for p in json.loads(listed.stdout)] == ["Ben Okafor", "María López"]  # the JSON is exact


def test_a_promise_recorded_with_stderr_full_or_closed_exits_0_and_is_recorded_once(seeded, tmp_path):
    home = copy_of(seeded, tmp_path)
    with open("/dev/full", "wb") as full:
        ran = oto(home, "promise", "maria", "Call back", "--by", "fri", stderr=full)
    assert ran.returncode == 0
    ran = oto(home, "promise", "maria", "Call again", "--by", "fri", stderr=None, shell_redirect="2>&-")
    assert ran.returncode == 0
    ran = oto(home, "promise", "maria", "Call thrice", "--by", "fri", stdout=None, stderr=None, shell_redirect=">&- 2>&-")
    assert ran.returncode == 0
    listed = json.loads(oto(home, "promises", "--json").stdout)
    assert [p["text"] for p in listed].count("Call back") == 1
    assert {"Call again", "Call thrice"} <= {p["text"] for p in listed}


def test_a_read_with_stderr_gone_still_prints_its_data_and_exits_0(seeded):
    ran = oto(seeded, "people", stderr=None, shell_redirect="2>&-")
    assert ran.returncode == 0 and "María López" in text(ran.stdout)


def test_a_pipe_closed_early_in_a_shell_pipeline(seeded):
    env = oto_env(seeded)
    for pipeline in (f"{sys.executable} -m onetoone doctor | head -0", f"{sys.executable} -m onetoone people --limit 0 | true",
                     f"{sys.executable} -m onetoone --help | head -0"):
        ran = subprocess.run(["bash", "-c", pipeline + '; echo "rc=${PIPESTATUS[0]}" >&2'], env=env,
                             capture_output=True, timeout=60)
        err = text(ran.stderr)
        assert err.strip() in ("rc=0", "rc=141"), f"{pipeline}: {err}"  # 0 if all fit in the pipe first


def test_help_on_a_broken_pipe_or_full_stdout(seeded):
    ran = broken_pipe(seeded, ["--help"])
    assert (ran.returncode, text(ran.stderr)) == (141, "")
    ran = full_stdout(seeded, ["--help"])
    assert_quiet_failure_free(ran, "--help >/dev/full")
    assert ran.returncode == 1 and len(text(ran.stderr).splitlines()) == 1


# -- the place the journal lives --------------------------------------------------------------


def one_line(ran: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 1 and one line on stderr (or, from `oto doctor`, one PROBLEM line on stdout)."""
    err = text(ran.stderr) or text(ran.stdout)
    assert_quiet_failure_free(ran, err)
    assert ran.returncode == 1, err
    assert len(err.splitlines()) == 1 and err.startswith(("oto: ", "PROBLEM ")), err
    assert "damaged" not in err and "Restoring" not in err, err
    for word in words:
        assert word in err, err
    return err


def test_oto_home_that_is_a_file(tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder")
    one_line(oto(home, "people"), str(home), "is a file")
    one_line(oto(home / "sub", "add", "Ana"), "is a file")


def test_oto_home_that_is_a_dangling_link(tmp_path):
    home = tmp_path / "home"
    home.symlink_to(tmp_path / "gone")
    one_line(oto(home, "add", "Ana"), str(home), "does not exist")
    real = tmp_path / "real"
    real.mkdir()
    (real / "journal.db").symlink_to(tmp_path / "gone.db")
    # A journal file that is a link is never opened or followed (see test_ours_only.py).
    one_line(oto(real, "people"), "journal.db", "symbolic link")


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="tmpfs mounts and chown need root (CI runs the tests as root)")


@contextmanager
def tmpfs(folder: Path, size: str = "2m"):
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb", buffering=0) as filler:  # unbuffered: nothing left to fail at close
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError:
            pass


def all_at_once(home: Path) -> list[subprocess.CompletedProcess]:
    """Every command on the one journal in `home`, a few at a time (each must change nothing)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda item: oto(home, *item[0]), COMMANDS))


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@needs_root
def test_a_journal_that_belongs_to_another_user(seeded, tmp_path):
    import pwd

    home = copy_of(seeded, tmp_path)
    os.chown(home / "journal.db", pwd.getpwnam("nobody").pw_uid, -1)
    before = (home / "journal.db").read_bytes()
    one_line(oto(home, "people"), "belongs to another user")
    one_line(oto(home, "add", "Ana"), "belongs to another user")
    assert (home / "journal.db").read_bytes() == before
    assert not (home / "journal.db-wal").exists() and not (home / "journal.db-shm").exists()


@needs_root
def test_an_unwritable_backups_folder(seeded, tmp_path):
    home = copy_of(seeded, tmp_path)
    with tmpfs(home / "backups"):
        remount_read_only(home / "backups")
        one_line(oto(home, "backup"), "backups", "read-only")
    (home / "backups").rmdir()
    (home / "backups").write_text("a file")
    one_line(oto(home, "backup"), "backups", "is not a folder")


@needs_root
def test_every_command_in_a_read_only_folder(seeded, tmp_path):
    with tmpfs(tmp_path / "ro") as ro:
        shutil.copytree(seeded, ro / "home")
        before = dump(ro / "home")
        remount_read_only(ro)
        for (args, writes, stdout), ran in zip(COMMANDS, all_at_once(ro / "home")):
            label = " ".join(args)
            assert_quiet_failure_free(ran, label)
            if writes or args == ["backup"]:
                one_line(ran, "read-only")
            else:
                assert ran.returncode in (0, 1), label
                if ran.returncode:
                    one_line(ran, "read-only")
        assert dump(ro / "home") == before


@needs_root
def test_every_command_on_a_full_disk(seeded, tmp_path):
    with tmpfs(tmp_path / "full", size="1m") as disk:
        shutil.copytree(seeded, disk / "home")
        before = dump(disk / "home")
        fill(disk)
        for (args, writes, stdout), ran in zip(COMMANDS, all_at_once(disk / "home")):
            label = " ".join(args)
            assert_quiet_failure_free(ran, label)
            if ran.returncode:
                one_line(ran, "full")
            else:
                assert not writes, f"{label}: a write on a full disk cannot succeed"
        assert dump(disk / "home") == before
        shutil.rmtree(disk / "home")
        one_line(oto(disk / "home", "add", "Ana"), "full")  # creating the journal
        assert not list((disk / "home").glob("journal.db*"))


@needs_root
def test_a_reflection_on_a_full_disk_says_the_draft_is_kept_or_not(seeded, tmp_path):
    with tmpfs(tmp_path / "full", size="1m") as disk:
        shutil.copytree(seeded, disk / "home")
        fill(disk)
        ran = oto(disk / "home", "reflect", "maria", "--at", "yesterday 18:00", "--note", "Talked")
        err = one_line(ran, "full")
        assert "Nothing was saved" in err or "nothing was changed" in err.lower()


@needs_root
def test_a_migration_that_hits_a_full_disk_reports_the_disk(tmp_path):
    from tests.test_migration_kills import version_1_journal

    with tmpfs(tmp_path / "full", size="1m") as disk:
        home = disk / "home"
        home.mkdir()
        version_1_journal(home / "journal.db", people=40)
        size = (home / "journal.db").stat().st_size
        # room for the backup made before the migration, not for the migration's own writes
        with open(disk / "filler", "wb") as filler:
            free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
            filler.write(b"\0" * max(0, free - size - 8192))
        ran = oto(home, "people")
        err = one_line(ran, "full")
        assert "rollback" not in err
        db = sqlite3.connect(f"file:{home / 'journal.db'}?mode=ro", uri=True)
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1  # exactly the old schema
        db.close()


# -- width on a terminal ----------------------------------------------------------------------


def on_a_terminal(home: Path, *args: str, columns: str) -> str:
    """`oto ARGS` with stdout on a pseudo-terminal of 100 columns and COLUMNS set as given."""
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "onetoone", *args], stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=subprocess.PIPE, env=oto_env(home, COLUMNS=columns, TERM="xterm"))
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    process.wait(timeout=60)
    os.close(leader)
    assert process.returncode == 0, process.stderr.read()
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize("columns", ["0", "1", "5", "12", "-3", "abc"])
def test_a_tiny_or_zero_width_falls_back_to_a_readable_one(seeded, columns):
    shown = on_a_terminal(seeded, "people", columns=columns)
    assert "María López" in shown and "Ben Okafor" in shown, shown
