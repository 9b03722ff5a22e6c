"""Named, append-only migrations, and the check that a journal's schema is one this oto knows.

A journal records its schema version in SQLite's `user_version` header field and its history in
the `migration` table. A new journal gets today's schema straight from the models and is stamped
with the latest version (`journal.create`); an older one is brought forward here, one migration
per transaction, each committed together with its version and history row, so a crash leaves
exactly the old schema or exactly the new one. Never edit a migration once released: add one.

The same list brings a team journal forward on PostgreSQL (`pg_setup.upgrade`, `oto team upgrade`).
Its first schema is migration PG_BASELINE's, frozen in store/pg_baseline.py; every migration after
it carries a `postgres` step beside its SQLite one (tests/test_pg_migrations.py fails on one
without), run by the admin in its own transaction with its `migration` row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]
    rebuild: bool = False  # rebuilds tables (create new, copy, drop old, rename): needs foreign keys off
    # The same change on a team journal (a psycopg connection, inside the step's transaction),
    # e.g. `_script(POSTGRES_SQL)`; a table it creates has its `owner` column (pg_schema.OWNER_COLUMN).
    postgres: Callable[[Any], None] | None = None


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(db: sqlite3.Connection) -> None:
        # executescript() would COMMIT first; run statement by statement inside our transaction.
        for statement in sql.split(";\n"):
            if statement.strip():
                db.execute(statement)

    return apply


_INITIAL = """
CREATE TABLE migration (version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at DATETIME NOT NULL, PRIMARY KEY (version), UNIQUE (name));
CREATE TABLE person (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL, contact VARCHAR, met_how VARCHAR, referred_by_id INTEGER, institution VARCHAR, role VARCHAR, stage VARCHAR NOT NULL, cadence_days INTEGER, do_not_contact BOOLEAN NOT NULL, created_on DATE NOT NULL, last_contact_on DATE, reconnect_on DATE, FOREIGN KEY(referred_by_id) REFERENCES person (id) ON DELETE SET NULL);
CREATE INDEX ix_person_name_key ON person (name_key);
CREATE INDEX ix_person_reconnect_on ON person (reconnect_on);
CREATE INDEX ix_person_referred_by_id ON person (referred_by_id);
CREATE TABLE setting ("key" VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY ("key"));
CREATE TABLE story (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, text VARCHAR NOT NULL, created_on DATE NOT NULL);
CREATE TABLE meeting (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, status VARCHAR NOT NULL, planned_at DATETIME, place VARCHAR, planned_minutes INTEGER, held_on DATE, minutes INTEGER, listened_pct INTEGER, next_step VARCHAR, note VARCHAR, created_at DATETIME NOT NULL, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
CREATE INDEX ix_meeting_held_on ON meeting (held_on);
CREATE INDEX ix_meeting_person_id ON meeting (person_id);
CREATE INDEX ix_meeting_status_planned_at ON meeting (status, planned_at);
CREATE TABLE person_key (id INTEGER NOT NULL, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, text VARCHAR NOT NULL, "key" VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
CREATE INDEX ix_person_key_key ON person_key ("key");
CREATE INDEX ix_person_key_person_id ON person_key (person_id);
CREATE TABLE tag (person_id INTEGER NOT NULL, tag VARCHAR NOT NULL, PRIMARY KEY (person_id, tag), FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);
CREATE INDEX ix_tag_tag ON tag (tag);
CREATE TABLE insight (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, meeting_id INTEGER, kind VARCHAR NOT NULL, text VARCHAR NOT NULL, created_on DATE NOT NULL, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL);
CREATE INDEX ix_insight_meeting_id ON insight (meeting_id);
CREATE INDEX ix_insight_person_id ON insight (person_id);
CREATE TABLE planned_ask (id INTEGER NOT NULL, meeting_id INTEGER NOT NULL, text VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE);
CREATE INDEX ix_planned_ask_meeting_id ON planned_ask (meeting_id);
CREATE TABLE promise (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, meeting_id INTEGER, direction VARCHAR NOT NULL, text VARCHAR NOT NULL, due DATE NOT NULL, first_due DATE NOT NULL, status VARCHAR NOT NULL, created_on DATE NOT NULL, closed_on DATE, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL);
CREATE INDEX ix_promise_meeting_id ON promise (meeting_id);
CREATE INDEX ix_promise_person_id ON promise (person_id);
CREATE INDEX ix_promise_status_due ON promise (status, due);
CREATE TABLE ask (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, meeting_id INTEGER, text VARCHAR NOT NULL, answer VARCHAR, asked_on DATE NOT NULL, revisit_on DATE, promise_id INTEGER, showed_up BOOLEAN, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL, FOREIGN KEY(promise_id) REFERENCES promise (id) ON DELETE SET NULL);
CREATE INDEX ix_ask_meeting_id ON ask (meeting_id);
CREATE INDEX ix_ask_person_id ON ask (person_id);
CREATE INDEX ix_ask_promise_id ON ask (promise_id);
CREATE TABLE followup (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, due DATE NOT NULL, text VARCHAR NOT NULL, status VARCHAR NOT NULL, meeting_id INTEGER, ask_id INTEGER, created_on DATE NOT NULL, done_on DATE, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE, FOREIGN KEY(ask_id) REFERENCES ask (id) ON DELETE CASCADE);
CREATE INDEX ix_followup_ask_id ON followup (ask_id);
CREATE INDEX ix_followup_meeting_id ON followup (meeting_id);
CREATE INDEX ix_followup_person_id ON followup (person_id);
CREATE INDEX ix_followup_status_due ON followup (status, due);
"""

# 0003: `followup.text` (a composed sentence, NOT NULL) becomes `words` (nullable): only the
# organizer's own words are kept. A next step, made by reflect as a 'reconnect' follow-up with
# the text "Next step with NAME: STEP", becomes kind 'next-step' with words STEP (none when it
# had no step text); every other follow-up drops its sentence, which render/ now writes from
# the kind, the person, the meeting and the ask. The table is rebuilt (SQLite cannot drop a NOT
# NULL), keeping its ids and its AUTOINCREMENT counter, so no follow-up id is handed out twice.
_FOLLOWUP_FACTS = """
CREATE TABLE followup_new (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, due DATE NOT NULL, words VARCHAR, status VARCHAR NOT NULL, meeting_id INTEGER, ask_id INTEGER, created_on DATE NOT NULL, done_on DATE, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE CASCADE, FOREIGN KEY(ask_id) REFERENCES ask (id) ON DELETE CASCADE);
INSERT INTO followup_new (id, person_id, kind, due, words, status, meeting_id, ask_id, created_on, done_on)
SELECT f.id, f.person_id,
       CASE WHEN f.kind = 'reconnect' AND substr(f.text, 1, 15) = 'Next step with ' THEN 'next-step' ELSE f.kind END,
       f.due,
       CASE WHEN f.kind != 'reconnect' OR substr(f.text, 1, 15) != 'Next step with ' THEN NULL
            WHEN f.text = 'Next step with ' || p.name THEN NULL
            WHEN substr(f.text, 1, length(p.name) + 17) = 'Next step with ' || p.name || ': '
                 THEN nullif(trim(substr(f.text, length(p.name) + 18)), '')
            WHEN instr(substr(f.text, 16), ': ') > 0
                 THEN nullif(trim(substr(f.text, 17 + instr(substr(f.text, 16), ': '))), '')
       END,
       f.status, f.meeting_id, f.ask_id, f.created_on, f.done_on
FROM followup f LEFT JOIN person p ON p.id = f.person_id
ORDER BY f.id;
INSERT INTO sqlite_sequence (name, seq)
SELECT 'followup_new', seq FROM sqlite_sequence WHERE name = 'followup'
  AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'followup_new');
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'followup'), 0))
WHERE name = 'followup_new';
DROP TABLE followup;
ALTER TABLE followup_new RENAME TO followup;
CREATE INDEX ix_followup_ask_id ON followup (ask_id);
CREATE INDEX ix_followup_meeting_id ON followup (meeting_id);
CREATE INDEX ix_followup_person_id ON followup (person_id);
CREATE INDEX ix_followup_status_due ON followup (status, due)
"""


def _loose_name_keys(db: sqlite3.Connection) -> None:
    """0005: names are found with apostrophes dropped and hyphens read as spaces (`keys.key`):
    "O'Connor" is kept as 'oconnor', 'Mary-Jane Watson' as 'mary jane watson' with the words
    'jane' and 'watson'. Each name and alias key is recomputed from its text; a person whose
    name key changes gets the words of their name anew. Keys that do not change are not touched."""
    from onetoone.keys import key

    db.executemany(
        "UPDATE person_key SET key = :key WHERE id = :id",
        [{"key": key(text), "id": row_id} for row_id, text, old in db.execute(
            "SELECT id, text, key FROM person_key WHERE kind IN ('name', 'alias')"
        ).fetchall() if key(text) != old],
    )
    changed = [(row_id, key(name)) for row_id, name, old in db.execute("SELECT id, name, name_key FROM person").fetchall() if key(name) != old]
    for person_id, name_key in changed:
        db.execute("UPDATE person SET name_key = :key WHERE id = :id", {"key": name_key, "id": person_id})
        db.execute("DELETE FROM person_key WHERE person_id = :id AND kind = 'word'", {"id": person_id})
        db.executemany(
            "INSERT INTO person_key (person_id, kind, text, key) VALUES (:id, 'word', :word, :word)",
            [{"id": person_id, "word": word} for word in dict.fromkeys(name_key.split(" ")[1:])],
        )


# 0007: what `oto review` needs that the journal did not record. The day a reflection was written
# (meeting.reflected_on), taken for earlier meetings from what the journal knows: a planned
# one-to-one's reflect follow-up was closed by its reflection (done_on), and a one-to-one
# reflected on without being planned was created by its reflection (created_at); a meeting with
# nothing written about it (its reflection marked done) gets none. Moves on the ladder
# (stage_move) from now on: earlier ones were never recorded and are not guessed. The asks of a
# period are found through their day (ix_ask_asked_on), and the one-to-ones of a period through an
# index that holds all review reads of them (ix_meeting_review), not the meeting's row and its note.
_REVIEW_FACTS = """
ALTER TABLE meeting ADD COLUMN reflected_on DATE;
UPDATE meeting SET reflected_on = coalesce(
    (SELECT max(f.done_on) FROM followup f WHERE f.meeting_id = meeting.id AND f.kind = 'reflect' AND f.status = 'done'),
    substr(created_at, 1, 10))
