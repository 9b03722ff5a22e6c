"""The two-way promise ledger: promise, promises, kept, broken, renegotiate, and reliability."""

from __future__ import annotations

import json
from datetime import date

import pytest

from onetoone.domain import promises
from tests.conftest import TODAY


@pytest.fixture
def maria(oto):
    assert oto("add", "Maria Lopez").exit_code == 0
    return "maria"


def ledger(oto, *args) -> list[dict]:
    ran = oto("promises", "--json", *args)
    assert ran.exit_code == 0, ran.stderr
    return json.loads(ran.stdout)


def test_a_promise_is_mine_by_default_and_the_date_is_said_back(oto, maria):
    ran = oto("promise", maria, "Send the rent-board hearing dates", "--by", "wed")
    assert ran.exit_code == 0
    assert ran.stderr == "Recorded p1: my promise to Maria Lopez, due Wed 25 Nov 2026 (in 2 days).\n"
    ran = oto("promise", maria, "Bring a copy of the lease", "--by", "2026-11-30", "--theirs")
    assert ran.stderr == "Recorded p2: Maria Lopez's commitment, due Mon 30 Nov 2026 (in 7 days).\n"
    assert ledger(oto) == [
        {
            "id": "p1", "person": "Maria Lopez", "person_id": 1, "direction": "mine",
            "text": "Send the rent-board hearing dates", "due": "2026-11-25", "first_due": "2026-11-25",
            "status": "open", "overdue": False, "created_on": "2026-11-23", "closed_on": None,
        },
        {
            "id": "p2", "person": "Maria Lopez", "person_id": 1, "direction": "theirs",
            "text": "Bring a copy of the lease", "due": "2026-11-30", "first_due": "2026-11-30",
            "status": "open", "overdue": False, "created_on": "2026-11-23", "closed_on": None,
        },
    ]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("   ", "--by", "fri"), 1, "The promise is empty"),
        (("x" * 1001, "--by", "fri"), 1, "the limit is 1,000"),
        (("Call her", "--by", "2026-02-30"), 1, "Cannot read the date '2026-02-30'"),
        (("Call her", "--by", "fri 3pm"), 1, "has a time of day"),
        (("Call her",), 2, "--by"),
    ],
)
def test_bad_promises_are_refused_and_nothing_is_recorded(oto, maria, args, code, message):
    ran = oto("promise", maria, *args)
    assert ran.exit_code == code
    assert message in ran.stderr
    assert ledger(oto) == []


def test_a_promise_to_someone_unknown_is_refused(oto):
    ran = oto("promise", "nobody", "Call her", "--by", "fri")
    assert ran.exit_code == 1 and "No one called 'nobody'" in ran.stderr


def test_both_sides_show_mine_first_and_the_overdue_one_is_marked_situation_2(oto, maria):
    oto("add", "Dev Patel")
    oto("promise", maria, "Bring a copy of the lease", "--by", "last fri", "--theirs")
    oto("promise", maria, "Send the rent-board hearing dates", "--by", "today")
    oto("promise", "dev", "Ask the pastor about the hall", "--by", "thu")
    assert oto("promises", maria).stdout == (
        "Promises with Maria Lopez\n"
        "My promises: nothing due yet. Their commitments: 0 of 1 kept on time.\n"
        "\n"
        "My promises\n"
        "  p2  Send the rent-board hearing dates  today\n"
        "\n"
        "Their commitments\n"
        "  p1  Bring a copy of the lease  Fri 20 Nov  overdue\n"
    )
    assert oto("promises").stdout == (
        "My promises\n"
        "  p2  Maria Lopez  Send the rent-board hearing dates  today\n"
        "  p3  Dev Patel    Ask the pastor about the hall      Thu 26 Nov\n"
        "\n"
        "Their commitments\n"
        "  p1  Maria Lopez  Bring a copy of the lease  Fri 20 Nov  overdue\n"
    )


def test_filters_and_all(oto, maria):
    oto("promise", maria, "Send the dates", "--by", "yesterday")
    oto("promise", maria, "Bring the lease", "--by", "fri", "--theirs")
    oto("promise", maria, "Call the council", "--by", "+2w")
    oto("kept", "p3")
    assert [p["id"] for p in ledger(oto)] == ["p1", "p2"]
    assert [p["id"] for p in ledger(oto, "--mine")] == ["p1"]
    assert [p["id"] for p in ledger(oto, "--theirs")] == ["p2"]
    assert [(p["id"], p["overdue"]) for p in ledger(oto, "--overdue")] == [("p1", True)]
    assert [(p["id"], p["status"]) for p in ledger(oto, "--all")] == [("p1", "open"), ("p3", "kept"), ("p2", "open")]
    assert oto("promises", "--mine", "--theirs").exit_code == 2
    assert oto("promises", "--theirs", "--overdue").stdout == "No promises match.\n"


def test_an_empty_ledger_says_how_to_start(oto):
    assert oto("promises").stdout == "No open promises. Record one with `oto promise NAME TEXT --by WHEN`.\n"


