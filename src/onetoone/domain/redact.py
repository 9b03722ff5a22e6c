"""Redaction for sharing an export with a coach or a researcher: each person becomes a stable
pseudonym, their names are replaced wherever the organizer wrote them, and contacts and
boundaries leave the export; `notes` drops every free-text value too.

A pseudonym is "Person " and the first 8 hex digits of HMAC-SHA256(person id) under a random key
kept in the journal's `setting` table (`redact_key`, made by the first redacted export): the
same person gets the same pseudonym in every export of this journal, and no one without the key
can tell who it is by trying names or ids. A redacted export never carries the key.

Names in text: a person's full name or an alias, in any case and with or without accents (the
way names are found, `keys.key`), and a single word of a name (three letters or more) written
with a capital, such as a first name. A word that belongs to several people's names becomes
"[name]"; a first name typed in lower case ('maria') is left as typed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from onetoone.keys import key
from onetoone.store.journal import Journal

KEY_SETTING = "redact_key"
NAMES, NOTES = "names", "notes"
LEVELS = (NAMES, NOTES)
SOMEONE = "[name]"
_WORD = re.compile(r"\w+")
_BETWEEN = re.compile(r"[\s\-'\u2019\u2010\u2011\u2013]{1,3}")  # what may stand between the words of one name
_SHORTEST_WORD = 3


def stored_key(journal: Journal) -> str | None:
    return journal.value("SELECT value FROM setting WHERE key = :key", {"key": KEY_SETTING})


def make_key(journal: Journal) -> str:
    """The journal's redaction key, made now if it has none (a write: open the journal for one)."""
    import secrets

    from onetoone.domain import settings

    found = stored_key(journal)
    if found is None:
        found = secrets.token_hex(32)
        settings.put(journal, KEY_SETTING, found)
    return found


def pseudonym(secret: str, person_id: int) -> str:
    digest = hmac.new(bytes.fromhex(secret), str(person_id).encode(), hashlib.sha256).hexdigest()
    return f"Person {digest[:8]}"


@dataclass
class Redactor:
    """What one redacted export replaces: `name(id)` for a person, `text(words)` for what the
    organizer wrote (None when notes are dropped)."""

    secret: str
    notes: bool
    _whole: dict[str, str]
    _words: dict[str, str]
    _longest: int
    _fragments: frozenset[str]  # the key of every word-piece of every name: where a match can start
    _seen: dict[str, str] = field(default_factory=dict)

    def name(self, person_id: int) -> str:
        return pseudonym(self.secret, person_id)

    def text(self, words: str | None) -> str | None:
        """Free text with every known name replaced; with `notes`, nothing."""
        if words is None or self.notes:
            return None
        return self.scrub(words)

    def scrub(self, words: str) -> str:
        """`words` with the names of the journal's people replaced by their pseudonyms."""
        tokens = [(m.start(), m.end()) for m in _WORD.finditer(words)]
        out, at, i = [], 0, 0
        while i < len(tokens):
            start, end = tokens[i]
            found = self._match(words, tokens, i) if self._key(words[start:end]) in self._fragments else None
            if found is None:
                i += 1
                continue
            n, replacement = found
            out.append(words[at:tokens[i][0]])
            out.append(replacement)
            at = tokens[i + n - 1][1]
            i += n
        out.append(words[at:])
        return "".join(out)

    def _key(self, word: str) -> str:
        """`key(word)`, remembered: the words of notes repeat, and a journal's text is many words."""
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = key(word)
        return found

    def _match(self, words: str, tokens: list[tuple[int, int]], i: int) -> tuple[int, str] | None:
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            if n > 1 and not all(_BETWEEN.fullmatch(words[tokens[j][1]:tokens[j + 1][0]]) for j in range(i, i + n - 1)):
                continue
            span = words[tokens[i][0]:tokens[i + n - 1][1]]
            found = self._whole.get(key(span))
            if found is not None:
                return n, found
            if n == 1 and span[:1].isupper():
                found = self._words.get(key(span))
                if found is not None:
                    return 1, found
        return None


def redactor(journal: Journal, secret: str, *, notes: bool) -> Redactor:
    """A Redactor knowing every person's name and aliases (read in one pass)."""
    whole: dict[str, str] = {}
    words: dict[str, str] = {}
    fragments: set[str] = set()
    for row in journal.rows("SELECT person_id, kind, text, key FROM person_key WHERE kind IN ('name', 'alias')"):
        replacement = pseudonym(secret, row["person_id"])
        fragments |= {key(piece.group()) for piece in _WORD.finditer(row["text"])}
        whole[row["key"]] = replacement
        for word in row["key"].split(" "):
            if len(word) >= _SHORTEST_WORD:
                words[word] = replacement if words.get(word, replacement) == replacement else SOMEONE
    longest = max((len(k.split(" ")) for k in whole), default=1)
    return Redactor(secret, notes, whole, words, longest, frozenset(fragments))


def levels(given: list[str] | None) -> tuple[bool, bool]:
    """What `--redact` asked for: (redact at all, drop notes too). Raises BadInput for a level
    that is not one."""
    from onetoone.errors import BadInput

    if given is None:
        return False, False
    wanted = {level.strip().lower() for level in given if level.strip()} or {NAMES}
    unknown = wanted - set(LEVELS)
    if unknown:
        raise BadInput(f"--redact takes 'names' (the default) or 'notes'; got '{sorted(unknown)[0]}'.")
    return True, NOTES in wanted


Scrub = Callable[[str | None], str | None]
