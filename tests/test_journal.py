"""The journal file: one opener, a schema version from the start, migrations that end where a
fresh journal starts, and files oto must refuse without changing a byte."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from onetoone.errors import DamagedJournal, EmptyJournalFile, NewerJournal, NotAJournal
from onetoone.store import migrations
from onetoone.store.journal import APPLICATION_ID, connect, open_journal
from tests.conftest import NOW


def signature(path) -> dict:
    """The schema as SQLite sees it: columns, keys, indexes; independent of DDL spelling."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        shape = {}
        for table in tables:
            columns = [tuple(r) for r in db.execute(f"PRAGMA table_info('{table}')")]
            keys = sorted(tuple(r[2:]) for r in db.execute(f"PRAGMA foreign_key_list('{table}')"))
            indexes = {}
            for index in db.execute(f"PRAGMA index_list('{table}')").fetchall():
                indexes[index[1]] = (index[2], [r[2] for r in db.execute(f"PRAGMA index_info('{index[1]}')")])
            autoincrement = "AUTOINCREMENT" in db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            shape[table] = (columns, keys, indexes, autoincrement)
        shape["triggers"] = db.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
        shape["user_version"] = db.execute("PRAGMA user_version").fetchone()[0]
        shape["application_id"] = db.execute("PRAGMA application_id").fetchone()[0]
        shape["migrations"] = [r[0] for r in db.execute("SELECT name FROM migration ORDER BY version")]
        return shape
    finally:
        db.close()


def journal_at_version(path, version: int) -> None:
    """A journal as an older oto left it: stamped as ours, with migrations up to `version`."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA journal_mode = WAL")
    migrations.upgrade(db, NOW, target=version)
    db.close()


def test_fresh_journal_is_stamped_and_private(tmp_path):
    path = tmp_path / "j" / "journal.db"
    with open_journal(path, now=NOW) as journal:
        assert journal.value("PRAGMA user_version") == migrations.LATEST
        assert journal.value("PRAGMA application_id") == APPLICATION_ID
        assert journal.value("PRAGMA journal_mode") == "wal"
        assert journal.value("PRAGMA foreign_keys") == 1
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


@pytest.mark.parametrize("start", range(0, migrations.LATEST))
def test_upgraded_journal_ends_identical_to_a_fresh_one(tmp_path, start):
    fresh, old = tmp_path / "fresh.db", tmp_path / "old.db"
    with open_journal(fresh, now=NOW):
        pass
    journal_at_version(old, start)
    with open_journal(old, now=NOW):
        pass
    assert signature(old) == signature(fresh)
    backups = list((tmp_path / "backups").glob("before-migration-*.db"))
    assert backups, "a migration must be preceded by a backup"


def test_a_journal_from_a_newer_oto_is_refused_unchanged(tmp_path):
    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW):
        pass
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerJournal) as refused:
        connect(path, now=NOW)
    assert "newer oto" in str(refused.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "journal.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(NotAJournal):
        connect(path, now=NOW)
    assert path.read_bytes() == before


def test_empty_garbage_and_truncated_files_are_refused_distinctly(tmp_path):
    empty = tmp_path / "empty" / "journal.db"
    empty.parent.mkdir()
    empty.touch()
    with pytest.raises(EmptyJournalFile):
        connect(empty, now=NOW)
    assert empty.read_bytes() == b""

    garbage = tmp_path / "garbage" / "journal.db"
    garbage.parent.mkdir()
    garbage.write_bytes(b"Dear diary, " * 100)
    with pytest.raises(NotAJournal):
        connect(garbage, now=NOW)

    truncated = tmp_path / "cut" / "journal.db"
    with open_journal(truncated, now=NOW, write=True) as journal:
        journal.execute("INSERT INTO setting (key, value) VALUES ('weekly_goal', '5')")
    whole = truncated.read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DamagedJournal):
        connect(truncated, now=NOW)


def test_a_checkpoint_stopped_part_way_is_not_called_truncated(tmp_path):
    """A killed checkpoint can leave page 1 (with the new page count) copied into journal.db
    before the pages after the file's end: the write-ahead log still holds them all, SQLite reads
    them from there, and the next checkpoint finishes the copy. Seen as 'truncated' under the
    crash loop before; rebuilt here by copying the log's newest page 1 into the file."""
    import struct

    from onetoone.domain import people

    path = tmp_path / "j" / "journal.db"
    with open_journal(path, now=NOW, write=True):
        pass
    keeper = sqlite3.connect(path)  # holds the log open: its last closer would checkpoint it
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("SELECT count(*) FROM person").fetchone()  # attached to the log from now on
    try:
        with open_journal(path, now=NOW, write=True) as journal:
            for n in range(60):
                people.add(journal, people.PersonFields(name=f"Person {n}", boundaries=["x" * 1500]), today=NOW.date())
        wal = (tmp_path / "j" / "journal.db-wal").read_bytes()
        page_size = struct.unpack(">I", wal[8:12])[0]
        frames = [wal[at:at + 24 + page_size] for at in range(32, len(wal) - 24 - page_size + 1, 24 + page_size)]
        newest_first_page = [f[24:] for f in frames if struct.unpack(">I", f[:4])[0] == 1][-1]
        before = path.stat().st_size
        with open(path, "r+b") as db:
            db.write(newest_first_page)  # the header now counts pages the file does not hold
        assert struct.unpack(">I", newest_first_page[28:32])[0] * page_size > before == path.stat().st_size
        with open_journal(path, now=NOW) as journal:  # opens, and reads everything from the log
            assert journal.value("SELECT count(*) FROM person") == 60
            assert journal.value("PRAGMA integrity_check") == "ok"
    finally:
        keeper.close()
    with open_journal(path, now=NOW) as journal:  # checkpointed since: whole again
        assert journal.value("SELECT count(*) FROM person") == 60


