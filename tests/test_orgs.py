"""Institutions as records (`oto org`), people linked to them (`--institution`), the migration of
free-text institutions, and introductions (`oto introduce`, prep's "introduced to" and its
suggestions), with forget, merge and undo over them."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import TODAY
from tests.test_forget import file_bytes
from tests.test_undo import dump


def ok(ran):
    assert ran.exit_code == 0, ran.output
    return ran


def orgs(oto) -> dict[str, dict]:
    return {o["name"]: o for o in json.loads(ok(oto("org", "list", "--json")).stdout)}


def test_org_add_list_show_with_people_leaders_first_and_who_is_not_met(oto):
    ok(oto("org", "add", "St. Brigid's", "--sector", "faith", "--notes", "Hall on Oak St"))
    assert ok(oto("org", "add", "Local 1199", "--sector", "union")).stderr == "Added Local 1199 (union), o2.\n"
    ok(oto("add", "Maria Lopez", "--institution", "st brigids", "--role", "deacon", "--stage", "leader"))
    ok(oto("add", "Tom Hale", "--institution", "ST. BRIGID’S", "--role", "pastor"))
    ok(oto("reflect", "Maria", "--at", "2026-11-20", "--self-interest", "rent"))
    listed = orgs(oto)
    assert listed["St. Brigid's"] == {"id": "o1", "name": "St. Brigid's", "sector": "faith", "people": 2, "met": 1, "leaders": 1}
    assert listed["Local 1199"]["people"] == 0
    screen = ok(oto("org", "list")).stdout
    assert "St. Brigid's  faith   2       1    1" in screen
    assert "1 of 2 without a leader yet" in screen

    shown = ok(oto("org", "show", "st b")).stdout
    assert shown.splitlines()[0] == "St. Brigid's (faith, o1)"
    assert "Hall on Oak St" in shown and "2 people, 1 met, 1 leader." in shown
    assert shown.index("Maria Lopez") < shown.index("Tom Hale")  # leaders first
    assert "Not met yet\n  Tom Hale" in shown
    data = json.loads(ok(oto("org", "show", "o1", "--json")).stdout)
    assert [(p["name"], p["role"], p["stage"], p["met"]) for p in data["people"]] == [
        ("Maria Lopez", "deacon", "leader", True), ("Tom Hale", "pastor", "prospect", False)]
    assert data["not_met"] == ["Tom Hale"]
    # A person's institution prints as before, everywhere
    assert json.loads(oto("show", "Tom", "--json").stdout)["institution"] == "St. Brigid's"
    assert "pastor, St. Brigid's" in oto("prep", "Tom").stdout
    assert [p["institution"] for p in json.loads(oto("people", "--json").stdout)] == ["St. Brigid's", "St. Brigid's"]


def test_an_unknown_institution_is_made_and_said_a_near_miss_is_refused(oto):
    ran = ok(oto("add", "Rosa Diaz", "--institution", "Lincoln Elementary PTA"))
    assert "New institution: Lincoln Elementary PTA (sector other; set its sector with " \
           "`oto org edit \"Lincoln Elementary PTA\" --sector SECTOR`)." in ran.stderr
    ran = oto("add", "Ana Reyes", "--institution", "Lincon Elementary PTA")
    assert ran.exit_code == 1 and "Did you mean 'Lincoln Elementary PTA'?" in ran.stderr
    assert oto("show", "Ana").exit_code == 1  # nothing changed
    ran = oto("edit", "Rosa", "--institution", "Lincoln")  # the start of a name links nothing: said back
    assert ran.exit_code == 1 and "Did you mean 'Lincoln Elementary PTA'?" in ran.stderr
    assert "New institution" not in ok(oto("add", "Ana Reyes", "--institution", "lincoln elementary pta")).stderr
    assert orgs(oto)["Lincoln Elementary PTA"]["people"] == 2
    ok(oto("edit", "Ana", "--institution", ""))  # empty: no institution
    assert json.loads(oto("show", "Ana", "--json").stdout)["institution"] is None


def test_org_edit_renames_and_refuses_bad_input_changing_nothing(oto, oto_home):
    ok(oto("org", "add", "Grace AME", "--sector", "faith"))
    ok(oto("org", "add", "First Baptist", "--sector", "faith"))
    before = dump(oto_home)
    for args, words in (
        (("org", "add", "grace a.m.e.", "--sector", "faith"), "'Grace AME' (o1) already has that name"),
        (("org", "add", "Oak St", "--sector", "church"), "Unknown sector 'church'. Use one of: faith, school"),
        (("org", "edit", "Grace", "--name", "First Baptist"), "already has that name"),
        (("org", "edit", "Grace"), "Nothing to change"),
        (("org", "show", "Gracie AME"), "Did you mean 'Grace AME'?"),
        (("org", "show", "o99"), "No institution called 'o99'"),
    ):
        ran = oto(*args)
        assert ran.exit_code == 1 and words in ran.stderr, ran.stderr
        assert "Traceback" not in ran.output
    assert dump(oto_home) == before
    ok(oto("org", "add", "Gracewood Tenants", "--sector", "tenant"))
    ran = oto("org", "show", "grace")
    assert ran.exit_code == 1 and "'grace' could be 'Grace AME'; 'Gracewood Tenants'" in ran.stderr
    assert ok(oto("org", "edit", "grace ame", "--name", "Grace AME Church", "--sector", "faith")).stderr == \
        "Updated Grace AME Church (faith).\n"
    assert ok(oto("org", "list")).stdout.count("\n") >= 3


def test_an_older_journal_with_free_text_institutions_migrates_to_records(oto, oto_home):
    """A journal at 0007 (before institutions), its people's institutions typed three ways."""
    from onetoone.store.paths import journal_path, private_dir
    from tests.test_journal import journal_at_version

    private_dir(oto_home)
    path = journal_path(oto_home)
    journal_at_version(path, 7)
    db = sqlite3.connect(path, isolation_level=None)
    for n, (name, institution, stage) in enumerate((
        ("Maria Lopez", "St. Brigid's", "leader"), ("Tom Hale", "st brigids ", "met"), ("Ana Reyes", "Oak St Tenants", "met"),
        ("Dev Patel", None, "prospect"), ("Rosa Diaz", "  ", "prospect"), ("Lee Park", "ST BRIGID’S", "prospect"),
    ), start=1):
        db.execute(
            "INSERT INTO person (name, name_key, institution, stage, do_not_contact, created_on) VALUES (?, ?, ?, ?, 0, ?)",
            (name, name.lower(), institution, stage, f"2026-10-{n:02d}"),
        )
        db.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (?, 'name', ?, ?)", (n, name, name.lower()))
    db.close()

    listed = orgs(oto)  # the first command opens (and migrates) the journal
    assert sorted(listed) == ["Oak St Tenants", "St. Brigid's"]
    assert (listed["St. Brigid's"]["people"], listed["St. Brigid's"]["sector"], listed["St. Brigid's"]["leaders"]) == (3, "other", 1)
    people = {p["name"]: p["institution"] for p in json.loads(oto("people", "--json").stdout)}
    assert people == {"Ana Reyes": "Oak St Tenants", "Dev Patel": None, "Lee Park": "St. Brigid's",
                      "Maria Lopez": "St. Brigid's", "Rosa Diaz": None, "Tom Hale": "St. Brigid's"}
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(person)")]
    assert "institution" not in columns and "institution_id" in columns


