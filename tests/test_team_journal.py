"""The daily loop on a team journal (PostgreSQL): the same commands give the same answers as on
the organizer's own SQLite journal, and what the team journal lacks is refused in one line."""

from __future__ import annotations

import json
import os

import pytest

from tests.teamjournal import install, url_of

# A week of an organizer's work, command by command: every command family of the daily loop.
# Each is run on a SQLite journal and on a team journal; each must answer the same, word for word.
DAY = [
    ("add", "Maria Lopez", "--tag", "tenants", "--contact", "maria@example.org"),
    ("add", "Joe Smith", "--referred-by", "Maria"),
    ("org", "add", "St Mark's", "--sector", "faith"),
    ("edit", "Joe", "--institution", "St Mark's", "--role", "usher", "--tag", "faith"),
    ("people",),
    ("prep", "Maria", "--at", "tue 10am"),
    ("agenda",),
    ("prep", "Maria"),
    ("due",),
    ("reflect", "Maria", "--at", "today", "--minutes", "40", "--listened", "70", "--self-interest", "Rent keeps rising",
     "--ask", "Host a house meeting by sat", "--answer", "yes", "--i-promise", "Send the flyer by fri",
     "--referral", "Ana Diaz", "--next", "next mon", "--next-step", "meet again", "--note", "She knows the landlord"),
    ("promise", "Maria", "Call the landlord", "--by", "fri"),
    ("promise", "Joe", "Bring two neighbours", "--by", "sat", "--theirs"),
    ("promises",),
    ("due",),
    ("due", "--json"),
    ("due", "--all"),
    ("done", "f5"),
    ("snooze", "f3", "--until", "fri"),
    ("kept", "p2"),
    ("broken", "p4"),
    ("renegotiate", "p3", "--by", "next tue"),
    ("log", "Joe", "--call", "Ten minutes about the hearing"),
    ("event", "Tenants meeting", "--on", "sat", "--at", "7pm", "--host", "Maria"),
    ("event", "Training", "--on", "last fri", "--kind", "training"),
    ("events",),
    ("attended", "e2", "Joe"),
    ("event", "e1"),
    ("introduce", "Maria", "Joe"),
    ("story", "My first eviction hearing"),
    ("goal", "6"),
    ("config", "date-order", "dmy"),
    ("edit", "Joe", "--stage", "met"),
    ("show", "Maria"),
    ("show", "Joe"),
    ("prep", "Joe"),
    ("map",),
    ("org", "list"),
    ("org", "show", "St Mark's"),
    ("review",),
    ("review", "--week"),
    ("calendar",),
    ("people",),
    ("due",),
    ("show", "Nobody"),  # the same refusal, the same exit code
    ("done", "f999"),
]


# Then corrections, the ledger's other moves, a cancelled meeting, and imports.
CORRECTIONS = [
    ("add", "Maria L"),
    ("reflect", "Maria L", "--at", "last fri", "--talent", "Plays the accordion", "--value", "Family"),
    ("merge", "Maria Lopez", "Maria L", "--yes"),
    ("show", "Maria"),
    ("move", "i2", "--kind", "boundary"),
    ("unlearn", "i3"),
    ("amend", "p3", "--text", "Call the landlord and the city", "--by", "mon"),
    ("answer", "a1", "maybe"),
    ("reopen", "p2"),
    ("release", "p2"),
    ("prep", "Joe", "--at", "wed 5pm"),
    ("cancel", "Joe"),
    ("reflect", "--amend", "m1", "--listened", "75", "--note", "She will bring her neighbours"),
    ("edit", "Ana", "--do-not-contact"),
    ("import", "contacts", "{files}/phone.vcf", "--tag", "riverside"),
    ("import", "meetings", "{files}/one-to-ones.csv"),
    ("people",),
    ("show", "Maria"),
    ("due", "--all"),
    ("review",),
    ("promises",),
    ("forget", "Kim Park", "--yes"),
    ("people",),
]
FILES = {
    "phone.vcf": "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Park\nTEL:555-0101\nEND:VCARD\n"
                 "BEGIN:VCARD\nVERSION:3.0\nFN:Luis Ortega\nEMAIL:luis@example.org\nEND:VCARD\n",
    "one-to-ones.csv": "date,person,notes,ask,answer\n2026-11-02,Luis Ortega,Worried about the bus line,Come to the meeting,yes\n",
}


def _run_day(oto, env: dict, script: list = DAY, files=None) -> list[tuple[tuple, int, str, str]]:
    done = []
    for command in script:
        typed = [word.format(files=files) for word in command]
        ran = oto(*typed, env=env)
        done.append((command, ran.exit_code, ran.stdout, ran.stderr))
    return done


