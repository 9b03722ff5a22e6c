"""Private files whatever the umask: the journal, its -wal and -shm, backups (made on demand and
before a migration), drafts and the editor's file are 0600 and the folders oto makes for them
0700, under umask 022 and under umask 000; a journal left readable by others is tightened on the
next open. (Folders oto did not make keep their mode: see test_ours_only.py.)"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.test_journal import journal_at_version

OTO = str(Path(sys.executable).with_name("oto"))
UMASKS = pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])


def run(umask: int, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`oto ARGS` in a process started with `umask` (the environment is the test's: OTO_HOME...)."""
    ran = subprocess.run(
        [OTO, *args], env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=60,
        preexec_fn=lambda: os.umask(umask),
    )
    return ran


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@contextmanager
def reader(journal: Path, umask: int):
    """An open reader, so that the -wal and -shm files exist while they are checked (opened
    under the same umask: SQLite creates them as it opens)."""
    previous = os.umask(umask)
    try:
        db = sqlite3.connect(journal)
        db.execute("SELECT count(*) FROM person").fetchone()
    finally:
        os.umask(previous)
    try:
        yield db
    finally:
        db.close()


@UMASKS
def test_the_journal_its_wal_and_shm_and_its_folder(umask, oto_home):
    assert run(umask, "add", "Maria Lopez").returncode == 0
    journal = oto_home / "journal.db"
    with reader(journal, umask):
        ran = run(umask, "promise", "Maria", "Send the flyer", "--by", "fri")  # a write while the reader holds the WAL
        assert ran.returncode == 0, ran.stderr
        members = [journal, Path(f"{journal}-wal"), Path(f"{journal}-shm")]
        assert all(member.exists() for member in members)
        assert {member.name: mode(member) for member in members} == {member.name: 0o600 for member in members}
    assert mode(oto_home) == 0o700


@UMASKS
def test_backups_on_demand_and_before_a_migration(umask, oto_home, tmp_path):
    oto_home.mkdir(mode=0o700)
    journal_at_version(oto_home / "journal.db", 1)  # as an older oto left it: the next open migrates
    assert run(umask, "due").returncode == 0
    [automatic] = (oto_home / "backups").glob("before-migration-v1-*.db")
    assert run(umask, "backup").returncode == 0
    [on_demand] = (oto_home / "backups").glob("oto-*.db")
    elsewhere = tmp_path / "usb" / "copy.db"  # a folder of yours: it must exist (oto makes only its own folders)
    elsewhere.parent.mkdir()
    assert run(umask, "backup", str(elsewhere)).returncode == 0
    assert {p.name: mode(p) for p in (automatic, on_demand, elsewhere)} == {p.name: 0o600 for p in (automatic, on_demand, elsewhere)}
    assert mode(oto_home / "backups") == 0o700
    assert not [p for p in (oto_home / "backups").iterdir() if p.name.startswith(".")]  # no part-built copy left


def test_a_backup_into_a_folder_of_yours_leaves_that_folder_as_it_was(oto, oto_home, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    oto("add", "Maria Lopez")
    assert run(0o022, "backup", str(shared / "copy.db")).returncode == 0
    assert (mode(shared), mode(shared / "copy.db")) == (0o755, 0o600)


FAILING_EDITOR = "import sys; open(sys.argv[-1], 'a').write('self-interest: Safer streets\\n'); sys.exit(3)"


@UMASKS
def test_drafts_and_the_editors_file(umask, oto, oto_home, tmp_path):
    oto("add", "Maria Lopez")
    script = tmp_path / "editor.py"
    script.write_text(FAILING_EDITOR, encoding="utf-8")
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    ran = run(umask, "reflect", "Maria", "--edit", env={"VISUAL": editor})
    assert ran.returncode == 1 and "Your draft is kept" in ran.stderr  # the editor failed: both files stay
    folder = oto_home / "drafts"
    assert sorted(p.name for p in folder.iterdir()) == ["reflection-1.json", "reflection-1.txt"]
    assert {p.name: mode(p) for p in folder.iterdir()} == {"reflection-1.json": 0o600, "reflection-1.txt": 0o600}
    assert mode(folder) == 0o700


@pytest.mark.parametrize("loose", [0o644, 0o666])
def test_a_journal_readable_by_others_is_tightened_on_the_next_open(loose, oto, oto_home):
    oto("add", "Maria Lopez")
    journal = oto_home / "journal.db"
    journal.chmod(loose)
    assert run(0o022, "due").returncode == 0
    assert mode(journal) == 0o600
