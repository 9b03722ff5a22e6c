"""Issue 9 leftovers: day/month numbers read in the locale's order when no `date-order` is set;
the digest's "Get in touch" cap holds suggestions only; after a no-show, one reminder a person."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest

from onetoone import dates
from tests.conftest import TODAY


def days(n: int):
    return TODAY + timedelta(days=n)


# -- the locale's day/month order -----------------------------------------------------------------


@pytest.mark.parametrize(("environ", "order"), [
    ({"LANG": "en_US.UTF-8"}, "mdy"),
    ({"LANG": "en_PH"}, "mdy"),
    ({"LANG": "es_US.UTF-8"}, "mdy"),
    ({"LANG": "ja_JP.UTF-8"}, "mdy"),  # year first, then month: 12/5 is 5 December there too
    ({"LANG": "en_GB.UTF-8"}, "dmy"),
    ({"LANG": "fr_FR.UTF-8@euro"}, "dmy"),
    ({"LANG": "de"}, "dmy"),
    ({"LANG": "C"}, None),
    ({"LANG": "C.UTF-8"}, None),
    ({"LANG": "POSIX"}, None),
    ({"LANG": "en"}, None),  # English alone is written both ways
    ({}, None),
    ({"LANG": ""}, None),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, None),  # LC_ALL first
    ({"LC_TIME": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "dmy"),  # then LC_TIME
    ({"LC_ALL": "", "LC_TIME": "", "LANG": "en_US.UTF-8"}, "mdy"),  # empty ones do not count
])
def test_the_locale_says_the_order(environ, order):
    assert dates.locale_order(environ) == order


@pytest.fixture
def maria(oto):
    oto("add", "Maria Lopez")
    return "Maria"


def test_without_a_setting_the_locale_reads_12_5_and_oto_says_what_it_understood(oto, maria):
    ran = oto("promise", maria, "Send flyer", "--by", "12/5", env={"LANG": "en_US.UTF-8"})
    assert ran.exit_code == 0, ran.stderr
    assert "due Sat 5 Dec 2026" in ran.stderr
    ran = oto("promise", maria, "Call back", "--by", "12/5", env={"LANG": "en_GB.UTF-8"})
    assert ran.exit_code == 0, ran.stderr
    assert "due Wed 12 May 2027" in ran.stderr


def test_no_locale_still_refuses_12_5_with_both_readings(oto, maria):
    for environ in ({"LANG": "C.UTF-8"}, {"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, {}):
        ran = oto("promise", maria, "Send flyer", "--by", "12/5", env=environ)
        assert ran.exit_code == 1 and "'12/5' could be 12 May or 5 Dec" in ran.stderr, environ


def test_the_setting_wins_over_the_locale(oto, maria):
    oto("config", "date-order", "dmy")
    ran = oto("promise", maria, "Send flyer", "--by", "12/5", env={"LANG": "en_US.UTF-8"})
    assert ran.exit_code == 0 and "due Wed 12 May 2027" in ran.stderr


def test_config_names_the_locale_order_when_none_is_set(oto):
    ran = oto("config", "date-order", env={"LANG": "en_US.UTF-8"})
    assert ran.stderr == (
        "date-order: not set; your locale reads 12/5 as 5 Dec (mdy). Set one with `oto config date-order dmy` or mdy.\n"
    )
    assert "12/5 is refused as ambiguous" in oto("config", "date-order", env={"LANG": "C"}).stderr


def test_a_reflection_reads_its_dates_in_the_locale_order(oto, maria):
    ran = oto("reflect", maria, "--minutes", "30", "--i-promise", "Send the flyer by 12/5", env={"LANG": "en_US.UTF-8"})
    assert ran.exit_code == 0, ran.stderr
    assert "You promised p1: Send the flyer, due Sat 5 Dec 2026" in ran.stdout
    ran = oto("reflect", "--amend", "m1", "--i-promise", "Send the flyer by 12/5", env={"LANG": "en_GB.UTF-8"})
    assert ran.exit_code == 0, ran.stderr
    assert "Moved your promise p1 (Send the flyer) to Wed 12 May 2027" in ran.stdout


# -- "Get in touch" is capped, and holds suggestions only --------------------------------------------


def test_the_capped_get_in_touch_section_holds_only_suggestions(oto, scene):
    """Everything scheduled to be in touch (a snoozed reconnect, a referral to contact, a
    reschedule) is listed in full under Overdue or Today; only the derived suggestions (r3), which
    no one agreed a day for, are shortened to a few."""
    with scene() as s:
        for n in range(8):
            s.person(f"Person {n:02}", stage="met", last_contact=days(-100 - n))
        s.snooze("r1", days(-1), on=days(-3))  # now a follow-up with its day, past
        referrer = s.person("Ana Reyes", stage="met", last_contact=days(-2))
        s.reflect(referrer, days(-10), referral=[f"Friend {n}" for n in range(7)])
    screen = oto("due").stdout
    overdue, rest = screen.split("\nOverdue\n")[1].split("\nGet in touch\n")
    assert "  f1  Person 00  Reconnect: last contact 100 days ago" in overdue  # scheduled: listed in full
    assert overdue.count("Contact Friend ") == 7  # every referral to contact, overdue, listed
    touch = rest.split("\n\n")[0]
    assert touch.count("Reconnect: last contact") == 5 and touch.endswith("  ... and 2 more (`oto due --all` lists them all)\n")
    items = json.loads(oto("due", "--json").stdout)["items"]
    reconnects = sorted((item["person"], item["id"][0]) for item in items if item["kind"] == "reconnect")
    assert reconnects == [("Person 00", "f")] + [(f"Person {n:02}", "r") for n in range(1, 8)]


# -- after a no-show: one reminder a person ----------------------------------------------------------


def test_while_a_reschedule_is_open_no_reconnect_is_suggested(oto, scene):
    with scene() as s:
        grace = s.person("Grace Kim", stage="met", last_contact=days(-70))
        s.plan(grace, datetime.combine(days(-2), time(18, 0)))
        s.noshow("m1", at=datetime.combine(days(-2), time(19, 0)))
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert [(item["id"], item["kind"]) for item in items if item["person"] == "Grace Kim"] == [("f3", "reschedule")]
    ran = oto("snooze", "r1", "--until", "fri")
    assert ran.exit_code == 1 and "is already planned as f3" in ran.stderr
    assert oto("done", "f3").exit_code == 0  # rescheduled some other way: reconnect is offered again
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert [(item["id"], item["kind"]) for item in items if item["person"] == "Grace Kim"] == [("r1", "reconnect")]
