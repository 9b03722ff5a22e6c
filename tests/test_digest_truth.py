"""The digest tells the truth (issue 9, part 5): anything past its day is overdue, nothing overdue
or due today is hidden, sections go by date and time, long lines fit the terminal, reminders
close themselves, prospects never contacted surface, and a waiting draft is mentioned.

Journals are built through oto's own functions (`scene`) or commands; the digest is read
through the CLI, or drawn the way a terminal draws it.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import NOW, TODAY


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def items(oto, *args) -> list[dict]:
    return json.loads(oto("due", "--json", *args).stdout)["items"]


def test_a_next_step_from_last_monday_is_overdue(oto, scene):
    with scene() as s:
        maria = s.person("Maria Lopez")
        step = s.met(maria, days(-14), next_step="Call about the hearing", next=days(-7)).next.id
    [item] = items(oto)
    assert (item["id"], item["kind"], item["overdue"]) == (f"f{step}", "next-step", True)
    assert oto("due").stdout.endswith(
        "Overdue\n" f"  f{step}  Maria Lopez  Next step: Call about the hearing  7 days ago\n"
    )


def test_within_a_section_items_go_by_date_then_time(oto, scene):
    with scene() as s:
        ana, dev, maria, sam = (s.person(n) for n in ("Ana Reyes", "Dev Patel", "Maria Lopez", "Sam Okafor"))
        s.promise(ana, "Send the flyer", days(0))  # due today, no time
        booked = datetime(2026, 11, 22, 9, 0)  # yesterday: each is confirmed on its day
        late = s.plan(dev, datetime(2026, 11, 23, 18, 0), booked=booked)  # today 18:00
        early = s.plan(maria, datetime(2026, 11, 23, 11, 0), booked=booked)  # today 11:00
        s.promise(sam, "Bring the lease", days(-1), "theirs", today=days(-5))  # overdue, yesterday
        s.promise(sam, "Call the landlord", days(-3))  # overdue, three days ago
    listed = [(i["id"], i["due"]) for i in items(oto)]
    assert listed == [
        ("p3", "2026-11-20"), ("p2", "2026-11-22"),  # overdue, the oldest first
        (f"f{early.confirms[0]}", "2026-11-23"), (f"f{late.confirms[0]}", "2026-11-23"), ("p1", "2026-11-23"),
    ]


def test_long_lines_fold_on_a_terminal_keeping_the_id_and_the_date_in_view(oto, scene, monkeypatch):
    from onetoone.domain import due
    from onetoone.render import due as screen
    from onetoone.terminal import Terminal, width

    long = "Bring a copy of the lease and every letter the landlord has sent since the spring, and the photos"
    with scene() as s:
        maria = s.person("Maria Lopez")
        s.promise(maria, long, days(-3), "theirs", today=days(-10))
        s.promise(maria, long, days(3))
    with scene() as s:
        found = due.digest(s.j, today=TODAY, now=NOW)

    class FakeTerminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "80")
    out = FakeTerminal()
    Terminal(stdout=out).show(screen.screen(found))
    lines = out.getvalue().splitlines()
    assert all(width(line) <= 80 for line in lines), lines
    first = next(line for line in lines if line.startswith("  p1"))
    assert first.endswith("3 days ago") and "Maria Lopez" in first
    upcoming = next(line for line in lines if line.startswith("  p2"))
    assert upcoming.endswith("Thu 26 Nov")
    # The text goes on under its own column, and all of it is there.
    shown = " ".join(line.strip() for line in lines)
    assert "since the spring, and the photos" in shown


def test_every_kind_has_its_own_words():
    from onetoone.domain.due import Item
    from onetoone.render.due import text
    from onetoone.vocabulary import DUE_KINDS, DUE_LABELS, FOLLOWUP_KINDS

    assert set(FOLLOWUP_KINDS) <= set(DUE_KINDS) == set(DUE_LABELS)
    generic = {label.capitalize() for label in DUE_LABELS.values()}
    for kind in DUE_KINDS:
        item = Item(
            id="f1", kind=kind, person_id=1, person="Maria Lopez", due=TODAY, overdue=False, text="Send it",
            meeting_at=NOW, held_on=TODAY, answer="maybe", ask_text="Host a house meeting", referrer="Dev Patel",
            last_contact_on=days(-30), added_on=days(-5),
        )
        assert text(item, TODAY) not in generic, kind


# -- reminders close themselves -------------------------------------------------------------------


def test_booking_or_meeting_a_referral_closes_contact_them(oto, scene, open_journal):
    with scene() as s:
        dev = s.person("Dev Patel")
        joy, kai = s.met(dev, days(-2), referral=["Joy Ruiz", "Kai Moss"]).referrals
    assert {i["kind"] for i in items(oto)} == {"contact-referral"}
    assert oto("prep", "Joy Ruiz", "--at", "thu 6pm").exit_code == 0
    assert oto("reflect", "Kai Moss", "--at", "today", "--minutes", "30").exit_code == 0
    with open_journal(write=False) as j:
        rows = j.rows("SELECT id, status FROM followup WHERE kind = 'contact-referral' ORDER BY id")
        assert [(r["id"], r["status"]) for r in rows] == [(joy.follow_up.id, "done"), (kai.follow_up.id, "done")]
    assert "contact-referral" not in {i["kind"] for i in items(oto)}


def test_a_later_yes_closes_the_revisit_of_the_same_ask(oto, scene, open_journal):
    with scene() as s:
        sam = s.person("Sam Okafor")
        maybe = s.met(sam, days(-10), ask="Host a house meeting in December", answer="maybe", revisit=days(4))
    ran = oto("reflect", "Sam", "--at", "today", "--ask", "host a house meeting in  December by 2026-12-12", "--answer", "yes")
    assert ran.exit_code == 0, ran.stderr
    with open_journal(write=False) as j:
        assert j.value("SELECT status FROM followup WHERE id = :id", {"id": maybe.revisit.id}) == "done"
    assert "revisit" not in {i["kind"] for i in items(oto, "--days", "30")}


def test_done_on_a_contact_follow_up_records_the_contact(oto, scene, open_journal):
    with scene() as s:
        [joy] = s.met(s.person("Dev Patel"), days(-3), referral=["Joy Ruiz"]).referrals
    assert oto("done", f"f{joy.follow_up.id}").exit_code == 0
    with open_journal(write=False) as j:
        assert j.value("SELECT last_contact_on FROM person WHERE name = 'Joy Ruiz'") == TODAY
    # In touch now: no reach-out for her later either.
    assert [i for i in items(oto, "--on", "+5d") if i["person"] == "Joy Ruiz"] == []


# -- prospects never contacted, and whom to invite ------------------------------------------------


def test_a_prospect_never_contacted_surfaces_once_as_a_reach_out(oto, scene, open_journal):
    with scene() as s:
        bob = s.person("Bob Kowalski", today=days(-5))
        s.person("Quiet Person", today=days(-5), do_not_contact=True)
        s.person("Known Leader", stage="leader", today=days(-5))  # not a prospect: no reach-out
        s.person("Just Added", today=days(-1))  # its day has not come
        promised = s.person("Promised To", today=days(-9))
        s.promise(promised, "Send the flyer", days(4), today=days(-8))  # in touch, then
    assert [(i["id"], i["kind"], i["overdue"], i["text"]) for i in items(oto)] == [
        (f"r{bob}", "reach-out", True, "Reach out to Bob Kowalski, added 5 days ago"),
        ("p1", "promise-mine", False, "I promised: Send the flyer"),
    ]
    assert "Get in touch\n" f"  r{bob}  Bob Kowalski  Reach out to Bob Kowalski, added 5 days ago\n" in oto("due").stdout
    ran = oto("done", f"r{bob}")
    assert ran.stderr == (
        "Recorded that you reached out to Bob Kowalski today. oto will suggest reconnecting on Fri 22 Jan 2027.\n"
    )
    assert f"r{bob}" not in {i["id"] for i in items(oto, "--days", "30")}
    with open_journal(write=False) as j:
        assert tuple(j.row("SELECT kind, status FROM followup WHERE person_id = :p", {"p": bob})) == ("reach-out", "done")


def test_a_reach_out_snoozed_keeps_its_words(oto, scene):
    with scene() as s:
        bob = s.person("Bob Kowalski", today=days(-4))
    ran = oto("snooze", f"r{bob}", "--until", "thu")
    assert ran.stderr == f"Snoozed r{bob} (reach out, Bob Kowalski) until Thu 26 Nov 2026 (in 3 days).\n"
    assert items(oto) == [{
        "id": "f1", "kind": "reach-out", "person": "Bob Kowalski", "due": "2026-11-26", "overdue": False,
        "text": "Reach out to Bob Kowalski, added 4 days ago",
    }]
    again = oto("snooze", f"r{bob}", "--until", "fri")
    assert again.stderr == "oto: Reaching out to Bob Kowalski is already planned as f1 on Thu 26 Nov 2026; snooze f1 instead.\n"
    assert oto("prep", "Bob", "--at", "fri 5pm").exit_code == 0  # booked: the reminder closes itself
    assert "reach-out" not in {i["kind"] for i in items(oto, "--days", "30")}


def test_an_empty_day_names_whom_to_invite(oto, scene):
    with scene() as s:
        s.person("Grace Kim", stage="leader", last_contact=days(-10))  # reconnect in 4 days
        s.person("Bob Kowalski", today=days(-1))  # reach out in 2 days: waiting longest
    ran = oto("due", "--days", "0")
    assert ran.stdout == (
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "Nothing due. A good day to invite someone to a one-to-one: Bob Kowalski (added yesterday).\n"
    )
    with scene() as s:
        s.done("r2")  # reached out to Bob: Grace waits longest now
    assert oto("due", "--days", "0").stdout.endswith(
        "one-to-one: Grace Kim (last contact 10 days ago).\n"
    )


# -- a draft waiting ------------------------------------------------------------------------------


def test_a_waiting_draft_is_mentioned(oto, oto_home):
    from onetoone.domain import drafts
    from onetoone.store.paths import drafts_dir

    drafts.save(drafts_dir(oto_home), drafts.Draft(started_at="2026-11-22T20:00:00", person_id=1, person_name="Maria Lopez"))
    ran = oto("due")
    assert ran.stdout == (
        "Mon 23 Nov 2026. One-to-ones this week: 0 of 5.\n"
        "A reflection on Maria Lopez waits as a draft: oto reflect --resume\n"
        "Nothing due. A good day to invite someone to a one-to-one.\n"
    )
    assert json.loads(oto("due", "--json").stdout)["drafts"] == [{"person": "Maria Lopez"}]


@pytest.mark.parametrize("damage", [b"{not json", b'{"started_at": 3, "fields": []}', b"\xff\xfe"])
def test_a_damaged_draft_never_fails_the_digest(oto, oto_home, damage):
    from onetoone.store.paths import drafts_dir, private_dir

    private_dir(drafts_dir(oto_home))
    (drafts_dir(oto_home) / "reflection.json").write_bytes(damage)
    ran = oto("due")
    assert ran.exit_code == 0, ran.stderr
    assert "A reflection waits as a draft: oto reflect --resume\n" in ran.stdout
