"""The search index: one SQLite FTS5 table over everything the organizer wrote, kept in step with
the journal by triggers on the tables that hold the words, inside the same transaction.

What is indexed, each a "source" (a column of a table): people's name, contact, how we met,
institution and role; a one-to-one's note and next step; its planned asks; every insight (each
kind, boundaries too); asks; promises both ways; contacts logged with `oto log`.

The table is contentless (`content=''`): it holds only the index, not a second copy of the text,
which stays in its own table (the heavy benchmark journal grows by about a quarter, not double).
So a row is found again by its rowid, which says where the words came from and when:

    rowid = day * 2**40 + id * 32 + code

`code` (0-31) names the source (and an insight's kind, a promise's direction), `id` is the row's
id in its table, and `day` is the row's day in days since 1970-01-01 (an insight's, a promise's
or a person's created_on, an ask's asked_on, a contact's contacted_on, a one-to-one's held day,
else its planned day, else the day it was made). Ordering by rowid is ordering by day, and a
period is a rowid range, so "newest first" and --since/--until read only the rows they show.
Planned asks have no day of their own (their meeting's can change without them), so theirs is 0.

A contentless table forgets a row only when told its rowid and the very words it indexed: the
triggers compute both from OLD the same way they were computed from NEW. An update of a source's
words, day, kind or direction deletes the old entry and adds the new one. A table rebuilt by a
later migration (create, copy, drop, rename) loses its triggers: run `triggers(table)` again.

A person's institution is a record of its own since 0010 (`person.institution_id`); its name is
indexed as one of the person's fields, read through the link, so the person is found by it. The
institution's own triggers move those entries when it is renamed or deleted. Migration 0008 made
the index with the sources of its day (`SOURCES_0008`: the free-text column), and 0010 swaps
them (`to_institutions`).

Erasing for good (forget, unlearn, a removed boundary) also runs `optimize` (`purge`), which
rewrites the index without the deleted entries; with secure_delete on, the pages that held the
old ones are overwritten, so no token of what was erased stays in the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

TABLE = "search"
DAY = 2**40  # rowid = day * DAY + id * CODES + code
CODES = 32
_EPOCH = 2440587.5  # julianday('1970-01-01')

# Each source's code (a person's fields, a one-to-one's note and next step, ...); insights and
# promises get theirs by kind and direction; an insight of a kind this oto does not know gets
# OTHER_INSIGHT.
PERSON_CODES = {"name": 1, "contact": 2, "met_how": 3, "institution": 4, "role": 5}
NOTE, NEXT_STEP, PLANNED_ASK, ASK, CONTACT = 6, 7, 8, 9, 12
INSIGHT_CODES = {
    "self-interest": 16, "story": 17, "value": 18, "talent": 19, "network": 20, "concern": 21, "boundary": 22,
    "common": 23,
}
OTHER_INSIGHT = 15
PROMISE_CODES = {"mine": 10, "theirs": 11}


@dataclass(frozen=True)
class Source:
    """One column whose words are indexed. `code` and `day` are SQL over the row (`{row}.`):
    `code` may depend on the row (an insight's kind), `day` is a date."""

    table: str
    column: str
    codes: tuple[int, ...]  # the codes it may take
    code: str
    day: str
    watched: tuple[str, ...] = ()  # other columns whose change moves the entry (its day, kind)
    owned: str = "{row}.person_id = :person"  # SQL: the row is about the person :person
    words: str = ""  # SQL for the words indexed, when they are not the column itself

    @property
    def field(self) -> str:
        """The field as the results name it: `institution` for the link read through."""
        return self.column.removesuffix("_id") if self.words else self.column

    def text(self, row: str) -> str:
        return (self.words or "{row}." + self.column).format(row=row)


def _case(column: str, codes: dict[str, int], other: int) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {code}" for value, code in codes.items())
    return f"(CASE {{row}}.{column} {whens} ELSE {other} END)"


MEETING_DAY = "coalesce({row}.held_on, date({row}.planned_at), date({row}.created_at))"
INSTITUTION_NAME = "(SELECT name FROM institution WHERE id = {row}.institution_id)"


def _person(column: str, code: int) -> Source:
    if column == "institution":
        return Source("person", "institution_id", (code,), str(code), "{row}.created_on", ("created_on",), "{row}.id = :person",
                      words=INSTITUTION_NAME)
    return Source("person", column, (code,), str(code), "{row}.created_on", ("created_on",), "{row}.id = :person")


SOURCES: tuple[Source, ...] = (
    *(_person(column, code) for column, code in PERSON_CODES.items()),
    Source("meeting", "note", (NOTE,), str(NOTE), MEETING_DAY, ("held_on", "planned_at", "created_at")),
    Source("meeting", "next_step", (NEXT_STEP,), str(NEXT_STEP), MEETING_DAY, ("held_on", "planned_at", "created_at")),
    Source("planned_ask", "text", (PLANNED_ASK,), str(PLANNED_ASK), "NULL",
           owned="{row}.meeting_id IN (SELECT id FROM meeting WHERE person_id = :person)"),
    Source("ask", "text", (ASK,), str(ASK), "{row}.asked_on", ("asked_on",)),
    Source("promise", "text", tuple(PROMISE_CODES.values()), _case("direction", PROMISE_CODES, PROMISE_CODES["mine"]),
           "{row}.created_on", ("direction", "created_on")),
    Source("contact", "note", (CONTACT,), str(CONTACT), "{row}.contacted_on", ("contacted_on",)),
    Source("insight", "text", (OTHER_INSIGHT, *INSIGHT_CODES.values()), _case("kind", INSIGHT_CODES, OTHER_INSIGHT),
           "{row}.created_on", ("kind", "created_on")),
)
TABLES = tuple(dict.fromkeys(source.table for source in SOURCES))
# The person's institution as 0008 indexed it: the free-text column 0010 drops.
SOURCES_0008: tuple[Source, ...] = tuple(
    Source("person", "institution", s.codes, s.code, s.day, s.watched, s.owned) if s.column == "institution_id" else s
    for s in SOURCES
)
_INSTITUTION = next(s for s in SOURCES if s.column == "institution_id")


def source_of(code: int) -> Source | None:
    """The source whose entries carry `code`."""
    return next((source for source in SOURCES if code in source.codes), None)


def rowid(source: Source, row: str) -> str:
    """The SQL for the rowid of `row`'s entry for `source` (`row` is NEW, OLD or a table alias)."""
    day = source.day.format(row=row)
    days = f"coalesce(CAST(julianday({day}) - {_EPOCH} AS INTEGER), 0)"
    return f"({days} * {DAY} + {row}.id * {CODES} + {source.code.format(row=row)})"


def day_of(value: int) -> int:
    """The day part of a rowid (days since 1970-01-01)."""
    return value // DAY


def code_of(value: int) -> int:
    return value % CODES


def id_of(value: int) -> int:
    return value % DAY // CODES


def _add(source: Source, row: str) -> str:
    return (f"INSERT INTO {TABLE} (rowid, text) SELECT {rowid(source, row)}, {source.text(row)} "
            f"WHERE {source.text(row)} IS NOT NULL")


def _drop(source: Source, row: str) -> str:
    return (f"INSERT INTO {TABLE} ({TABLE}, rowid, text) SELECT 'delete', {rowid(source, row)}, {source.text(row)} "
            f"WHERE {source.text(row)} IS NOT NULL")


def _institution_triggers() -> list[str]:
    """An institution renamed moves its people's entries to the new name; one deleted takes them
    out first (its people's link is then set to NULL, with no name left to read)."""
    entry = rowid(_INSTITUTION, "p")
    drop = f"INSERT INTO {TABLE} ({TABLE}, rowid, text) SELECT 'delete', {entry}, OLD.name FROM person p WHERE p.institution_id = OLD.id"
    add = f"INSERT INTO {TABLE} (rowid, text) SELECT {entry}, NEW.name FROM person p WHERE p.institution_id = NEW.id"
    return [
        f"CREATE TRIGGER {TABLE}_update_institution AFTER UPDATE OF name ON institution WHEN OLD.name IS NOT NEW.name "
        f"BEGIN {drop}; {add}; END",
        f"CREATE TRIGGER {TABLE}_delete_institution BEFORE DELETE ON institution BEGIN {drop}; END",
    ]


def triggers(table: str, sources: tuple[Source, ...] = SOURCES) -> list[str]:
    """The CREATE TRIGGER statements that keep `table`'s sources in the index."""
    if table == "institution":
        return _institution_triggers()
    sources = [source for source in sources if source.table == table]
    watched = list(dict.fromkeys(c for source in sources for c in (source.column, *source.watched)))
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
    adds = "; ".join(_add(source, "NEW") for source in sources)
    drops = "; ".join(_drop(source, "OLD") for source in sources)
    return [
        f"CREATE TRIGGER {TABLE}_insert_{table} AFTER INSERT ON {table} BEGIN {adds}; END",
        f"CREATE TRIGGER {TABLE}_delete_{table} AFTER DELETE ON {table} BEGIN {drops}; END",
        f"CREATE TRIGGER {TABLE}_update_{table} AFTER UPDATE OF {', '.join(watched)} ON {table} WHEN {changed} "
        f"BEGIN {drops}; {adds}; END",
    ]


def install(db: sqlite3.Connection, sources: tuple[Source, ...] = SOURCES) -> None:
    """Make the (empty) index and its triggers, inside the caller's transaction."""
    db.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(text, content='', detail=full, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for table in dict.fromkeys(source.table for source in sources):
        for statement in triggers(table, sources):
            db.execute(statement)
    if sources is SOURCES:
        for statement in _institution_triggers():
            db.execute(statement)


def fill(db: sqlite3.Connection, sources: tuple[Source, ...] = SOURCES) -> None:
    """Index every row the journal already holds (a migration's), then merge it into one piece."""
    for source in sources:
        db.execute(
            f"INSERT INTO {TABLE} (rowid, text) SELECT {rowid(source, 't')}, {source.text('t')} FROM {source.table} t "
            f"WHERE {source.text('t')} IS NOT NULL"
        )
    db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")


def before_institutions(db: sqlite3.Connection) -> None:
    """0010, before `person.institution` goes: its entries out of the index, and the person
    triggers that read the column dropped (a journal without the index has none)."""
    if db.execute("SELECT 1 FROM main.sqlite_master WHERE name = :name", {"name": TABLE}).fetchone() is None:
        return
    old = next(s for s in SOURCES_0008 if s.column == "institution")
    db.execute(
        f"INSERT INTO {TABLE} ({TABLE}, rowid, text) SELECT 'delete', {rowid(old, 't')}, t.institution FROM person t "
        "WHERE t.institution IS NOT NULL"
    )
    for kind in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{kind}_person")


def to_institutions(db: sqlite3.Connection) -> None:
    """0010, once people are linked to institution records: the person triggers of today, the
    institution's own, and each linked person's institution name indexed again."""
    if db.execute("SELECT 1 FROM main.sqlite_master WHERE name = :name", {"name": TABLE}).fetchone() is None:
        return
    for statement in [*triggers("person"), *_institution_triggers()]:
        db.execute(statement)
    db.execute(
        f"INSERT INTO {TABLE} (rowid, text) SELECT {rowid(_INSTITUTION, 't')}, {_INSTITUTION.text('t')} FROM person t "
        f"WHERE {_INSTITUTION.text('t')} IS NOT NULL"
    )


def purge(db: sqlite3.Connection) -> None:
    """Rewrite the index without the entries deleted from it (see the module docstring); a
    journal without the index (an older schema) has nothing to purge."""
    if db.execute("SELECT 1 FROM main.sqlite_master WHERE name = :name", {"name": TABLE}).fetchone() is None:
        return
    db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
