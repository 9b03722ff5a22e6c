"""The morning digest (`oto due`) and what `done` and `snooze` do to the items it lists.

The digest gathers, up to a horizon of `days` after today: open follow-ups (`f12`), open
promises both ways (`p7`), and derived "reconnect with this person" items (`r3`, from
`person.reconnect_on`, which `people.touch` keeps current). One indexed query per source joins
what the texts need (never a query per item); reconnect suggestions, which can number thousands
on a journal of years, are read only as far as the screen shows them.

Rules worth knowing:
- A 'confirm' follow-up appears only while its meeting is still planned and ahead; the 'reflect'
  one only once the meeting's planned time has passed and it is still planned (not reflected on).
- A derived reconnect is offered for people with a reconnect date, who may be contacted, have no
  open 'next-step' or 'reconnect' follow-up (a next step or a snooze already says when) and no
  planned meeting.
- Next steps and reconnects are not debts: once their day has come they are listed under today
  and never marked overdue, however long ago the day was (vocabulary.NOT_OVERDUE).
- Items are bucketed (overdue, today, the coming days) and, inside a bucket, ordered by kind
  (vocabulary.DUE_KINDS), then due date, then person.
- Items carry facts (kind, person, meeting, ask, the organizer's words); render/due.py writes
  their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone.dates import show_day, week_start
from onetoone.domain import followups, meetings, people, promises, settings
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal
from onetoone.vocabulary import DUE_KINDS, DUE_LABELS, NOT_OVERDUE

KINDS = DUE_KINDS
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

_FOLLOWUP_COLUMNS = """f.id, f.kind, f.due, f.words, f.person_id, p.name AS person, p.name_key, p.last_contact_on,
       m.planned_at, m.held_on, a.text AS ask_text, a.answer, r.name AS referrer"""
_FOLLOWUP_JOINS = """JOIN person p ON p.id = f.person_id
LEFT JOIN meeting m ON m.id = f.meeting_id
LEFT JOIN ask a ON a.id = f.ask_id
LEFT JOIN person r ON r.id = p.referred_by_id"""
# Open follow-ups up to the horizon; a confirmation only while its meeting is planned and ahead,
# a reflection only once its planned time has passed.
_FOLLOWUP_OPEN = """WHERE f.status = 'open' AND f.due <= :horizon
  AND (f.kind NOT IN ('confirm', 'reflect') OR m.id IS NULL
       OR (f.kind = 'confirm' AND m.status = 'planned' AND m.planned_at >= :now)
       OR (f.kind = 'reflect' AND m.status = 'planned' AND m.planned_at < :now))"""

FOLLOWUPS_SQL = f"""
SELECT {_FOLLOWUP_COLUMNS}
FROM followup f
{_FOLLOWUP_JOINS}
{_FOLLOWUP_OPEN}
"""

# A screen shows a few follow-ups per bucket; a journal of years holds hundreds open, so the
# screen reads, like the promises below, only the first `limit` of each bucket in the digest's
# order (kind, due date, person) and counts the rest, with the referrals among them, in SQLite.
# Built from the vocabulary's constants only (no typed text).
_RANK_ORDER = "CASE f.kind " + " ".join(f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(DUE_KINDS)) + f" ELSE {len(DUE_KINDS)} END"
_NOT_OVERDUE_LIST = ", ".join(f"'{kind}'" for kind in NOT_OVERDUE)
FOLLOWUPS_SCREEN_SQL = f"""
WITH ranked AS (
  SELECT f.id, bucket,
         row_number() OVER (PARTITION BY bucket ORDER BY {_RANK_ORDER}, f.due, p.name_key, f.id) AS n,
         count(*) OVER (PARTITION BY bucket) AS total,
         sum(f.kind = 'contact-referral') OVER () AS referrals
  FROM (SELECT f.id, f.kind, f.due, f.person_id,
               CASE WHEN f.due < :today AND f.kind NOT IN ({_NOT_OVERDUE_LIST}) THEN 0 WHEN f.due <= :today THEN 1 ELSE 2 END AS bucket
        FROM followup f LEFT JOIN meeting m ON m.id = f.meeting_id
        {_FOLLOWUP_OPEN}) f
  JOIN person p ON p.id = f.person_id
)
SELECT {_FOLLOWUP_COLUMNS}, ranked.bucket, ranked.total, ranked.referrals
FROM ranked JOIN followup f ON f.id = ranked.id
{_FOLLOWUP_JOINS}
WHERE ranked.n <= :limit
"""

PROMISES_SQL = """
SELECT pr.id, pr.direction, pr.text, pr.due, pr.person_id, p.name AS person, p.name_key,
       EXISTS (SELECT 1 FROM ask a WHERE a.promise_id = pr.id) AS "from_ask [boolean]"
