"""The benchmark's journal generator builds sound journals that oto itself reads."""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY

_SOURCE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("benchmark_generate", _SOURCE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building the class
    spec.loader.exec_module(module)
    return module


def _db(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / "journal.db")


def _count(db: sqlite3.Connection, sql: str, params=()) -> int:
    return db.execute(sql, params).fetchone()[0]


def _check_sound(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # Every person is found by their full name, once, as `people` writes the keys.
    assert _count(db, "SELECT count(*) FROM person_key WHERE kind = 'name'") == _count(db, "SELECT count(*) FROM person")
    assert _count(db, "SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_key k WHERE k.person_id = p.id AND k.kind = 'name' AND k.key = p.name_key)") == 0
    # last contact is the last held meeting, as people.touch keeps it.
    assert _count(db, """SELECT count(*) FROM person p WHERE p.last_contact_on IS NOT
        (SELECT max(held_on) FROM meeting m WHERE m.person_id = p.id AND m.status = 'held')""") == 0
    # A "yes" is their commitment, linked both ways.
    assert _count(db, "SELECT count(*) FROM ask a JOIN promise p ON p.id = a.promise_id WHERE a.answer != 'yes' OR p.direction != 'theirs'") == 0


def test_small_journal_is_sound_counted_and_readable_by_oto(generate, tmp_path, oto):
    folder = tmp_path / "small"
    made = generate.generate(folder, "small", today=TODAY)

    with _db(folder) as db:
        _check_sound(db)
        counts = {table: _count(db, f"SELECT count(*) FROM {table}") for table in made.counts}
        assert (counts["person"], counts["meeting"], counts["promise"]) == (50, 60, 120)
        assert counts == made.counts
        assert _count(db, "SELECT count(*) FROM meeting WHERE status = 'planned'") == 4
        assert _count(db, "SELECT count(*) FROM promise WHERE status IN ('open', 'renegotiated')") > 0
        assert _count(db, "SELECT count(*) FROM followup WHERE status = 'open'") > 0
        assert _count(db, "SELECT min(held_on) FROM meeting") >= (TODAY - timedelta(days=42)).isoformat()
        assert db.execute("PRAGMA user_version").fetchone()[0] >= 1

    with _db(folder) as db:  # the search index, filled at the end, has an entry for every text and its triggers
        from onetoone.store import search_index

        db.execute("INSERT INTO search (search) VALUES ('integrity-check')")
        db.execute("CREATE VIRTUAL TABLE temp.search_docs USING fts5vocab(main, search, 'instance')")
        texts = sum(_count(db, f"SELECT count(*) FROM {s.table} WHERE {s.column} IS NOT NULL AND {s.column} GLOB '*[a-zA-Z0-9]*'")
                    for s in search_index.SOURCES)
        assert _count(db, "SELECT count(DISTINCT doc) FROM temp.search_docs") == texts > 0
        assert _count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'") == 3 * len(search_index.TABLES) + 2  # and an institution's rename and delete

    assert made.featured == "Maria Lopez" and made.bytes > 0
    people = oto("people", env={"OTO_HOME": str(folder)})
    assert people.exit_code == 0, people.stderr
    assert "Maria Lopez" in people.stdout and "leader" in people.stdout
    shown = oto("show", "maria lopez", env={"OTO_HOME": str(folder)})
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("Maria Lopez\n")


def test_reconnect_dates_follow_the_cadence(generate, tmp_path):
    from onetoone.domain.people import cadence

    folder = tmp_path / "small"
    generate.generate(folder, "small", today=TODAY)
    with _db(folder) as db:
        rows = db.execute("SELECT stage, cadence_days, last_contact_on, reconnect_on, do_not_contact FROM person").fetchall()
    for stage, days, last, reconnect, do_not_contact in rows:
        if last is None or do_not_contact:
            assert reconnect is None
        else:
            assert date.fromisoformat(reconnect) == date.fromisoformat(last) + timedelta(days=cadence(stage, days))


def test_scaled_heavy_journal_is_sound_and_the_same_every_time(generate, tmp_path, oto):
    first, second = tmp_path / "one", tmp_path / "two"
    made = generate.generate(first, "heavy", today=TODAY, scale=0.005)
    generate.generate(second, "heavy", today=TODAY, scale=0.005)

    with _db(first) as db:
        _check_sound(db)
        assert (_count(db, "SELECT count(*) FROM person"), _count(db, "SELECT count(*) FROM meeting")) == (100, 500)
        assert _count(db, "SELECT count(*) FROM promise") == 1000
        assert _count(db, "SELECT count(*) FROM meeting WHERE held_on IS NOT NULL AND note IS NULL") == 0
        words = _count(db, "SELECT avg(length(note) - length(replace(note, ' ', '')) + 1) FROM meeting WHERE note IS NOT NULL")
        assert 120 <= words <= 200  # reflections of about 150 words
        assert _count(db, "SELECT count(*) FROM promise WHERE status IN ('open', 'renegotiated') AND due >= ?", (TODAY.isoformat(),)) > 0
        assert _count(db, "SELECT count(*) FROM promise WHERE status IN ('open', 'renegotiated') AND due < ?", (TODAY.isoformat(),)) > 0

    def content(folder: Path) -> str:
        """Every row (the schema's statement order may vary with SQLAlchemy's)."""
        with _db(folder) as db:
            rows = (line for line in db.iterdump() if line.startswith("INSERT"))
            return hashlib.sha256("\n".join(rows).encode()).hexdigest()

    assert content(first) == content(second)
    assert generate.current(first, "heavy", today=TODAY, scale=0.005) == made
    assert generate.current(first, "heavy", today=TODAY, scale=0.01) is None
    shown = oto("show", made.featured, env={"OTO_HOME": str(first)})
    assert shown.exit_code == 0, shown.stderr
    assert "Timeline" in shown.stdout
