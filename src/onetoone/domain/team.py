"""What a campaign team shares in a team journal (PostgreSQL): the admin's set-up (`oto team
init`, `oto team add-organizer`), what an organizer chooses to show the team (`oto share`,
`oto reflect --share`), who else met or booked a person, who owns a reconnect, and the
campaign's goal (copying an organizer's own journal into it is domain/push.py's).

Every question about teammates is asked here, so that commands never check the backend
themselves: `require` refuses on a journal that is no team journal (the SQLite one on this
computer) with one line saying how to connect one, and the questions prep, booking and `due`
ask (`teammates`, `recent_contact`, `reconnects_owned_elsewhere`) answer "no one" there without
a query. Privacy is PostgreSQL's to enforce (store/pg_schema.py: roles and row-level security):
the base tables show each organizer only their own rows and the shared people; what teammates
did is read from the team views (`team_meeting`, `team_insight`), which hold only the shared
facts, and sharing marks rows of the organizer's own, so RLS lets it touch no one else's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from onetoone.errors import NotFound, OtoError, TeamRefused
from onetoone.store.journal import Journal

RECENT_DAYS = 7  # a teammate's meeting or booking this recent: booking the person again is warned about
TEAM_MEETING = "team_meeting"  # the team view of meetings: id, person_id, organizer, status, planned_at, held_on

class NoTeamJournal(OtoError):
    """A team-only command on a journal that is no team journal."""


def is_team(journal: Journal) -> bool:
    """Whether `journal` is a team journal on PostgreSQL (not the organizer's own SQLite file)."""
    return journal.dialect == "postgresql"


def require(journal: Journal, what: str) -> None:
    """Refuse `what` (a command, like "oto team push") on a journal that is no team journal."""
    if not is_team(journal):
        raise NoTeamJournal(
            f"`{what}` needs a team journal, and this is your own journal on this computer. "
            "Connect one with `oto team connect URL` (or set OTO_DATABASE_URL), then run it again."
        )


# -- What teammates did: prep, booking, due ---------------------------------------------------


@dataclass(frozen=True)
class TeammateMeeting:
    """A teammate's one-to-one with a person, as the team sees it: who, held or planned, when,
    and their note and next step when they shared them."""

    organizer: str
    status: str  # held or planned
    day: date
    at: datetime | None = None
    note: str | None = None
    next_step: str | None = None


@dataclass(frozen=True)
class SharedNote:
    organizer: str
    kind: str
    text: str
    on: date


@dataclass
class Teammates:
    meetings: list[TeammateMeeting] = field(default_factory=list)  # newest first
    notes: list[SharedNote] = field(default_factory=list)  # newest first


SHOWN = 5  # teammates' meetings and shared notes a prep sheet lists


def teammates(journal: Journal, person_id: int, *, limit: int | None = SHOWN) -> Teammates:
    """What teammates did with the person: their one-to-ones held and planned, newest first, and
    the insights they shared. Nothing on a journal that is no team journal."""
    if not is_team(journal):
        return Teammates()
    rows = journal.rows(
        """SELECT id, organizer, status, planned_at, held_on, note, next_step FROM team_meeting
           WHERE person_id = :p AND organizer <> current_user AND status IN ('held', 'planned')""",
        {"p": person_id},
    )
    met = sorted((_teammate_meeting(r) for r in rows), key=lambda m: (m.day, m.at or datetime.min), reverse=True)
    notes = [
        SharedNote(r["organizer"], r["kind"], r["text"], r["created_on"])
        for r in journal.rows(
            """SELECT organizer, kind, text, created_on FROM team_insight
               WHERE person_id = :p AND organizer <> current_user ORDER BY created_on DESC, id DESC""",
            {"p": person_id},
        )
    ]
    return Teammates(met[:limit], notes[:limit])


def _teammate_meeting(row) -> TeammateMeeting:
    at = row["planned_at"]
    day = row["held_on"] if row["status"] == "held" and row["held_on"] else (at.date() if at else date.min)
    return TeammateMeeting(row["organizer"], row["status"], day, at, row["note"], row["next_step"])


def recent_contact(journal: Journal, person_id: int, *, now: datetime, days: int = RECENT_DAYS) -> list[TeammateMeeting]:
    """Teammates' one-to-ones with the person held in the last `days` days, or booked (planned
    for any day from `days` ago on): booking them again would be one organizer too many."""
    since = now.date() - timedelta(days=days)
    return [m for m in teammates(journal, person_id, limit=None).meetings if m.day >= since]


def reconnects_owned_elsewhere(journal: Journal, person_ids: list[int]) -> set[int]:
    """Of these people, those whose reconnect is a teammate's: the one who met them last owns it
    (and, while no one has met them, whoever added them); a teammate's planned one-to-one with
    them owns it too. So no two organizers are asked to reconnect with the same person."""
    if not is_team(journal) or not person_ids:
        return set()
    from onetoone.store.journal import in_list

    marks, params = in_list("p", list(dict.fromkeys(person_ids)))
    me = journal.value("SELECT current_user")
    last: dict[int, tuple] = {}
    planned_by_others: set[int] = set()
    for r in journal.rows(
        f"SELECT id, person_id, organizer, status, held_on FROM team_meeting WHERE person_id IN ({marks}) AND status IN ('held', 'planned')",
        params,
    ):
        if r["status"] == "planned":
            if r["organizer"] != me:
                planned_by_others.add(r["person_id"])
        elif r["held_on"] is not None and (r["person_id"] not in last or (r["held_on"], r["id"]) > last[r["person_id"]][:2]):
            last[r["person_id"]] = (r["held_on"], r["id"], r["organizer"])
    added_by = {r["id"]: r["owner"] for r in journal.rows(f"SELECT id, owner FROM person WHERE id IN ({marks})", params)}
    elsewhere = set(planned_by_others)
    for person_id in person_ids:
        owner = last[person_id][2] if person_id in last else added_by.get(person_id, me)
        if owner != me:
            elsewhere.add(person_id)
    return elsewhere


# -- The campaign's goal and the team's review ----------------------------------------------------

WEEKS_SHOWN = 12  # the review's weeks, newest last


@dataclass(frozen=True)
class Goal:
    """The campaign's target: `target` one-to-ones held from `since` to `by`, set by `set_by`."""

    target: int
    by: date
    since: date
    set_by: str
    set_on: date

    @property
    def weeks(self) -> float:
        return max((self.by - self.since).days + 1, 1) / 7


def set_goal(journal: Journal, target: int, *, by: date, since: date | None, today: date) -> Goal:
    """Set the campaign's goal for the whole team (the newest one counts; earlier ones stay on
    record). `since`: the day the campaign started counting, today unless given."""
    from onetoone.errors import BadInput

    require(journal, "oto team goal")
    since = since or today
    if target < 1:
        raise BadInput(f"The goal is a number of one-to-ones, 1 or more; got {target}.")
    if by <= today:
        raise BadInput(f"--by is the day the campaign should reach {target}: a day after today ({by.isoformat()} is not).")
    if since >= by:
        raise BadInput(f"--since ({since.isoformat()}) must come before --by ({by.isoformat()}).")
    # team_goal is the team journal's own table (store/pg_schema.py), no model of the journal's: one row, by SQL.
    journal.execute(
        "INSERT INTO team_goal (target, by_day, since, set_on) VALUES (:target, :by, :since, :today)",
        {"target": target, "by": by, "since": since, "today": today},
    )
    found = goal(journal)
    assert found is not None
    return found


def goal(journal: Journal) -> Goal | None:
    """The campaign's goal (the newest set), or None."""
    require(journal, "oto team goal")
    row = journal.row("SELECT target, by_day, since, owner, set_on FROM team_goal ORDER BY id DESC LIMIT 1")
    return None if row is None else Goal(row["target"], row["by_day"], row["since"], row["owner"], row["set_on"])


@dataclass(frozen=True)
class OrganizerWeeks:
    organizer: str
    weeks: list[int]  # one-to-ones held in each of the review's weeks, oldest first
    held: int  # since the campaign started
    share: float | None  # their part of the goal per week (the goal shared evenly), if there is a goal
    per_week: float  # what they held per week so far

    @property
    def on_pace(self) -> bool | None:
        return None if self.share is None else self.per_week >= self.share


@dataclass
class TeamReview:
    today: date
    start: date
    goal: Goal | None
    weeks: list[date]  # the Mondays of the review's weeks, oldest first
    organizers: list[OrganizerWeeks]
    held: int  # one-to-ones held by the team since `start`
    expected: int | None  # where the goal's even pace puts the team today
    needed_per_week: float | None  # what the team must hold each week from now to reach the goal
    people_met: int
    met_once: int
    met_twice_or_more: int
    referrals: int  # people added since `start` whom someone referred
    referrals_met: int
    institutions_covered: int  # institutions with someone met since `start`
    institutions: int

    @property
    def on_pace(self) -> bool | None:
        return None if self.expected is None else self.held >= self.expected


def review(journal: Journal, *, today: date) -> TeamReview:
    """The campaign so far, from the team views: since the goal's start (or the last four weeks
    without a goal), every organizer's one-to-ones held per week against their share of the goal,
    the people met once and twice or more, referrals gathered and met, institutions covered."""
    from onetoone.dates import week_start

    require(journal, "oto review --team")
    found_goal = goal(journal)
    start = found_goal.since if found_goal else today - timedelta(days=27)
    held = journal.rows(
        """SELECT organizer, person_id, held_on FROM team_meeting
           WHERE status = 'held' AND held_on >= :start AND held_on <= :today""",
        {"start": start, "today": today},
    )
    first = max(week_start(start), week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1))
    mondays = [first + timedelta(weeks=n) for n in range((week_start(today) - first).days // 7 + 1)]
    organizers = sorted({r["organizer"] for r in held} | {
        r[0] for r in journal.rows("SELECT DISTINCT organizer FROM team_meeting WHERE status = 'planned'")
    })
    elapsed_weeks = max((today - start).days + 1, 1) / 7
    share = found_goal.target / found_goal.weeks / len(organizers) if found_goal and organizers else None
    rows = []
    for name in organizers:
        theirs = [r["held_on"] for r in held if r["organizer"] == name]
        weeks = [sum(1 for day in theirs if week_start(day) == monday) for monday in mondays]
        rows.append(OrganizerWeeks(name, weeks, len(theirs), share, len(theirs) / elapsed_weeks))
    times: dict[int, int] = {}
    for r in held:
        times[r["person_id"]] = times.get(r["person_id"], 0) + 1
    expected = needed = None
    if found_goal is not None:
        span = max((found_goal.by - found_goal.since).days, 1)
        gone = min(max((today - found_goal.since).days + 1, 0), span)
        expected = -(-found_goal.target * gone // span)  # rounded up
        left_weeks = max((found_goal.by - today).days, 1) / 7
        needed = max(found_goal.target - len(held), 0) / left_weeks
    referred = journal.rows(
        "SELECT id FROM person WHERE referred_by_id IS NOT NULL AND created_on >= :start AND created_on <= :today",
        {"start": start, "today": today},
    )
    met_ids = set(times)
    covered = {
        r["institution_id"] for r in journal.rows("SELECT id, institution_id FROM person WHERE institution_id IS NOT NULL")
        if r["id"] in met_ids
    }
    return TeamReview(
        today=today, start=start, goal=found_goal, weeks=mondays, organizers=rows, held=len(held),
        expected=expected, needed_per_week=needed, people_met=len(times),
        met_once=sum(1 for n in times.values() if n == 1), met_twice_or_more=sum(1 for n in times.values() if n >= 2),
        referrals=len(referred), referrals_met=sum(1 for r in referred if r["id"] in met_ids),
        institutions_covered=len(covered), institutions=journal.value("SELECT count(*) FROM institution") or 0,
    )


# -- Set-up and sharing -------------------------------------------------------------------------

# What `oto share ID` shows the team, by the letter of its id: a meeting's note and next step,
# an insight, a story, a promise's text.
KINDS = {"m": ("meeting", "meeting"), "i": ("insight", "insight"), "s": ("story", "story"), "p": ("promise", "promise")}
ON_SQLITE = ("Sharing is for a team journal (PostgreSQL, OTO_DATABASE_URL): on your own journal "
             "nothing is anyone else's to see. Nothing was changed.")


@dataclass(frozen=True)
class Added:
    name: str
    created: bool  # a new role; False when the cluster had it already (an organizer elsewhere)
    admin: bool
    database: str


def init(url: str, *, now: datetime):
    """Make the database of `url` a team journal (pg_schema.Team: its roles)."""
    from onetoone.store import pg_schema, pg_setup

    with pg_schema.connected(url) as conn:
        return pg_setup.init_team(conn, now=now)


@dataclass(frozen=True)
class Upgraded:
    database: str
    applied: list[str]  # the migrations' names, in order; none when it was up to date
    version: int


def upgrade(url: str, *, now: datetime) -> Upgraded:
    """Bring the team journal of `url` to this oto's schema (pg_setup.upgrade)."""
    from onetoone.store import pg_schema, pg_setup, server

    with pg_schema.connected(url) as conn:
        applied = pg_setup.upgrade(conn, now=now, where=server.shown(url))
        return Upgraded(conn.execute("SELECT current_database()").fetchone()[0], applied, pg_schema.version(conn))


def add_organizer(url: str, name: str, *, admin: bool) -> Added:
    from onetoone.store import pg_schema

    with pg_schema.connected(url) as conn:
        created = pg_schema.add_organizer(conn, name, admin=admin)
        database = conn.execute("SELECT current_database()").fetchone()[0]
    return Added(name, created, admin, database)


@dataclass(frozen=True)
class Shared:
    kind: str  # meeting, insight, story or promise
    id: int
    rows: int  # rows marked: a reflection's meeting with its insights and promises
    shared: bool = True  # False: made private again (`oto share ID --stop`)


def share(journal, typed: str, *, shared: bool = True) -> Shared:
    """Show the team one item of the organizer's own (`m3`, `i7`, `s2`, `p5`); with
    `shared=False`, make it private again (what teammates read meanwhile, they may remember)."""
    refuse_on_sqlite(journal)
    letter, number = typed[:1].lower(), typed[1:]
    if letter not in KINDS or not number.isdigit():
        raise NotFound(f"{typed!r} is not an id oto shares: a meeting (m3), an insight (i7), a story (s2) or a promise (p5).")
    table, word = KINDS[letter]
    marked = journal.execute(f"UPDATE {table} SET shared = :shared WHERE id = :id", {"id": int(number), "shared": shared})
    if not marked:
        raise NotFound(f"No {word} {typed} of yours: you can share only what you wrote (see its id in `oto show`).")
    return Shared(word, int(number), marked, shared)


def share_reflection(journal, meeting_id: int) -> Shared:
    """Show the team what a reflection wrote: the meeting's note and next step, and the insights
    and promises it recorded (its asks stay private)."""
    refuse_on_sqlite(journal)
    rows = journal.execute("UPDATE meeting SET shared = TRUE WHERE id = :id", {"id": meeting_id})
    for table in ("insight", "promise"):
        rows += journal.execute(f"UPDATE {table} SET shared = TRUE WHERE meeting_id = :id", {"id": meeting_id})
    return Shared("meeting", meeting_id, rows)


def refuse_on_sqlite(journal) -> None:
    if not is_team(journal):
        raise TeamRefused(ON_SQLITE)