FROM promise pr
JOIN person p ON p.id = pr.person_id
WHERE pr.status IN ('open', 'renegotiated') AND pr.due <= :horizon
"""

# A screen shows a few promises per bucket; on a journal of years thousands can be open and
# past due, so the screen reads only the first `limit` of each direction and bucket (by due date,
# then id), each straight from the (status, due, direction) index with a LIMIT, and counts them
# all from that index alone, leaving the rest in SQLite. (One window function over every open
# promise cost three times as much: it sorts them all twice.)
_PROMISE_BANDS = (("due < :today", 0), ("due = :today", 1), ("due > :today AND due <= :horizon", 2))
PROMISES_SCREEN_SQL = "SELECT pr.id, pr.direction, pr.text, pr.due, pr.person_id, p.name AS person, p.name_key, " + (
    'EXISTS (SELECT 1 FROM ask a WHERE a.promise_id = pr.id) AS "from_ask [boolean]", first.bucket FROM ('
    + " UNION ALL ".join(
        f"SELECT * FROM (SELECT id, {bucket} AS bucket FROM promise WHERE status IN ('open', 'renegotiated') "
        f"AND {band} AND direction = '{direction}' ORDER BY due, id LIMIT :limit)"
        for direction in ("mine", "theirs") for band, bucket in _PROMISE_BANDS
    )
    + ") first JOIN promise pr ON pr.id = first.id JOIN person p ON p.id = pr.person_id"
)
PROMISES_COUNT_SQL = """
SELECT CASE WHEN due < :today THEN 0 WHEN due = :today THEN 1 ELSE 2 END AS bucket, direction, count(*) AS total
FROM promise WHERE status IN ('open', 'renegotiated') AND due <= :horizon GROUP BY 1, 2
"""

# Reconnect suggestions can run to thousands on a journal of years, so they are read by day band
# (up to today; the coming days), in order, as far as the screen needs. The lists of people with
# an open reconnect follow-up or a planned meeting are small and read once (uncorrelated NOT IN).
# Counting uses the reconnect_on index alone: people.refresh_reconnect keeps reconnect_on empty
# for anyone who asked not to be contacted.
_RECONNECT_WHERE = """
WHERE p.reconnect_on > :after AND p.reconnect_on <= :until
  AND p.id NOT IN (SELECT person_id FROM followup WHERE status = 'open' AND kind IN ('next-step', 'reconnect'))
  AND p.id NOT IN (SELECT person_id FROM meeting WHERE status = 'planned')
"""
RECONNECT_SQL = (
    "SELECT p.id, p.name AS person, p.name_key, p.reconnect_on, p.last_contact_on FROM person p"
    + _RECONNECT_WHERE
    + "AND NOT p.do_not_contact ORDER BY p.reconnect_on, p.name_key, p.id LIMIT :limit"
)
# Counted as everyone in the band (the reconnect_on index alone) less those in it with an open
# next step or reconnect or a planned meeting (the short lists), not row by row against them.
RECONNECT_COUNT_SQL = """
SELECT (SELECT count(*) FROM person WHERE reconnect_on > :after AND reconnect_on <= :until)
     - (SELECT count(*) FROM person WHERE reconnect_on > :after AND reconnect_on <= :until AND id IN (
          SELECT person_id FROM followup WHERE status = 'open' AND kind IN ('next-step', 'reconnect')
          UNION SELECT person_id FROM meeting WHERE status = 'planned'))
