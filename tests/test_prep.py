"""Prep: the sheet before a one-to-one, planning and moving the meeting, questions, story snippets."""

import json
from datetime import date, datetime

import pytest

from onetoone.domain import people, questions
from onetoone.domain import prep as prepare
from tests.conftest import NOW, TODAY


def open_followups(open_journal, person: str) -> list[tuple[str, str]]:
    with open_journal(write=False) as j:
        ref = people.resolve(j, person)
        rows = j.rows(
            "SELECT kind, due FROM followup WHERE person_id = :person AND status = 'open' ORDER BY due, kind", {"person": ref.id},
        )
    return [(r["kind"], r["due"]) for r in rows]


def planned_meetings(open_journal) -> list[tuple]:
    with open_journal(write=False) as j:
        return [tuple(r) for r in j.rows("SELECT person_id, planned_at, place, planned_minutes FROM meeting WHERE status = 'planned'")]


def second_meeting_history(scene, person: str) -> None:
    """Situation 2's past, as `oto reflect` recorded it that evening: a one-to-one two weeks ago
    that ended in a maybe, their commitment (overdue now) and my promise due today; the thank-you
    was done the next day."""
    with scene() as s:
        s.met(
            people.resolve(s.j, person).id, date(2026, 11, 9), minutes=40, listened=70,
            note="Rent went up 12%; the landlord ignores repair requests", next_step="Meet again",
            self_interest="A safe home for her two kids", story="Her family was evicted when she was ten",
            concern="Mould in the children's bedroom",
            ask="Host a house meeting", answer="maybe", revisit=TODAY,
            they_promise="Bring a copy of her lease by 2026-11-20", i_promise="Send her the city's repair rules by 2026-11-23",
        )


# -- the sheet, exactly ---------------------------------------------------------------------------


def test_situation_1_first_meeting_with_a_referral_warns_about_an_ask_planned_too_soon(oto):
    oto("add", "Dev Patel", "--stage", "leader")
    oto("add", "Rosa Diaz", "--referred-by", "dev", "--institution", "Lincoln Elementary", "--role", "parent",
        "--met-how", "Dev's block party")
    ran = oto("prep", "rosa", "--at", "wed 6pm", "--place", "Cafe Luna", "--ask", "Come to the Dec 3 housing meeting")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        "Planned a one-to-one with Rosa Diaz: Wed 25 Nov 2026 18:00 (in 2 days) at Cafe Luna, 45 min.\n"
        "Confirm it on Tue 24 Nov 2026 (the day before). "
        "Asks in mind: Come to the Dec 3 housing meeting. Reflect after it with: oto reflect \"Rosa Diaz\"\n"
    )
    assert ran.stdout == (
        "Rosa Diaz\n"
        "\n"
        "Who\n"
        "  Referred by  Dev Patel: mention how their name came up\n"
        "  How we met   Dev's block party\n"
        "  Institution  parent, Lincoln Elementary\n"
        "  Stage        prospect\n"
        "  Last met     not met yet\n"
        "  Planned      Wed 25 Nov 2026 18:00 (in 2 days) at Cafe Luna, 45 min\n"
        "\n"
        "What I know\n"
        "  Nothing yet. This first one-to-one is for listening.\n"
        "\n"
        "Promises\n"
        "  Nothing open either way.\n"
        "  Kept on time. Mine: nothing due yet. Theirs: nothing due yet.\n"
        "\n"
        "Last ask\n"
        "  No ask made yet.\n"
        "\n"
        "Questions to ask\n"
        "  - What brought you to this neighbourhood, and what keeps you here? (getting to know)\n"
        "  - What takes most of your energy these days? (self-interest)\n"
        "  - Where did you grow up, and what was it like back then? (stories)\n"
        "  - What makes you angry when you look at how things are around here? (values and anger)\n"
        "  - Who else should I sit down with? Whose name comes to mind? (closing)\n"
        "\n"
        "My story\n"
        "  No snippet saved yet. Add one: oto story \"TEXT\", or oto story < story.txt\n"
        "\n"
        "Asks that might fit\n"
        "  - Come to the Dec 3 housing meeting (planned)\n"
        "\n"
        "WARNING: an ask is planned, but nothing is known about Rosa Diaz yet. Relationship before task: "
        "listen first, and make the ask only if the conversation opens the way.\n"
    )
    again = oto("prep", "Rosa")
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout == ran.stdout


