"""Reflecting on a one-to-one: reading what the organizer gave, asking for it, and recording it.

Whatever the way in (prompts, the editor's template, flags, stdin), what was given is first a
set of template fields (see `domain.drafts`), then a checked `Reflection` (`build`), then rows
(`record`, one write transaction). The person is found beforehand in a short read (`prepare`);
no transaction is held while the organizer types.

What `record` writes (the shared "Reflect" convention):
- the meeting: the person's planned one-to-one (the latest planned on or before the day met, or
  else one planned for the next day) becomes held, and its confirm/reflect follow-ups are done;
  without one, a new held meeting. Minutes, listening share, place, note and next step on it.
- insights (meeting linked); the ask with its answer. A yes is also their commitment (a promise
  'theirs' due the date they gave, linked as ask.promise_id); a maybe or later gets a 'revisit'
  follow-up (default: the day met + the revisit_days setting).
- promises both ways; referrals (an exact name or alias links to that person, else a new
  prospect referred by this person and a 'contact-referral' follow-up); the next step as a
  'next-step' follow-up; a 'thank' follow-up the day after (thank_days), unless they asked not
  to be contacted; contact recorded (people.touch); stage prospect -> met, and -> committed on a yes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone import dates
from onetoone.domain import drafts
from onetoone.domain.people import PersonRef
from onetoone.domain.text import LONG_LIMIT, NAME_LIMIT, SHORT_LIMIT, clean, key
from onetoone.errors import BadInput, OtoError
from onetoone.store.journal import Journal

INSIGHT_LABELS = {
    "self-interest": "Self-interest",
    "story": "Story",
    "value": "Value",
    "talent": "Talent",
    "network": "Network",
    "concern": "Concern",
    "boundary": "Boundary (a topic to avoid)",
    "common": "Common ground",
}
# Longer texts are welcome where people tell them: a story, a note.
_LIMITS = {"story": LONG_LIMIT, "note": LONG_LIMIT}
_BY = re.compile(r"\s+by\s+", re.IGNORECASE)


# -- Who, and the meeting it is about ----------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    id: int
    at: datetime
    place: str | None
    asks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a reflection needs to know before asking anything: who, and their planned meeting."""

    person: PersonRef
    planned: Planned | None
    default_day: date  # the planned meeting's day (if not ahead), else today
    revisit_days: int


def prepare(journal: Journal, typed: str, *, today: date) -> Context:
    from onetoone.domain import people

    return context(journal, people.resolve(journal, typed).id, today=today)


def context(journal: Journal, person_id: int, *, today: date) -> Context:
    from onetoone.domain import people, settings

    person = people.get(journal, person_id)
    planned = planned_for(journal, person_id, today)
    default_day = min(planned.at.date(), today) if planned else today
    return Context(person, planned, default_day, settings.get_int(journal, "revisit_days"))


def planned_for(journal: Journal, person_id: int, day: date) -> Planned | None:
    """The planned meeting a reflection on `day` is about: the latest planned on or before that
    day, or else the next one planned within a day after it (met a little early)."""
    row = journal.row(
        """
        SELECT id, planned_at, place FROM meeting
        WHERE person_id = :person AND status = 'planned' AND planned_at IS NOT NULL
          AND substr(planned_at, 1, 10) <= :day
        ORDER BY planned_at DESC, id DESC LIMIT 1
        """,
        {"person": person_id, "day": day.isoformat()},
    ) or journal.row(
        """
        SELECT id, planned_at, place FROM meeting
        WHERE person_id = :person AND status = 'planned' AND planned_at IS NOT NULL
          AND substr(planned_at, 1, 10) > :day AND substr(planned_at, 1, 10) <= :next
        ORDER BY planned_at, id LIMIT 1
        """,
        {"person": person_id, "day": day.isoformat(), "next": (day + timedelta(days=1)).isoformat()},
    )
    if row is None:
        return None
    asks = tuple(r[0] for r in journal.rows("SELECT text FROM planned_ask WHERE meeting_id = ? ORDER BY id", (row["id"],)))
    return Planned(row["id"], datetime.fromisoformat(row["planned_at"]), row["place"], asks)


