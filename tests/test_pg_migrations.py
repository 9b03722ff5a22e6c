"""One migration list for both backends: a team journal's schema is the frozen first schema
(store/pg_baseline.py) plus each later migration's PostgreSQL step, whether installed fresh or
brought forward by `oto team upgrade`; each step is a transaction of its own."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from onetoone.store import migrations, pg_baseline, pg_schema, pg_setup
from onetoone.store.migrations import MIGRATIONS, Migration, _script
from tests.conftest import NOW
from tests.teamjournal import url_of

# A migration of the future, for these tests only: a private table of each organizer's goals and
# a column on a table that has rows, each as a later migration would write them.
GOALS = Migration(
    migrations.LATEST + 1, "9911_test_goals", _script("SELECT 1"),
    postgres=_script(
        "CREATE TABLE test_goal (id SERIAL NOT NULL, person_id INTEGER NOT NULL, text VARCHAR NOT NULL, "
        f"{pg_schema.OWNER_COLUMN}, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);\n"
        "CREATE INDEX ix_test_goal_person_id ON test_goal (person_id);\n"
        "ALTER TABLE meeting ADD COLUMN mood VARCHAR;\n"
        "CREATE INDEX ix_meeting_mood ON meeting (mood)"
    ),
)
WITH_GOALS = MIGRATIONS + (GOALS,)
# One that fails after its first statement: PostgreSQL's DDL is transactional, so nothing of it stays.
HALF_WAY = Migration(
    GOALS.version + 1, "9912_test_half_way", _script("SELECT 1"),
    postgres=_script("CREATE TABLE test_half (id SERIAL NOT NULL, PRIMARY KEY (id));\nSELECT 1 / 0"),
)


@pytest.fixture
def goals_are_private(monkeypatch):
    """The test table is an organizer's own, as a real migration's new table is named in pg_schema."""
    monkeypatch.setattr(pg_schema, "PRIVATE", pg_schema.PRIVATE + ("test_goal",))


def test_every_migration_after_the_baseline_has_a_postgresql_step():
    assert pg_baseline.VERSION == migrations.PG_BASELINE
    missing = [m.name for m in MIGRATIONS if m.version > migrations.PG_BASELINE and m.postgres is None]
    assert missing == [], f"give these migrations a postgres step: {missing}"


def test_a_migration_without_a_postgresql_step_is_refused_not_skipped():
    lacking = Migration(GOALS.version, "9911_sqlite_only", _script("SELECT 1"))
    with pytest.raises(RuntimeError, match="9911_sqlite_only has no PostgreSQL step"):
        pg_setup._steps(MIGRATIONS + (lacking,), migrations.PG_BASELINE)


def test_the_frozen_baseline_and_the_steps_are_what_the_models_describe(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
        installed = _shape(conn)
    with _another_database(pg) as other, psycopg.connect(other) as conn:
        for statement in pg_schema._ddl():
            conn.execute(statement)
        described = _shape(conn)
    assert installed == described


def test_fresh_equals_upgraded_with_the_teams_privacy_on_what_a_step_adds(pg, goals_are_private):
    import psycopg

    with psycopg.connect(pg.url) as conn:  # a team journal of today's oto, then brought forward
        pg_setup.install(conn, now=NOW)
        _team(pg, conn)
        assert pg_setup.upgrade(conn, now=NOW, where="here", migrations=WITH_GOALS) == ["9911_test_goals"]
        upgraded = _shape(conn)
        assert pg_schema.version(conn) == GOALS.version
        assert pg_setup.upgrade(conn, now=NOW, where="here", migrations=WITH_GOALS) == []  # again: nothing to do
        assert _shape(conn) == upgraded
    with _another_database(pg) as other, psycopg.connect(other) as conn:  # a team journal made at that version
        pg_setup.install(conn, now=NOW, migrations=WITH_GOALS)
        _team(pg, conn)
        fresh = _shape(conn)
    assert upgraded == fresh
    assert {"reads", "adds", "updates", "deletes"} <= {policy for table, policy, *_ in upgraded["policies"] if table == "test_goal"}
    assert ("meeting", "mood", "UPDATE") in upgraded["column grants"]


def test_the_push_identity_table_is_the_same_whether_upgraded_to_or_installed(pg):
    """A team journal made before `oto team push` remembered its rows, brought forward by
    `oto team upgrade`, is the one `oto team init` makes today: the `pushed` table, private under
    row-level security. Found by name, not number: other migrations may come before it at merge."""
    import psycopg

    at = next(n for n, m in enumerate(MIGRATIONS) if m.name == "0012_push_identity")
    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW, migrations=MIGRATIONS[:at])
        _team(pg, conn)
        assert conn.execute("SELECT to_regclass('pushed')").fetchone() == (None,)
        assert "0012_push_identity" in pg_setup.upgrade(conn, now=NOW, where="here")
        upgraded = _shape(conn)
    fresh = _fresh_shape(pg)
    assert upgraded == fresh
    assert {"reads", "adds", "updates", "deletes"} <= {policy for table, policy, *_ in fresh["policies"] if table == "pushed"}
    assert ("pushed", "r", "DB_owner", "True") in fresh["owners"]


def test_a_team_journal_of_the_baseline_brought_to_today_is_a_fresh_one(pg):
    """The real steps after the frozen first schema (the team search's indexes, stored words and fold, and any
    later one), on a team journal with rows, give what `oto team init` gives today: the functions
    handed to the owner and run by the organizers only, as the tables are."""
    import psycopg

    at_baseline = tuple(m for m in MIGRATIONS if m.version <= migrations.PG_BASELINE)
    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW, migrations=at_baseline)
        _team(pg, conn)
        person = conn.execute("INSERT INTO person (name, name_key, stage, do_not_contact, created_on, owner) "
                              "VALUES ('Ana Núñez', 'ana nunez', 'contact', false, '2026-03-02', 'x') RETURNING id").fetchone()[0]
        conn.execute("INSERT INTO meeting (person_id, status, note, created_at, owner) VALUES (%s, 'held', 'The rent STRIKE', now(), 'x')",
                     (person,))
        conn.commit()
        applied = pg_setup.upgrade(conn, now=NOW, where="here")
        assert any(name.endswith("_team_search_index") for name in applied) and len(applied) == migrations.LATEST - migrations.PG_BASELINE
        upgraded = _shape(conn)
        assert conn.execute("SELECT count(*) FROM person WHERE oto_search_words(name) @@ to_tsquery('simple', 'nunez')").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM meeting WHERE note_words @@ to_tsquery('simple', 'strike')").fetchone() == (1,)
    fresh = _fresh_shape(pg)
    assert upgraded == fresh
    functions = {name: (owner, acl) for name, owner, acl, *_ in upgraded["functions"]}
    assert "oto_search_words(words text)" in functions
    assert ("meeting", "note_words", "0") in upgraded["statistics"]
    assert ("meeting", "note", "0") in upgraded["statistics"] and ("undo_log", "sql", "0") in upgraded["statistics"]
    for name, (owner, acl) in functions.items():
        if not name.startswith("oto_search_"):
            continue  # the team's own (oto_forget, oto_guard_delete): tests/test_team_privacy.py
        assert owner == "DB_owner", name
        assert "DB_organizers=X/" in acl and not acl.startswith("{=X") and ",=X" not in acl, (name, acl)  # not PUBLIC's


def test_the_forget_of_a_team_made_before_is_replaced_by_today_s(pg):
    """Migration 0015 replaces a team's oto_forget (made by `oto team init` before it) by the one
    that also drops push's memory of what it erases, its owner and privileges kept: as fresh.
    Found by name, not number: other migrations may come before it at merge."""
    import psycopg

    at = next(n for n, m in enumerate(MIGRATIONS) if m.name == "0015_forget_pushed")
    before = MIGRATIONS[:at]
    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW, migrations=before)
        _team(pg, conn)
        # the function as 0015 finds it: one that knows nothing of `pushed` (a stand-in of the old body)
        conn.execute("CREATE OR REPLACE FUNCTION oto_forget(target bigint) RETURNS SETOF text LANGUAGE plpgsql "
                     "SECURITY DEFINER SET search_path = public, pg_temp AS $$BEGIN RETURN; END$$")
        conn.commit()
        assert "0015_forget_pushed" in pg_setup.upgrade(conn, now=NOW, where="here")
        upgraded = _shape(conn)
    fresh = _fresh_shape(pg)
    assert upgraded == fresh
    forget = next(f for f in upgraded["functions"] if f[0] == "oto_forget(target bigint)")
    assert forget[1] == "DB_owner" and "DELETE FROM pushed" in forget[5]


def test_an_organizer_works_on_what_the_upgrade_added_and_sees_only_their_own(pg, goals_are_private):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
        made = _team(pg, conn)
        ana, ben = pg.role("ana"), pg.role("ben")
        pg_schema.add_organizer(conn, ana)
        pg_schema.add_organizer(conn, ben)
        conn.commit()
        pg_setup.upgrade(conn, now=NOW, where="here", migrations=WITH_GOALS)
    with psycopg.connect(pg.url_as(ana)) as conn:
        person = conn.execute("INSERT INTO person (name, name_key, stage, do_not_contact, created_on) "
                              "VALUES ('Maria Lopez', 'maria lopez', 'contact', false, '2026-03-02') RETURNING id").fetchone()[0]
        conn.execute("INSERT INTO test_goal (person_id, text) VALUES (%s, 'a house meeting')", (person,))
        conn.execute("INSERT INTO meeting (person_id, status, created_at) VALUES (%s, 'planned', now())", (person,))
        assert conn.execute("UPDATE meeting SET mood = 'hopeful'").rowcount == 1
    with psycopg.connect(pg.url_as(ben)) as conn:
        assert conn.execute("SELECT count(*) FROM test_goal").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1


def test_a_step_that_fails_half_way_leaves_the_version_before_it(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
        conn.commit()
        with pytest.raises(psycopg.errors.DivisionByZero):
            pg_setup.upgrade(conn, now=NOW, where="here", migrations=WITH_GOALS + (HALF_WAY,))
    with psycopg.connect(pg.url) as conn:  # what the server kept: the step before, whole; nothing of the one that failed
        assert pg_schema.version(conn) == GOALS.version
        assert conn.execute("SELECT to_regclass('test_goal') IS NOT NULL, to_regclass('test_half') IS NULL").fetchone() == (True, True)
        assert conn.execute("SELECT max(version) FROM migration").fetchone()[0] == GOALS.version


def test_oto_team_upgrade_on_an_up_to_date_journal_does_nothing(pg, oto):
    admin = url_of(pg.url)
    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    assert oto("team", "init", admin).exit_code == 0
    ran = oto("team", "upgrade", admin)
    assert ran.exit_code == 0, ran.output
    assert f"already at schema {migrations.LATEST}" in ran.stderr + ran.stdout


def test_oto_team_upgrade_refuses_a_newer_schema_as_the_opener_does(pg, oto, monkeypatch):
    import psycopg

    admin = url_of(pg.url)
    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    assert oto("team", "init", admin).exit_code == 0
    with psycopg.connect(pg.url) as conn:
        conn.execute("INSERT INTO migration (version, name, applied_at) VALUES (%s, 'from the future', now())",
                     (migrations.LATEST + 1,))
    upgrading = oto("team", "upgrade", admin)
    monkeypatch.setenv("OTO_DATABASE_URL", admin)
    opening = oto("people")
    assert upgrading.exit_code == opening.exit_code == 3
    assert upgrading.stderr == opening.stderr
    assert "newer oto" in upgrading.stderr and "was not changed" in upgrading.stderr
    with psycopg.connect(pg.url) as conn:
        assert pg_schema.version(conn) == migrations.LATEST + 1


def test_an_older_team_journal_is_refused_for_organizers_with_the_way_forward(pg, oto, monkeypatch):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
    monkeypatch.setattr(migrations, "LATEST", GOALS.version)  # this oto knows one migration more
    monkeypatch.setenv("OTO_DATABASE_URL", url_of(pg.url))
    ran = oto("people")
    assert ran.exit_code == 3
    assert "ask your admin to run `oto team upgrade`" in ran.stderr and len(ran.stderr.strip().splitlines()) == 1


def test_oto_team_upgrade_is_the_admins(pg, oto):
    with_team = url_of(pg.url)
    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    assert oto("team", "init", with_team).exit_code == 0
    ana = pg.role("ana")
    assert oto("team", "add-organizer", ana, "--url", with_team).exit_code == 0
    ran = oto("team", "upgrade", url_of(pg.url_as(ana)))
    assert ran.exit_code == 1 and "superuser" in ran.stderr


# -- helpers ----------------------------------------------------------------------------------------


def _team(pg, conn):
    made = pg_setup.init_team(conn, now=NOW)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    conn.commit()
    return made


def _fresh_shape(pg) -> dict:
    """The shape of a team journal installed today, in a second database."""
    import psycopg

    with _another_database(pg) as other, psycopg.connect(other) as conn:
        pg_setup.install(conn, now=NOW)
        _team(pg, conn)
        return _shape(conn)


@contextmanager
def _another_database(pg):
    """A second database of this test's own (its roles carry the test's suffix: the pg fixture drops them)."""
    import psycopg

    from tests.pgserver import ADMIN_URL

    name = f"{pg.database}_b"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield pg.url.replace(f"dbname={pg.database}", f"dbname={name}")
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _shape(conn) -> dict[str, set]:
    """What a schema is, from the catalog: columns, indexes, constraints, policies, triggers,
    owners and privileges, with the database's name (in its roles' names) made the same."""
    database = conn.execute("SELECT current_database()").fetchone()[0]

    def rows(sql: str) -> set:
        return {tuple(str(value).replace(database, "DB") for value in row) for row in conn.execute(sql)}

    return {
        "columns": rows("SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                        "WHERE table_schema = 'public'"),
        "indexes": rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"),
        "constraints": rows("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE connamespace = 'public'::regnamespace"),
        "policies": rows("SELECT tablename, policyname, cmd, roles, qual, with_check FROM pg_policies WHERE schemaname = 'public'"),
        "triggers": rows("SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"),
        "owners": rows("SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relrowsecurity FROM pg_class c "
                       "WHERE c.relnamespace = 'public'::regnamespace"),
        "grants": rows("SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants "
                       "WHERE table_schema = 'public'"),
        "column grants": {(table, column, privilege) for table, column, grantee, privilege in rows(
            "SELECT table_name, column_name, grantee, privilege_type FROM information_schema.column_privileges "
            "WHERE table_schema = 'public' AND grantee LIKE '%organizers'")},
        "sequence grants": rows("SELECT c.relname, coalesce(c.relacl::text, '') FROM pg_class c "
                                "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'"),
        "functions": rows("SELECT format('%I(%s)', proname, pg_get_function_identity_arguments(oid)), pg_get_userbyid(proowner), "
                          "coalesce(proacl::text, ''), prosecdef, provolatile, prosrc FROM pg_proc "
                          "WHERE pronamespace = 'public'::regnamespace"),
        "statistics": rows("SELECT c.relname, a.attname, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                           "WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND a.attstattarget <> -1"),
        "generated": rows("SELECT table_name, column_name, generation_expression FROM information_schema.columns "
                          "WHERE table_schema = 'public' AND is_generated = 'ALWAYS'"),
    }


# A step that stops half-way until it is killed: its table made, its row not yet written.
_KILLED_UPGRADE = """
import sys
import psycopg
from onetoone.store import migrations, pg_schema, pg_setup
from onetoone.store.migrations import Migration, _script
from tests.conftest import NOW

