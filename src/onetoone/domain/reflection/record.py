"""Writing a checked reflection in the caller's one short write transaction (the shared
"Reflect" convention), and saying back what was written.

- the meeting: the person's planned one-to-one (the latest planned on or before the day met, or
  else one planned for the next day) becomes held, and its confirm/reflect follow-ups are done;
  without one, a new held meeting. Minutes, listening share, place, note and next step on it.
- insights (meeting linked); the ask with its answer. A yes is also their commitment (a promise
  'theirs' due the date they gave, linked as ask.promise_id; a yes given without a date gets an
  'agree-date' follow-up the next day instead); a maybe or later gets a 'revisit' follow-up
  (default: the day met + the revisit_days setting); any answer to an ask of the same text asked
  before closes that earlier ask's open revisit (a later yes ends the maybe).
- promises both ways; referrals, found as every command finds a name (`referred`): one person
  found is that person, several are refused with who they could be, and only a name that finds
  no one is a new prospect referred by this person, with a 'contact-referral' follow-up; the next step as a
  'next-step' follow-up; a 'thank' follow-up the day after (thank_days), unless they asked not
  to be contacted; contact recorded (people.touch); stage prospect -> met, and -> committed on a yes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone.domain.people import PersonRef
from onetoone.domain.reflection.build import Reflection
from onetoone.errors import BadInput
from onetoone.store.journal import Journal


@dataclass(frozen=True)
class Scheduled:
    """A promise or follow-up written, by the number the organizer types (p3, f2), and its day."""

    id: int
    due: date


@dataclass(frozen=True)
class Promised:
    id: int
    direction: str  # 'theirs' or 'mine'
    text: str
    due: date


@dataclass(frozen=True)
class Referred:
    name: str
    new: bool  # added as a prospect (with a follow-up to contact them), else already known
    follow_up: Scheduled | None = None
    typed: str = ""  # the name as given, when it is not their full name ('maria' for Maria Lopez)
    near: tuple[str, ...] = ()  # for a new one: people already in the journal with a close name


@dataclass(frozen=True)
class StageChange:
    old: str
    new: str


@dataclass
class Saved:
    """What `record` wrote, with the ids the organizer can type (m, p, f)."""

    person: str
    person_id: int
    meeting_id: int
    was_planned: bool
    held_on: date
    minutes: int | None
    listened_pct: int | None
    insights: dict[str, int]
    ask: str | None = None
    answer: str | None = None
    commitment: Scheduled | None = None  # their promise, for a yes
    revisit: Scheduled | None = None  # the follow-up, for a maybe or later
    agree: Scheduled | None = None  # the follow-up to agree a date, for a yes without one
    promises: list[Promised] = field(default_factory=list)
    referrals: list[Referred] = field(default_factory=list)
    next_step: str | None = None
    next: Scheduled | None = None
    thank: Scheduled | None = None
    stage: StageChange = StageChange("", "")
    notes: list[str] = field(default_factory=list)  # coaching: see `coaching`


def record(journal: Journal, r: Reflection, *, today: date, now: datetime) -> Saved:
    """Write one reflection in the caller's (single, short) write transaction."""
    from onetoone.domain import followups, meetings, people, settings
    from onetoone.store.models import Insight, Meeting, Person, Promise

    person = people.get(journal, r.person_id)
    known_before = journal.value("SELECT count(*) FROM insight WHERE person_id = :person", {"person": person.id})
    planned = meetings.planned_on(journal, person.id, r.held_on)
    meeting = journal.get(Meeting, planned.id) if planned else Meeting(person_id=person.id, status="held", created_at=now)
    meeting.minutes, meeting.listened_pct, meeting.note, meeting.next_step = r.minutes, r.listened_pct, r.note, r.next_step
    meeting.place = r.place or meeting.place
    meeting.reflected_on = today  # the day it was written, for "reflections written the same day"
    journal.add(meeting)
    was, stage = meetings.mark_held(journal, meeting.id, held_on=r.held_on, today=today)
    counts: dict[str, int] = {}
    for kind, text in r.insights:
        journal.add(Insight(person_id=person.id, meeting_id=meeting.id, kind=kind, text=text, created_on=r.held_on))
        counts[kind] = counts.get(kind, 0) + 1
    saved = Saved(person.name, person.id, meeting.id, planned is not None, r.held_on, r.minutes, r.listened_pct, counts)

    def promise(direction: str, text: str, due: date) -> int:
        return journal.add(Promise(person_id=person.id, meeting_id=meeting.id, direction=direction, text=text, due=due,
                                   first_due=due, status="open", created_on=r.held_on)).id

    if r.ask is not None:
        saved.ask, saved.answer = r.ask, r.answer
        _, saved.commitment, saved.agree, saved.revisit = write_ask(journal, r, person.id, meeting.id, today=today)
    for direction, pledges in (("theirs", r.theirs), ("mine", r.mine)):
        saved.promises += [Promised(promise(direction, p.text, p.due), direction, p.text, p.due) for p in pledges]
    for name in r.referrals:
        saved.referrals.append(add_referral(journal, person, name, held_on=r.held_on, today=today))
    saved.next_step = r.next_step
    if r.next_on is not None:
        number = followups.schedule(journal, person_id=person.id, kind="next-step", due=r.next_on, words=r.next_step,
                                    today=today, meeting_id=meeting.id)
        saved.next = Scheduled(number, r.next_on)
    if not person.do_not_contact:
        due = r.held_on + timedelta(days=settings.get_int(journal, "thank_days"))
        number = followups.schedule(journal, person_id=person.id, kind="thank", due=due, today=today, meeting_id=meeting.id)
        saved.thank = Scheduled(number, due)
    if r.answer == "yes" and stage == "met":  # a yes is a commitment: one rung up the ladder
        stage = "committed"
        people.move_stage(journal, journal.get(Person, person.id), stage, on=r.held_on, meeting_id=meeting.id)
        people.refresh_reconnect(journal, person.id)  # the cadence follows the stage
    saved.stage = StageChange(was, stage)
    saved.notes = coaching(r, known_before=known_before, do_not_contact=person.do_not_contact)
    return saved