def about(ctx: Context) -> list[str]:
    """A few lines recalling the planned meeting, for the prompts and the template."""
    lines = [f"Your one-to-one with {ctx.person.name}."]
    if ctx.planned:
        place = f" at {ctx.planned.place}" if ctx.planned.place else ""
        lines[0] = f"Your one-to-one with {ctx.person.name}, planned {dates.show_moment(ctx.planned.at)}{place}."
        if ctx.planned.asks:
            lines.append("Asks you planned: " + "; ".join(ctx.planned.asks) + ".")
    return lines


# -- What was given, checked -------------------------------------------------------------------


@dataclass(frozen=True)
class Pledge:
    text: str
    due: date


@dataclass
class Reflection:
    """One reflection, checked and with every date resolved; `record` writes it as it is."""

    person_id: int
    held_on: date
    minutes: int | None = None
    place: str | None = None
    listened_pct: int | None = None
    insights: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    ask: str | None = None
    answer: str | None = None
    committed_on: date | None = None  # for a yes: the date they committed to
    revisit_on: date | None = None  # for a maybe or a later
    theirs: list[Pledge] = field(default_factory=list)
    mine: list[Pledge] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    next_step: str | None = None
    next_on: date | None = None
    note: str | None = None


def build(fields: drafts.Fields, ctx: Context, *, today: date, now: datetime) -> Reflection:
    """Check every field and resolve every date, before anything is written."""

    def one(name: str) -> str | None:
        values = fields.get(name) or []
        return values[0] if values else None

    held_on = ctx.default_day if one("at") is None else read_day(one("at"), now, "day you met")
    refuse_future(held_on, today)
    r = Reflection(person_id=ctx.person.id, held_on=held_on)
    r.minutes = None if one("minutes") is None else read_number(one("minutes"), "minutes", 1, 600)
    r.listened_pct = None if one("listened") is None else read_number(one("listened"), "listening share", 0, 100)
    r.place = None if one("place") is None else clean(one("place"), "place", limit=NAME_LIMIT)
    for kind in drafts.INSIGHT_KINDS:
        r.insights += [(kind, read_text(text, kind)) for text in fields.get(kind) or []]
    answer = None if one("answer") is None else read_answer(one("answer"))
    if answer and one("ask") is None:
        raise BadInput(f"The answer '{answer}' has no ask: say what you asked too (--ask TEXT, or an ask: line).")
    if one("ask") is not None:
        r.ask, r.answer = read_text(one("ask"), "ask"), answer
        if answer == "yes":
            r.ask, r.committed_on = split_due(one("ask"), now, "ask", after=held_on, for_yes=True)
    if one("revisit") is not None and answer not in ("maybe", "later"):
        raise BadInput("A revisit date is for an answer of maybe or later; give that answer with it.")
    if answer in ("maybe", "later"):
        default = held_on + timedelta(days=ctx.revisit_days)
        r.revisit_on = default if one("revisit") is None else read_day(one("revisit"), now, "revisit date")
        refuse_before(r.revisit_on, held_on, "revisit date")
    r.theirs = [Pledge(*split_due(text, now, "commitment", after=held_on)) for text in fields.get("they-promise") or []]
    r.mine = [Pledge(*split_due(text, now, "promise", after=held_on)) for text in fields.get("i-promise") or []]
    for name in fields.get("referral") or []:
        name = read_referral(name, ctx.person)
        if all(key(name) != key(known) for known in r.referrals):
            r.referrals.append(name)
    r.next_step = None if one("next-step") is None else read_text(one("next-step"), "next step")
    if one("next") is not None:
        r.next_on = read_day(one("next"), now, "date of the next step")
        refuse_before(r.next_on, held_on, "next step")
    r.note = None if one("note") is None else read_text(one("note"), "note")
    return r


def read_text(text: str, what: str) -> str:
    return clean(text, what, limit=_LIMITS.get(what, SHORT_LIMIT))


def read_day(text: str, now: datetime, what: str) -> date:
    """A day; a time of day may be given and is not needed (a reflection records days)."""
    try:
        value = dates.parse(text, now)
    except BadInput as problem:
        raise BadInput(f"The {what}: {problem.message}") from None
    return value.date() if isinstance(value, datetime) else value