@pytest.mark.parametrize(
    ("prepare", "code"),
    [
        (lambda p: p.touch(), 6),
        (lambda p: p.write_bytes(b"not a database at all" * 50), 4),
    ],
)
def test_refusals_reach_the_command_line_as_one_line_and_exit_code(oto, oto_home, prepare, code):
    oto_home.mkdir(parents=True)
    prepare(oto_home / "journal.db")
    ran = oto("people")
    assert ran.exit_code == code
    assert ran.stderr.count("\n") == 1 and ran.stderr.startswith("oto: ")
    assert "Traceback" not in ran.output


def test_a_failed_write_changes_nothing(tmp_path):
    path = tmp_path / "journal.db"
    with pytest.raises(RuntimeError):
        with open_journal(path, now=NOW, write=True) as journal:
            journal.execute("INSERT INTO setting (key, value) VALUES ('weekly_goal', '9')")
            raise RuntimeError("interrupted half-way")
    with open_journal(path, now=NOW) as journal:
        assert journal.value("SELECT count(*) FROM setting") == 0


def test_writers_do_not_block_readers(tmp_path):
    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW, write=True) as writer:
        writer.execute("INSERT INTO setting (key, value) VALUES ('weekly_goal', '9')")
        with open_journal(path, now=NOW) as reader:  # WAL: the reader sees the last commit
            assert reader.value("SELECT count(*) FROM setting") == 0


def test_help_and_version_do_not_load_the_journal_code():
    import subprocess
    import sys

    for args in (["--help"], ["--version"]):
        probe = (
            "import sys, runpy; sys.argv = ['oto'] + %r\n"
            "try:\n    runpy.run_module('onetoone', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "bad = [m for m in sys.modules if m.startswith(('sqlmodel', 'sqlalchemy', 'onetoone.store', 'onetoone.domain'))]\n"
            "print('LOADED', bad)" % args
        )
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, "OTO_HOME": "/nonexistent/oto"})
        assert "LOADED []" in out.stdout, out.stdout + out.stderr
