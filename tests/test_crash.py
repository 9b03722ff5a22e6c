"""Crashes and concurrency on oto's real write path (see tests/crashloop.py for the harness).

CI runs 300 kills; `python -m tests.crashloop --kills 1000` runs more on demand. The encrypted
variants run the same harness on a journal `oto encrypt`'s code turned into an SQLCipher file,
with fewer rounds: every open there pays SQLCipher's key derivation (about 0.075 s).
"""

import pytest

from tests import crashloop


@pytest.fixture
def encrypted(tmp_path, monkeypatch):
    pytest.importorskip("sqlcipher3", reason="oto's encryption support (sqlcipher3) is not installed")
    secret = tmp_path / "passphrase"
    secret.write_text("crash loop passphrase\n")
    monkeypatch.setenv("OTO_PASSPHRASE_COMMAND", f"cat {secret}")
    return True


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


def test_sigkills_on_an_encrypted_journal_lose_no_acknowledged_write(tmp_path, encrypted):
    from onetoone.store.journal import is_encrypted

    path = tmp_path / "journal.db"
    report = crashloop.crash_loop(path, kills=100, seed=11, encrypted=encrypted)
    assert is_encrypted(path)
    assert report.kills == 100 and report.acknowledged >= 100
    assert report.problems == []


def test_concurrent_writers_on_an_encrypted_journal_commit_every_write(tmp_path, encrypted):
    path = tmp_path / "journal.db"
    committed, errors = crashloop.concurrent_writers(path, writers=6, writes=40, encrypted=encrypted)
    assert errors == []
    assert committed == 240
    assert b"Writer" not in path.read_bytes()


def test_an_encrypted_journal_is_never_called_damaged_while_others_write_and_checkpoint(tmp_path, encrypted):
    opens, refusals = crashloop.opens_under_checkpoints(tmp_path / "journal.db", opens=300, writers=2, encrypted=encrypted)
    assert refusals == []
    assert opens == 300


def test_writers_running_through_oto_encrypt_lose_no_acknowledged_write(tmp_path, encrypted):
    acknowledged, problems = crashloop.encrypt_while_writing(tmp_path / "journal.db", writers=2)
    assert problems == []
    assert acknowledged > 0


def test_oto_encrypt_killed_at_any_moment_leaves_one_whole_journal_and_a_rerun_finishes(tmp_path, encrypted):
    assert crashloop.kills_during_encrypt(tmp_path, rounds=30) == []
