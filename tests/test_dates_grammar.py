"""The date grammar as people write it: every form, both directions, the refusals and their
words, through `dates.parse` and through the CLI. Today is Mon 23 Nov 2026 (tests/conftest.py)."""

from __future__ import annotations

import json
import time as clock
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onetoone import dates
from onetoone.errors import BadInput
from tests.conftest import NOW, TODAY


def at(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day} {hhmm}")


D = date.fromisoformat

# (typed, read forward, read with past=True); the same value twice when direction does not matter.
FORMS = [
    ("Dec 15", D("2026-12-15"), D("2025-12-15")),
    ("15 Dec", D("2026-12-15"), D("2025-12-15")),
    ("1 jan", D("2027-01-01"), D("2026-01-01")),
    ("23 nov", TODAY, TODAY),
    ("15th Dec", D("2026-12-15"), D("2025-12-15")),
    ("sept 3", D("2027-09-03"), D("2026-09-03")),
    ("December 15, 2026", D("2026-12-15"), D("2026-12-15")),
    ("thu 24 dec", D("2026-12-24"), None),  # 24 Dec 2025 was a Wednesday: refused going back
    ("Thu 24 Dec 2026", D("2026-12-24"), D("2026-12-24")),
    ("Fri 20 Nov 2026 18:00", at("2026-11-20", "18:00"), at("2026-11-20", "18:00")),
    ("29 feb", D("2028-02-29"), D("2024-02-29")),
    ("2027-1-4", D("2027-01-04"), D("2027-01-04")),
    ("2026/12/24", D("2026-12-24"), D("2026-12-24")),
    ("24/12/2026", D("2026-12-24"), D("2026-12-24")),
    ("24/12", D("2026-12-24"), D("2025-12-24")),
    ("12/24", D("2026-12-24"), D("2025-12-24")),
    ("5/5", D("2027-05-05"), D("2026-05-05")),
    ("2026-11-20T14:30", at("2026-11-20", "14:30"), at("2026-11-20", "14:30")),
    ("today", TODAY, TODAY),
    ("tomorrow", D("2026-11-24"), D("2026-11-24")),
    ("yesterday", D("2026-11-22"), D("2026-11-22")),
    ("now", NOW, NOW),
    ("tonight", at("2026-11-23", "19:00"), at("2026-11-23", "19:00")),
    ("this evening", at("2026-11-23", "19:00"), at("2026-11-23", "19:00")),
    ("fri", D("2026-11-27"), D("2026-11-20")),
    ("mon", TODAY, TODAY),
    ("next tue", D("2026-11-24"), D("2026-11-24")),  # the first Tuesday after today
    ("last fri", D("2026-11-20"), D("2026-11-20")),
    ("next week", D("2026-11-30"), D("2026-11-30")),
    ("last week", D("2026-11-16"), D("2026-11-16")),
    ("next month", D("2026-12-01"), D("2026-12-01")),
    ("last month", D("2026-10-01"), D("2026-10-01")),
    ("in a week", D("2026-11-30"), D("2026-11-30")),
    ("in two weeks", D("2026-12-07"), D("2026-12-07")),
    ("in twelve days", D("2026-12-05"), D("2026-12-05")),
    ("in 3 days", D("2026-11-26"), D("2026-11-26")),
    ("a week ago", D("2026-11-16"), D("2026-11-16")),
    ("three days ago", D("2026-11-20"), D("2026-11-20")),
    ("+2w", D("2026-12-07"), D("2026-12-07")),
    ("-1d", D("2026-11-22"), D("2026-11-22")),
    ("2026-11-20 3pm", at("2026-11-20", "15:00"), at("2026-11-20", "15:00")),
    ("2026-11-20 at 14:30", at("2026-11-20", "14:30"), at("2026-11-20", "14:30")),
    ("15 Dec 6pm", at("2026-12-15", "18:00"), at("2025-12-15", "18:00")),
    ("15 dec at 3 pm", at("2026-12-15", "15:00"), at("2025-12-15", "15:00")),
    ("fri noon", at("2026-11-27", "12:00"), at("2026-11-20", "12:00")),
    ("3:30pm", at("2026-11-23", "15:30"), at("2026-11-23", "15:30")),
]