def test_introduce_records_shows_in_prep_and_refuses_twice(oto):
    ok(oto("add", "Maria Lopez"))
    ok(oto("add", "Father Tom", "--institution", "St. Brigid's"))
    ran = ok(oto("introduce", "Maria", "Father Tom", "--note", "the hall for the tenants meeting", "--on", "fri"))
    assert ran.stderr == "Recorded: you introduced Maria Lopez to Father Tom on Fri 20 Nov 2026 (the hall for the tenants meeting).\n"
    assert "Introduced to  Father Tom (Fri 20 Nov)" in oto("prep", "Maria").stdout
    assert "Introduced to  Maria Lopez (Fri 20 Nov)" in oto("prep", "Tom").stdout
    for args, words in (
        (("introduce", "Tom", "maria"), "were introduced on Fri 20 Nov 2026; nothing was changed"),
        (("introduce", "Maria", "Maria Lopez"), "is one person"),
        (("introduce", "Maria", "Tom", "--on", "tomorrow"), "give today or a day gone by"),
        (("introduce", "Maria", "Nobody"), "No one called 'Nobody'"),
    ):
        ran = oto(*args)
        assert ran.exit_code == 1 and words in ran.stderr, ran.stderr


def test_prep_suggests_introductions_by_shared_words_not_yet_made(scene, oto):
    from onetoone.domain import introductions

    with scene() as s:
        maria = s.person("Maria Lopez")
        ana = s.person("Ana Reyes", institution="Oak St Tenants")
        s.person("Bob Chen")
        dnc = s.person("Dee Park", do_not_contact=True)
        s.reflect(maria, TODAY, self_interest="Her kids' asthma from the mould", concern="The landlord never answers")
        s.reflect(ana, TODAY, concern="Mould in the bathroom, and the landlord")
        s.reflect(s.j.value("SELECT id FROM person WHERE name = 'Bob Chen'"), TODAY, self_interest="The bus route to work")
        s.reflect(dnc, TODAY, concern="mould")
        found = introductions.suggest(s.j, maria)
    assert [(f.name, f.institution, f.shared) for f in found] == [("Ana Reyes", "Oak St Tenants", ("landlord", "mould"))]
    assert introductions.words("The landlord's MOULD, and the kids") == {"landlords", "mould"}
    sheet = oto("prep", "Maria").stdout
    assert "Could introduce to\n  - Ana Reyes (Oak St Tenants): both spoke of landlord, mould" in sheet
    ok(oto("introduce", "Maria", "Ana"))
    assert "Could introduce to" not in oto("prep", "Maria").stdout


