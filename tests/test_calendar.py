"""`oto calendar` (the .ics of planned one-to-ones) and `oto import calendar` (events to meetings).

Every .ics oto writes is parsed back with icalendar, as a calendar program would read it."""

from __future__ import annotations

import stat
from datetime import datetime, timezone

import icalendar
import pytest

from tests.conftest import NOW

# The Monday morning of the tests is 23 Nov 2026, 09:00.


def _events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


def _by_summary(text: str) -> dict:
    return {str(event["SUMMARY"]): event for event in _events(text)}


@pytest.fixture
def planned(oto):
    assert oto("add", "Rosa Diaz", "--contact", "rosa@example.org, 555 0101").exit_code == 0
    assert oto("add", "Dmitri Volkov").exit_code == 0
    assert oto("prep", "Rosa Diaz", "--at", "wed 6pm", "--place", "Cafe Luna", "--minutes", "40",
               "--ask", "Host a house meeting about the heat").exit_code == 0
    assert oto("promise", "Rosa Diaz", "Send the lease checklist", "--by", "tue").exit_code == 0
    return oto


def test_calendar_is_an_ics_a_calendar_program_reads(planned):
    ran = planned("calendar")
    assert ran.exit_code == 0, ran.stderr
    calendar = icalendar.Calendar.from_ical(ran.stdout)
    assert str(calendar["VERSION"]) == "2.0" and "oto" in str(calendar["PRODID"])
    [event] = _events(ran.stdout)
    assert str(event["SUMMARY"]) == "One-to-one with Rosa Diaz"
    assert event.decoded("DTSTART") == datetime(2026, 11, 25, 18, 0)
    assert event.decoded("DTEND") == datetime(2026, 11, 25, 18, 40)
    assert str(event["LOCATION"]) == "Cafe Luna"
    assert event.decoded("DTSTAMP") == NOW.astimezone(timezone.utc)  # the clock passed in, in UTC


def test_notes_and_planned_asks_stay_out_unless_asked(planned):
    plain = planned("calendar", "--with-due").stdout
    assert "house meeting" not in plain and "lease" not in plain
    summaries = _by_summary(plain)
    assert "My promise: Rosa Diaz" in summaries
    noted = planned("calendar", "--with-due", "--with-notes").stdout
    assert "Host a house meeting about the heat" in str(_by_summary(noted)["One-to-one with Rosa Diaz"]["DESCRIPTION"])
    assert any("Send the lease checklist" in summary for summary in _by_summary(noted))


def test_due_items_are_all_day_events_and_overdue_ones_sit_on_today(planned):
    later = planned("calendar", "--with-due", env={"OTO_NOW": "2026-11-27 09:00"}).stdout
    promise = _by_summary(later)["My promise: Rosa Diaz"]
    assert promise.decoded("DTSTART") == datetime(2026, 11, 27).date()  # due Tue 24, overdue: on today
    assert str(promise["TRANSP"]) == "TRANSPARENT"


def test_uids_are_stable_from_export_to_export_and_sequence_never_goes_down(planned):
    first = _events(planned("calendar", "--with-due").stdout)
    again = _events(planned("calendar", "--with-due", env={"OTO_NOW": "2026-11-23 10:30"}).stdout)
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in again]
    assert len({str(e["UID"]) for e in first}) == len(first)
    assert all(int(b["SEQUENCE"]) > int(a["SEQUENCE"]) for a, b in zip(first, again))


def test_undo_after_a_calendar_undoes_the_command_before_it(planned):
    planned("calendar")
    ran = planned("undo")
    assert ran.exit_code == 0 and "promise" in ran.stderr


def test_calendar_to_a_file_is_private(planned, tmp_path):
    target = tmp_path / "out" / "oto.ics"
    ran = planned("calendar", str(target))
    assert ran.exit_code == 0 and ran.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "only you can read it" in ran.stderr
    assert len(_events(target.read_text())) == 1
    assert target.read_bytes().count(b"\r\n") == target.read_bytes().count(b"\n")  # RFC 5545 lines


def test_forgotten_person_is_never_in_the_calendar(planned):
    assert planned("forget", "Rosa Diaz", "--yes").exit_code == 0
    text = planned("calendar", "--with-due", "--with-notes").stdout
    assert "Rosa" not in text and _events(text) == []


