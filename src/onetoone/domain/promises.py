"""The two-way ledger of promises: what I owe people, and what they committed to.

A promise is `mine` (I owe it) or `theirs` (their commitment, often a "yes" to an ask). It is
open until it is kept, broken or released; renegotiating moves its due date, keeps the first one,
and leaves it open. Keeping or breaking a commitment that came from a "yes" is also that ask's
show-up record (`ask.showed_up`). Promise ids are typed `p12`; a bare `12` is accepted too,
since `kept`, `broken` and `renegotiate` only ever take promises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from onetoone.dates import show_day
from onetoone.domain.text import clean
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal

OPEN = ("open", "renegotiated")
CLOSED = ("kept", "broken", "released")
DIRECTIONS = ("mine", "theirs")
TEXT_LIMIT = 1_000


@dataclass(frozen=True)
class Reliability:
    """Promises kept on time out of all that have come due (released ones are left out)."""

    kept_on_time: int
    due: int

    def __str__(self) -> str:
        if not self.due:
            return "nothing due yet"
        return f"{self.kept_on_time} of {self.due} kept on time"


def reliability(journal: Journal, person_id: int, direction: str, *, today: date) -> Reliability:
    row = journal.row(
        """
        SELECT
          sum(CASE WHEN status = 'kept' AND closed_on <= due THEN 1 ELSE 0 END),
          count(*)
        FROM promise
        WHERE person_id = :person AND direction = :direction AND status != 'released'
          AND (status IN ('kept', 'broken') OR due < :today)
        """,
        {"person": person_id, "direction": direction, "today": today},
    )
    return Reliability(row[0] or 0, row[1] or 0)


@dataclass(frozen=True)
class ShowUps:
    """Their show-up record: what became of their yeses (came, did not come, not known yet) and
    of the one-to-ones planned with them (held, or a no-show)."""

    showed: int = 0
    missed: int = 0
    unknown: int = 0
    held: int = 0
    no_shows: int = 0

    @property
    def yeses(self) -> int:
        return self.showed + self.missed + self.unknown


def show_ups(journal: Journal, person_id: int) -> ShowUps:
    row = journal.row(
        """SELECT (SELECT sum(CAST(showed_up AS integer)) FROM ask WHERE person_id = :p AND answer = 'yes'),
                  (SELECT sum(CAST(NOT showed_up AS integer)) FROM ask WHERE person_id = :p AND answer = 'yes'),
                  (SELECT sum(CAST(showed_up IS NULL AS integer)) FROM ask WHERE person_id = :p AND answer = 'yes'),
                  (SELECT count(*) FROM meeting WHERE person_id = :p AND status = 'held'),
                  (SELECT count(*) FROM meeting WHERE person_id = :p AND status = 'no-show')""",
        {"p": person_id},
    )
    return ShowUps(*(value or 0 for value in row))


@dataclass(frozen=True)
class Entry:
    """One promise as the ledger shows it."""

    id: int
    person_id: int
    person: str
    direction: str
    text: str
    due: date
    first_due: date
    status: str
    created_on: date
    closed_on: date | None
    ask_text: str | None = None  # the ask they said yes to, when this commitment came from one

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due < today


@dataclass(frozen=True)
class Closed:
    """What `kept`/`broken` did: the promise as it now is, and the show-up record it set."""

    entry: Entry
    showed_up: bool | None  # None when the promise is not linked to an ask


_SELECT = """
    SELECT pr.id, pr.person_id, p.name AS person, pr.direction, pr.text, pr.due, pr.first_due,
           pr.status, pr.created_on, pr.closed_on,
           (SELECT a.text FROM ask a WHERE a.promise_id = pr.id ORDER BY a.id LIMIT 1) AS ask_text
    FROM promise pr JOIN person p ON p.id = pr.person_id
