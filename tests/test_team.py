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


def build_team(url) -> None:
    """The team journal before Sam pushes: Ana added Rosa (another spelling of her contact) and herself."""
    with sqlite_at(url) as j:
        s = Scene(j)
        s.person("Rosa Díaz", contact="+1 555 0100")
        s.person("Ana Ruiz")


def push(team_url, own_path, *, dry_run: bool = False, now: datetime = NOW):
    """`oto team push` through the domain: the own journal read, given its id at its first push,
    pushed into the team journal at `team_url` (an organizer's URL)."""
    from onetoone.domain import push as pushing

    with sqlite_at(own_path, now=now, write=False) as own:
        snap = pushing.snapshot(own, source=str(own_path))
    if snap.journal_id is None and not dry_run:  # as `oto team push` does: not a change to undo
        from onetoone.store.journal import open_journal

        with open_journal(own_path, now=now, write=True, record=False) as own:
            pushing.identify(own, snap)
    try:
        with sqlite_at(team_url, now=now) as j:
            return pushing.push(j, snap, today=now.date(), dry_run=dry_run)
    except pushing.DryRun as rolled_back:
        return rolled_back.pushed


def counts(path) -> dict:
    with sqlite_at(path, write=False) as j:
        return {t: j.value(f"SELECT count(*) FROM {t}") for t in ("person", "meeting", "insight", "promise", "ask", "stage_move", "followup", "story", "person_key")}


def test_push_matches_people_and_adds_everything_else_once(two, tmp_path):
    own, shared = tmp_path / "own.db", two.url_of("sam")
    build_own(own)
    build_team(two.url_of("ana"))
    before = counts(shared)
    dry = push(shared, own, dry_run=True)
    assert counts(shared) == before  # a dry run changes nothing
    assert dry.added_people == ["Luis Ortega"]
    assert [(m.name, m.team_name, m.by) for m in dry.matched] == [("Rosa Diaz", "Rosa Díaz", "name")]
    assert dry.matched[0].merged == ("contact", "institution", "stage", "last contact")
    first = push(shared, own)
    assert (first.added_people, first.matched, first.added) == (dry.added_people, dry.matched, dry.added)
    after = counts(shared)
    assert after["person"] == 3 and after["meeting"] == 3 and after["story"] == 1 and after["promise"] >= 1
    with sqlite_at(shared, write=False) as j:
        rosa = j.row("SELECT id, contact, stage, last_contact_on, reconnect_on FROM person WHERE name = 'Rosa Díaz'")
        assert "rosa@example.org" in rosa["contact"]
        with sqlite_at(own, write=False) as mine:  # caught up with what Sam's journal knows of her
            assert tuple(rosa)[2:] == tuple(mine.row("SELECT stage, last_contact_on, reconnect_on FROM person WHERE name = 'Rosa Diaz'"))
        assert j.value("SELECT count(*) FROM meeting WHERE person_id = :p AND status = 'held'", {"p": rosa["id"]}) == 2
        assert j.value("SELECT referred_by_id FROM person WHERE name = 'Luis Ortega'") == rosa["id"]
    again = push(shared, own)
    assert counts(shared) == after  # pushing twice adds nothing
    assert not again.anything and again.added_people == [] and sum(again.added.values()) == 0
    assert sum(again.updated.values()) == 0 and again.present["meeting"] == 3


def _edit_own(own) -> None:
    """After the push, in Sam's own journal: Luis's meeting note corrected, the lease checklist
    sent (the promise kept), and a new call."""
    from onetoone.domain import promises
    from onetoone.store.models import Meeting

    with sqlite_at(own, now=NOW + timedelta(days=1)) as j:
        meeting = j.get(Meeting, j.value("SELECT id FROM meeting WHERE note = 'Worried about rent'"))
        meeting.note = "Worried about rent; two months behind"
        j.add(meeting)
        promises.close(j, j.value("SELECT id FROM promise WHERE text = 'Send the lease checklist'"), "kept", today=TODAY + timedelta(days=1))
        Scene(j).log(j.value("SELECT id FROM person WHERE name = 'Luis Ortega'"), "call", "Rent strike meeting", on=TODAY + timedelta(days=1))


