"""The practice over time (`oto review`): the facts an organizer and a coach look at, counted
from the journal for one period that ends today. Numbers and dates only; render/review.py says
what each one counts.

What is counted, and from which rows (each over the period `start`..`end`, both included):
- one-to-ones held (meeting.status 'held', by held_on), and per week (Monday to Sunday) for the
  last `WEEKS` weeks ending with this one, against today's weekly goal (the goal's history is not
  kept);
- new people vs maintenance: a one-to-one held is "new" when it is the person's first one held;
- listening: the listening share noted on the one-to-ones held (median, and how many under two
  thirds, the same test as reflect's coaching note);
- asks made (ask.asked_on) by answer, and after a yes whether they showed up (ask.showed_up:
  kept or broken commitment, or attendance);
- promises due in the period (their date as last agreed) both ways: kept by that date, kept
  later, broken, released, still open once their day has passed; those due today or later and
  still open are not counted yet;
- thank-yous: of the one-to-ones held that have a thank-you follow-up, how many were done within
  48 hours (by two days after the day held), later, or not yet;
- reflections: of the one-to-ones held, how many were written up the same day
  (meeting.reflected_on), later, or marked done without one;
- referrals: people added in the period as someone's referral (person.referred_by_id, by the day
  added; a referral who was already in the journal carries no day and is not counted), per
  one-to-one held, and how many of them have had a one-to-one since;
- group meetings and actions (domain/events.py) on a day in the period: how many, how many with
  who came recorded, people who came, and of those who had said yes (their commitment for it),
  how many came: the show-up after a yes that attendance records;
- moves up the ladder (stage_move; a journal older than migration 0007 has them only since it
  was upgraded: `moves_recorded_since`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from onetoone.domain import events
from onetoone.errors import BadInput
from onetoone.store.journal import Journal
from onetoone.vocabulary import ANSWERS, STAGES

WEEKS = 12  # weeks in the chart of one-to-ones held
DEFAULT_DAYS = 28  # the period when none is asked for: the last four weeks
THANK_DAYS = 2  # "within 48 hours", in days after the day held


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str  # 'week', 'month', 'since' or 'default' (the last four weeks)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period(today: date, *, week: bool = False, month: bool = False, since: date | None = None) -> Period:
    """The period to review, ending today: the last seven days (`week`), the last month (from the
    day after this date last month), from `since`, or else the last four weeks."""
    if week + month + (since is not None) > 1:
        raise BadInput("Review one period at a time: --week, --month or --since.")
    if since is not None:
        if since > today:
            raise BadInput(f"--since is a day that has come; {since.isoformat()} is after today.")
        return Period(since, today, "since")
    if week:
        return Period(today - timedelta(days=6), today, "week")
    if month:
        from dateutil.relativedelta import relativedelta

        return Period(today - relativedelta(months=1) + timedelta(days=1), today, "month")
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today, "default")


@dataclass(frozen=True)
class Week:
    start: date  # its Monday
    held: int


@dataclass(frozen=True)
class Listening:
    noted: int  # one-to-ones held with a listening share noted
    median: float | None
    under: int  # under two thirds


@dataclass(frozen=True)
class Asks:
    made: int
    answers: dict[str, int]  # yes, no, maybe, later, and None for an ask with no answer yet
    showed: int  # after a yes: came
    missed: int  # after a yes: did not
    unknown: int  # after a yes: not known (yet)


@dataclass(frozen=True)
class AskMade:
    person: str
    text: str
    answer: str | None
    asked_on: date
    showed_up: bool | None


@dataclass(frozen=True)
class Promises:
    direction: str  # mine or theirs
    kept: int  # kept by their date
    late: int  # kept after it
    broken: int
    released: int
    open: int  # still open, their day passed
    renegotiated: int  # of all these, how many had their date moved

    @property
    def due(self) -> int:
        """Promises whose day has come and that were not released."""
        return self.kept + self.late + self.broken + self.open


@dataclass(frozen=True)
class Thanks:
    owed: int  # one-to-ones held with a thank-you to send
    within: int
    later: int
    waiting: int  # not done, still within 48 hours
    not_sent: int  # not done, past 48 hours


@dataclass(frozen=True)
class Reflections:
    same_day: int
    later: int
    without: int  # marked held without a reflection written


@dataclass(frozen=True)
class Referrals:
    gathered: int
    met: int  # of them, with a one-to-one held since


@dataclass(frozen=True)
class Move:
    person: str
    old: str
    new: str
    on: date


@dataclass
class Review:
    today: date
    period: Period
    empty: bool  # nothing held, asked or promised in the whole journal
    goal: int = 0
    weeks: list[Week] = field(default_factory=list)
    held: int = 0
    new_people: int = 0
    maintenance: int = 0
    listening: Listening = Listening(0, None, 0)
    asks: Asks = Asks(0, {}, 0, 0, 0)
    ask_list: list[AskMade] = field(default_factory=list)
    mine: Promises = Promises("mine", 0, 0, 0, 0, 0, 0)
    theirs: Promises = Promises("theirs", 0, 0, 0, 0, 0, 0)
    thanks: Thanks = Thanks(0, 0, 0, 0, 0)
    reflections: Reflections = Reflections(0, 0, 0)
    referrals: Referrals = Referrals(0, 0)
    moves_up: dict[str, int] = field(default_factory=dict)  # by the stage moved to
    move_list: list[Move] = field(default_factory=list)  # moves up, latest first
    moves_recorded_since: date | None = None
    listed: int = 0  # how many asks and moves the lists hold at most
    events: events.Period = events.Period(0, 0, 0, 0, 0)

    @property
    def moved_up(self) -> int:
        return sum(self.moves_up.values())


def review(journal: Journal, span: Period, *, today: date, listed: int = 20) -> Review:
    """Everything `oto review` shows for `span`; the lists of asks and moves hold `listed` at most."""
    from onetoone.domain import settings

    found = Review(today, span, empty=not _anything(journal), listed=listed)
    if found.empty:
        return found
    params = {"start": span.start, "end": span.end, "today": today}
    found.goal = settings.get_int(journal, "weekly_goal")
    found.weeks = _weeks(journal, span.end)
    _meetings(journal, found, params)
    found.asks, found.ask_list = _asks(journal, params, listed)
    found.mine, found.theirs = (_promises(journal, direction, params) for direction in ("mine", "theirs"))
    found.referrals = _referrals(journal, params)
    found.events = events.period(journal, start=span.start, end=span.end)
    _moves(journal, found, params, listed)
    return found


def _anything(journal: Journal) -> bool:
    return bool(journal.value(
        """SELECT EXISTS (SELECT 1 FROM meeting WHERE status = 'held') OR EXISTS (SELECT 1 FROM ask)
                  OR EXISTS (SELECT 1 FROM promise) OR EXISTS (SELECT 1 FROM event)"""
    ))


# The one-to-ones of a period are read through ix_meeting_review (their days first); `+status`
# keeps SQLite, which has no statistics here, from taking the (status, planned_at) index instead.


def _weeks(journal: Journal, end: date) -> list[Week]:
    from onetoone.dates import week_start

    first = week_start(end) - timedelta(weeks=WEEKS - 1)
    counts = {row["held_on"]: row["held"] for row in journal.rows(
        """SELECT held_on, count(*) AS held FROM meeting
           WHERE held_on BETWEEN :first AND :last AND +status = 'held' GROUP BY held_on""",
        {"first": first, "last": first + timedelta(weeks=WEEKS, days=-1)},
    )}
    return [
        Week(monday, sum(counts.get(monday + timedelta(days=d), 0) for d in range(7)))
        for monday in (first + timedelta(weeks=n) for n in range(WEEKS))
    ]


def _meetings(journal: Journal, found: Review, params: dict) -> None:
    """One-to-ones held in the period: how many, new or maintenance, listening, thank-yous and
    reflections, from one read of their rows."""
    rows = journal.rows(
        """SELECT m.id, m.held_on, m.listened_pct, m.reflected_on,
                  NOT EXISTS (SELECT 1 FROM meeting e WHERE e.person_id = m.person_id AND e.status = 'held'
                              AND (e.held_on < m.held_on OR (e.held_on = m.held_on AND e.id < m.id))) AS first,
                  (SELECT f.done_on FROM followup f WHERE f.meeting_id = m.id AND f.kind = 'thank'
                   ORDER BY f.id LIMIT 1) AS thanked_on,
                  EXISTS (SELECT 1 FROM followup f WHERE f.meeting_id = m.id AND f.kind = 'thank') AS thank
           FROM meeting m WHERE m.held_on BETWEEN :start AND :end AND +m.status = 'held'""",
        params,
    )
    found.held = len(rows)
    found.new_people = sum(1 for r in rows if r["first"])
    found.maintenance = found.held - found.new_people
    shares = [r["listened_pct"] for r in rows if r["listened_pct"] is not None]
    found.listening = Listening(
        len(shares), statistics.median(shares) if shares else None, sum(1 for s in shares if s * 3 < 200)
    )
    within = later = waiting = not_sent = 0
    for r in rows:
        if not r["thank"]:
            continue
        deadline = r["held_on"] + timedelta(days=THANK_DAYS)
        thanked = date.fromisoformat(str(r["thanked_on"])[:10]) if r["thanked_on"] else None
        if thanked is not None:
            within, later = (within + 1, later) if thanked <= deadline else (within, later + 1)
        elif params["today"] <= deadline:
            waiting += 1
        else:
            not_sent += 1
    found.thanks = Thanks(within + later + waiting + not_sent, within, later, waiting, not_sent)
    written = [r for r in rows if r["reflected_on"] is not None]
    same = sum(1 for r in written if r["reflected_on"] <= r["held_on"])
    found.reflections = Reflections(same, len(written) - same, found.held - len(written))


def _asks(journal: Journal, params: dict, listed: int) -> tuple[Asks, list[AskMade]]:
    counts = {row["answer"]: row for row in journal.rows(
        """SELECT answer, count(*) AS made, sum(CAST(showed_up AS integer)) AS showed, sum(CAST(NOT showed_up AS integer)) AS missed
           FROM ask WHERE asked_on BETWEEN :start AND :end GROUP BY answer""",
        params,
    )}
    answers = {answer: counts[answer]["made"] if answer in counts else 0 for answer in (*ANSWERS, None)}
    yes = counts.get("yes")
    showed, missed = (yes["showed"] or 0, yes["missed"] or 0) if yes else (0, 0)
    asks = Asks(sum(answers.values()), answers, showed, missed, answers["yes"] - showed - missed)
    made = [
        AskMade(r["name"], r["text"], r["answer"], r["asked_on"], r["showed_up"])
        for r in journal.rows(
            """SELECT p.name, a.text, a.answer, a.asked_on, a.showed_up FROM ask a JOIN person p ON p.id = a.person_id
               WHERE a.asked_on BETWEEN :start AND :end ORDER BY a.asked_on DESC, a.id DESC LIMIT :listed""",
            {**params, "listed": listed},
        )
    ]
    return asks, made


def _promises(journal: Journal, direction: str, params: dict) -> Promises:
    row = journal.row(
        """SELECT sum(status = 'kept' AND closed_on <= due) AS kept, sum(status = 'kept' AND closed_on > due) AS late,
                  sum(status = 'broken') AS broken, sum(status = 'released') AS released,
                  sum(status IN ('open', 'renegotiated') AND due < :today) AS open,
                  sum(first_due != due AND (status NOT IN ('open', 'renegotiated') OR due < :today)) AS renegotiated
           FROM promise
           WHERE status IN ('open', 'renegotiated', 'kept', 'broken', 'released')
             AND due BETWEEN :start AND :end AND direction = :direction""",
        {**params, "direction": direction},
    )
    return Promises(direction, *(row[k] or 0 for k in ("kept", "late", "broken", "released", "open", "renegotiated")))


def _referrals(journal: Journal, params: dict) -> Referrals:
    row = journal.row(
        """SELECT count(*) AS gathered,
                  sum(EXISTS (SELECT 1 FROM meeting m WHERE m.person_id = p.id AND m.status = 'held')) AS met
           FROM person p WHERE p.referred_by_id IS NOT NULL AND p.created_on BETWEEN :start AND :end""",
        params,
    )
    return Referrals(row["gathered"] or 0, row["met"] or 0)


def _moves(journal: Journal, found: Review, params: dict, listed: int) -> None:
    rank = {stage: n for n, stage in enumerate(STAGES)}
    ups = [
        Move(r["name"], r["old"], r["new"], r["moved_on"])
        for r in journal.rows(
            """SELECT p.name, s.old, s.new, s.moved_on FROM stage_move s JOIN person p ON p.id = s.person_id
               WHERE s.moved_on BETWEEN :start AND :end ORDER BY s.moved_on DESC, s.id DESC""",
            params,
        )
        if rank.get(r["new"], -1) > rank.get(r["old"], len(STAGES))
    ]
    found.moves_up = {stage: sum(1 for m in ups if m.new == stage) for stage in STAGES[1:]}
    found.move_list = ups[:listed]
    # A journal made with 0007 in it has recorded every move; one upgraded, only those since then.
    applied = journal.value(
        """SELECT applied_at FROM migration WHERE name = '0007_review_facts'
             AND applied_at > (SELECT applied_at FROM migration WHERE version = 1)"""
    )
    found.moves_recorded_since = date.fromisoformat(str(applied)[:10]) if applied else None
