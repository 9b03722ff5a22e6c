"""Property tests: the CLI cannot crash, whatever is typed, and lookups match `%`, `_`, `\\` literally.

Every command runs in-process on one shared journal (a few people, a planned meeting, promises
both ways), with arguments mixing generated text and the nasty tokens as names, text, dates, ids
and option values. Whatever the input, oto answers with a documented exit code (0, 1 or 2 here;
3-6 are for damaged journal files), never a traceback, never a raw control character, and a
problem the organizer can fix (exit 1) is one line on stderr. Writes accumulate across examples,
as they would in a real journal. Commands are grouped so that each property runs 1,000 examples
and the file stays within a few minutes; every group checks each of its commands ran.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections import Counter
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import NOW
from tests.nasty import NASTY

EXAMPLES = settings(
    max_examples=1000, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def often(common, rare):
    """`common` three times in four, else `rare` (st.one_of would pick each about as often)."""
    return st.integers(0, 3).flatmap(lambda n: rare if n == 2 else common)


def flag(option: str, value=None):
    """An option: (option, None) is a switch, (option, strategy) takes a value."""
    return (option, value)


def options(*flags, most: int = 3):
    """A few of the options (none to `most`), in any order, each with a generated value."""
    def chosen(indexes):
        return st.tuples(*(
            st.just([flags[i][0]]) if flags[i][1] is None else flags[i][1].map(lambda v, o=flags[i][0]: [o, v])
            for i in indexes
        ))

    return st.lists(st.integers(0, len(flags) - 1), max_size=most, unique=True).flatmap(chosen).map(
        lambda given_: [a for f in given_ for a in f]
    )


def needed(option: str, value):
    """A required option, left out now and then."""
    return often(value.map(lambda v: [option, v]), st.just([]))


def rarely(value):
    """An argument a command does not take, given now and then."""
    return often(st.just([]), value.map(lambda v: [v]))


def command(*parts):
    """A command line from fixed words, strategies of one argument and of lists of arguments."""
    pieces = [st.just([p]) if isinstance(p, str) else p for p in parts]
    return st.tuples(*pieces).map(lambda lists: [a for chunk in lists for a in (chunk if isinstance(chunk, list) else [chunk])])


# Plausible values come three times in four, so that examples also get past the parsing into the
# domain code and the journal (a save, a move, a close), not only into refusals.
PEOPLE = ["Ann Lee", "ann", "Annie", "Bob", "bob chen", "María López", "maria", "MARI\u0301A", "Mario", "ruiz", "Dev"]
NAMES = PEOPLE + ["Mari", "lopez", "B", "zed", "A%", "A_", "A\\"]
DAYS = ["today", "tomorrow", "fri", "next mon", "sat", "+2w", "in 3 days", "2026-12-01", "+1m"]
MOMENTS = ["fri 6pm", "wed 18:00", "tomorrow 10am", "next mon 9:30", "2026-12-01 14:00", "noon", "sat 11:00", "+1w 5pm"]
DATES = DAYS + MOMENTS + [
    "yesterday", "last fri", "2 weeks ago", "-3d", "2026-11-23 14:30", "2026-11-25T18:00", "thu 3pm",
    "1899-12-31", "2101-01-01", "2026-02-30", "2026-13-01", "25:99", "fri 25pm", "+99999d", "in -3 days", "0", "",
]
IDS = ["f1", "f2", "p1", "p2", "p3", "r1", "r2", "s1", "F1", "P2", "7", "f0", "p-1", "p 1", "f1.5", "x1", "f", "p",
       "r99999999999999999999", "p" + "9" * 40, "s0"]
TOKENS = NASTY + ["-", "--", "-h", "--json", "--yes", "\udc9b", "Ma\udce9ria", "%", "_", "\\"]

token = st.one_of(
    st.text(max_size=20), st.sampled_from(TOKENS), st.sampled_from(NAMES), st.sampled_from(DATES), st.sampled_from(IDS),
)
text = st.one_of(token, st.lists(token, min_size=2, max_size=4).map(" ".join))
name = often(st.sampled_from(PEOPLE), text)
day = often(st.sampled_from(DAYS), st.one_of(st.sampled_from(DATES), text))
moment = often(st.sampled_from(MOMENTS), st.one_of(st.sampled_from(DATES), text))
item = often(
    st.tuples(st.sampled_from("fprs"), st.integers(1, 500)).map(lambda t: f"{t[0]}{t[1]}"), st.one_of(st.sampled_from(IDS), text),
)
meeting = often(
    st.one_of(st.integers(1, 8).map("m{}".format), st.sampled_from(PEOPLE)), st.one_of(st.sampled_from(["m0", "M1", "#m2", "m", "m1.5"]), text),
)
number = often(
    st.sampled_from(["0", "3", "5", "30", "45", "70", "90", "600"]),
    st.one_of(st.integers(-10, 100_000).map(str), st.sampled_from(["601", "1e3", "٣", "+5", " 5", "0x10"]), text),
)
stage = often(st.sampled_from(["prospect", "met", "committed", "active", "leader", "LEADER", " met "]), text)
answer = often(st.sampled_from(["yes", "no", "maybe", "later", "YES", "y"]), text)

REFLECT_FLAGS = {
    "--at": day, "--minutes": number, "--place": text, "--listened": number, "--self-interest": text, "--story": text,
    "--value": text, "--talent": text, "--network": text, "--concern": text, "--boundary": text, "--common": text,
    "--ask": st.one_of(text, text.map(lambda t: f"{t} by sat")), "--answer": answer, "--revisit": day,
    "--they-promise": st.one_of(text, text.map(lambda t: f"{t} by fri")), "--i-promise": text.map(lambda t: f"{t} by +1w"),
    "--referral": name, "--next": day, "--next-step": text, "--note": text,
}
TEMPLATE_KEYS = ["name", "at", "minutes", "listened", "note", "ask", "answer", "self-interest", "referral", "i-promise",
                 "they-promise", "next", "next-step", "revisit", "zzz", "Name", "  note"]
template = st.lists(
    st.one_of(st.tuples(st.sampled_from(TEMPLATE_KEYS), text).map(lambda kv: f"{kv[0]}: {kv[1]}"), text, text.map("  {}".format)),
    max_size=6,
).map("\n".join)


@st.composite
def edits(draw):
    """`oto edit`: a few changes, and now and then a new name (often keeping the old one's start,
    so that the seeded people stay findable for later examples)."""
    who = draw(name)
    changes = draw(options(
        flag("--alias", text), flag("--remove-alias", text), flag("--contact", text), flag("--met-how", text),
        flag("--institution", text), flag("--role", text), flag("--tag", text), flag("--remove-tag", text),
        flag("--stage", stage), flag("--cadence", number), flag("--boundary", text), flag("--do-not-contact"),
        flag("--contact-ok"), flag("--referred-by", name),
    ))
    if draw(st.integers(0, 4)) == 0:
        changes += ["--name", f"{who} {draw(text)}" if draw(st.booleans()) else draw(text)]
    return ["edit", who, *changes]


CALLS = {
    "due": command("due", options(flag("--on", day), flag("--days", number), flag("--json"))),
    "done": command("done", item, rarely(item), options(flag("--on", day))),
    "snooze": command("snooze", item, needed("--until", day)),
    "prep": often(
        command("prep", name, rarely(text)),
        command("prep", name, needed("--at", moment), options(flag("--place", text), flag("--minutes", number), flag("--ask", text))),
    ),
    "story": st.one_of(command("story", text), command("story", "--remove", item), st.just(["story"])),
    "reflect": st.one_of(
        command("reflect", options(flag("--resume"), flag("--edit"), flag("--discard"))),
        command("reflect", often(name.map(lambda n: [n]), st.just([])), options(*REFLECT_FLAGS.items(), most=6)),
        command("reflect", name, "--edit"),
    ),
    "promise": command("promise", name, text, needed("--by", day), options(flag("--theirs"))),
    "promises": command(
        "promises", often(st.just([]), name.map(lambda n: [n])),
        options(flag("--mine"), flag("--theirs"), flag("--overdue"), flag("--all"), flag("--json")),
    ),
    "kept": command("kept", item, rarely(item), options(flag("--on", day))),
    "broken": command("broken", item, rarely(item), options(flag("--on", day))),
    "renegotiate": command("renegotiate", item, needed("--by", day)),
    "agenda": command("agenda", options(flag("--days", number), flag("--json"))),
    "cancel": command("cancel", meeting),
    "noshow": command("noshow", meeting),
    "log": command("log", name, options(flag("--call", text), flag("--text", text), flag("--visit", text), flag("--on", day))),
    "people": command("people", options(flag("--tag", text), flag("--stage", stage), flag("--limit", number), flag("--json"))),
    "show": command("show", name, options(flag("--json"))),
    "add": command(
        "add", text,
        options(flag("--alias", text), flag("--contact", text), flag("--met-how", text), flag("--referred-by", name),
                flag("--institution", text), flag("--role", text), flag("--tag", text), flag("--stage", stage),
                flag("--cadence", number), flag("--boundary", text), flag("--do-not-contact")),
    ),
    "edit": edits(),
    # forget --yes only on a name this example has just added (see _run); otherwise it must ask.
    "forget": st.one_of(command("forget", name), command("forget", text.map(lambda t: f"Throwaway {t}"), "--yes")),
    "reopen": command("reopen", item, rarely(item)),
    "release": command("release", item, rarely(item)),
    "amend": command("amend", item, options(flag("--text", text), flag("--by", day), flag("--mine"), flag("--theirs"))),
    "answer": command("answer", often(st.sampled_from(["a1", "A1", "a2", "a0"]), name), answer, options(flag("--by", day))),
    "unlearn": command("unlearn", often(st.sampled_from(["i1", "i2", "I3", "i0"]), item), rarely(item)),
    "move": command("move", often(st.sampled_from(["i1", "i2", "i3"]), item), options(flag("--to", name), flag("--kind", text))),
    # merge only without --yes: it must ask (and refuse, off a terminal), keeping the seeded people.
    "merge": command("merge", name, name),
    "goal": command("goal", often(st.just([]), number.map(lambda n: [n]))),
    "where": command("where", rarely(token)),
    "backup": command("backup", often(st.just([]), token.map(lambda t: ["BACKUP-DIR/b-" + t.replace("/", "_")]))),
    "doctor": command("doctor", rarely(token)),
}
GROUPS = {
    "digest": ["due", "done", "snooze"],
    "meetings": ["prep", "story", "reflect"],
    "the life of a meeting": ["agenda", "cancel", "noshow", "log"],
    "promising": ["promise", "promises"],
    "closing promises": ["kept", "broken", "renegotiate"],
    "reading people": ["people", "show"],
    "changing people": ["add", "edit", "forget"],
    "corrections": ["reopen", "release", "amend", "answer", "unlearn", "move", "merge"],
    "the journal": ["goal", "where", "backup", "doctor"],
}
assert sorted(c for group in GROUPS.values() for c in group) == sorted(CALLS)


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Run `oto ARGS` in-process on this module's one journal; returns the CliRunner result."""
    from onetoone.cli import app

    folder = tmp_path_factory.mktemp("cli-properties")
    backups = folder / "backups-here"
    env = {
        "OTO_HOME": str(folder / "oto"), "OTO_NOW": NOW.strftime("%Y-%m-%d %H:%M"), "NO_COLOR": "1", "COLUMNS": "120",
        "VISUAL": "true", "EDITOR": "true", "OTO_DEBUG": None,  # an editor that returns at once, unchanged
    }
    runner = CliRunner()

    def invoke(args, input=None):
        args = [a.replace("BACKUP-DIR", str(backups)) for a in args]
        if input is not None:  # stdin is bytes: an undecodable argument stands for invalid UTF-8 there
            input = input.encode("utf-8", "surrogateescape")
        try:
            return runner.invoke(app, args, input=input, env=env)
        finally:
            shutil.rmtree(backups, ignore_errors=True)

    for args in (
        ["add", "Ann Lee", "--alias", "Annie", "--tag", "oak", "--boundary", "No talk of her landlord"],
        ["add", "Bob Chen", "--tag", "oak", "--stage", "leader"], ["add", "María López", "--institution", "St Anne's"],
        ["add", "Mario Ruiz", "--referred-by", "Ann"], ["add", "Dev Patel", "--do-not-contact"],
        ["prep", "Ann", "--at", "fri 6pm", "--ask", "Come to the meeting"],
        ["promise", "Bob", "Send the flyer", "--by", "fri"], ["promise", "Bob", "Bring photos", "--by", "tue", "--theirs"],
        ["reflect", "María", "--at", "yesterday", "--note", "Rent", "--ask", "Host a meeting by sat", "--answer", "yes"],
        ["story", "I grew up in a building like this one."],
    ):
        assert invoke(args).exit_code == 0, args
    return invoke


