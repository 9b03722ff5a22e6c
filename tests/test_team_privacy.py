"""The team journal's privacy, enforced by PostgreSQL itself: organizer B, connecting with plain
psycopg (not through oto), reads none of A's private words, cannot change or delete A's rows,
and sees what A shared through the team views; a role outside the team sees nothing at all."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from onetoone.store import models, pg_schema, pg_setup

psycopg = pytest.importorskip("psycopg")

NOW = datetime(2026, 3, 2, 9, 30)
DAY = date(2026, 3, 2)
SECRET = "SECRETofA"  # in every private word A writes; never in anything B can read


@pytest.fixture
def team(pg):
    """A team journal with organizers A and B (and admin C), and A's journal written as A."""
    with psycopg.connect(pg.url) as admin:
        made = pg_setup.init_team(admin, now=NOW)
        pg.roles.extend([made.owner, made.organizers, made.admins])
        a, b, c = pg.role("ana"), pg.role("ben"), pg.role("cleo")
        pg_schema.add_organizer(admin, a)
        pg_schema.add_organizer(admin, b)
        pg_schema.add_organizer(admin, c, admin=True)
    ids = _write_as(pg.url_as(a))
    return pg, made, a, b, c, ids


def _write_as(url: str, *, name: str = "Rosa Parks") -> dict:
    """A's journal about one person, through the models over a SQLModel session as A: a held
    meeting with its note and planned ask, an insight, a promise, an ask, a follow-up, a contact, a
    story, a setting and an undo step, all holding SECRET, plus a shared insight and story."""
    from sqlalchemy import create_engine
    from sqlmodel import Session

    engine = create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(url))
    try:
        with Session(engine) as session:
            person = models.Person(name=name, name_key=name.lower(), created_on=DAY, stage="met")
            session.add(person)
            session.flush()
            meeting = models.Meeting(person_id=person.id, status="held", held_on=DAY, note=f"{SECRET} note",
                                     next_step=f"{SECRET} step", created_at=NOW)
            session.add(meeting)
            session.flush()
            promise = models.Promise(person_id=person.id, meeting_id=meeting.id, direction="mine", text=f"{SECRET} promise",
                                     due=DAY, first_due=DAY, created_on=DAY)
            session.add(promise)
            session.flush()
            ask = models.Ask(person_id=person.id, meeting_id=meeting.id, text=f"{SECRET} ask", asked_on=DAY)
            session.add(ask)
            session.flush()
            rows = [
                models.PlannedAsk(meeting_id=meeting.id, text=f"{SECRET} planned"),
                models.Insight(person_id=person.id, meeting_id=meeting.id, kind="interest", text=f"{SECRET} insight", created_on=DAY),
                models.FollowUp(person_id=person.id, kind="next-step", due=DAY, words=f"{SECRET} followup", meeting_id=meeting.id,
                                ask_id=ask.id, created_on=DAY),
                models.Contact(person_id=person.id, kind="call", contacted_on=DAY, note=f"{SECRET} contact", created_at=NOW),
                models.Story(text=f"{SECRET} story", created_on=DAY),
                models.Setting(key=f"note:{name}", value=f"{SECRET} setting"),
                models.UndoStep(at=NOW, command=f'["{SECRET} command"]'),
                models.Tag(person_id=person.id, tag="tenants"),
            ]
            session.add_all(rows)
            session.flush()
            session.add(models.UndoLog(step=rows[6].id, tbl="meeting", row_id=meeting.id, op="insert", sql=f"-- {SECRET} sql"))
            session.add(models.Insight(person_id=person.id, kind="boundary", text="BOUNDARY do not ask about her son", created_on=DAY))
            shared_insight = models.Insight(person_id=person.id, kind="interest", text="SHAREDofA insight", created_on=DAY)
            shared_story = models.Story(text="SHAREDofA story", created_on=DAY)
            session.add_all([shared_insight, shared_story])
            session.commit()
            ids = {"person": person.id, "meeting": meeting.id, "promise": promise.id, "ask": ask.id,
                   "insight": rows[1].id, "story": rows[4].id, "shared_insight": shared_insight.id, "shared_story": shared_story.id}
    finally:
        engine.dispose()
    with psycopg.connect(url) as conn:  # what `oto share` does, as A on A's own rows
        conn.execute("UPDATE insight SET shared = true WHERE id = %s", (ids["shared_insight"],))
        conn.execute("UPDATE story SET shared = true WHERE id = %s", (ids["shared_story"],))
        # what `oto team push` remembers of A's own journal (domain/push.py): its id and A's rows
        conn.execute("INSERT INTO pushed (source, tbl, source_id, team_id, digest) VALUES (%s, 'meeting', %s, %s, 'x')",
                     (f"{SECRET} journal", ids["meeting"], ids["meeting"]))  # its own row id there: one per meeting
    return ids


