"""The calendar: the planned one-to-ones (and, if asked, what is due) for `oto calendar`, and the
events of an .ics file that become planned one-to-ones (`oto import calendar`).

Export gathers facts; render/calendar.py writes the .ics. Every UID is this journal's random id
(`settings.journal_uid`, made once) with the meeting's or item's id, so importing a later export
into a calendar program updates its events instead of adding them again.

Import reads each VEVENT (icalendar, loaded only here) and decides, event by event, with reasons
kept as facts (`Outcome.reason`, words in render):
- who it is with: an attendee or the organizer whose e-mail is in a person's contact, or whose
  name (CN) is exactly a person's name or alias; failing that, words of the title that are
  exactly a name or alias ("Coffee with Rosa Diaz"). Exact only, through the directory's own
  reading of names (`people.exact_ids`): a calendar's text is not the organizer typing, so a
  prefix is never taken for a person. More than one person is skipped, never guessed.
- what it becomes: `meetings.plan`, as `oto prep NAME --at` books it; an event whose time has
  passed is booked as a past planned meeting is (waiting for its reflection, with a reminder to
  write it), moving nothing.
- what is skipped: an event already imported (its UID is remembered in settings, as a digest),
  one `oto calendar` wrote, a repeating or all-day or cancelled event, a second copy in the
  file, someone who asked not to be contacted, someone with a one-to-one already planned ahead
  (moving it is `oto prep --at`'s to do), or a past day already in the journal for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone.domain import meetings, people, settings
from onetoone.errors import BadInput
from onetoone.store.journal import Journal

DAYS_RANGE = (0, 366)
UID_PREFIX = "oto-"  # every UID oto writes: oto-<journal id>-<m12|f4|p7>@oto
_TITLE_WORDS = 16  # words of a title looked at for a name
_NAME_WORDS = 5  # the longest name looked for in a title, in words
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


# -- export -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A planned one-to-one for the calendar; `asks` only when notes were asked for."""

    uid: str
    meeting_id: int
    person: str
    at: datetime
    minutes: int | None
    place: str | None
    asks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Due:
    """A due item (due.Item) for the calendar, with its stable UID."""

    uid: str
    item: object


@dataclass(frozen=True)
class Calendar:
    journal_uid: str
    now: datetime
    days: int
    with_notes: bool
    meetings: list[Entry]
    due: list[Due] = field(default_factory=list)  # overdue, today's and the coming days'


def uid(journal_uid: str, item: str) -> str:
    """The stable UID of a meeting (item 'm12') or a due item ('f4', 'p7') of this journal."""
    return f"{UID_PREFIX}{journal_uid}-{item}@oto"


def calendar(
    journal: Journal, *, journal_uid: str, now: datetime, days: int = 60, with_due: bool = False, with_notes: bool = False,
) -> Calendar:
    """The one-to-ones planned from the start of today to `days` days ahead, and with `with_due`
    the follow-ups and promises due by then (overdue ones included; suggestions to get in touch
    are not things due and stay out)."""
    low, high = DAYS_RANGE
    if not low <= days <= high:
        raise BadInput(f"--days is a number of days from {low} to {high}.")
    start, end = meetings.day_span(now.date(), days + 1)
    entries = [
        Entry(
            uid(journal_uid, f"m{slot.meeting_id}"), slot.meeting_id, slot.person, slot.at, slot.minutes, slot.place,
            tuple(meetings.planned_asks(journal, slot.meeting_id)) if with_notes else (),
        )
        for slot in meetings.agenda(journal, start=start, end=end)
    ]
    due_items = []
    if with_due:
        from onetoone.domain import due

        found = due.digest(journal, today=now.date(), now=now, days=days, reconnect_limit=0)
        due_items = [
            Due(uid(journal_uid, item.id), item)
            for item in found.overdue + found.due_today + found.upcoming if not item.suggestion
        ]
    return Calendar(journal_uid, now, days, with_notes, entries, due_items)


