"""oto reflect on a real terminal (a pty): Ctrl-C and a closed terminal keep the draft, and
`--resume` asks only what is left."""

from __future__ import annotations

import os
import re
import signal
import sys

import pytest

from onetoone.domain import drafts
from onetoone.domain.reflection.fields import INSIGHT_KINDS
from tests.conftest import as_from_a_shell

pexpect = pytest.importorskip("pexpect")

QUESTION = r"(: |\? |\] |\) )(\x1b\[\?2004h)?$"  # readline turns bracketed paste on after the prompt


def own_line(before: str) -> bool:
    """Whether what was written before a prompt ends its line (bracketed paste's switches aside)."""
    return re.sub(r"\x1b\[\?2004[hl]", "", before).rstrip("\r").endswith("\n")


def spawn(*args: str):
    child = pexpect.spawn(sys.executable, ["-m", "onetoone", *args], env=dict(os.environ), encoding="utf-8", timeout=30, preexec_fn=as_from_a_shell)
    child.delaybeforesend = None  # each send waits for its question already
    return child


def start(oto) -> object:
    oto("add", "Maria Lopez")
    child = spawn("reflect", "Maria")
    child.expect_exact("When did you meet? [Mon 23 Nov 2026] ")
    child.sendline("")
    child.expect_exact("  = Mon 23 Nov 2026 (today)")
    child.expect_exact("How many minutes? ")
    child.sendline("30")
    child.expect_exact("What share of the time did you listen, in %? ")
    return child


def test_ctrl_c_keeps_the_draft_and_resume_asks_only_what_is_left(oto, oto_home):
    child = start(oto)
    child.sendcontrol("c")
    child.expect_exact("Draft kept; continue with `oto reflect --resume`.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn("reflect", "--resume")
    child.expect_exact("Continuing the reflection you began Mon 23 Nov 2026 09:00.")
    child.expect_exact("What share of the time did you listen, in %? ")
    child.sendline("75")
    for _ in range(len(INSIGHT_KINDS) + 6):  # Enter to every other question
        child.expect(QUESTION)
        child.sendline("")
    child.expect_exact("Saved your one-to-one with Maria Lopez on Mon 23 Nov 2026, today (m1).")
    child.expect_exact("30 minutes, you listened 75%.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    from onetoone.store.paths import drafts_dir

    assert not drafts.draft_path(drafts_dir(oto_home), 1).exists()


def test_a_closed_terminal_keeps_the_draft(oto, oto_home):
    from onetoone.store.paths import drafts_dir

    child = start(oto)
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 129
    assert drafts.load(drafts_dir(oto_home), 1).fields == {"at": ["2026-11-23"], "minutes": ["30"]}


def test_a_long_multiline_paste_is_one_answer_and_every_prompt_starts_its_own_line(oto, oto_home):
    child = start(oto)
    child.sendline("")  # an empty answer: the next question still starts on its own line
    child.expect_exact("Self-interest: ")
    assert own_line(child.before)
    story = "Rent went up twice this year\rHer neighbours left in March\r" + "They were there twenty years. " * 200
    child.send("\x1b[200~" + story + "\x1b[201~")  # pasted, as a terminal sends it
    child.send("\r")
    child.expect_exact("Self-interest: ")
    assert own_line(child.before)
    child.sendline("")
    for _ in range(len(INSIGHT_KINDS) + 5):  # Enter to every other question
        child.expect(QUESTION)
        child.sendline("")
    child.expect_exact("Saved your one-to-one with Maria Lopez")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    from onetoone.store.journal import open_journal
    from onetoone.store.paths import journal_path
    from tests.conftest import NOW

    with open_journal(journal_path(oto_home), now=NOW, write=False) as journal:
        (text,) = [row[0] for row in journal.rows("SELECT text FROM insight")]
    assert text.startswith("Rent went up twice this year\nHer neighbours left in March\nThey were")
    assert len(text) > 6_000


def test_a_yes_with_no_date_at_the_prompt_is_saved_with_a_reminder(oto, oto_home):
    child = start(oto)
    child.sendline("")
    for _ in range(len(INSIGHT_KINDS)):
        child.expect_exact(": ")
        child.sendline("")
    child.expect_exact("What did you ask of them? (Enter if no ask) ")
    child.sendline("Host a house meeting")
    child.expect_exact("Their answer: yes, no, maybe or later? (Enter if none yet) ")
    child.sendline("yes")
    child.expect_exact("By when? The date they committed to (Enter if none yet) ")
    child.sendline("")
    child.expect_exact("Kept as a yes without a date")
    for _ in range(5):
        child.expect(QUESTION)
        child.sendline("")
    child.expect_exact("No date yet: agree one with them Tue 24 Nov 2026, tomorrow (f1).")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