@pytest.fixture
def team(pg, monkeypatch):
    install(pg.url)
    url = url_of(pg.url)
    monkeypatch.setenv("OTO_DATABASE_URL", url)
    return url


def test_the_daily_loop_answers_the_same_on_a_team_journal(pg, oto, oto_home, tmp_path):
    """Every command family of the daily loop, on SQLite and then on PostgreSQL: the same output."""
    install(pg.url)
    on_sqlite = _run_day(oto, {"OTO_HOME": str(tmp_path / "alone"), "OTO_DATABASE_URL": ""})
    on_team = _run_day(oto, {"OTO_HOME": str(tmp_path / "team"), "OTO_DATABASE_URL": url_of(pg.url)})
    assert not (tmp_path / "team" / "journal.db").exists()  # the team's commands never touched a file journal
    assert [code for _, code, _, _ in on_sqlite].count(0) == len(DAY) - 2  # the script itself is sound
    for alone, together in zip(on_sqlite, on_team):
        assert together == alone
    # and the whole journal exported from either is the same document (rows as SQLite stores them)
    exported = []
    for home, url in ((tmp_path / "alone", ""), (tmp_path / "team", url_of(pg.url))):
        target = tmp_path / f"{home.name}.json"
        assert oto("export", "json", str(target), env={"OTO_HOME": str(home), "OTO_DATABASE_URL": url}).exit_code == 0
        document = json.loads(target.read_text(encoding="utf-8"))
        # Not compared: the journal's random uid, and the ids of a person's name keys, which SQLite
        # hands out again after a rename (that table has no AUTOINCREMENT) and PostgreSQL never does.
        tables = document["tables"]
        tables["setting"]["rows"] = [row for row in tables["setting"]["rows"] if row[0] != "journal_uid"]
        tables["person_key"]["rows"] = [row[1:] for row in tables["person_key"]["rows"]]
        for table in tables.values():
            table["rows"] = sorted(table["rows"], key=json.dumps)  # a table without an id: SQLite's rowid order
        exported.append(document)
    assert exported[1] == exported[0]
    assert exported[0]["tables"]["meeting"]["rows"] and exported[0]["tables"]["event"]["rows"]


def test_a_write_is_on_the_server_for_the_next_command_and_for_psql(team, oto, pg):
    import psycopg

    assert oto("add", "Maria Lopez").exit_code == 0
    assert oto("promise", "Maria", "Call the landlord", "--by", "fri").exit_code == 0
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT text, due::text FROM promise").fetchall() == [("Call the landlord", "2026-11-27")]
    due = json.loads(oto("due", "--json").stdout)
    assert "Call the landlord" in json.dumps(due)


def test_a_failed_command_changes_nothing_on_the_server(team, oto, pg):
    import psycopg

    assert oto("add", "Maria Lopez").exit_code == 0
    batch = oto("done", "f999", "f998")
    assert batch.exit_code == 1
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1


@pytest.mark.parametrize("command, why", [(("import", "journal", "{backup}"), "catalog")])
def test_what_stands_on_sqlite_is_refused_in_one_line_with_exit_7(team, oto, command, why, tmp_path):
    alone = {"OTO_HOME": str(tmp_path / "alone"), "OTO_DATABASE_URL": ""}
    backup = tmp_path / "journal.json"
    assert oto("add", "Maria Lopez", env=alone).exit_code == 0
    assert oto("export", "json", str(backup), env=alone).exit_code == 0
    ran = oto(*(word.format(backup=backup) for word in command))
    assert ran.exit_code == 8
    assert ran.stderr.count("\n") == 1 and why in ran.stderr and "team journal" in ran.stderr
    assert "Traceback" not in ran.output


def test_a_database_without_the_schema_is_not_a_team_journal(pg, oto, monkeypatch):
    monkeypatch.setenv("OTO_DATABASE_URL", url_of(pg.url))
    ran = oto("due")
    assert ran.exit_code == 4
    assert "not a team journal" in ran.stderr and "oto team init" in ran.stderr


def test_a_newer_schema_is_refused_as_a_newer_journal(team, oto, pg):
    import psycopg

    from onetoone.store import migrations

    with psycopg.connect(pg.url) as conn:
        conn.execute("INSERT INTO migration (version, name, applied_at) VALUES (%s, 'from the future', now())",
                     (migrations.LATEST + 1,))
    ran = oto("people")
    assert ran.exit_code == 3
    assert "newer oto" in ran.stderr and "was not changed" in ran.stderr