# -- import -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """One VEVENT of an .ics file, as far as import needs it (times in local wall-clock time)."""

    uid: str
    title: str
    start: datetime | date | None
    minutes: int | None
    place: str | None
    people: tuple[tuple[str, str], ...] = ()  # (CN, e-mail) of the attendees and the organizer
    repeats: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class Outcome:
    """What one event became: 'planned' (ahead), 'past' (a past planned one-to-one, to reflect
    on) or 'skipped' with its `reason`."""

    event: Incoming
    action: str
    reason: str | None = None  # skipped: ours, imported, duplicate, repeats, all-day, no-time, cancelled,
    #                            several, do-not-contact, already-planned, already-recorded
    person: str | None = None
    names: tuple[str, ...] = ()  # several: the people it could be
    meeting_id: int | None = None  # planned or past: the new meeting; already-planned: the one there
    at: datetime | None = None  # already-planned: when the one there is
    clashes: tuple = ()  # meetings.Clash: what a new booking runs into
    teammates: tuple = ()  # planned, on a team journal: teammates' one-to-ones with them this week (team.recent_contact)


@dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]
    unrelated: int  # events that name no one in the journal (not listed)
    dry_run: bool
    events: int


def read(data: bytes) -> list[Incoming]:
    """The events of an .ics file; anything that is not a calendar is one clear error."""
    import icalendar  # a well-kept RFC 5545 reader: unfolding, escapes, time zones

    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as problem:
        raise BadInput(f"This is not an iCalendar (.ics) file oto can read ({str(problem)[:120]}).") from None
    events = []
    for found in calendars:
        for component in found.walk("VEVENT"):
            events.append(_incoming(component))
    return events