def test_kept_and_broken_close_a_promise_once(oto, maria, open_journal):
    oto("promise", maria, "Send the dates", "--by", "yesterday")
    oto("promise", maria, "Bring the lease", "--by", "fri", "--theirs")
    ran = oto("kept", "1")
    assert ran.stderr == "Marked p1 kept: Send the dates (my promise to Maria Lopez, due Sun 22 Nov 2026, 1 day late).\n"
    ran = oto("broken", "P2")
    assert ran.stderr == "Marked p2 broken: Bring the lease (Maria Lopez's commitment, due Fri 27 Nov 2026).\n"
    again = oto("kept", "p2")
    assert (again.exit_code, again.stderr) == (1, "oto: p2 is already broken (on Mon 23 Nov 2026); nothing was changed.\n")
    with open_journal(write=False) as j:
        assert [tuple(r) for r in j.rows("SELECT status, closed_on FROM promise ORDER BY id")] == [
            ("kept", date(2026, 11, 23)), ("broken", date(2026, 11, 23)),
        ]
        assert str(promises.reliability(j, 1, "mine", today=TODAY)) == "0 of 1 kept on time"
    assert ledger(oto) == []


@pytest.mark.parametrize(
    "typed, message",
    [
        ("p9", "There is no promise p9."),
        ("f1", "'f1' is a follow-up, not a promise. Use `oto done f1` or `oto snooze f1`."),
        ("promise", "'promise' is not a promise id."),
        ("", "'' is not a promise id."),
    ],
)
def test_unknown_or_malformed_promise_ids_are_refused(oto, typed, message):
    for command in ("kept", "broken"):
        ran = oto(command, typed)
        assert ran.exit_code == 1
        assert ran.stderr.startswith(f"oto: {message}") and ran.stderr.count("\n") == 1
    assert oto("renegotiate", typed, "--by", "fri").exit_code == 1


def test_keeping_a_yes_records_that_they_showed_up(oto, maria, open_journal, scene):
    with scene() as s:  # they said yes in this morning's one-to-one: their commitment p1
        s.reflect(1, TODAY, ask="Come to the house meeting by 2026-11-28", answer="yes")
    ran = oto("kept", "p1")
    assert ran.stderr.endswith("on time). Recorded that they showed up.\n")
    with open_journal(write=False) as j:
        assert j.value("SELECT showed_up FROM ask") is True
        assert str(promises.reliability(j, 1, "theirs", today=TODAY)) == "1 of 1 kept on time"


def test_a_promise_that_cannot_be_kept_on_time_is_renegotiated_situation_9(oto, maria):
    oto("promise", maria, "Send the rent-board hearing dates", "--by", "tue")
    ran = oto("renegotiate", "p1", "--by", "next fri")
    assert ran.exit_code == 0
    assert ran.stderr == (
        "Renegotiated p1: Send the rent-board hearing dates (my promise to Maria Lopez) "
        "moves from Tue 24 Nov 2026 to Fri 27 Nov 2026 (in 4 days).\n"
    )
    ran = oto("renegotiate", "p1", "--by", "2026-12-04")
    assert ran.stderr.endswith("to Fri 4 Dec 2026 (in 11 days); first due Tue 24 Nov 2026.\n")
    [entry] = ledger(oto)
    assert (entry["status"], entry["due"], entry["first_due"]) == ("renegotiated", "2026-12-04", "2026-11-24")
    assert "Send the rent-board hearing dates  Fri 4 Dec  renegotiated, first due tomorrow" in oto("promises").stdout
    assert [i["id"] for i in json.loads(oto("due", "--on", "2026-12-04", "--json").stdout)["items"]] == ["p1"]

    assert "is in the past" in oto("renegotiate", "p1", "--by", "yesterday").stderr
    assert "already due Fri 4 Dec 2026" in oto("renegotiate", "p1", "--by", "2026-12-04").stderr
    oto("kept", "p1")
    closed = oto("renegotiate", "p1", "--by", "2026-12-10")
    assert closed.exit_code == 1
    assert closed.stderr == "oto: p1 is already kept (on Mon 23 Nov 2026); only an open promise can be renegotiated.\n"


def test_reliability_counts_promises_kept_on_time_among_those_come_due(open_journal, oto, maria):
    with open_journal() as j:
        on_time = promises.record(j, person_id=1, text="a", due=date(2026, 11, 20), today=date(2026, 11, 1))
        late = promises.record(j, person_id=1, text="b", due=date(2026, 11, 10), today=date(2026, 11, 1))
        promises.record(j, person_id=1, text="c", due=date(2026, 11, 15), today=date(2026, 11, 1))  # open, past due
        promises.record(j, person_id=1, text="d", due=date(2026, 12, 15), today=date(2026, 11, 1))  # not due yet
        promises.close(j, on_time.id, "kept", today=date(2026, 11, 19))
        promises.close(j, late.id, "kept", today=date(2026, 11, 12))
        assert promises.reliability(j, 1, "mine", today=TODAY) == promises.Reliability(kept_on_time=1, due=3)
        assert str(promises.reliability(j, 1, "theirs", today=TODAY)) == "nothing due yet"


def test_a_long_ledger_is_capped_on_screen_and_json_lists_everything(oto, maria, open_journal):
    from onetoone.render.promises import SECTION_LIMIT

    with open_journal() as j:
        for n in range(SECTION_LIMIT + 3):
            promises.record(j, person_id=1, text=f"Promise {n}", due=TODAY, today=TODAY)
    out = oto("promises").stdout
    assert out.count("Promise ") == SECTION_LIMIT
    assert out.endswith("  ... and 3 more (`oto promises --json` lists them all)\n")
    assert len(ledger(oto)) == SECTION_LIMIT + 3
