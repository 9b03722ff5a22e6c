"""Names resolve the same way everywhere (issue 9 part 3): a reflection's referrals go through
the resolver every command uses, so a typed 'maria' is María López and never a stub that
shadows her; near misses get a "did you mean"; apostrophes, hyphens and spaces match loosely."""

from __future__ import annotations

import json
import shlex
import sqlite3
import sys

import pytest

from onetoone.domain import drafts, people
from onetoone.domain.reflection import about, fields, interview, record
from onetoone.errors import Ambiguous, NotFound
from tests.conftest import NOW, TODAY


def names(open_journal) -> list[str]:
    with open_journal(write=False) as j:
        return [r[0] for r in j.rows("SELECT name FROM person ORDER BY id")]


def count(open_journal, table: str) -> int:
    with open_journal(write=False) as j:
        return j.value(f"SELECT count(*) FROM {table}")


# -- Referrals ---------------------------------------------------------------------------------


def test_a_referral_typed_maria_is_maria_lopez_and_no_stub_shadows_her(oto, scene, open_journal):
    with scene() as s:
        s.person("María López", boundaries=["Do not bring up her immigration status"])
        s.person("Dev Patel")
    ran = oto("reflect", "Dev", "--minutes", "30", "--referral", "maria")
    assert ran.exit_code == 0, ran.stderr
    assert "  Referral: 'maria' is María López (already in your journal).\n" in ran.stdout
    assert names(open_journal) == ["María López", "Dev Patel"]  # no new person called 'maria'
    assert json.loads(oto("show", "María López", "--json").stdout)["referred_by"] == "Dev Patel"
    sheet = oto("prep", "maria")
    assert sheet.exit_code == 0 and "BOUNDARY: Do not bring up her immigration status" in sheet.stdout


@pytest.mark.parametrize("typed, known", [
    ("Siobhan", "Siobhán O'Neill"), ("bob", "Bob Kowalski"), ("Bob K", "Bob Kowalski"),
    ("kowalski", "Bob Kowalski"), ("o’neill", "Siobhán O'Neill"),
])
def test_a_referral_that_finds_one_person_links_to_them(scene, typed, known):
    with scene() as s:
        s.person("Siobhán O'Neill")
        s.person("Bob Kowalski")
        dev = s.person("Dev Patel")
        saved = s.reflect(dev, TODAY, referral=[typed])
        (referral,) = saved.referrals
        assert (referral.name, referral.new, referral.typed) == (known, False, typed)
        assert s.j.value("SELECT count(*) FROM person") == 3
        assert s.j.value("SELECT count(*) FROM followup WHERE kind = 'contact-referral'") == 0


def test_a_referral_that_finds_no_one_is_added_and_the_summary_says_so(oto, scene, open_journal):
    with scene() as s:
        s.person("Dev Patel")
        s.person("Maria Lopez")
    ran = oto("reflect", "Dev", "--minutes", "30", "--referral", "Bob Kowalski", "--referral", "Maria Lopez")
    assert ran.exit_code == 0, ran.stderr
    assert "  Referral: added Bob Kowalski as a new prospect; contact them Thu 26 Nov 2026, in 3 days (f1).\n" in ran.stdout
    assert "  Referral: Maria Lopez (already in your journal).\n" in ran.stdout
    assert names(open_journal) == ["Dev Patel", "Maria Lopez", "Bob Kowalski"]


def test_a_new_referral_close_to_someone_is_added_with_a_word_about_them(oto, scene):
    with scene() as s:
        s.person("Dev Patel")
        s.person("Dmitri Volkov")
    ran = oto("reflect", "Dev", "--minutes", "30", "--referral", "Dimitri")
    assert ran.exit_code == 0, ran.stderr
    assert "Referral: added Dimitri as a new prospect" in ran.stdout
    assert "    Dmitri Volkov is in your journal too, with a close name.\n" in ran.stdout


def test_an_ambiguous_referral_by_flags_or_stdin_is_refused_with_the_candidates(oto, scene, open_journal):
    with scene() as s:
        s.person("Dev Patel")
        s.person("Maria Lopez", institution="Oak St Tenants")
        s.person("Maria Chen", role="pastor")
    for ran in (oto("reflect", "Dev", "--minutes", "30", "--referral", "maria"),
                oto("reflect", "Dev", input="minutes: 30\nreferral: maria\n")):
        assert ran.exit_code == 1 and ran.stderr.count("\n") == 1, ran.stderr
        assert ran.stderr.startswith("oto: The referral 'maria' could be ")
        assert "'Maria Lopez' (Oak St Tenants; prospect)" in ran.stderr and "'Maria Chen' (pastor; prospect)" in ran.stderr
        assert "tells someone new apart" in ran.stderr
    assert count(open_journal, "meeting") == 0 and count(open_journal, "person") == 3


