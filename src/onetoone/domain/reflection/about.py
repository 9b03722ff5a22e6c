"""Who a reflection is about, and the planned one-to-one it writes up, found in one short read
before anything is asked (no transaction is held while the organizer types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone import dates
from onetoone.domain import meetings
from onetoone.domain.people import PersonRef
from onetoone.store.journal import Journal


@dataclass(frozen=True)
class Context:
    """What a reflection needs to know before asking anything: who, and their planned meeting."""

    person: PersonRef
    planned: meetings.Planned | None
    default_day: date  # the planned meeting's day (if not ahead), else today
    revisit_days: int
    date_order: str | None = None  # the organizer's order for day/month numbers, if set


def prepare(journal: Journal, typed: str, *, today: date, date_order: str | None = None) -> Context:
    from onetoone.domain import people

    return context(journal, people.resolve(journal, typed).id, today=today, date_order=date_order)


def context(journal: Journal, person_id: int, *, today: date, date_order: str | None = None) -> Context:
    """`date_order`: the locale's order, used when the organizer set none (`oto config date-order`)."""
    from onetoone.domain import people, settings

    person = people.get(journal, person_id)
    planned = meetings.planned_on(journal, person_id, today)
    default_day = min(planned.at.date(), today) if planned else today
    return Context(
        person, planned, default_day, settings.get_int(journal, "revisit_days"),
        settings.date_order(journal) or date_order,
    )


def about(ctx: Context) -> list[str]:
    """A few lines recalling the planned meeting, for the prompts and the template."""
    lines = [f"Your one-to-one with {ctx.person.name}."]
    if ctx.planned:
        place = f" at {ctx.planned.place}" if ctx.planned.place else ""
        lines[0] = f"Your one-to-one with {ctx.person.name}, planned {dates.show_moment(ctx.planned.at)}{place}."
        if ctx.planned.asks:
            lines.append("Asks you planned: " + "; ".join(ctx.planned.asks) + ".")
    return lines


def who(journal: Journal, name: str | None, fields: dict, *, today: date, strict: bool, date_order: str | None = None) -> Context:
    """The person a reflection is about: the `name:` field or the NAME argument. From stdin
    both must agree (`strict`); in the editor the field wins (the organizer may have corrected it)."""
    from onetoone.domain import people
    from onetoone.errors import BadInput

    written = (fields.get("name") or [None])[0]
    if written and name and strict and people.resolve(journal, written).id != people.resolve(journal, name).id:
        raise BadInput(f"The reflection names '{written}' but the command names '{name}'; give one of them.")
    chosen = written or name
    if not chosen:
        raise BadInput("Who was the one-to-one with? Give the name: `oto reflect NAME ...` (or a `name:` line).")
    return prepare(journal, chosen, today=today, date_order=date_order)
