"""Interrupted reflections on a real terminal (a pty, through pexpect, running the installed
`oto`): Ctrl-C, Ctrl-D, a closed terminal and SIGTERM at every prompt of `oto reflect NAME`;
the editor matrix; and no lock held while the organizer types or edits.

The guided walk below answers every question `domain.reflection.interview` asks, in its order,
taking each branch once (a maybe asks for the revisit; a yes and its date are in
test_reflect_terminal.py). For each prompt and each way of stopping, a fresh run answers the
prompts before it, is stopped there, and must exit with its status, leave the journal as it was
and the draft holding every answer; `oto reflect --resume` must then end in exactly the journal
an uninterrupted run makes.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import stat
import subprocess
import sys
import termios
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from onetoone.domain import drafts
from onetoone.domain.reflection.fields import Pledge
from tests.conftest import NOW, as_from_a_shell

pexpect = pytest.importorskip("pexpect")

OTO = str(Path(sys.executable).with_name("oto"))
KEPT = "Draft kept; continue with `oto reflect --resume`."
RESUME_HINT = "Your draft is kept: continue with `oto reflect --resume`."
SAVED = "Saved your one-to-one with Maria Lopez on Sun 22 Nov 2026, yesterday (m1)."


@dataclass(frozen=True)
class Step:
    """One question, the answer typed, and what the answer puts in the draft (None: removes)."""

    prompt: str
    answer: str
    fields: dict = field(default_factory=dict)
    pending: dict = field(default_factory=dict)


ANSWER = "Their answer: yes, no, maybe or later? (Enter if none yet) "
THEY = "What did they commit to? (Enter to move on) "
MINE = "What did you promise? (Enter to move on) "
REFERRAL = "Who did they suggest you meet? (Enter to move on) "
WALK = (
    Step("When did you meet? [Mon 23 Nov 2026] ", "yesterday", {"at": ["2026-11-22"]}),
    Step("How many minutes? ", "45", {"minutes": ["45"]}),
    Step("What share of the time did you listen, in %? ", "70", {"listened": ["70"]}),
    Step("Self-interest: ", "Rent keeps rising", {"self-interest": ["Rent keeps rising"]}),
    Step("Self-interest: ", "Her son's school", {"self-interest": ["Rent keeps rising", "Her son's school"]}),
    Step("Self-interest: ", ""),
    Step("Story: ", "Grew up in Oaxaca", {"story": ["Grew up in Oaxaca"]}),
    Step("Story: ", ""),
    Step("Value: ", ""),
    Step("Talent: ", ""),
    Step("Network: ", ""),
    Step("Concern: ", ""),
    Step("Boundary (a topic to avoid): ", "Her immigration status", {"boundary": ["Her immigration status"]}),
    Step("Boundary (a topic to avoid): ", ""),
    Step("Common ground: ", ""),
    Step("What did you ask of them? (Enter if no ask) ", "Host a house meeting", {"ask": ["Host a house meeting"]}),
    Step(ANSWER, "maybe", {"answer": ["maybe"]}),
    Step("When to revisit it? [Sun 6 Dec 2026] ", "+3w", {"revisit": ["2026-12-14"]}),
    Step(THEY, "Bring the lease", pending={"they-promise": "Bring the lease"}),
    Step("  By when? ", "fri", {"they-promise": [Pledge("Bring the lease", date(2026, 11, 27))]}, {"they-promise": None}),
    Step(THEY, ""),
    Step(MINE, "Send the flyer", pending={"i-promise": "Send the flyer"}),
    Step("  By when? ", "wed", {"i-promise": [Pledge("Send the flyer", date(2026, 11, 25))]}, {"i-promise": None}),
    Step(MINE, ""),
    Step(REFERRAL, "Ana Reyes", {"referral": ["Ana Reyes"]}),
    Step(REFERRAL, ""),
    Step("The next step? ", "Meet her sister", pending={"next-step": "Meet her sister"}),
    Step("  When? (Enter for no date) ", "+2w", {"next-step": ["Meet her sister"], "next": ["2026-12-07"]}, {"next-step": None}),
    Step("Anything else to note? ", "Call after 6pm", {"note": ["Call after 6pm"]}),
)
LAST = len(WALK) - 1
MIDDLE = LAST // 2


def expected_draft(upto: int) -> tuple[dict, dict]:
    """The draft's fields and pending text once the first `upto` prompts are answered."""
    fields, pending = {}, {}
    for step in WALK[:upto]:
        for target, changes in ((fields, step.fields), (pending, step.pending)):
            for key, value in changes.items():
                if value is None:
                    target.pop(key, None)
                else:
                    target[key] = value
    return fields, pending


