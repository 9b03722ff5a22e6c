"""Migrations killed at random and migrations that fail: the journal is always exactly the old
schema or exactly the new one, whole, with every row.

A version-1 journal with a realistic spread of rows is upgraded by `journal.connect` (backup,
then the real migrations after 0001, then a test-only one after the real latest that rebuilds the
`person` table slowly, so a kill can land inside every step) in a forked child that is killed with SIGKILL after a random delay.
The real migration list in src is never changed: the test migration is added in the child, and
in the parent only for the duration of a test (monkeypatch).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from onetoone.errors import DamagedJournal
from onetoone.store import migrations, search_index
from onetoone.store.journal import connect
from tests.conftest import NOW
from tests.test_journal import journal_at_version, signature

KILLS = 100
PAUSE = 0.002  # between the rebuild's statements: a window wide enough for a kill to land in

_PERSON_V3 = (
    "CREATE TABLE person_new (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, "
    "name_key VARCHAR NOT NULL, contact VARCHAR, met_how VARCHAR, referred_by_id INTEGER, "
    "role VARCHAR, stage VARCHAR NOT NULL, cadence_days INTEGER, do_not_contact BOOLEAN NOT NULL, "
    "created_on DATE NOT NULL, last_contact_on DATE, reconnect_on DATE, institution_id INTEGER, pronouns VARCHAR, "
    "FOREIGN KEY(referred_by_id) REFERENCES person (id) ON DELETE SET NULL, "
    "FOREIGN KEY(institution_id) REFERENCES institution (id) ON DELETE SET NULL)"
)
_COLUMNS = (
    "id, name, name_key, contact, met_how, referred_by_id, role, stage, cadence_days, "
    "do_not_contact, created_on, last_contact_on, reconnect_on, institution_id"
)
# A rebuild of `person` as the search index's docstring says one must be written: the triggers
# that read person from another table (an institution renamed) go first and come back after it,
# with person's own (dropped with the old table).
REBUILD = (
    "DROP TRIGGER search_update_institution",
    "DROP TRIGGER search_delete_institution",
    _PERSON_V3,
    f"INSERT INTO person_new ({_COLUMNS}) SELECT {_COLUMNS} FROM person",
    "DROP TABLE person",
    "ALTER TABLE person_new RENAME TO person",
    "CREATE INDEX ix_person_name_key ON person (name_key)",
    "CREATE INDEX ix_person_reconnect_on ON person (reconnect_on)",
    "CREATE INDEX ix_person_referral ON person (referred_by_id, stage)",
    "CREATE INDEX ix_person_institution ON person (institution_id, stage)",
    *search_index.triggers("person"),
    *search_index.triggers("institution"),
)
COPY = 3  # REBUILD's copy of the rows


def slow_rebuild(db: sqlite3.Connection) -> None:
    for statement in REBUILD:
        db.execute(statement)
        time.sleep(PAUSE)


def rebuild_failing_at(step: int, error: Exception):
    def apply(db: sqlite3.Connection) -> None:
        for statement in REBUILD[:step]:
            db.execute(statement)
        raise error

    return apply


def rebuild_losing_a_person(db: sqlite3.Connection) -> None:
    """A rebuild with a bug: it leaves out the first person, whom meetings still point at."""
    for statement in REBUILD[:COPY]:
        db.execute(statement)
    db.execute(f"INSERT INTO person_new ({_COLUMNS}) SELECT {_COLUMNS} FROM person WHERE id > 1")
    for statement in REBUILD[COPY + 1:]:
        db.execute(statement)


TEST = migrations.LATEST + 1  # the test migration's version, after every real one
SLOW = migrations.Migration(TEST, "9999_test_person_pronouns", slow_rebuild, rebuild=True)


def add_test_migration(migration: migrations.Migration, setattr=setattr) -> None:
    setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migration))
    setattr(migrations, "LATEST", migration.version)


# -- A version-1 journal with a realistic spread of rows ---------------------------------------


def version_1_journal(path: Path, *, people: int = 40, seed: int = 5) -> None:
    """People (some referred by others) with name keys and tags; planned and held meetings with
    planned asks, insights, asks and their promises, follow-ups, stories and settings."""
    journal_at_version(path, 1)
    rng = random.Random(seed)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    day = "2026-11-%02d"
    for n in range(1, people + 1):
        name = f"Person {n:02d}"
        referred = rng.randint(1, n - 1) if n > 1 and rng.random() < 0.3 else None
        db.execute(
            "INSERT INTO person (name, name_key, referred_by_id, stage, cadence_days, do_not_contact, created_on, "
            "last_contact_on, reconnect_on) VALUES (?, ?, ?, ?, 60, ?, '2026-10-01', ?, ?)",
            (name, name.lower(), referred, rng.choice(["prospect", "met", "committed", "leader"]),
             n % 13 == 0, day % rng.randint(1, 20), day % rng.randint(21, 28)),
        )
        db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (?, 'name', ?, ?)", (n, name, name.lower()))
        for tag in rng.sample(["tenants", "school", "church", "union"], rng.randint(0, 2)):
            db.execute("INSERT INTO tag (person_id, tag) VALUES (?, ?)", (n, tag))
        for m in range(rng.randint(0, 3)):
            held = m < 2
            meeting = db.execute(
                "INSERT INTO meeting (person_id, status, planned_at, place, held_on, minutes, listened_pct, note, created_at) "
                "VALUES (?, ?, ?, 'Library', ?, ?, ?, ?, '2026-11-01 09:00:00.000000')",
                (n, "held" if held else "planned", f"2026-11-{10 + m:02d} 18:00:00.000000",
                 day % (10 + m) if held else None, 40 if held else None, 70 if held else None, f"note {n}-{m}"),
            ).lastrowid
            db.execute("INSERT INTO planned_ask (meeting_id, text) VALUES (?, 'Join the tenants meeting')", (meeting,))
            if not held:
                db.execute(
                    "INSERT INTO followup (person_id, kind, due, text, status, meeting_id, created_on) "
                    "VALUES (?, 'confirm', '2026-11-24', 'Confirm', 'open', ?, '2026-11-01')", (n, meeting),
                )
                continue
            for kind in rng.sample(["self-interest", "story", "value", "boundary"], 2):
                db.execute(
                    "INSERT INTO insight (person_id, meeting_id, kind, text, created_on) VALUES (?, ?, ?, ?, '2026-11-10')",
                    (n, meeting, kind, f"{kind} of {name}"),
                )
            promise = db.execute(
                "INSERT INTO promise (person_id, meeting_id, direction, text, due, first_due, status, created_on) "
                "VALUES (?, ?, ?, 'Bring the lease', '2026-11-27', '2026-11-27', 'open', '2026-11-10')",
                (n, meeting, rng.choice(["mine", "theirs"])),
            ).lastrowid
            ask = db.execute(
                "INSERT INTO ask (person_id, meeting_id, text, answer, asked_on, promise_id) "
                "VALUES (?, ?, 'Host a house meeting', 'yes', '2026-11-10', ?)", (n, meeting, promise),
            ).lastrowid
            db.execute(
                "INSERT INTO followup (person_id, kind, due, text, status, meeting_id, ask_id, created_on) "
                "VALUES (?, 'revisit', '2026-12-01', 'Revisit', 'open', ?, ?, '2026-11-10')", (n, meeting, ask),
            )
    db.execute("INSERT INTO story (text, created_on) VALUES ('Why I organize', '2026-10-01')")
    db.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", [("weekly_goal", "6"), ("thank_days", "2")])
    db.execute("COMMIT")
    db.close()


def counts(path: Path) -> dict[str, int]:
    """Rows per table (the migration history excepted: it grows by design; a table a later
    migration adds counts once it holds rows, so an empty new table is not taken for a change).
    The search index's own tables are left out: how many rows FTS5 keeps depends on how it was
    filled, not on what it holds (`sound` checks the index agrees with its tables)."""
    from onetoone.store.schema import tables as own_tables

    db = sqlite3.connect(path)
    try:
        tables = own_tables(db)
        found = {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}
        return {table: n for table, n in found.items() if n or table in _V1_TABLES}
    finally:
        db.close()


# The tables of a version-1 journal: an empty one of these still counts (all its rows lost).
_V1_TABLES = ("ask", "followup", "insight", "meeting", "person", "person_key", "planned_ask", "promise", "setting", "story", "tag")


def sound(path: Path) -> None:
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search'").fetchone()[0]:
            db.execute("INSERT INTO search (search) VALUES ('integrity-check')")  # raises if it disagrees
    finally:
        db.close()


@pytest.fixture
def v1(tmp_path) -> Path:
    path = tmp_path / "template" / "journal.db"
    path.parent.mkdir()
    version_1_journal(path)
    return path


@pytest.fixture
def shapes(tmp_path, v1, monkeypatch) -> dict[int, dict]:
    """The schema signature at every real version, and at TEST (with the test migration)."""
    found = {1: signature(v1)}
    for version in range(2, TEST + 1):
        path = tmp_path / f"v{version}" / "journal.db"
        path.parent.mkdir()
        shutil.copyfile(v1, path)
        with monkeypatch.context() as patch:
            if version == TEST:
                add_test_migration(SLOW, patch.setattr)
                connect(path, now=NOW).close()
            else:
                db = sqlite3.connect(path, isolation_level=None)
                migrations.upgrade(db, NOW, target=version)
                db.close()
        found[version] = signature(path)
    assert found[1]["user_version"] == 1 and found[TEST - 1]["user_version"] == migrations.LATEST
    assert found[TEST]["person"] != found[TEST - 1]["person"]  # the rebuild really changed the table
    return found


# -- Kills -------------------------------------------------------------------------------------


def upgrade_in_a_child(path: Path) -> int:
    """Fork a child that opens (backs up and upgrades) the journal; returns its pid."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            add_test_migration(SLOW)
            connect(path, now=NOW).close()
        finally:
            os._exit(0)
    return pid


