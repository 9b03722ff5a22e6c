"""`oto forget` on a team journal and push's memory (the `pushed` table, domain/push.py): the
rows oto_forget erases take every organizer's memory of them along (a team row's id and a digest
of the row as pushed, about nobody any more); the memory of everyone else's rows stays. Through
the CLI, as the organizers; checked as the superuser, who reads everyone's memory."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from onetoone.cli import app
from onetoone.store.journal import open_journal
from tests.conftest import Scene
from tests.teamjournal import url_of
from tests.test_team_privacy import DAY, NOW
from tests.test_team_share import team_of_three  # noqa: F401  (a fixture: organizers A and B, admin C)

psycopg = pytest.importorskip("psycopg")


def _oto(pg, role, *args):
    ran = CliRunner().invoke(app, list(args), env={"OTO_DATABASE_URL": url_of(pg.url_as(role))})
    assert ran.exit_code == 0, ran.output
    return ran


def _own(path) -> None:
    """An organizer's own journal: Luis (met twice, a promise, a call) and Rosa (met once)."""
    with open_journal(path, now=NOW, write=True) as j:
        s = Scene(j)
        luis, rosa = s.person("Luis Ortega", today=DAY), s.person("Rosa Díaz", today=DAY)
        s.met(luis, DAY, note="Luis on the rent strike")
        s.met(luis, DAY, note="Luis again")
        s.promise(luis, "send Luis the lease", DAY, today=DAY)
        s.log(luis, "call", "Luis called back", on=DAY)
        s.met(rosa, DAY, note="Rosa on the school board")


def _memory(pg) -> set[tuple[str, str, int]]:
    with psycopg.connect(pg.url) as admin:
        return set(admin.execute("SELECT owner, tbl, team_id FROM pushed"))


def _rows_about(pg, name: str) -> set[tuple[str, int]]:
    """(table, team id) of every row the team journal holds about the person called `name`."""
    with psycopg.connect(pg.url) as admin:
        person = admin.execute("SELECT id FROM person WHERE name = %s", (name,)).fetchone()[0]
        found = {("person", person)}
        for table in ("meeting", "promise", "contact", "insight", "ask", "followup", "stage_move", "person_key"):
            found |= {(table, i) for (i,) in admin.execute(f"SELECT id FROM {table} WHERE person_id = %s", (person,))}
        return found


def test_forget_drops_every_organizer_s_push_memory_of_what_it_erased(team_of_three, tmp_path):  # noqa: F811
    pg, (a, b, c) = team_of_three
    own = tmp_path / "own.db"
    _own(own)
    _oto(pg, a, "team", "push", "--from", str(own))
    _oto(pg, b, "team", "push", "--from", str(own))  # a copy of it, by B: B's memory of B's own rows
    luis = _rows_about(pg, "Luis Ortega")
    before = _memory(pg)
    about_luis = {row for row in before if (row[1], row[2]) in luis}
    assert {owner for owner, *_ in about_luis} == {a, b} and {tbl for _, tbl, _ in about_luis} >= {"person", "meeting", "promise", "contact"}
    _oto(pg, c, "forget", "Luis Ortega", "--yes")  # the admin
    after = _memory(pg)
    assert after == before - about_luis  # nobody's memory of Luis's rows stays; Rosa's, everyone's, does
    assert {tbl for _, tbl, _ in after} >= {"person", "meeting"} and {owner for owner, *_ in after} == {a, b}
    # A's own journal still holds Luis: pushing it again adds him as new (forget him there too)
    ran = _oto(pg, a, "team", "push", "--from", str(own))
    assert "Luis Ortega" in ran.output
    with psycopg.connect(pg.url) as admin:
        assert admin.execute("SELECT count(*) FROM person WHERE name = 'Luis Ortega'").fetchone() == (1,)
        assert admin.execute("SELECT count(*) FROM person WHERE name = 'Rosa Díaz'").fetchone() == (1,)
        assert admin.execute("SELECT count(*) FROM meeting m JOIN person p ON p.id = m.person_id "
                             "WHERE p.name = 'Luis Ortega'").fetchone() == (2,)  # A's two, added again; B's stay forgotten


def test_forget_by_the_organizer_who_added_them_drops_the_memory_too(team_of_three, tmp_path):  # noqa: F811
    pg, (a, b, c) = team_of_three
    own = tmp_path / "own.db"
    _own(own)
    _oto(pg, a, "team", "push", "--from", str(own))
    luis = _rows_about(pg, "Luis Ortega")
    _oto(pg, a, "forget", "Luis Ortega", "--yes")
    assert not {row for row in _memory(pg) if (row[1], row[2]) in luis}
    with psycopg.connect(pg.url_as(a)) as conn:  # what A reads of their own memory: Rosa's rows only
        assert conn.execute("SELECT count(*) FROM pushed WHERE tbl = 'person'").fetchone() == (1,)
