"""People: adding, listing, showing, editing, and finding them by what the organizer types."""

import json

import pytest

from onetoone.domain import people
from onetoone.errors import Ambiguous, NotFound
from tests.conftest import TODAY


def test_add_then_find_by_name_alias_prefix_and_without_accents(oto, open_journal):
    assert oto("add", "María López", "--alias", "Mari", "--institution", "Oak St Tenants").exit_code == 0
    with open_journal(write=False) as j:
        for typed in ("María López", "maria lopez", "MARIA LÓPEZ", "Mari", "mar", "lop", "Mari\u0301a"):
            assert people.resolve(j, typed).name == "María López", typed


def test_nfd_and_nfc_spellings_find_the_same_person(oto, open_journal):
    oto("add", "Jos\u00e9 Mart\u00ednez")  # NFC
    with open_journal(write=False) as j:
        assert people.resolve(j, "Jose\u0301 Marti\u0301nez").name == "Jos\u00e9 Mart\u00ednez"


def test_ambiguous_name_lists_candidates_with_what_tells_them_apart_and_changes_nothing(oto):
    oto("add", "Maria Lopez", "--institution", "Oak St Tenants")
    oto("add", "Maria Chen", "--role", "pastor", "--institution", "St Brigid's")
    before = oto("people", "--json").stdout
    ran = oto("edit", "maria", "--stage", "leader")
    assert ran.exit_code == 1
    assert "'Maria Lopez' (Oak St Tenants; prospect)" in ran.stderr
    assert "'Maria Chen' (pastor, St Brigid's; prospect)" in ran.stderr
    assert "Type more of the name" in ran.stderr
    assert oto("people", "--json").stdout == before


def test_unknown_name_is_an_error_with_a_hint(oto):
    oto("add", "Dev Patel")
    ran = oto("show", "Devon")
    assert ran.exit_code == 1
    assert ran.stderr.startswith("oto: No one called 'Devon'. Did you mean 'Dev Patel'?")


def test_exact_full_name_wins_over_a_longer_name_starting_the_same(oto, open_journal):
    oto("add", "Ana")
    oto("add", "Ana Sofia Reyes")
    with open_journal(write=False) as j:
        assert people.resolve(j, "ana").name == "Ana"
        with pytest.raises(NotFound):
            people.resolve(j, "bob")


def test_same_name_twice_is_refused(oto):
    oto("add", "Tom Baker")
    ran = oto("add", "tom  baker")
    assert ran.exit_code == 1
    assert "already has that name" in ran.stderr
    assert len(json.loads(oto("people", "--json").stdout)) == 1


def test_people_filters_by_tag_and_stage_and_json_has_the_contract_fields(oto):
    oto("add", "Maria Lopez", "--tag", "oak-st", "--stage", "leader")
    oto("add", "Dev Patel", "--tag", "oak-st")
    oto("add", "Tom Baker", "--tag", "elm")
    rows = json.loads(oto("people", "--tag", "oak-st", "--json").stdout)
    assert [r["name"] for r in rows] == ["Dev Patel", "Maria Lopez"]
    assert {"id", "name", "aliases", "stage"} <= set(rows[0])
    leaders = json.loads(oto("people", "--stage", "leader", "--json").stdout)
    assert [r["name"] for r in leaders] == ["Maria Lopez"]
    assert oto("people", "--stage", "boss").exit_code == 1


def test_people_screen_is_plain_text_when_piped(oto):
    oto("add", "Maria Lopez", "--institution", "Oak St Tenants", "--tag", "oak-st")
    oto("add", "Dev Patel")
    assert oto("people").stdout == (
        "  Name         Stage     Institution     Tags     Last met  Next\n"
        "  Dev Patel    prospect                           never\n"
        "  Maria Lopez  prospect  Oak St Tenants  #oak-st  never\n"
    )


def test_edit_changes_only_what_is_given(oto):
    oto("add", "Maria Lopez", "--contact", "555-0101", "--tag", "oak-st")
    assert oto("edit", "maria", "--stage", "active", "--alias", "Mari", "--remove-tag", "oak-st").exit_code == 0
    record = json.loads(oto("show", "mari", "--json").stdout)
    assert record["stage"] == "active"
    assert record["contact"] == "555-0101"
    assert record["aliases"] == ["Mari"]
    assert record["tags"] == []


def test_edit_without_options_says_what_to_do(oto):
    oto("add", "Maria Lopez")
    ran = oto("edit", "maria")
    assert ran.exit_code == 1 and "Nothing to change" in ran.stderr


def test_referral_and_boundary_show_in_the_record(oto):
    oto("add", "Dev Patel")
    oto("add", "Maria Chen", "--referred-by", "dev", "--boundary", "Don't raise her immigration status")
    record = json.loads(oto("show", "maria", "--json").stdout)
    assert record["referred_by"] == "Dev Patel"
    assert record["boundaries"] == ["Don't raise her immigration status"]
    assert json.loads(oto("show", "dev", "--json").stdout)["referred"] == ["Maria Chen"]
    shown = oto("show", "maria").stdout
    assert shown.splitlines()[1] == "Boundary: Don't raise her immigration status (i1)"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 201])
def test_bad_names_are_refused_with_one_line(oto, bad):
    ran = oto("add", bad)
    assert ran.exit_code == 1
    assert ran.stderr.count("\n") == 1
    assert json.loads(oto("people", "--json").stdout) == []


def test_markup_in_a_name_is_shown_literally(oto):
    oto("add", "[bold]Rosa[/] \x1b[31mRed")
    out = oto("people").stdout
    assert "[bold]Rosa[/] \ufffd[31mRed" in out
    assert "\x1b" not in out


def test_domain_resolve_raises_ambiguous(oto, open_journal):
    oto("add", "Maria Lopez")
    oto("add", "Maria Chen")
    with open_journal(write=False) as j:
        with pytest.raises(Ambiguous):
            people.resolve(j, "Maria")
        assert people.resolve(j, "maria c").name == "Maria Chen"


def test_where_prints_the_journal_path_without_creating_it(oto, oto_home):
    ran = oto("where")
    assert ran.stdout.strip() == str(oto_home / "journal.db")
    assert not (oto_home / "journal.db").exists()


def test_every_command_has_help():
    from onetoone.cli import app
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        assert cmd.help and cmd.help.strip(), f"`oto {name}` has no help"
