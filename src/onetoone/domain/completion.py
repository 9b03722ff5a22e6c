"""What the shell completes from the journal: names, aliases and the ids commands take.

Each is one read of an index with a LIMIT, so a tab press stays quick on a journal of years:
names and aliases by a range of `person_key.key` (ix_person_key_key), planned meetings by
(status, planned_at), open follow-ups and promises by (status, due), the soonest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from onetoone.domain.text import key
from onetoone.store.journal import Journal

LIMIT = 50


@dataclass(frozen=True)
class Candidate:
    """One completion: the value to type, and the facts a shell that shows help may show."""

    value: str
    person: str | None = None
    kind: str | None = None  # an item's kind (vocabulary.DUE_KINDS) or 'meeting'
    at: datetime | date | None = None


def names(journal: Journal, typed: str, *, limit: int = LIMIT) -> list[Candidate]:
    """Full names and aliases starting with `typed` (case, accents and apostrophes ignored, as the
    resolver reads names), in name order."""
    wanted = key(typed or "")
    sql = "SELECT k.text, p.name FROM person_key k JOIN person p ON p.id = k.person_id WHERE k.kind IN ('name', 'alias')"
    params: dict = {"limit": limit}
    if wanted:
        sql += " AND k.key >= :low AND k.key < :high"
        params.update(low=wanted, high=wanted[:-1] + chr(ord(wanted[-1]) + 1))
    rows = journal.rows(sql + " ORDER BY k.key, k.id LIMIT :limit", params)
    return [Candidate(row[0], None if row[0] == row[1] else row[1]) for row in rows]


def meetings(journal: Journal, typed: str, *, limit: int = LIMIT) -> list[Candidate]:
    """Planned one-to-ones whose id (m3) starts with `typed`, the latest planned first."""
    pattern = _id_pattern(typed, "m")
    if pattern is None:
        return []
    rows = journal.rows(
        """SELECT 'm' || m.id, p.name, m.planned_at FROM meeting m JOIN person p ON p.id = m.person_id
           WHERE m.status = 'planned' AND m.planned_at IS NOT NULL AND ('m' || m.id) LIKE :pattern
           ORDER BY m.planned_at DESC LIMIT :limit""",
        {"pattern": pattern, "limit": limit},
    )
    return [Candidate(row[0], row[1], "meeting", row[2]) for row in rows]


def items(journal: Journal, typed: str, *, letters: str = "fp", limit: int = LIMIT) -> list[Candidate]:
    """Open follow-ups (f4) and promises (p7) whose id starts with `typed`, the soonest due first."""
    found = []
    if "f" in letters and _id_pattern(typed, "f") is not None:
        found += journal.rows(
            """SELECT 'f' || f.id, p.name, f.kind, f.due FROM followup f JOIN person p ON p.id = f.person_id
               WHERE f.status = 'open' AND ('f' || f.id) LIKE :pattern ORDER BY f.due LIMIT :limit""",
            {"pattern": _id_pattern(typed, "f"), "limit": limit},
        )
    if "p" in letters and _id_pattern(typed, "p") is not None:
        found += journal.rows(
            """SELECT 'p' || r.id, p.name, 'promise-' || r.direction, r.due FROM promise r JOIN person p ON p.id = r.person_id
               WHERE r.status IN ('open', 'renegotiated') AND ('p' || r.id) LIKE :pattern ORDER BY r.due LIMIT :limit""",
            {"pattern": _id_pattern(typed, "p"), "limit": limit},
        )
    found.sort(key=lambda row: row[3])
    return [Candidate(row[0], row[1], row[2], row[3]) for row in found[:limit]]


def _id_pattern(typed: str, letter: str) -> str | None:
    """A LIKE pattern for the ids starting with `typed` ('' or the letter alone: every id);
    None when `typed` cannot start an id of this letter."""
    text = (typed or "").strip().lower()
    if not text:
        return f"{letter}%"
    digits = text[1:]
    if text[0] != letter or not (digits == "" or (digits.isascii() and digits.isdigit())):
        return None
    return f"{letter}{digits}%"
