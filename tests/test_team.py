"""The team journal from an organizer's side (issue 12 parts 1c and 3): `oto team push`, what
teammates did in prep, booking and `due`, the campaign's goal and `oto review --team`.

The push is checked on any journal the Journal API opens (a second SQLite file stands in for the
team journal where only the copying is tested); what needs the team views and two organizers is
checked on a real PostgreSQL team journal (the `pg` fixture)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import NOW, TODAY, Scene


@contextmanager
def sqlite_at(path, now: datetime = NOW, write: bool = True):
    from onetoone.store.journal import open_journal

    with open_journal(path, now=now, write=write) as journal:
        yield journal


def build_own(path) -> None:
    """Sam's own journal: Rosa (met twice, referred Luis), Luis (met once), a promise, a story."""
    with sqlite_at(path) as j:
        s = Scene(j)
        rosa = s.person("Rosa Diaz", contact="rosa@example.org, 555 0100", institution="St. Anne's", today=TODAY - timedelta(days=30))
        s.met(rosa, TODAY - timedelta(days=20), self_interest="Her kids' school", referral=["Luis Ortega"])
        s.met(rosa, TODAY - timedelta(days=6), ask="Host a house meeting", answer="yes")
        luis = j.value("SELECT id FROM person WHERE name = 'Luis Ortega'")
        s.met(luis, TODAY - timedelta(days=3), note="Worried about rent")
        s.promise(rosa, "Send the lease checklist", TODAY + timedelta(days=2))
        from onetoone.domain import stories

        stories.add(j, "I grew up in a union family", today=TODAY - timedelta(days=40))


def build_team(path) -> None:
    """The team journal before Sam pushes: Rosa already there (another spelling of her contact)."""
    with sqlite_at(path) as j:
        s = Scene(j)
        s.person("Rosa Díaz", contact="+1 555 0100")
        s.person("Ana Ruiz")


def push(team_path, own_path, *, dry_run: bool = False):
    from onetoone.domain import team

    with sqlite_at(own_path, write=False) as own:
        snap = team.snapshot(own, source=str(own_path))
    try:
        with sqlite_at(team_path) as j:
            return team.push(j, snap, today=TODAY, dry_run=dry_run)
    except team.DryRun as rolled_back:
        return rolled_back.pushed


def counts(path) -> dict:
    with sqlite_at(path, write=False) as j:
        return {t: j.value(f"SELECT count(*) FROM {t}") for t in ("person", "meeting", "insight", "promise", "ask", "stage_move", "followup", "story", "person_key")}


def test_push_matches_people_and_adds_everything_else_once(tmp_path):
    own, shared = tmp_path / "own.db", tmp_path / "team.db"
    build_own(own)
    build_team(shared)
    before = counts(shared)
    dry = push(shared, own, dry_run=True)
    assert counts(shared) == before  # a dry run changes nothing
    assert dry.added_people == ["Luis Ortega"]
    assert [(m.name, m.team_name, m.by) for m in dry.matched] == [("Rosa Diaz", "Rosa Díaz", "name")]
    assert dry.matched[0].merged == ("contact", "institution")
    first = push(shared, own)
    assert (first.added_people, first.matched, first.added) == (dry.added_people, dry.matched, dry.added)
    after = counts(shared)
    assert after["person"] == 3 and after["meeting"] == 3 and after["story"] == 1 and after["promise"] >= 1
    with sqlite_at(shared, write=False) as j:
        rosa = j.row("SELECT id, contact, referred_by_id FROM person WHERE name = 'Rosa Díaz'")
        assert "rosa@example.org" in rosa["contact"]
        assert j.value("SELECT count(*) FROM meeting WHERE person_id = :p AND status = 'held'", {"p": rosa["id"]}) == 2
        assert j.value("SELECT referred_by_id FROM person WHERE name = 'Luis Ortega'") == rosa["id"]
    again = push(shared, own)
    assert counts(shared) == after  # pushing twice adds nothing
    assert not again.anything and again.added_people == [] and sum(again.added.values()) == 0


def test_team_commands_refuse_on_the_own_journal_in_one_line(oto):
    oto("add", "Rosa Diaz")
    ran = oto("team", "push", "--dry-run")
    assert ran.exit_code == 1 and ran.stdout == ""
    assert ran.stderr.strip().count("\n") == 0
    assert "needs a team journal" in ran.stderr and "oto team connect" in ran.stderr


def test_nothing_of_the_team_is_loaded_on_the_own_journal():
    """`oto due`, `prep`, booking and `review` on SQLite load neither psycopg nor the PostgreSQL store."""
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from onetoone.cli import app; r = CliRunner();"
        "r.invoke(app, ['add', 'Rosa Diaz']); r.invoke(app, ['due']); r.invoke(app, ['prep', 'Rosa']);"
        "r.invoke(app, ['prep', 'Rosa', '--at', 'wed 6pm']); r.invoke(app, ['review']);"
        "print(sorted(m for m in sys.modules if m.startswith(('psycopg', 'onetoone.store.pg', 'onetoone.store.postgres'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
