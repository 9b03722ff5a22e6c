"""Encryption at rest (`oto encrypt`, `oto decrypt`, store/cipher.py), proved on the files' bytes.

The passphrase comes from OTO_PASSPHRASE_COMMAND (`cat FILE`), as a script or a keyring would
give it; tests through the CLI, on real journal files."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3", reason="oto's encryption support (sqlcipher3) is not installed: pip install 'oto[encryption]'")

SECRETS = ("Zebediah", "Quillfeather", "Brumblewick", "Snorkelwick", "Grumbleweed", "Fizzlebottom", "555-0199")
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def keyed(tmp_path, monkeypatch):
    """OTO_PASSPHRASE_COMMAND set to print PASSPHRASE; returns the file, to change it."""
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.setenv("OTO_PASSPHRASE_COMMAND", f"cat {secret}")
    return secret


def every_byte(home: Path) -> bytes:
    """The journal, its -wal and -shm, every backup and every draft: all oto keeps on disk."""
    data = b""
    for path in sorted(home.rglob("*")):
        if path.is_file():
            data += path.read_bytes()
    return data


def fill(oto) -> None:
    oto("add", "Dev Patel", "--tag", "riverside")
    oto("add", "Zebediah Quillfeather", "--contact", "555-0199", "--boundary", "Never mention the Brumblewick dispute", "--referred-by", "Dev")
    ran = oto("reflect", "Zebediah", "--self-interest", "Grumbleweed allotments", "--note", "Snorkelwick told me everything",
              "--i-promise", "Call the Fizzlebottom office by fri")
    assert ran.exit_code == 0, ran.output


def test_after_encrypt_no_name_note_or_boundary_is_in_any_file_even_after_more_writes(oto, oto_home, keyed):
    fill(oto)
    assert oto("backup").exit_code == 0
    assert b"Quillfeather" in every_byte(oto_home)  # the plain journal and backup hold it: the test can fail

    ran = oto("encrypt")
    assert ran.exit_code == 0, ran.output
    assert "Encrypted the journal" in ran.stderr and "Encrypted the plain backup" in ran.stderr
    data = every_byte(oto_home)
    for secret in SECRETS:
        assert secret.encode() not in data, secret
        assert secret.lower().encode() not in data, secret

    # More writes: the -wal, a new backup, a migration-style backup all stay encrypted.
    oto("add", "Snorkelwick Junior", "--boundary", "Brumblewick again")
    oto("reflect", "Zebediah", "--note", "Snorkelwick came back")
    assert oto("backup").exit_code == 0
    data = every_byte(oto_home)
    for secret in SECRETS:
        assert secret.encode() not in data, secret
    shown = json.loads(oto("show", "Zebediah", "--json").stdout)
    assert shown["contact"] == "555-0199"
    assert len(json.loads(oto("people", "--json").stdout)) == 3


def test_a_wal_written_while_the_journal_is_open_holds_no_plain_text(oto, oto_home, keyed):
    from onetoone.cli import _shared
    from onetoone.domain import people
    from onetoone.store.journal import open_journal
    from tests.conftest import NOW

    oto("add", "Dev Patel")
    assert oto("encrypt").exit_code == 0
    _shared.passphrase_ready()
    path = oto_home / "journal.db"
    with open_journal(path, now=NOW) as reading:  # held open: the write stays in the -wal
        assert reading.value("SELECT count(*) FROM person") == 1
        with open_journal(path, now=NOW, write=True) as journal:
            people.add(journal, people.PersonFields(name="Zebediah Quillfeather", boundaries=["Brumblewick"]), today=NOW.date())
        wal = Path(f"{path}-wal").read_bytes()
        assert len(wal) > 4096
        assert b"Quillfeather" not in wal and b"Brumblewick" not in wal
        assert reading.value("SELECT count(*) FROM person") == 1  # its snapshot is from before the write


def test_every_daily_command_works_on_an_encrypted_journal(oto, oto_home, keyed):
    fill(oto)
    assert oto("encrypt").exit_code == 0
    for args in (("due",), ("prep", "Zebediah"), ("search", "Grumbleweed"), ("review",), ("people",), ("show", "Dev"),
                 ("doctor",), ("backup",), ("undo", "--list")):
        ran = oto(*args)
        assert ran.exit_code == 0, (args, ran.output)
    assert "Grumbleweed" in oto("search", "Grumbleweed").stdout
    assert "Encrypted (SQLCipher)" in oto("doctor").stdout
    ran = oto("reflect", "Dev", input="name: Dev Patel\nnote: told me about the Fizzlebottom office\n")
    assert ran.exit_code == 0, ran.output
    assert oto("undo").exit_code == 0
    ran = oto("forget", "Zebediah", "--yes")
    assert ran.exit_code == 0, ran.output
    assert "Still in backup" in ran.stderr  # the encrypted backup is looked into with the key


def test_a_wrong_passphrase_is_one_line_exit_7_and_changes_nothing(oto, oto_home, keyed):
    oto("add", "Dev Patel")
    assert oto("encrypt").exit_code == 0
    path = oto_home / "journal.db"
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    keyed.write_text("not it\n")
    for args in (("people",), ("add", "Ana Reyes"), ("doctor",)):
        ran = oto(*args)
        assert ran.exit_code == 7, (args, ran.output)
        lines = ran.output.strip().splitlines()  # (doctor reports on stdout)
        assert len(lines) == 1 and "passphrase does not open" in lines[0] and "Traceback" not in ran.output, ran.output
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_no_passphrase_source_off_a_terminal_is_one_line_exit_7_and_a_plain_variable_is_ignored(oto, oto_home, keyed, monkeypatch):
    oto("add", "Dev Patel")
    assert oto("encrypt").exit_code == 0
    monkeypatch.delenv("OTO_PASSPHRASE_COMMAND")
    monkeypatch.setenv("OTO_PASSPHRASE", PASSPHRASE)  # a plain variable: never read
    ran = oto("people")
    assert ran.exit_code == 7
    assert "OTO_PASSPHRASE_COMMAND" in ran.stderr and len(ran.stderr.strip().splitlines()) == 1
    assert "--passphrase" not in oto("encrypt", "--help").stdout
    assert oto("people", "--passphrase", PASSPHRASE).exit_code == 2


def test_a_failing_passphrase_command_is_one_line(oto, oto_home, keyed, monkeypatch):
    oto("add", "Dev Patel")
    assert oto("encrypt").exit_code == 0
    monkeypatch.setenv("OTO_PASSPHRASE_COMMAND", "false")
    ran = oto("people")
    assert ran.exit_code == 1 and "OTO_PASSPHRASE_COMMAND failed" in ran.stderr


def test_decrypt_gives_back_every_row_as_it_was(oto, oto_home, keyed):
    from onetoone.store.journal import open_journal
    from tests.conftest import NOW

    fill(oto)
    path = oto_home / "journal.db"

    def stored():
        with open_journal(path, now=NOW) as journal:
            return {t.name: journal.stored(t.name, tuple(t.columns)) for t in journal.tables()}

    from onetoone.cli import _shared

    _shared.passphrase_ready()
    before = stored()
    assert oto("encrypt").exit_code == 0
    assert oto("decrypt").exit_code == 1  # off a terminal: --yes needed
    ran = oto("decrypt", "--yes")
    assert ran.exit_code == 0, ran.output
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    assert b"Quillfeather" in path.read_bytes()  # plain text again, checkpointed by the switch
    assert stored() == before
    assert oto("decrypt", "--yes").exit_code == 1


def test_encrypt_on_an_encrypted_journal_is_refused_and_changes_nothing(oto, oto_home, keyed):
    oto("add", "Dev Patel")
    assert oto("encrypt").exit_code == 0
    path = oto_home / "journal.db"
    before = path.read_bytes()
    ran = oto("encrypt")
    assert ran.exit_code == 1 and "already encrypted" in ran.stderr
    assert path.read_bytes() == before


def test_encrypt_refuses_while_a_draft_waits_and_drafts_of_an_encrypted_journal_are_never_written(oto, oto_home, keyed):
    from onetoone.domain import drafts
    from onetoone.store.paths import drafts_dir

    oto("add", "Dev Patel")
    folder = drafts_dir(oto_home)
    drafts.save(folder, drafts.Draft(started_at="2026-11-23T09:00", person_id=1, person_name="Dev Patel", fields={"note": ["x"]}))
    ran = oto("encrypt")
    assert ran.exit_code == 1 and "draft" in ran.stderr
    assert (oto_home / "journal.db").read_bytes().startswith(b"SQLite format 3\x00")
    drafts.discard(folder, drafts.load(folder))
    assert oto("encrypt").exit_code == 0
    ran = oto("reflect", "Dev", "--edit")
    assert ran.exit_code == 1 and "encrypted" in ran.stderr
    assert oto("reflect", "--resume").exit_code == 1
    assert not folder.exists() or not any(folder.iterdir())


def test_exports_of_an_encrypted_journal_need_plain(oto, oto_home, keyed, tmp_path):
    oto("add", "Zebediah Quillfeather")
    assert oto("encrypt").exit_code == 0
    for args in (("export", "json"), ("export", "csv", str(tmp_path / "csv")), ("calendar",)):
        ran = oto(*args)
        assert ran.exit_code == 1 and "--plain" in ran.stderr, (args, ran.output)
        assert ran.stdout == ""
    ran = oto("export", "json", "--plain")
    assert ran.exit_code == 0 and "Quillfeather" in ran.stdout


def test_without_sqlcipher3_an_encrypted_journal_says_how_to_install_it(tmp_path, keyed):
    """In a fresh interpreter where sqlcipher3 cannot be imported."""
    import subprocess
    import sys

    from onetoone.store import cipher

    from onetoone.cli import _shared
    from onetoone.store.journal import connect
    from tests.conftest import NOW

    path = tmp_path / "journal.db"
    connect(path, now=NOW).close()
    cipher.encrypt(path, PASSPHRASE, now=NOW)
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sqlcipher3").mkdir()
    (blocker / "sqlcipher3" / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = {**os.environ, "OTO_HOME": str(tmp_path), "PYTHONPATH": str(blocker)}
    done = subprocess.run([sys.executable, "-m", "onetoone", "people"], env=env, capture_output=True, text=True)
    assert done.returncode == 1, done
    assert "pip install 'oto[encryption]'" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert _shared  # (imported for its side effects in other tests only)


def test_a_plain_journals_commands_never_import_sqlcipher3(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from onetoone.cli import main; sys.argv=['oto','due']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('sqlcipher3' in sys.modules, file=sys.stderr)")
    env = {**os.environ, "OTO_HOME": str(tmp_path)}
    env.pop("OTO_PASSPHRASE_COMMAND", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr


def encrypted_at_version(path: Path, version: int) -> None:
    """An encrypted journal as an older oto would have left it: built at `version` as the migration
    tests build one, then exported with the journal's key as `oto encrypt` exports (no upgrade)."""
    from onetoone.store import cipher, driver
    from tests.test_journal import journal_at_version

    plain = path.with_name("plain-old.db")
    journal_at_version(plain, version)
    db = driver.cipher().connect(plain, isolation_level=None)
    try:
        cipher._export(db, "main", path, PASSPHRASE)
    finally:
        db.close()
    plain.unlink()


