"""Follow-ups: the things `due` lists that are not promises (confirm, thank, revisit, reflect,
a next step, contact a referral, reconnect, reach out), scheduled by prep and reflect, and done
or snoozed by the organizer.

Reminders close themselves: contact recorded with a person (a meeting held, a reconnect done:
`people.touch`) or a meeting booked with them closes their open reminders to get in touch
(GET_IN_TOUCH), and a new answer to an ask closes that ask's open revisits (`close_revisits`).

A follow-up is stored as facts: its kind (vocabulary.FOLLOWUP_KINDS), the person, the meeting or
ask it is about, and for a next step the organizer's own words. No sentence is stored: render/
writes them, so renaming or forgetting a person never leaves a stale name in a follow-up.

IDs are typed with a letter: `f12` is follow-up 12, `p7` is promise 7, and `r3` is the derived
"reconnect with person 3" item, which has no row until it is done or snoozed.
"""

from __future__ import annotations

from datetime import date

from onetoone.errors import BadInput
from onetoone.store.journal import Journal, in_list
from onetoone.vocabulary import FOLLOWUP_KINDS

# The reminders that getting in touch with the person answers.
GET_IN_TOUCH = ("contact-referral", "reconnect", "reach-out")
# Open follow-ups that already say when to be in touch with the person: while one is open, no
# derived reconnect is offered for them (one reminder a person, not two).
SAYS_WHEN = ("next-step", "reconnect", "reach-out", "contact-referral", "reschedule")


def schedule(
    journal: Journal, *, person_id: int, kind: str, due: date, today: date,
    meeting_id: int | None = None, ask_id: int | None = None, words: str | None = None, done: bool = False,
) -> int:
    """Add a follow-up (open, or already `done` today) and return its number. `words` are the
    organizer's own (a next step's text); everything else is said by render/ from the facts."""
    from onetoone.store.models import FollowUp

    if kind not in FOLLOWUP_KINDS:
        raise ValueError(f"unknown follow-up kind {kind!r}")
    item = FollowUp(
        person_id=person_id, kind=kind, due=due, words=words or None, meeting_id=meeting_id, ask_id=ask_id,
        created_on=today, status="done" if done else "open", done_on=today if done else None,
    )
    return journal.add(item).id


def close_for_meeting(journal: Journal, meeting_id: int, kinds: tuple[str, ...], *, today: date) -> None:
    """Mark a meeting's open follow-ups of these kinds done (a reflection written, say)."""
    marks, named = in_list("kind", kinds)
    journal.execute(
        f"UPDATE followup SET status = 'done', done_on = :today WHERE meeting_id = :meeting AND status = 'open' AND kind IN ({marks})",
        {"today": today, "meeting": meeting_id, **named},
    )


def close_for_person(journal: Journal, person_id: int, kinds: tuple[str, ...], *, today: date) -> None:
    """Mark a person's open follow-ups of these kinds done (contact made: see GET_IN_TOUCH)."""
    marks, named = in_list("kind", kinds)
    journal.execute(
        f"UPDATE followup SET status = 'done', done_on = :today WHERE person_id = :person AND status = 'open' AND kind IN ({marks})",
        {"today": today, "person": person_id, **named},
    )


def close_revisits(journal: Journal, person_id: int, ask_text: str, *, today: date) -> None:
    """A new answer to an ask: the open revisits of the person's earlier asks of the same text
    (in any case, spacing or accents) are done, whatever the answer (a new maybe has its own)."""
    from onetoone.domain.text import key

    wanted = key(ask_text)
    for row in journal.rows(
        "SELECT f.id, a.text FROM followup f JOIN ask a ON a.id = f.ask_id "
        "WHERE f.person_id = :person AND f.status = 'open' AND f.kind = 'revisit'",
        {"person": person_id},
    ):
        if key(row["text"]) == wanted:
            journal.execute(
                "UPDATE followup SET status = 'done', done_on = :today WHERE id = :id", {"today": today, "id": row["id"]}
            )


def drop_for_meeting(journal: Journal, meeting_id: int, kinds: tuple[str, ...]) -> None:
    """Remove a meeting's open follow-ups of these kinds (the meeting moved or was cancelled)."""
    marks, named = in_list("kind", kinds)
    journal.execute(
        f"DELETE FROM followup WHERE meeting_id = :meeting AND status = 'open' AND kind IN ({marks})",
        {"meeting": meeting_id, **named},
    )


def parse_id(typed: str) -> tuple[str, int]:
    """'f12' -> ('f', 12); accepts upper case and a leading '#'."""
    text = (typed or "").strip().lower().lstrip("#")
    letter, number = text[:1], text[1:]
    if letter not in ("f", "p", "r") or not number.isascii() or not number.isdigit() or len(number) > 12:
        raise BadInput(
            f"'{typed}' is not an item id. Use the id shown by `oto due` or `oto promises`, like f12, p7 or r3."
        )
    return letter, int(number)
