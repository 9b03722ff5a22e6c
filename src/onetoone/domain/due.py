"""The morning digest (`oto due`) and what `done` and `snooze` do to the items it lists.

The digest gathers, up to a horizon of `days` after today: open follow-ups (`f12`), open
promises both ways (`p7`), and derived "get in touch with this person" items (`r3`, from
`person.reconnect_on`, which `people.touch` keeps current). One indexed query per source joins
what the texts need (never a query per item).

Rules worth knowing:
- Anything past its day is overdue, next steps and reconnects included; everything overdue or
  due today is read and listed, always. Only the days ahead may be shortened on a screen (the
  first `limit` of them, ranked in SQL, the rest counted), and the suggestions to get in touch:
  people, not things owed, which on a journal of years number thousands (the longest waiting first).
- A 'confirm' follow-up appears only while its meeting is still planned and ahead; the 'reflect'
  one only once the meeting's planned time has passed and it is still planned (not reflected on).
- A derived item is offered for people with a reconnect date, who may be contacted, have no open
  next step, reconnect, reach-out, contact-a-referral or reschedule (after a no-show) follow-up
  (it already says when: one reminder a person, not two) and no planned meeting. Its kind is 'reconnect', or 'reach-out' for a prospect never contacted
  (people.refresh_reconnect dates it REACH_OUT_DAYS after they were added); a reach-out is offered
  once its day has come, never ahead of it.
- Within a section items go by date, then time (a meeting's, for confirm and reflect; timed ones
  first), then kind (vocabulary.DUE_KINDS), then person.
- Items carry facts (kind, person, meeting, ask, the organizer's words); render/due.py writes
  their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from onetoone.dates import show_day, week_start
from onetoone.domain import events, followups, meetings, people, promises, settings
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal
from onetoone.vocabulary import DUE_KINDS, DUE_LABELS

KINDS = DUE_KINDS
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
TIMED = ("confirm", "reflect")  # kinds that carry their meeting's time, to order a day by

_FOLLOWUP_COLUMNS = """f.id, f.kind, f.due, f.words, f.person_id, p.name AS person, p.name_key, p.last_contact_on,
       p.created_on, m.planned_at, m.held_on, a.text AS ask_text, a.answer, r.name AS referrer"""
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

# A screen lists every follow-up overdue or due today, and of the days ahead the first `limit`
# in the digest's order (date, time, kind, person), counting the rest and the referrals among
# them all in SQLite: a journal of years holds hundreds open. Built from the vocabulary's
# constants only (no typed text).
_RANK_ORDER = "CASE f.kind " + " ".join(f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(DUE_KINDS)) + f" ELSE {len(DUE_KINDS)} END"
_TIMED_LIST = ", ".join(f"'{kind}'" for kind in TIMED)
FOLLOWUPS_SCREEN_SQL = f"""
WITH ranked AS (
  SELECT f.id, bucket,
         row_number() OVER (PARTITION BY bucket ORDER BY f.due, f.at IS NULL, f.at, {_RANK_ORDER}, p.name_key, f.id) AS n,
         count(*) OVER (PARTITION BY bucket) AS total,
         sum(f.kind = 'contact-referral') OVER () AS referrals
  FROM (SELECT f.id, f.kind, f.due, f.person_id,
               CASE WHEN f.kind IN ({_TIMED_LIST}) THEN m.planned_at END AS at,
               CASE WHEN f.due < :today THEN 0 WHEN f.due = :today THEN 1 ELSE 2 END AS bucket
        FROM followup f LEFT JOIN meeting m ON m.id = f.meeting_id
        {_FOLLOWUP_OPEN}) f
  JOIN person p ON p.id = f.person_id
)
SELECT {_FOLLOWUP_COLUMNS}, ranked.bucket, ranked.total, ranked.referrals
FROM ranked JOIN followup f ON f.id = ranked.id
{_FOLLOWUP_JOINS}
WHERE ranked.bucket < 2 OR ranked.n <= :limit
"""

PROMISES_SQL = """
SELECT pr.id, pr.direction, pr.text, pr.due, pr.person_id, p.name AS person, p.name_key,
       EXISTS (SELECT 1 FROM ask a WHERE a.promise_id = pr.id) AS "from_ask [boolean]"
