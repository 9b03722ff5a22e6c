"""Property tests: dates, names and text survive anything, with a list of nasty tokens mixed in."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onetoone import dates
from onetoone.errors import BadInput
from tests.nasty import NASTY

settings.register_profile(
    "oto", max_examples=1000, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("oto")

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(NASTY)), max_size=4).map(" ".join)


@given(days, st.integers(0, 23), st.integers(0, 59))
def test_iso_dates_and_times_round_trip(day, hour, minute):
    now = datetime(2026, 11, 23, 9, 0)
    assert dates.parse(day.isoformat(), now) == day
    moment = datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute)
    assert dates.parse(moment.strftime("%Y-%m-%d %H:%M"), now) == moment
    assert dates.parse(moment.strftime("%Y-%m-%dT%H:%M"), now) == moment


@given(texts, days)
def test_any_text_is_read_or_refused_never_crashes(text, today):
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    try:
        result = dates.parse(text, now)
    except BadInput as refused:
        assert "\n" not in str(refused)
    else:
        assert 1900 <= result.year <= 2100


@given(st.integers(1, 9999).filter(lambda y: not 1900 <= y <= 2100))
def test_years_outside_1900_2100_are_refused(year):
    with pytest.raises(BadInput):
        dates.parse(f"{year:04d}-06-15", datetime(2026, 11, 23, 9, 0))


@given(days, st.sampled_from("٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９"))
def test_digits_of_other_scripts_are_refused_not_reinterpreted(day, digit):
    text = day.isoformat().replace(day.isoformat()[3], digit, 1)
    with pytest.raises(BadInput):
        dates.parse(text, datetime(2026, 11, 23, 9, 0))


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 400))
def test_offsets_count_calendar_days_even_across_dst_changes(today, count):
    now = datetime.combine(today, datetime.min.time()).replace(hour=23, minute=30)
    assert dates.parse(f"+{count}d", now) == today + timedelta(days=count)
    assert dates.parse(f"in {count} days", now) == today + timedelta(days=count)
    assert dates.parse(f"-{count}d", now) == today - timedelta(days=count)
    assert dates.parse(f"+{count % 50}w", now) == today + timedelta(weeks=count % 50)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_weekdays_land_on_that_weekday_within_a_week(today, name):
    now = datetime.combine(today, datetime.min.time())
    coming, following, last = (dates.parse(w, now) for w in (name, f"next {name}", f"last {name}"))
    for found in (coming, following, last):
        assert found.strftime("%a").lower() == name
    assert 0 <= (coming - today).days <= 6
    assert 1 <= (following - today).days <= 7
    assert 1 <= (today - last).days <= 7


names = st.lists(
    st.one_of(st.text(alphabet=st.characters(categories=["L", "M", "N", "Zs", "P", "S"]), min_size=1, max_size=10), st.sampled_from(NASTY)),
    min_size=1, max_size=3,
).map(" ".join)


@settings(max_examples=1000)
@given(names)
def test_a_name_is_found_again_in_nfc_nfd_and_other_case(tmp_path_factory, name):
    from onetoone.domain import people
    from onetoone.errors import OtoError
    from onetoone.store.journal import open_journal

    path = tmp_path_factory.mktemp("names") / "journal.db"
    now = datetime(2026, 11, 23, 9, 0)
    try:
        with open_journal(path, now=now, write=True) as journal:
            added = people.add(journal, people.PersonFields(name=name), today=now.date())
    except OtoError:
        return  # refused (empty, too long): refusing is allowed, crashing is not
    with open_journal(path, now=now) as journal:
        for form in ("NFC", "NFD"):
            typed = unicodedata.normalize(form, name)
            assert people.resolve(journal, typed).id == added.id
        assert people.resolve(journal, name.upper()).id == added.id or name.upper() != name
