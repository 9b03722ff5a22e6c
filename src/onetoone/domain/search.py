"""Finding what the organizer wrote (`oto search`), through the index of store/search_index.py
(on a team journal, PostgreSQL's own full-text search over the same sources: store/pg_search.py).

The organizer's text never reaches FTS5 as typed. `parse` reads it as words, word starts
(`land*`) and phrases in double quotes, and writes a query made only of quoted strings, so no
character of it is FTS5 syntax: AND, OR, NOT, NEAR(, `-`, `^`, `column:` and a stray `*` or `"`
are words or spaces, and `%`, `_` and `\\` are plain characters, never wildcards. A piece joined
by punctuation (`3A's`, `e-mail`, `a_b`) is a phrase, so it is found as it is written. Every term
must be found. Case and accents do not matter, as in the index (`unicode61 remove_diacritics 2`).

Each hit comes back with the whole text it was found in and where the terms are in it
(`marks`, spans of characters): render cuts the snippet and marks them, so the marking never
comes from the organizer's text.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from onetoone.errors import BadInput
from onetoone.store import driver
from onetoone.store import search_index as index
from onetoone.store.journal import Journal, in_list
from onetoone.vocabulary import SEARCH_KINDS

SORTS = ("newest", "best")
_EPOCH = date(1970, 1, 1).toordinal()  # the index's days count from it
TYPED_LIMIT = 500  # characters of a search
TERM_LIMIT = 16


@dataclass(frozen=True)
class Term:
    """A word, a word's start (`prefix`) or a phrase: its words as typed and as compared."""

    typed: tuple[str, ...]
    words: tuple[str, ...]  # folded: lower case, no accents
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    typed: str
    terms: tuple[Term, ...]

    def fts(self) -> str:
        """The FTS5 query: each term one quoted string (a phrase), `*` after a word start."""
        return " ".join('"' + " ".join(term.typed) + '"' + ("*" if term.prefix else "") for term in self.terms)


@dataclass(frozen=True)
class Hit:
    kind: str  # one of SEARCH_KINDS (an insight of an unknown kind: that kind)
    detail: str | None  # a promise's direction, a logged contact's kind, a person's field
    ref: str | None  # the id other commands take (m14, i12, a3, p7, c5); None for a person's own fields
    person: str
    person_id: int
    day: date
    text: str  # the whole text, its runs of spaces and line breaks made one space
    marks: tuple[tuple[int, int], ...]  # where the terms are in `text`: [start, end) in characters (for the hits shown)
    rank: float | None = None  # FTS5's bm25 rank (a team journal's: ts_rank, negated): lower is better


@dataclass(frozen=True)
class Found:
    query: Query
    hits: list[Hit]
    total: int  # how many match, of which `hits` are the first
    sort: str
    person: str | None
    kinds: tuple[str, ...]
    since: date | None
    until: date | None


# -- Reading what was typed ---------------------------------------------------------------


