"""Hostile text through every command that shows what the organizer typed.

Each string goes into every field a person, a meeting, a promise and a story can hold, and then
through every screen and message that shows it, piped and on a (fake) terminal drawn by rich.
The checks: no crash (only documented exit codes, no traceback), no control, escape or bidi
character on stdout or stderr that oto did not emit itself, the visible words shown in order
(markup such as `[bold]` literally), and JSON giving back exactly the text that was stored.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest

from tests.nasty import NASTY

MORE = [  # beyond tests/nasty.py: markup, escape sequences, C0/C1 controls, bidi, invisibles, scripts
    "[bold]", "[/bold]", "[i]slanted[/i]", "[link=javascript:alert(1)]x[/link]", "\\[bold]not", "back\\slash\\",
    "[bold red on white]", ":smile: :+1: :red_heart:", "\x1b[2J\x1b[H", "\x1b[?1049h", "\x1bP$q\x1b\\", "\x1b_apc\x1b\\",
    "\x1bc", "\x1b", "\x9b", "\x9d0;title\x9c", "\x90dcs\x9c", "\x7fdel", "\x00", "\x1c\x1d\x1e\x1f", "\x0b\x0c",
    "\u202aLRE\u202c", "\u202bRLE\u202c", "\u202dLRO\u202c", "\u2067RLI\u2069", "\u2068FSI\u2069", "\u200e\u200f",
    "\u061c", "abc\u202eexe.pdf", "\u2028line\u2029para", "\ufff9anchor\ufffb", "\U000e0041tag", "soft\u00adhyphen",
    "zero\u200bwidth\u2060joiner", "a\u200cb", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f9d1\U0001f3ff\u200d\U0001f91d\u200d\U0001f9d1\U0001f3fb", "שלום עולם", "مرحبا بالعالم",
    "\U0010fffd", "\ue000private", "\ufdd0", "word " * 90,
]
HOSTILE = list(dict.fromkeys(NASTY + MORE))

ALLOWED_FORMAT = {"\u200c", "\u200d"}  # joiners: needed to write many scripts and emoji
UNSAFE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
# What rich emits for oto's tones with NO_COLOR: reset, bold, dim. A colour here is a leak.
RICH_STYLE = re.compile(r"\x1b\[(?:[0-4]|22|23|24)(?:;(?:[0-4]|22|23|24))*m")


def _unsafe(ch: str) -> bool:
    return ch not in "\n\t" and ch not in ALLOWED_FORMAT and unicodedata.category(ch) in UNSAFE


def assert_clean(ran, *, ok: bool = True) -> None:
    """Exit code documented, no traceback, nothing on stdout/stderr a terminal could act on."""
    assert ran.exit_code in ((0,) if ok else (0, 1, 2)), (ran.exit_code, ran.stderr)
    for stream in (ran.stdout, ran.stderr):
        assert "Traceback" not in stream
        leaked = sorted({f"U+{ord(ch):04X}" for ch in stream if _unsafe(ch)})
        assert not leaked, f"raw control characters {leaked} in {stream!r}"
    if ran.exit_code == 1:
        assert ran.stderr.count("\n") == 1, ran.stderr


def stored(text: str) -> str:
    """What the journal keeps of typed text: NFC, trimmed (domain.text.clean)."""
    return unicodedata.normalize("NFC", text).strip()


def words(text: str) -> list[str]:
    """The runs of visible characters in what was stored: each must reach the screen, in order."""
    runs, run = [], ""
    for ch in stored(text):
        if ch.isspace() or _unsafe(ch):
            runs, run = runs + [run] if run else runs, ""
        else:
            run += ch
    return runs + [run] if run else runs


def has_controls(text: str) -> bool:
    return any(_unsafe(ch) and not ch.isspace() for ch in stored(text))


def assert_shown(screen: str, text: str, *, cut_ok: bool = False) -> None:
    """The visible words of `text` appear in `screen` in order, each control shown as U+FFFD.
    On a screen that shortens long text (`cut_ok`), the words may stop at a '...'."""
    at = 0
    for word in words(text):
        found = screen.find(word, at)
        if found < 0:
            assert cut_ok and "..." in screen[at:], f"{word!r} of {text!r} not shown in order in {screen!r}"
            return
        at = found + len(word)
    if has_controls(text):
        assert "\N{REPLACEMENT CHARACTER}" in screen


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def drawn(monkeypatch):
    """Every Doc a command shows, kept to be drawn again by rich afterwards."""
    from onetoone.cli import _shared as shared

    docs = []
    show = shared.show

    def keep(doc):
        docs.append(doc)
        show(doc)

    monkeypatch.setattr(shared, "show", keep)
    return docs


@pytest.mark.parametrize("typed", HOSTILE, ids=[f"{i:02}" for i in range(len(HOSTILE))])
def test_hostile_text_is_shown_as_text_by_every_command(oto, drawn, typed, monkeypatch):
    text = f"x{typed}y"  # never empty once trimmed, never taken for an option
    name, alias, referral = f"Ann {typed[:180]} Lee", f"al{typed[:180]}", f"Rae {typed[:180]}"
    place = f"x{typed[:180]}y"  # names and places are held to 200 characters
    tag = "t" + "".join(typed.split())[:50]

    def run(*args, input=None, ok=True):
        ran = oto(*args, input=input)
        assert_clean(ran, ok=ok)
        return ran

    assert_shown(run("add", name).stderr, name)
    edited = run("edit", name, "--alias", alias, "--contact", text, "--met-how", text, "--institution", text,
                 "--role", text, "--tag", tag, "--boundary", text)
    assert_shown(edited.stderr, name)
    shown_tag = stored(tag).lstrip("#").casefold()

    listed = run("people").stdout
    assert_shown(listed, name)
    assert_shown(listed, text)
    assert_shown(listed, shown_tag)
    assert_shown(run("people", "--tag", tag).stdout, name)
    person = next(p for p in json.loads(run("people", "--json").stdout) if p["name"] == stored(name))
    assert person["aliases"] == [stored(alias)] and person["institution"] == stored(text)
    assert person["tags"] == [shown_tag]

    record = run("show", name).stdout
    for field in (name, alias, text):
        assert_shown(record, field)
    whole = json.loads(run("show", name, "--json").stdout)
    assert (whole["name"], whole["aliases"], whole["tags"]) == (stored(name), [stored(alias)], [shown_tag])
    assert [whole[k] for k in ("contact", "met_how", "institution", "role")] == [stored(text)] * 4
    assert whole["boundaries"] == [stored(text)]

    planned = run("prep", name, "--at", "fri 6pm", "--place", place, "--ask", text)
    assert_shown(planned.stderr, name)
    assert_shown(planned.stdout, text, cut_ok=True)
    assert_shown(run("prep", alias).stdout, name)

    for args in (("--by", "fri"), ("--by", "tue", "--theirs"), ("--by", "thu")):
        assert_shown(run("promise", name, text, *args).stderr, name)
    for args in ((), (name,), ("--theirs",)):
        assert_shown(run("promises", *args).stdout, text, cut_ok=True)
    ledger = [p for p in json.loads(run("promises", "--json").stdout) if p["person_id"] == person["id"]]
    assert [p["text"] for p in ledger] == [stored(text)] * 3 and {p["person"] for p in ledger} == {stored(name)}

    run("story", text)
    assert_shown(run("story").stdout, text, cut_ok=True)
    run("story", input=text)

    reflected = run(
        "reflect", name, "--minutes", "40", "--listened", "70", "--place", place, "--self-interest", text, "--story", text,
        "--value", text, "--talent", text, "--network", text, "--concern", text, "--boundary", text, "--common", text,
        "--ask", f"{text} by sat", "--answer", "yes", "--they-promise", f"{text} by fri", "--i-promise", f"{text} by fri",
        "--referral", referral, "--next", "fri", "--next-step", text, "--note", text,
    )
    assert_shown(reflected.stdout, name)
    assert_shown(reflected.stdout, referral)
    assert_shown(run("prep", name).stdout, text, cut_ok=True)
    assert_shown(run("show", name).stdout, text, cut_ok=True)
    assert_shown(run("show", referral).stdout, referral)
    learned = json.loads(run("show", name, "--json").stdout)["insights"]
    for kind in ("self-interest", "story", "value", "talent", "network", "concern", "common"):
        assert learned[kind] == [stored(text)], kind

    assert_shown(run("due", "--on", "+7d").stdout, name)
    digest = json.loads(run("due", "--on", "+7d", "--json").stdout)
    mine = [i for i in digest["items"] if i["person"] == stored(name)]
    assert mine and all(stored(text) in i["text"] for i in mine if i["kind"].startswith("promise"))
    promises = [p["id"] for p in json.loads(run("promises", "--json").stdout) if p["person_id"] == person["id"]]
    followups = [i["id"] for i in mine if i["id"].startswith("f")]
    assert len(promises) >= 3 and len(followups) >= 2
    assert_shown(run("kept", promises[0]).stderr, name)
    assert_shown(run("broken", promises[1]).stderr, name)
    assert_shown(run("renegotiate", promises[2], "--by", "+3w").stderr, name)
    assert_shown(run("done", followups[0]).stderr, name)
    assert_shown(run("snooze", followups[1], "--until", "next mon").stderr, name)
    for args in (("promises", "--all"), ("promises", "--all", "--json"), ("due",), ("due", "--json"), ("people",)):
        run(*args)

    refused = run("show", f"{typed}zzz-no-one", ok=False)
    assert refused.exit_code in (1, 2)
    assert_shown(run("forget", referral, "--yes").stderr, referral)
    assert_shown(run("forget", name, "--yes").stderr, name)

    # The same screens on a terminal: rich draws them, and must add nothing but its own styles.
    assert len(drawn) >= 15
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "5000")  # no folding, so every cell's words stay in one piece
    from onetoone.terminal import Terminal, plain

    screens = []
    for doc in drawn:
        screen = FakeTerminal()
        Terminal(stdout=screen, stderr=FakeTerminal()).show(doc)
        screens.append(screen.getvalue())
        styled = RICH_STYLE.sub("", screens[-1])
        leaked = sorted({f"U+{ord(ch):04X}" for ch in styled if _unsafe(ch)})
        assert not leaked, f"rich let {leaked} through in {screens[-1]!r}"
        assert_shown(styled, plain(doc))  # the same words as the plain screen, in the same order
    assert any("\x1b[1m" in screen for screen in screens)  # rich drew them (bold headings), not the plain path


@pytest.mark.parametrize("typed", [t for t in HOSTILE if stored(t) != t or not t.strip()][:12] + ["y" * 60_000])
def test_text_nothing_can_be_kept_of_or_too_long_is_refused_in_one_line(oto, typed):
    oto("add", "Ann Lee")
    for args in (("add", typed), ("story", typed), ("promise", "Ann", typed, "--by", "fri"), ("reflect", "Ann", "--note", typed)):
        ran = oto(*args)
        assert_clean(ran, ok=False)
        if ran.exit_code == 0:
            assert words(typed)  # only text with something visible in it is kept
        else:
            assert ran.exit_code == 1 and ("empty" in ran.stderr or "limit" in ran.stderr or "letters" in ran.stderr)


@pytest.mark.parametrize("typed", HOSTILE, ids=[f"{i:02}" for i in range(len(HOSTILE))])
def test_usage_errors_quote_hostile_text_safely(oto, typed):
    for args in (
        ("add", "Ann", f"extra{typed}"), ("add", "Ann", "--cadence", f"{typed}x"), (f"no-such{typed}",),
        ("due", f"--{typed}x"), ("due", "--days", f"{typed}x"), ("prep", "Ann", "--minutes", f"x{typed}"), ("goal", f"n{typed}"),
    ):
        ran = oto(*args)
        assert_clean(ran, ok=False)
        assert ran.exit_code in (1, 2), (args, ran.exit_code)


def test_arguments_that_are_not_utf8_are_refused_by_every_writing_command(oto):
    undecodable = "Ma\udce9ria"  # what Python makes of the Latin-1 bytes b'Ma\xe9ria' in argv
    oto("add", "Ann Lee")
    for args in (
        ("add", undecodable), ("edit", "Ann", "--contact", undecodable), ("promise", "Ann", undecodable, "--by", "fri"),
        ("story", undecodable), ("reflect", "Ann", "--note", undecodable), ("show", undecodable),
        ("people", "--tag", undecodable), ("prep", "Ann", "--at", "fri 6pm", "--ask", undecodable), ("backup", undecodable),
        ("log", "Ann", "--call", undecodable), ("cancel", undecodable), ("noshow", undecodable),
    ):
        ran = oto(*args)
        assert_clean(ran, ok=False)
        assert ran.exit_code == 1 and "not readable text" in ran.stderr, (args, ran.stderr)
    assert json.loads(oto("people", "--json").stdout)[0]["name"] == "Ann Lee"


def test_a_very_long_note_full_of_hostile_text_is_kept_whole_and_shown_safely(oto, drawn):
    long_text = " ".join(HOSTILE * 3)[:45_000]
    oto("add", "Ann Lee")
    saved = oto("reflect", "Ann", "--note", long_text, "--story", long_text, "--self-interest", long_text[:1_900])
    assert_clean(saved)
    record = oto("show", "Ann")
    assert_clean(record)
    assert_shown(record.stdout, long_text)
    insights = json.loads(oto("show", "Ann", "--json").stdout)["insights"]
    assert insights["story"] == [stored(long_text)] and insights["self-interest"] == [stored(long_text[:1_900])]
    sheet = oto("prep", "Ann")
    assert_clean(sheet)
    assert_shown(sheet.stdout, long_text, cut_ok=True)
