"""oto reflect --edit: the template format, decoding what editors write, and the editor run
(a small fake editor script set as VISUAL), with the draft kept whenever nothing is saved."""

from __future__ import annotations

import shlex
import signal
import sys

import pytest

from onetoone.domain import drafts
from onetoone.editor import edit
from onetoone.errors import BadInput

FAKE_EDITOR = r'''
import pathlib, signal, sys

mode, path = sys.argv[1], pathlib.Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
pathlib.Path(str(path) + ".seen").write_text(text, encoding="utf-8")  # what the editor was shown
if mode == "fail":
    path.write_text(text + "self-interest: Safer streets\n", encoding="utf-8")
    sys.exit(3)
elif mode == "fill":
    path.write_text(text.replace("minutes:\n", "minutes: 30\n").replace("talent:\n", "talent: Plays the accordion\n"), encoding="utf-8")
elif mode == "empty":
    path.write_bytes(b"")
elif mode == "crlf":
    path.write_bytes(b"\xef\xbb\xbf" + "name: Maria Lopez\r\nminutes: 25\r\nstory: Grew up in Oaxaca,\r\n  sold tamales with her aunt\r\n".encode())
elif mode == "latin1":
    path.write_bytes("name: Maria Lopez\nvalue: Her grandmother's caf\xe9\n".encode("latin-1"))
elif mode == "typo":
    path.write_text(text + "self interest: Safer streets\nsalf-interest: oops\n", encoding="utf-8")
elif mode == "signal":
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    path.write_text("name: Maria Lopez\nnote: " + ("ignored" if ignored else "default") + "\n", encoding="utf-8")
# "unchanged": leave the file as it is
'''


@pytest.fixture
def editor(tmp_path):
    """`editor(mode)`: a VISUAL value running the fake editor in that mode (a command with
    arguments, split like a shell would)."""
    script = tmp_path / "fake editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    return lambda mode: f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {mode}"


@pytest.fixture
def maria(oto):
    oto("add", "Maria Lopez")


# -- The template ------------------------------------------------------------------------------


def test_the_template_round_trips_every_field():
    fields = {
        "name": ["María López"], "at": ["2026-11-21"], "minutes": ["45"], "place": ["Café Oaxaca"], "listened": ["70"],
        "self-interest": ["Rent keeps rising", "Her son's school"], "story": ["Grew up in a farmworker family,\nthe eldest of six"],
        "value": ["Faith"], "talent": ["Cooks for fifty"], "network": ["St Brigid's choir"], "concern": ["Her landlord"],
        "boundary": ["Don't raise her immigration status"], "common": ["We both rent from Acme: #3 bus too"],
        "ask": ["Host a house meeting by 2026-12-05"], "answer": ["yes"], "revisit": ["fri"],
        "they-promise": ["Bring the lease by fri", "Ask her neighbour by +1w"], "i-promise": ["Send the flyer by wed"],
        "referral": ["Ana Reyes", "Dev Patel"], "next-step": ["Meet her sister"], "next": ["+2w"], "note": ["[bold]not markup[/bold]\n#3 bus"],
    }
    text = drafts.template(fields, about=["Your one-to-one with María López."])
    assert drafts.parse(text) == fields
    assert "# Your one-to-one with María López.\n" in text
    assert "story: Grew up in a farmworker family,\n  the eldest of six\n" in text
    empty = drafts.template({})
    assert drafts.parse(empty) == {} and not drafts.has_content(drafts.parse(empty))
    assert [line for line in empty.splitlines() if line and not line.startswith("#")][:3] == ["name:", "at:", "minutes:"]


def test_the_template_reader_is_forgiving_about_spelling_and_strict_about_meaning():
    text = "Self Interest: Rent\nCOMMON GROUND: Acme\nnote:\n  first line\n  second line\n# a comment\n\nstory: one\n   more\n"
    assert drafts.parse(text) == {"self-interest": ["Rent"], "common": ["Acme"], "note": ["first line\nsecond line"], "story": ["one\nmore"]}
    with pytest.raises(BadInput, match=r"^Line 2 of the reflection: unknown key 'salf-interest'\. The keys are name, at,"):
        drafts.parse("minutes: 30\nsalf-interest: oops\n")
    with pytest.raises(BadInput, match=r"^Line 1 of the reflection: not a 'key: value' line\."):
        drafts.parse("Rent keeps rising\n")
    with pytest.raises(BadInput, match=r"^Line 3 of the reflection: 'minutes' was already given on line 1; it takes one value\."):
        drafts.parse("minutes: 30\n\nminutes: 40\n")


def test_decoding_what_editors_write():
    assert drafts.decode(b"\xef\xbb\xbfnote: a\r\nstory: b\r\n") == "note: a\nstory: b\n"
    assert drafts.decode("note: caf\xe9\n".encode("latin-1")) == "note: caf\xe9\n"
    assert drafts.decode("note: caf\xe9\r\n".encode("utf-16")) == "note: caf\xe9\n"
    assert drafts.decode(b"note: a\rstory: b") == "note: a\nstory: b"


# -- The editor --------------------------------------------------------------------------------


