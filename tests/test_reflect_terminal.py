"""oto reflect on a real terminal (a pty): Ctrl-C and a closed terminal keep the draft, and
`--resume` asks only what is left."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from onetoone.domain import drafts
from onetoone.domain.reflection.fields import INSIGHT_KINDS

pexpect = pytest.importorskip("pexpect")

QUESTION = r"(: |\? |\] |\) )$"


def spawn(*args: str):
    child = pexpect.spawn(sys.executable, ["-m", "onetoone", *args], env=dict(os.environ), encoding="utf-8", timeout=30)
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