# -- Running oto on a terminal -----------------------------------------------------------------


def environment(home: Path, **extra: str) -> dict:
    return {
        **os.environ, "OTO_HOME": str(home), "OTO_NOW": NOW.strftime("%Y-%m-%d %H:%M"),
        "NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "120", **extra,
    }


def spawn(home: Path, *args: str, **extra: str):
    child = pexpect.spawn(OTO, list(args), env=environment(home, **extra), encoding="utf-8", timeout=20, preexec_fn=as_from_a_shell)
    child.delaybeforesend = None  # every send waits for its question already
    child.ptyproc.delayafterclose = 0  # close() comes after EOF, once oto has exited
    return child


def wait_reading(child, *, paste: bool = True) -> None:
    """Wait until oto sits in readline (which turns canonical mode off while it reads a line),
    so that a key or a signal arrives at the prompt itself, not just before it. Readline writes
    the switch that turns bracketed paste on after canonical mode is off and before it waits for
    a key: a signal sent between the two (CPython only looks at signals once the wait is
    interrupted) would go unseen, so the switch is waited for too (`paste`: when oto's questions
    go to the pty; not when stderr is a file and oto reads without readline)."""
    if paste:
        child.expect_exact("\x1b[?2004h")
    deadline = time.monotonic() + 10
    while termios.tcgetattr(child.child_fd)[3] & termios.ICANON:
        assert time.monotonic() < deadline, "oto never started reading the answer"
        time.sleep(0.002)
    time.sleep(0.01)  # from the switch to the wait for a key


def answer(child, steps) -> None:
    for step in steps:
        child.expect_exact(step.prompt)
        wait_reading(child)
        child.sendline(step.answer)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


# How the prompt is left, and oto's exit status for it: 130 for Ctrl-C (the README's
# "interrupted"), 1 for Ctrl-D, and 128 + the signal's number, as shells report, for the signals.
WAYS = {
    "ctrl-c": (lambda child: child.sendcontrol("c"), 130),
    "ctrl-d": (lambda child: child.sendeof(), 1),
    "sighup": (lambda child: child.kill(signal.SIGHUP), 129),
    "sigterm": (lambda child: child.kill(signal.SIGTERM), 143),
}


def record(home: Path) -> dict:
    """What the journal says about a reflection: the two people involved, the promises and the
    digest, as `--json` gives them, without ids."""
    from typer.testing import CliRunner

    from onetoone.cli import app

    def without_ids(data):
        if isinstance(data, dict):
            return {k: without_ids(v) for k, v in data.items() if k not in ("id", "person_id")}
        if isinstance(data, list):
            return [without_ids(v) for v in data]
        return data

    out = {}
    for what, args in (("maria", ["show", "Maria Lopez"]), ("ana", ["show", "Ana Reyes"]), ("promises", ["promises"]), ("due", ["due"])):
        ran = CliRunner().invoke(app, [*args, "--json"], env=environment(home), catch_exceptions=False)
        out[what] = without_ids(json.loads(ran.stdout)) if ran.exit_code == 0 else ran.exit_code
    if isinstance(out["due"], dict):
        out["due"].pop("drafts", None)  # the journal's record only: the draft is checked on its own
    return out


def left_in_drafts(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "drafts").iterdir()) if (home / "drafts").exists() else []


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """What one run straight through the walk leaves (the reference for every resume)."""
    home = tmp_path_factory.mktemp("straight") / "oto"
    subprocess.run([OTO, "add", "Maria Lopez"], env=environment(home), check=True, capture_output=True)
    child = spawn(home, "reflect", "Maria")
    answer(child, WALK)
    child.expect_exact(SAVED)
    assert finish(child) == 0
    seen = record(home)
    assert seen["maria"]["timeline"] and len(seen["promises"]) == 2 and seen["ana"]["referred_by"] == "Maria Lopez"
    assert left_in_drafts(home) == []
    return seen