WHERE status = 'held' AND (
    minutes IS NOT NULL OR note IS NOT NULL OR listened_pct IS NOT NULL OR next_step IS NOT NULL
    OR EXISTS (SELECT 1 FROM insight WHERE meeting_id = meeting.id) OR EXISTS (SELECT 1 FROM ask WHERE meeting_id = meeting.id)
    OR EXISTS (SELECT 1 FROM promise WHERE meeting_id = meeting.id)
    OR EXISTS (SELECT 1 FROM followup WHERE meeting_id = meeting.id AND kind IN ('thank', 'next-step')));
CREATE TABLE stage_move (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, meeting_id INTEGER, old VARCHAR NOT NULL, new VARCHAR NOT NULL, moved_on DATE NOT NULL, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL);
CREATE INDEX ix_stage_move_person_id ON stage_move (person_id);
CREATE INDEX ix_stage_move_meeting_id ON stage_move (meeting_id);
CREATE INDEX ix_stage_move_moved_on ON stage_move (moved_on);
CREATE INDEX ix_ask_asked_on ON ask (asked_on);
CREATE INDEX ix_meeting_review ON meeting (held_on, status, person_id, listened_pct, reflected_on)
"""


def _search_index(db: sqlite3.Connection) -> None:
    from onetoone.store import search_index

    search_index.install(db, search_index.SOURCES_0008)
    search_index.fill(db, search_index.SOURCES_0008)


# 0009: group meetings and actions (`oto event`), who came to them (attendance), and the link from
# a commitment ("come to the tenants meeting") to the event it is about. Nothing earlier is guessed:
# a journal upgraded has no events, and its commitments are linked when attendance is recorded.
_EVENTS = """
CREATE TABLE event (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, title VARCHAR NOT NULL, kind VARCHAR NOT NULL, day DATE NOT NULL, at VARCHAR, place VARCHAR, host_id INTEGER, created_on DATE NOT NULL, recorded_on DATE, FOREIGN KEY(host_id) REFERENCES person (id) ON DELETE SET NULL);
CREATE INDEX ix_event_day ON event (day);
CREATE INDEX ix_event_host_id ON event (host_id);
CREATE TABLE attendance (event_id INTEGER NOT NULL, person_id INTEGER NOT NULL, status VARCHAR NOT NULL, promise_id INTEGER, PRIMARY KEY (event_id, person_id), FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(promise_id) REFERENCES promise (id) ON DELETE SET NULL);
CREATE INDEX ix_attendance_person_id ON attendance (person_id);
CREATE INDEX ix_attendance_promise_id ON attendance (promise_id);
ALTER TABLE promise ADD COLUMN event_id INTEGER REFERENCES event (id) ON DELETE SET NULL;
CREATE INDEX ix_promise_event_id ON promise (event_id)
"""


def _institutions(db: sqlite3.Connection) -> None:
    """0010: institutions become records. Each distinct free-text `person.institution`, matched
    loosely (`keys.loose_key`: "St. Brigid's" and 'St Brigids' are one), becomes an institution
    (sector 'other', named as its first person had it, created on the day that person was
    added); each person is linked to theirs and the free-text column goes. Introductions (two
    people I connected) get their table. The referral and institution links are indexed with the
    stage, which `oto map` and `oto org list` read from the index alone."""
    from onetoone.keys import loose_key
    from onetoone.store import search_index

    search_index.before_institutions(db)
    for statement in _INSTITUTION_TABLES.split(";\n"):
        db.execute(statement)
    made: dict[str, int] = {}
    for person_id, name, created_on in db.execute(
        "SELECT id, trim(institution), created_on FROM person WHERE trim(coalesce(institution, '')) != '' ORDER BY id"
    ).fetchall():
        found = loose_key(name)
        if found not in made:
            made[found] = db.execute(
                "INSERT INTO institution (name, name_key, sector, created_on) VALUES (:name, :key, 'other', :on)",
                {"name": name, "key": found, "on": created_on},
            ).lastrowid
        db.execute("UPDATE person SET institution_id = :i WHERE id = :p", {"i": made[found], "p": person_id})
    db.execute("ALTER TABLE person DROP COLUMN institution")
    search_index.to_institutions(db)


def _team_undo(conn: Any) -> None:
    """0011 on PostgreSQL: the undo history's function, its two columns and a trigger on every
    journal table (store/pg_undo.py)."""
    from onetoone.store import pg_undo

    pg_undo.install(conn)


_INSTITUTION_TABLES = """
CREATE TABLE institution (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, name_key VARCHAR NOT NULL, sector VARCHAR NOT NULL, notes VARCHAR, created_on DATE NOT NULL);
CREATE UNIQUE INDEX ix_institution_name_key ON institution (name_key);
CREATE TABLE introduction (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, other_id INTEGER NOT NULL, introduced_on DATE NOT NULL, note VARCHAR, created_on DATE NOT NULL, FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, FOREIGN KEY(other_id) REFERENCES person (id) ON DELETE CASCADE);
CREATE INDEX ix_introduction_person_id ON introduction (person_id);
CREATE INDEX ix_introduction_other_id ON introduction (other_id);
ALTER TABLE person ADD COLUMN institution_id INTEGER REFERENCES institution (id) ON DELETE SET NULL;
CREATE INDEX ix_person_institution ON person (institution_id, stage);
DROP INDEX ix_person_referred_by_id;
CREATE INDEX ix_person_referral ON person (referred_by_id, stage)"""


def _team_search_index(conn: Any) -> None:
    from onetoone.store.pg_frozen import team_search_ddl  # frozen there, with PRIVATE_WORDS

    for statement in team_search_ddl():
        conn.execute(statement)


def _private_words(conn: Any) -> None:
    from onetoone.store.pg_frozen import private_words_ddl

    for statement in private_words_ddl():
        conn.execute(statement)


def _forget_pushed(conn: Any) -> None:
    from onetoone.store import pg_schema

    pg_schema.forget_replaced(conn)


def _nothing(db: sqlite3.Connection) -> None:
    """A migration of the team journal's only: a SQLite journal is only stamped with it."""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "0001_initial", _script(_INITIAL)),
    # On a ten-year journal, `oto people` spent seconds finding each person's last meeting
    # through the (status, planned_at) index, and `oto due` looked up every open promise's row
    # for its direction: these indexes answer both directly.
    Migration(2, "0002_daily_indexes", _script(
        "CREATE INDEX ix_meeting_person_status_held ON meeting (person_id, status, held_on);\n"
        "DROP INDEX ix_promise_status_due;\n"
        "CREATE INDEX ix_promise_status_due ON promise (status, due, direction)"
    )),
    # Follow-ups stored finished sentences ("Contact Ana Duarte, referred by Tomás Reyes"), so
    # forgetting a person meant rewriting stored text. They now hold facts; render/ words them.
    Migration(3, "0003_followup_facts", _script(_FOLLOWUP_FACTS), rebuild=True),
    # A call, a text or a visit between one-to-ones (`oto log`) is contact, but not a meeting:
    # its own table keeps it out of everything that counts one-to-ones.
    Migration(4, "0004_contact_log", _script(
        "CREATE TABLE contact (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL, kind VARCHAR NOT NULL, "
        "contacted_on DATE NOT NULL, note VARCHAR NOT NULL, created_at DATETIME NOT NULL, "
        "FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE);\n"
        "CREATE INDEX ix_contact_person_on ON contact (person_id, contacted_on)"
    )),
    # "O’Connor" and "oconnor" did not find O'Connor, nor "Mary Jane" Mary-Jane: keys now drop
    # apostrophes and read hyphens as spaces, so the stored ones are recomputed.
    Migration(5, "0005_loose_name_keys", _loose_name_keys),
    # `oto undo`: each write command's inverse SQL, logged by TEMP triggers (store/undo.py).
    Migration(6, "0006_undo_log", _script(
        "CREATE TABLE undo_step (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, at DATETIME NOT NULL, command VARCHAR);\n"
        "CREATE TABLE undo_log (id INTEGER NOT NULL, step INTEGER NOT NULL, tbl VARCHAR NOT NULL, row_id INTEGER, "
        "op VARCHAR NOT NULL, sql VARCHAR NOT NULL, PRIMARY KEY (id));\n"
        "CREATE INDEX ix_undo_log_step ON undo_log (step)"
    )),
    # `oto review` counts reflections written the same day and moves up the ladder: neither was
    # recorded (see _REVIEW_FACTS).
    Migration(7, "0007_review_facts", _script(_REVIEW_FACTS)),
    # `oto search`: an FTS5 index of everything written, kept in step by triggers, filled from the
    # rows already there (store/search_index.py).
    Migration(8, "0008_search_index", _search_index),
    # Group meetings and actions, and who came (see _EVENTS).
    Migration(9, "0009_events", _script(_EVENTS)),
    # Institutions as records with a sector (`oto org`), people linked to one, and introductions
    # (`oto introduce`), for the power map (`oto map`).
    Migration(10, "0010_institutions", _institutions),
    # `oto undo` on a team journal: permanent triggers log each organizer's inverse SQL there
    # (store/pg_undo.py); SQLite's journal keeps its TEMP triggers and changes nothing.
    Migration(11, "0011_team_undo", _script(""), postgres=_team_undo),
    # `oto team push` remembers which row of the organizer's own journal each pushed row became,
    # so a row edited since the last push is updated, not added twice: a table of the team
    # journal's own (pg_schema.PUSHED_DDL, frozen here as it was); nothing changes on SQLite.
    Migration(12, "0012_push_identity", _script(""), postgres=_script(
        "CREATE TABLE pushed (source VARCHAR NOT NULL, tbl VARCHAR NOT NULL, source_id INTEGER NOT NULL, team_id INTEGER NOT NULL, "
        "digest VARCHAR NOT NULL, owner name NOT NULL DEFAULT current_user, PRIMARY KEY (owner, source, tbl, source_id))"
    )),
    # `oto search` on a team journal through GIN indexes (see pg_frozen.team_search_ddl); nothing on SQLite.
    Migration(13, "0013_team_search_index", _nothing, postgres=_team_search_index),
    # The private words keep no planner statistics (see pg_frozen.PRIVATE_WORDS); nothing on SQLite.
    Migration(14, "0014_private_words_statistics", _nothing, postgres=_private_words),
    # `oto forget` on a team journal also drops push's memory of every row it erases (a team row's
    # id and a digest of the row as pushed, about nobody any more): oto_forget replaced by today's
    # (pg_schema.forget_replaced, _forget_function); nothing on SQLite.
    Migration(15, "0015_forget_pushed", _nothing, postgres=_forget_pushed),
)
LATEST = MIGRATIONS[-1].version
PG_BASELINE = 10  # a team journal's first schema (store/pg_baseline.py): the PostgreSQL steps start after it


