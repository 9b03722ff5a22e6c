"""Mentions: where someone else's record names this person (a promise either way, an ask, a next
step, an ask planned for a meeting), for the prep sheet.

A person is named by their full name or an alias, anywhere in the text and in any case; or by
their first or last name alone, written with a capital, when no one else in the journal has that
word in their name (a first name two people share names neither: oto would be guessing, and a
wrong "Maria" on a prep sheet is worse than a missing one). Names are compared in the loose form
of `keys.key` (accents, case and apostrophes ignored: "Nunez" is Núñez, "O’Connor" O'Connor),
word by word, so "Tom" is not in "Tomato" and "Tom's" is Tom. A one-word form followed by "you"
is a question ("Will you ...?"), not a person called Will.

By default only what is still open is searched: promises open or renegotiated, asks a follow-up
still waits on (a maybe or a later to revisit, a yes with a date to agree), next steps with a day
not yet done, asks planned for a meeting still planned. These come from small indexed sets, so
prep stays quick on a journal of ten years; `past=True` (`oto prep NAME --all`) reads the whole
journal: every promise, ask, next step and planned ask ever written, the closed ones too.

SQL narrows the rows with LIKE on the name's words in order, their vowels (and any letter outside
ASCII or apostrophe) left open, so "Tomás", "TOMAS" and "tomas" all reach Python, which decides
on whole words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from onetoone.domain.people import PersonRef, aliases
from onetoone.keys import APOSTROPHES, key
from onetoone.store.journal import Journal, in_list
from onetoone.vocabulary import MENTION_KINDS, OPEN_PROMISE

# Words before a name that are not the name: "Father Tom" is found as "Tom", never as "Father".
TITLES = frozenset(
    "father fr sister sr brother br pastor reverend rev imam rabbi deacon bishop dr mr mrs ms miss mx "
    "aunt auntie uncle don dona tia tio"
    .split()
)

_WORD = re.compile(rf"(?:[^\W_]|[\u0300-\u036f])+(?:[{re.escape(APOSTROPHES)}](?:[^\W_]|[\u0300-\u036f])+)*")
_POSSESSIVE = re.compile(rf"[{re.escape(APOSTROPHES)}][sS]$")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class Mention:
    """One record of someone else's that names the person."""

    kind: str  # one of vocabulary.MENTION_KINDS
    id: int  # what commands take: a promise (p7), an ask (a3), a meeting (m12) for a next step or a planned ask
    on: date  # promised, asked, met, or planned for
    person_id: int  # whose record it is
    person: str
    text: str  # the organizer's own words
    state: str | None  # a promise's status, an ask's answer, a meeting's status
    due: date | None  # an open promise's or next step's day
    open: bool


@dataclass(frozen=True)
class Mentions:
    """What prep shows under "Mentioned elsewhere": newest first, at most `limit` of them."""

    items: list[Mention] = field(default_factory=list)
    more: int = 0  # found but left out to keep the sheet short
    names: list[str] = field(default_factory=list)  # the forms searched for, as the journal spells them
    shared: list[str] = field(default_factory=list)  # first or last names left out: someone else has them too
    past: bool = False  # closed records were searched too


@dataclass(frozen=True)
class _Needle:
    words: tuple[str, ...]  # loose keys, word by word
    shown: str  # as the journal spells it
    spelled: tuple[str, ...]  # its words as spelled, for SQL to narrow by
    one_word: bool


def find(journal: Journal, person: PersonRef, *, limit: int | None = None, past: bool = False) -> Mentions:
    """The records of other people that name `person`, newest first (`limit` None: all)."""
    needles, shared = _needles(journal, person)
    if not needles:
        return Mentions(shared=shared, past=past)
    patterns = {f"m{n}": p for n, p in enumerate(sorted({p for needle in needles for p in _patterns(needle.spelled)}))}
    found: dict[tuple[str, int, str], Mention] = {}
    from_asks: dict[tuple[str, int, str], int | None] = {}
    longer = _LongerNames(journal, person.id)
    for sql, column in _sources(past):
        like = " OR ".join(f"{column} LIKE :{name} ESCAPE '\\'" for name in patterns)
        for row in journal.rows(sql.replace("{like}", like), {"p": person.id, **patterns, **_OPEN}):
            if not _names(row["text"], needles, longer):
                continue
            mention = Mention(
                kind=row["kind"], id=row["id"], on=row["on"], person_id=row["person_id"], person=row["person"],
                text=row["text"], state=row["state"], due=row["due"], open=bool(row["open"]),
            )
            found.setdefault((mention.kind, mention.id, mention.text), mention)
            if mention.kind == "ask":
                from_asks[(mention.kind, mention.id, mention.text)] = row["promise_id"]
    promised = {m.id for m in found.values() if m.kind.startswith("promise-")}
    kept = [m for k, m in found.items() if from_asks.get(k) is None or from_asks[k] not in promised]  # a yes is shown once, as the commitment
    rank = {kind: n for n, kind in enumerate(MENTION_KINDS)}
    kept.sort(key=lambda m: (-m.on.toordinal(), rank[m.kind], -m.id))
    shown = kept if limit is None else kept[:limit]
    return Mentions(shown, len(kept) - len(shown), [n.shown for n in needles], shared, past)


