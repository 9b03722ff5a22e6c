"""Screens, JSON and messages for the life of a meeting: the agenda (and today's one-to-ones at
the top of `oto due`), booking over another meeting, cancel, no-show, and contacts logged."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render import events
from onetoone.render.doc import STRONG, Doc, typed_name
from onetoone.vocabulary import CONTACT_LABELS


def confirmed(slot) -> str:
    return "confirmed" if slot.confirmed else "not confirmed"


def slot_row(slot, today: date, *, with_day: bool) -> list[str]:
    """m3, [Wed 25 Nov,] 18:00, Maria Lopez, Cafe Luna, 45 min, confirmed."""
    day = [dates.short_day(slot.at.date(), today)] if with_day else []
    minutes = f"{slot.minutes} min" if slot.minutes else ""
    return [f"m{slot.meeting_id}", *day, f"{slot.at:%H:%M}", slot.person, slot.place or "", minutes, confirmed(slot)]


def slot_json(slot) -> dict:
    return {
        "id": f"m{slot.meeting_id}", "person": slot.person, "person_id": slot.person_id,
        "at": slot.at.strftime("%Y-%m-%dT%H:%M"), "date": slot.at.date().isoformat(), "time": f"{slot.at:%H:%M}",
        "place": slot.place, "minutes": slot.minutes, "confirmed": slot.confirmed,
    }


def today_section(doc: Doc, slots, today: date) -> None:
    """Today's planned one-to-ones, in time order, at the top of the digest."""
    if slots:
        doc.heading("Today's one-to-ones")
        rows = [slot_row(slot, today, with_day=False) for slot in slots]
        doc.table([""] * len(rows[0]), rows, show_header=False)


def agenda(slots, groups=(), *, today: date, days: int) -> Doc:
    """The one-to-ones planned, then the events (`groups`) of the same days."""
    span = "today" if days == 0 else ("today and tomorrow" if days == 1 else f"the next {days} days")
    doc = Doc()
    if not slots:
        doc.line(f"No one-to-ones planned for {span}. Plan one: oto prep NAME --at WHEN")
    else:
        count = "One one-to-one" if len(slots) == 1 else f"{len(slots)} one-to-ones"
        doc.line(f"{count} planned for {span}.", STRONG)
        rows = [slot_row(slot, today, with_day=True) for slot in slots]
        doc.table([""] * len(rows[0]), rows, show_header=False)
    events.agenda_section(doc, groups, today)
    return doc


def agenda_json(slots, groups=(), *, today: date, days: int) -> dict:
    return {"date": today.isoformat(), "days": days, "meetings": [slot_json(slot) for slot in slots],
            "events": [events.event_json(event) for event in groups]}


def clashes(plan) -> list[str]:
    """A warning for each planned one-to-one this booking runs into (it is booked all the same)."""
    lines = []
    for clash in plan.clashes:
        when = dates.show_moment(clash.at)
        if clash.same_person:
            lines.append(
                f"Warning: {clash.person} already has a one-to-one planned on {when} (m{clash.meeting_id}). "
                f"If it did not happen, record it: oto noshow m{clash.meeting_id}, or oto cancel m{clash.meeting_id}."
            )
        else:
            length = f", {clash.minutes} min" if clash.minutes else ""
            lines.append(f"Warning: this overlaps the one-to-one with {clash.person} on {when}{length} (m{clash.meeting_id}).")
    return lines


def ended(result, *, today: date) -> str:
    when = dates.show_moment(result.at)
    if result.status == "cancelled":
        return (
            f"Cancelled the one-to-one with {result.person} on {when} (m{result.meeting_id}); "
            f"its confirmation and reflection are closed. Plan another: oto prep {typed_name(result.person)} --at WHEN"
        )
    times = "their first no-show" if result.no_shows == 1 else f"{result.no_shows} no-shows so far"
    message = (
        f"Recorded that {result.person} did not come to the one-to-one on {when} (m{result.meeting_id}); "
        f"it is not counted as held ({times})."
    )
    if result.reschedule_id is not None:
        message += (
            f" Reschedule it {dates.relative(result.reschedule_on, today)} (f{result.reschedule_id}): "
            f"oto prep {typed_name(result.person)} --at WHEN"
        )
    return message


def logged(contact, *, today: date) -> str:
    what = CONTACT_LABELS.get(contact.kind, contact.kind)
    day = "today" if contact.on == today else f"on {dates.show_day(contact.on)}"
    after = ""
    if contact.reconnect_on is not None:
        after = f" oto will suggest reconnecting on {dates.show_day(contact.reconnect_on)}."
    return f"Logged a {what} with {contact.person} {day} (c{contact.id}); not a one-to-one, so not counted this week.{after}"
