"""The team journal's search indexes (migrations.team_search_ddl, store/pg_search.py), checked with plain psycopg
as the organizers: the planner uses them under row-level security, organizer B finds none of A's
private words through them, and they keep no statistics that would tell B how often A wrote a word."""

from __future__ import annotations

import json

import pytest

from tests.test_team_privacy import SECRET, team  # noqa: F401  (a fixture: A's journal, B, admin C)

psycopg = pytest.importorskip("psycopg")

MANY = 3000  # rows enough for the planner to prefer an index to reading the table


def test_every_source_has_its_index_and_each_finder_keeps_what_rls_lets_read():
    """The migration is frozen text: this says when what is searched or shared has moved on from
    it (a new migration then re-creates the indexes or the functions)."""
    from onetoone.store import migrations, pg_schema, search_index

    searched = {(s.table, s.column) if not s.words else ("institution", "name") for s in search_index.SOURCES}
    assert searched == set(migrations.TEAM_SEARCHED)
    for table in {table for table, _ in migrations.TEAM_SEARCHED}:
        if table in migrations.TEAM_SEARCHED_PRIVATE:  # read through its finder: the policy's own shared rows
            assert table in pg_schema.PRIVATE and pg_schema._shared_rows(table) == migrations.TEAM_SEARCHED_PRIVATE[table]
        else:  # read under RLS directly: every row is readable, so the policy lets the index be used
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
    plan = conn.execute("EXPLAIN (FORMAT JSON) SELECT id FROM meeting WHERE oto_search_words(note) @@ to_tsquery('simple', %s)",
                        (word,)).fetchone()[0]
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"]


def test_the_indexes_keep_no_statistics_so_no_estimate_tells_b_of_a_s_words(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    _many(pg, a, b, ids["person"])
    with psycopg.connect(pg.url) as admin:  # not even the superuser's catalog holds them
        assert admin.execute("SELECT count(*) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid "
                             "WHERE c.relname LIKE 'ix\\_%\\_words'").fetchone() == (0,)
        assert admin.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'ix\\_%\\_words'").fetchone()[0] == 12
    with psycopg.connect(pg.url_as(b)) as conn:
        seen = conn.execute("SELECT tablename, most_common_elems FROM pg_stats WHERE tablename LIKE 'ix\\_%\\_words'").fetchall()
        assert seen == []
        assert _estimate(conn, SECRET.lower()) == _estimate(conn, "nobodywrotethis")
    # Why: with the statistics ANALYZE would keep, B's estimate counts A's rows (tsquerysel reads
    # them whatever RLS hides), though pg_stats shows B nothing.
    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute("ALTER INDEX ix_meeting_note_words ALTER COLUMN 1 SET STATISTICS -1")
        admin.execute("ANALYZE meeting")
    with psycopg.connect(pg.url_as(b)) as conn:
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'ix_meeting_note_words'").fetchone() == (0,)
        assert _estimate(conn, SECRET.lower()) > 10 * _estimate(conn, "nobodywrotethis")


def test_b_finds_none_of_a_s_rows_through_the_search_functions(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    secret = SECRET.lower()
    private = ("meeting_note", "meeting_next_step", "planned_ask_text", "ask_text", "promise_text", "contact_note", "insight_text")
    with psycopg.connect(pg.url_as(a)) as conn:
        found = {name: conn.execute(f"SELECT count(*) FROM oto_found_{name}(to_tsquery('simple', %s))", (secret,)).fetchone()[0]
                 for name in private}
        assert all(found.values()), found  # A finds her own words in each
        boundary = conn.execute("INSERT INTO insight (person_id, kind, text, created_on) VALUES (%s, 'boundary', "
                                "'never call after nine', '2026-03-02') RETURNING id", (ids["person"],)).fetchone()[0]
    with psycopg.connect(pg.url_as(b)) as conn:
        for name in private:
            assert conn.execute(f"SELECT count(*) FROM oto_found_{name}(to_tsquery('simple', %s))", (secret,)).fetchone() == (0,), name
        # a boundary is a shared record, as RLS has it: B finds it
        assert conn.execute("SELECT * FROM oto_found_insight_text(to_tsquery('simple', 'nine'))").fetchall() == [(boundary,)]


def test_a_role_outside_the_team_runs_no_search_function(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    stranger = pg.role("stranger")
    with psycopg.connect(pg.url) as admin:
        admin.execute(f"CREATE ROLE {stranger} LOGIN")
        admin.execute(f'GRANT CONNECT ON DATABASE "{pg.database}" TO {stranger}')
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {stranger}")
    with psycopg.connect(pg.url_as(stranger), autocommit=True) as conn:
        for call in ("oto_found_meeting_note(to_tsquery('simple', 'x'))", "oto_search_words('x')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {call}")


def test_the_planner_uses_the_indexes_as_an_organizer_under_rls(team):  # noqa: F811
    pg, made, a, b, c, ids = team
    _many(pg, a, b, ids["person"])
    with psycopg.connect(pg.url_as(a)) as conn:
        # a shared record's: its policy is `true`, so `@@` is an index condition under RLS as ever
        shared = _plan(conn, "SELECT id FROM person WHERE oto_search_words(name) @@ to_tsquery('simple', 'rosa')")
        assert "ix_person_name_words" in shared, shared
        # a private table read directly: the policy is applied first and `@@` is not leakproof, so
        # the index is not used (the reason for the functions)
        direct = _plan(conn, "SELECT id FROM meeting WHERE oto_search_words(note) @@ to_tsquery('simple', %s)", SECRET.lower())
        assert "Seq Scan on meeting" in direct and "ix_meeting_note_words" not in direct, direct
    with psycopg.connect(pg.url, autocommit=True) as admin:  # what the function runs, as A: auto_explain's nested plans
        admin.execute("LOAD 'auto_explain'")
        for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on", "client_min_messages = log"):
            admin.execute(f"SET {setting}")
        plans: list[str] = []
        admin.add_notice_handler(lambda notice: plans.append(notice.message_primary or ""))
        admin.execute(f"SET ROLE {a}")
        assert admin.execute("SELECT count(*) FROM meeting WHERE id IN (SELECT oto_found_meeting_note(to_tsquery('simple', %s)))",
                             (SECRET.lower(),)).fetchone()[0] == MANY + 1
        assert any("Bitmap Index Scan on ix_meeting_note_words" in plan for plan in plans), plans
