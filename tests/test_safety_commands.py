"""`oto doctor` and `oto backup`: checking the journal and copying it consistently."""

import os
import sqlite3
import stat


def test_doctor_reports_a_healthy_journal(oto):
    oto("add", "Dev Patel")
    ran = oto("doctor")
    assert ran.exit_code == 0
    assert "ok       Integrity: ok." in ran.stdout
    assert "Holds 1 people and 0 meetings." in ran.stdout


def test_doctor_names_the_problem_and_exits_with_its_code(oto, oto_home):
    oto_home.mkdir(parents=True)
    (oto_home / "journal.db").write_bytes(b"")
    ran = oto("doctor")
    assert ran.exit_code == 6
    assert "empty (0-byte)" in ran.stdout


def test_backup_is_a_consistent_private_copy(oto, tmp_path):
    oto("add", "Dev Patel")
    target = tmp_path / "copy.db"
    ran = oto("backup", str(target))
    assert ran.exit_code == 0, ran.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT name FROM person").fetchall() == [("Dev Patel",)]
    db.close()


def test_backup_goes_to_the_backups_folder_by_default(oto, oto_home):
    oto("add", "Dev Patel")
    assert oto("backup").exit_code == 0
    assert len(list((oto_home / "backups").glob("oto-*.db"))) == 1
