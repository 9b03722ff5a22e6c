"""The few words a shell shows beside a completion (zsh and fish show them; bash does not)."""

from __future__ import annotations

from datetime import datetime

from onetoone import dates
from onetoone.vocabulary import DUE_LABELS


def help_text(candidate) -> str | None:
    """'Rosa Diaz, Tue 8 Dec 2026 18:00' for a meeting, 'my promise, Rosa Diaz, Mon 7 Dec 2026'
    for an item, the full name for an alias, nothing for a name."""
    when = candidate.at
    if isinstance(when, datetime):
        when = dates.show_moment(when)
    elif when is not None:
        when = dates.show_day(when)
    if candidate.kind == "meeting":
        return f"{candidate.person}, {when}"
    if candidate.kind is not None:
        return f"{DUE_LABELS.get(candidate.kind, candidate.kind)}, {candidate.person}, {when}"
    return candidate.person