def test_a_row_changed_since_the_push_is_updated_not_added_twice(two, tmp_path):
    own, shared = tmp_path / "own.db", two.url_of("sam")
    build_own(own)
    build_team(two.url_of("ana"))
    push(shared, own)
    after = counts(shared)
    _edit_own(own)
    later = NOW + timedelta(days=1)
    dry = push(shared, own, dry_run=True, now=later)
    assert dry.updated == {"meeting": 1, "promise": 1}
    assert dry.added == {"contact": 1}
    assert dry.present["meeting"] == 2 and dry.present["insight"] >= 1
    done = push(shared, own, now=later)
    assert (done.added, done.updated, done.present) == (dry.added, dry.updated, dry.present)
    assert counts(shared) == after  # no second meeting, no second promise
    with sqlite_at(shared, write=False) as j:
        assert j.value("SELECT note FROM meeting WHERE note LIKE 'Worried%'") == "Worried about rent; two months behind"
        assert j.row("SELECT status, closed_on FROM promise WHERE text = 'Send the lease checklist'")[:] == ("kept", TODAY + timedelta(days=1))
    again = push(shared, own, now=later)
    assert not again.anything


def test_the_journal_is_known_by_its_id_wherever_it_is_and_a_dry_run_gives_it_none(two, tmp_path):
    from onetoone.domain import settings

    own, shared = tmp_path / "own.db", two.url_of("sam")
    build_own(own)
    push(shared, own, dry_run=True)
    with sqlite_at(own, write=False) as j:
        assert settings.journal_uid(j) is None
        history = j.value("SELECT count(*) FROM undo_step")
    push(shared, own)
    with sqlite_at(own, write=False) as j:
        made = settings.journal_uid(j)
        assert made and j.value("SELECT count(*) FROM undo_step") == history  # not a change `oto undo` would take back
    moved = tmp_path / "elsewhere" / "mine.db"
    moved.parent.mkdir()
    own.rename(moved)
    _edit_own(moved)
    pushed = push(shared, moved, now=NOW + timedelta(days=1))
    assert pushed.updated == {"meeting": 1, "promise": 1} and pushed.added == {"contact": 1}
    with sqlite_at(shared, write=False) as j:
        assert {r["source"] for r in j.rows("SELECT source FROM pushed")} == {made}


def test_team_commands_refuse_on_the_own_journal_in_one_line(oto):
    oto("add", "Rosa Diaz")
    for args in (["team", "push", "--dry-run"], ["team", "goal", "300", "--by", "2027-03-01"], ["team", "goal"], ["review", "--team"]):
        ran = oto(*args)
        assert ran.exit_code == 1 and ran.stdout == "", args
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


# -- On a real PostgreSQL team journal, two organizers ------------------------------------------


@pytest.fixture
def two(pg, tmp_path):
    """A team journal (as `oto team init` makes it) with organizers Sam and Ana, and a runner of
    oto as either: `two.sam("due")`, `two.ana("prep", "Rosa")`."""
    psycopg = pytest.importorskip("psycopg")
    from onetoone.store import pg_schema, pg_setup
    from tests.teamjournal import url_of

    with psycopg.connect(pg.url) as admin:
        made = pg_setup.init_team(admin, now=NOW)
        pg.roles.extend([made.owner, made.organizers, made.admins])
        sam, ana = pg.role("sam"), pg.role("ana")
        pg_schema.add_organizer(admin, sam)
        pg_schema.add_organizer(admin, ana)
    from typer.testing import CliRunner

    from onetoone.cli import app
    from tests.conftest import Ran

    def as_(role):
        def run(*args, now: str | None = None):
            env = {"OTO_DATABASE_URL": url_of(pg.url_as(role))}
            if now:
                env["OTO_NOW"] = now
            result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
            return Ran(result.exit_code, result.stdout, result.stderr)
        return run

    class Two:
        pass

    found = Two()
    found.sam, found.ana, found.sam_name, found.ana_name = as_(sam), as_(ana), sam, ana
    found.url = pg.url
    found.url_of = lambda who: url_of(pg.url_as({"sam": sam, "ana": ana}[who]))
    return found