def read_number(text: str, what: str, low: int, high: int) -> int:
    """A whole number, with an optional unit ('45', '45 min', '70%')."""
    bare = re.sub(r"\s*(%|percent|min|mins|minutes|m)\s*$", "", text.strip().lower())
    if not (bare.isascii() and bare.isdigit()) or len(bare) > 6 or not low <= int(bare) <= high:
        shown = text.strip() if len(text.strip()) <= 20 else text.strip()[:17] + "..."
        raise BadInput(f"The {what} must be a whole number from {low} to {high}; got '{shown}'.")
    return int(bare)


def read_answer(text: str) -> str:
    typed = text.strip().lower()
    found = [a for a in drafts.ANSWERS if typed and a.startswith(typed)]
    if len(found) != 1:
        raise BadInput(f"The answer is yes, no, maybe or later; got '{text.strip()}'.")
    return found[0]


def read_referral(name: str, person: PersonRef) -> str:
    name = clean(name, "referral name", limit=NAME_LIMIT)
    if key(name) == key(person.name):
        raise BadInput(f"{person.name} cannot be their own referral; give the names of people they suggested.")
    return name


def split_due(text: str, now: datetime, what: str, *, after: date, for_yes: bool = False) -> tuple[str, date]:
    """'Bring the lease by fri' -> ('Bring the lease', Friday): split at the last ' by ' whose
    remainder is a date, so 'Drop by the office by fri' keeps its first 'by'."""
    for found in reversed(list(_BY.finditer(text))):
        try:
            due = read_day(text[found.end():], now, what)
        except BadInput:
            continue
        body = read_text(text[: found.start()], what)
        refuse_before(due, after, f"date of the {what}")
        return body, due
    if for_yes:
        raise BadInput(
            "A yes needs the date they committed to: write the ask as TEXT by WHEN, "
            "like --ask \"Host a house meeting by sat\" (in a file: ask: Host a house meeting by sat)."
        )
    raise BadInput(f"Give the {what} as TEXT by WHEN, like 'Send the flyer by fri'; got '{text.strip()}'.")


def refuse_future(day: date, today: date) -> None:
    if day > today:
        raise BadInput(
            f"You can reflect only on a one-to-one already held; {dates.show_day(day)} is ahead. "
            f"For a day gone by, type 'last {day.strftime('%a').lower()}' or a date like {today.isoformat()}."
        )


def refuse_before(day: date, held_on: date, what: str) -> None:
    if day < held_on:
        raise BadInput(f"The {what} ({dates.show_day(day)}) is before the one-to-one ({dates.show_day(held_on)}).")


# -- Writing it --------------------------------------------------------------------------------


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
    commitment: tuple[int, date] | None = None  # promise id, due
    revisit: tuple[int, date] | None = None  # follow-up id, due
    promises: list[tuple[int, str, str, date]] = field(default_factory=list)  # id, direction, text, due
    referrals: list[tuple[str, bool, tuple[int, date] | None]] = field(default_factory=list)  # name, new, follow-up
    next_step: str | None = None
    next: tuple[int, date] | None = None
    thank: tuple[int, date] | None = None
    stage: tuple[str, str] = ("", "")
    notes: list[str] = field(default_factory=list)  # coaching: see `coaching`