def _unsafe(ch: str) -> bool:
    return ch not in "\n\t\u200c\u200d" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")


def assert_did_not_crash(result, args) -> None:
    where = f"oto {args!r} -> {result.exit_code}: {result.stderr[-500:]!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{where} raised {result.exception!r}"
    assert result.exit_code in (0, 1, 2), where
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, where
        assert not any(_unsafe(ch) for ch in stream), f"{where}: a raw control character in {stream!r}"
    if result.exit_code == 1:
        assert result.stderr.count("\n") == 1, where


def _run(cli, args, input=None) -> str:
    """Run one generated command line; `forget --yes` only after adding that very name."""
    if args[0] == "forget" and "--yes" in args:
        added = cli(["add", args[1]])
        assert_did_not_crash(added, ["add", args[1]])
        if added.exit_code != 0:
            return "forget"
        forgotten = cli(args)
        assert_did_not_crash(forgotten, args)
        assert forgotten.exit_code == 0, forgotten.stderr
        return "forget"
    result = cli(args, input=input)
    assert_did_not_crash(result, args)
    if args[0] == "reflect" and ("--edit" in args or "--resume" in args):
        assert_did_not_crash(cli(["reflect", "--discard"]), ["reflect", "--discard"])  # let the next example start afresh
    return args[0]


