"""oto reflect --amend MEETING: a saved reflection reopened in the editor (a small fake editor set
as VISUAL, which applies the edits a test gives it) or changed by flags, replaced by what the
organizer wrote while what should survive (ids, kept promises) survives."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date

import pytest

from onetoone.domain import drafts

FAKE_EDITOR = r'''
import json, pathlib, sys

edits, path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
pathlib.Path(str(path) + ".seen").write_text(text, encoding="utf-8")  # what the editor was shown
for old, new in json.loads(edits.read_text(encoding="utf-8")):
    assert old in text, old
    text = text.replace(old, new, 1)
path.write_text(text, encoding="utf-8")
'''


@pytest.fixture
def editor(tmp_path):
    """`editor([(old, new), ...])`: a VISUAL value whose editor makes those replacements (none:
    it saves the text unchanged)."""
    script = tmp_path / "fake editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    count = iter(range(1000))

    def make(edits=()):
        given = tmp_path / f"edits-{next(count)}.json"
        given.write_text(json.dumps(list(edits)), encoding="utf-8")
        return {"VISUAL": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(given))}"}

    return make


@pytest.fixture
def maria(oto):
    """Maria Lopez met yesterday: a full reflection, then my promise to her kept."""
    oto("add", "Maria Lopez")
    oto("add", "Ana Reyes")
    ran = oto(
        "reflect", "Maria", "--at", "yesterday", "--minutes", "30", "--listened", "60",
        "--self-interest", "Rent keeps rising", "--story", "Grew up in Oaxaca",
        "--ask", "Host a house meeting", "--answer", "maybe",
        "--they-promise", "Bring the lease by fri", "--i-promise", "Send the flyer by wed",
        "--referral", "ana", "--referral", "Bob K", "--next-step", "Meet her sister", "--next", "+2w", "--note", "Tired",
    )
    assert ran.exit_code == 0, ran.stderr
    assert oto("kept", "p2").exit_code == 0


def rows(open_journal, sql):
    """The rows as tuples, dates as ISO text."""
    with open_journal(write=False) as j:
        return [tuple(v.isoformat() if isinstance(v, date) else v for v in r) for r in j.rows(sql)]


def test_flags_change_only_the_fields_given(oto, maria, open_journal):
    before = rows(open_journal, "SELECT id, kind, text FROM insight ORDER BY id")
    ran = oto("reflect", "--amend", "m1", "--listened", "70", "--place", "Café Oaxaca")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "Amended your reflection on the one-to-one with Maria Lopez on Sun 22 Nov 2026, yesterday (m1).\n"
        "  Place: Café Oaxaca (was none).\n"
        "  You listened: 70% (was 60%).\n"
    )
    assert rows(open_journal, "SELECT minutes, listened_pct, place, note, next_step FROM meeting") == [
        (30, 70, "Café Oaxaca", "Tired", "Meet her sister")
    ]
    assert rows(open_journal, "SELECT id, kind, text FROM insight ORDER BY id") == before
    assert rows(open_journal, "SELECT id, status FROM promise ORDER BY id") == [(1, "open"), (2, "kept")]


def test_a_name_means_their_last_one_to_one_held_and_what_has_none_is_refused(oto, maria):
    ran = oto("reflect", "--amend", "maria", "--minutes", "35")
    assert ran.exit_code == 0 and "Minutes: 35 (was 30)." in ran.stdout
    oto("prep", "Ana", "--at", "fri 6pm")
    ran = oto("reflect", "--amend", "m2", "--minutes", "35")
    assert (ran.exit_code, ran.stderr) == (
        1, "oto: m2 is planned, not held, so it has no reflection to amend; write one with `oto reflect NAME`.\n"
    )
    ran = oto("reflect", "--amend", "ana", "--minutes", "35")
    assert ran.exit_code == 1 and "No one-to-one with Ana Reyes is recorded as held" in ran.stderr
    assert oto("reflect", "--amend", "m9", "--minutes", "35").exit_code == 1


def test_no_editor_and_no_flags_is_a_clear_error(oto, maria, folder):
    ran = oto("reflect", "--amend", "m1")
    assert (ran.exit_code, ran.stdout) == (1, "")
    assert ran.stderr == (
        "oto: Nothing to amend m1 with: give the fields to change as flags (oto reflect --amend m1 --listened 70), "
        "or set VISUAL or EDITOR to amend it in your editor.\n"
    )
    assert drafts.waiting(folder) == []


def test_the_editor_shows_what_was_saved_and_its_edit_replaces_it(oto, maria, editor, folder, open_journal):
    insights = dict((text, number) for number, text in rows(open_journal, "SELECT id, text FROM insight"))
    ran = oto("reflect", "--amend", "m1", env=editor([
        ("story: Grew up in Oaxaca\n", "story:\n"),  # removed
        ("talent:\n", "talent: Cooks for fifty\n"),  # added
        ("ask: Host a house meeting\nanswer: maybe\n", "ask: Host a house meeting by sat\nanswer: yes\n"),
        ("they-promise: Bring the lease by 2026-11-27\n", ""),  # an open commitment taken out
        ("i-promise: Send the flyer by 2026-11-25\n", "i-promise: Send the flyer by 2026-11-25\ni-promise: Call the council by +1w\n"),
        ("next: 2026-12-07\n", "next:\n"),  # the next step's date taken out: its follow-up closes
    ]))
    assert ran.exit_code == 0, ran.stderr
    seen = (folder / "reflection-1.txt.seen").read_text(encoding="utf-8")
    assert "# Amending your reflection on the one-to-one with Maria Lopez on Sun 22 Nov 2026 (m1).\n" in seen
    assert "# Already closed: p2 (Send the flyer) is kept.\n" in seen
    for line in ("name: Maria Lopez\n", "at: 2026-11-22\n", "minutes: 30\n", "listened: 60\n",
                 "self-interest: Rent keeps rising\n", "revisit: 2026-12-06\n", "referral: Ana Reyes\n",
                 "referral: Bob K\n", "next-step: Meet her sister\n", "note: Tired\n"):
        assert line in seen, line
    assert ran.stdout == (
        "Amended your reflection on the one-to-one with Maria Lopez on Sun 22 Nov 2026, yesterday (m1).\n"
        "  Learned a talent (i3): Cooks for fifty\n"
        "  Removed a story (i2): Grew up in Oaxaca\n"
        "  Changed the answer to a1 (Host a house meeting, Maria Lopez) from maybe to yes. Recorded p3: their "
        "commitment, due Sat 28 Nov 2026 (in 5 days). The revisit is closed. Stage: met -> committed.\n"
        "  Added your promise p4: Call the council, due Mon 30 Nov 2026, in 7 days.\n"
        "  Removed their commitment p1: Bring the lease.\n"
        "  Next step removed: f3 is closed.\n"
    )
    assert rows(open_journal, "SELECT id, text FROM insight ORDER BY id") == [
        (insights["Rent keeps rising"], "Rent keeps rising"), (3, "Cooks for fifty")
    ]
    # kept stays kept, under its id; the yes is their commitment; the maybe's revisit is done
    assert rows(open_journal, "SELECT id, direction, text, due, status FROM promise ORDER BY id") == [
        (2, "mine", "Send the flyer", "2026-11-25", "kept"),
        (3, "theirs", "Host a house meeting", "2026-11-28", "open"),
        (4, "mine", "Call the council", "2026-11-30", "open"),
    ]
    assert rows(open_journal, "SELECT answer, promise_id FROM ask") == [("yes", 3)]
    assert rows(open_journal, "SELECT id, kind, status FROM followup WHERE kind IN ('revisit', 'next-step')") == [
        (1, "revisit", "done"), (3, "next-step", "done")
    ]
    assert not drafts.draft_path(folder, 1).exists() and not drafts.text_path(folder, 1).exists()


def test_an_unchanged_edit_changes_nothing_and_says_so(oto, maria, editor, folder, open_journal):
    tables = ("meeting", "insight", "promise", "ask", "followup", "person")
    before = {table: rows(open_journal, f"SELECT * FROM {table} ORDER BY 1") for table in tables}
    ran = oto("reflect", "--amend", "m1", env=editor([("# Anything else.\n", "")]))  # a comment changed only
    assert (ran.exit_code, ran.stdout) == (0, "")
    assert ran.stderr == "Nothing changed: the reflection on m1 is as it was.\n"
    assert {table: rows(open_journal, f"SELECT * FROM {table} ORDER BY 1") for table in tables} == before
    assert drafts.waiting(folder) == []


def test_refused_text_changes_nothing_and_resume_brings_the_amendment_back(oto, maria, editor, folder, open_journal):
    ran = oto("reflect", "--amend", "m1", env=editor([
        ("minutes: 30\n", "minutes: 45\n"), ("i-promise: Send the flyer by 2026-11-25\n", "i-promise: Send the flyer by fridya\n"),
    ]))
    assert (ran.exit_code, ran.stdout) == (1, "")
    assert ran.stderr == (
        "oto: The promise: Cannot read the date 'fridya' in 'Send the flyer by fridya' — did you mean 'friday'? "
        "Nothing was changed; your draft is kept: continue with `oto reflect --resume`.\n"
    )
    assert rows(open_journal, "SELECT minutes FROM meeting") == [(30,)]
    assert drafts.load(folder, 1).amends == 1
    assert "i-promise: Send the flyer by fridya\n" in drafts.text_path(folder, 1).read_text(encoding="utf-8")


def test_resume_finishes_a_refused_amendment(oto, maria, editor, folder, open_journal):
    oto("reflect", "--amend", "m1", env=editor([
        ("minutes: 30\n", "minutes: 45\n"), ("i-promise: Send the flyer by 2026-11-25\n", "i-promise: Send the flyer by fridya\n"),
    ]))
    ran = oto("reflect", "Maria", "--edit")  # one draft a person: the amendment waits
    assert ran.exit_code == 1 and "A reflection on Maria Lopez is waiting as a draft" in ran.stderr
    ran = oto("reflect", "--resume", env=editor([("by fridya", "by fri")]))
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "Amended your reflection on the one-to-one with Maria Lopez on Sun 22 Nov 2026, yesterday (m1).\n"
        "  Minutes: 45 (was 30).\n"
        "  Moved your promise p2 (Send the flyer) to Fri 27 Nov 2026, in 4 days (was Wed 25 Nov 2026).\n"
    )
    assert rows(open_journal, "SELECT id, due, status FROM promise WHERE id = 2") == [(2, "2026-11-27", "kept")]
    assert drafts.waiting(folder) == []


def test_referrals_go_through_the_resolver_and_an_ambiguous_one_keeps_the_draft(oto, maria, editor, folder, open_journal):
    oto("add", "Ana Chen")
    ran = oto("reflect", "--amend", "m1", env=editor([("referral: Bob K\n", "referral: ana\n")]))
    assert ran.exit_code == 1
    assert ran.stderr.startswith("oto: The referral 'ana' could be ") and "Nothing was changed; your draft is kept" in ran.stderr
    assert drafts.load(folder, 1).amends == 1
    ran = oto("reflect", "--resume", env=editor([("referral: ana\n", "referral: chen\nreferral: Dev Patel\n")]))
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.endswith(
        "  Referral: 'chen' is Ana Chen (already in your journal).\n"
        "  Referral: added Dev Patel as a new prospect; contact them Wed 25 Nov 2026, in 2 days (f5).\n"
        "  No longer their referral: Bob K (still in your journal; `oto forget` removes someone for good).\n"
    )
    assert rows(open_journal, "SELECT name FROM person WHERE referred_by_id = 1 ORDER BY id") == [
        ("Ana Reyes",), ("Ana Chen",), ("Dev Patel",)
    ]
    # Bob K stays, no longer anyone's referral, and his reminder to contact him is closed
    assert rows(open_journal, "SELECT p.referred_by_id, f.status FROM person p JOIN followup f ON f.person_id = p.id "
                              "WHERE p.name = 'Bob K'") == [(None, "done")]


def test_the_name_line_cannot_move_the_meeting_to_someone_else(oto, maria, editor, folder):
    ran = oto("reflect", "--amend", "m1", env=editor([("name: Maria Lopez\n", "name: Ana Reyes\n")]))
    assert ran.exit_code == 1
    assert ran.stderr.startswith("oto: m1 is your one-to-one with Maria Lopez, not 'Ana Reyes'")
    assert drafts.load(folder, 1).amends == 1


def test_a_maybe_changed_to_yes_by_flags_behaves_like_oto_answer(oto, maria, open_journal):
    ran = oto("reflect", "--amend", "m1", "--ask", "Host a house meeting by 2026-12-05", "--answer", "yes")
    assert ran.exit_code == 0, ran.stderr
    assert "from maybe to yes. Recorded p3: their commitment, due Sat 5 Dec 2026 (in 12 days). The revisit is closed." in ran.stdout
    assert rows(open_journal, "SELECT answer, revisit_on, promise_id FROM ask") == [("yes", None, 3)]
    assert rows(open_journal, "SELECT stage FROM person WHERE id = 1") == [("committed",)]
    # and back: the yes no longer one releases the commitment it made, a revisit comes back
    ran = oto("reflect", "--amend", "m1", "--answer", "later", "--revisit", "+3w")
    assert ran.exit_code == 0, ran.stderr
    assert rows(open_journal, "SELECT status FROM promise WHERE id = 3") == [("released",)]
    assert rows(open_journal, "SELECT answer, revisit_on FROM ask") == [("later", "2026-12-14")]


def test_a_kept_commitment_stays_when_its_line_is_removed(oto, maria, open_journal):
    oto("kept", "p1")
    ran = oto("reflect", "--amend", "m1", "--they-promise", "Bring two pay slips by fri")
    assert ran.exit_code == 0, ran.stderr
    assert "  Added their commitment p3: Bring two pay slips, due Fri 27 Nov 2026, in 4 days.\n" in ran.stdout
    assert "  Kept their commitment p1 (Bring the lease): it is kept already, so it stays in the ledger.\n" in ran.stdout
    assert rows(open_journal, "SELECT id, status FROM promise ORDER BY id") == [(1, "kept"), (2, "kept"), (3, "open")]


def test_a_new_day_moves_the_contact_and_the_thank_you_and_keeps_a_logged_call(oto, maria, open_journal):
    oto("log", "Maria", "--call", "Quick check-in", "--on", "2026-11-20")
    ran = oto("reflect", "--amend", "m1", "--at", "2026-11-19")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.splitlines()[1] == "  Held on Thu 19 Nov 2026, 4 days ago (was Sun 22 Nov 2026)."
    assert rows(open_journal, "SELECT held_on FROM meeting") == [("2026-11-19",)]
    assert rows(open_journal, "SELECT last_contact_on FROM person WHERE id = 1") == [("2026-11-20",)]  # the call, later
    assert rows(open_journal, "SELECT due FROM followup WHERE kind = 'thank'") == [("2026-11-20",)]
    ran = oto("reflect", "--amend", "m1", "--at", "2026-11-25")
    assert ran.exit_code == 1 and "is ahead" in ran.stderr


def test_an_amendment_is_one_step_that_oto_undo_reverses(oto, maria, open_journal):
    tables = ("meeting", "insight", "promise", "ask", "followup", "person")
    before = {table: rows(open_journal, f"SELECT * FROM {table} ORDER BY 1") for table in tables}
    ran = oto("reflect", "--amend", "m1", "--story", "Moved here in 2019", "--answer", "yes", "--they-promise", "Call her sister by sat")
    assert ran.exit_code == 0, ran.stderr
    assert oto("undo").exit_code == 0
    assert {table: rows(open_journal, f"SELECT * FROM {table} ORDER BY 1") for table in tables} == before
