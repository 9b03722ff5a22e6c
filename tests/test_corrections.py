"""Corrections (issue 9, part 2): several items at once, an earlier day, reopening, editing and
releasing promises, changing an answer, removing or moving an insight, merging two people.

Each journal is built through oto's own domain functions (`scene`) and corrected through the CLI;
every refusal is one line, exit 1, and leaves the journal as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import TODAY


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def snapshot(open_journal) -> dict:
    """Every row of the tables a correction may touch, to show that a refusal changed nothing."""
    with open_journal(write=False) as j:
        return {
            table: [tuple(row) for row in j.rows(f"SELECT * FROM {table} ORDER BY 1")]
            for table in ("person", "person_key", "tag", "meeting", "insight", "promise", "ask", "followup")
        }


def refused(ran, message: str) -> None:
    assert ran.exit_code == 1, ran.output
    assert ran.stdout == ""
    assert ran.stderr.count("\n") == 1 and message in ran.stderr, ran.stderr


def ledger(oto) -> dict[str, dict]:
    return {p["id"]: p for p in json.loads(oto("promises", "--all", "--json").stdout)}


# -- A. several items at once ---------------------------------------------------------------------


@pytest.fixture
def morning(scene):
    """Three people with a thank-you, a next step and promises both ways."""
    with scene() as s:
        maria, dev = s.person("Maria Lopez"), s.person("Dev Patel")
        saved = s.reflect(maria, days(-2), next_step="Walk the building", next=days(0))
        thank = s.reflect(dev, days(-1)).thank
        mine = s.promise(maria, "Send the hearing dates", days(0), today=days(-2))
        theirs = s.promise(dev, "Bring the lease", days(-1), "theirs", today=days(-2))
        other = s.promise(dev, "Call the pastor", days(2), today=days(-2))
    return {"thank": f"f{saved.thank.id}", "next": f"f{saved.next.id}", "dev_thank": f"f{thank.id}",
            "mine": f"p{mine}", "theirs": f"p{theirs}", "other": f"p{other}"}


def test_done_takes_several_items_in_one_go_one_line_each(oto, morning):
    ran = oto("done", morning["thank"], morning["next"], morning["mine"])
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr.splitlines() == [
        f"Marked {morning['thank']} (thank-you, Maria Lopez) done.",
        f"Marked {morning['next']} (next step, Maria Lopez) done.",
        f"Marked {morning['mine']} kept: Send the hearing dates (my promise to Maria Lopez, due Mon 23 Nov 2026, on time).",
    ]
    items = {item["id"] for item in json.loads(oto("due", "--json").stdout)["items"]}
    assert not items & {morning["thank"], morning["next"], morning["mine"]}
    assert morning["dev_thank"] in items


def test_kept_and_broken_take_several_promises(oto, morning):
    ran = oto("kept", morning["mine"], morning["other"])
    assert ran.exit_code == 0, ran.stderr
    assert len(ran.stderr.splitlines()) == 2
    assert oto("broken", morning["theirs"]).exit_code == 0
    states = {k: v["status"] for k, v in ledger(oto).items()}
    assert states == {morning["mine"]: "kept", morning["other"]: "kept", morning["theirs"]: "broken"}


def test_the_same_id_twice_counts_once(oto, morning):
    ran = oto("kept", morning["mine"], morning["mine"].upper())
    assert ran.exit_code == 0 and len(ran.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "command, bad, message",
    [
        ("done", "f99", "There is no follow-up f99."),
        ("done", "x9", "'x9' is not an item id."),
        ("kept", "p99", "There is no promise p99."),
        ("broken", "f1", "'f1' is a follow-up, not a promise."),
    ],
)
def test_one_unknown_id_refuses_the_whole_batch_and_says_which(oto, morning, open_journal, command, bad, message):
    good = [morning["mine"], morning["other"]] if command != "done" else [morning["thank"], morning["mine"]]
    before = snapshot(open_journal)
    refused(oto(command, good[0], bad, good[1]), message)
    assert snapshot(open_journal) == before


def test_an_item_already_done_in_a_batch_refuses_it_all(oto, morning, open_journal):
    oto("done", morning["thank"])
    before = snapshot(open_journal)
    ran = oto("done", morning["next"], morning["thank"])
    refused(ran, f"{morning['thank']} (thank-you, Maria Lopez) is already done on Mon 23 Nov 2026; nothing was changed.")
    assert snapshot(open_journal) == before


# -- B. an earlier day, and re-opening ------------------------------------------------------------


def test_kept_and_broken_on_an_earlier_day(oto, morning):
    ran = oto("kept", morning["mine"], "--on", "yesterday")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        f"Marked {morning['mine']} kept on Sun 22 Nov 2026: Send the hearing dates "
        "(my promise to Maria Lopez, due Mon 23 Nov 2026, on time).\n"
    )
    assert oto("broken", morning["theirs"], "--on", "2026-11-22").exit_code == 0
    closed = ledger(oto)
    assert (closed[morning["mine"]]["closed_on"], closed[morning["theirs"]]["closed_on"]) == ("2026-11-22", "2026-11-22")


def test_done_on_an_earlier_day(oto, morning, scene, open_journal):
    with scene() as s:
        ann = s.person("Ann Lee", today=days(-30), last_contact=days(-90))
    ran = oto("done", morning["thank"], f"r{ann}", "--on", "yesterday")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr.splitlines()[0] == f"Marked {morning['thank']} (thank-you, Maria Lopez) done on Sun 22 Nov 2026."
    assert ran.stderr.splitlines()[1].startswith("Recorded that you reconnected with Ann Lee on Sun 22 Nov 2026.")
    with open_journal(write=False) as j:
        assert j.value("SELECT done_on FROM followup WHERE id = :id", {"id": int(morning["thank"][1:])}) == days(-1)
        assert j.value("SELECT last_contact_on FROM person WHERE id = :id", {"id": ann}) == days(-1)


@pytest.mark.parametrize(
    "args, message",
    [
        (("kept", "{mine}", "--on", "tomorrow"), "Tue 24 Nov 2026 is still ahead; give today or an earlier day."),
        (("done", "{thank}", "--on", "+1d"), "Tue 24 Nov 2026 is still ahead"),
        (("broken", "{mine}", "--on", "last fri"), "p1 was only recorded on Sat 21 Nov 2026; give that day or a later one."),
        (("done", "{next}", "{thank}", "--on", "-3d"), "was only recorded on Sat 21 Nov 2026"),
        (("kept", "{mine}", "--on", "someday"), "Cannot read the date 'someday'"),
    ],
)
def test_a_day_ahead_or_before_the_item_was_recorded_is_refused(oto, morning, open_journal, args, message):
    before = snapshot(open_journal)
    refused(oto(*(a.format(**morning) for a in args)), message)
    assert snapshot(open_journal) == before


def test_reopen_a_promise_kept_by_mistake(oto, morning):
    oto("kept", morning["mine"], morning["other"])
    ran = oto("reopen", morning["mine"])
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == f"Reopened {morning['mine']}: Send the hearing dates (my promise to Maria Lopez), due Mon 23 Nov 2026 (today).\n"
    entry = ledger(oto)[morning["mine"]]
    assert (entry["status"], entry["closed_on"], entry["due"]) == ("open", None, "2026-11-23")
    assert ledger(oto)[morning["other"]]["status"] == "kept"


def test_reopen_a_renegotiated_promise_keeps_its_new_date(oto, morning):
    oto("renegotiate", morning["other"], "--by", "fri")
    oto("broken", morning["other"])
    assert oto("reopen", morning["other"]).exit_code == 0
    entry = ledger(oto)[morning["other"]]
    assert (entry["status"], entry["due"], entry["first_due"]) == ("renegotiated", "2026-11-27", "2026-11-25")


def test_reopen_a_yes_forgets_whether_they_showed_up(oto, scene, open_journal):
    with scene() as s:
        saved = s.reflect(s.person("Maria Lopez"), days(-3), ask="Host a house meeting by 2026-11-22", answer="yes")
    oto("broken", f"p{saved.commitment.id}")
    assert oto("reopen", f"p{saved.commitment.id}").exit_code == 0
    with open_journal(write=False) as j:
        assert j.value("SELECT showed_up FROM ask") is None
    assert f"p{saved.commitment.id}" in {i["id"] for i in json.loads(oto("due", "--json").stdout)["items"]}


def test_reopen_a_follow_up_puts_it_back_in_due(oto, morning):
    oto("done", morning["thank"])
    ran = oto("reopen", morning["thank"])
    assert ran.stderr == f"Reopened {morning['thank']} (thank-you, Maria Lopez), due Sun 22 Nov 2026 (yesterday).\n"
    assert morning["thank"] in {i["id"] for i in json.loads(oto("due", "--json").stdout)["items"]}


def test_reopen_a_reflection_marked_done_plans_its_meeting_again(oto, scene):
    with scene() as s:
        ann = s.person("Ann Lee")
        booked = s.plan(ann, datetime(2026, 11, 20, 18, 0))
    oto("done", f"f{booked.reflect}")
    assert json.loads(oto("show", "ann", "--json").stdout)["stage"] == "met"
    ran = oto("reopen", f"f{booked.reflect}")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr.endswith("The one-to-one of Fri 20 Nov 2026 is planned again, not held.\n")
    record = json.loads(oto("show", "ann", "--json").stdout)
    assert (record["stage"], record["last_contact_on"]) == ("prospect", None)
    assert f"f{booked.reflect}" in {i["id"] for i in json.loads(oto("due", "--json").stdout)["items"]}


def test_a_written_reflection_is_not_reopened_as_if_never_held(oto, scene, open_journal):
    with scene() as s:
        ann = s.person("Ann Lee")
        booked = s.plan(ann, datetime(2026, 11, 20, 18, 0))
        s.reflect(ann, date(2026, 11, 20), self_interest="Her kids' school")
    before = snapshot(open_journal)
    refused(oto("reopen", f"f{booked.reflect}"), "has its reflection written, so f2 stays done.")
    assert snapshot(open_journal) == before


@pytest.mark.parametrize(
    "typed, message",
    [("{mine}", "p1 is still open; there is nothing to reopen."), ("f99", "There is no follow-up f99."),
     ("r1", "r1 is a suggestion"), ("{thank}", "is still open; there is nothing to reopen.")],
)
def test_reopen_refuses_what_is_open_or_unknown(oto, morning, open_journal, typed, message):
    before = snapshot(open_journal)
    refused(oto("reopen", typed.format(**morning)), message)
    assert snapshot(open_journal) == before


# -- C. amend or release a promise ----------------------------------------------------------------


def test_amend_corrects_the_text_and_date_as_recorded(oto, morning):
    ran = oto("amend", morning["mine"], "--text", "Send the hearing dates and the form", "--by", "fri")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        f"Amended {morning['mine']}: Send the hearing dates and the form (my promise to Maria Lopez), "
        "due Fri 27 Nov 2026 (in 4 days).\n"
    )
    entry = ledger(oto)[morning["mine"]]
    assert (entry["text"], entry["due"], entry["first_due"], entry["status"]) == (
        "Send the hearing dates and the form", "2026-11-27", "2026-11-27", "open",
    )


def test_amend_a_renegotiated_date_keeps_the_first_one(oto, morning):
    oto("renegotiate", morning["other"], "--by", "fri")
    oto("amend", morning["other"], "--by", "sat")
    entry = ledger(oto)[morning["other"]]
    assert (entry["due"], entry["first_due"], entry["status"]) == ("2026-11-28", "2026-11-25", "renegotiated")


def test_amend_whose_promise_it_is(oto, morning):
    assert oto("amend", morning["mine"], "--theirs").stderr.startswith(f"Amended {morning['mine']}: Send the hearing dates (Maria Lopez's commitment)")
    assert ledger(oto)[morning["mine"]]["direction"] == "theirs"


def test_a_yes_stays_their_commitment(oto, scene, open_journal):
    with scene() as s:
        saved = s.reflect(s.person("Maria Lopez"), days(-3), ask="Host a house meeting by 2026-11-28", answer="yes")
    before = snapshot(open_journal)
    refused(oto("amend", f"p{saved.commitment.id}", "--mine"), "is Maria Lopez's yes to an ask, so it stays their commitment.")
    assert snapshot(open_journal) == before


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "Nothing to change."),
        (("--text", "   "), "The promise is empty"),
        (("--by", "last mon"), "p1 was recorded on Sat 21 Nov 2026; it cannot have been due before that."),
    ],
)
def test_amend_refuses_nothing_or_a_bad_value(oto, morning, open_journal, args, message):
    before = snapshot(open_journal)
    refused(oto("amend", morning["mine"], *args), message)
    assert snapshot(open_journal) == before
    refused(oto("amend", "p99", "--text", "x"), "There is no promise p99.")


def test_release_withdraws_a_promise_without_counting_it(oto, morning):
    ran = oto("release", morning["theirs"])
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == f"Released {morning['theirs']}: Bring the lease (Dev Patel's commitment); it counts neither for nor against anyone.\n"
    assert ledger(oto)[morning["theirs"]]["status"] == "released"
    assert "Their commitments: nothing due yet." in oto("promises", "dev").stdout
    assert morning["theirs"] not in {i["id"] for i in json.loads(oto("due", "--json").stdout)["items"]}
    refused(oto("release", morning["theirs"]), "is already released (on Mon 23 Nov 2026); nothing was changed.")
    assert oto("reopen", morning["theirs"]).exit_code == 0
    assert ledger(oto)[morning["theirs"]]["status"] == "open"


# -- D. changing an ask's answer later ------------------------------------------------------------


def open_items(oto) -> set[str]:
    return {item["id"] for item in json.loads(oto("due", "--json", "--days", "60").stdout)["items"]}


def test_a_maybe_that_became_a_yes_makes_the_commitment_and_closes_the_revisit(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        saved = s.reflect(maria, days(-7), ask="Host a house meeting", answer="maybe", revisit=days(0))
    assert "asked (a1): Host a house meeting -> maybe" in oto("show", "maria").stdout
    ran = oto("answer", "maria", "yes", "--by", "sat")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        "Changed the answer to a1 (Host a house meeting, Maria Lopez) from maybe to yes. "
        "Recorded p1: their commitment, due Sat 28 Nov 2026 (in 5 days). The revisit is closed. Stage: met -> committed.\n"
    )
    assert f"f{saved.revisit.id}" not in open_items(oto)
    entry = ledger(oto)["p1"]
    assert (entry["direction"], entry["text"], entry["due"], entry["status"]) == ("theirs", "Host a house meeting", "2026-11-28", "open")
    oto("kept", "p1", "--on", "today")
    assert "asked (a1): Host a house meeting -> yes, showed up" in oto("show", "maria").stdout


def test_a_yes_that_became_a_no_releases_the_commitment(oto, scene):
    with scene() as s:
        saved = s.reflect(s.person("Maria Lopez"), days(-3), ask="Host a house meeting by 2026-11-28", answer="yes")
    ran = oto("answer", "a1", "no")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        f"Changed the answer to a1 (Host a house meeting, Maria Lopez) from yes to no. Released p{saved.commitment.id}, their commitment.\n"
    )
    assert ledger(oto)[f"p{saved.commitment.id}"]["status"] == "released"
    assert "Their commitments: nothing due yet." in oto("promises", "maria").stdout


def test_a_yes_that_became_a_later_gets_a_revisit(oto, scene):
    with scene() as s:
        s.reflect(s.person("Maria Lopez"), days(-3), ask="Host a house meeting by 2026-11-28", answer="yes")
    ran = oto("answer", "a1", "later", "--by", "2026-12-10")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr.endswith("Revisit Thu 10 Dec 2026 (in 17 days, f2).\n")
    assert "f2" in open_items(oto)
    assert oto("answer", "a1", "maybe").stderr.endswith("The revisit is closed. Revisit Mon 7 Dec 2026 (in 14 days, f3).\n")
    assert open_items(oto) & {"f2", "f3"} == {"f3"}


@pytest.mark.parametrize(
    "args, message",
    [
        (("a1", "yes"), "A yes needs the date they committed to: add --by"),
        (("a1", "maybe"), "a1 is already 'maybe'; nothing was changed."),
        (("a1", "perhaps"), "Unknown answer 'perhaps'. Use one of: yes, no, maybe, later."),
        (("a1", "no", "--by", "fri"), "a no takes none."),
        (("a1", "later", "--by", "yesterday"), "has passed; give today or a later day."),
        (("a1", "yes", "--by", "-10d"), "a1 was asked on Mon 16 Nov 2026; the date cannot be before that."),
        (("a9", "yes", "--by", "fri"), "There is no ask a9."),
        (("dev", "yes", "--by", "fri"), "No ask of Dev Patel is recorded"),
    ],
)
def test_a_bad_answer_change_is_refused(oto, scene, open_journal, args, message):
    with scene() as s:
        s.person("Dev Patel")
        s.reflect(s.person("Maria Lopez"), days(-7), ask="Host a house meeting", answer="maybe")
    before = snapshot(open_journal)
    refused(oto("answer", *args), message)
    assert snapshot(open_journal) == before


def test_a_kept_yes_is_not_changed_behind_its_record(oto, scene, open_journal):
    with scene() as s:
        saved = s.reflect(s.person("Maria Lopez"), days(-3), ask="Host a house meeting by 2026-11-22", answer="yes")
        s.kept(saved.commitment.id, on=days(-1))
    before = snapshot(open_journal)
    refused(oto("answer", "maria", "no"), f"Their yes, p{saved.commitment.id}, is already kept; reopen it first")
    assert snapshot(open_journal) == before


# -- E. one insight removed or moved, a boundary removed --------------------------------------------


@pytest.fixture
def learned(scene):
    with scene() as s:
        maria, chen = s.person("Maria Lopez"), s.person("Maria Chen", boundaries=["Don't raise her immigration status"])
        s.reflect(maria, days(-2), self_interest=["Rent keeps rising", "Her son's school"], talent="Cooks for fifty")
    return maria, chen


def test_show_prints_each_insight_with_its_id(oto, learned):
    shown = oto("show", "maria lopez").stdout
    assert "  Self-interest: Rent keeps rising (i2)\n  Self-interest: Her son's school (i3)\n  Talents: Cooks for fifty (i4)\n" in shown
    assert "Boundary: Don't raise her immigration status (i1)" in oto("show", "chen").stdout
    assert json.loads(oto("show", "chen", "--json").stdout)["learned"] == [
        {"id": "i1", "kind": "boundary", "text": "Don't raise her immigration status"},
    ]


def test_unlearn_removes_insights_for_good(oto, learned, open_journal):
    ran = oto("unlearn", "i3", "I4")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr.splitlines() == [
        "Removed i3, a self-interest of Maria Lopez: Her son's school",
        "Removed i4, a talent of Maria Lopez: Cooks for fifty",
    ]
    assert json.loads(oto("show", "maria lopez", "--json").stdout)["insights"] == {"self-interest": ["Rent keeps rising"]}


def test_move_an_insight_to_the_person_it_is_about_or_to_its_kind(oto, learned):
    ran = oto("move", "i3", "--to", "chen", "--kind", "concern")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == "Moved i3 (Her son's school) from Maria Lopez to Maria Chen and from a self-interest to a concern.\n"
    assert json.loads(oto("show", "chen", "--json").stdout)["insights"] == {"concern": ["Her son's school"]}
    assert oto("move", "i4", "--kind", "story").stderr == "Moved i4 (Cooks for fifty) from a talent to a story.\n"


def test_edit_remove_boundary_by_id_or_text(oto, learned):
    oto("edit", "chen", "--boundary", "No talk of her landlord")
    assert oto("edit", "chen", "--remove-boundary", "i1").exit_code == 0
    assert json.loads(oto("show", "chen", "--json").stdout)["boundaries"] == ["No talk of her landlord"]
    assert oto("edit", "chen", "--remove-boundary", "no talk of her LANDLORD").exit_code == 0
    assert json.loads(oto("show", "chen", "--json").stdout)["boundaries"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (("unlearn", "i2", "i99"), "There is no insight i99."),
        (("unlearn", "x2"), "'x2' is not an insight id."),
        (("move", "i2"), "Nothing to change. Give --to NAME or --kind KIND"),
        (("move", "i2", "--kind", "gossip"), "Unknown kind 'gossip'."),
        (("move", "i2", "--to", "maria lopez"), "i2 is already self-interest, about Maria Lopez; nothing was changed."),
        (("move", "i2", "--to", "nobody"), "No one called 'nobody'."),
        (("edit", "chen", "--remove-boundary", "i2"), "Maria Chen has no boundary 'i2' (theirs: i1: Don't raise her immigration status)."),
        (("edit", "maria lopez", "--remove-boundary", "anything"), "Maria Lopez has no boundary 'anything' (theirs: none)."),
    ],
)
def test_a_bad_insight_correction_is_refused(oto, learned, open_journal, args, message):
    before = snapshot(open_journal)
    refused(oto(*args), message)
    assert snapshot(open_journal) == before


# -- F. merging a duplicate -----------------------------------------------------------------------


def test_merge_moves_everything_to_the_one_kept_and_nothing_is_lost(oto, scene, open_journal):
    with scene() as s:
        dev = s.person("Dev Patel")
        maria = s.person("Maria Lopez", tags=["oak-st"], institution="Oak St Tenants", today=days(-20))
        dup = s.person("Mari L", aliases=["Mari"], tags=["oak-st", "choir"], contact="555-0101", stage="met",
                       boundaries=["Don't raise her immigration status"], referred_by="dev", today=days(-30))
        s.person("Ana Reyes", referred_by="Mari L")
        s.reflect(dup, days(-5), self_interest="Rent keeps rising", ask="Host a house meeting", answer="maybe",
                  i_promise="Send the flyer by 2026-11-25")
        s.promise(maria, "Bring the lease", days(2), "theirs")
    before = snapshot(open_journal)
    refused(oto("merge", "maria lopez", "mari l"), "needs a yes; add --yes to confirm when not at a terminal (`oto undo` reverses a merge).")
    assert snapshot(open_journal) == before

    ran = oto("merge", "maria lopez", "mari l", "--yes")
    assert ran.exit_code == 0, ran.stderr
    assert ran.stderr == (
        "Merged Mari L into Maria Lopez (1 meeting, 2 insights, 1 promise, 1 ask, 2 follow-ups); 'Mari L' now finds Maria Lopez.\n"
    )
    record = json.loads(oto("show", "mari l", "--json").stdout)
    assert (record["name"], record["aliases"], record["tags"]) == ("Maria Lopez", ["Mari L", "Mari"], ["choir", "oak-st"])
    assert (record["contact"], record["institution"], record["stage"], record["referred_by"]) == (
        "555-0101", "Oak St Tenants", "met", "Dev Patel",
    )
    assert (record["created_on"], record["last_contact_on"]) == ("2026-10-24", "2026-11-18")
    assert record["boundaries"] == ["Don't raise her immigration status"]
    assert record["insights"] == {"self-interest": ["Rent keeps rising"]}
    assert record["referred"] == ["Ana Reyes"]
    assert {p["text"] for p in ledger(oto).values()} == {"Send the flyer", "Bring the lease"}
    assert {p["person"] for p in ledger(oto).values()} == {"Maria Lopez"}
    assert [p["name"] for p in json.loads(oto("people", "--json").stdout)] == ["Ana Reyes", "Dev Patel", "Maria Lopez"]
    assert json.loads(oto("show", "mari", "--json").stdout)["id"] == maria
    assert oto("prep", "maria").stdout.splitlines()[1].startswith("BOUNDARY: Don't raise her immigration status")
    with open_journal(write=False) as j:
        assert j.value("SELECT count(*) FROM person WHERE id = :id", {"id": dup}) == 0
        assert j.value("PRAGMA foreign_key_check") is None


def test_merge_keeps_do_not_contact_from_either(oto, scene):
    with scene() as s:
        s.person("Maria Lopez")
        s.person("Mari L", do_not_contact=True)
    assert oto("merge", "maria", "mari l", "--yes").exit_code == 0
    assert json.loads(oto("show", "maria", "--json").stdout)["do_not_contact"] is True


@pytest.mark.parametrize(
    "args, message",
    [
        (("maria", "maria lopez", "--yes"), "are the same person; name two different people."),
        (("maria", "nobody", "--yes"), "No one called 'nobody'."),
    ],
)
def test_a_bad_merge_is_refused(oto, scene, open_journal, args, message):
    with scene() as s:
        s.person("Maria Lopez")
    before = snapshot(open_journal)
    refused(oto("merge", *args), message)
    assert snapshot(open_journal) == before


def test_a_yes_saved_without_a_date_takes_its_date_later_and_closes_its_reminder(oto):
    oto("add", "Maria Lopez")
    assert oto("reflect", "Maria", "--minutes", "30", "--ask", "Host a house meeting", "--answer", "yes").exit_code == 0
    kinds = lambda: [i["kind"] for i in json.loads(oto("due", "--json", "--on", "tue").stdout)["items"]]  # noqa: E731
    assert "agree-date" in kinds()
    ran = oto("answer", "maria", "yes", "--by", "fri")
    assert ran.exit_code == 0, ran.stderr
    assert "Recorded the date of the yes to a1" in ran.stderr and "reminder to agree a date is closed" in ran.stderr
    assert "agree-date" not in kinds()
    theirs = json.loads(oto("promises", "maria", "--json").stdout)
    assert [(p["direction"], p["text"], p["due"]) for p in theirs] == [("theirs", "Host a house meeting", "2026-11-27")]
    assert oto("answer", "maria", "yes", "--by", "sat").exit_code == 1  # dated now: a second date is renegotiate's