# -- Every prompt, every way -------------------------------------------------------------------

# The draft a stop leaves is the same whichever way stopped it (checked exactly in every cell)
# and a resume reads only the draft, so the resume (about a second: oto's save) is run after
# every prompt for Ctrl-C, and at the first, a middle and the last prompt for the other ways.
CELLS = [
    pytest.param(way, at, id=f"{way}-{at:02d}")
    for way in WAYS
    for at in range(len(WALK))
]


def resumes(way: str, at: int) -> bool:
    return way == "ctrl-c" or at in (0, MIDDLE, LAST)


@pytest.mark.parametrize(("way", "at"), CELLS)
def test_stopping_at_a_prompt_keeps_every_answer_and_resume_ends_the_same(way, at, oto, oto_home, uninterrupted):
    oto("add", "Maria Lopez")
    before = record(oto_home)
    interrupt, status = WAYS[way]
    child = spawn(oto_home, "reflect", "Maria")
    answer(child, WALK[:at])
    child.expect_exact(WALK[at].prompt)
    wait_reading(child)
    interrupt(child)
    child.expect_exact(KEPT if at else "Stopped before anything was noted; no draft kept.")
    assert finish(child) == status

    assert record(oto_home) == before  # nothing partial: no meeting, insight, promise, person
    folder = oto_home / "drafts"
    draft = drafts.load(folder, 1)
    if at == 0:
        assert draft is None  # nothing answered: no draft to block the next reflection
    else:
        assert (draft.person_name, draft.mode) == ("Maria Lopez", "prompts")
        assert (draft.fields, draft.pending) == expected_draft(at)
        assert not drafts.text_path(folder, 1).exists()

    if not resumes(way, at):
        return
    child = spawn(oto_home, *(("reflect", "--resume") if at else ("reflect", "Maria")))
    if at:
        child.expect_exact("Continuing the reflection you began Mon 23 Nov 2026 09:00.")
    answer(child, WALK[at:])
    child.expect_exact(SAVED)
    assert finish(child) == 0
    assert record(oto_home) == uninterrupted
    assert left_in_drafts(oto_home) == []


def test_a_closed_terminal_keeps_the_draft_without_a_traceback(oto, oto_home, tmp_path, uninterrupted):
    """Closing the pty gives oto an end-of-file and then SIGHUP; stopping once, quietly."""
    oto("add", "Maria Lopez")
    errors = tmp_path / "stderr.txt"  # the questions go there, to read what was said after the close
    errors.touch()
    child = pexpect.spawn(
        "bash", ["-c", 'exec "$0" reflect Maria 2>"$1"', OTO, str(errors)], env=environment(oto_home), timeout=20,
        preexec_fn=as_from_a_shell,
    )
    child.delaybeforesend = None
    shown = 0
    for step in WALK[: MIDDLE + 1]:
        deadline = time.monotonic() + 10
        while len(said := errors.read_text(encoding="utf-8")) <= shown or not said.endswith(step.prompt):
            assert time.monotonic() < deadline, said
            time.sleep(0.002)
        shown = len(said)
        wait_reading(child, paste=False)
        if step is not WALK[MIDDLE]:
            child.sendline(step.answer)
    wait_reading(child, paste=False)
    child.ptyproc.fileobj.close()  # the window closes: the pty's only master descriptor goes
    _, waited = os.waitpid(child.pid, 0)
    child.ptyproc.closed = child.ptyproc.terminated = True  # reaped here, not by pexpect
    said = errors.read_text(encoding="utf-8")
    assert os.waitstatus_to_exitcode(waited) in (1, 129), said  # end-of-file or hangup, whichever lands first
    assert said.endswith(KEPT + "\n") and "Traceback" not in said
    draft = drafts.load(oto_home / "drafts", 1)
    assert (draft.fields, draft.pending) == expected_draft(MIDDLE)
    resumed = spawn(oto_home, "reflect", "--resume")
    answer(resumed, WALK[MIDDLE:])
    resumed.expect_exact(SAVED)
    assert finish(resumed) == 0
    assert record(oto_home) == uninterrupted
    assert left_in_drafts(oto_home) == []


# -- No lock while the organizer types or edits ------------------------------------------------