@pytest.mark.parametrize("typed, ahead, behind", FORMS, ids=[f[0] for f in FORMS])
def test_every_form_reads_forward_and_back(typed, ahead, behind):
    assert dates.parse(typed, NOW) == ahead
    if behind is None:
        with pytest.raises(BadInput):
            dates.parse(typed, NOW, past=True)
    else:
        assert dates.parse(typed, NOW, past=True) == behind


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 23), st.integers(0, 59))
@settings(max_examples=300)
def test_what_oto_prints_reads_back_exactly(day, hour, minute):
    moment = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
    assert dates.parse(dates.show_day(day), NOW) == day
    assert dates.parse(dates.show_moment(moment), NOW) == moment


@pytest.mark.parametrize(
    "typed, order, expected",
    [("12/5", "dmy", D("2027-05-12")), ("12/5", "mdy", D("2026-12-05")), ("12/5/2027", "mdy", D("2027-12-05")),
     ("24/12", "mdy", D("2026-12-24"))],  # only one reading is a date: the order does not matter
)
def test_day_month_numbers_follow_the_order_given(typed, order, expected):
    assert dates.parse(typed, NOW, order=order) == expected


REFUSED = [
    ("12/5", "'12/5' could be 12 May or 5 Dec: write '12 May' or '5 Dec', or set the order once with `oto config date-order dmy` (or mdy)."),
    ("tomorow", "Cannot read the date 'tomorow' — did you mean 'tomorrow'?"),
    ("fridya", "Cannot read the date 'fridya' — did you mean 'friday'?"),
    ("yesterdya", "Cannot read the date 'yesterdya' — did you mean 'yesterday'?"),
    ("decmber 15", "Cannot read the date 'decmber 15' — did you mean 'december 15'?"),
    ("fri 3", "Cannot read the date 'fri 3' — '3' is an hour without am or pm; write 'fri 3pm' or 'fri 15:00'."),
    ("2026-02-29", "Cannot read the date '2026-02-29' — 2026 has no 29 February."),
    ("2026-13-01", "Cannot read the date '2026-13-01' — there is no month 13; months run 1 to 12."),
    ("31 apr", "Cannot read the date '31 apr' — there is no 31 April."),
    ("2150-01-01", "Cannot read the date '2150-01-01' — 2150 is outside 1900-2100; check the year."),
    ("+200y", "Cannot read the date '+200y' — 2226 is outside 1900-2100; check the year."),
    ("fri 24 dec", "Cannot read the date 'fri 24 dec' — 24 Dec 2026 is a Thursday, not a Friday."),
    ("24/12/26", "Cannot read the date '24/12/26' — write the year in full, like '24/12/2026'."),
    ("someday", "Cannot read the date 'someday'. Try 'tomorrow', 'thu', '2 Dec', '2026-12-05', 'in 2 weeks'."),
]


@pytest.mark.parametrize("typed, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_refusals_say_why(typed, message):
    with pytest.raises(BadInput) as refused:
        dates.parse(typed, NOW)
    assert refused.value.message == message


def test_errors_about_the_past_offer_past_days_and_day_options_never_a_time():
    with pytest.raises(BadInput) as refused:
        dates.parse("someday", NOW, past=True)
    assert refused.value.message.endswith("Try 'yesterday', 'last fri', '14 Nov', '2026-11-11', '3 days ago'.")
    with pytest.raises(BadInput) as refused:
        dates.parse_date("fri 3", TODAY)
    assert refused.value.message == "Cannot read the date 'fri 3' — this option takes a day only, like 'fri'."
    with pytest.raises(BadInput) as refused:
        dates.parse_date("yesterdya 6pm", TODAY)
    assert "did you mean" not in refused.value.message  # 'yesterday 6pm' would be refused here


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)))
@settings(max_examples=200)
def test_every_example_an_error_offers_is_read_by_that_same_option(today):
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    for past in (False, True):
        for typed in dates.examples(today, past=past):
            found = dates.parse_date(typed, today, past=past)
            assert (found <= today) if past else (found >= today)
    for typed in dates.examples(today, kind="moment"):
        assert dates.parse_moment(typed, now) > now


