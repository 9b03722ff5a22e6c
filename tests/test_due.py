"""The morning digest (`oto due`) and `done`/`snooze`, on DOMAIN.md's situations.

Prep and reflect are written elsewhere, so the scenes are built here straight through the models
(`Scene`), the way those commands leave the journal; the digest is read through the CLI.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from onetoone.domain import due, followups, people, promises
from tests.conftest import NOW, TODAY


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


class Scene:
    """Rows as prep and reflect write them, for one test's journal."""

    def __init__(self, journal) -> None:
        self.j = journal

    def person(self, name: str, *, stage: str = "met", last_contact: date | None = None, referred_by: str | None = None) -> int:
        ref = people.add(self.j, people.PersonFields(name=name, stage=stage, referred_by=referred_by), today=TODAY)
        if last_contact is not None:
            people.touch(self.j, ref.id, last_contact)
        return ref.id

    def planned(self, person_id: int, at: datetime, *, confirm: tuple[date, ...] = ()) -> tuple[int, list[int], int]:
        """A planned meeting with its confirm follow-ups and its reflect follow-up: (meeting, confirms, reflect)."""
        from onetoone.store.models import Meeting

        meeting = Meeting(person_id=person_id, status="planned", planned_at=at, created_at=NOW)
        self.j.session.add(meeting)
        self.j.flush()
        confirms = [self.followup(person_id, "confirm", on, meeting_id=meeting.id) for on in confirm]
        return meeting.id, confirms, self.followup(person_id, "reflect", at.date(), meeting_id=meeting.id)

    def held(self, person_id: int, on: date) -> int:
        from onetoone.store.models import Meeting

        meeting = Meeting(person_id=person_id, status="held", held_on=on, created_at=NOW)
        self.j.session.add(meeting)
        self.j.flush()
        people.touch(self.j, person_id, on)
        return meeting.id

    def followup(
        self, person_id: int, kind: str, on: date, *, text: str = "", meeting_id: int | None = None, ask_id: int | None = None,
    ) -> int:
        return followups.schedule(
            self.j, person_id=person_id, kind=kind, due=on, words=text or None, today=TODAY, meeting_id=meeting_id, ask_id=ask_id,
        )

    def promise(self, person_id: int, text: str, on: date, direction: str = "mine") -> int:
        return promises.record(self.j, person_id=person_id, text=text, due=on, today=TODAY, direction=direction).id

    def ask(self, person_id: int, text: str, answer: str, *, meeting_id: int | None = None, promise_id: int | None = None) -> int:
        from onetoone.store.models import Ask

        ask = Ask(person_id=person_id, meeting_id=meeting_id, text=text, answer=answer, asked_on=TODAY, promise_id=promise_id)
        self.j.session.add(ask)
        self.j.flush()
        return ask.id


@pytest.fixture
def scene(open_journal):
    """`with scene() as s:` builds rows and commits them when the block ends."""
    from contextlib import contextmanager

    @contextmanager
    def building():
        with open_journal() as journal:
            yield Scene(journal)

    return building


def test_a_monday_morning_situation_3(oto, scene):
    with scene() as s:
        maria, dev, ana, tom, sam, lee = (
            s.person(n) for n in ("Maria Lopez", "Dev Patel", "Ana Reyes", "Tom Baker", "Sam Okafor", "Lee Wong")
        )
        # Wednesday's meeting: confirm two days before (today) and on the day.
        _, (confirm_wed_1, confirm_wed_2), _ = s.planned(maria, datetime(2026, 11, 25, 18, 0), confirm=(days(0), days(2)))
        # A meeting at 12:30 today: the day-of confirmation (its reflection is not due before it).
        _, (confirm_today,), _ = s.planned(dev, datetime(2026, 11, 23, 12, 30), confirm=(days(0),))
        saturday = s.held(ana, date(2026, 11, 21))
        thank_ana = s.followup(ana, "thank", days(0), meeting_id=saturday)
        mine = s.promise(ana, "Send the list of tenant-union contacts", days(0))
        thank_tom = s.followup(tom, "thank", date(2026, 11, 19), meeting_id=s.held(tom, date(2026, 11, 18)))
        later = s.ask(sam, "Host a house meeting in December", "later", meeting_id=s.held(sam, date(2026, 11, 9)))
        revisit = s.followup(sam, "revisit", days(0), ask_id=later)
        _, _, reflect_lee = s.planned(lee, datetime(2026, 11, 20, 17, 0))

    assert (confirm_wed_1, confirm_wed_2, confirm_today, thank_ana, mine, thank_tom, revisit, reflect_lee) == (1, 2, 4, 6, 1, 7, 8, 9)

    ran = oto("due")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "\n"
        "Overdue\n"
        "  f7  Tom Baker  Thank them for the one-to-one on Wed 18 Nov                                     4 days ago\n"
        "  f9  Lee Wong   Write your reflection on the one-to-one of Fri 20 Nov (oto reflect \"Lee Wong\")  3 days ago\n"
        "\n"
        "Today\n"
        "  f4  Dev Patel    Confirm today's one-to-one at 12:30\n"
        "  f1  Maria Lopez  Confirm the one-to-one on Wed 25 Nov at 18:00\n"
        "  f6  Ana Reyes    Thank them for the one-to-one on Sat 21 Nov\n"
        "  p1  Ana Reyes    I promised: Send the list of tenant-union contacts\n"
        "  f8  Sam Okafor   Revisit their 'later' on: Host a house meeting in December\n"
        "\n"
        "Next 7 days\n"
        "  f2  Maria Lopez  Confirm the one-to-one on Wed 25 Nov at 18:00  Wed 25 Nov\n"
    )