def test_situation_7_the_boundary_is_at_the_top_of_her_sheet_and_maria_alone_is_ambiguous(oto):
    oto("add", "Maria Lopez", "--institution", "Oak St Tenants")
    oto("add", "Maria Chen", "--role", "pastor", "--institution", "St Brigid's",
        "--boundary", "Don't raise her immigration status")
    sheet = oto("prep", "maria chen")
    assert sheet.exit_code == 0
    assert sheet.stdout.splitlines()[:3] == [
        "Maria Chen",
        "BOUNDARY: Don't raise her immigration status",
        "",
    ]
    assert sheet.stdout.startswith(
        "Maria Chen\n"
        "BOUNDARY: Don't raise her immigration status\n"
        "\n"
        "Who\n"
        "  Institution  pastor, St Brigid's\n"
        "  Stage        prospect\n"
        "  Last met     not met yet\n"
        "  Planned      nothing planned yet\n"
        "\n"
        "What I know\n"
        "  Nothing yet. This first one-to-one is for listening.\n"
    )
    assert "BOUNDARY" not in oto("prep", "maria lopez").stdout
    ambiguous = oto("prep", "Maria")
    assert ambiguous.exit_code == 1 and ambiguous.stdout == ""
    assert "'Maria Lopez' (Oak St Tenants; prospect)" in ambiguous.stderr
    assert "'Maria Chen' (pastor, St Brigid's; prospect)" in ambiguous.stderr


def test_situation_2_second_meeting_after_a_maybe_shows_both_promises_mine_first(oto, scene):
    oto("add", "Ana Reyes", "--institution", "Elm St Tenants", "--stage", "met", "--alias", "Anita")
    second_meeting_history(scene, "Ana Reyes")
    oto("story", "My grandmother ran the tenants' association in our building.")
    ran = oto("prep", "anita", "--at", "wed 5pm", "--ask", "Bring two neighbours to the Dec 3 meeting")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == (
        "Ana Reyes (Anita)\n"
        "\n"
        "Who\n"
        "  Institution  Elm St Tenants\n"
        "  Stage        met\n"
        "  Last met     Mon 9 Nov 2026, 14 days ago (1 one-to-one so far)\n"
        "  Planned      Wed 25 Nov 2026 17:00 (in 2 days), 45 min\n"
        "\n"
        "What I know\n"
        "  Self-interest  A safe home for her two kids\n"
        "  Stories        Her family was evicted when she was ten\n"
        "  Concerns       Mould in the children's bedroom\n"
        "\n"
        "Last meetings\n"
        "  Mon 9 Nov  40 min  listened 70%  Rent went up 12%; the landlord ignores repair requests; next: Meet...\n"
        "\n"
        "Promises\n"
        "  p2  I promised      Send her the city's repair rules  due today\n"
        "  p1  They committed  Bring a copy of her lease         due Fri 20 Nov, OVERDUE 3 days\n"
        "  Kept on time. Mine: nothing due yet. Theirs: 0 of 1 kept on time.\n"
        "\n"
        "Last ask\n"
        "  Host a house meeting: maybe (Mon 9 Nov), revisit today\n"
        "  After a yes: no yes yet.\n"
        "\n"
        "Questions to ask\n"
        "  - When did you last see something wrong and feel you had to speak up? (values and anger)\n"
        "  - Which groups, congregations, teams or unions are you part of? (talents and networks)\n"
        "  - What do you love about this community that you would want to protect? (vision)\n"
        "  - Which efforts around here have you watched from the sidelines, and what kept you there? (past involvement)\n"
        "  - Who else cares about this as much as you do? (closing)\n"
        "\n"
        "My story\n"
        "  s1  My grandmother ran the tenants' association in our building.\n"
        "\n"
        "Asks that might fit\n"
        "  - Bring two neighbours to the Dec 3 meeting (planned)\n"
        "  - Host a house meeting (maybe on Mon 9 Nov; revisit today)\n"
    )


def test_the_show_up_record_counts_what_became_of_each_yes(oto, scene):
    oto("add", "Tom Baker")
    with scene() as s:
        tom = people.resolve(s.j, "tom").id
        # Three yeses: they showed up to the first, not to the second; the third action is still ahead.
        showed, stayed_away, _ = (
            s.met(tom, asked_on, ask=f"Come to the action by {action.isoformat()}", answer="yes").commitment.id
            for asked_on, action in (
                (date(2026, 10, 1), date(2026, 10, 8)), (date(2026, 10, 15), date(2026, 10, 22)),
                (date(2026, 11, 2), date(2026, 11, 28)),
            )
        )
        s.kept(showed, on=date(2026, 10, 8))
        s.broken(stayed_away, on=date(2026, 10, 23))
    out = oto("prep", "tom").stdout
    assert "  Come to the action: yes (Mon 2 Nov), show-up not known yet\n" in out
    assert "  After a yes: showed up 1, did not 1, not yet known 1.\n" in out


