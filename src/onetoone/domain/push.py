"""One organizer's own SQLite journal copied into the team journal as theirs (`oto team push`).

People are matched with the team's by `oto import contacts`' own matching (domain/intake.py:
name key, email, phone) and merged; every other row is added once, as the pushing organizer's,
with its references pointing at the team's rows. A dry run does the whole push and rolls it back,
so its report is exactly what a push would do. Team questions in general are domain/team.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from onetoone.errors import OtoError
from onetoone.store.journal import Journal

# Tables a push does not copy: the journal's own machinery, and the organizer's settings (a team
# journal keeps each organizer's settings apart; their own journal keeps them).
_NOT_PUSHED = frozenset({"migration", "undo_step", "undo_log", "setting"})


class NoJournalToPush(OtoError):
    """`oto team push --from PATH` names no journal."""


@dataclass
class Snapshot:
    """Every row an organizer's own journal holds, as read (dates as dates), by table."""

    source: str
    tables: dict[str, list[dict[str, Any]]]


def snapshot(journal: Journal, *, source: str) -> Snapshot:
    """Read every table a push copies from the organizer's own (SQLite) journal."""
    tables = {}
    for table in _pushed_tables():
        columns = ", ".join(column.name for column in table.columns)
        tables[table.name] = [dict(row) for row in journal.rows(f"SELECT {columns} FROM {table.name} ORDER BY 1")]
    return Snapshot(source, tables)


@dataclass(frozen=True)
class Matched:
    name: str  # as in the organizer's journal
    team_name: str  # the person it is in the team journal
    by: str  # "name" or "reach" (an email or phone number they share)
    merged: tuple[str, ...] = ()  # what it brought to the team's person (contact, institution, role)


@dataclass
class Pushed:
    """What a push did (or, for a dry run, would do)."""

    source: str
    added_people: list[str] = field(default_factory=list)
    matched: list[Matched] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)  # table -> rows added
    present: dict[str, int] = field(default_factory=dict)  # table -> rows the team journal already had from this push

    @property
    def anything(self) -> bool:
        return bool(self.added_people or any(self.added.values()) or any(m.merged for m in self.matched))


class DryRun(Exception):
    """Raised inside the team journal's transaction to roll a dry run back; carries its report."""

    def __init__(self, pushed: Pushed) -> None:
        super().__init__("dry run")
        self.pushed = pushed


def push(journal: Journal, snap: Snapshot, *, today: date, dry_run: bool = False) -> Pushed:
    """Copy the organizer's own journal into the team journal, as their rows, in the caller's one
    write transaction.

    People are matched with the team's people as `oto import contacts` matches a contact (the
    same name or alias by its loose key, or an email or phone number in someone's contact:
    `intake.plan_contacts`) and merged into them (a phone, email, institution or role the team's
    person lacks); the others are added as they are. Every other row (meetings, insights,
    promises, asks, stage moves, follow-ups, events, stories...) is added with its references
    pointing at the team's rows, unless the team journal already holds the very same row from an
    earlier push (then it is counted as present): pushing twice adds nothing. A dry run does all
    of it and then raises DryRun, so the caller's transaction rolls it all back."""
    report = Pushed(snap.source)
    ids: dict[str, dict[Any, Any]] = {}
    ids["institution"] = _institutions(journal, snap, report)
    ids["person"] = _people(journal, snap, report, institutions=ids["institution"], today=today)
    for table in _pushed_tables():
        if table.name in ("person", "institution"):
            continue
        ids[table.name] = _copy(journal, table, snap.tables.get(table.name, []), ids, report)
    if dry_run:
        raise DryRun(report)
    return report


def _pushed_tables() -> list:
    """The models' tables a push copies, in an order where every reference comes first."""
    from sqlmodel import SQLModel

    from onetoone.store import models  # noqa: F401  (registers the tables)

    return [t for t in SQLModel.metadata.sorted_tables if t.name not in _NOT_PUSHED]


def _institutions(journal: Journal, snap: Snapshot, report: Pushed) -> dict[int, int]:
    """Each institution of the organizer's, by its loose name key, is the team's one of that key
    or a new one."""
    from onetoone.store.models import Institution

    known = {r["name_key"]: r["id"] for r in journal.rows("SELECT id, name_key FROM institution")}
    mapped = {}
    for row in snap.tables.get("institution", []):
        if row["name_key"] in known:
            mapped[row["id"]] = known[row["name_key"]]
            _count(report.present, "institution")
            continue
        values = {k: v for k, v in row.items() if k != "id"}
        mapped[row["id"]] = known[row["name_key"]] = journal.add(Institution(**values)).id
        _count(report.added, "institution")
    return mapped