def write_ask(journal: Journal, r: Reflection, person_id: int, meeting_id: int, *, today: date):
    """The reflection's ask with its answer, and what follows from it: for a yes their commitment
    (or, without a date, a reminder to agree one), for a maybe or later a revisit. Returns the
    ask's id and the three as `Scheduled` (None where none was made)."""
    from onetoone.domain import followups
    from onetoone.store.models import Ask, Promise

    if r.answer is not None:  # a later answer to the same ask: its revisit is done
        followups.close_revisits(journal, person_id, r.ask, today=today)
    ask = journal.add(Ask(person_id=person_id, meeting_id=meeting_id, text=r.ask, answer=r.answer,
                          asked_on=r.held_on, revisit_on=r.revisit_on))
    commitment = agree = revisit = None
    if r.answer == "yes" and r.committed_on is not None:
        ask.promise_id = journal.add(Promise(person_id=person_id, meeting_id=meeting_id, direction="theirs", text=r.ask,
                                             due=r.committed_on, first_due=r.committed_on, status="open",
                                             created_on=r.held_on)).id
        journal.add(ask)
        commitment = Scheduled(ask.promise_id, r.committed_on)
    elif r.answer == "yes":  # a yes without a date: kept, with a reminder to agree one
        due = max(r.held_on + timedelta(days=1), today)
        agree = Scheduled(followups.schedule(journal, person_id=person_id, kind="agree-date", due=due, today=today,
                                             ask_id=ask.id), due)
    if r.revisit_on is not None:
        revisit = Scheduled(followups.schedule(journal, person_id=person_id, kind="revisit", due=r.revisit_on,
                                               today=today, ask_id=ask.id), r.revisit_on)
    return ask.id, commitment, agree, revisit


def referred(journal: Journal, typed: str, person: PersonRef):
    """Who a referral names (`people.find`, as every command finds a name); the person reflected
    on is never one of several it could be, since no one is their own referral."""
    from onetoone.domain import people

    found = people.find(journal, typed)
    if len(found.ids) > 1 and person.id in found.ids:
        found = people.among(journal, typed, [i for i in found.ids if i != person.id])
    return found


def add_referral(journal: Journal, person: PersonRef, name: str, *, held_on: date, today: date) -> Referred:
    """Link a referral to the one person it names, or add a new prospect for a name that names
    no one; a name that could be several people is refused, saying who."""
    from onetoone.domain import followups, people, settings
    from onetoone.domain.text import key
    from onetoone.errors import Ambiguous
    from onetoone.store.models import Person

    found = referred(journal, name, person)
    if found.ids == (person.id,):
        raise BadInput(f"{person.name} cannot be their own referral; give the names of people they suggested.")
    if len(found.ids) > 1:
        raise Ambiguous(
            f"The referral '{name}' could be {people.candidates(found)}. Type more of their name, "
            "or a name that tells someone new apart."
        )
    if found.ids:
        other = journal.get(Person, found.ids[0])
        if other.referred_by_id is None:
            other.referred_by_id = person.id
            journal.add(other)
        return Referred(other.name, False, typed="" if key(name) == key(other.name) else name)
    added = people.add(journal, people.PersonFields(name=name), today=today)
    journal.get(Person, added.id).referred_by_id = person.id
    due = held_on + timedelta(days=settings.get_int(journal, "referral_days"))
    number = followups.schedule(journal, person_id=added.id, kind="contact-referral", due=due, today=today)
    return Referred(added.name, True, Scheduled(number, due), near=found.near)


def coaching(r: Reflection, *, known_before: int, do_not_contact: bool = False) -> list[str]:
    """Self-coaching notes, as codes (render/reflect.py words them): no ask made, listening
    under two thirds, no next step (unless they asked not to be contacted), an ask made before
    anything was known about them, a yes without a date."""
    notes = []
    if r.ask is None:
        notes.append("no-ask")
    if r.listened_pct is not None and r.listened_pct * 3 < 200:
        notes.append("listening")
    if r.next_step is None and r.next_on is None and not do_not_contact:
        notes.append("no-next-step")
    if r.ask is not None and not known_before and not r.insights:
        notes.append("ask-before-knowing")
    if r.answer == "yes" and r.committed_on is None:
        notes.append("yes-without-date")
    return notes
