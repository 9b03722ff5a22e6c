"""Checking what was given for a reflection: each field's text read the way its row in `fields`
says, every date resolved, into one `Reflection` that `record` writes as it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone import dates
from onetoone.domain.people import PersonRef
from onetoone.domain.reflection.about import Context
from onetoone.domain.reflection.fields import ANSWERS, BY_KEY, INSIGHTS, Field, Fields, Pledge, Value
from onetoone.domain.text import SHORT_LIMIT, clean, key
from onetoone.errors import BadInput

_BY = re.compile(r"\s+by\s+", re.IGNORECASE)
REPEAT_LIMIT = 100  # values of one repeated field (self-interests, promises, referrals...) in one reflection


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


def build(fields: Fields, ctx: Context, *, today: date, now: datetime) -> Reflection:
    """Check every field and resolve every date, before anything is written."""
    order = ctx.date_order

    def one(name: str):
        """The field's one value read, or None when it was not given."""
        values = fields.get(name) or []
        return None if not values else values[0] if isinstance(values[0], Pledge) else read(BY_KEY[name], values[0], now, order=order)

    for name, values in fields.items():
        if len(values) > REPEAT_LIMIT:
            raise BadInput(
                f"The reflection has {len(values):,} {BY_KEY[name].what} values; the limit is {REPEAT_LIMIT} "
                "for one one-to-one. Keep the ones that matter."
            )
    held_on = one("at") or ctx.default_day
    refuse_future(held_on, today)
    r = Reflection(person_id=ctx.person.id, held_on=held_on)
    r.minutes, r.listened_pct, r.place = one("minutes"), one("listened"), one("place")
    for f in INSIGHTS:
        r.insights += [(f.key, read(f, text, now, order=order)) for text in fields.get(f.key) or []]
    answer = one("answer")
    asked = one("ask")  # text, or the pledge of a yes the interview already dated
    if answer and asked is None:
        raise BadInput(f"The answer '{answer}' has no ask: say what you asked too (--ask TEXT, or an ask: line).")
    if asked is not None:
        r.ask, r.answer = asked.text if isinstance(asked, Pledge) else asked, answer
        if answer == "yes":  # their commitment, with its date if one was given (else one is to be agreed)
            r.ask, r.committed_on = commitment(fields["ask"][0], now, after=held_on, order=order)
    if fields.get("revisit") and answer not in ("maybe", "later"):
        raise BadInput("A revisit date is for an answer of maybe or later; give that answer with it.")
    if answer in ("maybe", "later"):
        r.revisit_on = one("revisit") or held_on + timedelta(days=ctx.revisit_days)
        refuse_before(r.revisit_on, held_on, "revisit date")
    r.theirs = [pledge(BY_KEY["they-promise"], value, now, after=held_on, order=order) for value in fields.get("they-promise") or []]
    r.mine = [pledge(BY_KEY["i-promise"], value, now, after=held_on, order=order) for value in fields.get("i-promise") or []]
    for name in fields.get("referral") or []:
        name = read_referral(name, ctx.person)
        if all(key(name) != key(known) for known in r.referrals):
            r.referrals.append(name)
    r.next_step, r.next_on = one("next-step"), one("next")
    if r.next_on is not None:
        refuse_before(r.next_on, held_on, "next step")
    r.note = one("note")
    return r


# -- Reading one field's text ------------------------------------------------------------------


def read(f: Field, text: str, now: datetime, *, order: str | None = None):
    """One field's typed text, read as its row says (a pledge is read by `pledge`); the day you
    met is a day gone by, so `15 Dec` or `fri` there mean the last one."""
    if f.reads == "day":
        return read_day(text, now, f.what, past=f.key == "at", order=order)
    if f.reads == "number":
        return read_number(text, f.what, f.low, f.high)
    if f.reads == "answer":
        return read_answer(text)
    return clean(text, f.what, limit=f.limit)


def read_day(text: str, now: datetime, what: str, *, past: bool = False, order: str | None = None) -> date:
    """A day; a time of day may be given and is not needed (a reflection records days).
    `past` and `order` as `dates.parse` takes them."""
    try:
        value = dates.parse(text, now, past=past, order=order)
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
    found = [a for a in ANSWERS if typed and a.startswith(typed)]
    if len(found) != 1:
        raise BadInput(f"The answer is yes, no, maybe or later; got '{text.strip()}'.")
    return found[0]


