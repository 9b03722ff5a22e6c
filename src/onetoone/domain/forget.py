"""Forgetting a person completely: every row about them, and their drafts, with the deleted
bytes overwritten (secure_delete) and the write-ahead log emptied afterwards by the caller."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from onetoone.domain.people import PersonRef
from onetoone.domain.text import key
from onetoone.store.journal import Journal

# Everything that belongs to one person, children before parents so no reference dangles.
_OWNED = ("followup", "planned_ask", "ask", "promise", "insight", "meeting", "tag", "person_key")


@dataclass(frozen=True)
class Forgotten:
    name: str
    rows: int


def forget(journal: Journal, person: PersonRef) -> Forgotten:
    """Delete the person and everything recorded about them, in this one transaction."""
    journal.execute("PRAGMA secure_delete = ON")
    rows = 0
    for table in _OWNED:
        if table == "planned_ask":
            rows += journal.execute(
                "DELETE FROM planned_ask WHERE meeting_id IN (SELECT id FROM meeting WHERE person_id = :person)",
                {"person": person.id},
            )
        else:
            rows += journal.execute(f"DELETE FROM {table} WHERE person_id = :person", {"person": person.id})
    # People they referred stay; they simply no longer say who referred them. Follow-ups hold
    # facts, not sentences, so the reminder to contact them names no one once the link is gone.
    journal.execute("UPDATE person SET referred_by_id = NULL WHERE referred_by_id = :person", {"person": person.id})
    rows += journal.execute("DELETE FROM person WHERE id = :person", {"person": person.id})
    return Forgotten(person.name, rows)


def backups_holding(backups: Path, name: str) -> list[Path]:
    """Backups that still hold someone by this name (opened read-only, never changed)."""
    found = []
    for copy in sorted(backups.glob("*.db")) if backups.is_dir() else []:
        try:
            db = sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True)
            try:
                hit = db.execute("SELECT 1 FROM person_key WHERE key = :key LIMIT 1", {"key": key(name)}).fetchone()
            finally:
                db.close()
        except sqlite3.Error:
            continue
        if hit:
            found.append(copy)
    return found


def drop_drafts(folder: Path, person: PersonRef) -> bool:
    """Discard the waiting reflection draft if it is about this person; True if one was."""
    from onetoone.domain import drafts
    from onetoone.errors import BadInput

    try:
        draft = drafts.load(folder)
    except BadInput:
        draft = None
    if draft is None or not (draft.person_id == person.id or (draft.person_name and key(draft.person_name) == key(person.name))):
        return False
    drafts.discard(folder)
    return True