def test_do_not_contact_shows_right_under_the_name(oto):
    oto("add", "Lee Wong", "--do-not-contact", "--boundary", "No calls at work")
    assert oto("prep", "lee").stdout.splitlines()[:3] == [
        "Lee Wong",
        "BOUNDARY: No calls at work",
        "DO NOT CONTACT: they asked not to be contacted. If that has changed: oto edit \"Lee Wong\" --contact-ok",
    ]


def test_a_long_record_is_capped_to_keep_one_screen(oto, scene):
    oto("add", "Ana Reyes")
    with scene() as s:
        s.reflect(people.resolve(s.j, "ana").id, TODAY, talent=[f"talent {n}" for n in range(1, 6)])
    out = oto("prep", "ana").stdout
    assert (
        "What I know\n"
        "  Talents  talent 5\n"
        "           talent 4\n"
        "           talent 3\n"
        "  ... and 2 more (oto show \"Ana Reyes\" has them all)\n"
    ) in out


def test_a_planned_meeting_whose_time_has_passed_asks_for_a_reflection(oto, open_journal):
    oto("add", "Rosa Diaz")
    assert oto("prep", "rosa", "--at", "sat 6pm", env={"OTO_NOW": "2026-11-20 09:00"}).exit_code == 0
    out = oto("prep", "rosa").stdout
    assert "  Planned   Sat 21 Nov 2026 18:00 (2 days ago), 45 min; not reflected yet: oto reflect \"Rosa Diaz\"\n" in out
    # Booking the next one leaves the past one waiting for its reflection, not moved away.
    booked = oto("prep", "rosa", "--at", "wed 6pm")
    assert booked.stderr.startswith("Planned a one-to-one with Rosa Diaz: Wed 25 Nov 2026 18:00")
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert [(i["kind"], i["due"]) for i in items if i["kind"] == "reflect"] == [("reflect", "2026-11-21")]


# -- planning and moving ----------------------------------------------------------------------------


def test_situation_6_booked_for_tomorrow_schedules_only_the_day_of_confirmation(oto, open_journal):
    oto("add", "Sam Okafor")
    ran = oto("prep", "sam", "--at", "tomorrow 10am", "--minutes", "30")
    assert ran.exit_code == 0
    assert ran.stderr == (
        "Planned a one-to-one with Sam Okafor: Tue 24 Nov 2026 10:00 (tomorrow), 30 min.\n"
        "Confirm it on Tue 24 Nov 2026 (the day itself). Reflect after it with: oto reflect \"Sam Okafor\"\n"
    )
    assert open_followups(open_journal, "sam") == [("confirm", date(2026, 11, 24)), ("reflect", date(2026, 11, 24))]
    assert planned_meetings(open_journal) == [(1, datetime(2026, 11, 24, 10, 0), None, 30)]


def test_later_the_same_day_needs_no_confirmation(oto, open_journal):
    """Booked this morning for this evening: it was just agreed, so nothing is due the moment it is booked."""
    oto("add", "Sam Okafor")
    ran = oto("prep", "sam", "--at", "6pm")
    assert ran.exit_code == 0
    assert "No confirmation to schedule: it was just agreed, for today." in ran.stderr
    assert open_followups(open_journal, "sam") == [("reflect", date(2026, 11, 23))]


@pytest.mark.parametrize(
    ("booked", "confirm"),
    [
        ("2026-11-20 09:00", date(2026, 11, 23)),  # five days ahead: two days before
        ("2026-11-22 20:00", date(2026, 11, 23)),  # under three days: still two days before
        ("2026-11-23 09:00", date(2026, 11, 24)),  # two days before is the day of booking: the day before
        ("2026-11-24 09:00", date(2026, 11, 25)),  # the day before is the day of booking: the day itself
        ("2026-11-25 09:00", None),                # the same day: none
    ],
)
def test_one_confirmation_a_meeting_on_the_first_fitting_day_after_booking(oto, open_journal, booked, confirm):
    oto("add", "Rosa Diaz")
    assert oto("prep", "rosa", "--at", "2026-11-25 18:00", env={"OTO_NOW": booked}).exit_code == 0
    expected = [("confirm", confirm)] if confirm else []
    assert open_followups(open_journal, "rosa") == expected + [("reflect", date(2026, 11, 25))]