def test_no_server_is_one_line_and_exit_1(oto, monkeypatch):
    # Port 9 on localhost: nothing listens there (the discard port is never a PostgreSQL).
    monkeypatch.setenv("OTO_DATABASE_URL", "postgresql://organizer@127.0.0.1:9/campaign?connect_timeout=3")
    ran = oto("due")
    assert ran.exit_code == 1
    assert ran.stderr.count("\n") == 1
    assert "cannot be reached" in ran.stderr and "127.0.0.1:9/campaign" in ran.stderr


@pytest.mark.parametrize("url", [
    "postgresql://organizer:secret@db.example.org/campaign",
    "postgresql://organizer@db.example.org/campaign?password=secret",
])
def test_a_password_in_the_url_is_refused_and_libpq_named(oto, monkeypatch, url):
    monkeypatch.setenv("OTO_DATABASE_URL", url)
    ran = oto("due")
    assert ran.exit_code == 1
    assert "secret" not in ran.stderr
    assert "PGPASSFILE" in ran.stderr and "PGPASSWORD" in ran.stderr


def test_not_a_postgresql_url_is_refused(oto, monkeypatch):
    monkeypatch.setenv("OTO_DATABASE_URL", "mysql://organizer@db/campaign")
    ran = oto("due")
    assert ran.exit_code == 1 and "postgresql://" in ran.stderr


def test_the_sqlite_path_never_imports_psycopg(tmp_path):
    """`oto due` on the organizer's own journal loads neither psycopg nor the team journal's code."""
    import subprocess
    import sys

    env = {**os.environ, "OTO_HOME": str(tmp_path / "home"), "OTO_DATABASE_URL": ""}
    probe = ("import sys; from onetoone.cli import main; sys.argv = ['oto', 'due']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith(('psycopg', 'onetoone.store.postgres', 'onetoone.store.dialect'))))")
    ran = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip().splitlines()[-1] == "[]", ran.stderr


def test_team_connect_keeps_the_url_privately_and_forget_goes_back(pg, oto, oto_home, monkeypatch):
    import stat

    install(pg.url)
    monkeypatch.delenv("OTO_DATABASE_URL", raising=False)
    url = url_of(pg.url)
    ran = oto("team", "connect", url)
    assert ran.exit_code == 0, ran.output
    config = oto_home / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert oto("add", "Maria Lopez").exit_code == 0
    assert oto("where").stdout.strip() == url
    assert not (oto_home / "journal.db").exists()
    assert "team journal" in oto("team", "connect").stdout
    gone = oto("team", "connect", "--forget")
    assert gone.exit_code == 0 and "own journal" in gone.stderr
    assert "Maria" not in oto("people").stdout  # the own journal, new and empty
    assert (oto_home / "journal.db").exists()


def test_team_connect_refuses_a_password_or_a_server_that_does_not_answer_and_keeps_nothing(oto, oto_home, monkeypatch):
    monkeypatch.delenv("OTO_DATABASE_URL", raising=False)
    secret = oto("team", "connect", "postgresql://organizer:hunter2@db.example.org/campaign")
    assert secret.exit_code == 1 and "hunter2" not in secret.output and "PGPASSFILE" in secret.stderr
    away = oto("team", "connect", "postgresql://organizer@127.0.0.1:9/campaign?connect_timeout=3")
    assert away.exit_code == 1 and "cannot be reached" in away.stderr
    assert not (oto_home / "config.toml").exists()


OUTAGE_EDITOR = r'''
import pathlib, sys

config, path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[-1])
path.write_text(path.read_text(encoding="utf-8").replace("minutes:\n", "minutes: 30\n")
                + "self-interest: Safer streets for the kids\n", encoding="utf-8")
# While the organizer typed, the server went away (here: the config now points where none answers).
config.write_text('database_url = "postgresql://organizer@127.0.0.1:9/campaign?connect_timeout=3"\n', encoding="utf-8")
'''


def test_the_server_gone_at_save_time_keeps_the_reflections_draft(pg, oto, oto_home, tmp_path, monkeypatch):
    import shlex
    import sys

    from onetoone.domain import drafts
    from onetoone.store.paths import drafts_dir

    install(pg.url)
    monkeypatch.delenv("OTO_DATABASE_URL", raising=False)
    assert oto("team", "connect", url_of(pg.url)).exit_code == 0
    assert oto("add", "Maria Lopez").exit_code == 0
    script = tmp_path / "editor.py"
    script.write_text(OUTAGE_EDITOR, encoding="utf-8")
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(oto_home / 'config.toml'))}"
    ran = oto("reflect", "Maria", "--edit", env={"VISUAL": editor})
    assert ran.exit_code == 1
    assert ran.stderr.count("\n") == 1 and "cannot be reached" in ran.stderr and "draft is kept" in ran.stderr.lower()
    kept = drafts.text_path(drafts_dir(oto_home), 1).read_text(encoding="utf-8")
    assert "Safer streets for the kids" in kept
    import psycopg

    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 0