"""


def _entry(row) -> Entry:
    return Entry(
        id=row["id"], person_id=row["person_id"], person=row["person"], direction=row["direction"],
        text=row["text"], due=row["due"], first_due=row["first_due"],
        status=row["status"], created_on=row["created_on"], closed_on=row["closed_on"],
        ask_text=row["ask_text"],
    )


def parse_id(typed: str) -> int:
    """'p12', 'P12', '#p12' or '12' -> 12; a follow-up or reconnect id says which command takes it."""
    text = (typed or "").strip().lower().lstrip("#")
    number = text[1:] if text.startswith("p") else text
    if number.isascii() and number.isdigit() and len(number) <= 12:
        return int(number)
    if text[:1] in ("f", "r") and text[1:].isascii() and text[1:].isdigit():
        raise BadInput(f"'{typed}' is a follow-up, not a promise. Use `oto done {text}` or `oto snooze {text}`.")
    raise BadInput(f"'{typed}' is not a promise id. Use the id `oto promises` shows, like p7.")


def get(journal: Journal, number: int) -> Entry:
    row = journal.row(_SELECT + " WHERE pr.id = :id", {"id": number})
    if row is None:
        raise NotFound(f"There is no promise p{number}. See `oto promises --all` for the ids.")
    return _entry(row)


def record(
    journal: Journal, *, person_id: int, text: str, due: date, today: date,
    direction: str = "mine", meeting_id: int | None = None,
) -> Entry:
    """Add an open promise (mine) or commitment (theirs) and return it."""
    from onetoone.store.models import Promise

    if direction not in DIRECTIONS:
        raise BadInput(f"A promise is 'mine' or 'theirs', not '{direction}'.")
    promise = Promise(
        person_id=person_id, meeting_id=meeting_id, direction=direction,
        text=clean(text, "promise", limit=TEXT_LIMIT), due=due, first_due=due, status="open", created_on=today,
    )
    return get(journal, journal.add(promise).id)


def listing(
    journal: Journal, *, today: date, person_id: int | None = None, direction: str | None = None,
    overdue: bool = False, include_closed: bool = False, limit: int | None = None,
) -> list[Entry]:
    """Promises, mine before theirs, open before closed, by due date; at most `limit` of them.

    By default only open ones (open and renegotiated); `overdue` keeps the open ones past due.
    """
    condition, params = _filters(today, person_id, direction, overdue, include_closed)
    rows = journal.rows(
        _SELECT
        + f""" WHERE {condition}
        ORDER BY pr.direction = 'theirs', pr.status NOT IN ('open', 'renegotiated'), pr.due, p.name_key, pr.id
        LIMIT :limit""",
        {**params, "limit": -1 if limit is None else limit},
    )
    return [_entry(row) for row in rows]


def count(
    journal: Journal, *, today: date, person_id: int | None = None, direction: str | None = None,
    overdue: bool = False, include_closed: bool = False,
) -> int:
    condition, params = _filters(today, person_id, direction, overdue, include_closed)
    return journal.value(f"SELECT count(*) FROM promise pr WHERE {condition}", params)


def _filters(today: date, person_id, direction, overdue: bool, include_closed: bool) -> tuple[str, dict]:
    where, params = [], {"today": today}
    if not include_closed or overdue:
        where.append("pr.status IN ('open', 'renegotiated')")
    if overdue:
        where.append("pr.due < :today")
    if person_id is not None:
        where.append("pr.person_id = :person")
        params["person"] = person_id
    if direction is not None:
        where.append("pr.direction = :direction")
        params["direction"] = direction
    return " AND ".join(where) or "1 = 1", params


def close(journal: Journal, number: int, status: str, *, today: date) -> Closed:
    """Mark a promise kept or broken today; a commitment from a "yes" also records the show-up.
    Released (withdrawn by agreement) it records nothing about anyone and leaves reliability alone."""
    from onetoone.store.models import Ask, Promise

    if status not in CLOSED:
        raise BadInput(f"A promise is closed as 'kept', 'broken' or 'released', not '{status}'.")
    entry = get(journal, number)
    if not entry.is_open:
        raise BadInput(f"p{number} is already {_closed_words(entry)}; nothing was changed.")
    promise = journal.get(Promise, number)
    promise.status, promise.closed_on = status, today
    showed_up = None
    if entry.direction == "theirs" and status != "released":
        for (ask_id,) in journal.rows("SELECT id FROM ask WHERE promise_id = :promise", {"promise": number}):
            ask = journal.get(Ask, ask_id)
            ask.showed_up = showed_up = status == "kept"
    return Closed(get(journal, number), showed_up)


def close_all(journal: Journal, typed: list[str], status: str, *, today: date, on: date | None = None) -> list[Closed]:
    """Close several promises in the caller's one transaction, today or `on` an earlier day: all
    of them, or (on a bad id, a promise already closed, a day before one was made) none."""
    from onetoone.errors import one_batch, whole_batch

    numbers = one_batch(typed, parse_id)
    with whole_batch(len(numbers)):
        closed = []
        for number in numbers:
            check_day(on, today=today, made_on=get(journal, number).created_on, what=f"p{number}")
            closed.append(close(journal, number, status, today=on or today))
        return closed


def check_day(on: date | None, *, today: date, made_on: date, what: str) -> None:
    """Refuse `--on` a day ahead of today, or before the item was recorded."""
    if on is None:
        return
    if on > today:
        raise BadInput(f"{show_day(on)} is still ahead; give today or an earlier day.")
    if on < made_on:
        raise BadInput(f"{what} was only recorded on {show_day(made_on)}; give that day or a later one.")


def renegotiate(journal: Journal, number: int, due: date, *, today: date) -> tuple[Entry, date]:
    """Move an open promise's due date (its first due date is kept); returns it and the old date."""
    from onetoone.store.models import Promise

    entry = get(journal, number)
    if not entry.is_open:
        raise BadInput(f"p{number} is already {_closed_words(entry)}; only an open promise can be renegotiated.")
    if due < today:
        raise BadInput(f"The new date, {show_day(due)}, is in the past; give today or a later day.")
    if due == entry.due:
        raise BadInput(f"p{number} is already due {show_day(due)}; give a different day.")
    promise = journal.get(Promise, number)
    promise.due, promise.status = due, "renegotiated"
    return get(journal, number), entry.due


