"""`oto backup` never destroys anything: it writes only a new regular file in a folder that
exists (replacing an earlier oto backup only with --force), never inside OTO_HOME other than
`backups/`, never over the journal's own files; two copies in the same second get two names;
a copy that fails part-way leaves nothing behind."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NOW

OTO = str(Path(sys.executable).with_name("oto"))


def people_in(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [name for (name,) in db.execute("SELECT name FROM person ORDER BY name")]
    finally:
        db.close()


def a_refusal(ran, *words: str) -> None:
    assert ran.exit_code == 1, (ran.stdout, ran.stderr)
    message = ran.stderr.strip()
    assert message and "\n" not in message, message  # one line
    for word in words:
        assert word in message, message


def test_an_existing_file_that_is_not_an_oto_backup_is_left_as_it_is(oto, tmp_path):
    oto("add", "Maria Lopez")
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("Chapter 1. Three years of work.\n", encoding="utf-8")
    a_refusal(oto("backup", str(thesis)), str(thesis), "not an oto backup")
    assert thesis.read_text(encoding="utf-8") == "Chapter 1. Three years of work.\n"
    a_refusal(oto("backup", str(thesis), "--force"), "not an oto backup")  # --force replaces only oto's own copies
    assert thesis.read_text(encoding="utf-8") == "Chapter 1. Three years of work.\n"


def test_another_programs_sqlite_file_is_not_an_oto_backup(oto, tmp_path):
    oto("add", "Maria Lopez")
    theirs = tmp_path / "photos.db"
    db = sqlite3.connect(theirs)
    db.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY)")
    db.close()
    before = theirs.read_bytes()
    a_refusal(oto("backup", str(theirs), "--force"), "not an oto backup")
    assert theirs.read_bytes() == before


def test_a_fifo_stays_a_fifo(oto, tmp_path):
    oto("add", "Maria Lopez")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    a_refusal(oto("backup", str(fifo)), str(fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    a_refusal(oto("backup", str(fifo), "--force"))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_stays_a_device(oto, tmp_path):
    """`oto backup /dev/full` as root once replaced the device with a file; this is the same
    device (1, 7) made in the test's own folder, so a failing test harms nothing."""
    oto("add", "Maria Lopez")
    device = tmp_path / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    a_refusal(oto("backup", str(device)), str(device))
    a_refusal(oto("backup", str(device), "--force"))
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_symlink_is_not_followed_or_replaced(oto, tmp_path):
    oto("add", "Maria Lopez")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.db"
    link.symlink_to(victim)
    a_refusal(oto("backup", str(link), "--force"), "link")
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me"
    dangling = tmp_path / "dangling.db"
    dangling.symlink_to(tmp_path / "nowhere.db")
    a_refusal(oto("backup", str(dangling)), "link")
    assert dangling.is_symlink() and not (tmp_path / "nowhere.db").exists()


def test_the_waiting_draft_is_not_replaced(oto, oto_home):
    oto("add", "Maria Lopez")
    drafts = oto_home / "drafts"
    drafts.mkdir()
    draft = drafts / "reflection.json"
    draft.write_text('{"person": "Maria Lopez"}', encoding="utf-8")
    a_refusal(oto("backup", str(draft)), "inside")
    a_refusal(oto("backup", str(drafts / "new.db")), "inside")
    a_refusal(oto("backup", str(drafts)), "inside")
    assert draft.read_text(encoding="utf-8") == '{"person": "Maria Lopez"}'
    assert sorted(p.name for p in drafts.iterdir()) == ["reflection.json"]


@pytest.mark.parametrize("member", ["journal.db", "journal.db-wal", "journal.db-shm"])
def test_the_journals_own_files_are_refused(member, oto, oto_home):
    oto("add", "Maria Lopez")
    journal = oto_home / "journal.db"
    reader = sqlite3.connect(journal)  # holds the -wal and -shm open, as another oto would
    try:
        reader.execute("SELECT count(*) FROM person").fetchone()
        target = oto_home / member
        assert target.exists()
        before = target.read_bytes() if member != "journal.db-shm" else None
        a_refusal(oto("backup", str(target)))
        a_refusal(oto("backup", str(target), "--force"))
        if before is not None:
            assert target.read_bytes() == before
        assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [name for (name,) in reader.execute("SELECT name FROM person")] == ["Maria Lopez"]
    finally:
        reader.close()
    assert oto("people").exit_code == 0


def test_inside_oto_home_only_the_backups_folder_takes_copies(oto, oto_home):
    oto("add", "Maria Lopez")
    a_refusal(oto("backup", str(oto_home / "copy.db")), "inside")
    a_refusal(oto("backup", str(oto_home)), "inside")
    assert not (oto_home / "copy.db").exists()
    assert oto("backup", str(oto_home / "backups" / "named.db")).exit_code == 0  # oto makes its own backups/ folder
    assert people_in(oto_home / "backups" / "named.db") == ["Maria Lopez"]