@given(st.text(max_size=80) | st.lists(st.sampled_from(sorted(dates._KNOWN) + ["12/5", "3", "2026-02-29", "at", ","]), max_size=8).map(" ".join))
def test_parse_refuses_with_bad_input_only(text):
    for past in (False, True):
        for order in (None, "dmy"):
            try:
                found = dates.parse(text, NOW, past=past, order=order)
            except BadInput as refused:
                assert "\n" not in refused.message
            else:
                assert 1900 <= found.year <= 2100


def test_long_text_is_refused_at_once():
    for text in ("fri " * 50_000, "1" * 1_000_000, "in " + "two " * 100_000 + "weeks", "12/" * 100_000):
        started = clock.perf_counter()
        with pytest.raises(BadInput):
            dates.parse(text, NOW)
        assert not dates.looks_like_date(text)
        assert clock.perf_counter() - started < 0.5


# -- Through the command line ---------------------------------------------------------------------


@pytest.fixture
def maria(oto):
    assert oto("add", "Maria Lopez").exit_code == 0
    return "maria"


def due_dates(oto) -> list[str]:
    return [p["due"] for p in json.loads(oto("promises", "--json").stdout)]


def test_a_promise_by_a_month_name_prints_back_the_day(oto, maria):
    ran = oto("promise", maria, "Send flyer", "--by", "Dec 15")
    assert ran.exit_code == 0, ran.stderr
    assert "due Tue 15 Dec 2026 (in 22 days)" in ran.stderr
    ran = oto("promise", maria, "Call back", "--by", "next week")
    assert "due Mon 30 Nov 2026 (in 7 days)" in ran.stderr


def test_day_month_numbers_need_the_order_set_once(oto, maria):
    ran = oto("promise", maria, "Send flyer", "--by", "12/5")
    assert ran.exit_code == 1
    assert "'12/5' could be 12 May or 5 Dec" in ran.stderr
    assert due_dates(oto) == []
    assert "date-order: not set" in oto("config", "date-order").stderr
    ran = oto("config", "date-order", "dmy")
    assert ran.exit_code == 0 and "date-order: dmy (12/5 means 12 May)." in ran.stderr
    assert "date-order: dmy" in oto("config", "date-order").stderr
    assert oto("promise", maria, "Send flyer", "--by", "12/5").exit_code == 0
    oto("config", "date-order", "mdy")
    assert oto("renegotiate", "p1", "--by", "12/5").exit_code == 0
    assert due_dates(oto) == ["2026-12-05"]


def test_config_refuses_what_it_does_not_know(oto):
    ran = oto("config", "date-order", "ymd")
    assert ran.exit_code == 1 and "dmy (12/5 is 12 May), mdy (12/5 is 5 Dec) or none" in ran.stderr
    ran = oto("config", "colour", "red")
    assert ran.exit_code == 1 and "There is no setting 'colour'" in ran.stderr


def test_a_bad_date_in_text_by_when_is_named_as_the_problem(oto, maria):
    ran = oto("reflect", maria, "--minutes", "30", "--i-promise", "Send flyer by fridya")
    assert ran.exit_code == 1
    assert ran.stderr == "oto: The promise: Cannot read the date 'fridya' in 'Send flyer by fridya' — did you mean 'friday'?\n"
    ran = oto("reflect", maria, "--minutes", "30", "--i-promise", "Drop by the office")
    assert "Give the promise as TEXT by WHEN" in ran.stderr


def test_the_day_you_met_reads_back_in_time(oto, maria):
    ran = oto("reflect", maria, "--at", "fri", "--minutes", "30", "--i-promise", "Send flyer by Dec 15")
    assert ran.exit_code == 0, ran.stderr
    assert "on Fri 20 Nov 2026, 3 days ago" in ran.stdout
    assert due_dates(oto) == ["2026-12-15"]


def test_a_meeting_time_after_any_day_and_a_bare_hour_refused(oto, maria):
    ran = oto("prep", maria, "--at", "fri 3")
    assert ran.exit_code == 1
    assert "write 'fri 3pm' or 'fri 15:00'" in ran.stderr
    ran = oto("prep", maria, "--at", "15 Dec 6pm")
    assert ran.exit_code == 0, ran.stderr
    assert "Tue 15 Dec 2026 18:00" in ran.stderr + ran.stdout
    ran = oto("prep", maria, "--at", "tomorow 6pm")
    assert "did you mean 'tomorrow 6pm'?" in ran.stderr