def test_undo_reverses_org_add_edit_link_and_introduce(oto, oto_home):
    ok(oto("add", "Maria Lopez"))
    ok(oto("add", "Tom Hale"))
    before = dump(oto_home)
    ok(oto("org", "add", "St. Brigid's", "--sector", "faith"))
    ok(oto("org", "edit", "St. Brigid's", "--notes", "the hall"))
    ok(oto("edit", "Tom", "--institution", "St. Brigid's"))
    ok(oto("add", "Ana Reyes", "--institution", "Oak St Tenants"))  # makes an institution too
    ok(oto("introduce", "Maria", "Tom"))
    for _ in range(5):
        ok(oto("undo"))
    assert dump(oto_home) == before


def test_forget_erases_their_introductions_and_keeps_the_institution(oto, oto_home):
    ok(oto("add", "Dev Patel", "--institution", "Riverside Tenants"))
    ok(oto("add", "Zebediah Quillfeather", "--institution", "Riverside Tenants", "--role", "Grumbleweed steward"))
    ok(oto("add", "Ana Reyes"))
    ok(oto("introduce", "Zebediah", "Dev", "--note", "Snorkelwick garden plots"))
    ok(oto("introduce", "Ana", "Zebediah", "--note", "Fizzlebottom rent strike"))
    ok(oto("introduce", "Ana", "Dev", "--note", "the block party"))
    ok(oto("forget", "Zebediah", "--yes"))
    data = file_bytes(oto_home)
    for secret in ("Zebediah", "Quillfeather", "Grumbleweed", "Snorkelwick", "Fizzlebottom"):
        assert secret.encode() not in data, secret
        assert secret.lower().encode() not in data, secret
    assert orgs(oto)["Riverside Tenants"]["people"] == 1
    assert "Introduced to  Dev Patel" in oto("prep", "Ana").stdout
    rows = sqlite3.connect(oto_home / "journal.db").execute("SELECT count(*) FROM introduction").fetchone()[0]
    assert rows == 1


def test_merge_moves_introductions_and_the_institution(oto):
    ok(oto("add", "Maria Lopez"))
    ok(oto("add", "Maria L", "--institution", "St. Brigid's"))
    ok(oto("add", "Tom Hale"))
    ok(oto("add", "Ana Reyes"))
    ok(oto("introduce", "Maria L", "Tom"))
    ok(oto("introduce", "Maria Lopez", "Tom", "--on", "yesterday"))  # the same person twice, once kept
    ok(oto("introduce", "Ana", "Maria L"))
    ok(oto("introduce", "Maria Lopez", "Maria L"))  # between the two records: gone with the merge
    ran = ok(oto("merge", "Maria Lopez", "Maria L", "--yes"))
    assert "introductions" in ran.stderr
    sheet = oto("prep", "Maria Lopez").stdout
    assert "Introduced to  Tom Hale (yesterday), Ana Reyes (today)" in sheet
    assert "St. Brigid's" in sheet
