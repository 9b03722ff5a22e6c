"""`oto search`: everything written is found, whatever its accents or case, through a query the
organizer's text cannot break; the index stays right through undo, forget and upgrades."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from tests.conftest import NOW
from tests.test_forget import file_bytes
from tests.test_undo import search_entries


def ok(ran):
    assert ran.exit_code == 0, ran.output
    return ran


def found(oto, *args) -> list[dict]:
    return json.loads(ok(oto("search", *args, "--json")).stdout)["results"]


def town(oto) -> None:
    """Ana Núñez (a record with every field, a boundary, a planned one-to-one and a call) and Dev
    Patel (a reflection with every kind of insight, an ask, promises both ways, a next step)."""
    ok(oto("add", "Ana Núñez", "--institution", "Riverside Tenants Association", "--role", "secretary",
           "--contact", "ana@example.org", "--met-how", "Laundromat on Elm", "--boundary", "Never raise the divorce"))
    ok(oto("add", "Dev Patel"))
    ok(oto("prep", "Ana", "--at", "wed 6pm", "--ask", "Join the parents group"))
    ok(oto("log", "Ana", "--call", "Mould is back in 3A", "--on", "yesterday"))
    ok(oto("reflect", "Dev", "--at", "2026-11-16", "--minutes", "40",
           "--self-interest", "Wants the boiler fixed", "--story", "Grew up in Guadalajara",
           "--value", "Dignity for renters", "--talent", "Translates Spanish", "--network", "Knows the choir",
           "--concern", "Worried about eviction", "--boundary", "Not about his brother",
           "--common", "Both coach football", "--ask", "Host a house meeting", "--answer", "maybe", "--revisit", "next week",
           "--i-promise", "Send the lease by fri", "--they-promise", "Bring photos of the mould by 2026-12-01",
           "--next-step", "Visit the clinic", "--next", "next week",
           "--note", "Talked about the rent strike of 2019 and a 50% rent increase"))


EVERY_KIND = [
    ("boiler", "self-interest", "i"), ("guadalajara", "story", "i"), ("dignity", "value", "i"),
    ("spanish", "talent", "i"), ("choir", "network", "i"), ("eviction", "concern", "i"),
    ("brother", "boundary", "i"), ("divorce", "boundary", "i"), ("football", "common", "i"),
    ("strike", "note", "m"), ("clinic", "next-step", "m"), ("parents", "planned-ask", "m"),
    ("house", "ask", "a"), ("lease", "promise", "p"), ("photos", "promise", "p"), ("3a", "log", "c"),
    ("riverside", "person", None), ("secretary", "person", None), ("laundromat", "person", None),
    ("example", "person", None), ("patel", "person", None),
]


@pytest.mark.parametrize(("word", "kind", "prefix"), EVERY_KIND)
def test_every_kind_of_text_is_found_with_the_id_to_open_it(oto, word, kind, prefix):
    town(oto)
    results = found(oto, word)
    assert [r["kind"] for r in results] == [kind], results
    hit = results[0]
    assert (hit["id"] or "")[:1] == (prefix or "")
    assert hit["text"][slice(*hit["text_marks"][0])].lower() == word
    assert found(oto, word, "--kind", kind) == results


def test_the_ids_are_the_ones_other_commands_take(oto):
    town(oto)
    lease = found(oto, "lease")[0]
    ok(oto("kept", lease["id"]))
    note = found(oto, "strike")[0]
    assert note["id"] == "m2" and note["person"] == "Dev Patel" and note["date"] == "2026-11-16"
    assert found(oto, "photos")[0]["detail"] == "theirs" and lease["label"] == "my promise"
    assert found(oto, "3A")[0]["label"] == "call"


def test_case_and_accents_do_not_matter(oto):
    town(oto)
    for typed in ("nunez", "NÚÑEZ", "Nuñez", "núnez"):
        assert [r["person"] for r in found(oto, typed)] == ["Ana Núñez"], typed
    assert {r["kind"] for r in found(oto, "MOULD")} == {"log", "promise"}
    assert {r["kind"] for r in found(oto, "mould")} == {"log", "promise"}


def test_a_word_start_and_a_phrase(oto):
    town(oto)
    assert found(oto, "laund*")[0]["detail"] == "met_how"
    assert found(oto, "laund") == []
    assert [r["kind"] for r in found(oto, '"rent strike"')] == ["note"]
    assert found(oto, '"strike rent"') == []
    assert [r["kind"] for r in found(oto, "rent", "strike")] == ["note"]  # all words, anywhere
    assert found(oto, "rent", "pizza") == []
    assert found(oto, '"the boil"*')[0]["kind"] == "self-interest"


def test_percent_underscore_and_backslash_are_plain_characters(oto):
    ok(oto("add", "Ana Reyes", "--role", "files as rent_strike, see C:\\rent"))
    ok(oto("promise", "Ana", "Check the 500 dollar deposit", "--by", "fri"))
    ok(oto("promise", "Ana", "Fight the 50% rent increase", "--by", "fri"))
    assert [r["text"] for r in found(oto, "50%")] == ["Fight the 50% rent increase"]
    assert [r["detail"] for r in found(oto, "rent_strike")] == ["role"]
    assert found(oto, "re_t") == [] and found(oto, "5%") == []  # neither is a wildcard
    assert [r["detail"] for r in found(oto, "C:\\rent")] == ["role"]
    assert oto("search", "%").exit_code == 1


@pytest.mark.parametrize("typed", [
    '"', '*', '**', 'NEAR(', 'NEAR(mould, rent)', '-', '-mould', 'AND OR', 'mould AND', 'OR mould', 'NOT', '^', '^mould',
    'person:', 'person:mould', 'text:mould', '{text}: mould', '"mould', 'mould"', '(mould', 'mould)', "'", "\\", "%", "_",
    '"" ""', 'mould*rent', '*mould', 'a' * 600, ' '.join(['w'] * 20), '\u0000x', '\ue000mould\ue001',
])
def test_hostile_search_text_gives_an_answer_or_one_line_never_a_crash(oto, typed):
    town(oto)
    ran = oto("search", "--", typed)
    assert ran.exit_code in (0, 1), ran.output
    assert "Traceback" not in ran.output
    if ran.exit_code == 1:
        assert ran.stderr.count("\n") == 1 and ran.stderr.startswith("oto: ")
    else:
        assert ran.stdout.strip()


def test_fts_words_in_the_text_are_only_words(oto):
    town(oto)
    ok(oto("promise", "Dev", "Ask about NEAR and OR and NOT", "--by", "fri"))
    assert [r["kind"] for r in found(oto, "NEAR OR")] == ["promise"]
    assert [r["kind"] for r in found(oto, "mould -3A")] == ["log"]  # '-' is no NOT: both words wanted


def test_markup_and_escapes_in_the_text_stay_text(oto, oto_home, monkeypatch):
    from onetoone.domain import search
    from onetoone.render import search as screen
    from onetoone.store.journal import open_journal
    from onetoone.store.paths import journal_path
    from onetoone.terminal import Terminal

    ok(oto("add", "Ana Reyes"))
    ok(oto("promise", "Ana", "[bold red]Mould[/bold red] \x1b[31m report \x1b[0m \ue000here\ue001", "--by", "fri"))
    plain = ok(oto("search", "mould")).stdout
    assert "[bold red]Mould[/bold red]" in plain and "\x1b" not in plain and "\ue000" not in plain

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    with open_journal(journal_path(oto_home), now=NOW) as journal:
        hits = search.search(journal, search.parse("mould report"))
    drawn = Tty()
    Terminal(stdout=drawn).show(screen.screen(hits, today=NOW.date()))
    out = drawn.getvalue()
    assert "[bold red]" in out and "\x1b[31m" not in out and "\ue000" not in out
    assert "\x1b[1;7mMould\x1b[0m" in out and "\x1b[1;7mreport\x1b[0m" in out, repr(out)


def test_filters_person_kind_dates_and_limit(oto):
    town(oto)
    ok(oto("promise", "Ana", "Send the mould photos to the city", "--by", "fri"))
    assert {r["person"] for r in found(oto, "mould")} == {"Ana Núñez", "Dev Patel"}
    assert {r["kind"] for r in found(oto, "mould", "--person", "ana")} == {"log", "promise"}
    assert [r["person"] for r in found(oto, "mould", "--person", "dev")] == ["Dev Patel"]
    assert [r["kind"] for r in found(oto, "mould", "--kind", "log")] == ["log"]
    assert sorted(r["kind"] for r in found(oto, "mould", "--kind", "log", "--kind", "promise")) == ["log", "promise", "promise"]
    assert [r["kind"] for r in found(oto, "mould", "--since", "yesterday")] == ["promise", "log"]  # today's promise, then the call
    assert [r["person"] for r in found(oto, "mould", "--until", "2026-11-20")] == ["Dev Patel"]
    assert found(oto, "mould", "--since", "2026-11-17", "--until", "2026-11-21") == []
    assert found(oto, "parents", "--since", "tomorrow") and not found(oto, "parents", "--until", "yesterday")  # planned asks: their one-to-one's day
    limited = json.loads(ok(oto("search", "mould", "--limit", "1", "--json")).stdout)
    assert len(limited["results"]) == 1 and limited["total"] == 3
    assert "1 of 3 found" in ok(oto("search", "mould", "--limit", "1")).stdout


def test_bad_filters_are_one_line_and_unknown_people_get_candidates(oto):
    town(oto)
    ok(oto("add", "Ana Reyes"))
    ran = oto("search", "mould", "--person", "ana")
    assert ran.exit_code == 1 and "Ana Núñez" in ran.stderr and "Ana Reyes" in ran.stderr
    ran = oto("search", "mould", "--person", "zed")
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: No one called")
    ran = oto("search", "mould", "--kind", "gossip")
    assert ran.exit_code == 1 and "self-interest" in ran.stderr
    assert oto("search", "mould", "--sort", "random").exit_code == 1
    assert oto("search", "mould", "--since", "someday").exit_code == 1


def test_nothing_found_is_a_friendly_line_and_success(oto):
    town(oto)
    ran = oto("search", "zeppelin")
    assert ran.exit_code == 0 and ran.stdout == "Nothing found for 'zeppelin'.\n"
    ran = oto("search", "mould", "--kind", "story")
    assert ran.exit_code == 0 and "Fewer filters may find more." in ran.stdout
    assert json.loads(oto("search", "zeppelin", "--json").stdout)["results"] == []


def test_newest_or_best_first(oto):
    ok(oto("add", "Ana Reyes"))
    ok(oto("promise", "Ana", "Rent rent rent: the rent", "--by", "fri", env={"OTO_NOW": "2026-11-01 09:00"}))
    ok(oto("promise", "Ana", "A long note that once mentions the rent among many other words about the building", "--by", "fri"))
    newest = [r["text"][:6] for r in found(oto, "rent")]
    best = [r["text"][:6] for r in found(oto, "rent", "--sort", "best")]
    assert newest == ["A long", "Rent r"] and best == ["Rent r", "A long"]


def test_the_screen(oto):
    town(oto)
    assert ok(oto("search", "mould")).stdout == (
        "2 found for 'mould', newest first:\n"
        "\n"
        "c1  yesterday  Ana Núñez, call\n"
        "    Mould is back in 3A\n"
        "\n"
        "p1  Mon 16 Nov  Dev Patel, their commitment\n"
        "    Bring photos of the mould\n"
    )


def test_a_long_text_is_cut_around_the_match_and_json_marks_it(oto):
    ok(oto("add", "Ana Reyes"))
    words = " ".join(f"word{n}" for n in range(40))
    ok(oto("promise", "Ana", f"{words} the Mould in 3A {words}", "--by", "fri"))
    hit = found(oto, "mould")[0]
    assert hit["snippet"].startswith("\u2026") and hit["snippet"].endswith("\u2026") and len(hit["snippet"]) <= 74
    start, end = hit["marks"][0]
    assert hit["snippet"][start:end] == "Mould"
    assert set(hit) == {"id", "kind", "detail", "label", "person", "person_id", "date", "snippet", "marks", "text", "text_marks"}
    whole = json.loads(oto("search", "mould", "--json").stdout)
    assert set(whole) == {"query", "sort", "total", "person", "kinds", "since", "until", "results"}


def test_the_parse_writes_only_quoted_strings():
    from onetoone.domain.search import parse

    assert parse('land* "rent strike" 3A\'s NEAR(x) a_b').fts() == '"land"* "rent strike" "3A s" "NEAR x" "a b"'
    assert parse('"unclosed phrase').fts() == '"unclosed phrase"'
    assert parse('"land lo"*').fts() == '"land lo"*'


def test_undo_takes_a_reflection_out_of_the_index(oto, oto_home):
    ok(oto("add", "Dev Patel"))
    entries = index(oto_home)
    ok(oto("reflect", "Dev", "--at", "today", "--self-interest", "Wants the zeppelin hangar", "--note", "Zeppelin talk"))
    assert len(found(oto, "zeppelin")) == 2
    ok(oto("undo"))
    assert found(oto, "zeppelin") == [] and index(oto_home) == entries
    ok(oto("promise", "Dev", "Call about the zeppelin", "--by", "fri"))
    ok(oto("amend", "p1", "--text", "Call about the airship"))
    ok(oto("undo"))
    assert [r["text"] for r in found(oto, "zeppelin")] == ["Call about the zeppelin"] and found(oto, "airship") == []


def index(home) -> list[tuple]:
    db = sqlite3.connect(home / "journal.db")
    try:
        return search_entries(db)
    finally:
        db.close()


def test_changes_move_the_index_with_them(oto, oto_home):
    town(oto)
    ok(oto("edit", "Ana", "--institution", "Elm Street Block Club"))
    assert found(oto, "riverside") == [] and found(oto, "block", "club")[0]["detail"] == "institution"
    concern = found(oto, "eviction")[0]["id"]
    ok(oto("move", concern, "--kind", "talent"))
    assert found(oto, "eviction", "--kind", "concern") == [] and found(oto, "eviction", "--kind", "talent")[0]["id"] == concern
    ok(oto("merge", "Dev Patel", "Ana Núñez", "--yes"))
    assert {r["person"] for r in found(oto, "mould")} == {"Dev Patel"}
    assert found(oto, "nunez") == []
    check = sqlite3.connect(oto_home / "journal.db")
    try:
        check.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    finally:
        check.close()


def test_an_older_journal_is_indexed_when_it_is_upgraded(oto, oto_home):
    """A journal at 0007 (before search, and before institutions were records), as an older oto
    left it: written in SQL, since today's models know later columns."""
    from onetoone.store.paths import journal_path, private_dir
    from tests.test_journal import journal_at_version

    private_dir(oto_home)
    path = journal_path(oto_home)
    journal_at_version(path, 7)
    db = sqlite3.connect(path, isolation_level=None)
    for n, (name, institution) in enumerate((("Ana Núñez", "Riverside Tenants Association"), ("Dev Patel", None)), start=1):
        db.execute("INSERT INTO person (name, name_key, institution, stage, do_not_contact, created_on) VALUES (?, ?, ?, 'met', 0, ?)",
                   (name, name.lower(), institution, "2026-11-01"))
        db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (?, 'name', ?, ?)", (n, name, name.lower()))
    db.execute("INSERT INTO contact (person_id, kind, contacted_on, note, created_at) VALUES (1, 'call', '2026-11-22', 'Mould is back in 3A', '2026-11-22 10:00:00')")
    db.execute("INSERT INTO insight (person_id, kind, text, created_on) VALUES (2, 'self-interest', 'Wants the boiler fixed', '2026-11-16')")
    db.execute("INSERT INTO ask (person_id, text, answer, asked_on) VALUES (2, 'Bring photos of the mould', 'maybe', '2026-11-16')")
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'search'").fetchone()[0] == 0
    db.close()
    assert {r["kind"] for r in found(oto, "mould")} == {"log", "ask"}  # this opens it: 0008 fills the index
    assert len(found(oto, "boiler")) == 1 and found(oto, "nunez")[0]["detail"] == "name"
    # 0010 made the free-text institution a record: the person is found by its name, read through the link
    assert [(r["person"], r["detail"]) for r in found(oto, "riverside")] == [("Ana Núñez", "institution")]
    ok(oto("promise", "Ana", "More about the mould", "--by", "fri"))
    assert len(found(oto, "mould")) == 3
    ok(oto("org", "edit", "Riverside Tenants Association", "--name", "Elm Street Tenants"))
    assert found(oto, "riverside") == [] and [r["person"] for r in found(oto, "elm")] == ["Ana Núñez"]
    check = sqlite3.connect(path)
    try:
        check.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    finally:
        check.close()


def test_unlearn_and_a_removed_boundary_leave_the_index_and_the_file(oto, oto_home):
    ok(oto("add", "Ana Reyes", "--boundary", "Quibblewort clinic visits"))
    ok(oto("reflect", "Ana", "--at", "today", "--story", "Fandangle factory fire"))
    ok(oto("edit", "Ana", "--remove-boundary", "Quibblewort clinic visits"))
    story = found(oto, "fandangle")[0]["id"]
    ok(oto("unlearn", story))
    assert found(oto, "quibblewort") == [] and found(oto, "fandangle") == []
    data = file_bytes(oto_home).lower()
    assert b"quibblewort" not in data and b"fandangle" not in data