def test_push_on_postgres_merges_people_and_adds_the_rest_as_the_organizers_once(two, tmp_path):
    own = tmp_path / "sam.db"
    build_own(own)
    assert two.ana("add", "Rosa Díaz", "--contact", "+1 555 0100").exit_code == 0  # Ana met her at the door
    dry = two.sam("team", "push", "--from", str(own), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would push" in dry.stdout and "Luis Ortega" in dry.stdout and "= Rosa Díaz" in dry.stdout
    assert "Nothing was written" in dry.stdout
    pushed = two.sam("team", "push", "--from", str(own))
    assert pushed.exit_code == 0, pushed.output
    assert "Pushed" in pushed.stdout and "3 one-to-ones" in pushed.stdout
    again = two.sam("team", "push", "--from", str(own))
    assert again.exit_code == 0 and "Nothing new to push" in again.stdout
    import psycopg

    with psycopg.connect(two.url) as admin:  # as the superuser: every row, with its owner
        people = admin.execute("SELECT name, owner FROM person ORDER BY name").fetchall()
        assert people == [("Luis Ortega", two.sam_name), ("Rosa Díaz", two.ana_name)]
        assert admin.execute("SELECT DISTINCT owner FROM meeting").fetchall() == [(two.sam_name,)]
        assert admin.execute("SELECT count(*) FROM meeting").fetchone() == (3,)
        assert admin.execute("SELECT count(*) FROM story WHERE owner = %s", (two.sam_name,)).fetchone() == (1,)
        assert "rosa@example.org" in admin.execute("SELECT contact FROM person WHERE name = 'Rosa Díaz'").fetchone()[0]


@pytest.fixture
def pushed(two, tmp_path):
    """Sam's own journal pushed into the team journal, where Ana had added Rosa."""
    own = tmp_path / "sam.db"
    build_own(own)
    assert two.ana("add", "Rosa Díaz", "--contact", "+1 555 0100").exit_code == 0
    ran = two.sam("team", "push", "--from", str(own))
    assert ran.exit_code == 0, ran.output
    return two


def test_prep_shows_teammates_meetings_and_only_what_they_shared(pushed):
    prep = pushed.ana("prep", "Rosa")
    assert prep.exit_code == 0, prep.output
    assert f"Met by {pushed.sam_name} 6 days ago" in prep.stdout
    assert "not by you yet" in prep.stdout and "not met yet" not in prep.stdout  # Ana has not: Sam has
    assert "Her kids' school" not in prep.stdout  # Sam's insight stays his unless he shares it
    mine = pushed.sam("prep", "Rosa")
    assert "The team" not in mine.stdout  # his own meetings are his sheet's, not a teammate's
    import psycopg

    with psycopg.connect(pushed.url) as admin:
        insight = admin.execute("SELECT id FROM insight WHERE text = 'Her kids'' school'").fetchone()[0]
    assert pushed.sam("share", f"i{insight}").exit_code == 0
    shared = pushed.ana("prep", "Rosa")
    assert f"{pushed.sam_name} noted (self-interest, " in shared.stdout and "Her kids' school" in shared.stdout
    as_json = pushed.ana("prep", "Rosa", "--json")
    import json

    team = json.loads(as_json.stdout)["team"]
    assert [(m["organizer"], m["status"], m["date"]) for m in team["meetings"]] == [
        (pushed.sam_name, "held", "2026-11-17"), (pushed.sam_name, "held", "2026-11-03")]
    assert [n["text"] for n in team["notes"]] == ["Her kids' school"]


def test_share_stop_makes_a_shared_insight_its_writers_alone_again(pushed):
    import psycopg

    with psycopg.connect(pushed.url) as admin:
        insight = admin.execute("SELECT id FROM insight WHERE text = 'Her kids'' school'").fetchone()[0]
    assert pushed.sam("share", f"i{insight}").exit_code == 0
    assert "Her kids' school" in pushed.ana("prep", "Rosa").stdout
    stopped = pushed.sam("share", f"i{insight}", "--stop")
    assert stopped.exit_code == 0, stopped.output
    assert f"i{insight} is yours alone again" in stopped.stderr  # a confirmation, as `oto share` says its own
    assert "Her kids' school" not in pushed.ana("prep", "Rosa").stdout
    assert "Her kids' school" in pushed.sam("prep", "Rosa").stdout  # still his own
    refused = pushed.ana("share", f"i{insight}", "--stop")  # not hers: to her it does not exist
    assert refused.exit_code != 0 and "of yours" in refused.output


def test_push_takes_the_journal_oto_normally_uses(two, oto_home):
    from onetoone.store.paths import journal_path

    build_own(journal_path(oto_home))
    ran = two.sam("team", "push")
    assert ran.exit_code == 0, ran.output
    assert f"Pushed {journal_path(oto_home)}" in ran.stdout


def test_booking_warns_when_a_teammate_met_them_this_week(pushed):
    booked = pushed.ana("prep", "Rosa", "--at", "wed 6pm")
    assert booked.exit_code == 0, booked.output
    assert f"Heads-up: {pushed.sam_name} met Rosa Díaz 6 days ago" in booked.stderr
    back = pushed.sam("prep", "Rosa", "--at", "thu 6pm")
    assert f"Heads-up: {pushed.ana_name} has a one-to-one booked with Rosa Díaz for Wed 25 Nov" in back.stderr
    luis = pushed.ana("prep", "Luis", "--at", "2026-12-10 18:00", now="2026-12-07 09:00")  # Sam met him 17 days before
    assert luis.exit_code == 0 and "Heads-up" not in luis.stderr


_CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Calendar//EN\r
BEGIN:VEVENT\r
UID:coffee-rosa@example.org\r
DTSTART:20261126T170000\r
DTEND:20261126T174500\r
SUMMARY:Coffee with Rosa Díaz\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_booking_from_the_calendar_warns_as_booking_by_hand_does(pushed, tmp_path):
    calendar = tmp_path / "ana.ics"
    calendar.write_text(_CALENDAR, encoding="utf-8")
    heads_up = f"Heads-up: {pushed.sam_name} met Rosa Díaz 6 days ago (Tue 17 Nov 2026); talk with {pushed.sam_name} before you meet."
    dry = pushed.ana("import", "calendar", str(calendar), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would plan" in dry.stdout and heads_up in dry.stdout
    booked = pushed.ana("import", "calendar", str(calendar))
    assert booked.exit_code == 0, booked.output
    assert "Planned" in booked.stdout and heads_up in booked.stdout
    by_hand = pushed.ana("prep", "Rosa", "--at", "2026-11-27 18:00")
    assert heads_up in by_hand.stderr  # the same words


def test_only_the_organizer_who_met_them_last_is_asked_to_reconnect(pushed):
    on = "2027-03-01"  # long after every cadence: everyone is due a reconnect
    sam, ana = pushed.sam("due", "--on", on, "--json"), pushed.ana("due", "--on", on, "--json")
    assert sam.exit_code == 0 and ana.exit_code == 0, sam.output + ana.output
    import json

    def reconnects(ran):
        return sorted(i["person"] for i in json.loads(ran.stdout)["items"] if i["kind"] in ("reconnect", "reach-out"))

    assert reconnects(sam) == ["Luis Ortega", "Rosa Díaz"]  # he met both last
    assert reconnects(ana) == []  # she added Rosa, but Sam met her since
    assert pushed.ana("prep", "Rosa", "--at", "2027-03-03 18:00", now="2027-03-01 09:00").exit_code == 0
    assert reconnects(pushed.sam("due", "--on", on, "--json")) == ["Luis Ortega"]  # Ana has Rosa booked: hers now


def test_the_goal_is_the_teams_and_the_review_measures_each_organizer(pushed):
    assert "no goal yet" in pushed.sam("team", "goal").stderr
    set_ = pushed.ana("team", "goal", "300", "--by", "2027-03-01", "--since", "2026-11-01")
    assert set_.exit_code == 0, set_.output
    assert "300 one-to-ones" in set_.stderr and f"set by {pushed.ana_name}" in set_.stderr
    assert f"set by {pushed.ana_name}" in pushed.sam("team", "goal").stderr  # shared: Sam reads Ana's goal
    import json

    ran = pushed.sam("review", "--team", "--json")
    assert ran.exit_code == 0, ran.output
    found = json.loads(ran.stdout)
    assert found["goal"] == {"target": 300, "by": "2027-03-01", "since": "2026-11-01", "set_by": pushed.ana_name}
    # since Nov 1: Sam held 3 (Rosa on Nov 17, Luis on Nov 20; Rosa's Nov 3 one too)
    assert [(o["organizer"], o["held"]) for o in found["organizers"]] == [(pushed.sam_name, 3)]
    assert found["held"] == 3 and found["on_pace"] is False and found["expected"] > 3
    assert found["people"] == {"met": 2, "once": 1, "twice_or_more": 1}
    assert found["referrals"] == {"gathered": 1, "met": 1}
    assert found["institutions"] == {"covered": 1, "total": 1}
    screen = pushed.sam("review", "--team")
    assert screen.exit_code == 0 and "3 of 300 one-to-ones" in screen.stdout and "behind" in screen.stdout


def test_a_goal_is_refused_in_one_line_when_it_cannot_be_one(pushed):
    for args in (["0", "--by", "2027-03-01"], ["300", "--by", "2026-11-01"], ["300"]):
        ran = pushed.ana("team", "goal", *args)
        assert ran.exit_code == 1 and ran.stderr.count("\n") == 1, ran.output


def _own_with_event(path, *, came: list[str], title: str = "Tenants assembly", place: str | None = None) -> None:
    """An organizer's own journal with the tenants' assembly 3 days ago and who they saw there."""
    from onetoone.domain import events, people

    day = TODAY - timedelta(days=3)
    with sqlite_at(path) as j:
        s = Scene(j)
        ids = [s.person(name, today=TODAY - timedelta(days=30)) for name in came]
        event = events.create(j, title=title, day=day, place=place, today=day - timedelta(days=7))
        events.record(j, event, came=[people.get(j, i) for i in ids], missed=[], today=day)


def test_two_organizers_pushing_the_same_event_make_one_with_everyone_who_came(two, tmp_path):
    ana_own, sam_own = tmp_path / "ana.db", tmp_path / "sam.db"
    _own_with_event(ana_own, came=["Rosa Diaz"], place="Hall B")
    _own_with_event(sam_own, came=["Rosa Diaz", "Luis Ortega"], title="tenants  ASSEMBLY", place="The hall")
    push(two.url_of("ana"), ana_own)
    dry = push(two.url_of("sam"), sam_own, dry_run=True)
    assert dry.present.get("event") == 1 and "event" not in dry.added
    assert dry.added.get("attendance") == 1 and dry.present.get("attendance") == 1  # Luis added; Rosa was there already
    push(two.url_of("sam"), sam_own)
    import psycopg

    with psycopg.connect(two.url) as admin:
        assert admin.execute("SELECT title, place, owner FROM event").fetchall() == [("Tenants assembly", "Hall B", two.ana_name)]
        came = admin.execute("SELECT p.name, a.owner FROM attendance a JOIN person p ON p.id = a.person_id ORDER BY p.name").fetchall()
        assert came == [("Luis Ortega", two.sam_name), ("Rosa Diaz", two.ana_name)]
    with sqlite_at(sam_own, now=NOW + timedelta(days=1)) as j:  # Sam corrects the place in his own journal
        j.execute("UPDATE event SET place = 'Hall C'")
    again = push(two.url_of("sam"), sam_own, now=NOW + timedelta(days=1))
    assert not again.anything and again.present.get("event") == 1  # Ana's event: never changed by Sam's push
    with psycopg.connect(two.url) as admin:
        assert admin.execute("SELECT place FROM event").fetchall() == [("Hall B",)]
    shown = two.ana("event", "Tenants")
    assert "Luis Ortega" in shown.stdout and "Rosa Diaz" in shown.stdout, shown.output


def test_oto_team_push_says_what_it_would_update_and_updates_it(two, tmp_path):
    own = tmp_path / "sam.db"
    build_own(own)
    assert two.sam("team", "push", "--from", str(own)).exit_code == 0
    _edit_own(own)
    dry = two.sam("team", "push", "--from", str(own), "--dry-run", now="2026-11-24 09:00")
    assert dry.exit_code == 0, dry.output
    assert "Would add: 1 calls, texts and visits." in dry.stdout
    assert "Would update, changed since your last push: 1 one-to-ones, 1 promises." in dry.stdout
    assert "Already in the team journal as they are: " in dry.stdout and "2 one-to-ones" in dry.stdout
    assert "pushed before" not in dry.stdout and "Nothing was written" in dry.stdout
    done = two.sam("team", "push", "--from", str(own), now="2026-11-24 09:00")
    assert done.exit_code == 0, done.output
    assert "Updated, changed since your last push: 1 one-to-ones, 1 promises." in done.stdout
    assert "Nothing new to push" in two.sam("team", "push", "--from", str(own), now="2026-11-24 09:00").stdout
    import psycopg

    with psycopg.connect(two.url) as admin:
        assert admin.execute("SELECT count(*) FROM meeting").fetchone() == (3,)
        assert admin.execute("SELECT count(*) FROM promise WHERE text = 'Send the lease checklist'").fetchone() == (1,)
        assert admin.execute("SELECT status FROM promise WHERE text = 'Send the lease checklist'").fetchone() == ("kept",)


def test_a_person_pushed_before_stays_theirs_after_a_rename(two, tmp_path):
    from onetoone.store.models import Person

    own = tmp_path / "sam.db"
    build_own(own)
    push(two.url_of("sam"), own)
    with sqlite_at(own) as j:
        luis = j.get(Person, j.value("SELECT id FROM person WHERE name = 'Luis Ortega'"))
        luis.name, luis.name_key = "Luis Ortega Ramos", "luis ortega ramos"
        j.add(luis)
    again = push(two.url_of("sam"), own)
    assert again.added_people == [] and ("Luis Ortega Ramos", "Luis Ortega", "pushed") in [(m.name, m.team_name, m.by) for m in again.matched]
    assert counts(two.url_of("sam"))["person"] == 2


def test_an_edit_made_in_the_team_journal_since_is_kept_when_the_own_row_did_not_change(two, tmp_path):
    import psycopg

    own = tmp_path / "sam.db"
    build_own(own)
    push(two.url_of("sam"), own)
    pg_url = two.url
    with psycopg.connect(two.url_of("sam")) as admin:  # Sam corrects it on the team journal itself, as his own row
        admin.execute("UPDATE meeting SET note = 'Worried about rent; spoke to the landlord' WHERE note = 'Worried about rent'")
    again = push(two.url_of("sam"), own)
    assert not again.anything and again.present["meeting"] == 3
    with psycopg.connect(pg_url) as admin:
        assert admin.execute("SELECT count(*) FROM meeting WHERE note = 'Worried about rent; spoke to the landlord'").fetchone() == (1,)
    _edit_own(own)  # now the own journal's row changed too: the organizer's latest word in it wins
    pushed = push(two.url_of("sam"), own, now=NOW + timedelta(days=1))
    assert pushed.updated == {"meeting": 1, "promise": 1}
    with psycopg.connect(pg_url) as admin:
        assert admin.execute("SELECT count(*) FROM meeting WHERE note = 'Worried about rent; two months behind'").fetchone() == (1,)