def test_two_organizers_changing_the_same_row_the_second_waits_and_writes_after_the_first(team, oto, pg):
    """Writes take turns (postgres.WRITERS_LOCK, taken before the snapshot): oto waits for the
    other change of the row to commit, then writes over what it committed, never beside it."""
    import psycopg

    assert oto("add", "Maria Lopez").exit_code == 0
    with psycopg.connect(pg.url) as other:
        other.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        other.execute("UPDATE person SET role = 'chair' WHERE name = 'Maria Lopez'")
        # oto waits for the writers' lock; once it waits, the other organizer commits, and oto's
        # snapshot, taken after the lock, holds the other's change.
        import threading

        def commit_once_oto_waits() -> None:
            with psycopg.connect(pg.url, autocommit=True) as watcher:
                for _ in range(6000):
                    if watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                       " AND wait_event_type = 'Lock'").fetchone()[0]:
                        break
                    threading.Event().wait(0.01)
            other.commit()

        committer = threading.Thread(target=commit_once_oto_waits)
        committer.start()
        ran = oto("edit", "Maria", "--role", "treasurer")
        committer.join()
    assert ran.exit_code == 0, ran.output
    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT role FROM person").fetchone()[0] == "treasurer"


@pytest.fixture
def organizers(pg, oto, tmp_path):
    """A team as `oto team init` makes it, with two organizers, Ana and Ben: each one's environment."""
    from onetoone.store import pg_schema

    made = pg_schema.team_of(pg.database)
    pg.roles.extend([made.owner, made.organizers, made.admins])
    admin = url_of(pg.url)
    assert oto("team", "init", admin).exit_code == 0
    ana, ben = pg.role("ana"), pg.role("ben")
    for organizer in (ana, ben):
        assert oto("team", "add-organizer", organizer, "--url", admin).exit_code == 0
    return tuple({"OTO_HOME": str(tmp_path / name), "OTO_DATABASE_URL": url_of(pg.url_as(role))}
                 for name, role in (("ana", ana), ("ben", ben)))


def test_the_daily_loop_as_an_organizer_under_row_level_security(organizers, oto, tmp_path):
    """The team as `oto team init` makes it (roles, row-level security): an organizer's week, through
    the same commands, answers as on their own journal; and a second organizer sees the people,
    none of the first one's notes."""
    as_ana, as_ben = organizers
    on_sqlite = _run_day(oto, {"OTO_HOME": str(tmp_path / "alone"), "OTO_DATABASE_URL": ""})
    on_team = _run_day(oto, as_ana)
    for alone, together in zip(on_sqlite, on_team):
        assert together == alone
    people = oto("people", env=as_ben)
    assert people.exit_code == 0 and "Maria Lopez" in people.stdout
    show = oto("show", "Maria", env=as_ben)
    assert show.exit_code == 0, show.output
    assert "Rent keeps rising" not in show.stdout and "She knows the landlord" not in show.stdout
    assert "Rent keeps rising" in oto("show", "Maria", env=as_ana).stdout


def test_what_row_level_security_refuses_is_one_line_and_changes_nothing(organizers, oto):
    as_ana, as_ben = organizers
    assert oto("add", "Maria Lopez", env=as_ana).exit_code == 0
    ran = oto("forget", "Maria", "--yes", env=as_ben)  # Ben did not add her and is no admin
    assert ran.exit_code == 1, ran.output
    assert ran.stderr.count("\n") == 1 and "does not let you do this" in ran.stderr and "nothing was changed" in ran.stderr
    assert "Maria Lopez" in oto("people", env=as_ana).stdout


def test_corrections_and_imports_answer_the_same_on_a_team_journal(organizers, oto, tmp_path):
    """Merge, move, unlearn, amend, answer, reopen, release, cancel, a reflection
    amended, contacts and past meetings imported, a person forgotten: the same on both journals
    (the team's as an organizer, under row-level security)."""
    files = tmp_path / "files"
    files.mkdir()
    for name, text in FILES.items():
        (files / name).write_text(text, encoding="utf-8")
    results = []
    for env in ({"OTO_HOME": str(tmp_path / "alone"), "OTO_DATABASE_URL": ""}, organizers[0]):
        results.append(_run_day(oto, env, DAY + CORRECTIONS, files=files))
    on_sqlite, on_team = results
    failed = [(command, code, err) for command, code, _, err in on_sqlite[len(DAY):] if code != 0]
    assert failed == []  # the script itself is sound
    for alone, together in zip(on_sqlite, on_team):
        assert together == alone
