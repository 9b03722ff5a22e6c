"""Contacts that are not one-to-ones (`oto log NAME --call|--text|--visit TEXT`).

A ten-minute call, a text, a visit at their door: it is contact with the person, so their
reconnect date starts again from it (`people.touch`) and an open "reconnect" follow-up is done;
it shows on their timeline and on the prep sheet. It is never a one-to-one: it is kept in its own
table, so the week's count, the stage and "last met" do not see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from onetoone import dates
from onetoone.domain.people import PersonRef
from onetoone.domain.text import clean
from onetoone.errors import BadInput
from onetoone.store.journal import Journal
from onetoone.vocabulary import CONTACT_KINDS

NOTE_LIMIT = 2_000
RECENT = 3  # contacts the prep sheet shows


@dataclass(frozen=True)
class Logged:
    """One contact, as recorded or as read back."""

    id: int
    person: str
    kind: str  # call, text or visit
    on: date
    note: str
    reconnect_on: date | None = None  # after recording: when reconnecting will be suggested


def log(journal: Journal, person: PersonRef, kind: str, note: str, *, on: date, now: datetime) -> Logged:
    """Record a contact with `person` on `on` (today or an earlier day)."""
    from onetoone.domain import people
    from onetoone.store.models import Contact

    if kind not in CONTACT_KINDS:
        raise ValueError(f"unknown contact kind {kind!r}")
    today = now.date()
    if on > today:
        raise BadInput(f"{dates.show_day(on)} is ahead; log a contact once it has happened.")
    note = clean(note, kind if kind != "text" else "text message", limit=NOTE_LIMIT)
    contact = journal.add(Contact(person_id=person.id, kind=kind, contacted_on=on, note=note, created_at=now))
    people.touch(journal, person.id, on)
    journal.execute(
        "UPDATE followup SET status = 'done', done_on = :today WHERE person_id = :person AND kind = 'reconnect' AND status = 'open'",
        {"today": today, "person": person.id},
    )
    reconnect_on = journal.value("SELECT reconnect_on FROM person WHERE id = :id", {"id": person.id})
    return Logged(contact.id, person.name, kind, on, note, reconnect_on)


def recent(journal: Journal, person_id: int, *, limit: int | None = RECENT) -> list[Logged]:
    """Their contacts, newest first (at most `limit`)."""
    rows = journal.rows(
        """SELECT c.id, p.name, c.kind, c.contacted_on, c.note FROM contact c JOIN person p ON p.id = c.person_id
           WHERE c.person_id = :person ORDER BY c.contacted_on DESC, c.id DESC LIMIT :limit""",
        {"person": person_id, "limit": -1 if limit is None else limit},
    )
    return [Logged(r["id"], r["name"], r["kind"], r["contacted_on"], r["note"]) for r in rows]
