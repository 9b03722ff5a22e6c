"""The two-way ledger of promises: what I owe people, and what they committed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone.store.journal import Journal

OPEN = ("open", "renegotiated")


@dataclass(frozen=True)
class Reliability:
    """Promises kept on time out of all that have come due (released ones are left out)."""

    kept_on_time: int
    due: int

    def __str__(self) -> str:
        if not self.due:
            return "nothing due yet"
        return f"{self.kept_on_time} of {self.due} kept on time"


def reliability(journal: Journal, person_id: int, direction: str, *, today: date) -> Reliability:
    row = journal.row(
        """
        SELECT
          sum(CASE WHEN status = 'kept' AND closed_on <= due THEN 1 ELSE 0 END),
          count(*)
        FROM promise
        WHERE person_id = :person AND direction = :direction AND status != 'released'
          AND (status IN ('kept', 'broken') OR due < :today)
        """,
        {"person": person_id, "direction": direction, "today": today.isoformat()},
    )
    return Reliability(row[0] or 0, row[1] or 0)
