"""Checking the text an organizer types, and the normalized keys names are found by."""

from __future__ import annotations

import unicodedata

from onetoone.errors import BadInput
from onetoone.keys import key  # noqa: F401  (the domain finds names by it; defined below the store, which migrates keys)

NAME_LIMIT = 200
SHORT_LIMIT = 2_000
LONG_LIMIT = 100_000  # a reflection's text fields: a long paste is kept, never refused


def clean(text: str | None, what: str, *, limit: int = SHORT_LIMIT) -> str:
    """The text as typed (NFC, trimmed); empty or oversized text is refused, saying which."""
    value = unicodedata.normalize("NFC", text or "").strip()
    if not value or not any(ch.isprintable() and not ch.isspace() for ch in value):
        raise BadInput(f"The {what} is empty; type some text.")
    if len(value) > limit:
        raise BadInput(f"The {what} is {len(value):,} characters long; the limit is {limit:,}. Shorten it.")
    return value


def optional(text: str | None, what: str, *, limit: int = SHORT_LIMIT) -> str | None:
    """Like `clean`, but None stays None (an option that was not given)."""
    return None if text is None else clean(text, what, limit=limit)


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching `prefix` literally (with ESCAPE '\\'), then anything."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
