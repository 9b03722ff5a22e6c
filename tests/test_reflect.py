"""oto reflect: flags and stdin through the CLI, what a reflection records, coaching notes,
and the guided prompts driven through the domain with a scripted `ask` (drafts, resume)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from onetoone.domain import drafts
from onetoone.domain.reflection import about, build, fields, interview, record
from onetoone.domain.reflection.fields import INSIGHT_KINDS, Pledge
from onetoone.domain.reflection.record import Scheduled
from tests.conftest import NOW, TODAY

SITUATION_4 = [
    "reflect", "Maria", "--at", "last sat", "--minutes", "40", "--listened", "70%",
    "--self-interest", "Rent keeps rising", "--self-interest", "Her son's school",
    "--story", "Grew up in a farmworker family; her father organized the packing shed",
    "--talent", "Cooks for fifty", "--common", "We both rent from Acme Properties",
    "--ask", "Host a house meeting by sat", "--answer", "yes",
    "--they-promise", "Bring the lease by fri", "--i-promise", "Send the tenant-law flyer by wed",
    "--referral", "Ana Reyes", "--referral", "dev patel",
    "--next-step", "Meet her sister", "--next", "+2w",
]


def rows(open_journal, sql, params=None):
    with open_journal(write=False) as j:
        return [dict(r) for r in j.rows(sql, params or {})]


def test_situation_4_a_full_reflection_by_flags(oto, open_journal):
    oto("add", "Maria Lopez")
    oto("add", "Dev Patel")
    ran = oto(*SITUATION_4)
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "Saved your one-to-one with Maria Lopez on Sat 21 Nov 2026, 2 days ago (m1).\n"
        "  40 minutes, you listened 70%.\n"
        "  Learned: 2 self-interests, a story, a talent, common ground.\n"
        "  Ask: Host a house meeting -> yes\n"
        "    Their commitment p1, due Sat 28 Nov 2026, in 5 days.\n"
        "  They committed p2: Bring the lease, due Fri 27 Nov 2026, in 4 days.\n"
        "  You promised p3: Send the tenant-law flyer, due Wed 25 Nov 2026, in 2 days.\n"
        "  Referral: added Ana Reyes as a new prospect; contact them Tue 24 Nov 2026, tomorrow (f1).\n"
        "  Referral: Dev Patel (already in your journal).\n"
        "  Next step: Meet her sister, Mon 7 Dec 2026, in 14 days (f2).\n"
        "  Thank them Sun 22 Nov 2026, yesterday (f3).\n"
        "  Stage: prospect -> committed.\n"
    )
    record = json.loads(oto("show", "Maria", "--json").stdout)
    assert record["stage"] == "committed"
    assert record["last_contact_on"] == "2026-11-21"
    assert record["insights"] == {
        "self-interest": ["Rent keeps rising", "Her son's school"],
        "story": ["Grew up in a farmworker family; her father organized the packing shed"],
        "talent": ["Cooks for fifty"],
        "common": ["We both rent from Acme Properties"],
    }
    assert record["referred"] == ["Ana Reyes", "Dev Patel"]
    assert [e["text"] for e in record["timeline"]] == [
        "one-to-one (m1), 40 min, listened 70%",
        "asked (a1): Host a house meeting -> yes",
        "They committed (p1): Host a house meeting, due 2026-11-28, open",
        "They committed (p2): Bring the lease, due 2026-11-27, open",
        "I promised (p3): Send the tenant-law flyer, due 2026-11-25, open",
    ]
    listed = {p["name"]: p for p in json.loads(oto("people", "--json").stdout)}
    assert listed["Ana Reyes"]["stage"] == "prospect"
    assert listed["Ana Reyes"]["next"] == {"date": "2026-11-24", "kind": "contact-referral", "what": "contact the referral"}
    assert listed["Maria Lopez"]["last_met"] == "2026-11-21"
    assert listed["Maria Lopez"]["next"] == {"date": "2026-11-22", "kind": "thank", "what": "thank-you"}
    assert listed["Dev Patel"]["stage"] == "prospect"  # a referral is not a meeting
    assert json.loads(oto("show", "Ana Reyes", "--json").stdout)["referred_by"] == "Maria Lopez"
    assert rows(open_journal, "SELECT kind, due, words FROM followup ORDER BY id") == [
        {"kind": "contact-referral", "due": date(2026, 11, 24), "words": None},
        {"kind": "next-step", "due": date(2026, 12, 7), "words": "Meet her sister"},
        {"kind": "thank", "due": date(2026, 11, 22), "words": None},
    ]
    meeting = rows(open_journal, "SELECT status, held_on, minutes, listened_pct, next_step FROM meeting")
    assert meeting == [{"status": "held", "held_on": date(2026, 11, 21), "minutes": 40, "listened_pct": 70, "next_step": "Meet her sister"}]


def test_situation_5_a_yes_is_their_commitment_and_moves_them_to_committed(oto, open_journal):
    oto("add", "Tom Baker", "--stage", "met")
    ran = oto("reflect", "Tom", "--self-interest", "Wants the park lit at night",
              "--ask", "Come to the council hearing by 2026-12-03", "--answer", "y")
    assert ran.exit_code == 0, ran.stderr
    assert "Their commitment p1, due Thu 3 Dec 2026, in 10 days." in ran.stdout
    assert "Stage: met -> committed." in ran.stdout
    (ask,) = rows(open_journal, "SELECT text, answer, promise_id, showed_up, revisit_on FROM ask")
    assert ask == {"text": "Come to the council hearing", "answer": "yes", "promise_id": 1, "showed_up": None, "revisit_on": None}
    (promise,) = rows(open_journal, "SELECT direction, text, due, first_due, status FROM promise")
    assert promise == {"direction": "theirs", "text": "Come to the council hearing", "due": date(2026, 12, 3),
                       "first_due": date(2026, 12, 3), "status": "open"}


def test_a_yes_without_a_date_is_saved_with_a_reminder_to_agree_one(oto, open_journal):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria", "--ask", "Host a house meeting", "--answer", "yes")
    assert ran.exit_code == 0, ran.stderr
    assert "Ask: Host a house meeting -> yes" in ran.stdout
    assert "No date yet: agree one with them Tue 24 Nov 2026, tomorrow (f1)." in ran.stdout
    assert "A yes without a date is a weaker commitment" in ran.stdout
    assert "Stage: prospect -> committed." in ran.stdout
    (ask,) = rows(open_journal, "SELECT text, answer, promise_id FROM ask")
    assert ask == {"text": "Host a house meeting", "answer": "yes", "promise_id": None}
    assert rows(open_journal, "SELECT count(*) AS n FROM promise")[0]["n"] == 0
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert {"id": "f1", "kind": "agree-date", "person": "Maria Lopez", "due": "2026-11-24", "overdue": False,
            "text": "Agree a date with them for: Host a house meeting"} in items


def test_a_field_of_100000_characters_is_saved(oto, open_journal):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria", "--self-interest", "r" * 100_000, "--note", "n" * 100_000, "--ask", "a" * 6_000)
    assert ran.exit_code == 0, ran.stderr
    assert [len(r["text"]) for r in rows(open_journal, "SELECT text FROM insight")] == [100_000]


def test_a_yes_with_a_date_in_the_ask_is_still_their_commitment(oto, open_journal):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria", "--ask", "Drop by the office by fri", "--answer", "yes")
    assert ran.exit_code == 0, ran.stderr
    assert "Their commitment p1, due Fri 27 Nov 2026, in 4 days." in ran.stdout
    assert "agree" not in ran.stdout.lower()
    assert rows(open_journal, "SELECT text FROM promise")[0]["text"] == "Drop by the office"


@pytest.mark.parametrize("args, message", [
    (["--listened", "150"], "The listening share must be a whole number from 0 to 100; got '150'."),
    (["--minutes", "0"], "The minutes must be a whole number from 1 to 600; got '0'."),
    (["--ask", "Come", "--answer", "perhaps"], "The answer is yes, no, maybe or later; got 'perhaps'."),
    (["--answer", "no"], "The answer 'no' has no ask"),
    (["--at", "tomorrow"], "You can reflect only on a one-to-one already held; Tue 24 Nov 2026 is ahead."),
    (["--at", "someday"], "The day you met: Cannot read the date 'someday'."),
    (["--note", "   "], "The note is empty; type some text."),
    (["--i-promise", "Call her"], "Give the promise as TEXT by WHEN, like 'Send the flyer by fri'; got 'Call her'."),
    (["--i-promise", "Call her by last fri"], "The date of the promise (Fri 20 Nov 2026) is before the one-to-one (Mon 23 Nov 2026)."),
    (["--ask", "Come by sat", "--answer", "yes", "--revisit", "fri"], "A revisit date is for an answer of maybe or later"),
    (["--referral", "maria lopez"], "Maria Lopez cannot be their own referral"),
    (["--story", "x" * 120_000], "The story is 120,000 characters long; the limit is 100,000."),
])
def test_bad_input_is_one_line_exit_1_and_nothing_changes(oto, open_journal, args, message):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria", "--self-interest", "Rent", *args)
    assert ran.exit_code == 1
    assert ran.stderr.startswith("oto: " + message) and ran.stderr.count("\n") == 1, ran.stderr
    assert rows(open_journal, "SELECT count(*) AS n FROM meeting")[0]["n"] == 0
    assert rows(open_journal, "SELECT count(*) AS n FROM insight")[0]["n"] == 0


def test_unknown_person_and_missing_name_are_errors(oto):
    ran = oto("reflect", "Nobody", "--minutes", "30")
    assert (ran.exit_code, ran.stderr.startswith("oto: No one called 'Nobody'.")) == (1, True)
    ran = oto("reflect", "--minutes", "30")
    assert ran.exit_code == 1 and "Give the name: `oto reflect NAME ...`" in ran.stderr


def plan(scene, at: datetime, *, person_id: int = 1) -> int:
    """`oto prep NAME --at AT --place Library --ask "Host a house meeting"`, typed the day before:
    the meeting with its day-of confirmation and its reflect follow-up."""
    with scene() as s:
        return s.plan(person_id, at, place="Library", asks=["Host a house meeting"]).meeting


def test_reflecting_on_a_planned_meeting_marks_it_held_and_closes_its_follow_ups(oto, open_journal, scene):
    oto("add", "Maria Lopez")
    meeting_id = plan(scene, datetime(2026, 11, 21, 18, 0))
    ran = oto("reflect", "Maria", "--minutes", "50", "--value", "Faith")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.startswith(f"Saved your one-to-one with Maria Lopez on Sat 21 Nov 2026, 2 days ago (m{meeting_id}, the one you planned).\n")
    assert rows(open_journal, "SELECT id, status, held_on, place, minutes FROM meeting") == [
        {"id": meeting_id, "status": "held", "held_on": date(2026, 11, 21), "place": "Library", "minutes": 50}
    ]
    assert rows(open_journal, "SELECT kind, status, done_on FROM followup WHERE kind != 'thank' ORDER BY id") == [
        {"kind": "confirm", "status": "done", "done_on": date(2026, 11, 23)},
        {"kind": "reflect", "status": "done", "done_on": date(2026, 11, 23)},
    ]


def test_a_planned_meeting_tomorrow_is_the_one_met_early_but_its_day_is_not_the_default(open_journal, oto, scene):
    oto("add", "Maria Lopez")
    meeting_id = plan(scene, datetime(2026, 11, 24, 10, 0))
    with open_journal(write=False) as j:
        ctx = about.prepare(j, "maria", today=TODAY)
    assert (ctx.planned.id, ctx.default_day) == (meeting_id, TODAY)
    assert about.about(ctx) == [
        "Your one-to-one with Maria Lopez, planned Tue 24 Nov 2026 10:00 at Library.",
        "Asks you planned: Host a house meeting.",
    ]


def test_a_maybe_gets_a_revisit_and_gentle_notes_for_next_time(oto, open_journal):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria", "--listened", "50", "--ask", "Join the tenants' committee", "--answer", "maybe")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.endswith(
        "  Ask: Join the tenants' committee -> maybe\n"
        "    Revisit it Mon 7 Dec 2026, in 14 days (f1).\n"
        "  Thank them Tue 24 Nov 2026, tomorrow (f2).\n"
        "  Stage: prospect -> met.\n"
        "\n"
        "For next time\n"
        "  You listened about 50% of the time. Around two thirds leaves more room for their story.\n"
        "  No next step yet. A date to meet again or an introduction keeps the relationship going "
        "(`oto prep \"Maria Lopez\" --at WHEN`).\n"
        "  The ask came before you had learned what they care about. Their self-interest is the best guide to an ask.\n"
    )
    assert rows(open_journal, "SELECT kind, due, ask_id FROM followup WHERE kind = 'revisit'") == [
        {"kind": "revisit", "due": date(2026, 12, 7), "ask_id": 1}
    ]
    ran = oto("reflect", "Maria", "--value", "Faith", "--ask", "Come on sat", "--answer", "later", "--revisit", "+1m", "--next", "+1m")
    assert "Revisit it Wed 23 Dec 2026, in 30 days (f3)." in ran.stdout
    assert "For next time" not in ran.stdout  # something learned first, and a next step set


def test_coaching_notes():
    def notes(known_before=0, do_not_contact=False, **given):
        r = build.Reflection(person_id=1, held_on=TODAY, **given)
        return record.coaching(r, known_before=known_before, do_not_contact=do_not_contact)

    assert notes() == ["no-ask", "no-next-step"]
    assert notes(do_not_contact=True) == ["no-ask"]
    assert notes(ask="Come", next_on=TODAY) == ["ask-before-knowing"]
    assert notes(ask="Come", next_step="Coffee", known_before=2, listened_pct=66) == ["listening"]
    assert notes(ask="Come", next_step="Coffee", insights=[("value", "Faith")], listened_pct=67) == []


def test_the_template_on_stdin_is_a_reflection(oto, open_journal):
    oto("add", "María López")
    notes = "self-interest: Rent keeps rising\nanswer: no\nask: Host a meeting\n"
    ran = oto("reflect", "maria", input=notes)
    assert ran.exit_code == 0, ran.stderr
    assert "Ask: Host a meeting -> no" in ran.stdout
    ran = oto("reflect", "maria", input="")
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: Nothing to save: stdin held no reflection.")
    ran = oto("reflect", "maria", input="# only a comment\nname: María López\n")
    assert ran.exit_code == 1
    oto("add", "Dev Patel")
    ran = oto("reflect", "dev", input="name: Maria\nminutes: 20\n")
    assert ran.exit_code == 1 and "names 'Maria' but the command names 'dev'" in ran.stderr
    ran = oto("reflect", input="name: Dev\nminutes: 20\nbogus: 1\n")
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: Line 3 of the reflection: unknown key 'bogus'.")
    assert rows(open_journal, "SELECT count(*) AS n FROM meeting")[0]["n"] == 1


# -- The guided prompts ------------------------------------------------------------------------

# Answers for Maria (found by name before the questions), each where its question comes.
SCRIPT = [
    "someday", "tomorrow", "last sat",                  # when: unreadable, then ahead, then Sat 21 Nov
    "45", "about half", "70%",                          # minutes; listening share, asked again
    "Rent keeps rising", "Her son's school", "",        # self-interest
    "Grew up in a farmworker family", "",               # story
    "",                                                 # value
    "Cooks for fifty", "",                              # talent
    "", "",                                             # network, concern
    "Don't raise her immigration status", "",           # boundary
    "We both rent from Acme", "",                       # common ground
    "Host a house meeting",                             # the ask
    "perhaps", "yes", "sat",                            # answer: unreadable, then yes by Sat 28 Nov
    "Bring the lease", "fri", "",                       # their promises
    "Send the flyer", "", "wed", "",                    # mine: a date is needed, asked again
    "Ana Reyes", "Dev Patel", "",                       # referrals
    "Meet her sister", "+2w",                           # next step
    "",                                                 # note
]


class Scripted:
    """A fake terminal: answers questions from a list; EOFError where the list says so."""

    def __init__(self, answers):
        self.answers, self.questions, self.said = list(answers), [], []

    def ask(self, question: str) -> str:
        self.questions.append(question)
        answer = self.answers.pop(0)
        if answer is EOFError:
            raise EOFError
        return answer


def run(draft, ctx, answers, keep):
    fake = Scripted(answers)
    interview.interview(draft, ctx=ctx, ask=fake.ask, say=fake.said.append, keep=keep,
                      lookup=lambda typed: pytest.fail("no lookup expected"), today=TODAY, now=NOW)
    assert fake.answers == []
    return fake


@pytest.fixture
def maria(oto, open_journal):
    oto("add", "Maria Lopez")
    with open_journal(write=False) as j:
        return about.prepare(j, "Maria", today=TODAY)


def new_draft():
    return drafts.Draft(started_at="2026-11-23 09:00:00", person_id=1, person_name="Maria Lopez")


def test_the_prompts_ask_again_what_cannot_be_read_and_print_dates_back(maria):
    draft = new_draft()
    fake = run(draft, maria, SCRIPT, keep=lambda d: None)
    assert draft.fields == {
        "at": ["2026-11-21"], "minutes": ["45"], "listened": ["70"],
        "self-interest": ["Rent keeps rising", "Her son's school"], "story": ["Grew up in a farmworker family"],
        "talent": ["Cooks for fifty"], "boundary": ["Don't raise her immigration status"],
        "common": ["We both rent from Acme"], "ask": [Pledge("Host a house meeting", date(2026, 11, 28))], "answer": ["yes"],
        "they-promise": [Pledge("Bring the lease", date(2026, 11, 27))], "i-promise": [Pledge("Send the flyer", date(2026, 11, 25))],
        "referral": ["Ana Reyes", "Dev Patel"], "next-step": ["Meet her sister"], "next": ["2026-12-07"],
    }
    assert fake.questions[:3] == ["When did you meet? [Mon 23 Nov 2026] "] * 3
    assert "The day you met: Cannot read the date 'someday'." in fake.said[2]
    assert "  = Sat 21 Nov 2026 (2 days ago)" in fake.said
    assert "  = Sat 28 Nov 2026 (in 5 days)" in fake.said
    assert "  = Mon 7 Dec 2026 (in 14 days)" in fake.said
    assert "The listening share must be a whole number from 0 to 100; got 'about half'." in fake.said
    assert "The answer is yes, no, maybe or later; got 'perhaps'." in fake.said
    assert "A promise needs a date, like fri or +1w; or type - to drop it." in fake.said


def test_a_yes_with_no_date_at_the_prompt_is_kept_without_one(maria):
    draft = new_draft()
    answers = ["", "", ""] + [""] * len(INSIGHT_KINDS) + ["Host a house meeting", "yes", ""] + [""] * 5
    fake = run(draft, maria, answers, keep=lambda d: None)
    assert "By when? The date they committed to (Enter if none yet) " in fake.questions
    assert "  Kept as a yes without a date; oto will remind you to agree one with them." in fake.said
    assert draft.fields["ask"] == ["Host a house meeting"] and draft.fields["answer"] == ["yes"]
    reflection = build.build(draft.fields, maria, today=TODAY, now=NOW)
    assert (reflection.ask, reflection.answer, reflection.committed_on) == ("Host a house meeting", "yes", None)


def test_a_long_paste_is_accepted_and_text_past_the_limit_stays_in_the_draft(maria):
    from onetoone.domain.reflection import session
    from onetoone.errors import BadInput

    long, too_long = "rent " * 1_200, "x" * 100_001  # 6,000 characters; one past the limit
    kept = []
    answers = ["", "", "", long.strip(), too_long, ""] + [""] * (len(INSIGHT_KINDS) - 1) + [""] * 6
    draft = new_draft()
    with pytest.raises(BadInput, match="too long to save, so nothing was saved yet; it is all kept in the draft"):
        run(draft, maria, answers, keep=lambda d: kept.append(drafts.dumps(d)))
    assert draft.fields["self-interest"] == [long.strip()]
    assert drafts.loads(kept[-1]).refused == {"self-interest": [too_long]}
    assert session.in_editor(draft, edit=False, on_terminal=True)
    offered = session.editor_fields(draft)
    assert offered["self-interest"] == [long.strip(), too_long] and draft.refused == {}


def test_the_planned_place_and_ask_are_offered_at_their_questions(oto, open_journal):
    oto("add", "Maria Lopez")
    ran = oto("prep", "Maria", "--at", "2026-11-23 08:00", "--place", "Cafe Luna", "--ask", "Join the parents' group",
              env={"OTO_NOW": "2026-11-22 09:00"})  # booked the day before
    assert ran.exit_code == 0, ran.stderr
    with open_journal(write=False) as j:
        ctx = about.prepare(j, "Maria", today=TODAY)
    draft = new_draft()
    answers = ["", "", "", ""] + [""] * len(INSIGHT_KINDS) + ["", "maybe", ""] + [""] * 5
    fake = run(draft, ctx, answers, keep=lambda d: None)
    assert "Where did you meet? [Cafe Luna] (Enter for it, - for none) " in fake.questions
    assert "What did you ask of them? [Join the parents' group] (Enter for it, - for none) " in fake.questions
    assert draft.fields["place"] == ["Cafe Luna"] and draft.fields["ask"] == ["Join the parents' group"]
    draft = new_draft()
    run(draft, ctx, ["", "", "-", ""] + [""] * len(INSIGHT_KINDS) + ["-"] + [""] * 5, keep=lambda d: None)
    assert "ask" not in draft.fields and "place" not in draft.fields


def test_a_draft_interrupted_anywhere_resumes_to_the_same_reflection(maria):
    whole = new_draft()
    run(whole, maria, SCRIPT, keep=lambda d: None)
    expected = build.build(whole.fields, maria, today=TODAY, now=NOW)
    assert expected.committed_on == date(2026, 11, 28) and len(expected.insights) == 6
    for cut in range(len(SCRIPT)):
        disk = {}
        draft = new_draft()
        with pytest.raises(EOFError):
            run(draft, maria, SCRIPT[:cut] + [EOFError], keep=lambda d: disk.update(json=drafts.dumps(d)))
        resumed = drafts.loads(disk["json"]) if disk else new_draft()
        run(resumed, maria, SCRIPT[cut:], keep=lambda d: None)
        assert resumed.fields == whole.fields, cut


def test_ctrl_d_keeps_the_draft_on_disk_and_resume_finishes_it(maria, oto_home, open_journal, oto):
    from onetoone.store.paths import drafts_dir

    folder = drafts_dir(oto_home)
    cut = SCRIPT.index("Bring the lease") + 1
    with pytest.raises(EOFError):
        run(new_draft(), maria, SCRIPT[:cut] + [EOFError], keep=lambda d: drafts.save(folder, d))
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(drafts.draft_path(folder, 1).stat().st_mode & 0o777) == "0o600"
    draft = drafts.load(folder, 1)
    assert draft.pending == {"they-promise": "Bring the lease"}
    ran = oto("reflect", "--resume")
    assert ran.exit_code == 1 and "Resuming by questions needs a terminal" in ran.stderr
    run(draft, maria, SCRIPT[cut:], keep=lambda d: drafts.save(folder, d))
    with open_journal() as j:
        saved = record.record(j, build.build(draft.fields, maria, today=TODAY, now=NOW), today=TODAY, now=NOW)
    assert (saved.commitment, saved.stage) == (Scheduled(1, date(2026, 11, 28)), record.StageChange("prospect", "committed"))
    assert [(p.direction, p.text) for p in saved.promises] == [("theirs", "Bring the lease"), ("mine", "Send the flyer")]
    assert saved.notes == []


def test_who_is_asked_again_until_someone_is_found(oto, open_journal):
    oto("add", "Maria Lopez")
    oto("add", "Maria Chen")

    def lookup(typed):
        with open_journal(write=False) as j:
            return about.prepare(j, typed, today=TODAY)

    fake = Scripted(["", "maria", "maria c", *[""] * 17])  # then Enter to every question
    draft = drafts.Draft(started_at="2026-11-23 09:00:00")
    interview.interview(draft, ctx=None, ask=fake.ask, say=fake.said.append, keep=lambda d: None, lookup=lookup, today=TODAY, now=NOW)
    assert (draft.person_id, draft.person_name) == (2, "Maria Chen")
    assert fake.said[0] == "Type their name, an alias or the start of the name."
    assert fake.said[1].startswith("'maria' could be ") and "'Maria Chen' (prospect)" in fake.said[1]
    assert fake.answers == []
    assert draft.fields == {"at": ["2026-11-23"]} and not draft.has_content()


def test_a_waiting_draft_blocks_a_new_one_about_them_until_resumed_or_discarded(oto, oto_home):
    from onetoone.store.paths import drafts_dir

    oto("add", "Maria Lopez")
    oto("add", "Dev Patel")
    folder = drafts_dir(oto_home)
    drafts.save(folder, drafts.Draft(started_at="2026-11-22 20:15:00", person_id=1, person_name="Maria Lopez", fields={"minutes": ["30"]}))
    ran = oto("reflect", "Maria", "--edit")
    assert ran.exit_code == 1
    assert ran.stderr == (
        "oto: A reflection on Maria Lopez is waiting as a draft (begun Sun 22 Nov 2026 20:15). "
        "Continue it with `oto reflect --resume \"Maria Lopez\"`, or drop it with `oto reflect --discard \"Maria Lopez\"`.\n"
    )
    assert oto("reflect", "Maria", "--minutes", "20").exit_code == 0  # flags save in one step, no draft needed
    assert drafts.load(folder, 1) is not None
    ran = oto("reflect", "--discard", "Dev")
    assert (ran.exit_code, ran.stderr) == (0, "No reflection on Dev is waiting as a draft; nothing to drop.\n")
    assert oto("reflect", "--discard", "Maria", "--minutes", "3").exit_code == 1
    ran = oto("reflect", "--discard")
    assert (ran.exit_code, ran.stderr) == (0, "Dropped the draft reflection on Maria Lopez.\n")
    assert oto("reflect", "--discard").stderr == "No reflection is waiting as a draft; nothing to drop.\n"
    ran = oto("reflect", "--resume")
    assert ran.exit_code == 1 and "No reflection is waiting as a draft." in ran.stderr


def test_drafts_about_two_people_are_listed_resumed_and_dropped_by_name(oto, oto_home, monkeypatch):
    from onetoone.store.paths import drafts_dir

    oto("add", "Maria Lopez")
    oto("add", "Dev Patel")
    folder = drafts_dir(oto_home)
    drafts.save(folder, drafts.Draft(started_at="2026-11-22 20:15:00", mode="editor", person_id=1, person_name="Maria Lopez",
                                     fields={"minutes": ["30"]}))
    drafts.save(folder, drafts.Draft(started_at="2026-11-23 08:00:00", mode="editor", person_id=2, person_name="Dev Patel",
                                     fields={"minutes": ["45"]}))
    ran = oto("reflect", "--resume")
    assert ran.exit_code == 0
    assert ran.stderr == (
        "2 reflections are waiting as drafts: on Maria Lopez (begun Sun 22 Nov 2026 20:15), on Dev Patel "
        "(begun Mon 23 Nov 2026 08:00). Continue one with `oto reflect --resume NAME`.\n"
    )
    ran = oto("reflect", "--discard")
    assert ran.exit_code == 1 and "Drop one with `oto reflect --discard NAME`." in ran.stderr
    monkeypatch.setenv("EDITOR", "true")  # the editor leaves the template as it was: the draft's fields
    ran = oto("reflect", "--resume", "Dev")
    assert ran.exit_code == 0, ran.stderr
    assert "Saved your one-to-one with Dev Patel" in ran.stdout and "45 minutes" in ran.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["reflection-1.json"]
    ran = oto("reflect", "Dev", "--edit")  # Dev's draft is gone: a new one may start (and is saved as it comes back)
    assert "is waiting as a draft" not in ran.stderr
    assert oto("reflect", "--discard", "Maria").stderr == "Dropped the draft reflection on Maria Lopez.\n"


def test_the_shared_kinds_and_answers_match_the_schema():
    from onetoone.store import models

    assert fields.INSIGHT_KINDS == models.INSIGHT_KINDS
    assert fields.ANSWERS == models.ANSWERS


def test_a_number_too_long_to_read_is_refused_in_one_line(oto):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria Lopez", "--minutes", "9" * 5000)
    assert ran.exit_code == 1
    assert ran.stderr.count("\n") == 1 and "whole number" in ran.stderr