def record(journal: Journal, r: Reflection, *, today: date, now: datetime) -> Saved:
    """Write one reflection in the caller's (single, short) write transaction."""
    from onetoone.domain import followups, people, settings
    from onetoone.store.models import Ask, Insight, Meeting, Person, Promise

    session = journal.session
    person = people.get(journal, r.person_id)
    known_before = journal.value("SELECT count(*) FROM insight WHERE person_id = ?", (person.id,))
    planned = planned_for(journal, person.id, r.held_on)
    meeting = session.get(Meeting, planned.id) if planned else Meeting(person_id=person.id, created_at=now)
    meeting.status, meeting.held_on = "held", r.held_on
    meeting.minutes, meeting.listened_pct, meeting.note, meeting.next_step = r.minutes, r.listened_pct, r.note, r.next_step
    meeting.place = r.place or meeting.place
    session.add(meeting)
    journal.flush()
    if planned:
        followups.close_for_meeting(journal, meeting.id, ("confirm", "reflect"), today=today)
    counts: dict[str, int] = {}
    for kind, text in r.insights:
        session.add(Insight(person_id=person.id, meeting_id=meeting.id, kind=kind, text=text, created_on=r.held_on))
        counts[kind] = counts.get(kind, 0) + 1
    saved = Saved(person.name, person.id, meeting.id, planned is not None, r.held_on, r.minutes, r.listened_pct, counts)

    def promise(direction: str, text: str, due: date) -> int:
        row = Promise(person_id=person.id, meeting_id=meeting.id, direction=direction, text=text, due=due,
                      first_due=due, status="open", created_on=r.held_on)
        session.add(row)
        journal.flush()
        return row.id

    if r.ask is not None:
        ask = Ask(person_id=person.id, meeting_id=meeting.id, text=r.ask, answer=r.answer, asked_on=r.held_on, revisit_on=r.revisit_on)
        session.add(ask)
        journal.flush()
        saved.ask, saved.answer = r.ask, r.answer
        if r.answer == "yes":
            if r.committed_on is None:
                raise BadInput("A yes needs the date they committed to.")
            ask.promise_id = promise("theirs", r.ask, r.committed_on)
            saved.commitment = (ask.promise_id, r.committed_on)
        if r.revisit_on is not None:
            number = followups.schedule(journal, person_id=person.id, kind="revisit", due=r.revisit_on, today=today,
                                        ask_id=ask.id)
            saved.revisit = (number, r.revisit_on)
    for direction, pledges in (("theirs", r.theirs), ("mine", r.mine)):
        saved.promises += [(promise(direction, p.text, p.due), direction, p.text, p.due) for p in pledges]
    for name in r.referrals:
        saved.referrals.append(_referral(journal, person, name, held_on=r.held_on, today=today))
    saved.next_step = r.next_step
    if r.next_on is not None:
        saved.next = (followups.schedule(journal, person_id=person.id, kind="next-step", due=r.next_on, words=r.next_step, today=today,
                                        meeting_id=meeting.id), r.next_on)
    if not person.do_not_contact:
        due = r.held_on + timedelta(days=settings.get_int(journal, "thank_days"))
        number = followups.schedule(journal, person_id=person.id, kind="thank", due=due, today=today,
                                    meeting_id=meeting.id)
        saved.thank = (number, due)
    row = session.get(Person, person.id)
    stage = "met" if row.stage == "prospect" else row.stage
    if r.answer == "yes" and stage == "met":
        stage = "committed"
    saved.stage = (row.stage, stage)
    row.stage = stage
    session.add(row)
    people.touch(journal, person.id, r.held_on)
    saved.notes = coaching(r, known_before=known_before, do_not_contact=person.do_not_contact)
    return saved


def _referral(journal: Journal, person: PersonRef, name: str, *, held_on: date, today: date):
    """Link a referral to the person of exactly that name or alias, or add them as a prospect."""
    from onetoone.domain import directory, followups, people, settings
    from onetoone.store.models import Person

    found = directory.find_by_key(journal, name)
    if found == person.id:
        raise BadInput(f"{person.name} cannot be their own referral; give the names of people they suggested.")
    if found is not None:
        other = journal.session.get(Person, found)
        if other.referred_by_id is None:
            other.referred_by_id = person.id
            journal.session.add(other)
        return other.name, False, None
    added = people.add(journal, people.PersonFields(name=name), today=today)
    journal.session.get(Person, added.id).referred_by_id = person.id
    due = held_on + timedelta(days=settings.get_int(journal, "referral_days"))
    number = followups.schedule(journal, person_id=added.id, kind="contact-referral", due=due, today=today)
    return added.name, True, (number, due)