# -- the names looked for ------------------------------------------------------------------------


def words(text: str) -> list[tuple[str, bool]]:
    """The words of `text` as (loose key, written with a capital), possessives dropped ("Tom's" is
    Tom's name); hyphens and punctuation separate words, apostrophes inside one do not."""
    return [(loose, token[:1].isupper()) for token, loose in _keyed(text)]


def _needles(journal: Journal, person: PersonRef) -> tuple[list[_Needle], list[str]]:
    """(what names the person, the first or last names left out because others share them)."""
    needles: dict[tuple[str, ...], _Needle] = {}

    def add(spelled: list[str], shown: str) -> None:
        loose = tuple(key(w) for w in spelled)
        if loose and loose not in needles:
            needles[loose] = _Needle(loose, shown, tuple(spelled), len(loose) == 1)

    spelled = _spelled(person.name)
    name = spelled
    while len(name) > 1 and key(name[0]) in TITLES:
        name = name[1:]
    forms = [(_spelled(full), full) for full in (person.name, *aliases(journal, person.id))]
    forms += [([word], word) for word in ((name[0], name[-1]) if len(spelled) > 1 else ())]
    shared: list[str] = []
    for words_of, shown in forms:
        if len(words_of) == 1 and (len(key(words_of[0])) < 2 or _others_called(journal, key(words_of[0]), person.id)):
            if shown not in shared and (key(shown),) not in needles:
                shared.append(shown)
            continue
        add(words_of, shown)
    return list(needles.values()), shared


def _spelled(text: str) -> list[str]:
    """The words of `text` as written, possessives dropped."""
    return [token for token, _ in _keyed(text)]


def _keyed(text: str) -> list[tuple[str, str]]:
    tokens = (_POSSESSIVE.sub("", m.group()) for m in _WORD.finditer(unicodedata.normalize("NFC", text)))
    return [(token, loose) for token, loose in ((t, key(t)) for t in tokens) if loose]


def _others_called(journal: Journal, word: str, person_id: int) -> bool:
    """Whether anyone else has `word` as a word of their name, or as a one-word alias: their
    first word (a key starting 'word '), any later word (kept as a 'word' key), or all of it.
    The first word of an alias counts too; a later one ('Tom' in someone's alias 'Father Tom')
    is not looked at, as aliases keep no words of their own to find it by an index."""
    return journal.value(
        """SELECT 1 FROM person_key WHERE person_id != :p AND (key = :w OR (key >= :w || ' ' AND key < :w || '!')) LIMIT 1""",
        {"p": person_id, "w": word},
    ) is not None


def _patterns(spelled: tuple[str, ...]) -> set[str]:
    """LIKE patterns any spelling of a name matches: its words in order, as loose keys and as
    spelled, each with its vowels, apostrophes and letters outside ASCII open (`_`), anything
    between the words ('María López', 'maria  lopez' and 'MARIA-LOPEZ' match '%m_r__%l_p_z%')."""
    def opened(word: str) -> str:
        out = []
        for ch in word:
            if ch in "%_\\":
                out.append("\\" + ch)
            elif not ch.isascii() or ch in _VOWELS or ch in APOSTROPHES:
                out.append("_")
            else:
                out.append(ch)
        return "".join(out)

    return {"%" + "%".join(opened(form(w)) for w in spelled) + "%" for form in (key, str.casefold)}


def _names(text: str, needles: list[_Needle], longer: _LongerNames) -> bool:
    whole = key(text)  # one quick look first: most texts SQL lets through hold none of the words
    if not any(all(word in whole for word in needle.words) for needle in needles):
        return False
    found = words(text)
    loose = [w for w, _ in found]
    for needle in needles:
        size = len(needle.words)
        for start in range(len(loose) - size + 1):
            if tuple(loose[start:start + size]) != needle.words:
                continue
            if needle.one_word and (not found[start][1] or loose[start + 1:start + 2] == ["you"]):
                continue
            if longer.covers(loose, start, size):
                continue
            return True
    return False


