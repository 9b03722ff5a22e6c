"""The PostgreSQL migrations' frozen SQL: what a team journal's steps of store/migrations.py run, and
what pg_schema._ddl (the schema oto describes) reads too, below both so neither imports the other
for it. Never edit it once released: a later migration adds its own."""

from __future__ import annotations


# team_search_index: `oto search` on a team journal stops folding every row's words at each search
# (store/pg_search.py). SQLite has nothing to do: its FTS5 index is 0008's. Frozen here as the
# other steps are. oto_search_words(text) is the fold the text and the search agree on
# (decomposed, combining accents dropped, punctuation made a space, then to_tsvector('simple')).
# A shared record's column (people, institutions: every organizer reads every row) gets a GIN
# index on that very expression, which the planner uses under RLS, whose policy there is `true`.
# A private table's column gets its folded words stored beside it instead
# (`<column>_words tsvector GENERATED ALWAYS AS ... STORED`), read under RLS as every row is: the
# policy (`owner = current_user ...`) is applied first and `@@` only to the rows it lets through.
# No index over everyone's private words: RLS keeps it out of an organizer's plan (`@@` is not
# leakproof), and one read past RLS (an owner's function, a leakproof `@@`) answers faster when
# another organizer wrote the word (4.9 ms against 0.25 ms for a word nobody wrote, measured with
# 20,000 of A's notes): B would learn what A wrote. The stored words keep no statistics (SET
# STATISTICS 0): the planner reads a column's statistics for anyone's estimate (EXPLAIN) whatever
# RLS hides, so ANALYZE would tell every organizer how often a word occurs in each other's notes.
TEAM_SEARCHED = (
    ("person", "name"), ("person", "contact"), ("person", "met_how"), ("person", "role"), ("institution", "name"),
    ("meeting", "note"), ("meeting", "next_step"), ("planned_ask", "text"), ("ask", "text"), ("promise", "text"),
    ("contact", "note"), ("insight", "text"),
)
# The private sources, their words stored beside them (`<column>_words`).
TEAM_SEARCHED_PRIVATE = ("meeting", "planned_ask", "ask", "promise", "contact", "insight")
_TEAM_SEARCH_PUNCTUATION = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()) + \
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00bf\u00a1\u00b7\u00a0"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def team_search_ddl() -> list[str]:
    """The team search migration's statements on PostgreSQL (also pg_schema._ddl's: the schema oto describes)."""
    punctuation = "[" + "".join("\\" + ch if ch in "\\]-^[" else ch for ch in _TEAM_SEARCH_PUNCTUATION) + "]+"
    accents = _sql_text("[\u0300-\u036f]+")
    fold = f"regexp_replace(regexp_replace(normalize(words, NFD), {accents}, '', 'g'), {_sql_text(punctuation)}, ' ', 'g')"
    statements = [
        "CREATE FUNCTION oto_search_words(words text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $oto$SELECT to_tsvector('simple'::regconfig, {fold})$oto$",
    ]
    for table, column in TEAM_SEARCHED:
        if table in TEAM_SEARCHED_PRIVATE:
            statements += [
                f"ALTER TABLE {table} ADD COLUMN {column}_words tsvector GENERATED ALWAYS AS (oto_search_words({column})) STORED",
                f"ALTER TABLE {table} ALTER COLUMN {column}_words SET STATISTICS 0",
            ]
        else:
            statements.append(f"CREATE INDEX ix_{table}_{column}_words ON {table} USING gin (oto_search_words({column}))")
    return statements


# private_words: the planner's statistics of the private words, as 0013 did for the stored search
# words. PostgreSQL estimates a leakproof operator (text `=`) from a column's statistics (its
# most common values, its histogram) whatever row-level security hides, so after ANALYZE,
# organizer B's `EXPLAIN SELECT * FROM meeting WHERE note = '...'` told B whether A wrote that
# very note. Every column of a private table that holds words (the organizers' own, or what
# holds them: undo's SQL, a setting, push's digest of a pushed row) keeps no statistics. Not the
# facts: the ids, dates, numbers, the owner, and the vocabularies' words (a status, a kind), which
# the team views show or which say nothing anyone wrote. Frozen here as the other steps are
# (tests/test_team_statistics.py says when a new column is neither); pg_schema._ddl reads it too.
PRIVATE_WORDS = {
    "meeting": ("place", "next_step", "note"), "planned_ask": ("text",), "insight": ("text",), "promise": ("text",),
    "ask": ("text", "answer"), "followup": ("words",), "contact": ("note",), "story": ("text",),
    "setting": ("key", "value"), "undo_step": ("command",), "undo_log": ("sql",), "pushed": ("digest",),
}


def private_words_ddl() -> list[str]:
    """The private words' migration on PostgreSQL (also pg_schema._ddl's)."""
    return [f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS 0"
            for table, columns in PRIVATE_WORDS.items() for column in columns]
