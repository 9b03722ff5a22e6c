"""Taking the whole journal out as data, and putting it back into an empty journal.

The export is generic over the journal's tables as SQLite lists them (`Journal.tables`, the same
list undo records): a table added by a later migration is exported, filtered to one person and
redacted with no change here. Rows are read exactly as stored (no date or flag converted), so
that `restore` writes back the very same values and the round trip is identical.

One person's rows (`--person`): their `person` row, and every row of a table that refers to them,
directly (person_id, or any other column referring to person) or through a row that does (a
planned ask through its meeting, a follow-up through its ask). Tables that refer to no one (the
settings, my stories) are not part of one person's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onetoone.domain.redact import KEY_SETTING, Redactor
from onetoone.errors import BadInput, NewerJournal
from onetoone.keys import key
from onetoone.store.journal import Journal

FORMAT = "oto-journal"
# Columns whose text is a kind, a status or a label oto defines (vocabulary.py), not the organizer's words.
STRUCTURAL = frozenset({"kind", "status", "direction", "stage", "answer", "tag", "key", "name_key", "old", "new", "op", "value"})
# Columns that hold a way to reach someone: removed from a redacted export, whatever their table.
CONTACT_COLUMNS = frozenset({"contact", "email", "phone", "address", "mobile"})
_DEPTH = 4  # how many references deep one person's rows are looked for


@dataclass
class TableRows:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple]


@dataclass
class Dump:
    """What an export carries: every table's rows, as stored (or redacted), and what it is."""

    schema: int
    tables: list[TableRows]
    person: str | None = None  # the one person exported, by name (or pseudonym)
    redacted: tuple[str, ...] = ()  # () or ('names',) or ('names', 'notes')
    people: list[tuple[int, str]] = field(default_factory=list)  # (id, name as exported), by name


def dump(journal: Journal, *, person_id: int | None = None, redactor: Redactor | None = None, tick=lambda n: None) -> Dump:
    """Every table's rows (or one person's), redacted if a `redactor` is given; `tick(1)` after each table."""
    from onetoone.store.migrations import LATEST

    described = {t.name: t for t in journal.tables()}
    found = []
    for table in described.values():
        where, params = ("", {})
        if person_id is not None:
            where = _owned(described, table.name, _DEPTH)
            if where is None:
                continue
            params = {"person": person_id}
        rows = journal.stored(table.name, table.columns, where, params)
        if redactor is not None:
            rows = [r for r in (_redacted(table.name, table.columns, row, redactor) for row in rows) if r is not None]
        found.append(TableRows(table.name, table.columns, rows))
        tick(1)
    people = _people(found)
    named = None
    if person_id is not None:
        named = next((name for pid, name in people if pid == person_id), None)
    levels = () if redactor is None else ("names", "notes") if redactor.notes else ("names",)
    return Dump(LATEST, found, named, levels, people)


def _people(tables: list[TableRows]) -> list[tuple[int, str]]:
    for table in tables:
        if table.name == "person":
            at_id, at_name = table.columns.index("id"), table.columns.index("name")
            return sorted(((row[at_id], row[at_name]) for row in table.rows), key=lambda p: (key(p[1]), p[0]))
    return []


def _owned(described: dict, name: str, depth: int) -> str | None:
    """The SQL condition picking the rows of `name` that belong to :person, or None if none can."""
    from onetoone.store.schema import ident

    if name == "person":
        return "id = :person"
    if depth == 0:
        return None
    parts = []
    for column, target, target_column in described[name].references:
        if target == "person":
            parts.append(f"{ident(column)} = :person")
        elif target in described and target != name:
            inner = _owned(described, target, depth - 1)
            if inner is not None:
                parts.append(f"{ident(column)} IN (SELECT {ident(target_column)} FROM main.{ident(target)} WHERE {inner})")
    return " OR ".join(f"({p})" for p in parts) if parts else None


def _redacted(table: str, columns: tuple[str, ...], row: tuple, r: Redactor) -> tuple | None:
    """One row as a redacted export shows it, or None when the row itself goes (a boundary, an
    alias, a word of a name, the redaction key)."""
    values = dict(zip(columns, row))
    if table == "setting" and values.get("key") == KEY_SETTING:
        return None
    if table == "insight" and values.get("kind") == "boundary":
        return None
    if table == "person_key":
        if values.get("kind") != "name":
            return None
        pseudonym = r.name(values["person_id"])
        values.update(text=pseudonym, key=key(pseudonym))
        return tuple(values[c] for c in columns)
    if table == "person":
        pseudonym = r.name(values["id"])
        values.update(name=pseudonym, name_key=key(pseudonym))
    for column, value in values.items():
        if table == "person" and column in ("name", "name_key"):
            continue
        if column in CONTACT_COLUMNS:
            values[column] = None
        elif isinstance(value, str) and column not in STRUCTURAL and not _looks_like_a_date(value):
            values[column] = "" if r.notes else r.scrub(value)
    return tuple(values[c] for c in columns)


def _looks_like_a_date(value: str) -> bool:
    """Stored dates and moments ('2026-11-23', '2026-11-23 09:00:00.000000') are not words."""
    return len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit() and value[5:7].isdigit()


# -- Back in: `oto import journal` ---------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int


