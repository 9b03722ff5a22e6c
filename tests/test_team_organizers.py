"""Two organizers on one team journal, each writing through oto itself (OTO_DATABASE_URL, the
PostgreSQL journal opener), and organizer B reading the server with plain psycopg: none of A's
words, until A shares them; forgetting, by whoever may."""

from __future__ import annotations

import pytest

from onetoone.store import pg_schema
from tests.teamjournal import url_of

psycopg = pytest.importorskip("psycopg")

SECRET = "SECRETofA"


@pytest.fixture
def organizers(pg, oto):
    """A team journal set up through `oto team`, with organizers A and B; A's week with Rosa
    written through oto's commands. Returns a runner for each and the roles."""
    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    admin = url_of(pg.url)
    assert oto("team", "init", admin).exit_code == 0
    a, b = pg.role("ana"), pg.role("ben")
    for role in (a, b):
        assert oto("team", "add-organizer", role, "--url", admin).exit_code == 0

    def runner(role):
        def run(*args):
            ran = oto(*args, env={"OTO_DATABASE_URL": url_of(pg.url_as(role))})
            assert ran.exit_code == 0, ran.output
            return ran
        return run

    as_a = runner(a)
    as_a("add", "Rosa Parks", "--contact", "555-0100", "--tag", "tenants", "--boundary", "Never call before noon")
    as_a("reflect", "Rosa", "--minutes", "40", "--listened", "70", "--self-interest", f"{SECRET} rent",
         "--concern", f"{SECRET} landlord", "--ask", f"{SECRET} host a house meeting by sat", "--answer", "yes",
         "--i-promise", f"{SECRET} send the flyer by fri", "--next-step", f"{SECRET} meet her sister", "--next", "+2w",
         "--note", f"{SECRET} note")
    as_a("log", "Rosa", "--call", f"{SECRET} called about the rent")
    as_a("story", f"{SECRET} my own story")
    as_a("goal", "7")
    return pg, a, b, as_a, runner(b)


def _readable_text(url) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        return repr([conn.execute(f"SELECT * FROM {pg_schema.ident(name)}").fetchall()
                     for name in pg_schema.tables() + list(pg_schema.VIEWS)])


def test_b_reads_the_people_and_none_of_what_a_wrote(organizers):
    pg, a, b, as_a, as_b = organizers
    assert SECRET in _readable_text(pg.url_as(a))
    seen = _readable_text(pg.url_as(b))
    assert SECRET not in seen
    assert "Rosa Parks" in seen and "555-0100" in seen and "Never call before noon" in seen  # the person's record and boundary
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT organizer, status, note FROM team_meeting").fetchall() == [(a, "held", None)]
        assert conn.execute("SELECT organizer, direction, status, text FROM team_promise ORDER BY direction").fetchall() == [
            (a, "mine", "open", None), (a, "theirs", "open", None)]
        assert conn.execute("SELECT stage FROM person").fetchall() == [("committed",)]  # the yes moved her, for everyone
    # B's oto knows Rosa, and not what A learned
    shown = as_b("show", "Rosa").stdout
    assert "Rosa Parks" in shown and SECRET not in shown


def test_b_removing_a_tag_or_boundary_a_added_is_refused_in_one_line(organizers, oto):
    pg, a, b, as_a, as_b = organizers
    env = {"OTO_DATABASE_URL": url_of(pg.url_as(b))}
    for args in (("--remove-tag", "tenants"), ("--remove-boundary", "Never call before noon")):
        ran = oto("edit", "Rosa", *args, env=env)
        assert ran.exit_code == 1, ran.output
        assert f"only {a} (who added it) or an admin may delete" in ran.stderr and ran.stderr.count("\n") == 1
    shown = as_a("show", "Rosa").stdout
    assert "#tenants" in shown and "Never call before noon" in shown
    as_b("edit", "Rosa", "--tag", "housing")  # B's own tag, B may take back
    as_b("edit", "Rosa", "--remove-tag", "housing")