class _LongerNames:
    """Whether a name found in a text is part of someone else's longer name there ("Maria Lopez"
    inside "Ana Maria Lopez", when Ana Maria Lopez is in the journal): then it names them."""

    def __init__(self, journal: Journal, person_id: int) -> None:
        self.journal, self.person_id, self.known = journal, person_id, {}

    def covers(self, loose: list[str], start: int, size: int) -> bool:
        spans = [" ".join(loose[a:b]) for a, b in ((start - 1, start + size), (start, start + size + 1), (start - 1, start + size + 1))
                 if a >= 0 and b <= len(loose)]
        asked = [s for s in spans if s not in self.known]
        if asked:
            marks, params = in_list("k", asked)
            taken = {row[0] for row in self.journal.rows(
                f"SELECT key FROM person_key WHERE kind IN ('name', 'alias') AND person_id != :p AND key IN ({marks})",
                {"p": self.person_id, **params},
            )}
            self.known.update({s: s in taken for s in asked})
        return any(self.known[s] for s in spans)


# -- where they are looked for -------------------------------------------------------------------

_OPEN_MARKS, _OPEN = in_list("open", OPEN_PROMISE)


def _sources(past: bool) -> list[tuple[str, str]]:
    """(one SELECT per kind of record, the column its text is in): each gives kind, id, on,
    person_id, person, text, state, due, open and promise_id; `{like}` is where the name's
    patterns go. Without `past`, each reads only what is still open, through an index."""
    promise_open = f"pr.status IN ({_OPEN_MARKS})"
    promises = f"""
        SELECT 'promise-' || pr.direction AS kind, pr.id, pr.created_on AS "on [date]", pr.person_id, p.name AS person,
               pr.text, pr.status AS state, pr.due AS "due [date]", {promise_open} AS open, NULL AS promise_id
        FROM promise pr JOIN person p ON p.id = pr.person_id
        WHERE pr.person_id != :p {"" if past else "AND " + promise_open} AND ({{like}})"""
    # An ask is open while a follow-up waits on it (a maybe's revisit, a yes's date to agree); a
    # yes is then their commitment, found as a promise.
    asks = """
        SELECT 'ask' AS kind, a.id, a.asked_on AS "on [date]", a.person_id, p.name AS person, a.text,
               a.answer AS state, f.due AS "due [date]", f.due IS NOT NULL AS open, a.promise_id
        FROM ask a JOIN person p ON p.id = a.person_id
        LEFT JOIN (SELECT ask_id, min(due) AS due FROM followup WHERE status = 'open' AND ask_id IS NOT NULL
                   GROUP BY ask_id) f ON f.ask_id = a.id
        WHERE a.person_id != :p AND ({like})"""
    if not past:
        asks = """
        SELECT 'ask' AS kind, a.id, a.asked_on AS "on [date]", a.person_id, p.name AS person, a.text,
               a.answer AS state, min(f.due) AS "due [date]", true AS open, a.promise_id
        FROM followup f JOIN ask a ON a.id = f.ask_id JOIN person p ON p.id = a.person_id
        WHERE f.status = 'open' AND f.ask_id IS NOT NULL AND a.person_id != :p AND ({like})
        GROUP BY a.id, p.id"""
    planned = f"""
        SELECT 'planned-ask' AS kind, m.id, date(m.planned_at) AS "on [date]", m.person_id, p.name AS person, pa.text,
               m.status AS state, NULL AS "due [date]", m.status = 'planned' AS open, NULL AS promise_id
        FROM planned_ask pa JOIN meeting m ON m.id = pa.meeting_id JOIN person p ON p.id = m.person_id
        WHERE m.person_id != :p {"" if past else "AND m.status = 'planned'"} AND m.planned_at IS NOT NULL AND ({{like}})"""
    if past:  # every next step written, with the day of its open follow-up if it is still to do
        steps = """
        SELECT 'next-step' AS kind, m.id, coalesce(m.held_on, date(m.planned_at)) AS "on [date]", m.person_id,
               p.name AS person, m.next_step AS text, m.status AS state, s.due AS "due [date]", s.due IS NOT NULL AS open,
               NULL AS promise_id
        FROM meeting m JOIN person p ON p.id = m.person_id
        LEFT JOIN (SELECT meeting_id, min(due) AS due FROM followup WHERE kind = 'next-step' AND status = 'open'
                   GROUP BY meeting_id) s ON s.meeting_id = m.id
        WHERE m.person_id != :p AND m.next_step IS NOT NULL AND coalesce(m.held_on, m.planned_at) IS NOT NULL
          AND ({like})"""
    else:  # the next steps still to do are the open follow-ups that carry them
        steps = """
        SELECT 'next-step' AS kind, f.meeting_id AS id, coalesce(m.held_on, f.created_on) AS "on [date]", f.person_id,
               p.name AS person, f.words AS text, m.status AS state, f.due AS "due [date]", true AS open, NULL AS promise_id
        FROM followup f JOIN person p ON p.id = f.person_id JOIN meeting m ON m.id = f.meeting_id
        WHERE f.status = 'open' AND f.kind = 'next-step' AND f.person_id != :p AND f.words IS NOT NULL AND ({like})"""
    column = "m.next_step" if past else "f.words"
    return [(promises, "pr.text"), (asks, "a.text"), (steps, column), (planned, "pa.text")]
