"""Crashes and concurrency on oto's real write path (see tests/crashloop.py for the harness).

CI runs 300 kills; `python -m tests.crashloop --kills 1000` runs more on demand.
"""

from tests import crashloop


def test_three_hundred_sigkills_lose_no_acknowledged_write_and_leave_nothing_half_written(tmp_path):
    report = crashloop.crash_loop(tmp_path / "journal.db", kills=300, seed=7)
    assert report.kills == 300
    assert report.acknowledged >= 300  # every round wrote at least once before its kill
    assert report.problems == []


def test_the_harness_catches_a_write_done_without_a_transaction(tmp_path):
    report = crashloop.crash_loop(tmp_path / "journal.db", kills=100, careless=True, seed=3)
    assert any("half-way" in problem for problem in report.problems), report


def test_eight_concurrent_writers_commit_every_write_and_none_is_refused(tmp_path):
    committed, errors = crashloop.concurrent_writers(tmp_path / "journal.db", writers=8, writes=300)
    assert errors == []
    assert committed == 2400


def test_a_healthy_journal_is_never_called_damaged_while_others_write_and_checkpoint(tmp_path):
    opens, refusals = crashloop.opens_under_checkpoints(tmp_path / "journal.db", opens=3000, writers=2)
    assert refusals == []
    assert opens == 3000
