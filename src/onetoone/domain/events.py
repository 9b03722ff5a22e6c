"""Group meetings and actions (`oto event`) and who came to them (`oto attended`).

An event has a title, a kind (vocabulary.EVENT_KINDS), a day and maybe a time, a place and a host
(a person: a house meeting is held at someone's home). Recording who came settles the commitments
made for it, so that the show-up record in prep and review is what happened.

Which commitments are an event's (the one rule, in `commitments`): a commitment of theirs counts
for an event when it is linked to it (`oto promise NAME --theirs TEXT --event e3`, or linked when
attendance was recorded), or, unlinked and still open, when it is due on the event's day and its
words include every word of the event's title ("Come to the building meeting" due Sat counts for
"Building meeting" on Sat; case, accents and apostrophes do not matter). Released commitments
never count.

When attendance is recorded (`record`): each person named as coming is 'came' and their
commitments for it are kept (on the event's day); each named with --missed is a no-show and
theirs are broken; the host came unless named with --missed; and everyone else who committed
to it and is not recorded yet is a no-show, their commitment broken, since by then the organizer
has said who was there. A commitment settled this way is linked to the event, so recording again
(someone forgotten at first) turns a no-show into 'came' and the broken commitment into kept.
A broken commitment from a "yes" is that ask's "did not show up", as with `oto broken`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from onetoone.dates import show_day
from onetoone.domain.text import NAME_LIMIT, clean, optional
from onetoone.errors import Ambiguous, BadInput, NotFound
from onetoone.keys import key
from onetoone.store.journal import Journal
from onetoone.vocabulary import EVENT_KINDS, OPEN_PROMISE

UNRECORDED_DAYS = 14  # past events without attendance that `oto due` still asks about
RECENT = 4  # events a prep sheet shows
PAST_ON_SCREEN = 10  # past events `oto events` shows without --past


@dataclass(frozen=True)
class Event:
    """An event as screens show it, with its counts: who said yes (their commitments for it, by
    the rule above), who came, who did not."""

    id: int
    title: str
    kind: str
    day: date
    at: str | None
    place: str | None
    host_id: int | None
    host: str | None
    recorded_on: date | None
    said_yes: int = 0
    came: int = 0
    no_shows: int = 0
    came_after_yes: int = 0  # of those who came, the ones who had said yes


@dataclass(frozen=True)
class Commitment:
    promise_id: int
    person_id: int
    person: str
    text: str
    status: str
    linked: bool


_SELECT = """
SELECT e.id, e.title, e.kind, e.day, e.at, e.place, e.host_id, h.name AS host, e.recorded_on,
  (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'came') AS came,
  (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'no-show') AS no_shows,
  (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'came' AND a.promise_id IS NOT NULL) AS came_after_yes
FROM event e LEFT JOIN person h ON h.id = e.host_id
"""


def _event(journal: Journal, row) -> Event:
    bare = Event(row["id"], row["title"], row["kind"], row["day"], row["at"], row["place"], row["host_id"], row["host"],
                 row["recorded_on"], came=row["came"], no_shows=row["no_shows"], came_after_yes=row["came_after_yes"])
    return replace(bare, said_yes=len({c.person_id for c in commitments(journal, bare)}))


def get(journal: Journal, event_id: int) -> Event:
    row = journal.row(_SELECT + " WHERE e.id = :id", {"id": event_id})
    if row is None:
        raise NotFound(f"There is no event e{event_id}. See `oto events` (and `oto events --past`) for the ids.")
    return _event(journal, row)


def find(journal: Journal, typed: str) -> Event:
    """The event `typed` names: its id (e3, or 3) or the start of its title, when only one
    event's title starts so (case and accents ignored); several or none is an error saying which."""
    text = (typed or "").strip()
    number = text[1:] if text[:1] in ("e", "E") else text
    if number.isascii() and number.isdigit() and len(number) <= 12:
        return get(journal, int(number))
    wanted = key(text)
    if not wanted:
        raise BadInput("No event given. Type its id (like e3, see `oto events`) or the start of its title.")
    found = [r for r in journal.rows("SELECT id, title, day FROM event ORDER BY day DESC, id DESC") if key(r["title"]).startswith(wanted)]
    if len(found) == 1:
        return get(journal, found[0]["id"])
    if not found:
        raise NotFound(f"No event called '{text}'. See `oto events` (and `oto events --past`) for their ids and titles.")
    listed = "; ".join(f"e{r['id']} '{r['title']}' ({show_day(r['day'])})" for r in found[:8])
    more = f" and {len(found) - 8} more" if len(found) > 8 else ""
    raise Ambiguous(f"'{text}' could be {listed}{more}. Type its id.")