stuck = Migration(migrations.LATEST + 1, "9911_test_stuck", _script("SELECT 1"), postgres=_script(
    "CREATE TABLE test_stuck (id SERIAL NOT NULL, PRIMARY KEY (id));\\n"
    "SET LOCAL client_connection_check_interval = '100ms';\\n"
    "SELECT 'stuck in oto upgrade', pg_sleep(600)"))
with psycopg.connect(sys.argv[1]) as conn:
    pg_setup.upgrade(conn, now=NOW, where="here", migrations=migrations.MIGRATIONS + (stuck,))
"""


def test_an_upgrade_killed_mid_step_leaves_exactly_the_old_version(pg):
    import os
    import signal
    import subprocess
    import sys

    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    upgrading = subprocess.Popen([sys.executable, "-c", _KILLED_UPGRADE, pg.url], cwd=root)
    try:
        with psycopg.connect(pg.url, autocommit=True) as watch:
            backend = _wait_for(watch, "SELECT pid FROM pg_stat_activity WHERE query LIKE %s AND pid <> pg_backend_pid()",
                                ("%stuck in oto upgrade%",), upgrading)
            assert watch.execute("SELECT to_regclass('test_stuck')").fetchone()[0] is None  # not committed: nobody sees it
            upgrading.send_signal(signal.SIGKILL)
            upgrading.wait()
            _wait_for(watch, "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)", (backend,), None)
            assert pg_schema.version(watch) == migrations.LATEST
            assert watch.execute("SELECT to_regclass('test_stuck')").fetchone()[0] is None
            assert watch.execute("SELECT count(*) FROM migration WHERE version > %s", (migrations.LATEST,)).fetchone()[0] == 0
    finally:
        if upgrading.poll() is None:
            upgrading.kill()
            upgrading.wait()


def test_two_upgrades_never_interleave(pg, goals_are_private):
    """While another upgrade holds the lock and then records the step, this one waits, then finds
    the step done and does nothing."""
    import threading

    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
    with psycopg.connect(pg.url) as first, psycopg.connect(pg.url, autocommit=True) as watch:
        first.execute("LOCK TABLE migration IN EXCLUSIVE MODE")
        done: list = []

        def second() -> None:
            with psycopg.connect(pg.url) as conn:
                done.append(pg_setup.upgrade(conn, now=NOW, where="here", migrations=WITH_GOALS))

        waiting = threading.Thread(target=second)
        waiting.start()
        _wait_for(watch, "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                         "WHERE c.relname = 'migration' AND NOT l.granted", (), None)
        GOALS.postgres(first)
        pg_setup._record(first, GOALS, NOW)
        first.commit()
        waiting.join(120)
    assert done == [[]]
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM migration WHERE version = %s", (GOALS.version,)).fetchone()[0] == 1


def _wait_for(conn, sql: str, params: tuple, process, *, seconds: int = 120):
    """The first column of the first row `sql` finds, once it finds one (polling; fails after long)."""
    import time

    for _ in range(seconds * 10):
        found = conn.execute(sql, params).fetchone()
        if found is not None:
            return found[0]
        assert process is None or process.poll() is None, "the upgrade ended before it was killed"
        time.sleep(0.1)
    raise AssertionError(f"never found: {sql}")