def test_rescheduling_moves_the_meeting_and_replaces_its_confirmations(oto, open_journal):
    oto("add", "Rosa Diaz")
    oto("prep", "rosa", "--at", "wed 6pm", "--place", "Cafe Luna", "--ask", "Come on Dec 3")
    assert open_followups(open_journal, "rosa") == [("confirm", date(2026, 11, 24)), ("reflect", date(2026, 11, 25))]
    moved = oto("prep", "rosa", "--at", "next mon 10am")
    assert moved.exit_code == 0
    assert moved.stderr.splitlines()[0] == (
        "Moved the one-to-one with Rosa Diaz from Wed 25 Nov 2026 18:00 to Mon 30 Nov 2026 10:00 (in 7 days) at Cafe Luna, 45 min."
    )
    assert "Confirm it on Sat 28 Nov 2026 (2 days before)." in moved.stderr
    assert open_followups(open_journal, "rosa") == [("confirm", date(2026, 11, 28)), ("reflect", date(2026, 11, 30))]
    assert planned_meetings(open_journal) == [(1, datetime(2026, 11, 30, 10, 0), "Cafe Luna", 45)]
    assert "  - Come on Dec 3 (planned)\n" in moved.stdout  # asks not given are kept
    oto("prep", "rosa", "--at", "next mon 11am", "--ask", "Bring a neighbour")
    out = oto("prep", "rosa").stdout
    assert "Bring a neighbour (planned)" in out and "Come on Dec 3" not in out  # asks given replace them


@pytest.mark.parametrize(("setting", "confirm"), [("3", date(2026, 11, 27)), ("3, 1", date(2026, 11, 27)), ("2,0", date(2026, 11, 28))])
def test_confirm_days_follow_the_setting(oto, open_journal, scene, setting, confirm):
    """The setting says how many days before; a journal still holding the older "2,0" (two
    confirmations) gets one, two days before."""
    oto("add", "Rosa Diaz")
    with scene() as s:
        s.setting("confirm_days", setting)
    oto("prep", "rosa", "--at", "2026-11-30 10:00")
    assert open_followups(open_journal, "rosa") == [("confirm", confirm), ("reflect", date(2026, 11, 30))]


def test_do_not_contact_cannot_be_planned_and_says_how_to_clear_it(oto, open_journal):
    oto("add", "Lee Wong", "--do-not-contact")
    ran = oto("prep", "lee", "--at", "wed 6pm")
    assert ran.exit_code == 1
    assert ran.stderr == (
        "oto: Lee Wong asked not to be contacted, so no one-to-one can be planned. "
        "If that has changed, clear it first: oto edit \"Lee Wong\" --contact-ok\n"
    )
    assert planned_meetings(open_journal) == []
    oto("edit", "lee", "--contact-ok")
    assert oto("prep", "lee", "--at", "wed 6pm").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "yesterday 3pm"], "oto: Sun 22 Nov 2026 15:00 is in the past. To write up a meeting that already happened, use `oto reflect \"Rosa Diaz\"`.\n"),
        (["--at", "8am"], "oto: Mon 23 Nov 2026 08:00 is in the past. To write up a meeting that already happened, use `oto reflect \"Rosa Diaz\"`.\n"),
        (["--at", "wed"], "oto: 'wed' has no time of day. Add one, like 'wed 6pm'.\n"),
        (["--at", "wed 6pm", "--minutes", "4"], "oto: --minutes is the planned length in minutes, from 5 to 600; got 4.\n"),
        (["--at", "wed 6pm", "--minutes", "601"], "oto: --minutes is the planned length in minutes, from 5 to 600; got 601.\n"),
        (["--at", "wed 6pm", "--ask", "  "], "oto: The ask is empty; type some text.\n"),
        (["--place", "Cafe Luna"], "oto: --place, --minutes and --ask plan a meeting; add --at WHEN, like --at 'wed 6pm'.\n"),
    ],
)
def test_bad_plans_are_refused_and_change_nothing(oto, open_journal, args, message):
    oto("add", "Rosa Diaz")
    ran = oto("prep", "rosa", *args)
    assert (ran.exit_code, ran.stdout, ran.stderr) == (1, "", message)
    assert planned_meetings(open_journal) == []
    assert open_followups(open_journal, "rosa") == []


