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


def close_ids(known: list[tuple[int, str]], wanted: str, *, most: int = 3) -> list[int]:
    """The ids in `known` (id, key) whose key is close to `wanted`, best first: each typed word
    is compared with every word of the keys (difflib); the keys holding a close word for every
    typed word are ranked by how close they are as a whole. People's names ('Dimitri' finds
    Dmitri Volkov) and institutions ('St Brigit' finds St. Brigid's) are found near this way.
    Python over one read; fast on 20,000 names."""
    import difflib
    import re

    words = {word for _, found in known for word in found.split(" ")}
    close = [difflib.get_close_matches(word, words, n=6, cutoff=0.75) for word in wanted.split(" ")]
    if not all(close):  # a word like no word of any name: 'Maria Garcia' is not a near miss of Maria Lopez
        return []
    patterns = [re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, near)) + r")(?: |$)") for near in close]
    found = {item: text for item, text in known if all(p.search(text) for p in patterns)}
    return sorted(found, key=lambda i: -difflib.SequenceMatcher(None, wanted, found[i]).ratio())[:most]