def test_a_migration_killed_at_random_leaves_exactly_the_old_or_the_new_schema(tmp_path, v1, shapes, monkeypatch):
    rows = counts(v1)
    assert rows["person"] == 40 and min(rows.values()) > 0  # every table holds something to lose
    took = []
    for n in range(3):  # how long a whole upgrade takes here, to spread the kills over it
        path = tmp_path / f"timing{n}" / "journal.db"
        path.parent.mkdir()
        shutil.copyfile(v1, path)
        began = time.monotonic()
        os.waitpid(upgrade_in_a_child(path), 0)
        took.append(time.monotonic() - began)
        assert signature(path) == shapes[TEST]
    span = sorted(took)[1] * 1.1
    rng = random.Random(2026)
    landed = Counter()
    for n in range(KILLS):
        path = tmp_path / f"kill{n}" / "journal.db"
        path.parent.mkdir()
        shutil.copyfile(v1, path)
        pid = upgrade_in_a_child(path)
        time.sleep(rng.uniform(0, span))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

        sound(path)
        version = signature(path)["user_version"]
        assert signature(path) == shapes[version], f"kill {n}: version {version} with another schema"
        assert counts(path) == rows, f"kill {n}: rows lost at version {version}"
        landed[version] += 1
        for copy in (path.parent / "backups").glob("*.db"):  # what a restore hint may name: whole or absent
            sound(copy)
            assert (signature(copy)["user_version"], counts(copy)) == (1, rows), f"kill {n}: a broken backup {copy.name}"

        with monkeypatch.context() as patch:  # the next open finishes the job
            add_test_migration(SLOW, patch.setattr)
            connect(path, now=NOW).close()
        assert signature(path) == shapes[TEST]
        assert counts(path) == rows
        sound(path)
    assert sum(landed.values()) == KILLS
    # The kills fell before, between and after the migrations, not all on one side.
    assert landed[1] and landed[TEST] and sum(landed[v] for v in range(2, TEST)), landed