def restore(journal: Journal, document: dict, *, source: str, tick=lambda n: None) -> Restored:
    """Write an export's rows into this journal, which must be empty; all of it or (on any
    problem) nothing, in the caller's one write transaction. `tick(n)` after each table's rows."""
    from onetoone.store.migrations import LATEST

    tables = _checked(document, source, LATEST)
    described = {t.name: t for t in journal.tables()}
    for name, (columns, _rows) in tables.items():
        if name not in described:
            raise BadInput(f"{source} holds a table '{name}' this journal does not have; nothing was imported.")
        unknown = [c for c in columns if c not in described[name].columns]
        if unknown:
            raise BadInput(f"{source} holds a column '{name}.{unknown[0]}' this journal does not have; nothing was imported.")
    from onetoone.store.schema import ident

    busy = [t.name for t in described.values() if journal.value(f"SELECT EXISTS (SELECT 1 FROM main.{ident(t.name)})")]
    if busy:
        raise BadInput(
            f"This journal is not empty (it has {', '.join(sorted(busy)[:3])} rows), so nothing was imported. "
            "Import into a new journal: set OTO_HOME to an empty folder first."
        )
    count = 0
    for name, (columns, rows) in tables.items():
        count += journal.load(name, tuple(columns), [tuple(_value(v) for v in row) for row in rows])
        tick(len(rows))
    return Restored(len(tables), count)


def _checked(document: object, source: str, latest: int) -> dict[str, tuple[list[str], list[list]]]:
    """The tables of an export document, each (columns, rows), or BadInput saying what is wrong."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f"{source} is not an oto journal export (made by `oto export json`); nothing was imported.")
    schema = document.get("schema")
    if not isinstance(schema, int):
        raise BadInput(f"{source} does not say its schema version; nothing was imported.")
    if schema > latest:
        raise NewerJournal(
            f"{source} was exported from a newer oto (schema {schema}; this oto knows up to {latest}). "
            "Upgrade oto first; nothing was imported."
        )
    if document.get("redacted"):
        raise BadInput(f"{source} is a redacted export (for sharing), not the journal; nothing was imported.")
    if document.get("person") is not None:
        raise BadInput(f"{source} holds one person's data, not the whole journal; nothing was imported.")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise BadInput(f"{source} has no tables; nothing was imported.")
    found = {}
    for name, table in tables.items():
        columns, rows = (table or {}).get("columns"), (table or {}).get("rows")
        if not isinstance(columns, list) or not isinstance(rows, list) or not all(
            isinstance(row, list) and len(row) == len(columns) for row in rows
        ):
            raise BadInput(f"{source}: the table '{name}' is damaged (its rows do not fit its columns); nothing was imported.")
        found[name] = (columns, rows)
    return found


def _value(value):
    """A value of an export's row as SQLite stores it (bytes come as {"base64": ...})."""
    if isinstance(value, dict) and set(value) == {"base64"}:
        import base64

        return base64.b64decode(value["base64"])
    if isinstance(value, (dict, list)):
        raise BadInput("An export's row holds a value that is not text, a number or empty; nothing was imported.")
    return value


# -- One readable dossier per person: `oto export markdown` ---------------------------------------


@dataclass
class Dossier:
    """One person's record (what `oto show` gathers) and every promise both ways, as exported."""

    record: object  # directory.Record
    promises: list  # promises.Entry, open and closed
    pseudonym: str | None = None  # the name a redacted dossier goes by
    notes_dropped: bool = False


def dossiers(journal: Journal, *, today, person_id: int | None = None, redactor: Redactor | None = None, tick=lambda n: None) -> list[Dossier]:
    """A dossier for each person (or the one), by name, redacted if a `redactor` is given."""
    from onetoone.domain import directory, people, promises

    ids = [person_id] if person_id is not None else [
        row[0] for row in journal.rows("SELECT id FROM person ORDER BY name_key, id")
    ]
    made = []
    for number in ids:
        ref = people.get(journal, number)
        record = directory.record(journal, ref, today=today)
        listed = promises.listing(journal, today=today, person_id=number, include_closed=True)
        dossier = Dossier(record, listed)
        made.append(dossier if redactor is None else _redacted_dossier(dossier, redactor))
        tick(1)
    return made


def _redacted_dossier(d: Dossier, r: Redactor) -> Dossier:
    """The dossier with the person a pseudonym, no contact, no boundary, no alias, names in text
    replaced (or, with notes dropped, no text of the organizer's at all)."""
    from dataclasses import replace

    rec = d.record

    def text(words):
        return None if words is None else ("" if r.notes else r.scrub(words))

    learned = [(n, kind, text(t)) for n, kind, t in rec.learned if kind != "boundary"]
    insights = {kind: [text(t) for t in texts] for kind, texts in rec.insights.items()}
    timeline = [(day, kind, "" if r.notes else r.scrub(words)) for day, kind, words in rec.timeline]
    record = replace(
        rec, name=r.name(rec.id), aliases=[], contact=None, boundaries=[], learned=learned, insights=insights,
        met_how=text(rec.met_how), institution=text(rec.institution), role=text(rec.role),
        referred_by=rec.referred_by and r.scrub(rec.referred_by), referred=[r.scrub(n) for n in rec.referred], timeline=timeline,
    )
    promised = [replace(p, person=r.name(p.person_id), text=text(p.text), ask_text=text(p.ask_text)) for p in d.promises]
    return Dossier(record, promised, r.name(rec.id), r.notes)
