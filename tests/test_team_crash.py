"""Writers of a team journal (PostgreSQL) killed with SIGKILL at random moments, two at a time
(tests/teamloop.py): afterwards every acknowledged write is there, nothing is half-written, and
no backend a killed writer left holds a lock or a transaction that stops the next writer.

In a run of 50 kills the server logged 42 to 47 of them as cut with a transaction open. CI runs
KILLS; `python -m tests.crashloop --team --kills 1000` runs more on demand."""

from __future__ import annotations

import pytest

from tests import teamloop

pytest.importorskip("psycopg")

KILLS = 120  # about 30 s on a busy 2-core machine (load average 5)
ORGANIZERS = 5


def test_sigkilled_team_writers_lose_no_acknowledged_write_and_leave_nothing_half_written_or_locked(pg):
    team = teamloop.make_team(pg, ORGANIZERS)
    report, acks = teamloop.crash_loop(team, kills=KILLS, seed=7)
    assert report.kills == KILLS
    assert report.acknowledged >= KILLS  # every writer wrote at least once before its kill
    assert report.problems == []
    assert {role for role, *_ in acks.lines} == {seat.role for seat in team.seats}


def test_the_team_harness_catches_a_write_done_without_a_transaction(pg):
    team = teamloop.make_team(pg, 2)
    report, _ = teamloop.crash_loop(team, kills=48, seed=3, careless=True)
    assert any("half-way" in problem for problem in report.problems), report
