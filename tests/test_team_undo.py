"""`oto undo` on a team journal: each organizer reverses their own changes exactly, newest first;
never a teammate's rows, never over a teammate's later change; and no one reads another's undo
SQL (store/pg_undo.py, migration 0011)."""

from __future__ import annotations

import json

import pytest

from onetoone.store import migrations, pg_schema, pg_setup
from onetoone.store.schema import OWN
from tests.teamjournal import url_of
from tests.test_team_journal import organizers  # noqa: F401  (the fixture: Ana and Ben)

psycopg = pytest.importorskip("psycopg")


def roles(pg) -> tuple[str, str]:
    """Ana's and Ben's roles, as the organizers fixture (tests/test_team_journal.py) names them."""
    return f"ana_{pg.suffix}", f"ben_{pg.suffix}"


def ok(ran):
    assert ran.exit_code == 0, ran.output
    return ran


def dump(pg) -> dict[str, list]:
    """Every row of every journal table but the undo history's, as the superuser reads them; a
    person's lookup keys without their ids (every edit rewrites them under new ones, and nothing
    refers to them: an undo puts back what they say, store/pg_undo._drop_rewritten)."""
    with psycopg.connect(pg.url) as conn:
        found = {table: sorted(map(repr, conn.execute(f"SELECT * FROM {pg_schema.ident(table)}").fetchall()))
                 for table in pg_schema.tables() if table not in ("undo_log", "undo_step", "person_key")}
        found["person_key"] = sorted(conn.execute("SELECT person_id, kind, text, key, owner FROM person_key").fetchall())
        return found


def steps(oto, env) -> list[dict]:
    return json.loads(ok(oto("undo", "--list", "--json", env=env)).stdout)["steps"]


@pytest.fixture
def town(organizers, oto, oto_home):
    """Ana's journal: Maria with a promise, Dev met yesterday (his thank-you due), and Mari L, a
duplicate of Maria with a call."""
    ana, ben = organizers
    ok(oto("add", "Maria Lopez", "--tag", "riverside", env=ana))
    ok(oto("add", "Dev Patel", env=ana))
    ok(oto("add", "Mari L", "--contact", "555-0101", env=ana))
    ok(oto("promise", "Maria", "Bring photos of the mould", "--by", "fri", env=ana))
    ok(oto("log", "Mari L", "--call", "Asked about the hearing", env=ana))
    ok(oto("reflect", "Dev", "--at", "yesterday", "--minutes", "30", "--self-interest", "Fix the boiler", "--note", "Good talk", env=ana))
    items = json.loads(ok(oto("due", "--json", "--days", "14", env=ana)).stdout)["items"]
    return {"thank": next(i["id"] for i in items if i["kind"] == "thank")}