def kind_of(typed: str | None) -> str:
    wanted = (typed or "meeting").strip().lower().replace(" ", "-")
    if wanted not in EVENT_KINDS:
        raise BadInput(f"Unknown kind of event '{typed}'. Use one of: {', '.join(EVENT_KINDS)}.")
    return wanted


def create(
    journal: Journal, *, title: str, day: date, at: str | None = None, place: str | None = None,
    kind: str | None = None, host_id: int | None = None, today: date,
) -> Event:
    """Add an event and return it (with who has already said yes to it, by the rule above)."""
    from onetoone.store.models import Event as EventRow

    row = EventRow(
        title=clean(title, "event's title", limit=NAME_LIMIT), kind=kind_of(kind), day=day, at=at,
        place=optional(place, "place", limit=NAME_LIMIT), host_id=host_id, created_on=today,
    )
    return get(journal, journal.add(row).id)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", key(text)))


def commitments(journal: Journal, event: Event) -> list[Commitment]:
    """The commitments that count for `event` (the module's rule): linked ones, then the open,
    unlinked ones due on its day that hold every word of its title."""
    columns = "pr.id, pr.person_id, p.name, pr.text, pr.status"
    linked = journal.rows(
        f"SELECT {columns} FROM promise pr JOIN person p ON p.id = pr.person_id "
        "WHERE pr.event_id = :event AND pr.direction = 'theirs' AND pr.status != 'released' ORDER BY pr.id",
        {"event": event.id},
    )
    title = _words(event.title)
    # `+event_id`: through (status, due, direction) to the few open ones due that day, not through
    # ix_promise_event_id to every unlinked promise in the journal.
    loose = journal.rows(
        f"SELECT {columns} FROM promise pr JOIN person p ON p.id = pr.person_id "
        "WHERE pr.status IN (:open, :renegotiated) AND pr.due = :day AND pr.direction = 'theirs' AND +pr.event_id IS NULL "
        "ORDER BY pr.id",
        {"open": OPEN_PROMISE[0], "renegotiated": OPEN_PROMISE[1], "day": event.day},
    )
    found = [Commitment(r["id"], r["person_id"], r["name"], r["text"], r["status"], True) for r in linked]
    found += [Commitment(r["id"], r["person_id"], r["name"], r["text"], r["status"], False)
              for r in loose if title and title <= _words(r["text"])]
    return found


# -- Who came ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settled:
    person_id: int
    person: str
    status: str  # came or no-show
    was: str | None  # what was recorded before, if anything
    promises: tuple[int, ...]  # the commitments it kept (came) or broke (no-show)
    expected: bool  # a no-show nobody named: they committed, and were not recorded as coming


@dataclass(frozen=True)
class Recorded:
    event: Event
    settled: list[Settled] = field(default_factory=list)


