"""`oto undo`: every write command can be reversed, newest first, exactly; forget and the like
leave nothing of what undo kept."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.test_forget import file_bytes


def dump(home: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the journal but the undo history's own (read-only), and the
    search index by what it holds (each word's places in each entry), not by its bytes: FTS5
    records a deletion as a new piece of the index, so the same index can be two byte strings."""
    db = sqlite3.connect(f"file:{home / 'journal.db'}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('undo_step', 'undo_log') AND name != 'search' AND name NOT LIKE 'search\\_%' ESCAPE '\\' "
            "ORDER BY name"
        )]
        found = {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}
        found["search index"] = search_entries(db)
        return found
    finally:
        db.close()


def search_entries(db: sqlite3.Connection) -> list[tuple]:
    """The search index's entries: (word, rowid, column, offset), sorted."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, search, 'instance')")
    return sorted(db.execute("SELECT term, doc, col, offset FROM temp.search_words").fetchall())


def steps(oto) -> list[dict]:
    ran = oto("undo", "--list", "--json")
    assert ran.exit_code == 0, ran.stderr
    return json.loads(ran.stdout)["steps"]


def ok(ran):
    assert ran.exit_code == 0, ran.output
    return ran


@pytest.fixture
def town(oto):
    """A small journal made by oto's own commands: Maria with a planned one-to-one and a promise,
    Dev met yesterday (his thank-you due), and Mari L, a duplicate of Maria with a promise and a call."""
    ok(oto("add", "Maria Lopez", "--contact", "maria@example.org", "--tag", "riverside"))
    ok(oto("add", "Mari L", "--contact", "555-0101"))
    ok(oto("add", "Dev Patel"))
    ok(oto("prep", "Maria", "--at", "wed 6pm", "--place", "Cafe Luna", "--ask", "Host a house meeting"))
    ok(oto("promise", "Maria", "Bring photos of the mould", "--by", "fri"))
    ok(oto("promise", "Mari L", "Send the tenants' letter", "--by", "thu"))
    ok(oto("log", "Mari L", "--call", "Asked about the hearing"))
    ok(oto("reflect", "Dev", "--at", "yesterday", "--minutes", "30", "--self-interest", "Fix the boiler"))
    items = json.loads(ok(oto("due", "--json", "--days", "14")).stdout)["items"]
    return {"thank": next(i["id"] for i in items if i["kind"] == "thank")}


COMMANDS = {
    "add": lambda ids: ["add", "Ana Reyes", "--tag", "riverside", "--boundary", "Not before her shift ends"],
    "prep --at (moves the planned one)": lambda ids: ["prep", "Maria", "--at", "thu 6pm"],
    "prep --at (a new one)": lambda ids: ["prep", "Dev", "--at", "fri 3pm", "--ask", "Chair the meeting"],
    "reflect": lambda ids: [
        "reflect", "Maria", "--at", "today", "--minutes", "40", "--listened", "70",
        "--self-interest", "Wants the lift fixed", "--boundary", "No calls at work",
        "--ask", "Host a house meeting by sat", "--answer", "yes", "--i-promise", "Send the lease by fri",
        "--they-promise", "Bring two neighbours by 2026-12-01", "--referral", "Ana Reyes",
        "--next-step", "Call the landlord", "--next", "next week", "--note", "Good talk",
    ],
    "promise": lambda ids: ["promise", "Dev", "Call the council", "--by", "mon", "--theirs"],
    "kept": lambda ids: ["kept", "p1"],
    "broken": lambda ids: ["broken", "p1", "p2"],
    "done": lambda ids: ["done", ids["thank"], "p1"],
    "snooze": lambda ids: ["snooze", ids["thank"], "--until", "fri"],
    "cancel": lambda ids: ["cancel", "Maria"],
    "log": lambda ids: ["log", "Maria", "--call", "Ten minutes about the hearing"],
    "merge": lambda ids: ["merge", "Maria Lopez", "Mari L", "--yes"],
    "edit": lambda ids: ["edit", "Maria", "--alias", "Mimi", "--stage", "met", "--remove-tag", "riverside"],
    "amend": lambda ids: ["amend", "p1", "--text", "Bring the photos", "--by", "mon"],
    "release": lambda ids: ["release", "p2"],
    "goal": lambda ids: ["goal", "7"],
    "story": lambda ids: ["story", "I grew up above a laundromat"],
    "event (with who came)": lambda ids: ["event", "Building meeting", "--on", "yesterday 7pm", "--host", "Maria", "--attended", "Dev", "Mari L"],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_undo_reverses_each_write_command_exactly(oto, oto_home, town, name):
    typed = COMMANDS[name](town)
    before = dump(oto_home)
    ok(oto(*typed))
    assert dump(oto_home) != before, "the command changed nothing, so the test proves nothing"
    ran = ok(oto("undo"))
    assert ran.stderr.startswith(f"Undid `oto {typed[0]} "), ran.stderr
    assert dump(oto_home) == before


def test_undo_names_the_command_and_what_it_touched(oto, town):
    ok(oto("kept", "p1"))
    assert ok(oto("undo")).stderr == "Undid `oto kept p1` (Maria Lopez: Bring photos of the mould).\n"
    ok(oto("reflect", "Dev", "--at", "today", "--minutes", "20", "--note", "Quick one"))
    assert "(Dev Patel: one-to-one m3 of Mon 23 Nov 2026)" in ok(oto("undo")).stderr
    ok(oto("add", "Ana Reyes"))
    assert ok(oto("undo")).stderr == 'Undid `oto add "Ana Reyes"` (Ana Reyes).\n'
    ok(oto("merge", "Maria Lopez", "Mari L", "--yes"))
    assert ok(oto("undo")).stderr == 'Undid `oto merge "Maria Lopez" "Mari L" --yes` (Mari L).\n'


def test_undo_goes_back_several_levels_newest_first_even_over_the_same_rows(oto, oto_home, town):
    states = [dump(oto_home)]
    for typed in (["amend", "p1", "--text", "Bring the photos"], ["renegotiate", "p1", "--by", "mon"],
                  ["kept", "p1"], ["reopen", "p1"], ["broken", "p1"]):
        ok(oto(*typed))
        states.append(dump(oto_home))
    said = []
    for state in reversed(states[:-1]):
        said.append(ok(oto("undo")).stderr.split("`")[1])
        assert dump(oto_home) == state
    assert said == ["oto broken p1", "oto reopen p1", "oto kept p1", "oto renegotiate p1 --by mon",
                    'oto amend p1 --text "Bring the photos"']


def test_undo_of_a_reflection_restores_exactly_the_rows_before_it(oto, oto_home, town):
    before = dump(oto_home)
    ok(oto(*COMMANDS["reflect"](town)))
    after = dump(oto_home)
    for table in ("meeting", "insight", "ask", "promise", "followup", "person", "person_key"):
        assert after[table] != before[table], table  # the reflection wrote to each of these
    ok(oto("undo"))
    assert dump(oto_home) == before
    assert json.loads(oto("show", "Maria", "--json").stdout)["insights"] == {}
    assert oto("show", "Ana Reyes").exit_code == 1  # the referral it added is gone too


def test_undo_reverses_a_write_made_by_another_process(oto, oto_home, town):
    ok(oto("kept", "p1"))
    env = dict(os.environ, OTO_HOME=str(oto_home), OTO_NOW=NOW.strftime("%Y-%m-%d %H:%M"))
    other = subprocess.run([sys.executable, "-m", "onetoone", "promise", "Dev", "Call the council", "--by", "fri"],
                           env=env, capture_output=True, text=True)
    assert other.returncode == 0, other.stderr
    assert steps(oto)[0]["command"] == 'oto promise Dev "Call the council" --by fri'
    assert "Dev Patel: Call the council" in ok(oto("undo")).stderr
    assert "oto kept p1" in ok(oto("undo")).stderr  # then ours, the one before it
    promises = json.loads(oto("promises", "--json").stdout)
    assert sorted((p["text"], p["status"]) for p in promises) == [("Bring photos of the mould", "open"), ("Send the tenants' letter", "open")]


def test_nothing_to_undo_is_one_line_and_exit_1(oto, oto_home):
    ran = oto("undo")
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: Nothing to undo") and ran.stderr.count("\n") == 1
    assert ran.stdout == ""
    ran = ok(oto("undo", "--list"))
    assert "Nothing to undo." in ran.stdout
    assert steps(oto) == []
    ok(oto("add", "Maria Lopez"))
    ok(oto("undo"))
    assert oto("undo").exit_code == 1  # undo is not itself a change to undo


def test_a_command_that_changes_nothing_leaves_no_step(oto, town):
    count = len(steps(oto))
    for typed in (["due"], ["prep", "Maria"], ["people"], ["goal"], ["kept", "p99"], ["snooze", "f999", "--until", "fri"]):
        oto(*typed)
    ok(oto("edit", "Maria", "--stage", "met"))
    assert len(steps(oto)) == count + 1
    ok(oto("edit", "Maria", "--stage", "met"))  # the same again: nothing changes
    assert len(steps(oto)) == count + 1


def test_the_list_shows_id_when_and_what_newest_first(oto, town):
    ok(oto("kept", "p1"))
    ran = ok(oto("undo", "--list"))
    lines = [line for line in ran.stdout.splitlines() if line.strip().startswith("u")]
    assert "oto kept p1" in lines[0] and "Maria Lopez: Bring photos of the mould" in lines[0] and "today 09:00" in lines[0]
    assert 'oto add "Maria Lopez"' in lines[-1]
    listed = steps(oto)
    assert [s["id"] for s in listed] == sorted((s["id"] for s in listed), key=lambda i: -int(i[1:]))
    assert listed[0]["argv"] == ["kept", "p1"] and listed[0]["about"]["id"] == "p1"
    undone = json.loads(ok(oto("undo", "--json")).stdout)["undone"]
    assert undone["id"] == listed[0]["id"] and undone["about"]["text"] == "Bring photos of the mould"


def test_the_history_keeps_the_last_100_steps(oto, open_journal):
    from onetoone.domain import settings
    from onetoone.store import undo

    for n in range(undo.KEEP_STEPS + 5):
        with open_journal() as journal:
            settings.set_goal(journal, n + 1)
    listed = steps(oto)
    assert len(listed) == undo.KEEP_STEPS
    assert listed[0]["id"] == f"u{undo.KEEP_STEPS + 5}" and listed[-1]["id"] == "u6"
    ok(oto("undo"))
    assert "Weekly goal: 104 " in oto("goal").stdout


def test_forget_empties_the_history_and_leaves_no_trace_of_what_it_held(oto, oto_home):
    ok(oto("add", "Dev Patel"))
    ok(oto("add", "Zebediah Quillfeather", "--alias", "Zeb", "--contact", "555-0199"))
    ok(oto("edit", "Zeb", "--contact", "555-0200", "--met-how", "Xylophonic laundromat"))  # old contact in the history
    ok(oto("promise", "Zeb", "Fetch the Brumblewick papers", "--by", "fri"))
    ok(oto("amend", "p1", "--text", "Fetch the papers"))  # the old text in the history
    ok(oto("add", "Snorkelwick Gray"))
    ok(oto("undo"))  # gone again: its bytes must not stay behind
    ok(oto("promise", "Dev", "Ask Zebediah about the lease", "--by", "fri"))
    assert len(steps(oto)) == 6
    assert b"Brumblewick" in file_bytes(oto_home)

    ok(oto("forget", "Zeb", "--yes"))
    assert steps(oto) == []
    assert oto("undo").exit_code == 1  # forgetting cannot be undone
    data = file_bytes(oto_home)
    for secret in ("Quillfeather", "Brumblewick", "Xylophonic", "555-0199", "555-0200", "Snorkelwick"):
        assert secret.encode() not in data, secret
    # Words about them under someone else are the organizer's own, and stay, as before undo.
    assert json.loads(oto("promises", "--json").stdout)[0]["text"] == "Ask Zebediah about the lease"


def test_unlearn_and_a_removed_boundary_cannot_be_undone_and_empty_the_history(oto, oto_home):
    ok(oto("add", "Maria Lopez", "--boundary", "Quibblewort clinic visits"))
    ok(oto("edit", "Maria", "--boundary", "Never the Fandangle case"))
    ok(oto("edit", "Maria", "--remove-boundary", "Quibblewort clinic visits"))
    assert steps(oto) == []
    ok(oto("promise", "Maria", "Call back", "--by", "fri"))
    ok(oto("unlearn", "i2"))
    assert steps(oto) == []
    data = file_bytes(oto_home)
    assert b"Quibblewort" not in data and b"Fandangle" not in data


def test_a_merge_can_be_undone_whole(oto, oto_home, town):
    before = dump(oto_home)
    ok(oto("merge", "Maria", "Mari L", "--yes"))
    assert oto("show", "Mari L", "--json").stdout and len(json.loads(oto("people", "--json").stdout)) == 2
    ok(oto("undo"))
    assert dump(oto_home) == before
    names = sorted(p["name"] for p in json.loads(oto("people", "--json").stdout))
    assert names == ["Dev Patel", "Mari L", "Maria Lopez"]
    assert "Asked about the hearing" in oto("show", "Mari L").stdout  # the call the merge had dropped is back


def test_a_migration_empties_the_history(oto, oto_home, town):
    from onetoone.store import migrations
    from onetoone.store.journal import connect

    assert steps(oto)
    db = connect(oto_home / "journal.db", now=NOW)
    try:
        later = migrations.Migration(migrations.LATEST + 1, "later_schema", lambda db: None)
        assert migrations._apply(db, later, NOW)
        assert db.execute("SELECT count(*) FROM undo_step").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM undo_log").fetchone()[0] == 0
    finally:
        db.close()


def test_a_refused_command_leaves_no_step_and_a_failed_undo_changes_nothing(oto, oto_home, town):
    count = len(steps(oto))
    assert oto("done", town["thank"], "f999").exit_code == 1
    assert len(steps(oto)) == count


def test_undo_covers_a_table_it_was_never_told_about(tmp_path):
    """Triggers come from sqlite_master: a table added later (institutions, say) is covered with
    no change, and a virtual table, its shadow tables and their index triggers are left alone."""
    from onetoone.store import undo
    from onetoone.store.journal import open_journal

    path = tmp_path / "journal.db"
    with open_journal(path, now=NOW, write=True):
        pass
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE gathering (id INTEGER PRIMARY KEY, title VARCHAR NOT NULL)")
    db.execute("CREATE TABLE pair (a INTEGER, b VARCHAR, PRIMARY KEY (a, b)) WITHOUT ROWID")
    try:
        db.execute("CREATE VIRTUAL TABLE search USING fts5(text)")
        fts = True
    except sqlite3.OperationalError:
        fts = False
    if fts:
        db.execute("CREATE TRIGGER gathering_ai AFTER INSERT ON gathering BEGIN INSERT INTO search (rowid, text) VALUES (new.id, new.title); END")
        db.execute("CREATE TRIGGER gathering_ad AFTER DELETE ON gathering BEGIN DELETE FROM search WHERE rowid = old.id; END")
    tables = undo._tables(db)
    assert "gathering" in tables and "pair" in tables and "person" in tables
    assert not {"migration", "undo_step", "undo_log"} & set(tables)
    assert not [t for t in tables if t == "search" or t.startswith("search_")]
    db.close()

    with open_journal(path, now=NOW, write=True, command=["gathering", "add"]) as journal:
        journal.execute("INSERT INTO gathering (id, title) VALUES (1, 'Housing night')")
        journal.execute("INSERT INTO pair (a, b) VALUES (1, 'x')")
    with open_journal(path, now=NOW, write=True, record=False) as journal:
        assert journal.undo_newest().command == ["gathering", "add"]
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM gathering").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM pair").fetchone()[0] == 0
    if fts:
        assert db.execute("SELECT count(*) FROM search").fetchone()[0] == 0  # the index followed
    db.close()


def test_hostile_text_in_the_command_is_shown_as_text(oto, town):
    ok(oto("promise", "Maria", "[bold]loud[/bold] \x1b[31mred", "--by", "fri"))
    said = ok(oto("undo")).stderr
    assert "\x1b" not in said and "[bold]loud[/bold]" in said


def test_a_change_to_one_of_a_persons_names_is_named_by_the_person_once():
    """A refusal over a person's name row said 'Maria Lopez: Maria Lopez'; an alias still shows."""
    from onetoone.domain.undo import Subject
    from onetoone.render.undo import subject

    assert subject(Subject("person_key", 4, "Maria Lopez", "Maria Lopez")) == "Maria Lopez"
    assert subject(Subject("person_key", 5, "Maria Lopez", "Mari")) == "Maria Lopez: Mari"
