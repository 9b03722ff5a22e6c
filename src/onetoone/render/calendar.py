"""The calendar as an .ics file (`oto calendar`), and what `oto import calendar` did or would do.

The file is written with icalendar, a well-kept RFC 5545 implementation (line folding, text
escaping, dates and time zones done right), loaded only when a calendar is written.

- A planned one-to-one is a VEVENT: SUMMARY "One-to-one with NAME", DTSTART and DTEND from its
  planned time and minutes, LOCATION its place. Times are floating (local wall-clock time, no
  zone), as oto keeps them: the calendar shows them at the same hour wherever it is opened.
- A due item (`--with-due`) is an all-day VEVENT, free time (TRANSP TRANSPARENT), on its day, or
  on today while it is overdue; its SUMMARY names the kind and the person only.
- No note of the organizer's is in the text unless `--with-notes`: then a meeting's planned asks
  are in its DESCRIPTION and a due item's SUMMARY is its full line from `oto due` (a promise's words).
- UID: stable (made in domain/calendar.py). DTSTAMP: the moment of the export, in UTC. SEQUENCE: the
  minutes from 2020-01-01 to the export, so a later export never has a lower one and a calendar
  program takes it as the update it is (oto keeps no revision count of its own).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from onetoone import dates
from onetoone.printable import safe
from onetoone.render.doc import WARN, Doc, typed_name
from onetoone.vocabulary import DUE_LABELS

PRODID = "-//oto//one-to-one journal//EN"
_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def summary(person: str) -> str:
    return f"One-to-one with {person}"


def ics(found, *, stamp: datetime) -> str:
    """The calendar `found` (domain.calendar.Calendar) as .ics text (CRLF lines, as RFC 5545
    wants); `stamp` is the export's moment, aware (UTC)."""
    import icalendar  # only when a calendar is written: `oto --help` and other commands never load it

    from onetoone.render.due import text as due_text

    stamp = stamp.astimezone(timezone.utc).replace(microsecond=0)
    sequence = max(int((stamp - _EPOCH).total_seconds() // 60), 0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "oto: one-to-ones")
    for entry in found.meetings:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("summary", safe(summary(entry.person)))
        event.add("dtstart", entry.at)
        event.add("dtend", entry.at + timedelta(minutes=entry.minutes or 45))
        if entry.place:
            event.add("location", safe(entry.place))
        event.add("description", safe(_description(entry, with_notes=found.with_notes), multiline=True))
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    today = found.now.date()
    for due in found.due:
        item = due.item
        event = icalendar.Event()
        day = max(item.due, today)
        event.add("uid", due.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        label = DUE_LABELS.get(item.kind, "follow-up")
        if found.with_notes:
            event.add("summary", safe(f"{due_text(item, today)} ({item.person})"))
        else:
            event.add("summary", safe(f"{label[:1].upper()}{label[1:]}: {item.person}"))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        overdue = f" It was due {dates.show_day(item.due)}." if item.due < today else ""
        event.add("description", f"Due in oto ({item.id}).{overdue} When it is done: oto done {item.id}")
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["oto"])
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _description(entry, *, with_notes: bool) -> str:
    text = f"Planned in oto (m{entry.meeting_id}). Before it: oto prep {typed_name(entry.person)}"
    if with_notes and entry.asks:
        text += "\nAsks you might make:\n" + "\n".join(f"- {safe(ask)}" for ask in entry.asks)
    return text


def written(target, found) -> str:
    count = len(found.meetings)
    noun = "one-to-one" if count == 1 else "one-to-ones"
    due = f" and {len(found.due)} due item{'s' if len(found.due) != 1 else ''}" if found.due else ""
    return f"Wrote {count} planned {noun}{due} to {target} (only you can read it). Import it into your calendar; a later export updates it."


# -- import -------------------------------------------------------------------------------------------

_REASONS = {
    "ours": "written by `oto calendar` from this journal",
    "imported": "imported before",
    "duplicate": "a second copy of an event already read",
    "cancelled": "cancelled",
    "repeats": "a repeating event (plan a one-to-one at a time: oto prep NAME --at WHEN)",
    "no-time": "no start time",
    "all-day": "an all-day event (a one-to-one has a time)",
    "do-not-contact": "they asked not to be contacted",
}


def report(found, *, today: date) -> Doc:
    """What the import did (or, with --dry-run, would do), event by event."""
    would = found.dry_run
    doc = Doc()
    planned = [o for o in found.outcomes if o.action == "planned"]
    past = [o for o in found.outcomes if o.action == "past"]
    skipped = [o for o in found.outcomes if o.action == "skipped"]
    if planned:
        doc.heading("Would plan" if would else "Planned")
        doc.table(["", "", ""], [_row(o, today) for o in planned], show_header=False, fold=2)
    if past:
        doc.heading("Would add, to reflect on" if would else "Added, to reflect on")
        doc.table(["", "", ""], [_row(o, today) for o in past], show_header=False, fold=2)
    for outcome in planned + past:
        for line in _clashes(outcome) + _teammates(outcome, today):
            doc.line(line, WARN)
    if skipped:
        doc.heading("Would skip" if would else "Skipped")
        doc.table(["", "", ""], [[_when(o.event.start, today), o.event.title or "(no title)", reason(o)] for o in skipped], show_header=False, fold=2)
    if would:
        tail = "Nothing was changed (--dry-run). Run it again without --dry-run to import."
    elif planned or past:
        tail = "Undo it all with `oto undo`."
    else:
        tail = "Nothing was imported."
    events = "1 event" if found.events == 1 else f"{found.events} events"
    if found.unrelated:
        doc.line(f"{found.unrelated} of {events} name no one in the journal (not listed).")
    elif not found.outcomes:
        doc.line(f"The file has {events}.")
    return doc.line(tail)


def _row(outcome, today: date) -> list[str]:
    ident = f" (m{outcome.meeting_id})" if outcome.meeting_id else ""
    place = f", {outcome.event.place}" if outcome.event.place else ""
    return [_when(outcome.event.start, today), f"{outcome.person}{ident}", f"{outcome.event.title}{place}"]


def reason(outcome) -> str:
    if outcome.reason == "several":
        return "names more than one person (" + ", ".join(outcome.names) + "); not guessed, plan it with oto prep NAME --at WHEN"
    if outcome.reason == "already-planned":
        if outcome.at is None:
            return f"{outcome.person} has another one-to-one planned in this file"
        return (
            f"{outcome.person} already has a one-to-one planned on {dates.show_moment(outcome.at)} (m{outcome.meeting_id}); "
            f"to move it: oto prep {typed_name(outcome.person)} --at WHEN"
        )
    if outcome.reason == "already-recorded":
        return f"{outcome.person} already has a meeting that day in the journal (m{outcome.meeting_id})"
    words = _REASONS.get(outcome.reason, outcome.reason or "")
    return f"{outcome.person}: {words}" if outcome.person else words


def _clashes(outcome) -> list[str]:
    from onetoone.render.meetings import clashes

    return clashes(outcome) if outcome.clashes else []


def _teammates(outcome, today: date) -> list[str]:
    """A team journal: a teammate met or booked them this week (the words of `oto prep NAME --at`)."""
    from onetoone.render.prep import teammate_warnings

    return teammate_warnings(outcome, today=today) if outcome.teammates else []


def _when(start, today: date) -> str:
    if isinstance(start, datetime):
        return f"{dates.short_day(start.date(), today)} {start:%H:%M}"
    if isinstance(start, date):
        return dates.short_day(start, today)
    return "-"
