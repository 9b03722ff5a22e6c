"""`oto triage` (and `oto due --triage`) on a real terminal (a pty, through pexpect): the digest's
overdue and today's items one key each, each decision saved at once; a key that does not fit
says so and stays; Ctrl-C keeps what was decided; `oto undo` takes back the last decision; and
without a terminal, a one-line refusal pointing to the batch commands.

Every journal is built through oto's own commands. Each step waits for the text oto shows
before typing (never for a time), with generous timeouts for a loaded machine.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from onetoone.domain import triage
from onetoone.domain.due import Item
from tests.conftest import TODAY, as_from_a_shell

pexpect = pytest.importorskip("pexpect")

OTO = str(Path(sys.executable).with_name("oto"))
FOLLOWUP_KEYS = "  d done · s snooze · space skip · q quit > "
PROMISE_KEYS = "  k kept · b broken · space skip · q quit > "
SNOOZE = "  Snooze until? (like 'mon', '+1w'; Enter to go back) "


@pytest.fixture
def morning(oto):
    """A Monday morning built with oto's commands: a thank-you (f2) and a next step (f1) from
    Saturday's one-to-one with Ana, my overdue promise to Maria (p1), Ana's commitment due today (p2)."""
    for args in (
        ("add", "Maria Lopez"), ("add", "Ana Reyes"),
        ("promise", "Maria", "Send the flyer", "--by", "yesterday"),
        ("promise", "Ana", "Bring the lease", "--by", "today", "--theirs"),
    ):
        assert oto(*args).exit_code == 0
    wrote = oto("reflect", "Ana", "--at", "today", "--minutes", "30", "--next-step", "Meet her sister", "--next", "2026-11-22",
                env={"OTO_NOW": "2026-11-21 20:00"})
    assert wrote.exit_code == 0, wrote.stderr
    assert [item["id"] for item in due(oto)] == ["f2", "p1", "f1", "p2"]


def due(oto) -> list[dict]:
    return json.loads(oto("due", "--json").stdout)["items"]


def spawn(*args: str, **extra: str):
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120", **extra}
    child = pexpect.spawn(OTO, list(args or ["triage"]), env=env, encoding="utf-8", timeout=60, preexec_fn=as_from_a_shell)
    child.delaybeforesend = None  # every key waits for its prompt already
    return child


def press(child, prompt: str, key: str) -> None:
    child.expect_exact(prompt)
    child.send(key)


def ended(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_each_key_decides_its_item_and_a_key_that_does_not_fit_stays(morning, oto):
    child = spawn()
    child.expect_exact("Mon 23 Nov 2026: 4 items overdue or due today, one key each.")
    child.expect_exact("1/4  f2  Ana Reyes: Thank them for the one-to-one on Sat 21 Nov (due yesterday)")
    press(child, FOLLOWUP_KEYS, "k")
    child.expect_exact("k (kept) is for promises and commitments; f2 is not one. Here: d done, s snooze, space skip, q quit.")
    press(child, FOLLOWUP_KEYS, "d")
    child.expect_exact("Marked f2 (thank-you, Ana Reyes) done.")
    child.expect_exact("2/4  p1  Maria Lopez: I promised: Send the flyer (due yesterday)")
    press(child, PROMISE_KEYS, "x")
    child.expect_exact("'x' is not a key here: k kept, b broken, space skip, q quit.")
    press(child, PROMISE_KEYS, "s")
    child.expect_exact("A promise is not snoozed: agree a new date with them and record it with `oto renegotiate p1 --by WHEN`.")
    press(child, PROMISE_KEYS, "d")
    child.expect_exact("d (done) is for follow-ups; p1 is a promise: is it kept or broken?")
    press(child, PROMISE_KEYS, "K")  # upper case reads as lower case
    child.expect_exact("Marked p1 kept: Send the flyer (my promise to Maria Lopez, due Sun 22 Nov 2026, 1 day late).")
    child.expect_exact("3/4  f1  Ana Reyes: Next step: Meet her sister (due yesterday)")
    press(child, FOLLOWUP_KEYS, "s")
    child.expect_exact(SNOOZE)
    child.sendline("next mon")
    child.expect_exact("  = Mon 30 Nov 2026 (in 7 days)")
    child.expect_exact("Snoozed f1 (next step, Ana Reyes) until Mon 30 Nov 2026 (in 7 days).")
    child.expect_exact("4/4  p2  Ana Reyes: They committed: Bring the lease (due today)")
    press(child, PROMISE_KEYS, " ")
    child.expect_exact("Done 1, kept 1, snoozed 1, skipped 1.")
    assert ended(child) == 0
    left = {item["id"]: item["due"] for item in due(oto)}
    assert left == {"p2": "2026-11-23", "f1": "2026-11-30"}
    kept = json.loads(oto("promises", "--all", "--json").stdout)
    assert {p["id"]: p["status"] for p in kept} == {"p1": "kept", "p2": "open"}


def test_broken_skips_and_quit_leave_the_rest_for_later(morning, oto):
    child = spawn(OTO_NO_PRELOAD="1")  # the same walk without the background loading
    press(child, FOLLOWUP_KEYS, "n")
    press(child, PROMISE_KEYS, "b")
    child.expect_exact("Marked p1 broken: Send the flyer (my promise to Maria Lopez, due Sun 22 Nov 2026).")
    press(child, FOLLOWUP_KEYS, "\r")
    press(child, PROMISE_KEYS, "q")
    child.expect_exact("Broken 1, skipped 2; 1 not reached (see `oto due`).")
    assert ended(child) == 0
    assert [item["id"] for item in due(oto)] == ["f2", "f1", "p2"]


def test_a_snooze_date_that_cannot_be_read_is_asked_again_and_enter_goes_back(morning, oto):
    child = spawn()
    press(child, FOLLOWUP_KEYS, "s")
    child.expect_exact(SNOOZE)
    child.sendline("tomorow")
    child.expect_exact("tomorrow")  # the grammar's "did you mean"
    child.expect_exact(SNOOZE)
    child.sendline("yesterday")
    child.expect_exact("  = Sun 22 Nov 2026 (yesterday)")
    child.expect_exact("Sun 22 Nov 2026 is in the past; snooze to today or a later day.")
    press(child, FOLLOWUP_KEYS, "s")
    child.expect_exact(SNOOZE)
    child.sendline("")  # Enter: back to the keys, nothing decided
    press(child, FOLLOWUP_KEYS, "q")
    child.expect_exact("Nothing decided; 4 not reached (see `oto due`).")
    assert ended(child) == 0
    assert [item["id"] for item in due(oto)] == ["f2", "p1", "f1", "p2"]


def test_ctrl_c_exits_130_keeping_every_decision_made_before_it(morning, oto):
    child = spawn()
    press(child, FOLLOWUP_KEYS, "d")
    child.expect_exact("Marked f2 (thank-you, Ana Reyes) done.")
    press(child, PROMISE_KEYS, "k")
    child.expect_exact("Marked p1 kept")
    child.expect_exact(FOLLOWUP_KEYS)
    child.sendcontrol("c")
    child.expect_exact("Interrupted. Done 1, kept 1; 2 not reached (see `oto due`). Everything decided before is saved.")
    assert ended(child) == 130
    assert [item["id"] for item in due(oto)] == ["f1", "p2"]


def test_ctrl_c_at_the_snooze_question_keeps_what_was_decided(morning, oto):
    child = spawn()
    press(child, FOLLOWUP_KEYS, "d")
    child.expect_exact("Marked f2")
    press(child, PROMISE_KEYS, " ")
    press(child, FOLLOWUP_KEYS, "s")
    child.expect_exact(SNOOZE)
    child.sendcontrol("c")
    child.expect_exact("Interrupted. Done 1, skipped 1; 2 not reached")
    assert ended(child) == 130
    assert [item["id"] for item in due(oto)] == ["p1", "f1", "p2"]


def test_due_triage_is_the_same_walk(morning, oto):
    child = spawn("due", "--triage")
    child.expect_exact("Mon 23 Nov 2026: 4 items overdue or due today, one key each.")
    press(child, FOLLOWUP_KEYS, "d")
    child.expect_exact("Marked f2 (thank-you, Ana Reyes) done.")
    press(child, PROMISE_KEYS, "q")
    child.expect_exact("Done 1; 3 not reached (see `oto due`).")
    assert ended(child) == 0


def test_undo_after_triage_undoes_the_last_decision_only(morning, oto):
    child = spawn()
    press(child, FOLLOWUP_KEYS, "d")
    press(child, PROMISE_KEYS, "k")
    child.expect_exact("Marked p1 kept")
    press(child, FOLLOWUP_KEYS, "q")
    assert ended(child) == 0
    undone = oto("undo")
    assert (undone.exit_code, undone.stderr) == (0, "Undid `oto kept p1` (Maria Lopez: Send the flyer).\n")
    assert [item["id"] for item in due(oto)] == ["p1", "f1", "p2"]  # the thank-you stays done
    assert oto("undo").stderr == "Undid `oto done f2` (Ana Reyes: f2, thank-you).\n"


def test_a_morning_with_nothing_due_says_so(oto):
    oto("add", "Maria Lopez")
    child = spawn()
    child.expect_exact("Mon 23 Nov 2026: nothing overdue or due today to triage.")
    assert ended(child) == 0


@pytest.mark.parametrize("command", [["triage"], ["due", "--triage"]])
def test_without_a_terminal_it_refuses_in_one_line_pointing_to_the_batch_commands(command, morning, oto):
    ran = oto(*command)
    assert ran.exit_code == 1
    assert ran.stdout == ""
    assert ran.stderr == (
        "oto: `oto triage` reads one key per item from a terminal, and stdin is not one. In a script, decide items "
        "by their ids: `oto done ID...`, `oto kept ID...`, `oto broken ID...`, `oto snooze ID --until WHEN`.\n"
    )
    assert [item["id"] for item in due(oto)] == ["f2", "p1", "f1", "p2"]


def test_due_triage_goes_with_neither_json_nor_on(oto):
    assert oto("due", "--triage", "--json").exit_code == 2
    assert oto("due", "--triage", "--on", "fri").exit_code == 2


# -- The decisions themselves, without a terminal -----------------------------------------------


def item(kind: str, id: str = "f1") -> Item:
    return Item(id=id, kind=kind, person_id=1, person="Maria Lopez", due=TODAY, overdue=False)


def test_only_the_decisions_that_fit_are_offered():
    assert triage.fitting(item("thank")) == ("done", "snooze", "skip", "quit")
    assert triage.fitting(item("reconnect", "r3")) == ("done", "snooze", "skip", "quit")
    assert triage.fitting(item("promise-mine", "p1")) == ("kept", "broken", "skip", "quit")
    assert triage.fitting(item("promise-theirs", "p2")) == ("kept", "broken", "skip", "quit")


def test_keys_and_the_commands_they_stand_for():
    assert [triage.decision(k) for k in ("d", "S", "k", "b", " ", "n", "\r", "q", "\x04", "x", "\x1b[A")] == [
        "done", "snooze", "kept", "broken", "skip", "skip", "skip", "quit", "quit", None, None,
    ]
    assert triage.as_typed(item("thank"), "snooze", TODAY) == ["snooze", "f1", "--until", "2026-11-23"]
    assert triage.as_typed(item("promise-mine", "p1"), "kept") == ["kept", "p1"]


def test_their_yes_is_offered_as_whether_they_came():
    from dataclasses import replace

    from onetoone.render import triage as screen

    yes = replace(item("promise-theirs", "p2"), from_ask=True)
    assert screen.keys(yes, triage.fitting(yes)) == "  k they came · b they did not · space skip · q quit > "
    assert screen.keys(item("thank"), triage.fitting(item("thank"))) == FOLLOWUP_KEYS


def test_the_summary_counts_what_was_decided_and_what_was_left():
    from onetoone.render import triage as screen

    tally = triage.Tally(7)
    for chosen in ("done", "done", "kept", "snooze", "skip", "skip", "skip"):
        tally.count(chosen)
    assert screen.summary(tally) == "\nDone 2, kept 1, snoozed 1, skipped 3."
    stopped = triage.Tally(3)
    stopped.count("broken")
    assert screen.summary(stopped, interrupted=True) == (
        "\nInterrupted. Broken 1; 2 not reached (see `oto due`). Everything decided before is saved."
    )


def test_the_preload_thread_loads_the_write_path_and_leaves_the_main_threads_signals_alone():
    import signal

    from onetoone.store import preload

    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    preload.start(("onetoone.render.triage",))
    preload.wait()
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask
    assert {"sqlmodel", "onetoone.store.models", "onetoone.store.undo"} <= set(sys.modules)
    assert preload._thread is not None and not preload._thread.is_alive()