FROM promise pr
JOIN person p ON p.id = pr.person_id
WHERE pr.status IN ('open', 'renegotiated') AND pr.due <= :horizon
"""

# A screen lists every open promise due today or before, straight from the (status, due,
# direction) index; of the days ahead only the first `limit` of each direction (by due date, then
# id), each with a LIMIT from that index, and counts them from the index alone. (One window
# function over every open promise cost three times as much: it sorts them all twice.)
PROMISES_SCREEN_SQL = "SELECT pr.id, pr.direction, pr.text, pr.due, pr.person_id, p.name AS person, p.name_key, " + (
    'EXISTS (SELECT 1 FROM ask a WHERE a.promise_id = pr.id) AS "from_ask [boolean]" FROM ('
    + "SELECT id FROM promise WHERE status IN ('open', 'renegotiated') AND due <= :today UNION ALL "
    + " UNION ALL ".join(
        f"SELECT * FROM (SELECT id FROM promise WHERE status IN ('open', 'renegotiated') "
        f"AND due > :today AND due <= :horizon AND direction = '{direction}' ORDER BY due, id LIMIT :limit) AS {direction}"
        for direction in ("mine", "theirs")
    )
    + ") first JOIN promise pr ON pr.id = first.id JOIN person p ON p.id = pr.person_id"
)
PROMISES_COUNT_SQL = """
SELECT direction, count(*) AS total
FROM promise WHERE status IN ('open', 'renegotiated') AND due > :today AND due <= :horizon GROUP BY 1
"""

# Suggestions to get in touch can run to thousands on a journal of years, so they are read by day
# band (up to today; the coming days), in order, as far as the screen needs. The lists of people
# with an open follow-up that already says when, or a planned meeting, are small and read once
# (uncorrelated NOT IN). A prospect never contacted is offered only up to :new_until (today: a
# reach-out is not announced ahead of its day), and not once a promise either way shows you are
# in touch. people.refresh_reconnect keeps reconnect_on empty for anyone who asked not to be contacted.
_SAYS_WHEN = ", ".join(f"'{kind}'" for kind in followups.SAYS_WHEN)  # names from the vocabulary, not typed text
_WAITING = f"SELECT person_id FROM followup WHERE status = 'open' AND kind IN ({_SAYS_WHEN})"
_RECONNECT_WHERE = f"""
WHERE p.reconnect_on > :after AND p.reconnect_on <= :until
  AND (p.last_contact_on IS NOT NULL
       OR (p.reconnect_on <= :new_until AND NOT EXISTS (SELECT 1 FROM promise pr WHERE pr.person_id = p.id)))
  AND p.id NOT IN ({_WAITING})
  AND p.id NOT IN (SELECT person_id FROM meeting WHERE status = 'planned')
