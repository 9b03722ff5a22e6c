"""`oto team init`, `oto team add-organizer` and `oto share` through the CLI, against a real
PostgreSQL (the admin's commands) and the organizer's own SQLite journal (sharing refused)."""

from __future__ import annotations

import pytest

from onetoone.store import pg_schema
from onetoone.store.migrations import LATEST

psycopg = pytest.importorskip("psycopg")


def _url(pg, user="postgres") -> str:
    return f"postgresql://{user}@127.0.0.1:5432/{pg.database}"


def _team_roles(pg):
    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    return made


def test_the_admin_sets_up_a_team_and_lets_organizers_in(oto, pg):
    made = _team_roles(pg)
    ran = oto("team", "init", _url(pg))
    assert ran.exit_code == 0, ran.output
    assert f"{pg.database} is now a team journal" in ran.output
    ana, ben = pg.role("ana"), pg.role("ben")
    ran = oto("team", "add-organizer", ana, "--url", _url(pg))
    assert ran.exit_code == 0, ran.output
    assert f"\\password {ana}" in ran.output
    ran = oto("team", "add-organizer", ben, "--admin", env={"OTO_DATABASE_URL": _url(pg)})
    assert ran.exit_code == 0, ran.output
    with psycopg.connect(pg.url) as conn:
        assert pg_schema.version(conn) == LATEST
        members = conn.execute(
            "SELECT r.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname IN (%s, %s) ORDER BY 1, 2", (ana, ben)).fetchall()
        assert members == [(ana, made.organizers), (ben, made.admins), (ben, made.organizers)]
        assert conn.execute("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = %s", (ana,)).fetchone() == (True,)
    with psycopg.connect(pg.url_as(ana)) as conn:  # in, as an organizer
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)


def test_init_twice_is_refused_with_one_line_and_changes_nothing(oto, pg):
    _team_roles(pg)
    assert oto("team", "init", _url(pg)).exit_code == 0
    ran = oto("team", "init", _url(pg))
    assert ran.exit_code == 1
    assert ran.stderr.count("\n") == 1 and "already has a team" in ran.stderr


def test_a_url_with_a_password_is_refused_before_connecting(oto, pg):
    ran = oto("team", "init", f"postgresql://postgres:hunter2@127.0.0.1:5432/{pg.database}")
    assert ran.exit_code == 1
    assert "holds a password" in ran.stderr and "hunter2" not in ran.output
    ran = oto("team", "add-organizer", "ana", "--url", f"postgresql://postgres@127.0.0.1/{pg.database}?password=hunter2")
    assert ran.exit_code == 1 and "holds a password" in ran.stderr
    with psycopg.connect(pg.url) as conn:
        assert pg_schema.version(conn) is None


def test_init_needs_a_superuser_and_a_server_that_answers(oto, pg):
    organizer = pg.role("plain")
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {organizer} LOGIN")
    ran = oto("team", "init", _url(pg, organizer))
    assert ran.exit_code == 1 and "superuser" in ran.stderr
    ran = oto("team", "init", "postgresql://postgres@127.0.0.1:1/nowhere")
    assert ran.exit_code == 1 and "oto: Cannot connect to the team journal:" in ran.stderr
    assert oto("team", "init").exit_code == 1  # no URL at all: says how to give one


def test_add_organizer_refuses_bad_names_superusers_and_a_database_without_a_team(oto, pg):
    ran = oto("team", "add-organizer", "ana", "--url", _url(pg))
    assert ran.exit_code == 1 and "oto team init first" in ran.stderr
    _team_roles(pg)
    assert oto("team", "init", _url(pg)).exit_code == 0
    ran = oto("team", "add-organizer", "Ana; DROP ROLE postgres", "--url", _url(pg))
    assert ran.exit_code == 1 and "lower-case letters" in ran.stderr
    ran = oto("team", "add-organizer", "postgres", "--url", _url(pg))
    assert ran.exit_code == 1 and "superuser" in ran.stderr


def test_sharing_on_your_own_journal_is_refused_with_one_line(oto):
    assert oto("add", "Maria Lopez").exit_code == 0
    ran = oto("share", "m1")
    assert ran.exit_code == 1 and "for a team journal" in ran.stderr and ran.stderr.count("\n") == 1
    ran = oto("reflect", "Maria", "--note", "Rent keeps rising", "--share")
    assert ran.exit_code == 1 and "for a team journal" in ran.stderr
    assert "Rent" not in oto("show", "Maria").stdout  # nothing was saved
