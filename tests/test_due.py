"""The morning digest (`oto due`) and `done`/`snooze`, on DOMAIN.md's situations.

The scenes are built through oto's own domain functions (`scene`, in conftest.py): people added,
meetings planned and reflected on, promises made, items done and snoozed, each on its own day,
as the commands leave the journal; the digest is read through the CLI.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from onetoone.domain import due, promises
from tests.conftest import TODAY


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_a_monday_morning_situation_3(oto, scene):
    with scene() as s:
        maria, dev, ana, tom, sam, lee = (
            s.person(n) for n in ("Maria Lopez", "Dev Patel", "Ana Reyes", "Tom Baker", "Sam Okafor", "Lee Wong")
        )
        # Two weeks ago Sam said "later"; the thank-you was done the next day.
        s.met(sam, date(2026, 11, 9), ask="Host a house meeting in December", answer="later", revisit=days(0))
        tom_thanks = s.reflect(tom, date(2026, 11, 18)).thank  # not thanked yet
        # Booked on Thursday for Friday; Friday's one-to-one is not reflected on yet.
        lee_wong = s.plan(lee, datetime(2026, 11, 20, 17, 0))
        # Saturday's one-to-one, with my promise due today; Sunday's thank-you put off to Monday.
        saturday = s.reflect(ana, date(2026, 11, 21), i_promise="Send the list of tenant-union contacts by 2026-11-23")
        s.snooze(f"f{saturday.thank.id}", days(0), on=date(2026, 11, 22))
        # Wednesday's meeting, booked on Saturday: one confirmation, two days before (today).
        wednesday = s.plan(maria, datetime(2026, 11, 25, 18, 0), booked=datetime(2026, 11, 21, 10, 0))
        # A meeting at 12:30 today, booked yesterday: the day-of confirmation (its reflection is
        # not due before it), and it heads the digest as today's one-to-one.
        noon = s.plan(dev, datetime(2026, 11, 23, 12, 30), booked=datetime(2026, 11, 22, 10, 0))

    assert (tom_thanks.id, lee_wong.reflect, noon.confirms, wednesday.confirms, saturday.thank.id) == (3, 5, (9,), (7,), 6)
    assert saturday.promises[0].id == 1

    ran = oto("due")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "\n"
        "Today's one-to-ones\n"
        "  m6  12:30  Dev Patel    45 min  not confirmed\n"
        "\n"
        "Overdue\n"
        "  f3  Tom Baker  Thank them for the one-to-one on Wed 18 Nov                                     4 days ago\n"
        "  f5  Lee Wong   Write your reflection on the one-to-one of Fri 20 Nov (oto reflect \"Lee Wong\")  3 days ago\n"
        "\n"
        "Today\n"
        "  f9  Dev Patel    Confirm today's one-to-one at 12:30\n"
        "  f7  Maria Lopez  Confirm the one-to-one on Wed 25 Nov at 18:00\n"
        "  f6  Ana Reyes    Thank them for the one-to-one on Sat 21 Nov\n"
        "  p1  Ana Reyes    I promised: Send the list of tenant-union contacts\n"
        "  f1  Sam Okafor   Revisit their 'later' on: Host a house meeting in December\n"
    )


def test_json_contract(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        s.promise(maria, "Send the hearing dates", days(0))
        s.promise(maria, "Bring the lease", days(-2), "theirs", today=days(-5))
        s.reflect(maria, days(0))  # met this morning: thank her tomorrow
    data = json.loads(oto("due", "--json").stdout)
    assert set(data) == {"date", "week", "meetings", "events", "to_record", "drafts", "items"}
    assert data["date"] == "2026-11-23" and data["week"] == {"held": 1, "goal": 5} and data["drafts"] == []
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
        said_yes = s.met(rosa, date(2026, 11, 16), ask="Come to the house meeting on Saturday by 2026-11-21", answer="yes")
    commitment = said_yes.commitment.id

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
        assert j.value("SELECT showed_up FROM ask WHERE promise_id = :promise", {"promise": commitment}) is False
        assert str(promises.reliability(j, rosa, "theirs", today=TODAY)) == "0 of 1 kept on time"
    assert json.loads(oto("due", "--json").stdout)["items"] == []


def test_a_leader_not_seen_for_six_weeks_is_offered_to_reconnect_with_situation_8(oto, scene):
    with scene() as s:
        grace = s.person("Grace Kim", stage="leader", last_contact=days(-42))
        s.person("Quiet Person", stage="leader", last_contact=days(-42))
        # Booked again: no reconnect suggestion (its confirmations fall after the 7 days shown).
        s.plan(s.person("Booked Again", stage="leader", last_contact=days(-42)), datetime(2026, 12, 3, 10, 0))
        stepped = s.person("Next Stepped", stage="leader")
        next_step = s.met(stepped, days(-42), next_step="meet her sister", next=days(3)).next.id
    oto("edit", "Quiet Person", "--do-not-contact")
    data = json.loads(oto("due", "--json").stdout)
    assert [(i["id"], i["kind"], i["due"], i["overdue"], i["text"]) for i in data["items"]] == [
        (f"r{grace}", "reconnect", "2026-10-26", True, "Reconnect: last contact 42 days ago"),
        (f"f{next_step}", "next-step", "2026-11-26", False, "Next step: meet her sister"),
    ]
    # Past its day, so overdue; on screen a suggestion among the people to get in touch with.
    assert "Get in touch\n" f"  r{grace}  Grace Kim  Reconnect: last contact 42 days ago\n" in oto("due").stdout


def test_the_week_count_and_referrals_to_fill_the_gap_situation_10(oto, scene):
    assert oto("goal", "5").exit_code == 0
    with scene() as s:
        # Dev suggested two people last Sunday (contact them within three days); Kai put off a day.
        dev = s.person("Dev Patel")
        # Each referral saved is (name, added as new, (its contact-referral follow-up, due)).
        joy, kai = s.met(dev, date(2026, 11, 22), referral=["Joy Ruiz", "Kai Moss"]).referrals
        one, two = joy.follow_up.id, kai.follow_up.id
        held = {"Last Sunday": date(2026, 11, 22), "Ann Monday": days(0), "Ben Tuesday": days(1), "Cy Wednesday": days(2)}
        for name, day in held.items():
            s.met(s.person(name), day)
        s.snooze(f"f{two}", days(3), on=days(1))
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
        thank = s.reflect(maria, date(2026, 11, 22)).thank.id  # due today, put off to Thursday
        s.snooze(f"f{thank}", days(3))
        s.plan(maria, datetime(2026, 11, 24, 10, 0))  # confirm tomorrow, on the day
    ids = lambda *args: [i["id"] for i in json.loads(oto("due", "--json", *args).stdout)["items"]]  # noqa: E731
    assert ids() == ["f2", "f1"]
    assert ids("--days", "2") == ["f2"]
    assert ids("--days", "0") == []
    assert "Tomorrow\n" in oto("due", "--days", "1").stdout
    assert oto("due", "--days", "-1").exit_code == 2


def test_on_answers_as_if_today_were_that_day_and_reflections_wait_for_the_meeting(oto, scene):
    with scene() as s:
        booked = s.plan(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0))
    # Wednesday 09:00, before the 18:00 meeting: its confirmations (today's, and Monday's not
    # done), and no reflection yet.
    wednesday = json.loads(oto("due", "--on", "wed", "--json").stdout)["items"]
    assert [(i["id"], i["kind"]) for i in wednesday] == [(f"f{number}", "confirm") for number in booked.confirms]
    later_that_day = json.loads(oto("due", "--json", env={"OTO_NOW": "2026-11-25 19:00"}).stdout)["items"]
    assert [i["id"] for i in later_that_day] == [f"f{booked.reflect}"]
    thursday = json.loads(oto("due", "--on", "thu", "--json").stdout)
    assert thursday["date"] == "2026-11-26"
    assert [(i["id"], i["overdue"], i["text"]) for i in thursday["items"]] == [
        (f"f{booked.reflect}", True, 'Write your reflection on the one-to-one of Wed 25 Nov (oto reflect "Maria Lopez")')
    ]
    assert oto("due", "--on", "someday").exit_code == 1


def test_a_confirmation_goes_once_the_meeting_is_past_or_no_longer_planned(oto, scene):
    with scene() as s:
        booked = s.plan(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0))
    assert [i["id"] for i in json.loads(oto("due", "--json").stdout)["items"]] == [f"f{n}" for n in booked.confirms]
    after_it = json.loads(oto("due", "--json", env={"OTO_NOW": "2026-11-25 19:00"}).stdout)["items"]
    assert [i["id"] for i in after_it] == [f"f{booked.reflect}"]
    assert oto("cancel", f"m{booked.meeting}").exit_code == 0
    assert json.loads(oto("due", "--json").stdout)["items"] == []


# -- done and snooze ------------------------------------------------------------------------------


def test_done_and_snooze_a_follow_up(oto, scene, open_journal):
    with scene() as s:
        maria = s.person("Maria Lopez")
        thank = s.reflect(maria, date(2026, 11, 21)).thank.id  # due yesterday
        confirm = s.plan(maria, datetime(2026, 11, 25, 18, 0)).confirms[0]  # due today, two days before
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
        assert tuple(j.row("SELECT status, done_on FROM followup WHERE id = :id", {"id": thank})) == ("done", date(2026, 11, 23))
        assert j.value("SELECT due FROM followup WHERE id = :id", {"id": confirm}) == date(2026, 11, 25)
    assert [i["id"] for i in json.loads(oto("due", "--days", "1", "--json").stdout)["items"]] == []


def test_a_reflection_marked_done_records_the_meeting_as_held(oto, scene, open_journal):
    with scene() as s:
        dev = s.person("Dev Patel", stage="prospect")
        past = s.plan(dev, datetime(2026, 11, 20, 17, 0))  # booked the day before: one confirmation, on the day
        future = s.plan(s.person("Maria Lopez"), datetime(2026, 11, 25, 18, 0))
    [confirm] = past.confirms
    ran = oto("done", f"f{past.reflect}")
    assert ran.stderr == (
        f"Marked f{past.reflect} (reflection, Dev Patel) done. "
        f"No reflection: the one-to-one of Fri 20 Nov 2026 (m{past.meeting}) is recorded as held: it counts toward "
        "the week's goal and Dev Patel moves from prospect to met. "
        "(A meeting that did not happen is recorded with `oto noshow` or `oto cancel`, not `oto done`.)\n"
    )
    with open_journal(write=False) as j:
        assert tuple(j.row("SELECT status, held_on FROM meeting WHERE id = :id", {"id": past.meeting})) == ("held", date(2026, 11, 20))
        assert tuple(j.row("SELECT stage, last_contact_on FROM person WHERE id = :id", {"id": dev})) == ("met", date(2026, 11, 20))
        assert j.value("SELECT status FROM followup WHERE id = :id", {"id": confirm}) == "done"
    early = oto("done", f"f{future.reflect}")
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
        row = j.row("SELECT kind, status, done_on FROM followup WHERE person_id = :person", {"person": grace})
        assert tuple(row) == ("reconnect", "done", date(2026, 11, 23))
        assert j.value("SELECT last_contact_on FROM person WHERE id = :id", {"id": grace}) == date(2026, 11, 23)

    ran = oto("snooze", f"r{sam}", "--until", "+2w")
    assert ran.stderr == f"Snoozed r{sam} (reconnect, Sam Okafor) until Mon 7 Dec 2026 (in 14 days).\n"
    assert json.loads(oto("due", "--json").stdout)["items"] == []
    later = json.loads(oto("due", "--on", "+2w", "--json").stdout)["items"]
    assert [(i["id"], i["text"]) for i in later] == [
        ("f2", "Reconnect: last contact 54 days ago"),  # the snoozed one, due that day
        ("r1", "Reconnect: last contact 14 days ago"),  # Grace again, a leader's two weeks later: a suggestion
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
        assert j.value("SELECT status FROM promise WHERE id = :id", {"id": mine}) == "kept"


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


def test_nothing_overdue_or_due_today_is_left_out_only_suggestions_and_the_days_ahead_are_shortened(oto, scene):
    with scene() as s:
        for n in range(25):  # met a hundred days ago and never thanked
            s.reflect(s.person(f"Person {n:02}"), days(-100))
    screen = oto("due").stdout
    assert screen.count("Thank them") == 25  # every one overdue is listed
    # Suggestions to get in touch: the five waiting longest on screen, the rest counted.
    assert screen.count("Reconnect: last contact") == 5
    assert screen.endswith("  ... and 20 more (`oto due --all` lists them all)\n")
    assert screen.count("... and") == 1
    every = oto("due", "--all").stdout
    assert every.count("Reconnect: last contact") == 25 and "... and" not in every
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert len(items) == 50 and all(item["overdue"] for item in items)


def test_the_days_ahead_are_capped_on_screen_and_all_shows_them(oto, scene):
    with scene() as s:
        for n in range(15):
            person = s.person(f"Person {n:02}")
            s.promise(person, f"Send note {n}", days(2 + n % 3), "mine")
            s.promise(person, f"Bring form {n}", days(-3), "theirs")
            s.promise(person, f"Call back {n}", days(0), "mine")
    screen = oto("due").stdout
    assert screen.count("They committed: Bring form") == 15 and screen.count("I promised: Call back") == 15
    assert screen.count("I promised: Send note") == 12
    assert screen.endswith("  ... and 3 more (`oto due --all` lists them all)\n")
    assert oto("due", "--all").stdout.count("I promised: Send note") == 15
    assert len(json.loads(oto("due", "--json").stdout)["items"]) == 45
