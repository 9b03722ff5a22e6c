"""`oto search` on a team journal: PostgreSQL's own full-text search, through GIN indexes.

SQLite searches its FTS5 index (store/search_index.py), kept by triggers. A team journal has no
index table and no triggers: each search reads the same sources (search_index.SOURCES: which
table, which column, what each hit is) from their tables, with the words already folded, as the
migration `team_search_index` keeps them (`pg_frozen.team_search_ddl`; PostgreSQL keeps them in
step with the rows itself):

- a shared record's column (a person's name, contact, how we met, role; an institution's name)
  through a GIN index on `oto_search_words(column)`, the very expression the search writes, which
  the planner uses under row-level security: every organizer reads every row, the policy is `true`;
- a private table's column (a note, a next step, a planned ask, an ask, a promise, a logged
  contact, an insight) through its stored words, `<column>_words` (a generated tsvector), read
  under row-level security as any row is: the policy goes first, then `@@` on the rows it lets
  through, no fold computed at the search. No index over everyone's private words: RLS keeps it
  out of the organizer's plan (`@@` is not leakproof), and one read past RLS would answer faster
  when another organizer wrote the word, telling the organizer what they wrote
  (tests/test_team_search_index.py).

It reads the tables as the organizer, so row-level security decides what is searched: their own
notes, insights, asks, promises and logged contacts, the shared records (people, institutions,
boundaries), never another organizer's private rows.

The 'simple' configuration stems nothing and drops no stop words, so names and any language are
found as written (`and` is a word). Case and accents do not matter, as on SQLite: both the text
and the search are decomposed (NFD, so the database's encoding must be UTF8) and their combining
accents dropped, and PostgreSQL's dictionary lower-cases both. Punctuation is made a space before
PostgreSQL's parser sees the text, so it cuts words as SQLite's unicode61 does
(`maria@example.org` is three words, `e-mail` two), not as its own parser does (an e-mail
address or a URL one token). Which characters are letters, and their case, is the database's
LC_CTYPE's: a UTF-8 one (C.UTF-8, en_US.UTF-8; the tests' server) knows every script (Ольга
finds ОЛЬГА); a plain C database was not tried. The stored words keep no statistics
(see team_search_ddl), which would tell anyone's EXPLAIN how often another organizer wrote a word.

The search reaches PostgreSQL as a tsquery made in Python of the words the domain read
(domain/search.parse): letters, digits and marks only, each in quotes, `<->` between a phrase's
words, `:*` after a word's start, `&` between terms. No character the organizer typed is tsquery
syntax. Only a team journal imports this module (domain/search.search).
"""

from __future__ import annotations

import unicodedata

from onetoone.store import search_index as index
from onetoone.store.pg_frozen import TEAM_SEARCHED_PRIVATE as PRIVATE


# The fold the text passes through is the team search migration's oto_search_words(text) (decomposed, its
# combining accents dropped, punctuation made a space, to_tsvector('simple')), which each shared
# source's GIN index and each private source's stored words hold; the search's words are folded
# here the same way (no punctuation is left in them).
WORDS = "oto_search_words"
QUERY = "to_tsquery('simple', :q)"


def _folded(word: str) -> str:
    """A word of the search as the text's fold leaves it (it has no punctuation: domain/search.parse)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not 0x300 <= ord(ch) <= 0x36F)


# Per table: the person a row is about, and the columns the domain names a hit by.
_ABOUT = {
    "person": ("t.id", "person p ON p.id = t.id"),
    "planned_ask": ("m.person_id", "meeting m ON m.id = t.meeting_id JOIN person p ON p.id = m.person_id"),
}
_EXTRA = {"planned_ask": {"meeting_id": "t.meeting_id"}, "promise": {"direction": "t.direction"},
          "contact": {"kind": "t.kind"}, "insight": {"kind": "t.kind"}}
_DAY = {"planned_ask": index.MEETING_DAY.format(row="m")}


def tsquery(terms) -> str:
    """The tsquery for the domain's terms (each with `.typed` words and `.prefix`); a word that
    folds to nothing (a lone accent) is left out, as SQLite leaves it ('' if none is left)."""
    parts = []
    for term in terms:
        words = [f"'{folded}'" for folded in (_folded(word) for word in term.typed) if folded]
        if not words:
            continue
        if term.prefix:
            words[-1] += ":*"
        parts.append(words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def _select(number: int, source: index.Source, codes: list[int] | None, *, about_one: bool, ranked: bool) -> str:
    person_id, about = _ABOUT.get(source.table, ("t.person_id", "person p ON p.id = t.person_id"))
    extra = _EXTRA.get(source.table, {})
    text = source.text("t")
    day = _DAY.get(source.table, source.day.format(row="t"))
    words = f"{WORDS}({text})"
    if source.table in PRIVATE:  # its words stored beside it, read under RLS (pg_frozen.team_search_ddl)
        words = f"t.{source.column}_words"
    elif source.words:  # the person's institution: its record's name, through its own index
        about += " JOIN institution i ON i.id = t.institution_id"
        text, words = "i.name", f"{WORDS}(i.name)"
    # else a shared record's: RLS lets every organizer read every row, and the index is used as is
    where = f"{words} @@ {QUERY}"
    if codes is not None and not set(source.codes) <= set(codes):
        where += f" AND {source.code.format(row='t')} IN ({', '.join(str(code) for code in codes)})"
    if about_one:
        where += " AND " + source.owned.format(row="t")
    rank = f"-ts_rank({words}, {QUERY})" if ranked else "CAST(NULL AS real)"
    columns = ", ".join(f"{extra[name]} AS {name}" if name in extra else f"CAST(NULL AS {kind}) AS {name}"
                        for name, kind in (("meeting_id", "integer"), ("direction", "varchar"), ("kind", "varchar")))
    return (f"SELECT {number} AS source, t.id, {person_id} AS person_id, p.name AS person, CAST({day} AS date) AS day, "
            f"CAST({text} AS varchar) AS text, {columns}, {rank} AS rank "
            f"FROM {source.table} t JOIN {about} WHERE {where}")


def search(journal, terms, *, codes: list[int] | None, person_id: int | None,
           ranked: bool = True) -> list[tuple[index.Source, object]]:
    """Every row the organizer may read that matches all `terms`, of the sources with `codes`
    (None: all), about `person_id` only (None: anyone): (its source, the row: source, id,
    person_id, person, day, text, meeting_id, direction, kind, rank: lower is better; NULL unless
    `ranked`)."""
    chosen = [(number, source) for number, source in enumerate(index.SOURCES)
              if codes is None or set(source.codes) & set(codes)]
    if not chosen or not tsquery(terms):
        return []
    union = " UNION ALL ".join(_select(number, source, codes, about_one=person_id is not None, ranked=ranked) for number, source in chosen)
    params = {"q": tsquery(terms), "person": person_id}
    return [(index.SOURCES[row["source"]], row) for row in journal.rows(union, params)]
