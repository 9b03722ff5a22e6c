"""Group meetings and actions: `oto event`, `oto events`, `oto attended`; attendance settles the
commitments made for an event, and shows in prep, show, due, agenda and review; forget, merge
and undo carry it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest

from tests.conftest import NOW, TODAY
from tests.test_journal import journal_at_version
from tests.test_undo import dump

SAT = date(2026, 11, 28)  # the Saturday after the fixed Monday
AFTER = {"OTO_NOW": "2026-11-30 09:00"}  # the Monday after


def ok(ran):
    assert ran.exit_code == 0, ran.output
    return ran


@pytest.fixture
def building(oto):
    """Tom and Olek said yes to the building meeting on Saturday (asks in one-to-ones), Ana has a
    commitment linked to it by hand, Jenny has an unrelated commitment due the same day; the
    meeting is e1, and a house meeting hosted by Maria is e2 on Friday."""
    for name in ("Tom Baker", "Olek Nowak", "Ana Reyes", "Jenny Wu", "Maria Lopez"):
        ok(oto("add", name))
    ok(oto("reflect", "Tom", "--ask", "Come to the building meeting by sat", "--answer", "yes"))
    ok(oto("reflect", "Olek", "--ask", "Come to the Building Meeting by sat", "--answer", "yes"))
    ok(oto("promise", "Jenny", "Bring the lease", "--by", "sat", "--theirs"))
    ok(oto("event", "Building meeting", "--on", "sat 7pm", "--place", "Community room", "--kind", "meeting"))
    ok(oto("promise", "Ana", "Come and bring her neighbour", "--theirs", "--event", "e1"))
    ok(oto("event", "House meeting at Maria's", "--on", "fri", "--at", "18:30", "--kind", "house-meeting", "--host", "Maria"))


def promise_status(oto, text_start: str, env=None) -> str:
    listed = json.loads(oto("promises", "--all", "--json", env=env).stdout)
    return next(p["status"] for p in listed if p["text"].startswith(text_start))


def test_an_event_counts_who_said_yes_by_link_or_by_day_and_title_words(oto, building):
    listed = json.loads(ok(oto("events", "--json")).stdout)
    first, second = listed["upcoming"]
    assert (first["id"], first["kind"], first["host"], first["time"]) == ("e2", "house-meeting", "Maria Lopez", "18:30")
    assert (second["id"], second["date"], second["said_yes"]) == ("e1", SAT.isoformat(), 3)  # Tom, Olek, Ana; not Jenny
    shown = ok(oto("event", "build")).stdout
    assert "Tom Baker" in shown and "Ana Reyes" in shown and "Jenny" not in shown
    screen = ok(oto("events")).stdout
    assert "e1  Sat 28 Nov  19:00  Building meeting" in screen and "3 said yes" in screen


def test_attendance_keeps_the_commitments_of_who_came_and_marks_the_others_no_shows(oto, building):
    ran = ok(oto("attended", "e1", "Tom", "Ana", env=AFTER))
    assert "Did not come: Olek Nowak (broke p2; said yes and was not named)" in ran.output
    assert promise_status(oto, "Come to the building", AFTER) in ("kept", "broken")
    commitments = {p["person"]: p["status"] for p in json.loads(oto("promises", "--all", "--json", env=AFTER).stdout)}
    assert commitments == {"Tom Baker": "kept", "Olek Nowak": "broken", "Ana Reyes": "kept", "Jenny Wu": "open"}
    tom = json.loads(oto("show", "Tom", "--json", env=AFTER).stdout)
    assert any("came to meeting (e1): Building meeting (had said yes)" in str(t) for t in tom["timeline"])
    prep = ok(oto("prep", "Olek", env=AFTER)).stdout
    assert "did not come  Building meeting (e1)" in prep and "Came to 0 of 1 event they said yes to." in prep
    assert "Come to the Building Meeting: yes (Mon 23 Nov), did not show up" in prep
    # Olek came after all: recording him turns the no-show into came, the broken commitment into kept
    again = ok(oto("attended", "e1", "olek", env=AFTER)).output
    assert "Olek Nowak (kept p2; was recorded as did not come)" in again
    assert "Came to 1 of 1 event they said yes to." in oto("prep", "Olek", env=AFTER).stdout
    event = json.loads(oto("event", "e1", "--json", env=AFTER).stdout)
    assert (event["came"], event["no_shows"], event["recorded"]) == (3, 0, True)


def test_the_host_counts_as_coming_and_both_appear_in_each_timeline(oto, building):
    ok(oto("event", "House", "--attended", "Tom", "--missed", "Jenny", env=AFTER))
    event = json.loads(oto("event", "e2", "--json", env=AFTER).stdout)
    assert {(p["person"], p["status"]) for p in event["people"]} == {("Maria Lopez", "came"), ("Tom Baker", "came"), ("Jenny Wu", "no-show")}
    assert "hosted" in oto("prep", "Maria", env=AFTER).stdout
    maria = json.loads(oto("show", "Maria", "--json", env=AFTER).stdout)
    assert any("hosted house meeting (e2)" in str(t) for t in maria["timeline"])
    assert promise_status(oto, "Bring the lease", AFTER) == "open"  # not a commitment for that event


def test_bad_names_or_events_change_nothing_and_say_who(oto, building, oto_home):
    ok(oto("add", "Tomás Reyes"))
    before = dump(oto_home)
    ambiguous = oto("attended", "e1", "Olek", "tom", env=AFTER)
    assert ambiguous.exit_code == 1 and "Tom Baker" in ambiguous.stderr and "Tomás Reyes" in ambiguous.stderr
    unknown = oto("attended", "e1", "Olek", "Zed", env=AFTER)
    assert unknown.exit_code == 1 and "No one called 'Zed'" in unknown.stderr
    assert oto("attended", "e9", "Olek", env=AFTER).exit_code == 1
    ok(oto("event", "Building committee", "--on", "sun"))
    before = dump(oto_home)
    twice = oto("attended", "build", "Olek", env=AFTER)
    assert twice.exit_code == 1 and "e1" in twice.stderr and "e3" in twice.stderr
    early = oto("attended", "e1", "Olek")  # Saturday is still ahead
    assert early.exit_code == 1 and "still ahead" in early.stderr
    both = oto("attended", "e1", "Olek", "--missed", "Olek", env=AFTER)
    assert both.exit_code == 1
    assert oto("event", "Vigil", "--on", "sat", "--kind", "picnic").exit_code == 1
    assert oto("event", "e1", "--place", "Hall").exit_code == 2
    assert dump(oto_home) == before


def test_undo_after_attended_puts_everything_back(oto, building, oto_home):
    before = dump(oto_home)
    ok(oto("attended", "e1", "Tom", env=AFTER))
    assert dump(oto_home) != before
    ok(oto("undo", env=AFTER))
    assert dump(oto_home) == before


def test_merge_moves_attendance_and_hosting(oto, building):
    ok(oto("add", "T Baker"))
    ok(oto("attended", "e1", "Tom", env=AFTER))
    ok(oto("event", "Phone bank", "--on", "yesterday", "--host", "T Baker", "--attended", "T Baker", "Tom", env=AFTER))
    ran = ok(oto("merge", "Tom Baker", "T Baker", "--yes", env=AFTER))
    assert "attendance record" in ran.output
    bank = json.loads(oto("event", "Phone", "--json", env=AFTER).stdout)
    assert bank["host"] == "Tom Baker" and [(p["person"], p["status"]) for p in bank["people"]] == [("Tom Baker", "came")]
    assert "hosted" in oto("prep", "Tom", env=AFTER).stdout


def test_due_and_agenda_show_the_days_events(oto, building):
    friday = {"OTO_NOW": "2026-11-27 09:00"}
    due = ok(oto("due", env=friday)).stdout
    assert "Today's events" in due and "House meeting at Maria's" in due and "hosted by Maria Lopez" in due
    data = json.loads(oto("due", "--json", env=friday).stdout)
    assert [e["id"] for e in data["events"]] == ["e2"]
    assert "e1  tomorrow  19:00  Building meeting" in oto("agenda", env=friday).stdout
    assert [e["id"] for e in json.loads(oto("agenda", "--json").stdout)["events"]] == ["e2", "e1"]
    monday = ok(oto("due", env=AFTER)).stdout
    assert "Who came to e1 Building meeting (Sat 28 Nov)? oto attended e1 NAME..." in monday
    ok(oto("attended", "e1", "Tom", env=AFTER))
    assert "Who came to e1" not in oto("due", env=AFTER).stdout


def test_review_counts_event_attendance_after_a_yes(oto, building):
    ok(oto("attended", "e1", "Tom", "Ana", env=AFTER))
    data = json.loads(oto("review", "--json", env=AFTER).stdout)
    assert data["events"] == {"held": 2, "recorded": 1, "came": 2, "said_yes": 3, "came_after_yes": 2}
    assert data["asks"]["after_yes"]["showed_up"] == 1 and data["asks"]["after_yes"]["did_not"] == 1
    screen = oto("review", env=AFTER).stdout
    assert "of 3 people who had said yes, 2 came and 1 did not (67% came)" in screen


def test_domain_rule_a_title_word_missing_or_another_day_is_not_a_match(open_journal, scene):
    from onetoone.domain import events

    with scene() as s:
        ana, ben, cy = (s.person(n) for n in ("Ana Reyes", "Ben Ode", "Cy Lam"))
        s.promise(ana, "Come to the rent strike vote", SAT, "theirs")
        s.promise(ben, "Come to the strike", SAT, "theirs")  # lacks 'rent' and 'vote'
        s.promise(cy, "Come to the rent strike vote", SAT + timedelta(days=1), "theirs")  # another day
    with open_journal() as j:
        vote = events.create(j, title="Rent strike vote", day=SAT, kind="action", today=TODAY)
        assert [c.person for c in events.commitments(j, vote)] == ["Ana Reyes"]
        assert vote.said_yes == 1
        done = events.record(j, vote, came=[], missed=[], today=SAT)
        assert [(x.person, x.status, x.expected) for x in done.settled] == [("Ana Reyes", "no-show", True)]
        assert events.person_record(j, ana).no_shows == 1


def test_an_older_journal_migrates_to_events(tmp_path, monkeypatch, oto):
    home = tmp_path / "old"
    home.mkdir(mode=0o700)
    journal_at_version(home / "journal.db", 7)
    monkeypatch.setenv("OTO_HOME", str(home))
    ok(oto("add", "Tom Baker"))
    ok(oto("event", "Building meeting", "--on", "sat"))
    db = sqlite3.connect(home / "journal.db")
    assert "0009_events" in {name for (name,) in db.execute("SELECT name FROM migration")}
    db.close()
    assert json.loads(ok(oto("events", "--json")).stdout)["upcoming"][0]["title"] == "Building meeting"
    assert NOW.date() == TODAY


def test_merge_of_two_records_at_the_same_event_keeps_one_that_came(oto, building):
    ok(oto("add", "T Baker"))
    ok(oto("attended", "e1", "T Baker", "--missed", "Tom", env=AFTER))  # Tom's yes broken, his duplicate came
    ok(oto("merge", "Tom Baker", "T Baker", "--yes", env=AFTER))
    people = json.loads(oto("event", "e1", "--json", env=AFTER).stdout)["people"]
    assert [(p["person"], p["status"], p["said_yes"]) for p in people if p["person"] == "Tom Baker"] == [("Tom Baker", "came", True)]
    assert promise_status(oto, "Come to the building meeting", AFTER) == "kept"  # his yes: he came after all