def test_unknown_name_is_an_error(oto):
    ran = oto("prep", "nobody")
    assert ran.exit_code == 1 and ran.stderr.startswith("oto: No one called 'nobody'.")


# -- questions --------------------------------------------------------------------------------------


def test_suggested_questions_follow_what_is_still_unknown(oto, open_journal, scene):
    def categories() -> list[str]:
        with open_journal(write=False) as j:
            sheet = prepare.sheet(j, people.resolve(j, "ana"), today=TODAY, now=NOW)
        return [q.category for q in sheet.questions]

    oto("add", "Ana Reyes")
    assert categories() == ["getting to know", "self-interest", "stories", "values and anger", "closing"]
    with scene() as s:
        s.reflect(people.resolve(s.j, "ana").id, TODAY, self_interest="something learned", story="something learned")
    # What is known is not asked about again, and after a first one-to-one "getting to know" is done.
    assert categories() == ["values and anger", "talents and networks", "vision", "past involvement", "closing"]


def test_questions_rotate_from_one_meeting_to_the_next():
    first = questions.suggest(set(), meetings_held=1)
    second = questions.suggest(set(), meetings_held=2)
    assert len(first) == len(second) == questions.SUGGESTED
    assert not {q.text for q in first} & {q.text for q in second}
    assert first[-1].category == second[-1].category == "closing"


def test_when_everything_is_known_the_questions_deepen():
    known = {"self-interest", "story", "value", "talent", "network", "concern", "common"}
    assert [q.category for q in questions.suggest(known, meetings_held=3)] == [
        "vision", "past involvement", "vision", "past involvement", "closing",
    ]


def test_the_bank_has_about_thirty_distinct_questions():
    texts = [text for category in questions.CATEGORIES for text in category.questions]
    assert 28 <= len(texts) <= 36 and len(set(texts)) == len(texts)
    assert any("who else" in text.lower() for text in questions.CLOSING.questions)


# -- story snippets -----------------------------------------------------------------------------------


def test_story_add_list_and_remove(oto):
    assert oto("story").stdout == "No story snippets yet. Add one: oto story \"TEXT\", or oto story < story.txt\n"
    saved = oto("story", "I grew up in a company town; the union hall was my second home.")
    assert (saved.exit_code, saved.stderr) == (0, "Saved your story as s1. Prep offers one snippet per meeting under 'My story'.\n")
    piped = oto("story", input="My mother cleaned offices at night.\nShe taught me to ask who decides.\n")
    assert piped.stderr.startswith("Saved your story as s2.")
    assert oto("story").stdout == (
        "  Id  Added  Story\n"
        "  s1  today  I grew up in a company town; the union hall was my second home.\n"
        "  s2  today  My mother cleaned offices at night. She taught me to ask who decides.\n"
    )
    assert oto("story", "--remove", "s1").stderr == "Removed story s1 (I grew up in a company town; the...).\n"
    assert oto("story").stdout.count("\n") == 2
    missing = oto("story", "--remove", "s1")
    assert (missing.exit_code, missing.stderr) == (1, "oto: There is no story s1. `oto story` lists your snippets with their ids.\n")
    assert oto("story", "--remove", "first").exit_code == 1


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_empty_or_huge_stories_are_refused(oto, text):
    ran = oto("story", text)
    assert ran.exit_code == 1 and ran.stderr.count("\n") == 1
    assert oto("story").stdout.startswith("No story snippets yet.")


def test_prep_offers_a_different_snippet_at_the_next_meeting(oto, open_journal, scene):
    oto("add", "Ana Reyes")
    for text in ("first snippet", "second snippet", "third snippet"):
        oto("story", text)
    with open_journal(write=False) as j:
        ana = people.resolve(j, "ana")
        before = prepare.sheet(j, ana, today=TODAY, now=NOW).story
    second_meeting_history(scene, "ana")
    with open_journal(write=False) as j:
        after = prepare.sheet(j, ana, today=TODAY, now=NOW)
    assert after.story != before and after.stories_total == 3
    assert "  (one of 3; `oto story` lists them all)\n" in oto("prep", "ana").stdout


def test_user_text_on_the_sheet_is_shown_literally(oto):
    oto("add", "Rosa [bold]Diaz[/]", "--boundary", "\x1b[31mno politics")
    out = oto("prep", "rosa").stdout
    assert out.splitlines()[:2] == ["Rosa [bold]Diaz[/]", "BOUNDARY: \ufffd[31mno politics"]