def _property(cli, group: str) -> None:
    ran = Counter()
    calls = st.one_of(*(CALLS[c] for c in GROUPS[group]))

    @EXAMPLES
    @given(calls, st.one_of(st.none(), text, template))
    def cannot_crash(args, input):
        ran[_run(cli, args, input=input)] += 1

    cannot_crash()
    assert set(ran) == set(GROUPS[group]), ran


@pytest.mark.parametrize("group", GROUPS)
def test_no_command_crashes_whatever_is_typed(cli, group):
    _property(cli, group)


@EXAMPLES
@given(st.lists(token, max_size=4))
def test_any_words_after_oto_are_answered_not_crashed_on(cli, words):
    assert_did_not_crash(cli(words), words)


# -- `%`, `_` and `\` are letters, not patterns --------------------------------------------------

SPECIAL = ["%", "_", "\\"]
stems = st.one_of(st.text(max_size=8), st.sampled_from(NASTY + SPECIAL))


@pytest.fixture(scope="module")
def journal_path(tmp_path_factory):
    return tmp_path_factory.mktemp("literal") / "journal.db"


@EXAMPLES
@given(stems, st.sampled_from(SPECIAL), stems)
def test_a_name_lookup_treats_percent_underscore_and_backslash_literally(journal_path, stem, special, tail):
    from onetoone.domain import directory, people
    from onetoone.errors import OtoError
    from onetoone.store.journal import open_journal

    now = datetime(2026, 11, 23, 9, 0)
    with open_journal(journal_path, now=now, write=True) as journal:
        serial = journal.value("SELECT count(*) FROM person") + 1
        first = f"Lit{serial} {stem}"  # a start no earlier example's names share
        added = {}
        for mark in SPECIAL + ["x"]:
            try:
                fields = people.PersonFields(name=f"{first}{mark}B{tail}", tags=[mark])
                added[mark] = people.add(journal, fields, today=now.date()).id
            except OtoError:
                return  # refused (a name with nothing to find it by): refusing is allowed
        assert people.resolve(journal, f"{first}{special}").id == added[special]
        assert people.resolve(journal, f"{first}{special}B{tail}").id == added[special]
        tagged, _ = directory.listing(journal, today=now.date(), tag=special)
        assert tagged and all(entry.tags == [special] for entry in tagged)


def test_percent_underscore_and_backslash_match_literally_on_the_command_line(oto):
    import json

    for mark in ("%", "_", "\\", "x"):
        assert oto("add", f"A{mark}B", "--tag", mark).exit_code == 0
    for mark in ("%", "_", "\\"):
        for typed in (f"A{mark}", f"a{mark}b"):
            assert json.loads(oto("show", typed, "--json").stdout)["name"] == f"A{mark}B"
        listed = json.loads(oto("people", "--tag", mark, "--json").stdout)
        assert [p["name"] for p in listed] == [f"A{mark}B"]
        assert oto("promise", f"A{mark}", "Call back", "--by", "fri").exit_code == 0
        assert [p["person"] for p in json.loads(oto("promises", f"A{mark}", "--json").stdout)] == [f"A{mark}B"]
    refused = oto("show", "%")
    assert refused.exit_code == 1 and "No one called '%'" in refused.stderr