def stamp_latest(db: sqlite3.Connection, now: datetime) -> None:
    """Record a journal created with today's schema as having every migration applied."""
    for migration in MIGRATIONS:
        _record(db, migration, now)
    db.execute(f"PRAGMA user_version = {LATEST}")


def upgrade(db: sqlite3.Connection, now: datetime, *, target: int | None = None) -> list[str]:
    """Apply every migration above the journal's version, each in its own IMMEDIATE transaction.

    A table rebuild runs with foreign keys off, or dropping the old table would cascade into
    every row that refers to it; the pragma does nothing inside a transaction, so it is set
    before BEGIN and put back after, and `foreign_key_check` must be empty before COMMIT.
    """
    target = LATEST if target is None else target  # read when called, not when defined
    applied = []
    for migration in MIGRATIONS:
        if migration.version > target:
            break
        keys_were = db.execute("PRAGMA foreign_keys").fetchone()[0]
        if migration.rebuild:
            db.execute("PRAGMA foreign_keys = OFF")
        try:
            if not _apply(db, migration, now):
                continue
        finally:
            db.execute(f"PRAGMA foreign_keys = {keys_were}")
        applied.append(migration.name)
    return applied


def _apply(db: sqlite3.Connection, migration: Migration, now: datetime) -> bool:
    """One migration in one transaction, committed with its version and history row; False if
    the journal already had it."""
    db.execute("BEGIN IMMEDIATE")
    try:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        if migration.version <= current:  # another process got here first
            db.execute("ROLLBACK")
            return False
        migration.apply(db)
        from onetoone.store import undo

        undo.clear(db)  # the history's SQL was written for the schema before this one
        _record(db, migration, now)
        db.execute(f"PRAGMA user_version = {migration.version}")
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise sqlite3.IntegrityError(f"migration {migration.name} broke {len(problems)} references")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # SQLite has already rolled back after a full disk or an I/O error
            db.execute("ROLLBACK")
        raise
    return True


def _record(db: sqlite3.Connection, migration: Migration, now: datetime) -> None:
    db.execute(
        "INSERT INTO migration (version, name, applied_at) VALUES (:version, :name, :applied_at)",
        {"version": migration.version, "name": migration.name, "applied_at": now},  # journal.py's adapter stores `now`
    )