def test_the_backups_folder_given_as_path_before_it_exists(oto, oto_home):
    oto("add", "Maria Lopez")
    assert oto("backup", str(oto_home / "backups")).exit_code == 0
    [copy] = (oto_home / "backups").glob("oto-*.db")
    assert people_in(copy) == ["Maria Lopez"]


def test_a_folder_that_does_not_exist_is_refused(oto, tmp_path):
    oto("add", "Maria Lopez")
    missing = tmp_path / "usb" / "copy.db"
    a_refusal(oto("backup", str(missing)), "does not exist")
    assert not (tmp_path / "usb").exists()


def test_an_earlier_oto_backup_is_replaced_only_with_force(oto, tmp_path):
    oto("add", "Maria Lopez")
    copy = tmp_path / "weekly.db"
    assert oto("backup", str(copy)).exit_code == 0
    oto("add", "Dev Patel")
    a_refusal(oto("backup", str(copy)), "--force")
    assert people_in(copy) == ["Maria Lopez"]
    ran = oto("backup", str(copy), "--force")
    assert ran.exit_code == 0, ran.stderr
    assert people_in(copy) == ["Dev Patel", "Maria Lopez"]
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_earlier_backup_is_recognised_by_its_header_not_its_name(oto, tmp_path):
    oto("add", "Maria Lopez")
    copy = tmp_path / "weekly.db"
    assert oto("backup", str(copy)).exit_code == 0
    renamed = tmp_path / "notes-from-june.txt"
    copy.rename(renamed)
    assert oto("backup", str(renamed), "--force").exit_code == 0
    assert people_in(renamed) == ["Maria Lopez"]


def test_two_backups_in_the_same_second_get_two_names(oto, oto_home):
    oto("add", "Maria Lopez")
    assert oto("backup").exit_code == 0
    oto("add", "Dev Patel")
    assert oto("backup").exit_code == 0  # OTO_NOW is fixed: the same second
    copies = sorted((oto_home / "backups").glob("oto-*.db"), key=lambda p: p.stat().st_mtime)
    assert len(copies) == 2
    assert [people_in(p) for p in copies] == [["Maria Lopez"], ["Dev Patel", "Maria Lopez"]]


def test_two_backups_into_one_folder_in_the_same_second_get_two_names(oto, tmp_path):
    oto("add", "Maria Lopez")
    folder = tmp_path / "usb"
    folder.mkdir()
    assert oto("backup", str(folder)).exit_code == 0
    assert oto("backup", str(folder)).exit_code == 0
    assert len(list(folder.glob("oto-*.db"))) == 2


def test_backups_started_together_never_share_a_name(oto, oto_home):
    oto("add", "Maria Lopez")
    env = {**os.environ, "OTO_HOME": str(oto_home), "OTO_NOW": NOW.strftime("%Y-%m-%d %H:%M")}
    started = [subprocess.Popen([OTO, "backup"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    for process in started:
        process.communicate(timeout=60)
        assert process.returncode == 0
    copies = list((oto_home / "backups").glob("oto-*.db"))
    assert len(copies) == 6
    assert all(people_in(p) == ["Maria Lopez"] for p in copies)
    assert not [p for p in (oto_home / "backups").iterdir() if p.name.startswith(".")]


def test_the_backup_before_a_migration_is_never_replaced(tmp_path):
    """Two oto processes saw the old schema in the same second; the second copy (taken after the
    first had migrated) once replaced the first, so the only copy of the old journal was gone."""
    from onetoone.store.journal import backup_before_migration

    path = tmp_path / "home" / "journal.db"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE person (name TEXT)")
    db.execute("INSERT INTO person VALUES ('before')")
    db.commit()
    first = backup_before_migration(db, path, now=NOW, version=1)
    db.execute("UPDATE person SET name = 'after'")
    db.commit()
    second = backup_before_migration(db, path, now=NOW, version=1)
    db.close()
    assert first != second
    assert people_in(first) == ["before"] and people_in(second) == ["after"]


class _Interrupted:
    """A journal connection whose copy is cut short by Ctrl-C."""

    def backup(self, target):
        raise KeyboardInterrupt


def test_a_failed_copy_leaves_no_part_file(tmp_path):
    from onetoone.store.journal import backup

    folder = tmp_path / "copies"
    folder.mkdir()
    with pytest.raises(KeyboardInterrupt):
        backup(_Interrupted(), folder / "copy.db")
    closed = sqlite3.connect(":memory:")
    closed.close()
    with pytest.raises(sqlite3.Error):
        backup(closed, folder / "copy.db")
    assert list(folder.iterdir()) == []


def test_refusals_change_nothing_not_even_create_a_journal(oto, oto_home, tmp_path):
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("mine", encoding="utf-8")
    a_refusal(oto("backup", str(thesis)))
    assert not oto_home.exists()
