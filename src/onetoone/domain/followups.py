"""Follow-ups: the things `due` lists that are not promises (confirm, thank, revisit, reflect,
a next step, contact a referral, reconnect), scheduled by prep and reflect, and done or snoozed
by the organizer.

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