def _people(journal: Journal, snap: Snapshot, report: Pushed, *, institutions: dict[int, int], today: date) -> dict[int, int]:
    """The organizer's people matched with the team's (merged into them) or added, by id."""
    from onetoone.domain import intake
    from onetoone.store.models import Person

    people = snap.tables.get("person", [])
    aliases: dict[int, list[str]] = {}
    for row in snap.tables.get("person_key", []):
        if row["kind"] == "alias":
            aliases.setdefault(row["person_id"], []).append(row["text"])
    institution_names = {r["id"]: r["name"] for r in snap.tables.get("institution", [])}
    contacts = [
        intake.Contact(
            row=n, name=p["name"], aliases=aliases.get(p["id"], []), phones=_pieces(p["contact"]),
            institution=institution_names.get(p["institution_id"], ""), role=p["role"] or "",
        )
        for n, p in enumerate(people)
    ]
    steps = intake.plan_contacts(journal, contacts, tags=[])
    ambiguous = [s for s in steps if s.action == intake.SKIP and s.why == "ambiguous"]
    if ambiguous:
        s = ambiguous[0]
        raise OtoError(
            f"{s.name} could be more than one person in the team journal ({s.detail}), so nothing was pushed. "
            "Tell them apart first (give one a fuller name with `oto edit`), then push again."
        )
    mapped: dict[int, int] = {}
    for step, row in zip(steps, people):
        if step.action == intake.ADD:
            values = {k: v for k, v in row.items() if k not in ("id", "referred_by_id")}
            values["institution_id"] = institutions.get(row["institution_id"])
            mapped[row["id"]] = journal.add(Person(**values)).id
            report.added_people.append(row["name"])
        elif step.action == intake.SKIP and step.why not in ("duplicate", "unchanged", "unchanged-reach"):
            raise OtoError(f"{row['name']} (p{row['id']}) could not be pushed ({step.why}); nothing was pushed.")
        elif step.why == "duplicate":  # a namesake earlier in their own journal: the same person here
            mapped[row["id"]] = mapped[people[int(step.detail)]["id"]]
        else:  # merged, or matched with nothing new to bring
            mapped[row["id"]] = step.person_id
            brought = step.changes + _caught_up(journal, step.person_id, row)
            report.matched.append(Matched(row["name"], step.detail, "name" if step.why in ("name", "unchanged") else "reach", brought))
    intake.apply_contacts(journal, [s for s in steps if s.action == intake.MERGE], today=today)
    for row in people:  # who referred whom, once everyone has their id here
        if row["referred_by_id"] is not None and row["name"] in report.added_people:
            person = journal.get(Person, mapped[row["id"]])
            if person.referred_by_id is None:
                person.referred_by_id = mapped.get(row["referred_by_id"])
                journal.add(person)
    return mapped


def _caught_up(journal: Journal, person_id: int, row: dict[str, Any]) -> tuple[str, ...]:
    """The team's person brought up to what the organizer's journal knows of them: further up
    the ladder, or in touch more recently (their stage moves and meetings are pushed as rows;
    this is the person's own record of them), with their next reconnect worked out again."""
    from onetoone.domain import people
    from onetoone.store.models import Person
    from onetoone.vocabulary import STAGES

    person = journal.get(Person, person_id)
    brought = []
    if row["stage"] in STAGES and person.stage in STAGES and STAGES.index(row["stage"]) > STAGES.index(person.stage):
        person.stage = row["stage"]
        brought.append("stage")
    if row["last_contact_on"] is not None and (person.last_contact_on is None or row["last_contact_on"] > person.last_contact_on):
        person.last_contact_on = row["last_contact_on"]
        brought.append("last contact")
    if brought:
        journal.add(person)
        people.refresh_reconnect(journal, person_id)
    return tuple(brought)


def _pieces(contact: str | None) -> list[str]:
    """A person's contact text in its pieces (emails and phone numbers), as a contact file lists them."""
    return [piece.strip() for piece in re.split(r"[,;]", contact or "") if piece.strip()]


def _copy(journal: Journal, table, rows: list[dict[str, Any]], ids: dict[str, dict], report: Pushed) -> dict:
    """Add `rows` of one table with their references pointing at the team's rows, unless the same
    row is already there; the team's id of each row, by the organizer's id."""
    model = _model(table.name)
    keyed = [c.name for c in table.primary_key.columns]
    own_id = keyed == ["id"]
    references = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
    columns = [c.name for c in table.columns if not (own_id and c.name == "id")]
    listed = ", ".join(columns)
    there = {
        _signature(r, columns): (r["id"] if own_id else True)
        for r in journal.rows(f"SELECT {listed}{', id' if own_id else ''} FROM {table.name}")
    }
    mapped = {}
    for row in rows:
        values = {c: row[c] for c in columns}
        for column, target in references.items():
            if values[column] is not None:
                values[column] = ids.get(target, {}).get(values[column])
        signature = _signature(values, columns)
        if signature in there:
            if own_id:
                mapped[row["id"]] = there[signature]
            _count(report.present, table.name)
            continue
        added = journal.add(model(**values))
        there[signature] = added.id if own_id else True
        if own_id:
            mapped[row["id"]] = added.id
        _count(report.added, table.name)
    return mapped


def _signature(row, columns: list[str]) -> tuple:
    return tuple(row[c] for c in columns)


def _model(name: str) -> type:
    from sqlmodel import SQLModel

    from onetoone.store import models  # noqa: F401

    for mapper in SQLModel._sa_registry.mappers:
        if mapper.local_table.name == name:
            return mapper.class_
    raise LookupError(name)


def _count(counts: dict[str, int], table: str) -> None:
    counts[table] = counts.get(table, 0) + 1
