"""What `oto search` reads on a team journal (pg_frozen.team_search_ddl, store/pg_search.py),
checked with plain psycopg as the organizers: the shared records' GIN indexes are used under
row-level security; a private table's stored words are read under it, the policy first, with no
index over everyone's words to answer B faster when A wrote the word; and nothing keeps
statistics that would tell B how often A wrote one."""

from __future__ import annotations

import json

import pytest

from tests.test_team_privacy import SECRET, team  # noqa: F401  (a fixture: A's journal, B, admin C)

psycopg = pytest.importorskip("psycopg")

MANY = 3000  # rows enough for the planner to prefer an index to reading the table


def test_every_source_is_folded_once_and_read_as_rls_lets_it():
    """The migration is frozen text: this says when what is searched or shared has moved on from
    it (a new migration then adds the words or the index)."""
    from onetoone.store import pg_frozen, pg_schema, search_index

    searched = {(s.table, s.column) if not s.words else ("institution", "name") for s in search_index.SOURCES}
    assert searched == set(pg_frozen.TEAM_SEARCHED)
    for table in {table for table, _ in pg_frozen.TEAM_SEARCHED}:
        if table in pg_frozen.TEAM_SEARCHED_PRIVATE:  # its stored words, read under RLS
            assert table in pg_schema.PRIVATE, table
        else:  # through its index under RLS: every row is readable, so the policy lets the index be used
            assert pg_schema._shared_rows(table) == "true", table


def _many(pg, a: str, b: str, person: int) -> None:
    """MANY meetings of A's holding SECRET and MANY of B's holding none, and MANY people."""
    with psycopg.connect(pg.url) as admin:
        for owner, note in ((a, f"{SECRET} plan"), (b, "an ordinary plan")):
            admin.execute("INSERT INTO meeting (person_id, status, note, created_at, owner) "
                          "SELECT %s, 'held', %s || ' ' || g, now(), %s FROM generate_series(1, %s) g", (person, note, owner, MANY))
        admin.execute("INSERT INTO person (name, name_key, stage, do_not_contact, created_on, owner) "
                      "SELECT 'Person ' || g, 'person ' || g, 'contact', false, '2026-03-02', %s FROM generate_series(1, %s) g", (b, MANY))
    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute("ANALYZE")


def _plan(conn, sql: str, *params) -> str:
    return "\n".join(row[0] for row in conn.execute(f"EXPLAIN {sql}", params))


def _estimate(conn, word: str) -> float:
    plan = conn.execute("EXPLAIN (FORMAT JSON) SELECT id FROM meeting WHERE note_words @@ to_tsquery('simple', %s)",
                        (word,)).fetchone()[0]
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"]


def test_the_stored_words_keep_no_statistics_so_no_estimate_tells_b_of_a_s_words(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    _many(pg, a, b, ids["person"])
    from onetoone.store import pg_frozen

    private = [(t, f"{column}_words") for t, column in pg_frozen.TEAM_SEARCHED if t in pg_frozen.TEAM_SEARCHED_PRIVATE]
    with psycopg.connect(pg.url) as admin:  # not even the superuser's catalog holds them
        for table, column in private:
            assert admin.execute("SELECT count(*) FROM pg_statistic s JOIN pg_attribute a ON a.attrelid = s.starelid "
                                 "AND a.attnum = s.staattnum WHERE s.starelid = %s::regclass AND a.attname = %s",
                                 (table, column)).fetchone() == (0,), (table, column)
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE attname LIKE '%\\_words'").fetchone() == (0,)
        assert _estimate(conn, SECRET.lower()) == _estimate(conn, "nobodywrotethis")
    # Why: with the statistics ANALYZE would keep, B's estimate counts A's rows (tsquerysel reads
    # them whatever RLS hides), though pg_stats shows B nothing.
    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute("ALTER TABLE meeting ALTER COLUMN note_words SET STATISTICS -1")
        admin.execute("ANALYZE meeting")
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE attname = 'note_words'").fetchone() == (0,)
        assert _estimate(conn, SECRET.lower()) > 10 * _estimate(conn, "nobodywrotethis")


def test_b_reads_none_of_a_s_stored_words_and_no_index_holds_them(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    from onetoone.store import pg_frozen

    secret = SECRET.lower()
    private = [(t, f"{column}_words") for t, column in pg_frozen.TEAM_SEARCHED if t in pg_frozen.TEAM_SEARCHED_PRIVATE]
    with psycopg.connect(pg.url_as(a)) as conn:  # A finds her own words in each
        for table, column in private:
            assert conn.execute(f"SELECT count(*) FROM {table} WHERE {column} @@ to_tsquery('simple', %s)", (secret,)).fetchone()[0], table
    with psycopg.connect(pg.url_as(b)) as conn:
        for table, column in private:
            assert conn.execute(f"SELECT count(*) FROM {table} WHERE {column} @@ to_tsquery('simple', %s)", (secret,)).fetchone() == (0,)
            assert SECRET.lower() not in repr(conn.execute(f"SELECT {column} FROM {table}").fetchall())
            with pytest.raises(psycopg.errors.GeneratedAlways):  # and nobody writes them but PostgreSQL
                conn.execute(f"UPDATE {table} SET {column} = to_tsvector('simple', 'x')")
            conn.rollback()
    with psycopg.connect(pg.url) as admin:  # an index would be read before the policy: none holds them
        defs = [d for (d,) in admin.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' "
                                            "AND tablename = ANY(%s)", (list(pg_frozen.TEAM_SEARCHED_PRIVATE),))]
        assert not [d for d in defs if "_words" in d or "oto_search_words" in d], defs


def test_a_role_outside_the_team_runs_no_fold(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    stranger = pg.role("stranger")
    with psycopg.connect(pg.url) as admin:
        admin.execute(f"CREATE ROLE {stranger} LOGIN")
        admin.execute(f'GRANT CONNECT ON DATABASE "{pg.database}" TO {stranger}')
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {stranger}")
    with psycopg.connect(pg.url_as(stranger), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT oto_search_words('x')")


def test_the_planner_uses_the_shared_indexes_and_the_policy_first_as_an_organizer(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    _many(pg, a, b, ids["person"])
    with psycopg.connect(pg.url_as(a)) as conn:
        # a shared record's: its policy is `true`, so `@@` is an index condition under RLS
        for column in ("name", "contact", "met_how", "role"):
            shared = _plan(conn, f"SELECT id FROM person WHERE oto_search_words({column}) @@ to_tsquery('simple', 'rosa')")
            assert f"Bitmap Index Scan on ix_person_{column}_words" in shared, shared
        named = _plan(conn, "SELECT id FROM institution WHERE oto_search_words(name) @@ to_tsquery('simple', 'rosa')")
        assert "ix_institution_name_words" in named or "Seq Scan on institution" in named, named  # a handful of rows
        # a private one's: the policy, then the stored words of the rows it lets through
        private = _plan(conn, "SELECT id FROM meeting WHERE note_words @@ to_tsquery('simple', %s)", SECRET.lower())
        assert "Filter: ((owner = CURRENT_USER) AND (note_words @@" in private, private