def test_an_ambiguous_referral_in_the_editor_keeps_the_draft(oto, scene, tmp_path, open_journal, oto_home):
    from onetoone.store.paths import drafts_dir

    with scene() as s:
        s.person("Dev Patel")
        s.person("Maria Lopez")
        s.person("Maria Chen")
    script = tmp_path / "editor.py"
    script.write_text("import pathlib, sys\np = pathlib.Path(sys.argv[-1])\n"
                      "p.write_text(p.read_text() + 'minutes: 30\\nreferral: maria\\n')\n")
    ran = oto("reflect", "Dev", "--edit", env={"VISUAL": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"})
    assert ran.exit_code == 1
    assert "The referral 'maria' could be 'Maria Lopez'" in ran.stderr and "your draft is kept" in ran.stderr
    assert drafts.load(drafts_dir(oto_home), 1) is not None  # Dev's draft (one draft per person)
    assert count(open_journal, "meeting") == 0


def test_the_person_reflected_on_is_never_one_of_the_people_a_referral_could_be(scene):
    with scene() as s:
        lopez = s.person("Maria Lopez")
        s.person("Maria Chen")
        (referral,) = s.reflect(lopez, TODAY, referral=["maria"]).referrals
        assert (referral.name, referral.new) == ("Maria Chen", False)


# -- The guided interview asks which one ----------------------------------------------------------


class Scripted:
    """Every question skipped, but from the referral question on the answers given."""

    def __init__(self, answers):
        self.answers, self.said, self.started = list(answers), [], False

    def ask(self, question: str) -> str:
        self.said.append(question)
        self.started = self.started or question == fields.BY_KEY["referral"].prompt
        return self.answers.pop(0) if self.started and self.answers else ""


def interviewed(open_journal, who: str, referrals: list[str]):
    """The guided questions for `who`, every answer skipped but the referrals given."""
    with open_journal(write=False) as j:
        ctx = about.prepare(j, who, today=TODAY)

    def referred(typed, person):
        with open_journal(write=False) as j:
            return record.referred(j, typed, person)

    fake = Scripted(referrals)
    draft = drafts.Draft(started_at="2026-11-23 09:00:00", person_id=ctx.person.id, person_name=ctx.person.name)
    interview.interview(draft, ctx=ctx, ask=fake.ask, say=fake.said.append, keep=lambda d: None,
                        lookup=lambda typed: pytest.fail("no lookup"), today=TODAY, now=NOW, referred=referred)
    assert fake.answers == []
    return draft.fields.get("referral"), fake.said


@pytest.fixture
def marias(scene):
    with scene() as s:
        s.person("Dev Patel")
        s.person("Maria Lopez", institution="Oak St Tenants")
        s.person("Maria Chen", role="pastor")
        s.person("Dmitri Volkov")


def test_the_interview_asks_which_maria_and_keeps_the_one_picked(marias, open_journal):
    kept, said = interviewed(open_journal, "Dev", ["maria", "2", ""])
    assert kept == ["Maria Chen"]
    menu = said.index("Which maria?")
    assert said[menu + 1:menu + 4] == [
        "  1) Maria Lopez (Oak St Tenants; prospect)", "  2) Maria Chen (pastor; prospect)", "  3) someone new",
    ]
    assert "  = Maria Chen (already in your journal)" in said


def test_someone_new_among_namesakes_needs_a_name_that_tells_them_apart(marias, open_journal):
    kept, said = interviewed(open_journal, "Dev", ["maria", "3", "Maria Garcia", ""])
    assert kept == ["Maria Garcia"]
    assert any(line.startswith("Type a name for them that tells them apart from Maria Lopez and Maria Chen") for line in said)
    assert "  = Maria Garcia, someone new: added as a prospect when you save" in said


def test_the_interview_offers_a_near_miss_or_someone_new(marias, open_journal):
    kept, said = interviewed(open_journal, "Dev", ["Dimitri", "1", "Dimitri", "2", "bob", ""])
    assert kept == ["Dmitri Volkov", "Dimitri", "bob"]
    assert "No one called 'Dimitri' yet. Did you mean:" in said
    assert "  2) someone new called Dimitri" in said
    assert "  = bob, someone new: added as a prospect when you save" in said


def test_a_unique_match_is_said_back_and_self_is_refused(marias, open_journal):
    kept, said = interviewed(open_journal, "Maria Lopez", ["maria lopez", "lopez", "Maria", ""])
    assert kept == ["Maria Chen"]
    assert said.count("Maria Lopez cannot be their own referral; give the names of people they suggested.") == 2
    assert "  = Maria Chen (already in your journal)" in said


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
        assert j.value("SELECT name FROM migration WHERE version = 5") == "0005_loose_name_keys"