def test_hostile_names_and_places_stay_text(oto):
    name = "Zoë \x1b[31mO'Brien;\\, \"x\""
    assert oto("add", name).exit_code == 0
    place = "Room 4, \"back\"; line\\two\x07"
    assert oto("prep", "Zoë", "--at", "thu 10am", "--place", place).exit_code == 0
    text = oto("calendar").stdout
    assert "\x1b" not in text and "\x07" not in text
    [event] = _events(text)
    assert "O'Brien;\\, \"x\"" in str(event["SUMMARY"])
    assert str(event["LOCATION"]).startswith("Room 4, \"back\"; line\\two")


# -- import ------------------------------------------------------------------------------------------

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Calendar//EN
BEGIN:VEVENT
UID:coffee-1@example.org
DTSTART:20261126T170000
DTEND:20261126T174500
SUMMARY:Coffee
LOCATION:Library\\, 2nd floor
ATTENDEE;CN=Me:mailto:me@example.org
ATTENDEE;CN=Someone:mailto:ROSA@example.org
END:VEVENT
BEGIN:VEVENT
UID:past-1@example.org
DTSTART;TZID=Europe/Paris:20261120T100000
DTEND;TZID=Europe/Paris:20261120T110000
SUMMARY:1:1 Dmitri Volkov
END:VEVENT
BEGIN:VEVENT
UID:two@example.org
DTSTART:20261127T120000
SUMMARY:Lunch with Rosa Diaz and Dmitri Volkov
END:VEVENT
BEGIN:VEVENT
UID:ana@example.org
DTSTART:20261128T120000
SUMMARY:Walk with Ana
END:VEVENT
BEGIN:VEVENT
UID:allday@example.org
DTSTART;VALUE=DATE:20261129
SUMMARY:Dmitri Volkov birthday
END:VEVENT
BEGIN:VEVENT
UID:weekly@example.org
DTSTART:20261130T170000
RRULE:FREQ=WEEKLY
SUMMARY:Weekly with Dmitri Volkov
END:VEVENT
BEGIN:VEVENT
UID:dentist@example.org
DTSTART:20261201T170000
SUMMARY:Dentist
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def ics(tmp_path, oto):
    for name in ("Rosa Diaz", "Dmitri Volkov", "Ana Ruiz", "Ana Lima"):
        assert oto("add", name, *(["--contact", "rosa@example.org"] if name == "Rosa Diaz" else [])).exit_code == 0
    path = tmp_path / "work.ics"
    path.write_text(ICS.replace("\n", "\r\n"), encoding="utf-8")
    return str(path)


def _meetings(oto) -> str:
    return oto("agenda", "--days", "30").stdout


def _count(open_journal, sql: str) -> int:
    with open_journal(write=False) as journal:
        return journal.value(sql)


def test_dry_run_says_what_would_happen_and_changes_nothing(oto, ics, open_journal):
    before = _count(open_journal, "SELECT count(*) FROM meeting")
    ran = oto("import", "calendar", ics, "--dry-run")
    assert ran.exit_code == 0, ran.stderr
    out = ran.stdout
    assert "Would plan" in out and "Rosa Diaz" in out
    assert "Would add, to reflect on" in out and "Dmitri Volkov" in out
    assert "names more than one person (Rosa Diaz, Dmitri Volkov)" in out
    assert "an all-day event" in out and "a repeating event" in out
    assert "Walk with Ana" not in out  # 'Ana' is no one's full name: never taken for Ana Ruiz or Ana Lima
    assert "2 of 7 events name no one in the journal" in out and "Dentist" not in out
    assert "Nothing was changed" in out
    assert _count(open_journal, "SELECT count(*) FROM meeting") == before
    assert _count(open_journal, "SELECT count(*) FROM setting WHERE key LIKE 'calendar_event:%'") == 0


def test_import_plans_meetings_and_past_ones_wait_for_a_reflection(oto, ics):
    ran = oto("import", "calendar", ics)
    assert ran.exit_code == 0, ran.stderr
    agenda = _meetings(oto)
    assert "Rosa Diaz" in agenda and "Library, 2nd floor" in agenda and "45 min" in agenda
    due = oto("due").stdout
    assert "Write your reflection on the one-to-one of Fri 20 Nov" in due and "Dmitri Volkov" in due
    assert "Confirm the one-to-one on Thu 26 Nov at 17:00" in oto("due", "--all").stdout


