"""`oto undo`: reverse the newest change oto made to the journal, and list what can be reversed.

The mechanism is the store's (store/undo.py: triggers record each write command's inverse SQL as
one step); here a step is told in facts: the command as typed, when, and the row it is mainly
about (its subject: the one-to-one a reflection saved, the promise kept, the person added), read
from the journal while that row exists (before the undo for what the command made, after it for
what the command had deleted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from onetoone.errors import NotFound
from onetoone.store.journal import Journal


@dataclass(frozen=True)
class Subject:
    kind: str  # the table: meeting, promise, contact, insight, ask, followup, story, setting, person, ...
    id: int | None
    person: str | None  # whose it is, by name
    text: str | None  # the organizer's words on it (a promise's text, an insight, a note), or a kind
    day: date | datetime | None = None  # a meeting's day or planned time


@dataclass(frozen=True)
class Change:
    """One step of the undo history as oto shows it."""

    id: int
    at: datetime
    command: list[str] | None  # as typed after `oto`; None when made without a command
    subject: Subject | None
    changes: int  # rows it changed


# What each table's row is, for saying what a step touched: person, words, day.
_SUBJECTS = {
    "meeting": "SELECT p.name, t.status, coalesce(t.held_on, date(t.planned_at)) AS \"day [date]\" FROM meeting t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "promise": "SELECT p.name, t.text, NULL FROM promise t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "contact": "SELECT p.name, t.note, NULL FROM contact t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "story": "SELECT NULL, t.text, NULL FROM story t WHERE t.id = :id",
    "insight": "SELECT p.name, t.text, NULL FROM insight t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "ask": "SELECT p.name, t.text, NULL FROM ask t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "followup": "SELECT p.name, t.kind, NULL FROM followup t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "setting": "SELECT NULL, t.key, NULL FROM setting t WHERE t.rowid = :id",
    "person": "SELECT t.name, NULL, NULL FROM person t WHERE t.id = :id",
    "person_key": "SELECT p.name, t.text, NULL FROM person_key t JOIN person p ON p.id = t.person_id WHERE t.id = :id",
    "tag": "SELECT p.name, t.tag, NULL FROM tag t JOIN person p ON p.id = t.person_id WHERE t.rowid = :id",
    "planned_ask": "SELECT p.name, t.text, NULL FROM planned_ask t JOIN meeting m ON m.id = t.meeting_id "
                   "JOIN person p ON p.id = m.person_id WHERE t.id = :id",
}
_RANK = tuple(_SUBJECTS)


def _principal(touched: list[tuple[str, int | None, str]]) -> tuple[str, int] | None:
    """The row a step is mainly about: a one-to-one it made or removed, else a person it made
    or removed (add, merge), else the first row of the most telling table it changed (a kept
    promise before the follow-up that closed with it; a boundary before its person)."""
    known = [(table, row_id, op) for table, row_id, op in touched if table in _SUBJECTS and row_id is not None]
    for table in ("meeting", "person"):
        for found, row_id, op in known:
            if found == table and op != "update":
                return found, row_id
    if not known:
        return None
    table, row_id, _ = min(known, key=lambda change: _RANK.index(change[0]))  # min keeps the first of equals
    return table, row_id


def _subject(journal: Journal, which: tuple[str, int] | None) -> Subject | None:
    if which is None:
        return None
    table, row_id = which
    found = journal.row(_SUBJECTS[table], {"id": row_id})
    if found is None:
        return None
    return Subject(table, row_id, found[0], found[1], found[2])


def history(journal: Journal) -> list[Change]:
    """The changes `undo` can reverse, newest first (a subject only while its row exists)."""
    return [
        Change(step.id, step.at, step.command, _subject(journal, _principal(step.touched)), len(step.touched))
        for step in journal.history()
    ]


class Refused(Exception):
    """On a team journal, the newest change cannot be undone exactly, so nothing was: a row it
    touched was changed since (`why` "changed": by a teammate, a shared person or tag), or it
    changed a teammate's own rows, which only they can put back ("theirs")."""

    def __init__(self, change: Change, why: str, table: str, row: Subject | None) -> None:
        super().__init__(why)
        self.change, self.why, self.table, self.row = change, why, table, row


def undo(journal: Journal) -> Change:
    """Reverse the newest change in this transaction (a journal opened with record=False)."""
    from onetoone.store import pg_undo

    newest = journal.history(limit=1)
    if not newest:
        raise NotFound(
            "Nothing to undo: oto has no change left to reverse "
            "(it keeps the last 100; forget, unlearn, a removed boundary and an upgrade of oto start afresh)."
        )
    which = _principal(newest[0].touched)
    before = _subject(journal, which)
    change = Change(newest[0].id, newest[0].at, newest[0].command, before, len(newest[0].touched))
    try:
        step = journal.undo_newest()
    except pg_undo.ChangedSince as changed:
        row = (changed.table, changed.row_id) if changed.table in _SUBJECTS and changed.row_id is not None else None
        raise Refused(change, "changed", changed.table, _subject(journal, row)) from None
    except pg_undo.Blocked as blocked:
        raise Refused(change, "theirs", blocked.table, None) from None
    return Change(step.id, step.at, step.command, before or _subject(journal, which), len(step.touched))
