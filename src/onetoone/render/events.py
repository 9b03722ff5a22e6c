"""Screens, JSON and messages for group meetings and actions: `oto events`, one event, what
`oto event` and `oto attended` did, and the events parts of the digest, the agenda and prep."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.doc import MUTED, STRONG, Doc
from onetoone.vocabulary import EVENT_LABELS

PERSON_LIMIT = 40  # people listed under one event on screen


def what(event) -> str:
    """'house meeting, hosted by Ana Reyes'."""
    label = EVENT_LABELS.get(event.kind, event.kind)
    return f"{label}, hosted by {event.host}" if event.host else label


def counts(event, today: date) -> str:
    """'6 said yes' ahead; '8 came, 2 did not; 3 of the 5 who said yes came' once recorded."""
    said = f"{event.said_yes} said yes"
    if event.recorded_on is None:
        if event.day >= today:
            return said
        return f"{said}; who came not recorded yet"
    came = f"{event.came} came" + (f", {event.no_shows} did not" if event.no_shows else "")
    if not event.said_yes:
        return came
    return f"{came}; {event.came_after_yes} of the {event.said_yes} who said yes came"


def row(event, today: date, *, with_day: bool = True) -> list[str]:
    day = [dates.short_day(event.day, today)] if with_day else []
    return [f"e{event.id}", *day, event.at or "", event.title, what(event), event.place or "", counts(event, today)]


def event_json(event) -> dict:
    return {
        "id": f"e{event.id}", "title": event.title, "kind": event.kind, "date": event.day.isoformat(), "time": event.at,
        "place": event.place, "host": event.host, "host_id": event.host_id,
        "recorded": event.recorded_on is not None, "said_yes": event.said_yes, "came": event.came, "no_shows": event.no_shows,
        "came_after_yes": event.came_after_yes,
    }


def listing(found, *, today: date, past: bool) -> Doc:
    doc = Doc()
    if not found.upcoming and not found.past:
        if past:
            return doc.line("No past events yet.")
        return doc.line("No events yet. Add one: oto event \"Building meeting\" --on sat --at 7pm --place \"Community room\"")
    if not past:
        doc.heading("Upcoming")
        if found.upcoming:
            doc.table([""] * 7, [row(e, today) for e in found.upcoming], show_header=False, fold=3)
        else:
            doc.line("Nothing planned. Add one: oto event TITLE --on WHEN", MUTED, indent=2)
    if found.past:
        doc.heading("Past")
        doc.table([""] * 7, [row(e, today) for e in found.past], show_header=False, fold=3,
                  more=found.more_past, more_hint="oto events --past lists them all")
    waiting = [e for e in found.past if e.recorded_on is None]
    if waiting:
        doc.blank()
        doc.line(f"Record who came: oto attended e{waiting[0].id} NAME... (those who said yes and are not named are no-shows)", MUTED)
    return doc


def listing_json(found) -> dict:
    return {"upcoming": [event_json(e) for e in found.upcoming], "past": [event_json(e) for e in found.past]}


_STATUS = {"came": "came", "no-show": "did not come", None: "said yes, not recorded yet"}


def detail(found, *, today: date) -> Doc:
    event = found.event
    when = dates.show_day(event.day) + (f" {event.at}" if event.at else "")
    doc = Doc().line(f"e{event.id} {event.title}", STRONG)
    facts = [("When", f"{when} ({dates.relative(event.day, today)})"), ("What", what(event))]
    facts += [("Where", event.place)] if event.place else []
    facts.append(("Who", counts(event, today)))
    doc.table(["", ""], [[k, v] for k, v in facts], show_header=False)
    if found.people:
        doc.heading("People")
        rows = [[a.person, _STATUS[a.status] + (" (had said yes)" if a.status and a.committed else "")]
                for a in found.people[:PERSON_LIMIT]]
        doc.table(["", ""], rows, show_header=False, more=len(found.people) - len(rows), more_hint="oto event --json")
    if event.recorded_on is None and event.day <= today:
        doc.blank()
        doc.line(f"Record who came: oto attended e{event.id} NAME...", MUTED)
    return doc


def detail_json(found) -> dict:
    return {**event_json(found.event),
            "people": [{"person": a.person, "person_id": a.person_id, "status": a.status, "said_yes": a.committed}
                       for a in found.people]}


def created(event, *, today: date) -> str:
    when = dates.show_day(event.day) + (f" at {event.at}" if event.at else "")
    place = f", {event.place}" if event.place else ""
    said = ""
    if event.said_yes:
        said = f" {event.said_yes} {'has' if event.said_yes == 1 else 'have'} already said yes (commitments due that day with its title's words)."
    after = f" After it: oto attended e{event.id} NAME..." if event.day >= today else ""
    return f"Added e{event.id}: {event.title}, {what(event)}, {when} ({dates.relative(event.day, today)}){place}.{said}{after}"


def recorded(result, *, today: date) -> str:
    event = result.event
    came = [s for s in result.settled if s.status == "came"]
    missed = [s for s in result.settled if s.status == "no-show"]
    lines = [f"e{event.id} {event.title} ({dates.short_day(event.day, today)}): {counts(event, today)}."]
    if came:
        lines.append("Came: " + ", ".join(_settled(s) for s in came) + ".")
    if missed:
        lines.append("Did not come: " + ", ".join(_settled(s) for s in missed) + ".")
    if not result.settled:
        lines.append("Nothing new to record.")
    return "\n".join(lines)


def _settled(s) -> str:
    notes = []
    if s.promises:
        notes.append(("kept " if s.status == "came" else "broke ") + " ".join(f"p{p}" for p in s.promises))
    if s.expected:
        notes.append("said yes and was not named")
    if s.was and s.was != s.status:
        notes.append(f"was recorded as {_STATUS[s.was]}")
    return s.person + (f" ({'; '.join(notes)})" if notes else "")


def linked(event, *, today: date) -> str:
    return f" It is for e{event.id} {event.title} ({dates.short_day(event.day, today)}): who came settles it."


# -- In other screens ------------------------------------------------------------------------------


def today_section(doc: Doc, events, waiting, today: date) -> None:
    """Today's events in the digest, and the recent ones whose attendance is not recorded."""
    if events:
        doc.heading("Today's events")
        doc.table([""] * 6, [row(e, today, with_day=False) for e in events], show_header=False, fold=2)
    for event in waiting:
        doc.line(f"Who came to e{event.id} {event.title} ({dates.short_day(event.day, today)})? "
                 f"oto attended e{event.id} NAME...")