def test_json_contract(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        s.promise(maria, "Send the hearing dates", days(0))
        s.promise(maria, "Bring the lease", days(-2), "theirs")
        s.followup(maria, "thank", days(1))
    data = json.loads(oto("due", "--json").stdout)
    assert set(data) == {"date", "week", "items"}
    assert data["date"] == "2026-11-23" and data["week"] == {"held": 0, "goal": 5}
    assert [(i["id"], i["kind"], i["due"], i["overdue"]) for i in data["items"]] == [
        ("p2", "promise-theirs", "2026-11-21", True),
        ("p1", "promise-mine", "2026-11-23", False),
        ("f1", "thank", "2026-11-24", False),
    ]
    for item in data["items"]:
        assert set(item) == {"id", "kind", "person", "due", "overdue", "text"}
        assert item["kind"] in due.KINDS and item["person"] == "Maria Lopez"
    assert data["items"][1]["text"] == "I promised: Send the hearing dates"


def test_their_document_overdue_and_my_information_due_today_both_show_situation_2(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        theirs = s.promise(maria, "Bring a copy of the lease", date(2026, 11, 20), "theirs")
        mine = s.promise(maria, "Send the rent-board hearing dates", days(0))
    out = oto("due").stdout
    assert out == (
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "\n"
        "Overdue\n"
        f"  p{theirs}  Maria Lopez  Did they come through? They committed: Bring a copy of the lease. "
        f"Record it with `oto kept p{theirs}` or `oto broken p{theirs}`  3 days ago\n"
        "\n"
        "Today\n"
        f"  p{mine}  Maria Lopez  I promised: Send the rent-board hearing dates\n"
    )


def test_a_yes_with_no_show_situation_5(oto, scene, open_journal):
    with scene() as s:
        rosa = s.person("Rosa Diaz")
        meeting = s.held(rosa, date(2026, 11, 16))
        commitment = s.promise(rosa, "Come to the house meeting on Saturday", date(2026, 11, 21), "theirs")
        ask = s.ask(rosa, "Come to the house meeting on Saturday", "yes", meeting_id=meeting, promise_id=commitment)

    on_the_day = json.loads(oto("due", "--on", "2026-11-21", "--json").stdout)["items"]
    assert [i["text"] for i in on_the_day] == ["They committed: Come to the house meeting on Saturday"]
    day_after = json.loads(oto("due", "--on", "2026-11-22", "--json").stdout)["items"]
    assert [(i["id"], i["overdue"], i["text"]) for i in day_after] == [(
        f"p{commitment}", True,
        f"Did they show up? They said yes to: Come to the house meeting on Saturday. "
        f"Record it with `oto kept p{commitment}` or `oto broken p{commitment}`",
    )]

    ran = oto("broken", f"p{commitment}")
    assert ran.exit_code == 0
    assert ran.stderr.endswith("Recorded that they did not show up.\n")
    with open_journal(write=False) as j:
        assert j.value("SELECT showed_up FROM ask WHERE id = ?", (ask,)) == 0
        assert str(promises.reliability(j, rosa, "theirs", today=TODAY)) == "0 of 1 kept on time"
    assert json.loads(oto("due", "--json").stdout)["items"] == []


def test_a_leader_not_seen_for_six_weeks_is_offered_to_reconnect_with_situation_8(oto, scene):
    with scene() as s:
        grace = s.person("Grace Kim", stage="leader", last_contact=days(-42))
        s.person("Quiet Person", stage="leader", last_contact=days(-42))
        s.planned(s.person("Booked Again", stage="leader", last_contact=days(-42)), datetime(2026, 11, 30, 10, 0))
        stepped = s.person("Next Stepped", stage="leader", last_contact=days(-42))
        next_step = s.followup(stepped, "next-step", days(3), text="meet her sister")
    oto("edit", "Quiet Person", "--do-not-contact")
    data = json.loads(oto("due", "--json").stdout)
    assert [(i["id"], i["kind"], i["due"], i["overdue"], i["text"]) for i in data["items"]] == [
        (f"r{grace}", "reconnect", "2026-10-26", False, "Reconnect: last contact 42 days ago"),
        (f"f{next_step}", "next-step", "2026-11-26", False, "Next step: meet her sister"),
    ]
    # A suggestion, not a debt: listed under today, never as overdue.
    assert "Today\n" f"  r{grace}  Grace Kim  Reconnect: last contact 42 days ago\n" in oto("due").stdout


def test_the_week_count_and_referrals_to_fill_the_gap_situation_10(oto, scene):
    assert oto("goal", "5").exit_code == 0
    with scene() as s:
        s.person("Dev Patel")
        held = {"Last Sunday": date(2026, 11, 22), "Ann Monday": days(0), "Ben Tuesday": days(1), "Cy Wednesday": days(2)}
        for name, day in held.items():
            s.held(s.person(name), day)
        one = s.followup(s.person("Joy Ruiz", stage="prospect", referred_by="Dev Patel"), "contact-referral", days(2))
        two = s.followup(s.person("Kai Moss", stage="prospect", referred_by="Dev Patel"), "contact-referral", days(3))
    assert oto("due", "--on", "thu").stdout == (
        "Thu 26 Nov 2026. One-to-ones this week: 3 of 5.\n"
        "2 referrals to contact could fill the gap.\n"
        "\n"
        "Overdue\n"
        f"  f{one}  Joy Ruiz  Contact Joy Ruiz, referred by Dev Patel  yesterday\n"
        "\n"
        "Today\n"
        f"  f{two}  Kai Moss  Contact Kai Moss, referred by Dev Patel\n"
    )
    assert json.loads(oto("due", "--on", "thu", "--json").stdout)["week"] == {"held": 3, "goal": 5}


def test_an_empty_day_is_one_friendly_line_with_the_week_count(oto):
    ran = oto("due")
    assert ran.exit_code == 0
    assert ran.stdout == (
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "Nothing due. A good day to invite someone to a one-to-one.\n"
    )


def test_days_sets_the_horizon(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        s.followup(maria, "thank", days(3))
        s.followup(maria, "confirm", days(1))
    ids = lambda *args: [i["id"] for i in json.loads(oto("due", "--json", *args).stdout)["items"]]  # noqa: E731
    assert ids() == ["f2", "f1"]
    assert ids("--days", "2") == ["f2"]
    assert ids("--days", "0") == []
    assert "Tomorrow\n" in oto("due", "--days", "1").stdout
    assert oto("due", "--days", "-1").exit_code == 2


def test_on_answers_as_if_today_were_that_day_and_reflections_wait_for_the_meeting(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        _, _, reflect = s.planned(maria, datetime(2026, 11, 25, 18, 0))
    assert json.loads(oto("due", "--on", "wed", "--json").stdout)["items"] == []  # 09:00, before the 18:00 meeting
    later_that_day = json.loads(oto("due", "--json", env={"OTO_NOW": "2026-11-25 19:00"}).stdout)["items"]
    assert [i["id"] for i in later_that_day] == [f"f{reflect}"]
    thursday = json.loads(oto("due", "--on", "thu", "--json").stdout)
    assert thursday["date"] == "2026-11-26"
    assert [(i["id"], i["overdue"], i["text"]) for i in thursday["items"]] == [
        (f"f{reflect}", True, 'Write your reflection on the one-to-one of Wed 25 Nov (oto reflect "Maria Lopez")')
    ]
    assert oto("due", "--on", "someday").exit_code == 1


def test_a_confirmation_goes_once_the_meeting_is_past_or_no_longer_planned(oto, scene, open_journal):
    with scene() as s:
        meeting, (confirm,), reflect = s.planned(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0), confirm=(days(0),))
    assert [i["id"] for i in json.loads(oto("due", "--json").stdout)["items"]] == [f"f{confirm}"]
    after_it = json.loads(oto("due", "--json", env={"OTO_NOW": "2026-11-25 19:00"}).stdout)["items"]
    assert [i["id"] for i in after_it] == [f"f{reflect}"]
    with open_journal() as j:
        j.execute("UPDATE meeting SET status = 'cancelled' WHERE id = ?", (meeting,))
    assert json.loads(oto("due", "--json").stdout)["items"] == []


# -- done and snooze ------------------------------------------------------------------------------


def test_done_and_snooze_a_follow_up(oto, scene, open_journal):
    with scene() as s:
        maria = s.person("Maria Lopez")
        thank = s.followup(maria, "thank", days(-1))
        confirm = s.followup(maria, "confirm", days(0))
    ran = oto("done", f"F{thank}")
    assert (ran.exit_code, ran.stderr) == (0, f"Marked f{thank} (thank-you, Maria Lopez) done.\n")
    again = oto("done", f"f{thank}")
    assert again.exit_code == 1
    assert again.stderr == f"oto: f{thank} (thank-you, Maria Lopez) is already done on Mon 23 Nov 2026; nothing was changed.\n"
    ran = oto("snooze", f"f{confirm}", "--until", "wed")
    assert ran.stderr == f"Snoozed f{confirm} (confirmation, Maria Lopez) until Wed 25 Nov 2026 (in 2 days).\n"
    refused = oto("snooze", f"f{confirm}", "--until", "yesterday")
    assert refused.exit_code == 1 and "is in the past" in refused.stderr
    with open_journal(write=False) as j:
        assert tuple(j.row("SELECT status, done_on FROM followup WHERE id = ?", (thank,))) == ("done", "2026-11-23")
        assert j.value("SELECT due FROM followup WHERE id = ?", (confirm,)) == "2026-11-25"
    assert [i["id"] for i in json.loads(oto("due", "--days", "1", "--json").stdout)["items"]] == []


def test_a_reflection_marked_done_records_the_meeting_as_held(oto, scene, open_journal):
    with scene() as s:
        dev = s.person("Dev Patel", stage="prospect")
        past, (confirm,), reflect = s.planned(dev, datetime(2026, 11, 20, 17, 0), confirm=(date(2026, 11, 20),))
        _, _, future_reflect = s.planned(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0))
    ran = oto("done", f"f{reflect}")
    assert ran.stderr == (
        f"Marked f{reflect} (reflection, Dev Patel) done. "
        "No reflection: the one-to-one of Fri 20 Nov 2026 is recorded as held.\n"
    )
    with open_journal(write=False) as j:
        assert tuple(j.row("SELECT status, held_on FROM meeting WHERE id = ?", (past,))) == ("held", "2026-11-20")
        assert tuple(j.row("SELECT stage, last_contact_on FROM person WHERE id = ?", (dev,))) == ("met", "2026-11-20")
        assert j.value("SELECT status FROM followup WHERE id = ?", (confirm,)) == "done"
    early = oto("done", f"f{future_reflect}")
    assert early.exit_code == 1 and "mark its reflection done after it is held" in early.stderr


def test_done_and_snooze_a_reconnect(oto, scene, open_journal):
    with scene() as s:
        grace = s.person("Grace Kim", stage="leader", last_contact=days(-42))
        sam = s.person("Sam Okafor", stage="active", last_contact=days(-40))
    ran = oto("done", f"r{grace}")
    assert ran.stderr == (
        "Recorded that you reconnected with Grace Kim today. oto will suggest reconnecting again on Mon 7 Dec 2026.\n"
    )
    with open_journal(write=False) as j:
        row = j.row("SELECT kind, status, done_on FROM followup WHERE person_id = ?", (grace,))
        assert tuple(row) == ("reconnect", "done", "2026-11-23")
        assert j.value("SELECT last_contact_on FROM person WHERE id = ?", (grace,)) == "2026-11-23"

    ran = oto("snooze", f"r{sam}", "--until", "+2w")
    assert ran.stderr == f"Snoozed r{sam} (reconnect, Sam Okafor) until Mon 7 Dec 2026 (in 14 days).\n"
    assert json.loads(oto("due", "--json").stdout)["items"] == []
    later = json.loads(oto("due", "--on", "+2w", "--json").stdout)["items"]
    assert [(i["id"], i["text"]) for i in later] == [
        ("r1", "Reconnect: last contact 14 days ago"),  # Grace again, a leader's two weeks later
        ("f2", "Reconnect: last contact 54 days ago"),  # the snoozed one
    ]
    twice = oto("snooze", f"r{sam}", "--until", "+3w")
    assert twice.exit_code == 1 and "snooze f2 instead" in twice.stderr


def test_done_on_a_promise_keeps_it_and_snooze_points_to_renegotiate(oto, scene, open_journal):
    with scene() as s:
        mine = s.promise(s.person("Maria Lopez"), "Send the hearing dates", days(0))
    snoozed = oto("snooze", f"p{mine}", "--until", "fri")
    assert snoozed.exit_code == 1 and f"`oto renegotiate p{mine} --by WHEN`" in snoozed.stderr
    ran = oto("done", f"p{mine}")
    assert ran.exit_code == 0 and ran.stderr.startswith(f"Marked p{mine} kept:")
    with open_journal(write=False) as j:
        assert j.value("SELECT status FROM promise WHERE id = ?", (mine,)) == "kept"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("f99", "There is no follow-up f99."),
        ("p99", "There is no promise p99."),
        ("r99", "There is no r99: no person has id 99."),
        ("x1", "'x1' is not an item id."),
        ("12", "'12' is not an item id."),
        ("f", "'f' is not an item id."),
        ("f1x", "'f1x' is not an item id."),
    ],
)
def test_unknown_or_malformed_ids_are_refused(oto, typed, message):
    for args in (("done", typed), ("snooze", typed, "--until", "fri")):
        ran = oto(*args)
        assert ran.exit_code == 1, args
        assert ran.stderr.startswith(f"oto: {message}"), ran.stderr
        assert ran.stderr.count("\n") == 1


