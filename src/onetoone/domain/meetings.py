"""Planning one-to-ones: booking a meeting, moving it, and the confirmations that go with it.

A planned meeting is a Meeting row with status 'planned', its planned asks, a 'confirm'
follow-up for each of the `confirm_days` offsets (two days before and on the day) that is not
already past, and one 'reflect' follow-up due the meeting day; booking closes the person's open
reminders to get in touch (contact a referral, reconnect, reach out). A person has at most one planned
meeting still ahead: planning again moves it, replacing its open confirm and reflect follow-ups;
asks given when moving replace the planned asks, and place or minutes left out stay as they were.
A planned meeting whose time has passed is never moved: it waits for its reflection.

Also here, used by prep, due and planning alike: the planned meeting of a person (`planned`), its
planned asks (`planned_asks`) and marking a meeting held (`mark_held`: its stage, the contact
and its follow-ups).
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
class Planned:
    """A person's planned one-to-one, as the journal holds it."""

    id: int
    at: datetime
    place: str | None
    minutes: int | None
    asks: list[str]


def planned(journal: Journal, person_id: int, *, ahead_of: datetime | None = None) -> Planned | None:
    """The person's planned one-to-one: the latest planned (or, with `ahead_of`, the latest still
    at or after that moment), with its planned asks; None if there is none."""
    row = journal.row(
        """SELECT id, planned_at, place, planned_minutes FROM meeting
           WHERE person_id = :person AND status = 'planned' AND planned_at IS NOT NULL AND planned_at >= :since
           ORDER BY planned_at DESC, id DESC LIMIT 1""",
        {"person": person_id, "since": ahead_of or datetime.min},
    )
    if row is None:
        return None
    return Planned(row["id"], row["planned_at"], row["place"], row["planned_minutes"], planned_asks(journal, row["id"]))


def planned_on(journal: Journal, person_id: int, day: date) -> Planned | None:
    """The planned one-to-one that a meeting on `day` is: the latest planned on or before that
    day, or else the next one planned within a day after it (met a little early)."""
    start, end = datetime.combine(day + timedelta(days=1), datetime.min.time()), datetime.combine(day + timedelta(days=2), datetime.min.time())
    row = journal.row(
        """SELECT id, planned_at, place, planned_minutes FROM meeting
           WHERE person_id = :person AND status = 'planned' AND planned_at IS NOT NULL AND planned_at < :start
           ORDER BY planned_at DESC, id DESC LIMIT 1""",
        {"person": person_id, "start": start},
    ) or journal.row(
        """SELECT id, planned_at, place, planned_minutes FROM meeting
           WHERE person_id = :person AND status = 'planned' AND planned_at >= :start AND planned_at < :end
           ORDER BY planned_at, id LIMIT 1""",
        {"person": person_id, "start": start, "end": end},
    )
    if row is None:
        return None
    return Planned(row["id"], row["planned_at"], row["place"], row["planned_minutes"], planned_asks(journal, row["id"]))


def planned_asks(journal: Journal, meeting_id: int) -> list[str]:
    """The asks planned for a meeting, in the order they were given."""
    return [r[0] for r in journal.rows("SELECT text FROM planned_ask WHERE meeting_id = :meeting ORDER BY id", {"meeting": meeting_id})]


def mark_held(journal: Journal, meeting_id: int, *, held_on: date, today: date) -> tuple[str, str]:
    """Record a meeting as held on `held_on`: a prospect becomes met, the contact is recorded
    and the meeting's open confirm and reflect follow-ups are done. Returns (old, new) stage."""
    from onetoone.domain import people
    from onetoone.store.models import Meeting, Person

    meeting = journal.get(Meeting, meeting_id)
    meeting.status, meeting.held_on = "held", held_on
    person = journal.get(Person, meeting.person_id)
    old = person.stage
    if person.stage == "prospect":
        person.stage = "met"
    journal.add(meeting, person)
    followups.close_for_meeting(journal, meeting_id, ("confirm", "reflect"), today=today)
    people.touch(journal, person.id, held_on)
    return old, person.stage


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

    # Only a meeting still ahead is moved: one whose time has passed happened (or not) and
    # keeps its reminder to reflect; booking the next one must not erase it.
    existing = planned(journal, person.id, ahead_of=now)
    moved_from = None
    if existing is None:
        meeting = Meeting(person_id=person.id, status="planned", created_at=now)
    else:
        meeting = journal.get(Meeting, existing.id)
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
    confirm_on = [day for day in _confirm_days(journal, at.date()) if day >= today]
    for day in confirm_on:
        followups.schedule(journal, person_id=person.id, kind="confirm", due=day, today=today, meeting_id=meeting.id)
    followups.schedule(journal, person_id=person.id, kind="reflect", due=at.date(), today=today, meeting_id=meeting.id)
    followups.close_for_person(journal, person.id, followups.GET_IN_TOUCH, today=today)  # booked: in touch
    return Plan(
        meeting_id=meeting.id, person=person.name, at=at, place=meeting.place, minutes=meeting.planned_minutes,
        asks=planned_asks(journal, meeting.id),
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