def agenda_section(doc: Doc, events, today: date) -> None:
    if events:
        doc.heading("Events")
        doc.table([""] * 7, [row(e, today) for e in events], show_header=False, fold=3)


_ROLES = {"hosted": "hosted", "came": "came", "no-show": "did not come"}


def person_section(doc: Doc, record, today: date) -> None:
    """Prep's events: what they came to, hosted or missed, and their show-up after a yes."""
    if not record.recent:
        return
    doc.heading("Events")
    rows = [[dates.short_day(t.day, today), _ROLES.get(t.role, "hosting" if t.day >= today else "hosted, who came not recorded"),
             f"{t.title} (e{t.event_id})"] for t in record.recent]
    doc.table(["", "", ""], rows, show_header=False)
    doc.line(show_up_line(record), indent=2)


def show_up_line(record) -> str:
    parts = []
    if record.said_yes:
        parts.append(f"Came to {record.came_after_yes} of {record.said_yes} event{'s' if record.said_yes != 1 else ''} they said yes to")
    else:
        parts.append("No yes to an event recorded yet")
    if record.came != record.came_after_yes:
        parts.append(f"came to {record.came} in all")
    if record.hosted:
        parts.append(f"hosted {record.hosted}")
    return "; ".join(p for p in parts if p) + "."
