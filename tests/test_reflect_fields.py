"""The reflection's one table of fields, and what is derived from it: `oto reflect`'s options
(checked against the table), the draft (old and new format), and the rules of the one waiting
draft (`domain.reflection.session`), called directly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from onetoone.domain import drafts
from onetoone.domain.reflection import build, fields, session
from onetoone.domain.reflection.fields import FIELDS, Pledge
from onetoone.errors import BadInput
from tests.conftest import NOW, TODAY

MODES = {"--edit", "--resume", "--discard", "--help", "-h", "--amend", "--share"}


def test_the_options_of_oto_reflect_and_the_table_agree():
    import typer.main

    from onetoone.cli import app

    command = typer.main.get_command(app).commands["reflect"]
    options = [p for p in command.params if p.param_type_name == "option" and not MODES & set(p.opts)]
    by_flag = {}
    for option in options:
        for flag in option.opts:
            by_flag.setdefault(flag, []).append(option)
    for f in FIELDS:
        if not f.option:
            assert f"--{f.key}" not in by_flag, f.key
            continue
        (option,) = by_flag.get(f"--{f.key}", [None])  # exactly one option of that name
        assert option is not None, f"the field {f.key} has no --{f.key} option"
        assert (option.name, option.multiple) == (f.parameter, f.repeated), f.key
    extra = {flag for flag in by_flag if flag[2:] not in fields.BY_KEY or not fields.BY_KEY[flag[2:]].option}
    assert extra == set(), f"options with no field in the table: {extra}"


def test_options_become_fields_by_the_table():
    given = {"name": "Maria", "edit": False, "minutes": "40", "self_interest": ["Rent", "School"], "story": [],
             "next_on": "+2w", "next_step": None}
    assert fields.from_options(given) == {"minutes": ["40"], "self-interest": ["Rent", "School"], "next": ["+2w"]}


def test_the_field_table_loads_without_sqlmodel():
    code = ("import sys; import onetoone.domain.reflection.fields, onetoone.domain.drafts; "
            "print([m for m in sys.modules if m.startswith(('sqlmodel', 'sqlalchemy'))])")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


# -- The draft: pledges kept as pairs, old drafts still read -----------------------------------


def draft(**given) -> drafts.Draft:
    return drafts.Draft(started_at="2026-11-23 09:00:00", person_id=1, person_name="Maria Lopez", **given)


def test_a_pledge_is_kept_as_text_and_due_and_an_old_draft_as_text_by_iso(tmp_path):
    kept = draft(fields={"they-promise": [Pledge("Bring the lease", date(2026, 11, 27))], "minutes": ["30"]})
    drafts.save(tmp_path, kept)
    on_disk = json.loads(drafts.draft_path(tmp_path, 1).read_text(encoding="utf-8"))
    assert on_disk["fields"]["they-promise"] == [{"text": "Bring the lease", "due": "2026-11-27"}]
    assert drafts.load(tmp_path, 1) == kept

    old = {"started_at": "2026-11-22 20:15:00", "person_id": 1, "person_name": "Maria Lopez",
           "fields": {"they-promise": ["Bring the lease by 2026-11-27"], "ask": ["Host a house meeting by 2026-11-28"],
                      "answer": ["yes"]}, "done": ["at"], "pending": {}}
    drafts.draft_path(tmp_path).write_text(json.dumps(old), encoding="utf-8")
    resumed = drafts.load(tmp_path)
    assert resumed.fields["they-promise"] == ["Bring the lease by 2026-11-27"]
    assert "they-promise: Bring the lease by 2026-11-27\n" in drafts.template(kept.fields)


def test_a_damaged_pledge_in_a_draft_is_reported(tmp_path):
    drafts.draft_path(tmp_path).write_text(json.dumps({"started_at": "x", "fields": {"i-promise": [{"text": "a"}]}}))
    with pytest.raises(BadInput, match="cannot be read"):
        drafts.load(tmp_path)
    drafts.draft_path(tmp_path).write_text(json.dumps({"started_at": "x", "fields": {"note": [3]}}))
    with pytest.raises(BadInput, match="cannot be read"):
        drafts.load(tmp_path)


def test_pledges_build_the_same_from_a_question_or_from_text(open_journal, oto):
    from onetoone.domain.reflection.about import prepare

    oto("add", "Maria Lopez")
    with open_journal(write=False) as j:
        ctx = prepare(j, "Maria", today=TODAY)
    typed = {"ask": ["Host a house meeting by 2026-11-28"], "answer": ["yes"], "i-promise": ["Send the flyer by 2026-11-25"]}
    asked = {"ask": [Pledge("Host a house meeting", date(2026, 11, 28))], "answer": ["yes"],
             "i-promise": [Pledge("Send the flyer", date(2026, 11, 25))]}
    assert build.build(typed, ctx, today=TODAY, now=NOW) == build.build(asked, ctx, today=TODAY, now=NOW)
    with pytest.raises(BadInput, match=r"^The date of the promise \(Fri 20 Nov 2026\) is before the one-to-one"):
        build.build({"i-promise": [Pledge("Call her", date(2026, 11, 20))]}, ctx, today=TODAY, now=NOW)


# -- The rules of the waiting draft ------------------------------------------------------------


def test_a_new_draft_starts_only_when_none_waits_about_the_same_person(tmp_path):
    session.refuse_waiting(tmp_path, 1)  # nothing waits
    started = session.start(tmp_path, now=NOW, ctx=None)
    assert (started.mode, started.started_at, started.fields) == ("prompts", "2026-11-23 09:00:00", {})
    assert not drafts.draft_path(tmp_path).exists()  # a prompt draft is kept from the first answer on
    drafts.save(tmp_path, draft(fields={"minutes": ["30"]}))
    with pytest.raises(BadInput, match=r"^A reflection on Maria Lopez is waiting as a draft \(begun Mon 23 Nov 2026 09:00\)\. "
                                       r"Continue it with `oto reflect --resume \"Maria Lopez\"`, or drop it with `oto reflect --discard \"Maria Lopez\"`\.$"):
        session.refuse_waiting(tmp_path, 1)
    session.refuse_waiting(tmp_path, 2)  # someone else: no draft of theirs waits
    session.refuse_waiting(tmp_path, None)  # the editor, not yet about anyone
    drafts.discard(tmp_path)
    drafts.save_text(tmp_path, "note: typed in the editor\n")  # an editor text alone blocks too
    with pytest.raises(BadInput, match=r"^A reflection is waiting as a draft\. "):
        session.refuse_waiting(tmp_path, None)


def test_drafts_about_several_people_wait_side_by_side(tmp_path):
    drafts.save(tmp_path, draft(fields={"minutes": ["30"]}))
    dev = drafts.Draft(started_at="2026-11-22 18:00:00", person_id=2, person_name="Dev Patel", fields={"note": ["x"]})
    drafts.save(tmp_path, dev)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reflection-1.json", "reflection-2.json"]
    assert [d.person_name for d in drafts.waiting(tmp_path)] == ["Maria Lopez", "Dev Patel"]
    ids = {"maria": 1, "dev": 2, "ana": 3}.__getitem__
    listed = session.waiting(tmp_path, more=False)
    assert listed == ("2 reflections are waiting as drafts: on Maria Lopez (begun Mon 23 Nov 2026 09:00), "
                      "on Dev Patel (begun Sun 22 Nov 2026 18:00). Continue one with `oto reflect --resume NAME`.")
    assert session.waiting(tmp_path, more=False, name="dev", person_id=ids) == dev
    with pytest.raises(BadInput, match="^No reflection on ana is waiting as a draft. 2 reflections are waiting"):
        session.waiting(tmp_path, more=False, name="ana", person_id=ids)
    with pytest.raises(BadInput, match="Drop one with `oto reflect --discard NAME`.$"):
        session.discard(tmp_path, alone=True)
    assert session.discard(tmp_path, alone=True, name="maria", person_id=ids) == "Dropped the draft reflection on Maria Lopez."
    assert session.waiting(tmp_path, more=False) == dev  # the only one left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reflection-2.json"]


def test_a_draft_from_an_earlier_oto_resumes_and_moves_to_its_persons_name(tmp_path):
    old = {"started_at": "2026-11-22 20:15:00", "mode": "editor", "person_id": 1, "person_name": "Maria Lopez",
           "fields": {"minutes": ["30"]}, "done": [], "pending": {}, "template": None}
    (tmp_path / "reflection.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "reflection.txt").write_text("minutes: 30\n", encoding="utf-8")
    with pytest.raises(BadInput, match="^A reflection on Maria Lopez is waiting as a draft"):
        session.refuse_waiting(tmp_path, 1)
    resumed = session.waiting(tmp_path, more=False, name="maria", person_id=lambda typed: 1)
    assert resumed.fields == {"minutes": ["30"]} and drafts.text_of(tmp_path, resumed).name == "reflection.txt"
    drafts.save(tmp_path, resumed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reflection-1.json", "reflection-1.txt"]
    assert drafts.read_text(tmp_path, resumed) == "minutes: 30\n"


def test_an_editor_draft_starts_with_its_template_on_disk(tmp_path):
    started = session.start(tmp_path, now=NOW, ctx=None, editor=True, fields={"minutes": ["40"]})
    assert started.mode == "editor" and started.fields == {"minutes": ["40"]}
    assert drafts.text_path(tmp_path).read_text(encoding="utf-8") == started.template
    assert "minutes: 40\n" in started.template and drafts.load(tmp_path) == started


def test_a_stop_keeps_a_draft_with_any_answer_and_drops_an_empty_one(tmp_path):
    empty = draft()
    drafts.save(tmp_path, empty)
    assert session.after_stop(tmp_path, empty) == "Stopped before anything was noted; no draft kept."
    assert drafts.load(tmp_path, 1) is None
    for answered in (draft(fields={"at": ["2026-11-23"]}), draft(pending={"i-promise": "Send the flyer"})):
        drafts.save(tmp_path, answered)
        assert session.after_stop(tmp_path, answered) == "Draft kept; continue with `oto reflect --resume`."
        assert drafts.load(tmp_path, 1) == answered


def test_a_save_drops_the_draft_and_says_so_if_it_cannot(tmp_path):
    saved = draft(fields={"minutes": ["30"]})
    drafts.save(tmp_path, saved)
    drafts.save_text(tmp_path, "minutes: 30\n", saved)
    assert session.after_save(tmp_path, saved) is None
    assert list(tmp_path.iterdir()) == []
    drafts.draft_path(tmp_path, 1).mkdir()  # a path that cannot be unlinked
    assert session.after_save(tmp_path, saved).startswith("Saved, but the draft could not be removed (")


def test_resuming_takes_the_waiting_draft_as_it_is(tmp_path):
    with pytest.raises(BadInput, match="^No reflection is waiting as a draft."):
        session.waiting(tmp_path, more=False)
    drafts.save(tmp_path, draft(fields={"minutes": ["30"]}))
    with pytest.raises(BadInput, match="^--resume continues the draft as it is"):
        session.waiting(tmp_path, more=True)
    waiting = session.waiting(tmp_path, more=False)
    assert not session.in_editor(waiting, edit=False, on_terminal=True)
    assert session.in_editor(waiting, edit=True, on_terminal=False)
    with pytest.raises(BadInput, match="^Resuming by questions needs a terminal."):
        session.in_editor(waiting, edit=False, on_terminal=False)
    waiting.mode = "editor"
    assert session.in_editor(waiting, edit=False, on_terminal=False)


def test_an_edit_is_kept_only_when_it_succeeds_and_holds_something(tmp_path):
    edited = session.start(tmp_path, now=NOW, ctx=None, editor=True)
    keep = session.keeper(tmp_path, present=lambda person_id: True)
    kept = "Your draft is kept: continue with `oto reflect --resume`."
    for status, said in ((3, "exited with status 3"), (-9, "was stopped by signal 9")):
        with pytest.raises(BadInput, match=f"^The editor {said}, so nothing was saved. {kept}"):
            session.after_edit(tmp_path, edited, status, "minutes: 30\n", keep)
    with pytest.raises(BadInput, match=r"unknown key 'bogus'\. .* Nothing was saved\. "):
        session.after_edit(tmp_path, edited, 0, "bogus: 1\n", keep)
    with pytest.raises(BadInput, match="^The template came back unchanged, so nothing was saved."):
        session.after_edit(tmp_path, edited, 0, edited.template, keep)
    assert not drafts.text_path(tmp_path).exists()  # nothing typed there: the template comes back next time
    with pytest.raises(BadInput, match="^The reflection has nothing in it"):
        session.after_edit(tmp_path, edited, 0, "name: Maria\n", keep)
    assert session.after_edit(tmp_path, edited, 0, "minutes: 30\n", keep) == {"minutes": ["30"]}
    assert drafts.load(tmp_path).fields == {"minutes": ["30"]}


def test_discard_takes_nothing_else_and_drops_even_a_damaged_draft(tmp_path):
    with pytest.raises(BadInput, match="^--discard drops the waiting draft and takes nothing else."):
        session.discard(tmp_path, alone=False)
    assert session.discard(tmp_path, alone=True) == "No reflection is waiting as a draft; nothing to drop."
    drafts.save(tmp_path, draft())
    assert session.discard(tmp_path, alone=True) == "Dropped the draft reflection on Maria Lopez."
    drafts.draft_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert session.discard(tmp_path, alone=True) == "Dropped the draft reflection."
    assert list(tmp_path.iterdir()) == []
