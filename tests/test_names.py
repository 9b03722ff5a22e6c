"""Names resolve the same way everywhere (issue 9 part 3): near misses get a "did you mean";
apostrophes, hyphens and spaces match loosely."""

from __future__ import annotations

import sqlite3

import pytest

from onetoone.domain import people
from onetoone.errors import Ambiguous, NotFound
from tests.conftest import NOW


# -- Near misses and loose matching, everywhere a name is resolved ------------------------------


@pytest.fixture
def crowd(scene):
    with scene() as s:
        for name in ("Dmitri Volkov", "Sean O'Connor", "Lucía Hernandez", "Mary-Jane Watson", "Ana De La Cruz", "Dev Patel"):
            s.person(name)


@pytest.mark.parametrize("typed, suggested", [
    ("Dimitri", "Dmitri Volkov"), ("Hernandes", "Lucía Hernandez"), ("Dimitri Volkof", "Dmitri Volkov"),
    ("Devon", "Dev Patel"), ("Patel Dev", "Dev Patel"),
])
def test_an_unknown_name_suggests_the_close_ones(oto, crowd, typed, suggested):
    for command in (("show", typed), ("prep", typed), ("edit", typed, "--stage", "met"), ("reflect", typed, "--minutes", "30")):
        ran = oto(*command)
        assert ran.exit_code == 1 and ran.stderr.startswith(f"oto: No one called '{typed}'. Did you mean '{suggested}'"), (command, ran.stderr)


def test_a_name_like_no_one_gets_no_suggestion(oto, crowd):
    ran = oto("show", "Zebediah")
    assert ran.stderr == "oto: No one called 'Zebediah'. See `oto people` for everyone, or add them with `oto add`.\n"
    assert oto("show", "Maria Garcia").stderr.startswith("oto: No one called 'Maria Garcia'. See")


@pytest.mark.parametrize("typed, found", [
    ("oconnor", "Sean O'Connor"), ("O’Connor", "Sean O'Connor"), ("sean o connor", "Sean O'Connor"),
    ("Sean OConnor", "Sean O'Connor"), ("mary jane", "Mary-Jane Watson"), ("maryjane", "Mary-Jane Watson"),
    ("jane", "Mary-Jane Watson"), ("Mary–Jane Watson", "Mary-Jane Watson"), ("delacruz", "Ana De La Cruz"),
    ("de la", "Ana De La Cruz"), ("ana dela cruz", "Ana De La Cruz"),
])
def test_apostrophes_hyphens_and_spaces_match_loosely(oto, crowd, open_journal, typed, found):
    with open_journal(write=False) as j:
        assert people.resolve(j, typed).name == found
    assert oto("show", typed, "--json").exit_code == 0


def test_a_name_differing_only_by_an_apostrophe_is_the_same_name(oto, crowd):
    ran = oto("add", "Sean OConnor")
    assert ran.exit_code == 1 and "'Sean O'Connor' (prospect) already has that name or alias." in ran.stderr


def test_several_still_ask_for_more_of_the_name(crowd, open_journal, scene):
    with scene() as s:
        s.person("Dmitri Ivanov")
    with open_journal(write=False) as j:
        with pytest.raises(Ambiguous):
            people.resolve(j, "dmitri")
        with pytest.raises(NotFound):
            people.resolve(j, "x")


# -- The migration -------------------------------------------------------------------------------


def test_the_migration_recomputes_the_keys_of_an_older_journal(tmp_path):
    from onetoone.store.journal import open_journal as opener
    from tests.test_journal import journal_at_version

    path = tmp_path / "j" / "journal.db"
    path.parent.mkdir(mode=0o700)
    journal_at_version(path, 3)
    db = sqlite3.connect(path, isolation_level=None)
    for n, (name, old_key, words) in enumerate([
        ("Sean O'Connor", "sean o'connor", ["o'connor"]),
        ("Mary-Jane Watson", "mary-jane watson", ["watson"]),
        ("Dev Patel", "dev patel", ["patel"]),
    ], 1):
        db.execute("INSERT INTO person (id, name, name_key, stage, do_not_contact, created_on) VALUES (?, ?, ?, 'prospect', 0, '2026-11-01')",
                   (n, name, old_key))
        db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (?, 'name', ?, ?)", (n, name, old_key))
        for word in words:
            db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (?, 'word', ?, ?)", (n, word, word))
    db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (3, 'alias', 'D’Patel', 'd’patel')")
    db.close()
    with opener(path, now=NOW) as j:
        keys = [tuple(r) for r in j.rows("SELECT person_id, kind, key FROM person_key ORDER BY person_id, kind, key")]
        assert keys == [
            (1, "name", "sean oconnor"), (1, "word", "oconnor"),
            (2, "name", "mary jane watson"), (2, "word", "jane"), (2, "word", "watson"),
            (3, "alias", "dpatel"), (3, "name", "dev patel"), (3, "word", "patel"),
        ]
        assert [r[0] for r in j.rows("SELECT name_key FROM person ORDER BY id")] == ["sean oconnor", "mary jane watson", "dev patel"]
        assert people.resolve(j, "oconnor").name == "Sean O'Connor"
        assert people.resolve(j, "jane").name == "Mary-Jane Watson"
        assert j.value("SELECT name FROM migration WHERE version = 4") == "0004_loose_name_keys"
