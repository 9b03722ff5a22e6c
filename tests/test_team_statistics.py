"""The planner's statistics of a team journal's private words (pg_frozen.PRIVATE_WORDS,
migration 0014): PostgreSQL estimates a leakproof `=` from a column's statistics whatever
row-level security hides, so organizer B's EXPLAIN would tell B whether A wrote a text. None of
A's words keeps any statistics, and no index or extended statistics keeps them instead."""

from __future__ import annotations

import json

import pytest

from tests.test_team_privacy import SECRET, team  # noqa: F401  (a fixture: A's journal, B, admin C)

psycopg = pytest.importorskip("psycopg")

MANY = 3000


def _estimate(conn, table: str, column: str, value: str) -> float:
    plan = conn.execute(f"EXPLAIN (FORMAT JSON) SELECT * FROM {table} WHERE {column} = %s", (value,)).fetchone()[0]
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"]


def _analyzed(pg, a: str, b: str, person: int) -> None:
    """MANY meetings of A's noting exactly SECRET, MANY of B's noting other things; ANALYZE."""
    with psycopg.connect(pg.url) as admin:
        admin.execute("INSERT INTO meeting (person_id, status, note, created_at, owner) "
                      "SELECT %s, 'held', %s, now(), %s FROM generate_series(1, %s)", (person, SECRET, a, MANY))
        admin.execute("INSERT INTO meeting (person_id, status, note, created_at, owner) "
                      "SELECT %s, 'held', 'an ordinary plan ' || g, now(), %s FROM generate_series(1, %s) g", (person, b, MANY))
    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute("ANALYZE")


def test_no_estimate_tells_b_whether_a_wrote_a_text(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    _analyzed(pg, a, b, ids["person"])
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT count(*) FROM meeting WHERE note = %s", (SECRET,)).fetchone() == (0,)  # RLS hides the rows
        assert _estimate(conn, "meeting", "note", SECRET) == _estimate(conn, "meeting", "note", "nobody wrote this")
    # Why: with the statistics ANALYZE keeps by default, B's estimate counts A's rows.
    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute("ALTER TABLE meeting ALTER COLUMN note SET STATISTICS -1")
        admin.execute("ANALYZE meeting")
    with psycopg.connect(pg.url_as(b)) as conn:
        assert _estimate(conn, "meeting", "note", SECRET) > 10 * _estimate(conn, "meeting", "note", "nobody wrote this")


def test_every_private_column_of_words_keeps_no_statistics(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    from onetoone.store import pg_frozen

    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute("ANALYZE")
        for table, columns in pg_frozen.PRIVATE_WORDS.items():
            for column in columns:
                assert admin.execute("SELECT count(*) FROM pg_statistic s JOIN pg_attribute a ON a.attrelid = s.starelid "
                                     "AND a.attnum = s.staattnum WHERE s.starelid = %s::regclass AND a.attname = %s",
                                     (table, column)).fetchone() == (0,), (table, column)
        # nothing else keeps them: no extended statistics, no index on an expression (its own statistics)
        # of a private table, and no statistics of any of its indexes at all
        private = list(pg_frozen.PRIVATE_WORDS)
        assert admin.execute("SELECT count(*) FROM pg_statistic_ext WHERE stxrelid::regclass::text = ANY(%s)",
                             (private,)).fetchone() == (0,)
        assert admin.execute("SELECT count(*) FROM pg_index WHERE indrelid::regclass::text = ANY(%s) AND indexprs IS NOT NULL",
                             (private,)).fetchone() == (0,)
        assert admin.execute("SELECT count(*) FROM pg_statistic s JOIN pg_index i ON i.indexrelid = s.starelid "
                             "WHERE i.indrelid::regclass::text = ANY(%s)", (private,)).fetchone() == (0,)
    with psycopg.connect(pg.url) as admin:
        seen = admin.execute("SELECT most_common_vals::text, histogram_bounds::text FROM pg_stats WHERE schemaname = 'public'").fetchall()
        assert SECRET not in repr(seen)  # not even the superuser's pg_stats holds A's words


def test_the_words_are_every_private_text_the_team_views_do_not_show():
    """Every text column of a private table is either words (no statistics) or a fact: the
    owner, a vocabulary's word, or what a team view shows of every row. A new column is one or the
    other here, or this fails."""
    from sqlalchemy import String
    from sqlmodel import SQLModel

    from onetoone.store import models, pg_frozen, pg_schema  # noqa: F401

    facts = {("meeting", "status"), ("insight", "kind"), ("promise", "direction"), ("promise", "status"),
             ("followup", "kind"), ("followup", "status"), ("contact", "kind"), ("undo_log", "tbl"), ("undo_log", "op"),
             ("pushed", "source"), ("pushed", "tbl")}
    texts = {(table.name, column.name) for table in SQLModel.metadata.sorted_tables if table.name in pg_schema.PRIVATE
             for column in table.columns if isinstance(getattr(column.type, "impl", column.type), String)}
    texts |= {("pushed", "source"), ("pushed", "tbl"), ("pushed", "digest")}  # PUSHED_DDL's, no model
    words = {(table, column) for table, columns in pg_frozen.PRIVATE_WORDS.items() for column in columns}
    assert words == texts - facts
    assert set(pg_frozen.PRIVATE_WORDS) <= set(pg_schema.PRIVATE)
    for table, column in facts:
        assert table in pg_schema.PRIVATE
