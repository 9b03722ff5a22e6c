"""The ten situations at the end of DOMAIN.md, each played through oto's own commands.

Time moves through OTO_NOW: Monday 23 November 2026 is "this morning".
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def at(oto):
    """at("2026-11-21 18:00", "reflect", ...) runs oto as if it were that moment."""

    def run(moment: str, *args: str):
        ran = oto(*args, env={"OTO_NOW": moment})
        assert ran.exit_code == 0, f"oto {' '.join(args)} -> {ran.exit_code}: {ran.stderr}"
        return ran

    return run


def due(oto, moment="2026-11-23 08:00", *extra):
    return json.loads(oto("due", "--json", *extra, env={"OTO_NOW": moment}).stdout)


def kinds(report, person=None):
    return [(i["kind"], i["person"]) for i in report["items"] if person in (None, i["person"])]


def test_1_first_meeting_with_a_referral_warns_against_an_early_ask(at):
    at("2026-11-20 10:00", "add", "Dev Patel", "--stage", "leader")
    at("2026-11-20 10:05", "add", "Maria Chen", "--referred-by", "Dev Patel")
    sheet = at("2026-11-23 08:00", "prep", "Maria Chen", "--at", "wed 6pm", "--ask", "Join the parents' housing group").stdout
    assert "Referred by  Dev Patel" in sheet
    assert "Nothing yet" in sheet
    assert "WARNING: an ask is planned, but nothing is known about Maria Chen yet" in sheet


def test_2_second_meeting_after_a_maybe_shows_both_promises_mine_first(at, oto):
    at("2026-11-09 09:00", "add", "Maria Lopez")
    at("2026-11-09 19:00", "reflect", "Maria Lopez", "--self-interest", "Mould in her son's room",
       "--ask", "Host a house meeting", "--answer", "maybe", "--revisit", "2026-11-23",
       "--they-promise", "Bring the lease by 2026-11-20", "--i-promise", "Find the inspection rules by 2026-11-23")
    sheet = at("2026-11-23 08:00", "prep", "Maria Lopez").stdout
    promises = sheet[sheet.index("Promises"):sheet.index("Last ask")]
    mine, theirs = promises.index("Find the inspection rules"), promises.index("Bring the lease")
    assert mine < theirs
    assert "due today" in promises and "OVERDUE" in promises
    assert "Host a house meeting: maybe" in sheet


def test_3_a_monday_morning_digest(at, oto):
    for name in ("Ana Reyes", "Ben Okoro", "Cleo Marsh", "Dan Wu", "Eva Stone", "Finn Hale"):
        at("2026-11-10 09:00", "add", name)
    at("2026-11-21 12:00", "prep", "Ana Reyes", "--at", "wed 6pm")                 # confirm today, two days before
    at("2026-11-22 12:05", "prep", "Ben Okoro", "--at", "mon 5pm")                 # booked the day before: day-of confirmation
    at("2026-11-21 19:00", "reflect", "Cleo Marsh", "--ask", "Come on Thursday", "--answer", "later", "--revisit", "mon")
    at("2026-11-19 19:00", "reflect", "Dan Wu", "--i-promise", "Send the rent-strike history by mon")  # overdue thank
    at("2026-11-20 10:00", "prep", "Eva Stone", "--at", "sun 2pm")                 # held, never reflected
    report = due(oto)
    assert report["date"] == "2026-11-23"
    found = kinds(report)
    assert ("thank", "Dan Wu") in found and ("thank", "Cleo Marsh") in found
    assert ("confirm", "Ana Reyes") in found and ("confirm", "Ben Okoro") in found
    assert ("promise-mine", "Dan Wu") in found
    assert ("revisit", "Cleo Marsh") in found
    assert ("reflect", "Eva Stone") in found
    overdue = [(i["kind"], i["person"]) for i in report["items"] if i["overdue"]]
    assert ("thank", "Dan Wu") in overdue and ("reflect", "Eva Stone") in overdue
    assert found.index(("thank", "Dan Wu")) < found.index(("confirm", "Ana Reyes"))  # overdue first


def test_4_a_full_reflection_records_everything(at, oto):
    at("2026-11-20 09:00", "add", "Maria Lopez")
    ran = at("2026-11-23 08:00", "reflect", "Maria Lopez", "--at", "yesterday", "--minutes", "45", "--listened", "70",
             "--self-interest", "Mould in her son's bedroom", "--self-interest", "Keeping her job at the bakery",
             "--story", "Her aunt's building won water repairs in 2009", "--talent", "Translates for neighbours",
             "--common", "We both grew up in organized buildings",
             "--ask", "Host a house meeting by sat", "--answer", "yes",
             "--they-promise", "Bring photos of the mould by fri", "--i-promise", "Find the inspection rules by thu",
             "--referral", "Lucía Fernández", "--referral", "Jenny Wu", "--next", "+2w")
    assert "Sat 28 Nov 2026" in ran.stdout + ran.stderr  # the yes date printed back
    record = json.loads(oto("show", "Maria Lopez", "--json").stdout)
    assert record["insights"]["self-interest"] == ["Mould in her son's bedroom", "Keeping her job at the bakery"]
    assert record["insights"]["story"] and record["insights"]["talent"] and record["insights"]["common"]
    assert record["stage"] == "committed"
    assert sorted(record["referred"]) == ["Jenny Wu", "Lucía Fernández"]
    ledger = json.loads(oto("promises", "Maria Lopez", "--json").stdout)
    assert {(p["direction"], p["text"], p["due"]) for p in ledger} == {
        ("theirs", "Host a house meeting", "2026-11-28"),
        ("theirs", "Bring photos of the mould", "2026-11-27"),
        ("mine", "Find the inspection rules", "2026-11-26"),
    }
    report = due(oto, "2026-11-23 08:00", "--days", "14")
    assert ("thank", "Maria Lopez") in kinds(report)
    assert [i["person"] for i in report["items"] if i["kind"] == "contact-referral"] == ["Jenny Wu", "Lucía Fernández"]
    assert json.loads(oto("show", "Lucía", "--json").stdout)["referred_by"] == "Maria Lopez"


def test_5_a_yes_with_no_show(at, oto):
    at("2026-11-10 09:00", "add", "Olek Nowak")
    at("2026-11-12 18:00", "reflect", "Olek Nowak", "--ask", "Come to the building meeting by 2026-11-20", "--answer", "yes")
    assert not [i for i in due(oto, "2026-11-20 08:00")["items"] if i["kind"] == "promise-theirs" and i["overdue"]]
    item = next(i for i in due(oto, "2026-11-21 08:00")["items"] if i["kind"] == "promise-theirs")
    assert item["overdue"] and "show up" in item["text"]
    at("2026-11-21 08:05", "broken", item["id"])
    record = json.loads(oto("show", "Olek", "--json").stdout)
    assert record["theirs"] == {"kept_on_time": 0, "due": 1}
    assert any("did not show" in e["text"] for e in record["timeline"])
    assert "did not 1" in at("2026-11-23 08:00", "prep", "Olek").stdout


def test_6_a_meeting_booked_for_tomorrow_gets_only_the_day_of_confirmation(at, oto):
    at("2026-11-20 09:00", "add", "Sam Oduya")
    at("2026-11-23 08:00", "prep", "Sam Oduya", "--at", "tomorrow 5pm")
    confirms = [i for i in due(oto)["items"] if i["kind"] == "confirm"]
    assert [i["due"] for i in confirms] == ["2026-11-24"]


def test_7_namesakes_and_a_boundary_at_the_top_of_the_sheet(at, oto):
    at("2026-11-20 09:00", "add", "Maria Lopez", "--institution", "Oak St Tenants")
    at("2026-11-20 09:01", "add", "Maria Chen", "--boundary", "Don't raise her immigration status")
    ambiguous = oto("prep", "Maria")
    assert ambiguous.exit_code == 1 and "Maria Lopez" in ambiguous.stderr and "Maria Chen" in ambiguous.stderr
    sheet = at("2026-11-23 08:00", "prep", "maria c").stdout.splitlines()
    assert sheet[0] == "Maria Chen"
    assert sheet[1] == "BOUNDARY: Don't raise her immigration status"


def test_8_a_leader_not_seen_for_six_weeks_appears_to_reconnect(at, oto):
    at("2026-10-01 09:00", "add", "Ruth Cohen", "--stage", "leader")
    at("2026-10-12 18:00", "reflect", "Ruth Cohen", "--self-interest", "Keeping her lease")
    report = due(oto)
    item = next(i for i in report["items"] if i["kind"] == "reconnect")
    assert item["person"] == "Ruth Cohen" and item["id"].startswith("r")
    assert "42 days" in item["text"]


def test_9_a_promise_that_cannot_be_kept_is_renegotiated(at, oto):
    at("2026-11-16 09:00", "add", "Grace Okafor")
    at("2026-11-16 09:05", "promise", "Grace Okafor", "Send the listening-session outline", "--by", "fri")
    pid = json.loads(oto("promises", "--json").stdout)[0]["id"]
    at("2026-11-19 09:00", "renegotiate", pid, "--by", "next wed")
    promise = json.loads(oto("promises", "--json").stdout)[0]
    assert promise["status"] == "renegotiated"
    assert (promise["first_due"], promise["due"]) == ("2026-11-20", "2026-11-25")
    assert not [i for i in due(oto)["items"] if i["overdue"] and i["kind"] == "promise-mine"]


def test_10_three_of_five_with_two_referrals_to_fill_the_gap(at, oto):
    for day, name in (("2026-11-23", "Ana Reyes"), ("2026-11-24", "Ben Okoro"), ("2026-11-25", "Cleo Marsh")):
        at(f"{day} 08:00", "add", name)
        extra = ("--referral", "Dev Patel", "--referral", "Eli Ross") if name == "Ben Okoro" else ()
        at(f"{day} 19:00", "reflect", name, "--self-interest", "Safer streets", *extra)
    report = due(oto, "2026-11-26 08:00")
    assert report["week"] == {"held": 3, "goal": 5}
    assert [i["person"] for i in report["items"] if i["kind"] == "contact-referral"] == ["Dev Patel", "Eli Ross"]
    screen = oto("due", env={"OTO_NOW": "2026-11-26 08:00"}).stdout
    assert screen.startswith("Thu 26 Nov 2026. One-to-ones this week: 3 of 5.\n2 referrals to contact could fill the gap.")