# -- Failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("apply", "refused"),
    [
        pytest.param(rebuild_failing_at(COPY, RuntimeError("disk full")), RuntimeError, id="raises-after-creating"),
        pytest.param(rebuild_failing_at(COPY + 2, RuntimeError("disk full")), RuntimeError, id="raises-after-dropping"),
        pytest.param(rebuild_failing_at(COPY + 3, KeyboardInterrupt()), KeyboardInterrupt, id="ctrl-c-after-renaming"),
        pytest.param(rebuild_losing_a_person, DamagedJournal, id="breaks-references"),
    ],
)
def test_a_migration_that_fails_part_way_changes_nothing(tmp_path, v1, shapes, monkeypatch, apply, refused):
    path = tmp_path / "journal.db"
    shutil.copyfile(v1, path)
    connect(path, now=NOW).close()  # at the real latest version
    rows = counts(path)
    add_test_migration(migrations.Migration(TEST, "9999_test_broken", apply, rebuild=True), monkeypatch.setattr)
    with pytest.raises(refused):
        connect(path, now=NOW)
    assert signature(path) == shapes[TEST - 1]
    assert counts(path) == rows
    sound(path)


def test_a_rebuild_runs_with_foreign_keys_off_and_puts_them_back(tmp_path, v1, shapes, monkeypatch):
    """The same rebuild without the flag: dropping `person` with foreign keys on would cascade into
    every meeting, insight and promise; the search index's triggers on those tables make SQLite
    refuse the drop ("table is locked"), so the rebuild rolls back whole and nothing is lost. With
    the flag it runs, and nothing is lost either."""
    from onetoone.errors import OtoError

    for flagged in (False, True):
        path = tmp_path / f"flag-{flagged}" / "journal.db"
        path.parent.mkdir()
        shutil.copyfile(v1, path)
        with monkeypatch.context() as patch:
            add_test_migration(migrations.Migration(TEST, "9999_test_person_pronouns", slow_rebuild, rebuild=flagged), patch.setattr)
            if not flagged:
                with pytest.raises(OtoError):
                    connect(path, now=NOW)
                assert signature(path) == shapes[TEST - 1]
                assert {table: n for table, n in counts(path).items() if table in counts(v1)} == counts(v1)
                sound(path)
                continue
            db = connect(path, now=NOW)
        try:
            assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        finally:
            db.close()
        assert signature(path) == shapes[TEST]
        assert {table: n for table, n in counts(path).items() if n != counts(v1)[table]} == {}