def test_reimport_adds_nothing(oto, ics, open_journal):
    oto("import", "calendar", ics)
    meetings = _count(open_journal, "SELECT count(*) FROM meeting")
    ran = oto("import", "calendar", ics)
    assert ran.exit_code == 0
    assert "imported before" in ran.stdout and "Nothing was imported." in ran.stdout
    assert _count(open_journal, "SELECT count(*) FROM meeting") == meetings


def test_import_is_undone_in_one_step(oto, ics, open_journal):
    oto("import", "calendar", ics)
    ran = oto("undo")
    assert ran.exit_code == 0, ran.stderr
    assert _count(open_journal, "SELECT count(*) FROM meeting") == 0
    assert _count(open_journal, "SELECT count(*) FROM followup") == 0
    assert _count(open_journal, "SELECT count(*) FROM setting WHERE key LIKE 'calendar_event:%'") == 0
    assert "Would plan" in oto("import", "calendar", ics, "--dry-run").stdout  # importable again


def test_someone_with_a_one_to_one_planned_ahead_is_not_moved(oto, ics):
    oto("prep", "Rosa Diaz", "--at", "fri 3pm")
    ran = oto("import", "calendar", ics)
    assert "Rosa Diaz already has a one-to-one planned on Fri 27 Nov 2026 15:00 (m1)" in ran.stdout
    assert "Fri 27 Nov" in _meetings(oto) and "Thu 26 Nov" not in _meetings(oto)


def test_our_own_export_is_not_imported_back(oto, tmp_path, open_journal):
    oto("add", "Rosa Diaz")
    oto("prep", "Rosa Diaz", "--at", "wed 6pm")
    exported = tmp_path / "oto.ics"
    oto("calendar", str(exported))
    ran = oto("import", "calendar", str(exported))
    assert "written by `oto calendar` from this journal" in ran.stdout
    assert _count(open_journal, "SELECT count(*) FROM meeting") == 1


def test_a_forgotten_person_is_no_one_to_an_import(oto, ics, open_journal):
    assert oto("forget", "Dmitri Volkov", "--yes").exit_code == 0
    ran = oto("import", "calendar", ics)
    assert ran.exit_code == 0
    assert "1:1 Dmitri Volkov" not in ran.stdout  # names no one now: counted, not listed
    assert "3 of 7 events name no one" in ran.stdout
    with open_journal(write=False) as journal:
        assert [r[0] for r in journal.rows("SELECT p.name FROM meeting m JOIN person p ON p.id = m.person_id")] == ["Rosa Diaz"]


def test_a_file_that_is_not_a_calendar_is_one_line(oto, tmp_path):
    bad = tmp_path / "not.ics"
    bad.write_bytes(b"\x00\xffhello")
    ran = oto("import", "calendar", str(bad))
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: ") and "Traceback" not in ran.stderr
    missing = oto("import", "calendar", str(tmp_path / "missing.ics"))
    assert missing.exit_code == 1 and "Traceback" not in missing.stderr


def test_hostile_event_text_is_kept_as_text(oto, tmp_path):
    oto("add", "Rosa Diaz", "--contact", "rosa@example.org")
    path = tmp_path / "hostile.ics"
    event = icalendar.Event()
    event.add("uid", "h@example.org")
    event.add("dtstart", datetime(2026, 11, 30, 18, 0))
    event.add("summary", "\x1b]0;owned\x07Rosa Diaz [bold]x[/bold]")
    event.add("attendee", "mailto:rosa@example.org", parameters={"CN": 'R. "the boss" D;'})
    event.add("location", "Back room\r\nsecond line " + "x" * 400)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//t//t//EN")
    cal.add("version", "2.0")
    cal.add_component(event)
    path.write_bytes(cal.to_ical())
    ran = oto("import", "calendar", str(path))
    assert ran.exit_code == 0, ran.stderr
    assert "\x1b" not in ran.stdout and "[bold]x[/bold]" in ran.stdout
    assert "Back room second line" in _meetings(oto)


def test_an_imported_event_that_overlaps_another_one_to_one_is_booked_with_a_warning(oto, ics):
    assert oto("prep", "Ana Ruiz", "--at", "2026-11-26 17:30").exit_code == 0  # 17:30-18:15; the coffee is 17:00-17:45
    ran = oto("import", "calendar", ics)
    assert ran.exit_code == 0
    assert "Warning: this overlaps the one-to-one with Ana Ruiz on Thu 26 Nov 2026 17:30" in ran.stdout
    assert "Rosa Diaz" in _meetings(oto)
