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
        mine = s.promise(maria, "Send the hearing dates", days(0))
        theirs = s.promise(dev, "Bring the lease", days(-1), "theirs")
        other = s.promise(dev, "Call the pastor", days(2))
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
