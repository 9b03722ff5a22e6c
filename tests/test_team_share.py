"""Sharing and forgetting on a team journal: `domain/team.share`, `share_reflection` and
`domain/forget.forget` on the PostgreSQL journal opened as each organizer in turn."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from onetoone.domain import forget, team
from onetoone.domain.people import PersonRef
from onetoone.errors import JournalRefused, NotFound, TeamRefused
from onetoone.store import pg_schema, pg_setup
from tests.teamjournal import url_of
from tests.test_team_privacy import NOW, SECRET, _write_as

psycopg = pytest.importorskip("psycopg")


@contextmanager
def journal_as(pg, role):
    """The team journal for one command, as the organizer `role` (store/postgres.open_journal)."""
    from onetoone.store import postgres

    with postgres.open_journal(url_of(pg.url_as(role)), now=NOW, write=True) as journal:
        yield journal


@pytest.fixture
def team_of_three(pg):
    with psycopg.connect(pg.url) as admin:
        made = pg_setup.init_team(admin, now=NOW)
        pg.roles.extend([made.owner, made.organizers, made.admins])
        roles = pg.role("ana"), pg.role("ben"), pg.role("cleo")
        for role in roles:
            pg_schema.add_organizer(admin, role, admin=role.startswith("cleo"))
    return pg, roles


def _as(pg, role):
    return psycopg.connect(pg.url_as(role))


def test_share_shows_one_item_to_the_team_and_only_the_writer_can(team_of_three):
    pg, (a, b, c) = team_of_three
    ids = _write_as(pg.url_as(a))
    with pytest.raises(NotFound, match="of yours"):  # B cannot share A's words: to B they do not exist
        with journal_as(pg, b) as journal:
            team.share(journal, f"m{ids['meeting']}")
    with _as(pg, b) as conn:
        assert conn.execute("SELECT note FROM team_meeting").fetchall() == [(None,)]
    with journal_as(pg, a) as journal:
        assert team.share(journal, f"m{ids['meeting']}") == team.Shared("meeting", ids["meeting"], 1)
        assert team.share(journal, f"I{ids['insight']}").kind == "insight"
    with _as(pg, b) as conn:
        assert conn.execute("SELECT note FROM team_meeting").fetchall() == [(f"{SECRET} note",)]
        assert (f"{SECRET} insight",) in conn.execute("SELECT text FROM team_insight").fetchall()
        assert conn.execute("SELECT text FROM team_promise").fetchall() == [(None,)]  # not shared: still A's alone


def test_share_names_the_kinds_it_knows(team_of_three):
    pg, (a, b, c) = team_of_three
    with journal_as(pg, a) as journal:
        for typed in ("f3", "p", "x12", "m3x"):
            with pytest.raises(NotFound, match="a meeting .m3., an insight .i7., a story .s2. or a promise .p5."):
                team.share(journal, typed)


def test_share_reflection_shows_the_meeting_its_insights_and_promises_not_its_asks(team_of_three):
    pg, (a, b, c) = team_of_three
    ids = _write_as(pg.url_as(a))
    with journal_as(pg, a) as journal:
        assert team.share_reflection(journal, ids["meeting"]).rows == 3  # the meeting, one insight, one promise
    with _as(pg, b) as conn:
        seen = repr([conn.execute(f"SELECT * FROM {view}").fetchall() for view in pg_schema.VIEWS])
        assert f"{SECRET} note" in seen and f"{SECRET} insight" in seen and f"{SECRET} promise" in seen
        assert f"{SECRET} ask" not in seen and f"{SECRET} story" not in seen


def test_sharing_on_an_organizers_own_sqlite_journal_is_refused_with_one_line(open_journal):
    with open_journal() as journal:
        with pytest.raises(TeamRefused, match="for a team journal"):
            team.share(journal, "m1")
        with pytest.raises(TeamRefused, match="for a team journal"):
            team.share_reflection(journal, 1)


def _about(pg, role, person_id):
    """How many rows of every table mention the person, counted past RLS (as the superuser)."""
    with psycopg.connect(pg.url) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table} WHERE person_id = %s", (person_id,)).fetchone()[0]
            for table in ("meeting", "insight", "promise", "ask", "followup", "contact", "tag")
        } | {"person": conn.execute("SELECT count(*) FROM person WHERE id = %s", (person_id,)).fetchone()[0]}


def _bs_meeting_about(pg, b, person_id):
    with _as(pg, b) as conn:
        conn.execute("INSERT INTO meeting (person_id, status, held_on, note, created_at) VALUES (%s, 'held', '2026-03-03', 'B wrote this', now())",
                     (person_id,))
        conn.execute("INSERT INTO setting (key, value) SELECT 'calendar_event:uid-b', id::text FROM meeting")


def test_forget_by_the_organizer_who_added_them_erases_everyone_s_rows(team_of_three):
    pg, (a, b, c) = team_of_three
    ids = _write_as(pg.url_as(a))
    _bs_meeting_about(pg, b, ids["person"])
    other = _write_as(pg.url_as(a), name="Ella Baker")  # someone else, who stays
    with journal_as(pg, a) as journal:
        gone = forget.forget(journal, PersonRef(ids["person"], "Rosa Parks", "met"))
    # A's meeting, planned ask, three insights (one a boundary), promise, ask, follow-up, contact
    # and tag; B's meeting and B's calendar event that became it; the person
    assert gone.rows == 13
    assert set(_about(pg, a, ids["person"]).values()) == {0}
    assert _about(pg, a, other["person"])["meeting"] == 1
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM setting WHERE owner = %s", (b,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM undo_log").fetchone() == (0,)  # its SQL may have held them


def test_forget_by_an_admin_erases_everywhere(team_of_three):
    pg, (a, b, c) = team_of_three
    ids = _write_as(pg.url_as(a))
    _bs_meeting_about(pg, b, ids["person"])
    with journal_as(pg, c) as journal:
        forget.forget(journal, PersonRef(ids["person"], "Rosa Parks", "met"))
    assert set(_about(pg, a, ids["person"]).values()) == {0}


def test_forget_by_another_organizer_is_refused_and_erases_nothing(team_of_three):
    pg, (a, b, c) = team_of_three
    ids = _write_as(pg.url_as(a))
    _bs_meeting_about(pg, b, ids["person"])
    before = _about(pg, a, ids["person"])
    with pytest.raises(JournalRefused, match="only an admin or the organizer who added them"):
        with journal_as(pg, b) as journal:
            forget.forget(journal, PersonRef(ids["person"], "Rosa Parks", "met"))
    assert _about(pg, a, ids["person"]) == before
    with _as(pg, b) as conn:  # nor can B do it by hand: A's rows are not B's to delete
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM person WHERE id = %s", (ids["person"],))
    assert _about(pg, a, ids["person"]) == before
