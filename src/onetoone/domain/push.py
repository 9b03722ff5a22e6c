"""One organizer's own SQLite journal copied into the team journal as theirs (`oto team push`).

People are matched with the team's by `oto import contacts`' own matching (domain/intake.py:
name key, email, phone) and merged; every other row is added once, as the pushing organizer's,
with its references pointing at the team's rows. Each pushed row is remembered in the team
journal's `pushed` table (store/pg_schema.PUSHED_DDL), by the own journal's random id
(settings.journal_uid, made at its first push: a path changes when the file moves, an id kept in
the journal does not), so pushing again updates what changed instead of adding it twice; events
are the team's of the same title and day. A dry run does the whole push and rolls it back, so its
report is exactly what a push would do. Team questions in general are domain/team.py's.
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


_NOT_YET = "(not yet pushed)"  # a dry run's stand-in for the id a first push gives the journal


class NoJournalToPush(OtoError):
    """`oto team push --from PATH` names no journal."""


@dataclass
class Snapshot:
    """Every row an organizer's own journal holds, as read (dates as dates), by table."""

    source: str  # where it is, as the organizer named it (for the report)
    tables: dict[str, list[dict[str, Any]]]
    journal_id: str | None = None  # the journal's own random id (settings.journal_uid); None until its first push


def snapshot(journal: Journal, *, source: str) -> Snapshot:
    """Read every table a push copies from the organizer's own (SQLite) journal, and its id."""
    from onetoone.domain import settings

    tables = {}
    for table in _pushed_tables():
        columns = ", ".join(column.name for column in table.columns)
        tables[table.name] = [dict(row) for row in journal.rows(f"SELECT {columns} FROM {table.name} ORDER BY 1")]
    return Snapshot(source, tables, settings.journal_uid(journal))


def identify(journal: Journal, snap: Snapshot) -> None:
    """Give the organizer's own journal (`journal`, opened to write) its random id if it has none
    yet, the one `oto calendar` also uses: the team journal knows the rows each push made by it,
    wherever the file is later moved or copied to."""
    from onetoone.domain import settings

    snap.journal_id = settings.make_journal_uid(journal)


@dataclass(frozen=True)
class Matched:
    name: str  # as in the organizer's journal
    team_name: str  # the person it is in the team journal
    by: str  # "name", "reach" (an email or phone number they share) or "pushed" (an earlier push made them that one)
    merged: tuple[str, ...] = ()  # what it brought to the team's person (contact, institution, role)


