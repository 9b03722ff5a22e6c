"""Planning one-to-ones: booking a meeting, moving it, and the confirmations that go with it.

A planned meeting is a Meeting row with status 'planned', its planned asks, a 'confirm'
follow-up for each of the `confirm_days` offsets (two days before and on the day) that is not
already past, and one 'reflect' follow-up due the meeting day. A person has at most one planned
meeting still ahead: planning again moves it, replacing its open confirm and reflect follow-ups;
asks given when moving replace the planned asks, and place or minutes left out stay as they were.
A planned meeting whose time has passed is never moved: it waits for its reflection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone import dates
from onetoone.domain import followups, settings
from onetoone.domain.people import PersonRef
from onetoone.domain.text import clean, optional
from onetoone.errors import BadInput, OtoError
from onetoone.store.journal import Journal

MINUTES_RANGE = (5, 600)
PLACE_LIMIT = 200
ASK_LIMIT = 500


@dataclass(frozen=True)
class Plan:
    """What was booked, to say back to the organizer."""

    meeting_id: int
    person: str
    at: datetime
    place: str | None
    minutes: int
    asks: list[str]
    moved_from: datetime | None = None
    confirm_on: list[date] = field(default_factory=list)
    reflect_on: date | None = None


def plan(
    journal: Journal, person: PersonRef, *, at: datetime, now: datetime,
    place: str | None = None, minutes: int | None = None, asks: list[str] | tuple[str, ...] = (),
) -> Plan:
    """Book a one-to-one with `person` at `at`, or move the one already planned."""
    from onetoone.store.models import Meeting, PlannedAsk

    if person.do_not_contact:
        raise OtoError(
            f"{person.name} asked not to be contacted, so no one-to-one can be planned. "
            f"If that has changed, clear it first: oto edit \"{person.name}\" --contact-ok"
        )
    if at < now:
        raise BadInput(
            f"{dates.show_moment(at)} is in the past. To write up a meeting that already happened, "
            f"use `oto reflect \"{person.name}\"`."
        )
    low, high = MINUTES_RANGE
    if minutes is not None and not low <= minutes <= high:
        raise BadInput(f"--minutes is the planned length in minutes, from {low} to {high}; got {minutes}.")
    place = optional(place, "place", limit=PLACE_LIMIT)
    wanted = list(dict.fromkeys(clean(text, "ask", limit=ASK_LIMIT) for text in asks))

    session = journal.session
    # Only a meeting still ahead is moved: one whose time has passed happened (or not) and
    # keeps its reminder to reflect; booking the next one must not erase it.
    existing = journal.row(
        "SELECT id FROM meeting WHERE person_id = ? AND status = 'planned' AND planned_at >= ? "
        "ORDER BY planned_at DESC, id DESC LIMIT 1",
        (person.id, now.strftime("%Y-%m-%d %H:%M:%S.%f")),
    )
    moved_from = None
    if existing is None:
        meeting = Meeting(person_id=person.id, status="planned", created_at=now)
    else:
        meeting = session.get(Meeting, existing["id"])
        moved_from = meeting.planned_at
        followups.drop_for_meeting(journal, meeting.id, ("confirm", "reflect"))
        if wanted:
            journal.execute("DELETE FROM planned_ask WHERE meeting_id = :meeting", {"meeting": meeting.id})
    meeting.planned_at = at
    if place is not None or existing is None:
        meeting.place = place
    if minutes is not None or meeting.planned_minutes is None:
        meeting.planned_minutes = minutes if minutes is not None else settings.get_int(journal, "default_minutes")
    journal.add(meeting)
    journal.add(*(PlannedAsk(meeting_id=meeting.id, text=text) for text in wanted))

    today = now.date()
    where = f" at {meeting.place}" if meeting.place else ""
    confirm_on = [day for day in _confirm_days(journal, at.date()) if day >= today]
    for day in confirm_on:
        followups.schedule(
            journal, person_id=person.id, kind="confirm", due=day, today=today, meeting_id=meeting.id,
            text=f"Confirm the one-to-one with {person.name}, {dates.show_moment(at)}{where}",
        )
    followups.schedule(
        journal, person_id=person.id, kind="reflect", due=at.date(), today=today, meeting_id=meeting.id,
        text=f"Reflect on the one-to-one with {person.name} of {dates.show_moment(at)}",
    )
    return Plan(
        meeting_id=meeting.id, person=person.name, at=at, place=meeting.place, minutes=meeting.planned_minutes,
        asks=[r[0] for r in journal.rows("SELECT text FROM planned_ask WHERE meeting_id = ? ORDER BY id", (meeting.id,))],
        moved_from=moved_from, confirm_on=confirm_on, reflect_on=at.date(),
    )


def _confirm_days(journal: Journal, day: date) -> list[date]:
    """The days to confirm on, earliest first, from the `confirm_days` setting ("2,0")."""
    offsets = set()
    for part in settings.get(journal, "confirm_days").split(","):
        part = part.strip()
        if part.isascii() and part.isdigit() and int(part) <= 60:
            offsets.add(int(part))
    return [day - timedelta(days=offset) for offset in sorted(offsets, reverse=True)]
