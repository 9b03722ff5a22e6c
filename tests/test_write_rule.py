"""The one write rule (store/journal.py): models write rows, SQL reads, sets of rows change only
through `Journal.execute`; a read journal cannot write at all; a failed write leaves nothing."""

from __future__ import annotations

import sqlite3

import pytest

from onetoone.domain import people, settings
from onetoone.errors import JournalRefused
from onetoone.store.journal import open_journal
from tests.conftest import NOW, TODAY


def count_people(path) -> int:
    with open_journal(path, now=NOW) as journal:
        return journal.value("SELECT count(*) FROM person")


def test_a_read_journal_refuses_every_way_of_writing(tmp_path):
    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW) as journal:
        with pytest.raises(RuntimeError, match="opened for reading"):
            settings.set_goal(journal, 9)
        with pytest.raises(RuntimeError, match="opened for reading"):
            journal.execute("DELETE FROM person")
        with pytest.raises(RuntimeError, match="opened for reading"):
            journal.session
        # Even a stray statement on the connection itself, past every rule: PRAGMA query_only.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            journal._db.execute("INSERT INTO setting (key, value) VALUES ('weekly_goal', '9')")
    with open_journal(path, now=NOW) as journal:
        assert journal.value("SELECT count(*) FROM setting") == 0


def test_a_write_journal_writes_and_execute_sees_the_models_changes_first(tmp_path):
    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW, write=True) as journal:
        ref = people.add(journal, people.PersonFields(name="Maria Lopez", tags=["oak-st"]), today=TODAY)
        # No flush by hand: execute flushes the session before SQL runs.
        assert journal.execute("UPDATE person SET stage = 'met' WHERE id = :id", {"id": ref.id}) == 1
        settings.set_goal(journal, 7)
    with open_journal(path, now=NOW) as journal:
        assert journal.value("SELECT stage FROM person") == "met"
        assert settings.get_int(journal, "weekly_goal") == 7


def test_a_commit_from_inside_a_command_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "journal.db"
    with pytest.raises(Exception, match="never call commit"):
        with open_journal(path, now=NOW, write=True) as journal:
            people.add(journal, people.PersonFields(name="Maria Lopez"), today=TODAY)
            journal.session.commit()
    assert count_people(path) == 0


def test_a_statement_sqlite_refuses_rolls_back_the_whole_command_with_one_clear_line(tmp_path):
    from onetoone.store.models import Tag

    path = tmp_path / "journal.db"
    with pytest.raises(JournalRefused) as refused:
        with open_journal(path, now=NOW, write=True) as journal:
            ref = people.add(journal, people.PersonFields(name="Maria Lopez", tags=["oak-st"]), today=TODAY)
            journal.add(Tag(person_id=ref.id, tag="oak-st"))  # the same tag twice: a UNIQUE failure
    message = refused.value.message
    assert "nothing was changed" in message and "\n" not in message
    assert count_people(path) == 0


def test_a_failed_set_statement_also_leaves_nothing_half_done(tmp_path):
    path = tmp_path / "journal.db"
    with pytest.raises(JournalRefused):
        with open_journal(path, now=NOW, write=True) as journal:
            people.add(journal, people.PersonFields(name="Maria Lopez"), today=TODAY)
            journal.execute("UPDATE person SET name = NULL")  # NOT NULL
    assert count_people(path) == 0


def test_no_module_outside_store_touches_the_connection():
    from pathlib import Path

    source = Path(__file__).parent.parent / "src" / "onetoone"
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path.parent.name != "store" and ("._db" in path.read_text() or "journal.db." in path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("method", ["rows", "row", "value", "execute"])
def test_sql_parameters_are_named_a_positional_sequence_is_refused(tmp_path, method):
    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW, write=True) as journal:
        with pytest.raises(TypeError, match="named"):
            getattr(journal, method)("SELECT count(*) FROM person WHERE id = ?", (1,))
        assert journal.value("SELECT count(*) FROM person WHERE id = :id", {"id": 1}) == 0


def test_dates_moments_and_flags_come_back_as_date_datetime_and_bool_and_are_stored_as_before(tmp_path):
    from datetime import date, datetime

    from onetoone.store.models import Meeting

    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW, write=True) as journal:
        ref = people.add(journal, people.PersonFields(name="Maria Lopez"), today=TODAY)
        journal.add(Meeting(person_id=ref.id, status="held", held_on=TODAY, planned_at=datetime(2026, 11, 21, 18, 30), created_at=NOW))
        # A moment given as a parameter is written as the models write it; one edited by hand
        # (a 'T', no seconds) is read all the same.
        journal.execute("UPDATE meeting SET created_at = :at", {"at": datetime(2026, 11, 20, 9, 5, 0, 7)})
    with open_journal(path, now=NOW) as journal:
        row = journal.row(
            """SELECT held_on, planned_at, created_at, max(held_on) AS "last [date]", max(held_on) AS bare FROM meeting"""
        )
        assert type(row["held_on"]) is date and row["held_on"] == TODAY
        assert type(row["planned_at"]) is datetime and row["planned_at"] == datetime(2026, 11, 21, 18, 30)
        assert row["created_at"] == datetime(2026, 11, 20, 9, 5, 0, 7)
        assert row["last"] == TODAY and row["bare"] == TODAY.isoformat()  # a computed column names its type
        assert journal.value("SELECT do_not_contact FROM person") is False
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT held_on, planned_at, created_at FROM meeting").fetchone() == (
            "2026-11-23", "2026-11-21 18:30:00.000000", "2026-11-20 09:05:00.000007",
        )
        with raw:
            raw.execute("UPDATE meeting SET planned_at = '2026-11-21T18:30'")
    finally:
        raw.close()
    with open_journal(path, now=NOW) as journal:
        assert journal.value("SELECT planned_at FROM meeting") == datetime(2026, 11, 21, 18, 30)
    with open_journal(path, now=NOW, write=True) as journal:  # the models read them the same way
        meeting = journal.get(Meeting, 1)
        assert (meeting.held_on, meeting.planned_at) == (TODAY, datetime(2026, 11, 21, 18, 30))