def _closed_words(entry: Entry) -> str:
    return f"{entry.status} (on {show_day(entry.closed_on)})" if entry.closed_on else entry.status


@dataclass(frozen=True)
class Ledger:
    """What `oto promises` shows: the promises, and for one person how reliable each side has been."""

    entries: list[Entry]
    person: str | None = None
    mine: Reliability | None = None
    theirs: Reliability | None = None
    show_ups: ShowUps | None = None
    unlisted: dict[str, int] = field(default_factory=dict)  # per direction, left out by a limit


def ledger(
    journal: Journal, *, today: date, person=None, direction: str | None = None,
    overdue: bool = False, include_closed: bool = False, limit: int | None = None,
) -> Ledger:
    """The ledger, for everyone or for one person (a `people.PersonRef`), at most `limit` a side."""
    filters = dict(
        today=today, person_id=None if person is None else person.id, overdue=overdue, include_closed=include_closed,
    )
    entries, unlisted = [], {}
    for side in DIRECTIONS if direction is None else (direction,):
        found = listing(journal, direction=side, limit=limit, **filters)
        entries += found
        if limit is not None and len(found) == limit:
            unlisted[side] = count(journal, direction=side, **filters) - limit
    if person is None:
        return Ledger(entries, unlisted=unlisted)
    return Ledger(
        entries, person.name, unlisted=unlisted,
        mine=reliability(journal, person.id, "mine", today=today),
        theirs=reliability(journal, person.id, "theirs", today=today),
        show_ups=show_ups(journal, person.id),
    )