def test_an_edit_is_saved_and_the_draft_removed(oto, maria, editor, folder):
    ran = oto("reflect", "Maria", "--edit", "--listened", "80", env={"VISUAL": editor("fill"), "EDITOR": "false"})
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.startswith("Saved your one-to-one with Maria Lopez on Mon 23 Nov 2026, today (m1).\n  30 minutes, you listened 80%.\n  Learned: a talent.\n")
    seen = (folder / "reflection-1.txt.seen").read_text(encoding="utf-8")
    assert "name: Maria Lopez\nat: 2026-11-23\nminutes:\nplace:\n" in seen and "listened: 80\n" in seen
    assert not drafts.draft_path(folder, 1).exists() and not drafts.text_path(folder, 1).exists()


def test_a_failed_edit_keeps_the_typed_text_and_resume_reopens_it(oto, maria, editor, folder):
    ran = oto("reflect", "Maria", "--edit", env={"VISUAL": editor("fail")})
    assert (ran.exit_code, ran.stdout) == (1, "")
    assert ran.stderr == (
        "oto: The editor exited with status 3, so nothing was saved. "
        "Your draft is kept: continue with `oto reflect --resume`.\n"
    )
    assert drafts.text_path(folder, 1).read_text(encoding="utf-8").endswith("self-interest: Safer streets\n")
    assert oct(drafts.text_path(folder, 1).stat().st_mode & 0o777) == "0o600"
    ran = oto("reflect", "--resume", env={"VISUAL": editor("unchanged")})  # an editor draft resumes in the editor
    assert ran.exit_code == 0, ran.stderr
    assert "Learned: a self-interest." in ran.stdout
    assert not drafts.draft_path(folder, 1).exists()


def test_an_unchanged_or_empty_edit_saves_nothing_and_keeps_the_draft(oto, maria, editor, folder):
    ran = oto("reflect", "Maria", "--edit", env={"VISUAL": editor("unchanged")})
    assert ran.exit_code == 1
    assert ran.stderr == (
        "oto: The template came back unchanged, so nothing was saved. "
        "Your draft is kept: continue with `oto reflect --resume`.\n"
    )
    ran = oto("reflect", "--resume", "--edit", env={"VISUAL": editor("empty")})
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: The reflection has nothing in it, so nothing was saved.")
    assert drafts.load(folder, 1).person_name == "Maria Lopez"
    ran = oto("reflect", "--resume", env={"VISUAL": editor("fill")})  # the template is offered again
    assert ran.exit_code == 0 and "30 minutes." in ran.stdout


def test_a_template_that_cannot_be_read_keeps_the_draft(oto, maria, editor, folder):
    ran = oto("reflect", "Maria", "--edit", env={"VISUAL": editor("typo")})
    assert ran.exit_code == 1
    assert ran.stderr.startswith("oto: Line ")
    assert "unknown key 'salf-interest'" in ran.stderr and ran.stderr.endswith("Nothing was saved. Your draft is kept: continue with `oto reflect --resume`.\n")
    assert "salf-interest: oops" in drafts.text_path(folder, 1).read_text(encoding="utf-8")


def test_crlf_a_byte_order_mark_and_latin_1_are_read(oto, maria, editor, open_journal):
    ran = oto("reflect", "--edit", env={"VISUAL": editor("crlf")})  # no name given: the text names her
    assert ran.exit_code == 0, ran.stderr
    ran = oto("reflect", "--edit", env={"EDITOR": editor("latin1")})
    assert ran.exit_code == 0, ran.stderr
    with open_journal(write=False) as j:
        assert [tuple(r) for r in j.rows("SELECT kind, text FROM insight ORDER BY id")] == [
            ("story", "Grew up in Oaxaca,\nsold tamales with her aunt"),
            ("value", "Her grandmother's caf\xe9"),
        ]


def test_a_prompt_draft_can_be_finished_in_the_editor(oto, maria, editor, folder):
    drafts.save(folder, drafts.Draft(started_at="2026-11-23 08:00:00", person_id=1, person_name="Maria Lopez",
                                     fields={"at": ["2026-11-22"], "minutes": ["35"]}, done=["at", "minutes"]))
    ran = oto("reflect", "--resume", "--edit", env={"VISUAL": editor("unchanged")})
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.startswith("Saved your one-to-one with Maria Lopez on Sun 22 Nov 2026, yesterday (m1).\n  35 minutes.\n")


def test_a_missing_editor_is_an_error_and_the_draft_stays(oto, maria, folder):
    ran = oto("reflect", "Maria", "--edit", env={"VISUAL": "/no/such/editor --wait"})
    assert ran.exit_code == 1
    assert ran.stderr.startswith("oto: Cannot start the editor '/no/such/editor'")
    assert drafts.load(folder, 1).mode == "editor"


def test_ctrl_c_goes_to_the_editor_alone_and_oto_restores_its_handler(editor, tmp_path):
    before = signal.getsignal(signal.SIGINT)
    path = tmp_path / "reflection.txt"
    path.write_text("", encoding="utf-8")
    status = edit(editor("signal"), path)
    assert (status, path.read_text(encoding="utf-8")) == (0, "name: Maria Lopez\nnote: default\n")  # the editor can still be interrupted
    assert signal.getsignal(signal.SIGINT) is before