def others_run_meanwhile(home: Path) -> None:
    """Another writer could take the journal at once, and three other commands run promptly
    (far inside the 15-second busy timeout)."""
    import sqlite3

    db = sqlite3.connect(home / "journal.db", timeout=0, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")  # fails at once with 'database is locked' if anyone held it
    db.execute("ROLLBACK")
    db.close()
    for args in (["promise", "Dev Patel", "Call back about the lease", "--by", "fri"], ["add", "Someone New"], ["due"]):
        began = time.monotonic()
        ran = subprocess.run([OTO, *args], env=environment(home), capture_output=True, text=True, timeout=15)
        took = time.monotonic() - began
        assert ran.returncode == 0, ran.stderr
        assert took < 5, f"oto {args[0]} took {took:.1f} s"


def test_a_reflection_waiting_at_a_prompt_holds_no_lock(oto, oto_home):
    oto("add", "Maria Lopez")
    oto("add", "Dev Patel")
    child = spawn(oto_home, "reflect", "Maria")
    answer(child, WALK[:MIDDLE])
    child.expect_exact(WALK[MIDDLE].prompt)
    wait_reading(child)
    others_run_meanwhile(oto_home)
    child.sendline(WALK[MIDDLE].answer)
    answer(child, WALK[MIDDLE + 1:])
    child.expect_exact(SAVED)
    assert finish(child) == 0


# -- The editor --------------------------------------------------------------------------------

FAKE_EDITOR = r'''
import json, os, pathlib, signal, stat, sys, time

mode, path = sys.argv[1], pathlib.Path(sys.argv[-1])
side = pathlib.Path(os.environ["FAKE_EDITOR_DIR"])
(side / "seen.json").write_text(json.dumps({
    "path": str(path), "mode": stat.S_IMODE(path.stat().st_mode), "folder": stat.S_IMODE(path.parent.stat().st_mode),
}))
typed = path.read_text(encoding="utf-8") + "self-interest: Safer streets\n"


def wait(until):
    (side / "ready").touch()
    deadline = time.monotonic() + 120  # a test that went away never leaves this editor behind
    while not until():
        if time.monotonic() > deadline:
            sys.exit(4)
        time.sleep(0.01)


if mode == "text":
    path.write_text(typed, encoding="utf-8")
elif mode == "empty":
    path.write_bytes(b"")
elif mode == "blank":
    path.write_text("  \n\t\n   \n", encoding="utf-8")
elif mode == "fail":
    path.write_text(typed, encoding="utf-8")
    sys.exit(3)
elif mode == "killed":
    path.write_text(typed, encoding="utf-8")
    os.kill(os.getpid(), signal.SIGKILL)
elif mode == "latin1":
    path.write_bytes("name: Maria Lopez\r\nvalue: Her grandmother's caf\xe9\r\n".encode("latin-1"))
elif mode == "bom":
    path.write_bytes(b"\xef\xbb\xbfname: Maria Lopez\r\nvalue: Caf\xc3\xa9 con leche\r\n")
elif mode == "utf16":
    path.write_bytes("name: Maria Lopez\r\nvalue: Caf\xe9 de olla\r\n".encode("utf-16"))
elif mode == "wait":
    wait(lambda: (side / "go").exists())
    path.write_text(typed, encoding="utf-8")
elif mode == "sigint-save":  # an editor that treats Ctrl-C as "save and quit"
    signal.signal(signal.SIGINT, lambda *_: (path.write_text(typed, encoding="utf-8"), os._exit(0)))
    wait(lambda: False)
elif mode == "sigint-die":  # one that dies of it, after saving a first line
    path.write_text(typed, encoding="utf-8")
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    wait(lambda: False)
# "unchanged": closes without a change; "at-once": returns at once, like `code` without --wait
'''


@pytest.fixture
def editor(tmp_path):
    """`editor(mode)`: a VISUAL value running the fake editor in that mode; what it was given
    lands in tmp_path/side/seen.json."""
    script = tmp_path / "fake editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    side = tmp_path / "side"
    side.mkdir()
    return lambda mode: {"VISUAL": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {mode}", "FAKE_EDITOR_DIR": str(side)}


def assert_private_draft_file(oto_home, side: Path) -> None:
    seen = json.loads((side / "seen.json").read_text())
    assert Path(seen["path"]) == drafts.text_path(oto_home / "drafts", 1)  # oto's folder, never the system's /tmp
    assert (seen["mode"], seen["folder"]) == (0o600, 0o700)


KEEPS = {
    "unchanged": "The template came back unchanged, so nothing was saved.",
    "at-once": "The template came back unchanged, so nothing was saved.",
    "empty": "The reflection has nothing in it, so nothing was saved.",
    "blank": "The reflection has nothing in it, so nothing was saved.",
    "fail": "The editor exited with status 3, so nothing was saved.",
    "killed": "The editor was stopped by signal 9, so nothing was saved.",
    "missing": "Cannot start the editor '/no/such/editor' (No such file or directory). "
               "Set VISUAL or EDITOR to an editor you have, for example EDITOR=nano.",
}
SAVES = {"text": ("self-interest", "Safer streets"), "latin1": ("value", "Her grandmother's caf\xe9"),
         "bom": ("value", "Caf\xe9 con leche"), "utf16": ("value", "Caf\xe9 de olla")}


@pytest.mark.parametrize("mode", [*SAVES, *KEEPS])
def test_the_editor_matrix(mode, oto, oto_home, editor, tmp_path):
    oto("add", "Maria Lopez")
    before = record(oto_home)
    env = editor(mode)
    if mode == "missing":
        env["VISUAL"] = "/no/such/editor"
    ran = oto("reflect", "Maria", "--edit", env=env)
    folder = oto_home / "drafts"
    if mode in SAVES:
        assert ran.exit_code == 0, ran.stderr
        assert ran.stdout.startswith("Saved your one-to-one with Maria Lopez on Mon 23 Nov 2026, today (m1).")
        kind, text = SAVES[mode]
        assert record(oto_home)["maria"]["insights"] == {kind: [text]}
        assert left_in_drafts(oto_home) == []
    else:
        assert (ran.exit_code, ran.stdout) == (1, "")
        assert ran.stderr == f"oto: {KEEPS[mode]} {RESUME_HINT}\n"
        assert record(oto_home) == before
        draft = drafts.load(folder, 1)
        assert (draft.person_name, draft.mode) == ("Maria Lopez", "editor")
        if mode in ("fail", "killed"):  # what was typed before the failure is kept as typed
            assert drafts.text_path(folder, 1).read_text(encoding="utf-8").endswith("self-interest: Safer streets\n")
        for kept in folder.iterdir():
            assert stat.S_IMODE(kept.stat().st_mode) == 0o600, kept
    if mode != "missing":
        assert_private_draft_file(oto_home, tmp_path / "side")


def sigint_ignored(pid: int) -> bool:
    mask = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("SigIgn:"))
    return bool(int(mask.split()[1], 16) & (1 << (signal.SIGINT - 1)))


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.005)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads signal masks from /proc")
@pytest.mark.parametrize(("mode", "status"), [("sigint-save", 0), ("sigint-die", 1)])
def test_ctrl_c_inside_the_editor_is_the_editors_to_decide(mode, status, oto, oto_home, editor, tmp_path):
    oto("add", "Maria Lopez")
    env = editor(mode)
    child = spawn(oto_home, "reflect", "Maria", "--edit", **env)
    side = tmp_path / "side"
    wait_for(lambda: (side / "ready").exists(), "the editor started")
    wait_for(lambda: sigint_ignored(child.pid), "oto ignores Ctrl-C while the editor runs")
    child.sendcontrol("c")  # to the whole foreground process group: oto and its editor
    if status == 0:
        child.expect_exact("Saved your one-to-one with Maria Lopez on Mon 23 Nov 2026, today (m1).")
    else:
        child.expect_exact(f"oto: The editor was stopped by signal 2, so nothing was saved. {RESUME_HINT}")
    assert finish(child) == status  # oto outlived the Ctrl-C; the editor's way out decided
    assert_private_draft_file(oto_home, side)
    if status == 0:
        assert record(oto_home)["maria"]["insights"] == {"self-interest": ["Safer streets"]}
    else:
        assert record(oto_home)["maria"]["timeline"] == []
        assert drafts.text_path(oto_home / "drafts", 1).read_text(encoding="utf-8").endswith("self-interest: Safer streets\n")