COMMANDS = {
    "reflect": lambda ids: ["reflect", "Maria", "--at", "today", "--minutes", "40", "--listened", "70",
                            "--self-interest", "Wants the lift fixed", "--boundary", "No calls at work",
                            "--i-promise", "Send the lease by fri", "--next-step", "Call the landlord", "--note", "Good talk"],
    "promise": lambda ids: ["promise", "Dev", "Call the council", "--by", "mon", "--theirs"],
    "done": lambda ids: ["done", ids["thank"], "p1"],
    "edit": lambda ids: ["edit", "Maria", "--alias", "Mimi", "--stage", "met", "--remove-tag", "riverside"],
    "share": lambda ids: ["share", "p1"],
    "amend": lambda ids: ["amend", "p1", "--text", "Bring the photos", "--by", "mon"],
    "merge (deletes a person, cascading)": lambda ids: ["merge", "Maria Lopez", "Mari L", "--yes"],
    "prep": lambda ids: ["prep", "Dev", "--at", "fri 3pm", "--ask", "Chair the meeting"],
    "event": lambda ids: ["event", "Building meeting", "--on", "yesterday 7pm", "--host", "Maria", "--attended", "Dev", "Mari L"],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_undo_reverses_an_organizers_command_exactly(organizers, town, oto, pg, name):
    ana, ben = organizers
    typed = COMMANDS[name](town)
    before = dump(pg)
    ok(oto(*typed, env=ana))
    assert dump(pg) != before, "the command changed nothing, so the test proves nothing"
    ran = ok(oto("undo", env=ana))
    assert ran.stderr.startswith(f"Undid `oto {typed[0]} "), ran.stderr
    assert dump(pg) == before


def test_undo_goes_back_step_by_step_and_lists_only_your_own(organizers, town, oto, pg):
    ana, ben = organizers
    listed = steps(oto, ana)
    assert [step["argv"][0] for step in listed] == ["reflect", "log", "promise", "add", "add", "add"]
    assert listed[2]["about"]["text"] == "Bring photos of the mould" and listed[2]["about"]["person"] == "Maria Lopez"
    assert steps(oto, ben) == []
    assert "Nothing to undo." in ok(oto("undo", "--list", env=ben)).stdout
    shown = ok(oto("undo", "--list", env=ana)).stdout
    assert "u" in shown and "reflect" in shown and "Bring photos of the mould" in shown
    assert ok(oto("undo", env=ana)).stderr.startswith("Undid `oto reflect Dev")
    assert ok(oto("undo", env=ana)).stderr.startswith("Undid `oto log")
    assert ok(oto("undo", env=ana)).stderr == "Undid `oto promise Maria \"Bring photos of the mould\" --by fri` (Maria Lopez: Bring photos of the mould).\n"
    assert [step["argv"][0] for step in steps(oto, ana)] == ["add", "add", "add"]
    nothing = oto("undo", env=ben)
    assert nothing.exit_code == 1 and "Nothing to undo" in nothing.stderr


def test_a_command_that_changes_nothing_leaves_no_step(organizers, town, oto, pg):
    ana, ben = organizers
    before = steps(oto, ana)
    ok(oto("edit", "Maria", "--stage", "prospect", env=ana))  # her stage already
    ok(oto("due", env=ana))
    assert steps(oto, ana) == before
    with psycopg.connect(pg.url) as conn:  # nor a row of a step with nothing in it
        assert conn.execute("SELECT count(*) FROM undo_step s WHERE NOT EXISTS "
                            "(SELECT 1 FROM undo_log l WHERE l.step = s.id)").fetchone() == (0,)


def test_as_undo_touches_none_of_bens_rows(organizers, town, oto, pg):
    ana, ben = organizers
    ok(oto("add", "Rosa Parks", env=ben))
    ok(oto("promise", "Rosa", "Bring the flyers", "--by", "fri", env=ben))
    ok(oto("promise", "Maria", "Call about the hearing", "--by", "fri", env=ben))  # Ben's promise about Ana's Maria
    bens = [step["command"] for step in steps(oto, ben)]
    for _ in range(3):  # Ana's reflect, call and promise
        ok(oto("undo", env=ana))
    with psycopg.connect(pg.url) as conn:
        assert sorted(conn.execute("SELECT text, owner FROM promise").fetchall()) == [
            ("Bring the flyers", roles(pg)[1]), ("Call about the hearing", roles(pg)[1])]
    assert [step["command"] for step in steps(oto, ben)] == bens
    assert ok(oto("undo", env=ben)).stderr.startswith("Undid `oto promise Maria")


def test_a_teammates_later_change_to_a_shared_person_blocks_the_undo(organizers, town, oto, pg):
    ana, ben = organizers
    ok(oto("edit", "Maria", "--role", "Tenant leader", env=ana))
    ok(oto("edit", "Maria", "--stage", "met", env=ben))  # Ben moves her on since
    before = dump(pg)
    listed = steps(oto, ana)
    ran = oto("undo", env=ana)
    assert ran.exit_code == 1
    assert ran.stderr.count("\n") == 1 and "Nothing was undone" in ran.stderr and "Maria Lopez" in ran.stderr, ran.stderr
    assert "Traceback" not in ran.output
    assert dump(pg) == before and steps(oto, ana) == listed
    ok(oto("undo", env=ben))  # Ben takes his back: Ana's undo is exact again
    assert ok(oto("undo", env=ana)).stderr.startswith("Undid `oto edit Maria --role")
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT role, stage FROM person WHERE name = 'Maria Lopez'").fetchone() == (None, "prospect")


def test_b_cannot_read_as_undo_sql_with_plain_psycopg(organizers, town, oto, pg):
    ana, ben = organizers
    a, b = roles(pg)
    ok(oto("amend", "p1", "--text", "Bring the photos", env=ana))
    with psycopg.connect(pg.url_as(a)) as conn:  # Ana's history holds her words: the promise as it was
        held = repr(conn.execute("SELECT * FROM undo_log").fetchall())
        assert "Bring photos of the mould" in held and conn.execute("SELECT count(*) FROM undo_step").fetchone()[0] == 7
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT * FROM undo_log").fetchall() == []
        assert conn.execute("SELECT * FROM undo_step").fetchall() == []
        assert conn.execute("DELETE FROM undo_log").rowcount == 0  # nor delete it
        assert conn.execute("UPDATE undo_step SET command = NULL").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor write into it as Ana
            conn.execute("INSERT INTO undo_log (step, tbl, op, sql, owner) VALUES (1, 'person', 'insert', 'DELETE FROM person', %s)", (a,))
    with psycopg.connect(pg.url_as(b)) as conn:  # an entry of Ben's own is his alone
        conn.execute("INSERT INTO undo_log (step, tbl, op, sql) VALUES (1, 'person', 'insert', '-- mine')")
        assert conn.execute("SELECT sql FROM undo_log").fetchall() == [("-- mine",)]
    with psycopg.connect(pg.url_as(a)) as conn:
        assert "-- mine" not in repr(conn.execute("SELECT sql FROM undo_log").fetchall())


def test_forget_still_clears_every_history(organizers, town, oto, pg):
    ana, ben = organizers
    ok(oto("promise", "Dev", "Bring the flyers", "--by", "fri", env=ben))
    ok(oto("forget", "Maria", "--yes", env=ana))
    assert steps(oto, ana) == [] and steps(oto, ben) == []
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM undo_log").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM undo_step").fetchone() == (0,)