def keyed_rows(path: Path, sql: str) -> list:
    from onetoone.store import driver
    from onetoone.store.journal import unlock

    db = driver.cipher().connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        unlock(db, PASSPHRASE, path)
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.mark.parametrize("start", [0, 1, 3, 7])
def test_an_old_schema_journal_encrypted_is_upgraded_with_an_encrypted_migration_backup(tmp_path, keyed, start):
    from onetoone.cli import _shared
    from onetoone.store import migrations
    from onetoone.store.journal import is_encrypted, open_journal
    from tests.conftest import NOW

    fresh, path = tmp_path / "fresh" / "journal.db", tmp_path / "old" / "journal.db"
    path.parent.mkdir()
    with open_journal(fresh, now=NOW):
        pass
    encrypted_at_version(path, start)
    assert is_encrypted(path)
    _shared.passphrase_ready()
    with open_journal(path, now=NOW) as journal:
        assert journal.value("PRAGMA user_version") == migrations.LATEST
        shape = [tuple(row) for row in journal.rows("SELECT type, name, tbl_name FROM sqlite_master ORDER BY type, name")]
    db = sqlite3.connect(fresh)
    assert shape == db.execute("SELECT type, name, tbl_name FROM sqlite_master ORDER BY type, name").fetchall()
    db.close()
    assert is_encrypted(path)
    copies = sorted((path.parent / "backups").glob("before-migration-*.db"))
    assert len(copies) == 1 and is_encrypted(copies[0])
    assert keyed_rows(copies[0], "PRAGMA user_version") == [(start,)]
    assert b"CREATE TABLE" not in copies[0].read_bytes()  # even the schema is not readable without the key