def test_do_not_contact_people_are_not_reconnected(oto, scene):
    with scene() as s:
        s.person("Quiet Person", last_contact=days(-90))
    oto("edit", "Quiet Person", "--do-not-contact")
    ran = oto("done", "r1")
    assert ran.exit_code == 1 and "asked not to be contacted" in ran.stderr


# -- a long journal -------------------------------------------------------------------------------


def test_buckets_are_capped_on_screen_and_json_lists_everything(oto, scene):
    with scene() as s:
        for n in range(25):
            person = s.person(f"Person {n:02}")
            s.followup(person, "thank", days(-1), meeting_id=s.held(person, days(-100)))
    screen = oto("due").stdout
    assert "  ... and 13 more (`oto due --json` lists them all)\n" in screen  # 12 of 25 shown
    assert screen.count("Thank them") == 12
    # Reconnect suggestions: at most five on screen, the rest counted.
    assert screen.count("Reconnect: last contact") == 5
    assert "  ... and 20 more (`oto due --json` lists them all)\n" in screen
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert len(items) == 50


def test_every_digest_query_uses_an_index(open_journal):
    params = {"horizon": "2026-11-30", "now": "2026-11-23 09:00:00.000000", "after": "", "until": "2026-11-30",
              "limit": 5, "monday": "2026-11-23", "sunday": "2026-11-29"}
    names = ("FOLLOWUPS_SQL", "PROMISES_SQL", "RECONNECT_SQL", "RECONNECT_COUNT_SQL", "WEEK_SQL")
    with open_journal(write=False) as j:
        plans = {name: [row[3] for row in j.rows("EXPLAIN QUERY PLAN " + getattr(due, name), params)] for name in names}
    for name, plan in plans.items():
        assert not [step for step in plan if step.startswith("SCAN") and step != "SCAN CONSTANT ROW"], (name, plan)
    assert plans["WEEK_SQL"] == ["SEARCH meeting USING INDEX ix_meeting_held_on (held_on>? AND held_on<?)"]


def test_the_screen_counts_promises_it_leaves_out_per_bucket(oto, scene):
    with scene() as s:
        for n in range(15):
            person = s.person(f"Person {n:02}")
            s.promise(person, f"Send note {n}", days(-3), "mine")
            s.promise(person, f"Bring form {n}", days(-3), "theirs")
    screen = oto("due").stdout
    assert screen.count("I promised: Send note") == 12  # mine first fills the bucket
    assert "  ... and 18 more (`oto due --json` lists them all)\n" in screen
    assert len(json.loads(oto("due", "--json").stdout)["items"]) == 30