"""

# The unary `+` keeps SQLite off the (status, planned_at) index, where status = 'held' would
# match every meeting ever held: the week's days are the narrow way in.
WEEK_SQL = "SELECT count(*) FROM meeting WHERE held_on BETWEEN :monday AND :sunday AND +status = 'held'"


@dataclass(frozen=True)
class Item:
    """One line of the digest, with the facts its text is written from."""

    id: str  # what done/snooze/kept/broken accept: f12, p7, r3
    kind: str  # one of KINDS
    person_id: int
    person: str
    due: date
    overdue: bool
    text: str = ""  # a promise's text, or the organizer's own words of a follow-up (a next step's); "" if none
    meeting_at: datetime | None = None  # confirm, reflect
    held_on: date | None = None  # thank
    answer: str | None = None  # revisit
    ask_text: str | None = None  # revisit
    referrer: str | None = None  # contact-referral
    last_contact_on: date | None = None  # reconnect
    from_ask: bool = False  # promise-theirs: their "yes" to an ask, so keeping it is showing up
    sort_name: str = ""


@dataclass
class Digest:
    today: date
    days: int
    held: int  # one-to-ones held this week (Monday to Sunday)
    goal: int
    overdue: list[Item] = field(default_factory=list)
    due_today: list[Item] = field(default_factory=list)
    upcoming: list[Item] = field(default_factory=list)
    # Items left out by the screen's limits, for "... and N more", per bucket.
    unlisted_overdue: int = 0
    unlisted_today: int = 0
    unlisted_upcoming: int = 0
    referrals: int = 0  # open 'contact-referral' follow-ups in the digest, listed or not
    meetings: list = field(default_factory=list)  # today's planned one-to-ones, in time order (meetings.Slot)

    @property
    def items(self) -> list[Item]:
        return self.overdue + self.due_today + self.upcoming


def digest(
    journal: Journal, *, today: date, now: datetime, days: int = 7,
    reconnect_limit: int | None = None, promise_limit: int | None = None, followup_limit: int | None = None,
) -> Digest:
    """Everything due up to `days` after `today`, as of `now` (which may be a day other than the clock's).

    `reconnect_limit` reads at most that many reconnect suggestions for today and for the coming
    days, `promise_limit` that many promises of each direction per bucket and `followup_limit`
    that many follow-ups per bucket (a screen shows a few; JSON wants all); the rest are counted.
    """
    if not 0 <= days <= 366:
        raise BadInput("--days is a number of days from 0 to 366.")
    monday, horizon = week_start(today), today + timedelta(days=days)
    result = Digest(
        today=today, days=days, goal=settings.get_int(journal, "weekly_goal"),
        held=journal.value(WEEK_SQL, {"monday": monday, "sunday": monday + timedelta(days=6)}),
    )
    start, end = meetings.day_span(today)
    result.meetings = meetings.agenda(journal, start=start, end=end)
    params = {"horizon": horizon, "now": now}
    if followup_limit is None:
        found = [_followup(row, today) for row in journal.rows(FOLLOWUPS_SQL, params)]
        left_out = [0, 0, 0]
        result.referrals = sum(1 for item in found if item.kind == "contact-referral")
    else:
        rows = journal.rows(FOLLOWUPS_SCREEN_SQL, {**params, "today": today, "limit": followup_limit})
        found = [_followup(row, today) for row in rows]
        left_out = [0, 0, 0]
        for row in rows:
            left_out[row["bucket"]] = max(row["total"] - followup_limit, 0)
        result.referrals = rows[0]["referrals"] if rows else 0
    if promise_limit is None:
        found += [_promise(row, today) for row in journal.rows(PROMISES_SQL, params)]
        unlisted = [0, 0, 0]
    else:
        found_promises, unlisted = _first_promises(journal, {**params, "today": today, "limit": promise_limit})
        found += [_promise(row, today) for row in found_promises]
    suggested, reconnects_today = _reconnects(journal, None, today, reconnect_limit)
    found += suggested
    suggested, reconnects_later = _reconnects(journal, today, horizon, reconnect_limit)
    found += suggested
    result.unlisted_overdue = unlisted[0] + left_out[0]
    result.unlisted_today = unlisted[1] + left_out[1] + reconnects_today
    result.unlisted_upcoming = unlisted[2] + left_out[2] + reconnects_later
    found.sort(key=lambda item: (_RANK.get(item.kind, len(KINDS)), item.due, item.sort_name, item.id[0], int(item.id[1:])))
    for item in found:
        if item.overdue:
            result.overdue.append(item)
        elif item.due <= today:
            result.due_today.append(item)
        else:
            result.upcoming.append(item)
    return result


def _first_promises(journal: Journal, params: dict) -> tuple[list, list[int]]:
    """The first promises of each direction and bucket, and per bucket how many were left out."""
    rows = journal.rows(PROMISES_SCREEN_SQL, params)
    unlisted = [0, 0, 0]
    for count in journal.rows(PROMISES_COUNT_SQL, params):
        unlisted[count["bucket"]] += max(count["total"] - params["limit"], 0)
    return rows, unlisted


def _reconnects(journal: Journal, after: date | None, until: date, limit: int | None) -> tuple[list[Item], int]:
    """Reconnect suggestions dated after `after` (None for any) up to `until`: the first
    `limit` of them, and how many more there are."""
    band = {"after": after or date.min, "until": until}
    rows = journal.rows(RECONNECT_SQL, {**band, "limit": -1 if limit is None else limit})
    unlisted = 0
    if limit is not None and len(rows) == limit:
        unlisted = journal.value(RECONNECT_COUNT_SQL, band) - limit
    return [_reconnect(row) for row in rows], max(unlisted, 0)


def _followup(row, today: date) -> Item:
    due = row["due"]
    return Item(
        id=f"f{row['id']}", kind=row["kind"], person_id=row["person_id"], person=row["person"], due=due,
        overdue=due < today and row["kind"] not in NOT_OVERDUE, text=row["words"] or "",
        meeting_at=row["planned_at"], held_on=row["held_on"], answer=row["answer"], ask_text=row["ask_text"], referrer=row["referrer"],
        last_contact_on=row["last_contact_on"], sort_name=row["name_key"],
    )


def _promise(row, today: date) -> Item:
    due = row["due"]
    return Item(
        id=f"p{row['id']}", kind=f"promise-{row['direction']}", person_id=row["person_id"], person=row["person"],
        due=due, overdue=due < today, text=row["text"], from_ask=row["from_ask"], sort_name=row["name_key"],
    )


def _reconnect(row) -> Item:
    return Item(
        id=f"r{row['id']}", kind="reconnect", person_id=row["id"], person=row["person"],
        due=row["reconnect_on"], overdue=False, last_contact_on=row["last_contact_on"], sort_name=row["name_key"],
    )


# -- done and snooze ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What `done` or `snooze` did, for the message that says so."""

    id: str
    kind: str
    person: str
    due: date | None = None  # snooze: the new day
    held_on: date | None = None  # a reflection marked done: the day its meeting is recorded as held
    meeting_id: int | None = None  # ... and that meeting
    stages: tuple[str, str] | None = None  # ... and the person's stage before and after
    reconnect_on: date | None = None  # a reconnect done: when the next one will be suggested
    closed: promises.Closed | None = None  # a promise marked done is kept


def done(journal: Journal, typed: str, *, today: date) -> Change:
    """Mark an item done: a follow-up closes, a promise is kept, a reconnect records contact today.

    Marking a 'reflect' follow-up done means "no reflection needed": its meeting is recorded as
    held on its planned day, which counts as contact with the person, toward the week's goal and
    moves a prospect to met. A meeting that did not happen is `meetings.no_show` or `cancel`.
    """
    letter, number = followups.parse_id(typed)
    if letter == "p":
        closed = promises.close(journal, number, "kept", today=today)
        return Change(f"p{number}", f"promise-{closed.entry.direction}", closed.entry.person, closed=closed)
    if letter == "r":
        return _reconnected(journal, number, today=today)
    return _followup_done(journal, number, today=today)


def snooze(journal: Journal, typed: str, until: date, *, today: date) -> Change:
    """Move an item to a later day: a follow-up's due date moves; a reconnect gets a follow-up then."""
    letter, number = followups.parse_id(typed)
    if letter == "p":
        promises.get(journal, number)
        raise BadInput(
            f"A promise is not snoozed: renegotiate it with `oto renegotiate p{number} --by WHEN` "
            "and let the person know the new date."
        )
    if until < today:
        raise BadInput(f"{show_day(until)} is in the past; snooze to today or a later day.")
    if letter == "r":
        return _reconnect_later(journal, number, until, today=today)
    from onetoone.store.models import FollowUp

    row = _open_followup(journal, number)
    journal.get(FollowUp, number).due = until
    return Change(f"f{number}", row["kind"], row["person"], due=until)


def _open_followup(journal: Journal, number: int):
    row = journal.row(
        "SELECT f.*, p.name AS person FROM followup f JOIN person p ON p.id = f.person_id WHERE f.id = :id", {"id": number}
    )
    if row is None:
        raise NotFound(f"There is no follow-up f{number}. See `oto due` for the ids.")
    if row["status"] != "open":
        when = f" on {show_day(row['done_on'])}" if row["done_on"] else ""
        what = DUE_LABELS.get(row["kind"], "follow-up")
        raise BadInput(f"f{number} ({what}, {row['person']}) is already done{when}; nothing was changed.")
    return row


def _followup_done(journal: Journal, number: int, *, today: date) -> Change:
    from onetoone.store.models import FollowUp

    row = _open_followup(journal, number)
    held_on = stages = None
    if row["kind"] == "reflect" and row["meeting_id"] is not None:
        planned = journal.row("SELECT status, planned_at FROM meeting WHERE id = :id", {"id": row["meeting_id"]})
        if planned["status"] == "planned" and planned["planned_at"] is not None:
            held_on = planned["planned_at"].date()
            if held_on > today:
                raise BadInput(
                    f"The one-to-one with {row['person']} is on {show_day(held_on)}; "
                    "mark its reflection done after it is held."
                )
            stages = meetings.mark_held(journal, row["meeting_id"], held_on=held_on, today=today)
    item = journal.get(FollowUp, number)
    item.status, item.done_on = "done", today
    return Change(f"f{number}", row["kind"], row["person"], held_on=held_on, meeting_id=row["meeting_id"], stages=stages)


def _person_to_reconnect(journal: Journal, number: int):
    row = journal.row("SELECT id, name, do_not_contact FROM person WHERE id = :id", {"id": number})
    if row is None:
        raise NotFound(f"There is no r{number}: no person has id {number}. See `oto due` for the ids.")
    if row["do_not_contact"]:
        raise BadInput(f"{row['name']} asked not to be contacted; there is nothing to reconnect.")
    return row


def _reconnected(journal: Journal, number: int, *, today: date) -> Change:
    row = _person_to_reconnect(journal, number)
    followups.schedule(journal, person_id=number, kind="reconnect", due=today, today=today, done=True)
    people.touch(journal, number, today)
    next_on = journal.value("SELECT reconnect_on FROM person WHERE id = :id", {"id": number})
    return Change(f"r{number}", "reconnect", row["name"], reconnect_on=next_on)


def _reconnect_later(journal: Journal, number: int, until: date, *, today: date) -> Change:
    row = _person_to_reconnect(journal, number)
    waiting = journal.row(
        "SELECT id, kind, due FROM followup WHERE person_id = :person AND kind IN ('next-step', 'reconnect') "
        "AND status = 'open' ORDER BY due LIMIT 1",
        {"person": number},
    )
    if waiting is not None:
        what = "A next step" if waiting["kind"] == "next-step" else "Reconnecting"
        raise BadInput(
            f"{what} with {row['name']} is already planned as f{waiting['id']} on "
            f"{show_day(waiting['due'])}; snooze f{waiting['id']} instead."
        )
    followups.schedule(journal, person_id=number, kind="reconnect", due=until, today=today)
    return Change(f"r{number}", "reconnect", row["name"], due=until)
