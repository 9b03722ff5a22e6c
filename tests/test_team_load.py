"""25 organizers writing at once on one team journal (PostgreSQL), each connecting as their own
role, through oto's real write path (tests/teamloop.py): every acknowledged write is there, none
was refused, nothing is half-written, and each organizer still reads only their own words.

`python -m tests.crashloop --team --load --rounds 100` runs a longer load on demand."""

from __future__ import annotations

import pytest

from tests import teamloop

pytest.importorskip("psycopg")

ORGANIZERS = 25  # each a connection of their own at once: a quarter of PostgreSQL's default max_connections
ROUNDS = 4  # of four writes each: 400 writes


def test_twenty_five_organizers_writing_at_once_lose_nothing_and_none_is_refused(pg):
    team = teamloop.make_team(pg, ORGANIZERS)
    acks = teamloop.load(team, rounds=ROUNDS)
    assert acks.errors == []
    assert len(acks.lines) == ORGANIZERS * ROUNDS * 4
    assert teamloop.check(team, acks, killed=False) == []
    # Each organizer's own count, as the superuser reads it past row-level security.
    import psycopg

    with psycopg.connect(pg.url) as conn:
        per_owner = dict(conn.execute("SELECT owner, count(*) FROM meeting GROUP BY owner").fetchall())
        kept = dict(conn.execute("SELECT owner, count(*) FROM promise WHERE status = 'kept' GROUP BY owner").fetchall())
    assert per_owner == {seat.role: ROUNDS for seat in team.seats}
    assert kept == {seat.role: ROUNDS for seat in team.seats}


def test_the_checks_catch_a_lost_write_a_half_reflection_a_stray_row_a_leak_and_a_leftover(pg):
    """The checks are not blind: each damage a bug could do is reported."""
    import psycopg

    team = teamloop.make_team(pg, 2)
    acks = teamloop.load(team, rounds=2)
    assert teamloop.check(team, acks, killed=False) == []
    first, second = team.seats
    with psycopg.connect(pg.url) as conn:  # the superuser damages the journal as no organizer can
        conn.execute("DELETE FROM promise WHERE id = (SELECT min(id) FROM promise WHERE status = 'kept')")
        conn.execute("DELETE FROM insight WHERE id = (SELECT min(id) FROM insight)")
        conn.execute("UPDATE ask SET owner = %s WHERE id = (SELECT min(id) FROM ask WHERE owner = %s)", (second.role, first.role))
        conn.execute("ALTER TABLE meeting DISABLE ROW LEVEL SECURITY")
    with psycopg.connect(second.url) as idle:  # an organizer's transaction left open
        idle.execute("SELECT count(*) FROM person")
        problems = "\n".join(teamloop.check(team, acks, killed=False, wait=0.5))
    assert "2 acknowledged writes are missing" in problems  # the promise and its `done`
    assert "reflections were written half-way (not 2 rows of insight each)" in problems
    assert "1 rows of ask belong to another organizer than their meeting" in problems
    assert f"{first.role} reads meeting rows of ['{second.role}']" in problems
    assert f"'{second.role}', 'idle in transaction'" in problems