def _is_word_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def _tokens(text: str) -> list[tuple[int, int]]:
    """The spans of the words in `text`, as unicode61 cuts them (letters, digits and marks)."""
    spans, start = [], None
    for at, ch in enumerate(text):
        if _is_word_char(ch):
            if start is None:
                start = at
        elif start is not None:
            spans.append((start, at))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def fold(word: str) -> str:
    """A word as the index compares it: accents dropped, lower case."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)).lower()


def _term(piece: str, *, prefix: bool) -> Term | None:
    words = tuple(piece[start:end] for start, end in _tokens(piece))
    if not words:
        return None
    return Term(words, tuple(fold(word) for word in words), prefix)


def parse(typed: str) -> Query:
    """The organizer's search as terms (see the module docstring); BadInput if there is nothing
    to search for in it or it is too long."""
    text = unicodedata.normalize("NFC", typed)
    if len(text) > TYPED_LIMIT:
        raise BadInput(f"The search is {len(text):,} characters long; the limit is {TYPED_LIMIT}. Search for fewer words.")
    terms: list[Term] = []
    pieces = text.split('"')
    for number, piece in enumerate(pieces):
        if number % 2:  # between quotes (an unclosed quote runs to the end): one phrase
            after = pieces[number + 1] if number + 1 < len(pieces) else ""
            terms.append(_term(piece, prefix=after.startswith("*")))
            continue
        for chunk in piece.split():
            spans = _tokens(chunk)
            prefix = bool(spans) and chunk[spans[-1][1]:spans[-1][1] + 1] == "*"
            terms.append(_term(chunk, prefix=prefix))
    found = tuple(term for term in terms if term is not None)
    if not found:
        raise BadInput(
            f"There is nothing to search for in '{typed}': search for a word, the start of one "
            "(land*) or a phrase in quotes."
        )
    if len(found) > TERM_LIMIT:
        raise BadInput(f"The search has {len(found)} words and phrases; search for at most {TERM_LIMIT} at a time.")
    return Query(typed, found)


def marks(text: str, query: Query) -> tuple[tuple[int, int], ...]:
    """Where `query`'s terms are in `text`, as [start, end) spans, in order, none overlapping."""
    spans = _tokens(text)
    words = [fold(text[start:end]) for start, end in spans]
    found = []
    for term in query.terms:
        size = len(term.words)
        for at in range(len(words) - size + 1):
            *whole, last = words[at:at + size]
            if whole != list(term.words[:-1]):
                continue
            if last == term.words[-1] or (term.prefix and last.startswith(term.words[-1])):
                found.append((spans[at][0], spans[at + size - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def kinds(typed: list[str] | None) -> tuple[str, ...]:
    """The --kind values, checked (any order, each once)."""
    chosen = []
    for kind in typed or []:
        wanted = kind.strip().lower()
        if wanted not in SEARCH_KINDS:
            raise BadInput(f"Unknown kind '{kind}'. Search one of: {', '.join(SEARCH_KINDS)}.")
        chosen.append(wanted)
    return tuple(dict.fromkeys(chosen))


def sort_order(typed: str) -> str:
    wanted = typed.strip().lower()
    if wanted not in SORTS:
        raise BadInput(f"Sort results by 'newest' or 'best', not '{typed}'.")
    return wanted


# -- Searching -----------------------------------------------------------------------------


def _codes(chosen: tuple[str, ...]) -> list[int] | None:
    """The index codes of the chosen kinds (None: every kind)."""
    if not chosen:
        return None
    by_kind = {
        **{kind: [code] for kind, code in index.INSIGHT_CODES.items()},
        "note": [index.NOTE], "next-step": [index.NEXT_STEP], "ask": [index.ASK], "planned-ask": [index.PLANNED_ASK],
        "promise": list(index.PROMISE_CODES.values()), "log": [index.CONTACT], "person": list(index.PERSON_CODES.values()),
    }
    return sorted(code for kind in chosen for code in by_kind[kind])


def search(
    journal: Journal, query: Query, *, person=None, chosen: tuple[str, ...] = (), since: date | None = None,
    until: date | None = None, limit: int | None = 20, sort: str = "newest",
) -> Found:
    """What matches `query`, newest or best first, at most `limit` (None: all), about `person`
    (a PersonRef) only, of the `chosen` kinds only, from `since` to `until` (days included)."""
    codes = _codes(chosen)
    try:
        if journal.dialect == "postgresql":  # a team journal: PostgreSQL's own full-text search
            total, hits = None, _on_team(journal, query, codes, person, ranked=sort == "best")
        elif person is not None:
            rows = _theirs(journal, query, person.id, codes, ranked=sort == "best")
            total, hits = None, _resolve(journal, rows)
        else:
            hits, total = _everyone(journal, query, codes, since=since, until=until, limit=limit, sort=sort)
    except driver.OperationalError as problem:  # never expected: the query is built of quoted strings only
        raise BadInput(f"oto could not search for '{query.typed}' ({problem}); search for plain words.") from None
    hits = [hit for hit in hits if (since is None or hit.day >= since) and (until is None or hit.day <= until)]
    total = len(hits) if total is None else total
    hits.sort(key=_newest if sort == "newest" else _best)
    shown = [replace(hit, marks=marks(hit.text, query)) for hit in (hits[:limit] if limit else hits)]
    return Found(query, shown, total, sort, person.name if person else None, chosen, since, until)


def _newest(hit: Hit):
    return (-hit.day.toordinal(), hit.kind, hit.ref or "")


def _best(hit: Hit):
    return (hit.rank if hit.rank is not None else 0.0, _newest(hit))


def _rank(ranked: bool) -> str:
    return "rank" if ranked else "NULL AS rank"


def _code_filter(codes: list[int] | None) -> tuple[str, dict]:
    if codes is None:
        return "", {}
    listed, params = in_list("code", codes)
    return f" AND rowid % {index.CODES} IN ({listed})", params


def _everyone(journal: Journal, query: Query, codes, *, since, until, limit, sort) -> tuple[list[Hit], int]:
    """Hits about anyone. Entries with a day are read from the index in order (newest: by rowid,
    a period: a rowid range), at most `limit`; those without one (planned asks) are few, read whole."""
    where, params = _code_filter(codes)
    params = {**params, "q": query.fts(), "undated": index.DAY, "lo": max(index.DAY, (since.toordinal() - _EPOCH) * index.DAY if since else 0),
              "hi": ((until.toordinal() - _EPOCH + 1) * index.DAY - 1) if until else 2**63 - 1, "limit": limit or -1}
    match = f"FROM {index.TABLE} WHERE {index.TABLE} MATCH :q"
    order = "rowid DESC" if sort == "newest" else "rank"
    dated = journal.rows(f"SELECT rowid, rank {match} AND rowid BETWEEN :lo AND :hi{where} ORDER BY {order} LIMIT :limit", params)
    undated = _undated(journal, journal.rows(f"SELECT rowid, {_rank(sort == 'best')} {match} AND rowid < :undated{where}", params),
                       since=since, until=until, limit=limit, sort=sort)
    total = len(dated)
    if limit and total >= limit:
        total = journal.value(f"SELECT count(*) {match} AND rowid BETWEEN :lo AND :hi{where}", params)
    return _resolve(journal, dated + undated[0]), total + undated[1]


def _undated(journal: Journal, entries, *, since, until, limit, sort) -> tuple[list, int]:
    """Of the entries without a day in the index (planned asks), the first `limit` in the period
    by their one-to-one's day (newest) or rank (best), and how many are in the period."""
    ids = [index.id_of(rid) for rid, _ in entries if index.code_of(rid) == index.PLANNED_ASK]
    if not ids:
        return [], 0
    days = {row["id"]: row["day"] for row in journal.rows(_PLANNED_DAYS, {"ids": json.dumps(ids)})}
    kept = [
        (rid, rank) for rid, rank in entries
        if index.id_of(rid) in days and (since is None or days[index.id_of(rid)] >= since)
        and (until is None or days[index.id_of(rid)] <= until)
    ]
    if sort == "newest":
        kept.sort(key=lambda entry: (days[index.id_of(entry[0])], entry[0]), reverse=True)
    else:
        kept.sort(key=lambda entry: entry[1])
    return (kept[:limit] if limit else kept), len(kept)


def _theirs(journal: Journal, query: Query, person_id: int, codes, *, ranked: bool) -> list:
    """The entries about one person that match: their own entries (found through their rows),
    kept in one pass over the matches (a lookup per entry would read a common word's whole list
    of entries each time). Ranked only when asked: FTS5 ranks a common word's matches slowly."""
    sources = [source for source in index.SOURCES if codes is None or set(source.codes) & set(codes)]
    theirs = " UNION ALL ".join(
        f"SELECT {index.rowid(source, 't')} FROM {source.table} t "
        f"WHERE {source.owned.format(row='t')} AND t.{source.column} IS NOT NULL"
        for source in sources
    )
    where, params = _code_filter(codes)
    return journal.rows(
        f"SELECT rowid, {_rank(ranked)} FROM {index.TABLE} WHERE {index.TABLE} MATCH :q AND rowid IN ({theirs}){where}",
        {**params, "q": query.fts(), "person": person_id},
    )


_WHO = "JOIN person p ON p.id = t.person_id WHERE t.id IN (SELECT value FROM json_each(:ids))"
_MEETING_DAY = index.MEETING_DAY
_READ = {
    "person": "SELECT t.id, t.id AS person_id, t.name AS person, t.created_on AS day, t.name, t.contact, t.met_how, "
              "(SELECT name FROM institution WHERE id = t.institution_id) AS institution, t.role FROM person t "
              "WHERE t.id IN (SELECT value FROM json_each(:ids))",
    "meeting": f"SELECT t.id, t.person_id, p.name AS person, {_MEETING_DAY.format(row='t')} AS \"day [date]\", t.note, t.next_step "
               f"FROM meeting t {_WHO}",
    "planned_ask": f"SELECT t.id, m.person_id, p.name AS person, {_MEETING_DAY.format(row='m')} AS \"day [date]\", t.text, t.meeting_id "
                   "FROM planned_ask t JOIN meeting m ON m.id = t.meeting_id JOIN person p ON p.id = m.person_id "
                   "WHERE t.id IN (SELECT value FROM json_each(:ids))",
    "ask": f"SELECT t.id, t.person_id, p.name AS person, t.asked_on AS day, t.text FROM ask t {_WHO}",
    "promise": f"SELECT t.id, t.person_id, p.name AS person, t.created_on AS day, t.text, t.direction FROM promise t {_WHO}",
    "contact": f"SELECT t.id, t.person_id, p.name AS person, t.contacted_on AS day, t.note, t.kind FROM contact t {_WHO}",
    "insight": f"SELECT t.id, t.person_id, p.name AS person, t.created_on AS day, t.text, t.kind FROM insight t {_WHO}",
}


_PLANNED_DAYS = (
    f"SELECT t.id, {_MEETING_DAY.format(row='m')} AS \"day [date]\" FROM planned_ask t JOIN meeting m ON m.id = t.meeting_id "
    "WHERE t.id IN (SELECT value FROM json_each(:ids))"
)


def _what(source, row) -> tuple[str, str | None, str | None]:
    """(kind, detail, the id to open it) of `row`'s entry for `source`."""
    table = source.table
    if table == "person":
        return "person", source.field, None
    if table == "meeting":
        return ("note" if source.column == "note" else "next-step"), None, f"m{row['id']}"
    if table == "planned_ask":
        return "planned-ask", None, f"m{row['meeting_id']}"
    if table == "ask":
        return "ask", None, f"a{row['id']}"
    if table == "promise":
        return "promise", row["direction"], f"p{row['id']}"
    if table == "contact":
        return "log", row["kind"], f"c{row['id']}"
    return row["kind"], None, f"i{row['id']}"


def _on_team(journal, query: Query, codes, person, *, ranked: bool) -> list[Hit]:
    """The hits on a team journal (store/pg_search.py: the same sources, read as the organizer),
    ranked only when asked, as on SQLite (ts_rank folds each hit's text again)."""
    from onetoone.store import pg_search

    found = pg_search.search(journal, query.terms, codes=codes, person_id=person.id if person else None, ranked=ranked)
    return [_hit(source, row, row["text"], row["rank"]) for source, row in found]


def _hit(source, row, text: str | None, rank: float | None) -> Hit:
    """The hit for `row` of `source`, its text's runs of spaces made one."""
    kind, detail, ref = _what(source, row)
    return Hit(kind, detail, ref, row["person"], row["person_id"], row["day"], " ".join((text or "").split()), (), rank)


def _resolve(journal: Journal, entries) -> list[Hit]:
    """The hits for index entries (rowid, rank): each read from its own table, in one read a table."""
    wanted: dict[str, dict[int, list]] = {}
    for rid, rank in entries:
        source = index.source_of(index.code_of(rid))
        if source is not None:
            wanted.setdefault(source.table, {}).setdefault(index.id_of(rid), []).append((source, rank))
    hits = []
    for table, ids in wanted.items():
        for row in journal.rows(_READ[table], {"ids": json.dumps(list(ids))}):
            for source, rank in ids[row["id"]]:
                hits.append(_hit(source, row, row[source.field], rank))
    return hits