"""
RECONNECT_SQL = (
    "SELECT p.id, p.name AS person, p.name_key, p.reconnect_on, p.last_contact_on, p.created_on FROM person p"
    + _RECONNECT_WHERE
    + "AND NOT p.do_not_contact ORDER BY p.reconnect_on, p.name_key, p.id LIMIT :limit"
)
# Counted as everyone in the band (the reconnect_on index) less those in it with an open
# follow-up that says when or a planned meeting (the short lists), not row by row against them.
_IN_BAND = """reconnect_on > :after AND reconnect_on <= :until AND (last_contact_on IS NOT NULL
       OR (reconnect_on <= :new_until AND NOT EXISTS (SELECT 1 FROM promise pr WHERE pr.person_id = person.id)))"""
RECONNECT_COUNT_SQL = f"""
SELECT (SELECT count(*) FROM person WHERE {_IN_BAND})
     - (SELECT count(*) FROM person WHERE {_IN_BAND} AND id IN (
          {_WAITING}
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
    added_on: date | None = None  # reach-out: the day they were added
    from_ask: bool = False  # promise-theirs: their "yes" to an ask, so keeping it is showing up
    sort_name: str = ""

    @property
    def suggestion(self) -> bool:
        """A derived suggestion to get in touch (r3), not something scheduled or owed."""
        return self.id.startswith("r")

    def order(self) -> tuple:
        """Where it goes in its section: date, time (timed first), kind, person, id."""
        at = self.meeting_at if self.kind in TIMED else None
        return (self.due, at is None, at or datetime.min, _RANK.get(self.kind, len(KINDS)), self.sort_name,
                self.id[0], int(self.id[1:]))


@dataclass
class Digest:
    today: date
    days: int
    held: int  # one-to-ones held this week (Monday to Sunday)
    goal: int
    overdue: list[Item] = field(default_factory=list)
    due_today: list[Item] = field(default_factory=list)
    suggested: list[Item] = field(default_factory=list)  # people to get in touch with, their day come
    upcoming: list[Item] = field(default_factory=list)
    # What the screen's limits left out, for "... and N more": suggestions and the days ahead only.
    unlisted_suggested: int = 0
    unlisted_upcoming: int = 0
    referrals: int = 0  # open 'contact-referral' follow-ups in the digest, listed or not
    drafts: list[str | None] = field(default_factory=list)  # whom waiting reflection drafts are about (None: unreadable)
    invite: Item | None = None  # on a day with nothing listed: the person waiting longest to hear from you
    meetings: list = field(default_factory=list)  # today's planned one-to-ones, in time order (meetings.Slot)
    events: list = field(default_factory=list)  # today's group meetings and actions (events.Event)
    to_record: list = field(default_factory=list)  # recent events whose attendance is not recorded yet

    @property
    def items(self) -> list[Item]:
        return self.overdue + self.due_today + self.suggested + self.upcoming


def digest(
    journal: Journal, *, today: date, now: datetime, days: int = 7,
    reconnect_limit: int | None = None, promise_limit: int | None = None, followup_limit: int | None = None,
    drafts_folder: Path | None = None,
) -> Digest:
    """Everything due up to `days` after `today`, as of `now` (which may be a day other than the clock's).

    Everything overdue or due today is always read. `reconnect_limit` reads at most that many
    suggestions to get in touch for today and for the coming days, `promise_limit` that many
    promises of each direction of the days ahead and `followup_limit` that many follow-ups of the
    days ahead (a screen shows a few; JSON and `--all` want all); the rest are counted. With
    `drafts_folder`, the reflection drafts waiting there are named.
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
    result.events = events.between(journal, today, today)
    result.to_record = events.unrecorded(journal, today=today)
    params = {"horizon": horizon, "now": now, "today": today}
    if followup_limit is None:
        found = [_followup(row, today) for row in journal.rows(FOLLOWUPS_SQL, params)]
        result.referrals = sum(1 for item in found if item.kind == "contact-referral")
    else:
        rows = journal.rows(FOLLOWUPS_SCREEN_SQL, {**params, "limit": followup_limit})
        found = [_followup(row, today) for row in rows]
        result.unlisted_upcoming = max([row["total"] - followup_limit for row in rows if row["bucket"] == 2] + [0])
        result.referrals = rows[0]["referrals"] if rows else 0
    if promise_limit is None:
        found += [_promise(row, today) for row in journal.rows(PROMISES_SQL, params)]
    else:
        found += [_promise(row, today) for row in journal.rows(PROMISES_SCREEN_SQL, {**params, "limit": promise_limit})]
        for count in journal.rows(PROMISES_COUNT_SQL, params):
            result.unlisted_upcoming += max(count["total"] - promise_limit, 0)
    suggested, result.unlisted_suggested = _reconnects(journal, None, today, today=today, limit=reconnect_limit)
    later, unlisted = _reconnects(journal, today, horizon, today=today, limit=reconnect_limit)
    result.unlisted_upcoming += unlisted
    for item in sorted(found + suggested + later, key=Item.order):
        if item.due > today:
            result.upcoming.append(item)
        elif item.suggestion:
            result.suggested.append(item)
        elif item.overdue:
            result.overdue.append(item)
        else:
            result.due_today.append(item)
    if drafts_folder is not None:
        result.drafts = waiting_drafts(drafts_folder)
    if not result.items:
        first, _ = _reconnects(journal, today, date.max, today=today, limit=1, new_until=date.max)
        result.invite = first[0] if first else None
    return result


def waiting(journal: Journal, *, today: date, now: datetime) -> int:
    """How many items are overdue or due today (`oto due --count`, `--quiet`): the digest's own
    rules, looking no further than today and reading no suggestions to get in touch."""
    found = digest(journal, today=today, now=now, days=0, reconnect_limit=0, promise_limit=0, followup_limit=0)
    return len(found.overdue) + len(found.due_today)


def waiting_drafts(folder: Path) -> list[str | None]:
    """Whom the reflection drafts waiting in `folder` are about ([] if none): each one's person's
    name, or None for a draft with no name yet or one that cannot be read (`oto reflect --resume`
    says why). Reading them never fails the digest."""
    if not folder.is_dir():
        return []
    from onetoone.domain import drafts

    try:
        return [drafts.name_of(item) for item in drafts.waiting(folder)]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return [None]


def _reconnects(
    journal: Journal, after: date | None, until: date, *, today: date, limit: int | None, new_until: date | None = None,
) -> tuple[list[Item], int]:
    """Suggestions to get in touch dated after `after` (None for any) up to `until`, prospects
    never contacted only up to `new_until` (today): the first `limit` of them, and how many more there are."""
    band = {"after": after or date.min, "until": until, "new_until": new_until or today}
    rows = journal.rows(RECONNECT_SQL, {**band, "limit": -1 if limit is None else limit})
    unlisted = 0
    if limit is not None and len(rows) == limit:
        unlisted = journal.value(RECONNECT_COUNT_SQL, band) - limit
    return [_reconnect(row, today) for row in rows], max(unlisted, 0)


def _followup(row, today: date) -> Item:
    due = row["due"]
    return Item(
        id=f"f{row['id']}", kind=row["kind"], person_id=row["person_id"], person=row["person"], due=due,
        overdue=due < today, text=row["words"] or "",
        meeting_at=row["planned_at"], held_on=row["held_on"], answer=row["answer"], ask_text=row["ask_text"], referrer=row["referrer"],
        last_contact_on=row["last_contact_on"], added_on=row["created_on"], sort_name=row["name_key"],
    )


def _promise(row, today: date) -> Item:
    due = row["due"]
    return Item(
        id=f"p{row['id']}", kind=f"promise-{row['direction']}", person_id=row["person_id"], person=row["person"],
        due=due, overdue=due < today, text=row["text"], from_ask=row["from_ask"], sort_name=row["name_key"],
    )


def _reconnect(row, today: date) -> Item:
    return Item(
        id=f"r{row['id']}", kind="reconnect" if row["last_contact_on"] else "reach-out", person_id=row["id"],
        person=row["person"], due=row["reconnect_on"], overdue=row["reconnect_on"] < today,
        last_contact_on=row["last_contact_on"], added_on=row["created_on"], sort_name=row["name_key"],
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
    on: date | None = None  # the earlier day it was done on (`--on`), None for today


def done(journal: Journal, typed: str, *, today: date) -> Change:
    """Mark an item done: a follow-up closes, a promise is kept, a reconnect or a reach-out (r3,
    or a follow-up to contact a referral, reconnect or reach out) records contact today.

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


def done_all(journal: Journal, typed: list[str], *, today: date, on: date | None = None) -> list[Change]:
    """Mark several items done in the caller's one transaction, today or `on` an earlier day
    (not before the item was recorded): all of them, or none."""
    from onetoone.errors import one_batch, whole_batch

    found = one_batch(typed, followups.parse_id)
    with whole_batch(len(found)):
        changes = []
        for letter, number in found:
            if on is not None:
                promises.check_day(on, today=today, made_on=_made_on(journal, letter, number), what=f"{letter}{number}")
            change = done(journal, f"{letter}{number}", today=on or today)
            changes.append(replace(change, on=on) if on not in (None, today) else change)
        return changes


def _made_on(journal: Journal, letter: str, number: int) -> date:
    """When an item was recorded (a reconnect: when its person was added); date.min if it is not
    found, so that `done` itself says so."""
    table = {"p": "promise", "f": "followup", "r": "person"}[letter]
    return journal.value(f"SELECT created_on FROM {table} WHERE id = :id", {"id": number}) or date.min


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
    if row["kind"] in followups.GET_IN_TOUCH:  # contacted them, today
        people.touch(journal, row["person_id"], today)
    return Change(f"f{number}", row["kind"], row["person"], held_on=held_on, meeting_id=row["meeting_id"], stages=stages)


def _person_to_reconnect(journal: Journal, number: int):
    row = journal.row("SELECT id, name, do_not_contact, last_contact_on FROM person WHERE id = :id", {"id": number})
    if row is None:
        raise NotFound(f"There is no r{number}: no person has id {number}. See `oto due` for the ids.")
    if row["do_not_contact"]:
        raise BadInput(f"{row['name']} asked not to be contacted; there is nothing to reconnect.")
    return row


def _reconnect_kind(row) -> str:
    """A derived item's kind: reaching out to someone never contacted, or reconnecting."""
    return "reconnect" if row["last_contact_on"] else "reach-out"


def _reconnected(journal: Journal, number: int, *, today: date) -> Change:
    row = _person_to_reconnect(journal, number)
    kind = _reconnect_kind(row)
    followups.schedule(journal, person_id=number, kind=kind, due=today, today=today, done=True)
    people.touch(journal, number, today)
    next_on = journal.value("SELECT reconnect_on FROM person WHERE id = :id", {"id": number})
    return Change(f"r{number}", kind, row["name"], reconnect_on=next_on)


def _reconnect_later(journal: Journal, number: int, until: date, *, today: date) -> Change:
    row = _person_to_reconnect(journal, number)
    waiting = journal.row(
        "SELECT id, kind, due FROM followup WHERE person_id = :person "
        f"AND kind IN ({_SAYS_WHEN}) AND status = 'open' ORDER BY due LIMIT 1",
        {"person": number},
    )
    if waiting is not None:
        name = row["name"]
        what = {"next-step": f"A next step with {name}", "reach-out": f"Reaching out to {name}",
                "contact-referral": f"Contacting {name} (a referral)",
                "reschedule": f"Booking {name} again after the one-to-one they missed"}.get(waiting["kind"], f"Reconnecting with {name}")
        raise BadInput(
            f"{what} is already planned as f{waiting['id']} on {show_day(waiting['due'])}; snooze f{waiting['id']} instead."
        )
    kind = _reconnect_kind(row)
    followups.schedule(journal, person_id=number, kind=kind, due=until, today=today)
    return Change(f"r{number}", kind, row["name"], due=until)