def _incoming(event) -> Incoming:
    start = _local(event.decoded("DTSTART", None))
    minutes = None
    if isinstance(start, datetime):
        end = _local(event.decoded("DTEND", None))
        length = event.decoded("DURATION", None)
        if isinstance(end, datetime):
            length = end - start
        if isinstance(length, timedelta):
            minutes = int(length.total_seconds() // 60)
    found = []
    for prop in ("ATTENDEE", "ORGANIZER"):
        values = event.get(prop) or []
        for value in values if isinstance(values, list) else [values]:
            address = str(value)
            email = address[7:] if address.lower().startswith("mailto:") else (address if "@" in address else "")
            found.append((str(getattr(value, "params", {}).get("CN", "") or ""), email.strip().lower()))
    title = str(event.get("SUMMARY", "") or "")
    place = str(event.get("LOCATION", "") or "").strip() or None
    return Incoming(
        uid=str(event.get("UID", "") or "") or f"{title}|{start}",
        title=title, start=start, minutes=minutes, place=place, people=tuple(found),
        repeats=any(event.get(prop) is not None for prop in ("RRULE", "RDATE")),
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
    )


def _local(value):
    """A decoded DTSTART/DTEND as oto keeps time: a moment with a zone becomes local wall-clock
    time; a floating time stays as it is; a date stays a date (an all-day event)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        return value.replace(second=0, microsecond=0)
    return value if isinstance(value, date) else None


def import_events(journal: Journal, events: list[Incoming], *, now: datetime, dry_run: bool) -> Report:
    """Book the events that are one-to-ones with someone in the journal (see the module's
    docstring); with `dry_run` (a read journal) say what would be booked, writing nothing."""
    own = settings.journal_uid(journal)
    emails = _emails(journal)
    seen: set[str] = set()
    booked_ahead: set[int] = set()  # people this import books a one-to-one ahead for
    outcomes, unrelated = [], 0
    for event in events:
        skipped = _skipped(journal, event, own=own, seen=seen)
        seen.add(event.uid)
        if skipped is not None:
            outcomes.append(Outcome(event, "skipped", skipped))
            continue
        ids = _who(journal, event, emails)
        if not ids:
            unrelated += 1
            continue
        if len(ids) > 1:
            names = tuple(people.get(journal, i).name for i in ids[:8])
            outcomes.append(Outcome(event, "skipped", "several", names=names))
            continue
        outcomes.append(_book(journal, event, people.get(journal, ids[0]), now=now, dry_run=dry_run, booked_ahead=booked_ahead))
    return Report(outcomes, unrelated, dry_run, len(events))


def _skipped(journal: Journal, event: Incoming, *, own: str | None, seen: set[str]) -> str | None:
    if own is not None and event.uid.startswith(f"{UID_PREFIX}{own}-"):
        return "ours"
    if event.uid in seen:
        return "duplicate"
    if settings.imported_event(journal, event.uid) is not None:
        return "imported"
    if event.cancelled:
        return "cancelled"
    if event.repeats:
        return "repeats"
    if event.start is None:
        return "no-time"
    if not isinstance(event.start, datetime):
        return "all-day"
    return None


def _book(journal: Journal, event: Incoming, person: people.PersonRef, *, now: datetime, dry_run: bool, booked_ahead: set[int]) -> Outcome:
    at = event.start
    if person.do_not_contact:
        return Outcome(event, "skipped", "do-not-contact", person=person.name)
    past = at < now
    if past:
        recorded = _recorded_on(journal, person.id, at.date())
        if recorded is not None:
            return Outcome(event, "skipped", "already-recorded", person=person.name, meeting_id=recorded)
    else:
        there = meetings.planned(journal, person.id, ahead_of=now)
        if there is not None or person.id in booked_ahead:
            return Outcome(
                event, "skipped", "already-planned", person=person.name,
                meeting_id=there.id if there else None, at=there.at if there else None,
            )
        booked_ahead.add(person.id)
    action = "past" if past else "planned"
    if dry_run:
        from onetoone.domain import team

        ahead = () if past else tuple(team.recent_contact(journal, person.id, now=now))
        return Outcome(event, action, person=person.name, teammates=ahead)
    low, high = meetings.MINUTES_RANGE
    minutes = event.minutes if event.minutes is not None and low <= event.minutes <= high else None
    place = _printable(event.place)[: meetings.PLACE_LIMIT].strip() or None if event.place else None
    booked = meetings.plan(journal, person, at=at, now=now, place=place, minutes=minutes, past=past)
    settings.remember_event(journal, event.uid, booked.meeting_id)
    # A teammate who met them this week or has them booked is worth a word before a meeting
    # ahead, as `oto prep NAME --at` says; one already past is only to reflect on.
    return Outcome(event, action, person=person.name, meeting_id=booked.meeting_id, clashes=tuple(booked.clashes),
                   teammates=() if past else tuple(booked.teammates))


def _printable(text: str) -> str:
    """A calendar's text as one line: line breaks and tabs become spaces."""
    return " ".join(text.split())


def _recorded_on(journal: Journal, person_id: int, day: date) -> int | None:
    """A meeting the journal already has with them that day (held, or planned for it)."""
    start, end = meetings.day_span(day)
    return journal.value(
        """SELECT id FROM meeting WHERE person_id = :person AND status != 'cancelled'
             AND (held_on = :day OR (planned_at >= :start AND planned_at < :end)) ORDER BY id LIMIT 1""",
        {"person": person_id, "day": day, "start": start, "end": end},
    )


def _emails(journal: Journal) -> dict[str, list[int]]:
    """Every e-mail address in someone's contact, to the people it belongs to (one read)."""
    found: dict[str, list[int]] = {}
    for row in journal.rows("SELECT id, contact FROM person WHERE contact LIKE '%@%' ORDER BY id"):
        for address in _EMAIL.findall(row["contact"]):
            found.setdefault(address.lower(), []).append(row["id"])
    return found


def _who(journal: Journal, event: Incoming, emails: dict[str, list[int]]) -> list[int]:
    """The people an event is with (see the module's docstring), in the order found."""
    ids: list[int] = []
    for name, email in event.people:
        ids += emails.get(email, []) if email else []
        ids += people.exact_ids(journal, name) if name.strip() else []
    if not ids:
        ids = _named_in(journal, event.title)
    return list(dict.fromkeys(ids))


def _named_in(journal: Journal, title: str) -> list[int]:
    """People whose full name or alias is some words of `title`, longest names first; words
    inside a name already found are not read again ('Rosa Diaz' is not also 'Rosa')."""
    words = [w for w in re.split(r"[\s,;:()\[\]{}/|+&<>\"!?]+", title) if w][:_TITLE_WORDS]
    taken = [False] * len(words)
    ids: list[int] = []
    for size in range(min(_NAME_WORDS, len(words)), 0, -1):
        for first in range(len(words) - size + 1):
            if any(taken[first:first + size]):
                continue
            found = people.exact_ids(journal, " ".join(words[first:first + size]))
            if found:
                ids += found
                taken[first:first + size] = [True] * size
    return ids