@dataclass
class Pushed:
    """What a push did (or, for a dry run, would do)."""

    source: str
    added_people: list[str] = field(default_factory=list)
    matched: list[Matched] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)  # table -> rows added
    updated: dict[str, int] = field(default_factory=dict)  # table -> rows pushed before, changed since, updated
    present: dict[str, int] = field(default_factory=dict)  # table -> rows the team journal already had as they are

    @property
    def anything(self) -> bool:
        return bool(self.added_people or any(self.added.values()) or any(self.updated.values()) or any(m.merged for m in self.matched))


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
    promises, asks, stage moves, follow-ups, events, stories...) is pushed with its references
    pointing at the team's rows (`_copy`): added when new, updated when an earlier push made it
    and it changed since (the pusher's rows only), present otherwise: pushing twice adds nothing.
    A dry run does all of it and then raises DryRun, so the caller's transaction rolls it all back."""
    report = Pushed(snap.source)
    memory = _Memory(journal, snap.journal_id or _NOT_YET)
    ids: dict[str, dict[Any, Any]] = {}
    ids["institution"] = _institutions(journal, snap, report)
    ids["person"] = _people(journal, snap, report, memory, institutions=ids["institution"], today=today)
    for table in _pushed_tables():
        if table.name in ("person", "institution"):
            continue
        ids[table.name] = _copy(journal, table, snap.tables.get(table.name, []), ids, report, memory)
    memory.keep()
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


def _people(journal: Journal, snap: Snapshot, report: Pushed, memory: "_Memory", *, institutions: dict[int, int], today: date) -> dict[int, int]:
    """The organizer's people matched with the team's (merged into them) or added, by id. A
    person an earlier push of this journal matched or added is that one of the team's again,
    whatever their name has become (renamed since, or now a namesake's too)."""
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
    team_names = {r["id"]: r["name"] for r in journal.rows("SELECT id, name FROM person")}
    known = {row["id"]: team_id for row in people if (team_id := memory.of("person").get(row["id"], (None,))[0]) in team_names}
    ambiguous = [s for s, row in zip(steps, people) if s.action == intake.SKIP and s.why == "ambiguous" and row["id"] not in known]
    if ambiguous:
        s = ambiguous[0]
        raise OtoError(
            f"{s.name} could be more than one person in the team journal ({s.detail}), so nothing was pushed. "
            "Tell them apart first (give one a fuller name with `oto edit`), then push again."
        )
    mapped: dict[int, int] = {}
    merging = []
    for step, row in zip(steps, people):
        if row["id"] in known and step.person_id != known[row["id"]]:  # pushed before, found otherwise by name now
            mapped[row["id"]] = known[row["id"]]
            brought = _caught_up(journal, known[row["id"]], row)
            report.matched.append(Matched(row["name"], team_names[known[row["id"]]], "pushed", brought))
        elif step.action == intake.ADD:
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
            merging += [step] if step.action == intake.MERGE else []
            brought = step.changes + _caught_up(journal, step.person_id, row)
            report.matched.append(Matched(row["name"], step.detail, "name" if step.why in ("name", "unchanged") else "reach", brought))
        memory.remember("person", row["id"], mapped[row["id"]], _digest(row))
    intake.apply_contacts(journal, merging, today=today)
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


def _copy(journal: Journal, table, rows: list[dict[str, Any]], ids: dict[str, dict], report: Pushed, memory: "_Memory") -> dict:
    """Push `rows` of one table, their references pointing at the team's rows; the team's id of
    each row, by the organizer's id.

    A row is known by its identity: for a table with ids, the team's row an earlier push made of
    it (`memory`), or else the same row already there (pushed before the memory was kept, or for
    an event the team's one of the same title and day); for a table keyed by its references (a
    tag, an attendance), those. A known row is updated when it changed in the organizer's journal
    since it was last pushed and the team's row is the pusher's (a teammate's row is left as they
    have it; so is an edit the pusher made in the team journal since, when their own journal's row
    did not change); it is present otherwise. An unknown row is added."""
    model = _model(table.name)
    keyed = [c.name for c in table.primary_key.columns]
    own_id = keyed == ["id"]
    references = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
    columns = [c.name for c in table.columns if not (own_id and c.name == "id")]
    listed = ", ".join(columns)
    there = {
        (r["id"] if own_id else tuple(r[c] for c in keyed)): r
        for r in journal.rows(f"SELECT {listed}{', id' if own_id else ''}, owner FROM {table.name}")
    }
    remembered = memory.of(table.name)
    taken = {team_id for team_id, _ in remembered.values() if team_id in there}
    alike: dict[tuple, Any] = {}  # the team's rows no earlier push of this journal made, by what they hold
    if own_id:
        for team_id, r in there.items():
            if team_id not in taken:
                alike.setdefault(_natural(table.name, r, columns), team_id)
    mapped = {}
    for row in rows:
        values = {c: row[c] for c in columns}
        for column, target in references.items():
            if values[column] is not None:
                values[column] = ids.get(target, {}).get(values[column])
        digest = _digest(row)
        changed = True  # in the organizer's journal, since the last push (a row no push remembers: maybe)
        if own_id:
            found, pushed_as = remembered.get(row["id"], (None, None))
            if found in there:
                changed = pushed_as != digest
            else:
                found = alike.pop(_natural(table.name, values, columns), None)
            if found is not None:
                taken.add(found)
        else:
            found = tuple(values[c] for c in keyed)
            found = found if found in there else None
        if found is None:
            added = journal.add(model(**values))
            if own_id:
                mapped[row["id"]] = added.id
                memory.remember(table.name, row["id"], added.id, digest)
                taken.add(added.id)
            _count(report.added, table.name)
            continue
        if own_id:
            mapped[row["id"]] = found
            memory.remember(table.name, row["id"], found, digest)
        current = there[found]
        if not changed or current["owner"] != memory.me or all(current[c] == values[c] for c in columns):
            _count(report.present, table.name)
            continue
        stored = journal.get(model, found)
        for column in columns:
            setattr(stored, column, values[column])
        journal.add(stored)
        _count(report.updated, table.name)
    return mapped


def _natural(table: str, row, columns: list[str]) -> tuple:
    """What makes a row the same as one already in the team journal without a memory of it: an
    event is the same group meeting when its title (by its loose key) and day are; any other
    row, when it holds the very same values."""
    if table == "event":
        from onetoone.keys import key

        return (key(row["title"]), row["day"])
    return tuple(row[c] for c in columns)


def _digest(row: dict[str, Any]) -> str:
    """A row of the organizer's journal as it was pushed, in 32 hex digits (its values, in order)."""
    import hashlib

    return hashlib.sha256(repr(tuple(row.values())).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class _Memory:
    """Which team row each row of one source journal became in earlier pushes, with its digest
    then (the team journal's `pushed` table, the pusher's own rows under row-level security), and
    what this push adds to it."""

    def __init__(self, journal: Journal, source: str) -> None:
        self.journal, self.source = journal, source
        self.me = journal.value("SELECT current_user")
        self._of: dict[str, dict[int, tuple[int, str]]] = {}
        self._new: list[dict[str, Any]] = []  # rows of `pushed` to add at the end (keep)
        for r in journal.rows(
            "SELECT tbl, source_id, team_id, digest FROM pushed WHERE source = :source AND owner = current_user", {"source": source}
        ):
            self._of.setdefault(r["tbl"], {})[r["source_id"]] = (r["team_id"], r["digest"])

    def of(self, table: str) -> dict[int, tuple[int, str]]:
        """Source id -> (team id, digest as pushed)."""
        return self._of.get(table, {})

    def remember(self, table: str, source_id: int, team_id: int, digest: str) -> None:
        known = self._of.setdefault(table, {})
        if known.get(source_id) == (team_id, digest):
            return
        params = {"source": self.source, "tbl": table, "source_id": source_id, "team_id": team_id, "digest": digest}
        waiting = next((row for row in self._new if (row["tbl"], row["source_id"]) == (table, source_id)), None) if source_id in known else None
        if waiting is not None:
            waiting.update(params)
        elif source_id in known:
            self.journal.execute(
                "UPDATE pushed SET team_id = :team_id, digest = :digest "
                "WHERE owner = current_user AND source = :source AND tbl = :tbl AND source_id = :source_id",
                params,
            )
        else:
            self._new.append(params)
        known[source_id] = (team_id, digest)

    def keep(self) -> None:
        """Write what this push remembers anew, a few hundred rows a statement (a push of a
        whole journal remembers every row: one round trip each would double its time)."""
        for start in range(0, len(self._new), 200):
            chunk = self._new[start:start + 200]
            params = {f"{name}{n}": value for n, row in enumerate(chunk) for name, value in row.items()}
            marks = ", ".join(f"(:source{n}, :tbl{n}, :source_id{n}, :team_id{n}, :digest{n})" for n in range(len(chunk)))
            self.journal.execute(f"INSERT INTO pushed (source, tbl, source_id, team_id, digest) VALUES {marks}", params)
        self._new = []


def _model(name: str) -> type:
    from sqlmodel import SQLModel

    from onetoone.store import models  # noqa: F401

    for mapper in SQLModel._sa_registry.mappers:
        if mapper.local_table.name == name:
            return mapper.class_
    raise LookupError(name)


def _count(counts: dict[str, int], table: str) -> None:
    counts[table] = counts.get(table, 0) + 1
