"""oto changes the mode of nothing but its own files: never through a symlink, never a folder
it did not create, never a file before it knows the file is an oto journal, and never a journal
the organizer made read-only (that one is opened for reading; writes are refused)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.test_journal import journal_at_version


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def one_line(ran) -> str:
    message = ran.stderr.strip()
    assert message and "\n" not in message, message
    return message


@pytest.mark.parametrize("member", ["journal.db-wal", "journal.db-shm"])
def test_a_symlinked_wal_or_shm_is_refused_and_its_target_untouched(member, oto, oto_home, tmp_path):
    oto("add", "Maria Lopez")
    assert not (oto_home / member).exists()  # the last connection closed: SQLite removed them
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file", encoding="utf-8")
    victim.chmod(0o644)
    (oto_home / member).symlink_to(victim)
    ran = oto("people")
    assert ran.exit_code == 1
    message = one_line(ran)
    assert member in message and "symbolic link" in message
    assert mode(victim) == 0o644
    assert victim.read_text(encoding="utf-8") == "someone else's file"


def test_a_symlinked_journal_is_refused_and_its_target_untouched(oto, oto_home, tmp_path):
    oto("add", "Maria Lopez")
    real = tmp_path / "elsewhere.db"
    (oto_home / "journal.db").rename(real)
    real.chmod(0o644)
    (oto_home / "journal.db").symlink_to(real)
    ran = oto("people")
    assert ran.exit_code == 1
    assert "symbolic link" in one_line(ran)
    assert mode(real) == 0o644


def test_a_dangling_journal_symlink_is_refused_not_created_through(oto, oto_home, tmp_path):
    oto_home.mkdir()
    (oto_home / "journal.db").symlink_to(tmp_path / "nowhere.db")
    ran = oto("add", "Maria Lopez")
    assert ran.exit_code == 1
    assert "symbolic link" in one_line(ran)
    assert not (tmp_path / "nowhere.db").exists()


@pytest.mark.parametrize("folder_mode", [0o1777, 0o755, 0o2750])
def test_an_existing_oto_home_keeps_its_mode(folder_mode, oto, oto_home):
    oto_home.mkdir()
    oto_home.chmod(folder_mode)
    assert oto("people").exit_code == 0
    assert oto("add", "Maria Lopez").exit_code == 0
    assert oto("backup").exit_code == 0
    assert mode(oto_home) == folder_mode
    assert mode(oto_home / "journal.db") == 0o600
    assert mode(oto_home / "backups") == 0o700  # oto made this one


def test_an_existing_backups_folder_keeps_its_mode(oto, oto_home):
    (oto_home / "backups").mkdir(parents=True)
    (oto_home / "backups").chmod(0o750)
    oto("add", "Maria Lopez")
    assert oto("backup").exit_code == 0
    assert mode(oto_home / "backups") == 0o750


def test_a_new_oto_home_is_private(oto, oto_home):
    assert not oto_home.exists()
    assert oto("people").exit_code == 0
    assert mode(oto_home) == 0o700


def test_another_programs_journal_keeps_its_mode(oto, oto_home):
    oto_home.mkdir()
    theirs = oto_home / "journal.db"
    db = sqlite3.connect(theirs)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE note (text TEXT)")
    db.close()
    theirs.chmod(0o644)
    before = theirs.read_bytes()
    ran = oto("people")
    assert ran.exit_code == 4
    assert mode(theirs) == 0o644
    assert theirs.read_bytes() == before


def _read_only_journal(oto, oto_home) -> Path:
    assert oto("add", "Maria Lopez").exit_code == 0
    journal = oto_home / "journal.db"
    journal.chmod(0o400)
    return journal


def test_a_read_only_journal_is_read_but_never_made_writable(oto, oto_home):
    journal = _read_only_journal(oto, oto_home)
    before = journal.read_bytes()
    ran = oto("people")
    assert ran.exit_code == 0, ran.stderr
    assert "Maria Lopez" in ran.stdout
    assert oto("due").exit_code == 0
    assert oto("doctor").exit_code in (0, 5)  # doctor may point out what it sees, but changes nothing
    assert mode(journal) == 0o400
    assert journal.read_bytes() == before


def test_a_write_to_a_read_only_journal_is_refused_clearly(oto, oto_home):
    journal = _read_only_journal(oto, oto_home)
    before = journal.read_bytes()
    ran = oto("add", "Dev Patel")
    assert ran.exit_code == 1
    message = one_line(ran)
    assert "read-only" in message and "chmod 600" in message and str(journal) in message
    assert mode(journal) == 0o400
    assert journal.read_bytes() == before
    journal.chmod(0o600)
    assert "Dev Patel" not in oto("people").stdout


def test_a_read_only_journal_can_still_be_backed_up(oto, oto_home, tmp_path):
    journal = _read_only_journal(oto, oto_home)
    assert oto("backup", str(tmp_path / "copy.db")).exit_code == 0
    assert mode(journal) == 0o400


def test_a_read_only_journal_that_needs_an_upgrade_is_refused_clearly(oto, oto_home):
    oto_home.mkdir(mode=0o700)
    journal = oto_home / "journal.db"
    journal_at_version(journal, 1)
    journal.chmod(0o400)
    before = journal.read_bytes()
    ran = oto("people")
    assert ran.exit_code == 1
    message = one_line(ran)
    assert "read-only" in message and "upgrade" in message and "chmod 600" in message
    assert mode(journal) == 0o400
    assert journal.read_bytes() == before
    assert not (oto_home / "backups").exists()
