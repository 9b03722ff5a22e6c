"""store/pg_setup.install: every table of the models on PostgreSQL, each row with its owner."""

from datetime import datetime

import pytest

from onetoone.store import pg_schema, pg_setup
from onetoone.store.migrations import LATEST

NOW = datetime(2026, 3, 2, 9, 30)


def test_install_creates_every_model_table_with_an_owner_and_the_version(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        assert pg_schema.version(conn) is None
        pg_setup.install(conn, now=NOW)
        assert pg_schema.version(conn) == LATEST
        found = {
            name: default
            for name, default in conn.execute(
                "SELECT table_name, column_default FROM information_schema.columns "
                "WHERE table_schema = 'public' AND column_name = 'owner' AND is_nullable = 'NO'"
            )
        }
    assert set(found) == set(pg_schema.tables()) | {"pushed"}  # and push's memory, the team journal's own (PUSHED_DDL)
    assert all(default == "CURRENT_USER" for default in found.values()), found


def test_install_twice_is_refused_and_changes_nothing(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
        with pytest.raises(psycopg.errors.DuplicateTable):
            pg_setup.install(conn, now=NOW)
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM migration").fetchone()[0] == LATEST


def test_each_organizer_has_their_own_settings(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
        conn.execute("INSERT INTO setting (key, value, owner) VALUES ('cadence', '30', 'ana'), ('cadence', '14', 'ben')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO setting (key, value, owner) VALUES ('cadence', '7', 'ana')")


def test_a_team_is_made_of_a_journal_already_installed_keeping_its_rows(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW)
        conn.execute("INSERT INTO story (text, created_on) VALUES ('kept', '2026-03-02')")
        conn.commit()
        made = pg_setup.init_team(conn, now=NOW)
        pg.roles.extend([made.owner, made.organizers, made.admins])
        assert conn.execute("SELECT text, owner FROM story").fetchall() == [("kept", "postgres")]
        assert pg_schema.current_team(conn) == made
        assert conn.execute("SELECT count(*) FROM migration").fetchone()[0] == LATEST  # not installed twice
