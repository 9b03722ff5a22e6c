"""Follow-ups are facts in the journal and words in render/ (issue "One shape for each thing", 3).

The journal keeps a follow-up's kind, person, meeting and ask, and for a next step only the
organizer's own words; every sentence is written when it is shown. So an old journal's sentences
are converted by migration 0003, a next step has its own kind, no screen shows a raw kind, and
forgetting or renaming someone never leaves a stale name behind.
"""

from __future__ import annotations

import json
import sqlite3

from onetoone.store.paths import journal_path
from tests.test_journal import journal_at_version


def _old_journal(path) -> None:
    """A journal as oto left it before 0003: follow-ups holding finished sentences."""
    path.parent.mkdir(parents=True, exist_ok=True)
    journal_at_version(path, 2)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    people = [("Maria Lopez", None), ("Tomás Reyes", None), ("Ana Duarte", 2)]
    for name, referred_by in people:
        db.execute(
            "INSERT INTO person (name, name_key, referred_by_id, stage, do_not_contact, created_on, last_contact_on) "
            "VALUES (:name, lower(:name), :by, 'met', 0, '2026-11-01', '2026-11-10')",
            {"name": name, "by": referred_by},
        )
    db.execute(
        "INSERT INTO meeting (person_id, status, held_on, created_at) VALUES (1, 'held', '2026-11-21', '2026-11-21 10:00:00.000000')"
    )
    rows = [
        (1, "reconnect", "2026-11-25", "Next step with Maria Lopez: Meet her sister", None),
        (1, "reconnect", "2026-11-26", "Next step with Maria Lopez", None),
        (2, "reconnect", "2026-11-23", "Reconnect", None),
        (3, "contact-referral", "2026-11-24", "Contact Ana Duarte, referred by Tomás Reyes", None),
        (1, "thank", "2026-11-22", "Thank Maria Lopez for the one-to-one", 1),
    ]
    for person, kind, due, text, meeting in rows:
        db.execute(
            "INSERT INTO followup (person_id, kind, due, text, status, meeting_id, created_on) "
            "VALUES (:person, :kind, :due, :text, 'open', :meeting, '2026-11-21')",
            {"person": person, "kind": kind, "due": due, "text": text, "meeting": meeting},
        )
    db.execute("DELETE FROM followup WHERE id = 5")  # the last id, deleted: it is never handed out again
    db.close()


def test_the_migration_turns_stored_sentences_into_facts(oto, oto_home, open_journal):
    _old_journal(journal_path(oto_home))
    items = json.loads(oto("due", "--json").stdout)["items"]
    assert [(i["id"], i["kind"], i["text"]) for i in items] == [
        ("f3", "reconnect", "Reconnect: last contact 13 days ago"),  # today
        ("f4", "contact-referral", "Contact Ana Duarte, referred by Tomás Reyes"),  # the coming days, by date
        ("f1", "next-step", "Next step: Meet her sister"),
        ("f2", "next-step", "Next step"),
    ]
    with open_journal(write=False) as j:
        assert [tuple(r) for r in j.rows("SELECT id, kind, words FROM followup ORDER BY id")] == [
            (1, "next-step", "Meet her sister"), (2, "next-step", None), (3, "reconnect", None), (4, "contact-referral", None),
        ]
        assert j.value("SELECT seq FROM sqlite_sequence WHERE name = 'followup'") == 5
        assert "text" not in {r["name"] for r in j.rows("PRAGMA table_info(followup)")}
    refused = oto("snooze", "r2", "--until", "fri")
    assert refused.stderr == "oto: Reconnecting with Tomás Reyes is already planned as f3 on Mon 23 Nov 2026; snooze f3 instead.\n"
    with open_journal() as j:
        from onetoone.domain import followups
        from tests.conftest import TODAY

        assert followups.schedule(j, person_id=1, kind="thank", due=TODAY, today=TODAY) == 6