def test_b_cannot_change_or_delete_what_a_wrote(organizers):
    pg, a, b, as_a, as_b = organizers
    with psycopg.connect(pg.url_as(b), autocommit=True) as conn:
        for table in pg_schema.PRIVATE:
            assert conn.execute(f"DELETE FROM {pg_schema.ident(table)} WHERE kind IS DISTINCT FROM 'boundary'"
                                if table == "insight" else f"DELETE FROM {pg_schema.ident(table)}").rowcount == 0, table
        assert conn.execute("UPDATE meeting SET note = 'mine now'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM person")
    assert SECRET in _readable_text(pg.url_as(a))


def test_what_a_shares_b_reads(organizers):
    pg, a, b, as_a, as_b = organizers
    assert "Shared m1" in as_a("share", "m1").output
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT note, next_step FROM team_meeting").fetchall() == [(f"{SECRET} note", f"{SECRET} meet her sister")]
        assert conn.execute("SELECT count(*) FROM team_insight").fetchone() == (0,)  # the meeting's note only
    as_a("reflect", "Rosa", "--at", "today", "--value", "SHAREDofA family first", "--note", "SHAREDofA second", "--share")
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT text FROM team_insight").fetchall() == [("SHAREDofA family first",)]
        assert ("SHAREDofA second",) in conn.execute("SELECT note FROM team_meeting").fetchall()
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT count(*) FROM team_story").fetchone() == (0,)


def test_b_sharing_a_s_meeting_is_refused(organizers, oto):
    pg, a, b, as_a, as_b = organizers
    ran = oto("share", "m1", env={"OTO_DATABASE_URL": url_of(pg.url_as(b))})
    assert ran.exit_code == 1 and "No meeting m1 of yours" in ran.stderr


def test_forget_is_for_an_admin_or_whoever_added_them_and_erases_everyone_s_rows(organizers, oto):
    pg, a, b, as_a, as_b = organizers
    as_b("log", "Rosa", "--visit", "B was here")
    ran = oto("forget", "Rosa", "--yes", env={"OTO_DATABASE_URL": url_of(pg.url_as(b))})
    assert ran.exit_code == 1 and "only an admin or the organizer who added them" in ran.stderr
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (2,)
    as_a("forget", "Rosa", "--yes")
    with psycopg.connect(pg.url) as conn:  # as the superuser, past RLS: nothing about her, of anyone's
        everything = {name: conn.execute(f"SELECT * FROM {name}").fetchall() for name in pg_schema.tables() if name != "migration"}
    assert [name for name, rows in everything.items() if "Rosa" in repr(rows) or "B was here" in repr(rows)] == []
    assert [name for name, rows in everything.items() if SECRET in repr(rows)] == ["story"]  # A's own story stays


def test_a_shares_a_story_a_promise_and_an_amended_reflection(organizers):
    pg, a, b, as_a, as_b = organizers
    assert "Shared s1 with the team." in as_a("share", "s1").output
    assert "Shared p1 with the team: its text." in as_a("share", "p1").output
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT text FROM team_story").fetchall() == [(f"{SECRET} my own story",)]
        texts = [text for (text,) in conn.execute("SELECT text FROM team_promise WHERE id = 1")]
        assert texts and texts[0] is not None and SECRET in texts[0]
        assert conn.execute("SELECT note FROM team_meeting").fetchall() == [(None,)]
    as_a("reflect", "--amend", "m1", "--note", "SHAREDofA amended", "--share")
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT note FROM team_meeting").fetchall() == [("SHAREDofA amended",)]
        insights = repr(conn.execute("SELECT text FROM team_insight").fetchall())
        assert f"{SECRET} rent" in insights  # what the amended reflection holds, shared with it
        assert conn.execute("SELECT text FROM ask").fetchall() == []  # its ask stays A's