def coaching(r: Reflection, *, known_before: int, do_not_contact: bool = False) -> list[str]:
    """Self-coaching notes, as codes (render/reflect.py words them): no ask made, listening
    under two thirds, no next step (unless they asked not to be contacted), an ask made before
    anything was known about them."""
    notes = []
    if r.ask is None:
        notes.append("no-ask")
    if r.listened_pct is not None and r.listened_pct * 3 < 200:
        notes.append("listening")
    if r.next_step is None and r.next_on is None and not do_not_contact:
        notes.append("no-next-step")
    if r.ask is not None and not known_before and not r.insights:
        notes.append("ask-before-knowing")
    return notes


# -- The guided prompts ------------------------------------------------------------------------

STEPS = ("at", "minutes", "listened", *drafts.INSIGHT_KINDS, "ask", "answer", "revisit",
         "they-promise", "i-promise", "referral", "next-step", "note")


def interview(
    draft: drafts.Draft,
    *,
    ctx: Context | None,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    keep: Callable[[drafts.Draft], None],
    lookup: Callable[[str], Context],
    today: date,
    now: datetime,
) -> Context:
    """Ask for a reflection, one short question at a time, keeping every answer in `draft`.

    `ask` shows a question and returns the line typed (EOFError on Ctrl-D), `say` shows a line,
    `keep` saves the draft (called after every answer), `lookup` finds a person in a short read.
    Enter skips a question; a date or answer that cannot be read is asked again. Steps already
    in `draft.done` are not asked again, so a resumed draft continues where it stopped and ends
    with the same fields as an uninterrupted run. Returns the context of who it is about.
    """
    return _Interview(draft, ctx, ask, say, keep, lookup, today, now).run()