def record(journal: Journal, event: Event, *, came: list, missed: list, today: date) -> Recorded:
    """Record who came (`came`, PersonRefs) and who did not (`missed`), and settle the event's
    commitments as the module says, in the caller's one transaction."""
    from onetoone.domain import people
    from onetoone.store.models import Attendance, Event as EventRow

    if event.day > today:
        raise BadInput(f"e{event.id} is on {show_day(event.day)}, still ahead; record who came on the day or after it.")
    names = {p.id: p.name for p in [*came, *missed]}
    both = {p.id for p in came} & {p.id for p in missed}
    if both:
        raise BadInput(f"{names[min(both)]} is named both as coming and as missing; name them once.")
    decided = {p.id: "came" for p in came} | {p.id: "no-show" for p in missed}
    if event.host_id is not None and event.host_id not in decided:
        decided[event.host_id] = "came"
        names[event.host_id] = event.host
    before = {r["person_id"]: r["status"] for r in journal.rows(
        "SELECT person_id, status FROM attendance WHERE event_id = :event", {"event": event.id})}
    owed: dict[int, list[Commitment]] = {}
    for commitment in commitments(journal, event):
        owed.setdefault(commitment.person_id, []).append(commitment)
        names.setdefault(commitment.person_id, commitment.person)
    expected = [pid for pid in owed if pid not in decided and pid not in before]
    decided.update({pid: "no-show" for pid in expected})
    settled = []
    for person_id, status in decided.items():
        mine = owed.get(person_id, [])
        row = journal.get(Attendance, (event.id, person_id))
        if row is None:
            row = Attendance(event_id=event.id, person_id=person_id, status=status)
        row.status = status
        row.promise_id = row.promise_id or (mine[0].promise_id if mine else None)
        journal.add(row)
        for commitment in mine:
            settle(journal, commitment.promise_id, event, kept=status == "came")
        if status == "came":
            people.touch(journal, person_id, event.day)
        settled.append(Settled(person_id, names[person_id], status, before.get(person_id),
                               tuple(c.promise_id for c in mine), person_id in expected))
    stored = journal.get(EventRow, event.id)
    stored.recorded_on = stored.recorded_on or today
    journal.add(stored)
    return Recorded(get(journal, event.id), settled)


def settle(journal: Journal, promise_id: int, event: Event, *, kept: bool) -> None:
    """A commitment kept or broken on the event's day, linked to it; an ask it came from records
    whether they showed up, as `oto kept`/`oto broken` do."""
    from onetoone.store.models import Ask, Promise

    promise = journal.get(Promise, promise_id)
    promise.event_id, promise.status, promise.closed_on = event.id, "kept" if kept else "broken", event.day
    journal.add(promise)
    for (ask_id,) in journal.rows("SELECT id FROM ask WHERE promise_id = :promise", {"promise": promise_id}):
        ask = journal.get(Ask, ask_id)
        ask.showed_up = kept
        journal.add(ask)


def link(journal: Journal, promise_id: int, event: Event) -> None:
    """Tie a commitment to the event it is about (`oto promise --theirs --event`)."""
    from onetoone.store.models import Promise

    promise = journal.get(Promise, promise_id)
    promise.event_id = event.id
    journal.add(promise)


@dataclass(frozen=True)
class Attendee:
    person_id: int
    person: str
    status: str | None  # came, no-show, or None: committed, not recorded yet
    committed: bool


@dataclass(frozen=True)
class Detail:
    event: Event
    people: list[Attendee]  # came first, then no-shows, then those who said yes, by name


def detail(journal: Journal, event: Event) -> Detail:
    """One event: who came, who did not, and who said yes and is not recorded yet."""
    rows = journal.rows(
        """SELECT a.person_id, p.name, a.status, a.promise_id IS NOT NULL AS committed FROM attendance a
           JOIN person p ON p.id = a.person_id WHERE a.event_id = :event ORDER BY a.status, p.name_key""",
        {"event": event.id},
    )
    found = [Attendee(r["person_id"], r["name"], r["status"], bool(r["committed"])) for r in rows]
    seen = {a.person_id for a in found}
    for c in commitments(journal, event):
        if c.person_id not in seen:
            seen.add(c.person_id)
            found.append(Attendee(c.person_id, c.person, None, True))
    return Detail(event, found)


# -- Lists: `oto events`, the digest and the agenda ----------------------------------------------


@dataclass(frozen=True)
class Listing:
    upcoming: list[Event]
    past: list[Event]
    more_past: int  # past events left out (see `oto events --past`)


def listing(journal: Journal, *, today: date, past: bool = False, limit: int | None = PAST_ON_SCREEN) -> Listing:
    """Upcoming events, soonest first; then past ones, latest first (at most `limit` unless
    `past`, which lists only the past ones, all of them)."""
    upcoming = [] if past else between(journal, today, date.max)
    rows = journal.rows(_SELECT + " WHERE e.day < :today ORDER BY e.day DESC, e.at DESC, e.id DESC LIMIT :limit",
                        {"today": today, "limit": -1 if past or limit is None else limit})
    total = journal.value("SELECT count(*) FROM event WHERE day < :today", {"today": today})
    return Listing(upcoming, [_event(journal, r) for r in rows], total - len(rows))


