"""Introductions I made (`oto introduce A B`), and the ones prep suggests: people who spoke of the
same things in their self-interests and concerns, not yet introduced to each other.

The suggestion rule is one an organizer can check by eye: two people share a significant word
(four letters or more, not a common word; case and accents ignored) between the self-interests
and concerns noted about them. The other people are looked for among the most recent
SUGGEST_WINDOW self-interests and concerns noted in the journal, so that prep stays as quick on
ten years of notes as on one month's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone.domain.people import PersonRef
from onetoone.errors import BadInput
from onetoone.keys import key
from onetoone.store.journal import Journal, in_list

SUGGEST = 3  # introductions suggested on a prep sheet
SUGGEST_WINDOW = 2000  # the most recent self-interests and concerns looked through for them
_KINDS = ("self-interest", "concern")
_COMMON = frozenset("""
about after again also always another because been before being both could does doing down each even every
from getting give going good great have having help into just keep know like little lives living long look made
make many more most much must need needs never only other over really said same should some still such take than
that their them then there these they thing things think this those through very want wants well were what when
where which while with without would year years your people person family friends kids children time
""".split())


@dataclass(frozen=True)
class Introduced:
    id: int
    person: str
    other: str
    on: date
    note: str | None


def introduce(journal: Journal, one: PersonRef, other: PersonRef, *, on: date, note: str | None, today: date) -> Introduced:
    """Record that I connected `one` and `other` on `on` (today or a day gone by)."""
    from onetoone.domain.text import optional
    from onetoone.store.models import Introduction

    if one.id == other.id:
        raise BadInput(f"'{one.name}' is one person; an introduction connects two.")
    if on > today:
        raise BadInput("An introduction is recorded once made: give today or a day gone by.")
    before = journal.value(
        """SELECT introduced_on FROM introduction WHERE (person_id = :a AND other_id = :b) OR (person_id = :b AND other_id = :a)
           ORDER BY introduced_on LIMIT 1""",
        {"a": one.id, "b": other.id},
    )
    if before is not None:
        from onetoone.dates import show_day

        raise BadInput(f"{one.name} and {other.name} were introduced on {show_day(date.fromisoformat(str(before)))}; nothing was changed.")
    made = journal.add(Introduction(person_id=one.id, other_id=other.id, introduced_on=on,
                                    note=optional(note, "note") if note and note.strip() else None, created_on=today))
    return Introduced(made.id, one.name, other.name, on, made.note)


def introduced(journal: Journal, person_id: int) -> list[tuple[str, date]]:
    """Whom I introduced them to, and when, oldest first."""
    rows = journal.rows(
        """SELECT p.name, x.introduced_on AS "on [date]" FROM introduction x
             JOIN person p ON p.id = CASE WHEN x.person_id = :p THEN x.other_id ELSE x.person_id END
           WHERE x.person_id = :p OR x.other_id = :p ORDER BY x.introduced_on, x.id""",
        {"p": person_id},
    )
    return [(r["name"], r["on"]) for r in rows]


def words(text: str) -> set[str]:
    """The significant words of a note: four letters or more, not a common word, in `key` form."""
    found = "".join(ch if ch.isalnum() else " " for ch in key(text)).split()
    return {w for w in found if len(w) >= 4 and w not in _COMMON and not w.isdigit()}


@dataclass(frozen=True)
class Suggestion:
    """Someone worth introducing them to: who, where they belong, and the words both spoke of."""

    id: int
    name: str
    institution: str | None
    shared: tuple[str, ...]


def suggest(journal: Journal, person_id: int) -> list[Suggestion]:
    """People sharing a significant word with their self-interests and concerns, not introduced
    to them yet and not asking to be left alone; most words in common first, then the most recent."""
    marks = ", ".join(f"'{k}'" for k in _KINDS)
    theirs: set[str] = set()
    for (text,) in journal.rows(f"SELECT text FROM insight WHERE person_id = :p AND kind IN ({marks})", {"p": person_id}):
        theirs |= words(text)
    if not theirs:
        return []
    known = {r[0] for r in journal.rows(
        """SELECT CASE WHEN person_id = :p THEN other_id ELSE person_id END FROM introduction
           WHERE person_id = :p OR other_id = :p""", {"p": person_id},
    )}
    shared: dict[int, set[str]] = {}
    rank: dict[int, int] = {}
    for row in journal.rows(
        f"SELECT person_id, text FROM insight WHERE kind IN ({marks}) ORDER BY id DESC LIMIT :n", {"n": SUGGEST_WINDOW}
    ):
        other = row["person_id"]
        if other == person_id or other in known:
            continue
        common = theirs & words(row["text"])
        if common:
            shared.setdefault(other, set()).update(common)
            rank.setdefault(other, len(rank))
    if not shared:
        return []
    marks, ids = in_list("id", list(shared))
    people = {r["id"]: r for r in journal.rows(
        f"""SELECT p.id, p.name, p.do_not_contact, i.name AS institution FROM person p
           LEFT JOIN institution i ON i.id = p.institution_id WHERE p.id IN ({marks})""",
        ids,
    )}
    ranked = sorted((i for i in shared if i in people and not people[i]["do_not_contact"]), key=lambda i: (-len(shared[i]), rank[i]))
    return [Suggestion(i, people[i]["name"], people[i]["institution"], tuple(sorted(shared[i]))) for i in ranked[:SUGGEST]]