def test_the_history_is_bounded_per_organizer(organizers, oto, oto_home, monkeypatch):
    from onetoone.store import pg_undo

    ana, ben = organizers
    monkeypatch.setattr(pg_undo, "KEEP_STEPS", 2)
    ok(oto("add", "Rosa Parks", env=ben))
    for name in ("Maria Lopez", "Dev Patel", "Ana Reyes"):
        ok(oto("add", name, env=ana))
    assert [step["argv"][1] for step in steps(oto, ana)] == ["Ana Reyes", "Dev Patel"]
    assert [step["argv"][1] for step in steps(oto, ben)] == ["Rosa Parks"]


def test_every_journal_table_is_recorded_and_nothing_else(pg):
    from tests.teamjournal import install

    install(pg.url)
    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    with psycopg.connect(pg.url) as conn:
        found = {table for (table,) in conn.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'oto_undo' AND NOT tgisinternal")}
        assert pg_schema.version(conn) == migrations.LATEST
    assert found == set(pg_schema.tables()) - set(OWN)


def test_the_migration_changes_nothing_on_sqlite_and_steps_on_postgresql():
    step = _undo_migration()
    assert step.postgres is not None and step.version > migrations.PG_BASELINE


def test_a_team_journal_from_before_the_undo_upgraded_is_one_made_fresh(pg, oto):
    """Migration 0011 on a team journal made before it: the same schema as `oto team init` makes
    now, and its organizers undo from then on."""
    from tests.conftest import NOW
    from tests.test_pg_migrations import _another_database, _shape, _team

    before = tuple(m for m in migrations.MIGRATIONS if m.version < _undo_migration().version)
    with psycopg.connect(pg.url) as conn:
        pg_setup.install(conn, now=NOW, migrations=before)
        _team(pg, conn)
        ana = pg.role("ana")
        pg_schema.add_organizer(conn, ana)
        conn.commit()
        assert _undo_migration().name in pg_setup.upgrade(conn, now=NOW, where="here")
        upgraded = _shape(conn)
    with _another_database(pg) as other, psycopg.connect(other) as conn:
        pg_setup.install(conn, now=NOW)
        _team(pg, conn)
        assert _shape(conn) == upgraded
    env = {"OTO_DATABASE_URL": url_of(pg.url_as(ana))}
    ok(oto("add", "Maria Lopez", env=env))
    assert ok(oto("undo", env=env)).stderr == 'Undid `oto add "Maria Lopez"` (Maria Lopez).\n'
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)


def _undo_migration():
    return next(m for m in migrations.MIGRATIONS if m.name.endswith("_team_undo"))


def test_a_change_that_reached_a_teammates_own_rows_is_not_undone_and_keeps_their_words_out(organizers, town, oto, pg):
    """Merging a duplicate deletes it, and with it (a cascade, as the tables' owner) Ben's own rows
    about them that Ana cannot see: her history holds none of his words, and her undo, which
    could not put them back, is refused whole."""
    ana, ben = organizers
    a, b = roles(pg)
    ok(oto("promise", "Mari L", "BENS words about the letter", "--by", "fri", env=ben))
    ok(oto("merge", "Maria Lopez", "Mari L", "--yes", env=ana))
    with psycopg.connect(pg.url_as(a)) as conn:
        assert "BENS" not in repr(conn.execute("SELECT * FROM undo_log").fetchall())
    before = dump(pg)
    ran = oto("undo", env=ana)
    assert ran.exit_code == 1 and ran.stderr.count("\n") == 1, ran.output
    assert "Nothing was undone" in ran.stderr and "teammate's own promise rows" in ran.stderr
    assert dump(pg) == before


def test_unlearn_empties_your_own_history_not_a_teammates(organizers, town, oto, pg):
    ana, ben = organizers
    ok(oto("promise", "Dev", "Bring the flyers", "--by", "fri", env=ben))
    ok(oto("unlearn", "i1", env=ana))  # the self-interest Ana's reflection noted
    assert steps(oto, ana) == []
    assert [step["argv"][0] for step in steps(oto, ben)] == ["promise"]
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM insight WHERE text = 'Fix the boiler'").fetchone() == (0,)