class _Interview:
    def __init__(self, draft, ctx, ask, say, keep, lookup, today, now) -> None:
        self.draft, self.ctx = draft, ctx
        self.typed, self.say, self.keep, self.lookup = ask, say, keep, lookup
        self.today, self.now = today, now
        self.fields = draft.fields
        self.told_insights = False

    def run(self) -> Context:
        if self.ctx is None:
            self.who()
        for line in about(self.ctx):
            self.say(line)
        self.say("Press Enter to skip a question. Ctrl-C keeps a draft.")
        for step in STEPS:
            if step in self.draft.done:
                continue
            if step in drafts.INSIGHT_KINDS:
                self.insights(step)
            else:
                getattr(self, step.replace("-", "_"))()
            self.draft.done.append(step)
            self.keep(self.draft)
        return self.ctx

    # Each question: ask until the answer reads (or is skipped), keep it, print dates back.

    def question(self, prompt: str, read: Callable[[str], object], *, default=None):
        while True:
            typed = self.typed(prompt).strip()
            if not typed:
                return default
            try:
                return read(typed)
            except OtoError as problem:
                self.say(problem.message)

    def put(self, name: str, value: str) -> None:
        self.fields[name] = [value]
        self.keep(self.draft)

    def held_on(self) -> date:
        return date.fromisoformat(self.fields["at"][0]) if self.fields.get("at") else self.ctx.default_day

    def day(self, prompt: str, what: str, *, default: date | None = None, after: date | None = None, drop: str | None = None):
        """A day, printed back once read; `drop` is a word that answers "none after all"."""

        def read(typed: str):
            if typed == drop:
                return drop
            day = read_day(typed, self.now, what)
            if after is not None:
                refuse_before(day, after, what)
            return day

        found = self.question(prompt, read, default=default)
        if isinstance(found, date):
            self.say(f"  = {dates.show_day(found)} ({dates.relative(found, self.today)})")
        return found

    def who(self) -> None:
        while self.ctx is None:
            typed = self.typed("Who did you meet? ").strip()
            if not typed:
                self.say("Type their name, an alias or the start of the name.")
                continue
            try:
                self.ctx = self.lookup(typed)
            except OtoError as problem:
                self.say(problem.message)
        self.draft.person_id, self.draft.person_name = self.ctx.person.id, self.ctx.person.name
        self.keep(self.draft)

    def at(self) -> None:
        def read(typed: str) -> date:
            day = read_day(typed, self.now, "day you met")
            refuse_future(day, self.today)
            return day

        default = self.ctx.default_day
        day = self.question(f"When did you meet? [{dates.show_day(default)}] ", read, default=default)
        self.say(f"  = {dates.show_day(day)} ({dates.relative(day, self.today)})")
        self.put("at", day.isoformat())

    def minutes(self) -> None:
        found = self.question("How many minutes? ", lambda t: read_number(t, "minutes", 1, 600))
        if found is not None:
            self.put("minutes", str(found))

    def listened(self) -> None:
        found = self.question("What share of the time did you listen, in %? ", lambda t: read_number(t, "listening share", 0, 100))
        if found is not None:
            self.put("listened", str(found))

    def insights(self, kind: str) -> None:
        if not self.told_insights:
            self.say("What did you learn? One a line; an empty line moves on.")
            self.told_insights = True
        while True:
            text = self.question(f"{INSIGHT_LABELS[kind]}: ", lambda t: read_text(t, kind))
            if text is None:
                return
            self.fields.setdefault(kind, []).append(text)
            self.keep(self.draft)

    def ask(self) -> None:
        text = self.question("What did you ask of them? (Enter if no ask) ", lambda t: read_text(t, "ask"))
        if text is not None:
            self.put("ask", text)

    def answer(self) -> None:
        if not self.fields.get("ask"):
            return
        while True:
            answer = (self.fields.get("answer") or [None])[0]
            if answer is None:
                answer = self.question("Their answer: yes, no, maybe or later? (Enter if none yet) ", read_answer)
                if answer is None:
                    return
                self.put("answer", answer)
            if answer != "yes":
                return
            due = self.day("What date did they commit to? ", "date they committed to", after=self.held_on())
            if due is not None:
                self.put("ask", f"{self.fields['ask'][0]} by {due.isoformat()}")
                return
            self.say("A yes is kept with the date they committed to. Give the answer again: yes with a date, or maybe or later.")
            del self.fields["answer"]
            self.keep(self.draft)

    def revisit(self) -> None:
        if (self.fields.get("answer") or [None])[0] not in ("maybe", "later"):
            return
        default = self.held_on() + timedelta(days=self.ctx.revisit_days)
        day = self.day(f"When to revisit it? [{dates.show_day(default)}] ", "revisit date", default=default, after=self.held_on())
        self.put("revisit", day.isoformat())

    def pledges(self, name: str, prompt: str, what: str) -> None:
        while True:
            text = self.draft.pending.get(name)
            if text is None:
                text = self.question(prompt, lambda t: read_text(t, what))
                if text is None:
                    return
                self.draft.pending[name] = text
                self.keep(self.draft)
            due = self.day("  By when? ", f"date of the {what}", after=self.held_on(), drop="-")
            if due is None:
                self.say(f"A {what} needs a date, like fri or +1w; or type - to drop it.")
                continue
            if due != "-":
                self.fields.setdefault(name, []).append(f"{text} by {due.isoformat()}")
            del self.draft.pending[name]
            self.keep(self.draft)

    def they_promise(self) -> None:
        self.pledges("they-promise", "What did they commit to? (Enter to move on) ", "commitment")

    def i_promise(self) -> None:
        self.pledges("i-promise", "What did you promise? (Enter to move on) ", "promise")

    def referral(self) -> None:
        while True:
            name = self.question("Who did they suggest you meet? (Enter to move on) ", lambda t: read_referral(t, self.ctx.person))
            if name is None:
                return
            self.fields.setdefault("referral", []).append(name)
            self.keep(self.draft)

    def next_step(self) -> None:
        text = self.draft.pending.get("next-step")
        if text is None:
            text = self.question("The next step? ", lambda t: read_text(t, "next step"))
            if text is None:
                return
            self.draft.pending["next-step"] = text
            self.keep(self.draft)
        day = self.day("  When? (Enter for no date) ", "date of the next step", after=self.held_on())
        self.fields["next-step"] = [text]
        if day is not None:
            self.fields["next"] = [day.isoformat()]
        del self.draft.pending["next-step"]
        self.keep(self.draft)

    def note(self) -> None:
        text = self.question("Anything else to note? ", lambda t: read_text(t, "note"))
        if text is not None:
            self.put("note", text)