def read_referral(name: str, person: PersonRef) -> str:
    name = clean(name, BY_KEY["referral"].what, limit=BY_KEY["referral"].limit)
    if key(name) == key(person.name):
        raise BadInput(f"{person.name} cannot be their own referral; give the names of people they suggested.")
    return name


def pledge(f: Field, value: Value, now: datetime, *, after: date, order: str | None = None) -> Pledge:
    """A pledge checked: one a question read already, or typed text split as `split_due` does."""
    if isinstance(value, Pledge):
        refuse_before(value.due, after, f"date of the {f.what}")
        return Pledge(clean(value.text, f.what, limit=f.limit), value.due)
    return split_due(value, now, f.what, after=after, limit=f.limit, order=order)


def commitment(value: Value, now: datetime, *, after: date, order: str | None = None) -> tuple[str, date | None]:
    """The ask of a yes and the date they committed to; a yes given without a date is kept
    with None (a date is then to be agreed), never refused."""
    f = BY_KEY["ask"]
    if isinstance(value, Pledge):
        found = pledge(f, value, now, after=after)
        return found.text, found.due
    found = _dated(value, now, f.what, after=after, limit=f.limit, order=order)
    return (found.text, found.due) if found else (clean(value, f.what, limit=f.limit), None)


_DATE_AT_MOST = 80  # characters after ' by ' worth reading as a date ('next tue at 6pm')


def split_due(
    text: str, now: datetime, what: str, *, after: date, limit: int = SHORT_LIMIT, order: str | None = None
) -> Pledge:
    """'Bring the lease by fri' -> ('Bring the lease', Friday): split at the last ' by ' whose
    remainder is a date, so 'Drop by the office by fri' keeps its first 'by'."""
    found = _dated(text, now, what, after=after, limit=limit, order=order)
    if found is None:
        shown = text.strip() if len(text.strip()) <= 60 else text.strip()[:57] + "..."
        raise BadInput(f"Give the {what} as TEXT by WHEN, like 'Send the flyer by fri'; got '{shown}'.")
    return found


def _dated(text: str, now: datetime, what: str, *, after: date, limit: int, order: str | None = None) -> Pledge | None:
    """The text split at its last ' by ' followed by a date, or None when no date follows one.
    Text too long for the field is refused first, and only a short remainder is read as a date,
    so the search stays cheap however long the text. When no remainder is a date but the last
    one looks like one ('by fridya', 'by 12/5'), the date is named as the problem."""
    clean(text, what, limit=limit + 100)  # the text, ' by ' and a date
    splits = list(_BY.finditer(text))
    for found in reversed(splits):
        if len(text) - found.end() > _DATE_AT_MOST:
            break
        try:
            due = dates.parse(text[found.end():], now, order=order)
        except BadInput:
            continue
        body = clean(text[: found.start()], what, limit=limit)
        due = due.date() if isinstance(due, datetime) else due
        refuse_before(due, after, f"date of the {what}")
        return Pledge(body, due)
    when = text[splits[-1].end():] if splits else ""
    if when and len(when) <= _DATE_AT_MOST and dates.looks_like_date(when):
        try:
            dates.parse(when, now, order=order)
        except dates.DateProblem as problem:
            raise BadInput(f"The {what}: {_date_in(when, text, problem, now.date())}") from None
    return None


def _date_in(when: str, text: str, problem, today: date) -> str:
    """"Cannot read the date 'fridya' in 'Send flyer by fridya' — did you mean 'friday'?"."""
    reason = problem.reason or "try " + ", ".join(f"'{e}'" for e in dates.examples(today))
    shown = text.strip() if len(text.strip()) <= 60 else text.strip()[:57] + "..."
    end = "" if reason.endswith(("?", ".")) else "."
    return f"Cannot read the date '{when.strip()}' in '{shown}' — {reason}{end}"


def refuse_future(day: date, today: date) -> None:
    if day > today:
        raise BadInput(
            f"You can reflect only on a one-to-one already held; {dates.show_day(day)} is ahead. "
            f"For a day gone by, type 'last {day.strftime('%a').lower()}' or a date like {today.isoformat()}."
        )


def refuse_before(day: date, held_on: date, what: str) -> None:
    if day < held_on:
        raise BadInput(f"The {what} ({dates.show_day(day)}) is before the one-to-one ({dates.show_day(held_on)}).")
