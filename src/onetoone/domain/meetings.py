"""Planning one-to-ones: booking a meeting, moving it, and the confirmation that goes with it;
and the rest of a meeting's life: cancelled, a no-show, and the agenda of those planned.

A planned meeting is a Meeting row with status 'planned', its planned asks, one 'confirm'
follow-up and one 'reflect' follow-up due the meeting day. The confirmation is due two days
before (the `confirm_days` setting); when that day is not after the day of booking, the day
before, or else the day itself; a meeting booked for the same day gets none (it was just
agreed). Booking closes the person's open reminders to get in touch (contact a referral,
reconnect, reach out, reschedule after a no-show). A person has at most one planned meeting
still ahead: planning again moves it, replacing its open confirm and reflect follow-ups; asks
given when moving replace the planned asks, and place or minutes left out stay as they were.
A planned meeting whose time has passed is never moved: it waits for its reflection. Booking
over another meeting (the same person already has one planned, or another one-to-one overlaps
its minutes) is allowed and reported in `Plan.clashes`, for a warning.

A meeting is `cancel`led (status 'cancelled') or recorded as a `no_show` (status 'no-show',
never held: no contact, no stage, not in the week's count); either closes its open confirm and
reflect follow-ups (closed, not deleted, so the history stays true), and a no-show offers a
'reschedule' follow-up the next day, closed by booking them again. A meeting is named by the
id oto prints (`m3`) or by a person's name: their planned meeting (`planned`).

Also here, used by prep, due and planning alike: the planned meeting of a person (`planned`), its
planned asks (`planned_asks`), marking a meeting held (`mark_held`: its stage, the contact
and its follow-ups) and the planned meetings in a span of time (`agenda`), each with whether it
is confirmed (its confirmation was done and none is waiting).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from onetoone import dates
from onetoone.domain import followups, settings, team
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


def planned(
    journal: Journal, person_id: int, *, ahead_of: datetime | None = None, before: datetime | None = None,
) -> Planned | None:
    """The person's planned one-to-one: the latest planned (or, with `ahead_of`, the latest still
    at or after that moment; with `before`, the latest whose time has come by then), with its
    planned asks; None if there is none."""
    row = journal.row(
        """SELECT id, planned_at, place, planned_minutes FROM meeting
           WHERE person_id = :person AND status = 'planned' AND planned_at IS NOT NULL
             AND planned_at >= :since AND planned_at <= :until
           ORDER BY planned_at DESC, id DESC LIMIT 1""",
        {"person": person_id, "since": ahead_of or datetime.min, "until": before or datetime.max},
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
    journal.add(meeting)
    if person.stage == "prospect":
        people.move_stage(journal, person, "met", on=held_on, meeting_id=meeting_id)
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
    clashes: list[Clash] = field(default_factory=list)
    teammates: list = field(default_factory=list)  # a team journal: teammates' one-to-ones with them this week (team.recent_contact)


@dataclass(frozen=True)
class Clash:
    """Another planned one-to-one that a booking runs into: the same person's, or one whose time
    overlaps it."""

    meeting_id: int
    person: str
    at: datetime
    minutes: int | None
    same_person: bool


def plan(
    journal: Journal, person: PersonRef, *, at: datetime, now: datetime,
    place: str | None = None, minutes: int | None = None, asks: list[str] | tuple[str, ...] = (),
    past: bool = False,
) -> Plan:
    """Book a one-to-one with `person` at `at`, or move the one already planned.

    `past` (a calendar's event being imported) lets `at` be gone by: the meeting is booked as
    planned then, moving nothing, with no confirmation and its reminder to reflect already due,
    as any planned meeting whose time has passed."""
    from onetoone.store.models import Meeting, PlannedAsk

    if person.do_not_contact:
        raise OtoError(
            f"{person.name} asked not to be contacted, so no one-to-one can be planned. "
            f"If that has changed, clear it first: oto edit \"{person.name}\" --contact-ok"
        )
    if at < now and not past:
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
    existing = None if at < now else planned(journal, person.id, ahead_of=now)
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
    confirm_on = _confirm_day(journal, at.date(), booked=today)
    if confirm_on is not None:
        followups.schedule(journal, person_id=person.id, kind="confirm", due=confirm_on, today=today, meeting_id=meeting.id)
    followups.schedule(journal, person_id=person.id, kind="reflect", due=at.date(), today=today, meeting_id=meeting.id)
    # Booked: in touch again, and a no-show's reminder to reschedule is answered.
    followups.close_for_person(journal, person.id, (*followups.GET_IN_TOUCH, "reschedule"), today=today)
    return Plan(
        meeting_id=meeting.id, person=person.name, at=at, place=meeting.place, minutes=meeting.planned_minutes,
        asks=planned_asks(journal, meeting.id),
        moved_from=moved_from, confirm_on=[] if confirm_on is None else [confirm_on], reflect_on=at.date(),
        clashes=clashes(journal, meeting.id), teammates=team.recent_contact(journal, person.id, now=now),
    )


def _confirm_day(journal: Journal, day: date, *, booked: date) -> date | None:
    """The one day to confirm a meeting on `day` booked on `booked`: `confirm_days` before it
    (the setting's furthest offset; an older "2,0" reads as 2), or the first day after that
    which comes after the day of booking, up to the day itself; None when it is booked the same day."""
    offsets = [0]
    for part in settings.get(journal, "confirm_days").split(","):
        part = part.strip()
        if part.isascii() and part.isdigit() and int(part) <= 60:
            offsets.append(int(part))
    for offset in range(max(offsets), -1, -1):
        if day - timedelta(days=offset) > booked:
            return day - timedelta(days=offset)
    return None


def clashes(journal: Journal, meeting_id: int) -> list[Clash]:
    """The other planned one-to-ones this one runs into: the same person's (one still waiting for
    its reflection, say) and anyone's whose time overlaps its minutes."""
    meeting = journal.row("SELECT person_id, planned_at, planned_minutes FROM meeting WHERE id = :id", {"id": meeting_id})
    start = meeting["planned_at"]
    end = start + timedelta(minutes=meeting["planned_minutes"] or 0)
    # Two indexed reads (the person's meetings; the hours around it), not one OR that scans them all.
    rows = journal.rows(
        """SELECT m.id, m.person_id, p.name, m.planned_at, m.planned_minutes FROM meeting m JOIN person p ON p.id = m.person_id
           WHERE m.id IN (
             SELECT id FROM meeting WHERE person_id = :person AND status = 'planned' AND id != :id
             UNION SELECT id FROM meeting WHERE status = 'planned' AND planned_at >= :earliest AND planned_at < :end AND id != :id)
           ORDER BY m.planned_at, m.id""",
        {"id": meeting_id, "person": meeting["person_id"], "earliest": start - timedelta(minutes=MINUTES_RANGE[1]), "end": end},
    )
    found = []
    for row in rows:
        other_end = row["planned_at"] + timedelta(minutes=row["planned_minutes"] or 0)
        same = row["person_id"] == meeting["person_id"]
        if same or (row["planned_at"] < end and other_end > start):
            found.append(Clash(row["id"], row["name"], row["planned_at"], row["planned_minutes"], same))
    return found


# -- cancelled, no-show ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ended:
    """A planned meeting that did not happen: what `cancel` or `no_show` recorded."""

    meeting_id: int
    person_id: int
    person: str
    at: datetime
    status: str  # cancelled or no-show
    reschedule_id: int | None = None  # a no-show: the follow-up to book them again
    reschedule_on: date | None = None
    no_shows: int = 0  # a no-show: all of theirs so far, this one included


def parse_id(typed: str) -> int | None:
    """'m3' -> 3 (upper case and a leading '#' too); None when `typed` is not a meeting id."""
    text = (typed or "").strip().lower().lstrip("#")
    if text[:1] == "m" and text[1:].isascii() and text[1:].isdigit() and len(text) <= 13:
        return int(text[1:])
    return None


def cancel(journal: Journal, typed: str, *, now: datetime) -> Ended:
    """Record that a planned meeting (`m3`, or a person's planned one) is called off."""
    meeting = _planned_meeting(journal, typed, now=now, passed=False)
    return _end(journal, meeting, "cancelled", today=now.date())


def no_show(journal: Journal, typed: str, *, now: datetime) -> Ended:
    """Record that they did not come to a planned meeting whose time has come (`m3`, or a
    person's latest such), and offer to reschedule it the next day."""
    meeting = _planned_meeting(journal, typed, now=now, passed=True)
    if meeting["planned_at"] > now:
        raise BadInput(
            f"The one-to-one with {meeting['person']} (m{meeting['id']}) is on {dates.show_moment(meeting['planned_at'])}; "
            f"a no-show is recorded once its time has come. To call it off: oto cancel m{meeting['id']}"
        )
    ended = _end(journal, meeting, "no-show", today=now.date())
    reschedule_on = None if meeting["do_not_contact"] else now.date() + timedelta(days=1)
    number = None
    if reschedule_on is not None:
        number = followups.schedule(
            journal, person_id=meeting["person_id"], kind="reschedule", due=reschedule_on, today=now.date(), meeting_id=meeting["id"],
        )
    missed = journal.value(
        "SELECT count(*) FROM meeting WHERE person_id = :person AND status = 'no-show'", {"person": meeting["person_id"]}
    )
    return replace(ended, reschedule_id=number, reschedule_on=reschedule_on, no_shows=missed)


_MEETING = """SELECT m.id, m.person_id, m.status, m.planned_at, p.name AS person, p.do_not_contact
FROM meeting m JOIN person p ON p.id = m.person_id WHERE m.id = :id"""


def _planned_meeting(journal: Journal, typed: str, *, now: datetime, passed: bool):
    """The planned meeting `typed` names: `m3`, or the person's planned one (for a no-show, the
    latest whose time has come, if there is one)."""
    from onetoone.domain import people
    from onetoone.errors import NotFound

    number = parse_id(typed)
    if number is None:
        person = people.resolve(journal, typed)
        found = (planned(journal, person.id, before=now) if passed else None) or planned(journal, person.id)
        if found is None:
            raise NotFound(f"{person.name} has no planned one-to-one. See `oto agenda`, or `oto show \"{person.name}\"` for their meetings.")
        number = found.id
    row = journal.row(_MEETING, {"id": number})
    if row is None:
        raise NotFound(f"There is no meeting m{number}. See `oto agenda` for the planned ones.")
    if row["status"] != "planned":
        words = {"held": "was held", "cancelled": "was cancelled", "no-show": "is already recorded as a no-show"}
        raise BadInput(f"The one-to-one m{number} with {row['person']} {words.get(row['status'], row['status'])}; nothing was changed.")
    if row["planned_at"] is None:  # every planned meeting oto makes has a time; refuse one that does not
        raise BadInput(f"m{number} has no planned time; nothing was changed.")
    return row


def _end(journal: Journal, row, status: str, *, today: date) -> Ended:
    from onetoone.store.models import Meeting

    meeting = journal.get(Meeting, row["id"])
    meeting.status = status
    journal.add(meeting)
    followups.close_for_meeting(journal, row["id"], ("confirm", "reflect"), today=today)
    return Ended(row["id"], row["person_id"], row["person"], row["planned_at"], status)


# -- the agenda ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A planned one-to-one on the agenda."""

    meeting_id: int
    person_id: int
    person: str
    at: datetime
    place: str | None
    minutes: int | None
    confirmed: bool  # its confirmation was done, and no other is waiting


AGENDA_SQL = """
SELECT m.id, m.person_id, p.name AS person, m.planned_at, m.place, m.planned_minutes,
  EXISTS (SELECT 1 FROM followup f WHERE f.meeting_id = m.id AND f.kind = 'confirm' AND f.status = 'done')
  AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.meeting_id = m.id AND f.kind = 'confirm' AND f.status = 'open')
    AS "confirmed [boolean]"
FROM meeting m JOIN person p ON p.id = m.person_id
WHERE m.status = 'planned' AND m.planned_at >= :start AND m.planned_at < :end
ORDER BY m.planned_at, p.name_key, m.id
"""


def agenda(journal: Journal, *, start: datetime, end: datetime) -> list[Slot]:
    """The planned one-to-ones from `start` up to (not including) `end`, in time order."""
    return [
        Slot(r["id"], r["person_id"], r["person"], r["planned_at"], r["place"], r["planned_minutes"], bool(r["confirmed"]))
        for r in journal.rows(AGENDA_SQL, {"start": start, "end": end})
    ]


def day_span(first: date, days: int = 1) -> tuple[datetime, datetime]:
    """From the start of `first` to the start of the day `days` later."""
    start = datetime.combine(first, datetime.min.time())
    return start, start + timedelta(days=days)