def test_a_reflection_open_in_the_editor_holds_no_lock(oto, oto_home, editor, tmp_path):
    oto("add", "Maria Lopez")
    oto("add", "Dev Patel")
    side = tmp_path / "side"
    env = editor("wait")
    reflecting = subprocess.Popen(
        [OTO, "reflect", "Maria", "--edit"], env=environment(oto_home, **env),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(lambda: (side / "ready").exists(), "the editor started")
        others_run_meanwhile(oto_home)
        (side / "go").touch()
        out, err = reflecting.communicate(timeout=30)
    finally:
        if reflecting.poll() is None:
            reflecting.kill()
    assert reflecting.returncode == 0, err
    assert out.startswith("Saved your one-to-one with Maria Lopez")


# -- Forgotten while the reflection is open ----------------------------------------------------

FORGOTTEN = "oto: Maria Lopez was forgotten (`oto forget`) while this reflection was open, so nothing about them was kept."


def holds(home: Path, secret: str) -> list[Path]:
    """Every file under oto's folder that holds `secret` (the journal, drafts, leftovers)."""
    return [p for p in home.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


@pytest.mark.parametrize("at", [0, MIDDLE], ids=["before-any-answer", "middle"])
def test_forget_while_a_question_waits_stops_the_reflection_and_keeps_nothing(at, oto, oto_home):
    oto("add", "Maria Lopez")
    child = spawn(oto_home, "reflect", "Maria")
    answer(child, WALK[:at])
    child.expect_exact(WALK[at].prompt)
    wait_reading(child)
    forgot = subprocess.run([OTO, "forget", "Maria", "--yes"], env=environment(oto_home), capture_output=True, text=True, timeout=30)
    assert forgot.returncode == 0, forgot.stderr
    child.sendline(WALK[at].answer)  # the next answer: it must not bring the draft back
    child.expect_exact(FORGOTTEN)
    assert finish(child) == 1
    assert left_in_drafts(oto_home) == []
    assert holds(oto_home, "Maria") == [] and holds(oto_home, "Rent keeps rising") == []
    resumed = subprocess.run([OTO, "reflect", "--resume"], env=environment(oto_home), capture_output=True, text=True, timeout=30)
    assert (resumed.returncode, resumed.stderr) == (1, "oto: No reflection is waiting as a draft. Start one with `oto reflect NAME`.\n")


def test_forget_then_ctrl_c_at_the_question_says_nothing_was_kept(oto, oto_home):
    oto("add", "Maria Lopez")
    child = spawn(oto_home, "reflect", "Maria")
    answer(child, WALK[:MIDDLE])
    child.expect_exact(WALK[MIDDLE].prompt)
    wait_reading(child)
    forgot = subprocess.run([OTO, "forget", "Maria", "--yes"], env=environment(oto_home), capture_output=True, text=True, timeout=30)
    assert forgot.returncode == 0, forgot.stderr
    child.sendcontrol("c")
    child.expect_exact(FORGOTTEN[len("oto: "):])
    assert finish(child) == 130
    assert left_in_drafts(oto_home) == []


def test_forget_while_the_editor_is_open_keeps_nothing_it_writes_afterwards(oto, oto_home, editor, tmp_path):
    oto("add", "Maria Lopez")
    side = tmp_path / "side"
    reflecting = subprocess.Popen(
        [OTO, "reflect", "Maria", "--edit"], env=environment(oto_home, **editor("wait")),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for(lambda: (side / "ready").exists(), "the editor started")
        forgot = subprocess.run([OTO, "forget", "Maria", "--yes"], env=environment(oto_home), capture_output=True, text=True, timeout=30)
        assert forgot.returncode == 0, forgot.stderr
        assert "Removed the draft reflection files about them: reflection-1.json, reflection-1.txt." in forgot.stderr
        (side / "go").touch()  # the editor saves its buffer (the name, "Safer streets") after the forget
        out, err = reflecting.communicate(timeout=30)
    finally:
        if reflecting.poll() is None:
            reflecting.kill()
    assert (reflecting.returncode, out, err) == (1, "", FORGOTTEN + "\n")
    assert left_in_drafts(oto_home) == []
    assert holds(oto_home, "Maria") == [] and holds(oto_home, "Safer streets") == []