def test_a_next_step_has_its_own_kind_in_json_and_messages(oto):
    oto("add", "Maria Lopez")
    ran = oto("reflect", "Maria", "--at", "today", "--next-step", "Meet her sister", "--next", "wed")
    assert ran.exit_code == 0, ran.stderr
    items = json.loads(oto("due", "--json").stdout)["items"]
    step = next(i for i in items if i["kind"] == "next-step")
    assert (step["due"], step["overdue"], step["text"]) == ("2026-11-25", False, "Next step: Meet her sister")
    assert "reconnect" not in {i["kind"] for i in items}
    later = json.loads(oto("due", "--json", "--on", "+1m").stdout)["items"]
    assert [i["overdue"] for i in later if i["kind"] == "next-step"] == [True]  # past its day, like anything else
    done = oto("done", step["id"])
    assert done.stderr == f"Marked {step['id']} (next step, Maria Lopez) done.\n"
    listed = json.loads(oto("people", "--json").stdout)
    assert all(p["next"] is None or p["next"]["kind"] != "next-step" for p in listed)


def test_the_people_screen_never_shows_a_raw_kind(oto):
    oto("add", "Maria Lopez")
    oto("reflect", "Maria", "--at", "yesterday", "--referral", "Ana Reyes", "--next-step", "Call her", "--next", "+2w")
    oto("add", "Dev Patel")
    oto("promise", "Dev", "Send the flyer", "--by", "fri")
    screen = oto("people").stdout
    for raw in ("contact-referral", "next-step", "promise-mine", "promise-theirs", "reconnect"):
        assert raw not in screen, raw
    assert "contact the referral" in screen and "my promise" in screen and "thank-you" in screen
    listed = {p["name"]: p["next"] for p in json.loads(oto("people", "--json").stdout)}
    assert listed["Ana Reyes"] == {"date": "2026-11-25", "kind": "contact-referral", "what": "contact the referral"}
    assert listed["Dev Patel"] == {"date": "2026-11-27", "kind": "promise-mine", "what": "my promise"}


def test_forgetting_a_referrer_leaves_no_name_and_a_rename_is_followed(oto, oto_home, open_journal):
    oto("add", "Zebediah Quillfeather")
    oto("reflect", "Zebediah", "--referral", "Ana Reyes")
    oto("edit", "Zebediah", "--name", "Zeb Quill")
    texts = [i["text"] for i in json.loads(oto("due", "--json", "--days", "30").stdout)["items"] if i["kind"] == "contact-referral"]
    assert texts == ["Contact Ana Reyes, referred by Zeb Quill"]  # words from today's facts
    assert oto("forget", "zeb", "--yes").exit_code == 0
    texts = [i["text"] for i in json.loads(oto("due", "--json", "--days", "30").stdout)["items"] if i["kind"] == "contact-referral"]
    assert texts == ["Contact Ana Reyes"]
    with open_journal(write=False) as j:
        assert [tuple(r) for r in j.rows("SELECT kind, words FROM followup")] == [("contact-referral", None)]
    data = b"".join(p.read_bytes() for p in oto_home.glob("journal.db*"))
    for secret in (b"Zebediah", b"Quillfeather", b"Zeb Quill"):
        assert secret not in data, secret


def test_the_screen_reads_the_same_first_follow_ups_as_the_whole_digest(oto, open_journal):
    """Follow-ups are ranked and capped in SQL for the screen: every one overdue or due today, and
    of the days ahead the same first rows as sorting every one of them, and the count left out."""
    from datetime import timedelta

    from onetoone.domain import due, followups, people
    from tests.conftest import NOW, TODAY

    with open_journal() as j:
        for n in range(40):
            person = people.add(j, people.PersonFields(name=f"Person {39 - n:02}"), today=TODAY).id
            kind = ("thank", "contact-referral", "next-step", "revisit")[n % 4]
            followups.schedule(j, person_id=person, kind=kind, due=TODAY + timedelta(days=n % 5 - 2), today=TODAY)
    with open_journal(write=False) as j:
        whole = due.digest(j, today=TODAY, now=NOW)
        capped = due.digest(j, today=TODAY, now=NOW, followup_limit=4, promise_limit=4, reconnect_limit=4)
    assert [i.id for i in capped.overdue] == [i.id for i in whole.overdue] and len(whole.overdue) == 16
    assert [i.id for i in capped.due_today] == [i.id for i in whole.due_today] and len(whole.due_today) == 8
    assert [i.id for i in capped.upcoming] == [i.id for i in whole.upcoming][:4]
    assert capped.unlisted_upcoming == len(whole.upcoming) - 4 == 12
    assert capped.referrals == whole.referrals == 10