def _readable(conn) -> list[str]:
    """Every table and view of the journal."""
    return [name for (name,) in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")]


def _everything(url: str) -> dict[str, str]:
    """All that the role of `url` can read of each table and view, as text."""
    seen = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for name in pg_schema.tables() + list(pg_schema.TEAM_TABLES) + list(pg_schema.VIEWS):
            rows = conn.execute(f"SELECT * FROM {pg_schema.ident(name)}").fetchall()
            seen[name] = repr(rows)
    return seen


def test_organizer_b_reads_none_of_a_private_words(team):
    pg, made, a, b, c, ids = team
    seen = _everything(pg.url_as(b))
    leaks = {name: text for name, text in seen.items() if SECRET in text}
    assert leaks == {}
    for private in set(pg_schema.PRIVATE) - set(pg_schema.SHARED_ROWS):  # not even the rows' existence
        assert seen[private] == "[]", private
    # A's own connection sees all of it: the secrets are really there to be hidden.
    assert all(SECRET in text for name, text in _everything(pg.url_as(a)).items()
               if name in ("meeting", "insight", "promise", "ask", "followup", "contact", "story", "setting", "planned_ask", "undo_log", "undo_step",
                           "pushed"))
    # The admin organizer does not read A's words either: admin is about deleting, not reading.
    assert {name for name, text in _everything(pg.url_as(c)).items() if SECRET in text} == set()


def test_every_table_and_view_is_checked(team):
    pg, made, *_ = team
    with psycopg.connect(pg.url) as conn:
        assert set(_readable(conn)) == set(pg_schema.tables()) | set(pg_schema.VIEWS) | set(pg_schema.TEAM_TABLES)


def test_b_sees_the_people_the_facts_and_what_a_shared(team):
    pg, made, a, b, c, ids = team
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT name, owner FROM person").fetchall() == [("Rosa Parks", a)]
        assert conn.execute("SELECT tag FROM tag").fetchall() == [("tenants",)]
        assert conn.execute("SELECT person_id, organizer, status, held_on, note FROM team_meeting").fetchall() == [
            (ids["person"], a, "held", DAY, None)]
        assert conn.execute("SELECT id, organizer, status, due, text FROM team_promise").fetchall() == [
            (ids["promise"], a, "open", DAY, None)]
        assert conn.execute("SELECT person_id, organizer, kind, contacted_on FROM team_contact").fetchall() == [
            (ids["person"], a, "call", DAY)]
        assert conn.execute("SELECT id, text FROM team_insight").fetchall() == [(ids["shared_insight"], "SHAREDofA insight")]
        # a boundary protects the person: every organizer knows it, in the insight table itself
        assert conn.execute("SELECT kind, text, owner FROM insight").fetchall() == [("boundary", "BOUNDARY do not ask about her son", a)]
        assert conn.execute("SELECT id, organizer, text FROM team_story").fetchall() == [(ids["shared_story"], a, "SHAREDofA story")]


def test_a_shared_meeting_and_promise_show_their_words_to_b(team):
    pg, made, a, b, c, ids = team
    with psycopg.connect(pg.url_as(a)) as conn:
        conn.execute("UPDATE meeting SET shared = true WHERE id = %s", (ids["meeting"],))
        conn.execute("UPDATE promise SET shared = true WHERE id = %s", (ids["promise"],))
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT note, next_step FROM team_meeting").fetchall() == [(f"{SECRET} note", f"{SECRET} step")]
        assert conn.execute("SELECT text FROM team_promise").fetchall() == [(f"{SECRET} promise",)]
        assert conn.execute("SELECT count(*) FROM meeting").fetchone() == (0,)  # the table itself stays A's


def test_b_cannot_change_or_delete_a_rows(team):
    pg, made, a, b, c, ids = team
    with psycopg.connect(pg.url_as(b), autocommit=True) as conn:
        for table in pg_schema.PRIVATE:  # A's private rows: not there, for B
            where = " WHERE kind <> 'boundary'" if table == "insight" else ""
            assert conn.execute(f"DELETE FROM {pg_schema.ident(table)}{where}").rowcount == 0, table
        assert conn.execute("UPDATE meeting SET note = 'overwritten' WHERE id = %s", (ids["meeting"],)).rowcount == 0
        assert conn.execute("UPDATE insight SET shared = true WHERE kind <> 'boundary'").rowcount == 0
        for shared in ("person", "tag", "insight"):  # shared records A added: refused out loud, not skipped
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"only {a} .who added it. or an admin may delete"):
                conn.execute(f"DELETE FROM {shared}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a row never changes hands
            conn.execute("UPDATE person SET owner = current_user")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor does B write in A's name
            conn.execute("INSERT INTO story (text, created_on, owner) VALUES ('x', '2026-03-02', %s)", (a,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE team_meeting SET status = 'planned'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO migration (version, name, applied_at) VALUES (99, 'x', now())")
        # The shared record itself may be corrected by anyone on the team, a boundary too,
        # but not turned into a private insight of A's.
        assert conn.execute("UPDATE person SET stage = 'committed'").rowcount == 1
        assert conn.execute("UPDATE insight SET text = 'BOUNDARY not her son'").rowcount == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE insight SET kind = 'concern'")
    with psycopg.connect(pg.url_as(a)) as conn:
        assert conn.execute("SELECT note FROM meeting").fetchall() == [(f"{SECRET} note",)]
        assert conn.execute("SELECT count(*) FROM undo_log").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM insight").fetchone() == (3,)  # B deleted none, the boundary neither


def test_only_the_writer_or_an_admin_deletes_a_shared_record(team):
    pg, made, a, b, c, ids = team
    with psycopg.connect(pg.url_as(c)) as conn:  # the admin: shared records, not A's private ones
        assert conn.execute("DELETE FROM insight").rowcount == 1  # the boundary
        assert conn.execute("DELETE FROM tag").rowcount == 1
        assert conn.execute("DELETE FROM meeting").rowcount == 0
    with psycopg.connect(pg.url_as(a)) as conn:
        assert conn.execute("SELECT count(*) FROM meeting").fetchone() == (1,)


def test_a_role_outside_the_team_sees_nothing(team):
    pg, made, a, b, c, ids = team
    stranger = pg.role("stranger")
    with psycopg.connect(pg.url) as admin:
        admin.execute(f"CREATE ROLE {stranger} LOGIN")
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(pg.url_as(stranger))
    with psycopg.connect(pg.url) as admin:  # even let in by mistake, it reads no table, view or function
        admin.execute(f'GRANT CONNECT ON DATABASE "{pg.database}" TO {stranger}')
    with psycopg.connect(pg.url_as(stranger), autocommit=True) as conn:
        for name in pg_schema.tables() + list(pg_schema.VIEWS):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):  # named in full: the schema is not even on its path
                conn.execute(f"SELECT * FROM public.{pg_schema.ident(name)}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT public.oto_forget(%s)", (ids["person"],))
    with psycopg.connect(pg.url) as admin:  # and with the schema opened to it too: the tables hold
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {stranger}")
    with psycopg.connect(pg.url_as(stranger), autocommit=True) as conn:
        for name in pg_schema.tables() + list(pg_schema.VIEWS):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {pg_schema.ident(name)}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT oto_forget(%s)", (ids["person"],))


def test_organizers_own_no_table_and_rls_binds_every_table(team):
    pg, made, *_ = team
    with psycopg.connect(pg.url) as conn:
        found = conn.execute(
            "SELECT relname, pg_get_userbyid(relowner), relrowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'S')").fetchall()
        assert {owner for _, owner, _ in found} == {made.owner}
        assert {name for name, _, secured in found if secured} == set(pg_schema.tables()) | set(pg_schema.TEAM_TABLES)
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (made.owner,)).fetchone() == (False,)
        # nobody is a member of the owner role: no organizer can take it up and read past RLS
        assert conn.execute("SELECT count(*) FROM pg_auth_members WHERE roleid = %s::regrole", (made.owner,)).fetchone() == (0,)


def test_the_planner_s_statistics_leak_no_private_value(team):
    """pg_stats holds a column's most common values: PostgreSQL hides them for tables under RLS."""
    pg, made, a, b, c, ids = team
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'meeting'").fetchone()[0] > 0
    with psycopg.connect(pg.url_as(b)) as conn:
        seen = conn.execute("SELECT tablename, most_common_vals FROM pg_stats WHERE schemaname = 'public'").fetchall()
        assert SECRET not in repr(seen)
        assert {name for name, _ in seen} & set(pg_schema.PRIVATE) == set()


def test_what_a_push_remembers_is_the_pushers_alone(team, tmp_path):
    """A's `oto team push` memory (which of A's own rows became which team rows): B neither
    reads it nor changes it, nor writes in A's name; B's own push starts from nothing of A's."""
    from typer.testing import CliRunner

    from onetoone.cli import app
    from onetoone.store.journal import open_journal
    from tests.conftest import Scene
    from tests.teamjournal import url_of

    pg, made, a, b, c, ids = team
    own = tmp_path / "own.db"
    with open_journal(own, now=NOW, write=True) as j:
        Scene(j).met(Scene(j).person("Luis Ortega", today=DAY), DAY, note=f"{SECRET} pushed note")
    for who in (a, b):  # the same journal pushed by A, then (a copy of it) by B
        ran = CliRunner().invoke(app, ["team", "push", "--from", str(own)], env={"OTO_DATABASE_URL": url_of(pg.url_as(who))})
        assert ran.exit_code == 0, ran.output
    with psycopg.connect(pg.url) as admin:
        mine = admin.execute("SELECT owner, tbl, count(*) FROM pushed WHERE tbl = 'meeting' GROUP BY 1, 2 ORDER BY 1").fetchall()
        assert mine == sorted([(a, "meeting", 2), (b, "meeting", 1)])  # B's push did not find A's meeting: it added its own
    with psycopg.connect(pg.url_as(b), autocommit=True) as conn:
        assert {owner for (owner,) in conn.execute("SELECT owner FROM pushed")} == {b}
        assert conn.execute("UPDATE pushed SET team_id = 0 WHERE owner = %s", (a,)).rowcount == 0
        assert conn.execute("DELETE FROM pushed WHERE owner = %s", (a,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO pushed (source, tbl, source_id, team_id, digest, owner) VALUES ('x', 'meeting', 1, 1, 'x', %s)", (a,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE pushed SET owner = %s", (a,))
    with psycopg.connect(pg.url_as(a)) as conn:
        assert conn.execute("SELECT count(*) FROM pushed WHERE tbl = 'meeting'").fetchone() == (2,)
