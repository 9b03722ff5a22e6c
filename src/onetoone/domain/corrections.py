"""Putting right what was recorded by mistake: re-opening an item closed too soon, and (below)
the other targeted corrections. Each runs in the caller's one write transaction, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone.dates import show_day
from onetoone.domain import followups, promises
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal
from onetoone.vocabulary import DUE_LABELS


@dataclass(frozen=True)
class Reopened:
    """An item open again: a promise (`entry`) or a follow-up (its kind, person and day)."""

    id: str
    kind: str
    person: str
    due: date
    entry: promises.Entry | None = None
    unheld_on: date | None = None  # a reflection reopened: its one-to-one is planned again, not held


def reopen_all(journal: Journal, typed: list[str], *, today: date) -> list[Reopened]:
    """Re-open kept, broken or released promises and done follow-ups: all of them, or none."""
    from onetoone.errors import one_batch, whole_batch

    found = one_batch(typed, followups.parse_id)
    with whole_batch(len(found)):
        return [_reopen(journal, letter, number) for letter, number in found]


def _reopen(journal: Journal, letter: str, number: int) -> Reopened:
    if letter == "p":
        entry = reopen_promise(journal, number)
        return Reopened(f"p{number}", f"promise-{entry.direction}", entry.person, entry.due, entry=entry)
    if letter == "r":
        raise BadInput(f"r{number} is a suggestion, not something recorded; there is nothing to reopen.")
    return _reopen_followup(journal, number)


def reopen_promise(journal: Journal, number: int) -> promises.Entry:
    """A closed promise open again with its due date (still renegotiated if it was); the show-up
    record of the "yes" it came from is cleared."""
    from onetoone.store.models import Ask, Promise

    entry = promises.get(journal, number)
    if entry.is_open:
        raise BadInput(f"p{number} is still open; there is nothing to reopen.")
    promise = journal.get(Promise, number)
    promise.status = "open" if promise.due == promise.first_due else "renegotiated"
    promise.closed_on = None
    for (ask_id,) in journal.rows("SELECT id FROM ask WHERE promise_id = :promise", {"promise": number}):
        journal.get(Ask, ask_id).showed_up = None
    return promises.get(journal, number)


def _reopen_followup(journal: Journal, number: int) -> Reopened:
    from onetoone.store.models import FollowUp

    row = journal.row(
        "SELECT f.*, p.name AS person FROM followup f JOIN person p ON p.id = f.person_id WHERE f.id = :id", {"id": number}
    )
    if row is None:
        raise NotFound(f"There is no follow-up f{number}. See `oto due` for the ids.")
    if row["status"] == "open":
        raise BadInput(f"f{number} ({DUE_LABELS.get(row['kind'], 'follow-up')}, {row['person']}) is still open; there is nothing to reopen.")
    unheld_on = None
    if row["kind"] == "reflect" and row["meeting_id"] is not None:
        unheld_on = _unhold(journal, row["meeting_id"], f"f{number}")
    item = journal.get(FollowUp, number)
    item.status, item.done_on = "open", None
    if row["kind"] in ("reflect", "reconnect"):
        recount_contact(journal, row["person_id"])
    return Reopened(f"f{number}", row["kind"], row["person"], row["due"], unheld_on=unheld_on)


def _unhold(journal: Journal, meeting_id: int, what: str) -> date | None:
    """A reflection marked done without one recorded its one-to-one as held: reopening it plans
    the meeting again. One with a reflection written stays as it is (refused)."""
    from onetoone.store.models import Meeting, Person

    meeting = journal.get(Meeting, meeting_id)
    if meeting.status != "held":
        return None
    written = journal.value(
        """SELECT EXISTS (SELECT 1 FROM insight WHERE meeting_id = :m) OR EXISTS (SELECT 1 FROM ask WHERE meeting_id = :m)
                  OR EXISTS (SELECT 1 FROM promise WHERE meeting_id = :m)
                  OR EXISTS (SELECT 1 FROM followup WHERE meeting_id = :m AND kind IN ('thank', 'next-step'))""",
        {"m": meeting_id},
    )
    if written or meeting.minutes or meeting.note or meeting.listened_pct is not None or meeting.next_step:
        raise BadInput(
            f"The one-to-one of {show_day(meeting.held_on)} (m{meeting_id}) has its reflection written, "
            f"so {what} stays done."
        )
    held_on, meeting.status, meeting.held_on = meeting.held_on, "planned", None
    person = journal.get(Person, meeting.person_id)
    journal.add(meeting)
    others = journal.value(
        "SELECT count(*) FROM meeting WHERE person_id = :p AND status = 'held'", {"p": person.id}
    )
    if person.stage == "met" and not others:
        person.stage = "prospect"  # what marking it held had moved them from
    return held_on


def recount_contact(journal: Journal, person_id: int) -> None:
    """Last contact as the journal's rows have it: the latest one-to-one held or reconnect done."""
    from onetoone.domain import people

    journal.execute(
        """UPDATE person SET last_contact_on = (
             SELECT max(day) FROM (
               SELECT held_on AS day FROM meeting WHERE person_id = :p AND status = 'held'
               UNION ALL SELECT done_on FROM followup WHERE person_id = :p AND kind = 'reconnect' AND status = 'done'))
           WHERE id = :p""",
        {"p": person_id},
    )
    people.refresh_reconnect(journal, person_id)


def amend_promise(
    journal: Journal, number: int, *, text: str | None = None, due: date | None = None, direction: str | None = None,
) -> promises.Entry:
    """Correct what a promise says, its due date (and its first one, if it was never moved) or
    whose it is; a commitment from a "yes" to an ask stays theirs."""
    from onetoone.domain.text import clean
    from onetoone.store.models import Promise

    if text is None and due is None and direction is None:
        raise BadInput("Nothing to change. Give --text, --by, --mine or --theirs (see `oto amend --help`).")
    entry = promises.get(journal, number)
    promise = journal.get(Promise, number)
    if text is not None:
        promise.text = clean(text, "promise", limit=promises.TEXT_LIMIT)
    if due is not None:
        if due < entry.created_on:
            raise BadInput(f"p{number} was recorded on {show_day(entry.created_on)}; it cannot have been due before that.")
        if promise.first_due == promise.due:
            promise.first_due = due
        promise.due = due
    if direction is not None and direction != entry.direction:
        if entry.ask_text is not None:
            raise BadInput(f"p{number} is {entry.person}'s yes to an ask, so it stays their commitment.")
        promise.direction = direction
    journal.add(promise)
    return promises.get(journal, number)