def between(journal: Journal, first: date, last: date) -> list[Event]:
    """The events from `first` to `last` (both included), in time order."""
    rows = journal.rows(_SELECT + " WHERE e.day BETWEEN :first AND :last ORDER BY e.day, coalesce(e.at, ''), e.id",
                        {"first": first, "last": last})
    return [_event(journal, r) for r in rows]


def unrecorded(journal: Journal, *, today: date) -> list[Event]:
    """Events of the last UNRECORDED_DAYS days (before today) whose attendance is not recorded."""
    rows = journal.rows(
        _SELECT + " WHERE e.day >= :since AND e.day < :today AND e.recorded_on IS NULL ORDER BY e.day, e.id",
        {"since": today - timedelta(days=UNRECORDED_DAYS), "today": today},
    )
    return [_event(journal, r) for r in rows]


# -- One person's events: prep and the timeline ----------------------------------------------------


@dataclass(frozen=True)
class Took:
    """An event in one person's record: they hosted it, came, or did not come."""

    event_id: int
    title: str
    kind: str
    day: date
    role: str  # hosting (attendance not recorded yet), hosted, came or no-show
    committed: bool  # they had said yes to it


def _role(status: str | None, hosted: bool) -> str:
    if status is None:
        return "hosting"
    return "hosted" if hosted and status == "came" else status


@dataclass(frozen=True)
class Record:
    recent: list[Took]  # newest first, at most RECENT (all for the timeline)
    said_yes: int  # events recorded that they had committed to
    came_after_yes: int  # of those, the ones they came to
    came: int  # events they came to (hosted or not)
    hosted: int
    no_shows: int


def person_record(journal: Journal, person_id: int, *, limit: int | None = RECENT) -> Record:
    """What the events say about one person, through the attendance and host indexes."""
    rows = journal.rows(
        """SELECT e.id, e.title, e.kind, e.day, a.status, a.promise_id IS NOT NULL AS committed, e.host_id = :p AS hosted
           FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.person_id = :p
           UNION ALL
           SELECT e.id, e.title, e.kind, e.day, NULL, false, true FROM event e
           WHERE e.host_id = :p AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.event_id = e.id AND a.person_id = :p)
           ORDER BY 4 DESC, 1 DESC""",
        {"p": person_id},
    )
    took = [Took(r["id"], r["title"], r["kind"], r["day"], _role(r["status"], bool(r["hosted"])), bool(r["committed"])) for r in rows]
    attended = [r for r in rows if r["status"] is not None]
    return Record(
        recent=took if limit is None else took[:limit],
        said_yes=sum(1 for r in attended if r["committed"]),
        came_after_yes=sum(1 for r in attended if r["committed"] and r["status"] == "came"),
        came=sum(1 for r in attended if r["status"] == "came"),
        hosted=sum(1 for r in rows if r["hosted"]),
        no_shows=sum(1 for r in attended if r["status"] == "no-show"),
    )


# -- Over a period: `oto review` ----------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    held: int  # events on a day in the period, up to today
    recorded: int  # of them, with attendance recorded
    came: int  # people who came, counted once per event
    said_yes: int  # attendance recorded of people who had committed
    came_after_yes: int


def period(journal: Journal, *, start: date, end: date) -> Period:
    row = journal.row(
        """SELECT count(*) AS held, count(recorded_on) AS recorded,
             (SELECT count(*) FROM attendance a JOIN event e ON e.id = a.event_id
              WHERE e.day BETWEEN :start AND :end AND a.status = 'came') AS came,
             (SELECT count(*) FROM attendance a JOIN event e ON e.id = a.event_id
              WHERE e.day BETWEEN :start AND :end AND a.promise_id IS NOT NULL) AS said_yes,
             (SELECT count(*) FROM attendance a JOIN event e ON e.id = a.event_id
              WHERE e.day BETWEEN :start AND :end AND a.promise_id IS NOT NULL AND a.status = 'came') AS came_after_yes
           FROM event WHERE day BETWEEN :start AND :end""",
        {"start": start, "end": end},
    )
    return Period(row["held"], row["recorded"], row["came"], row["said_yes"], row["came_after_yes"])
