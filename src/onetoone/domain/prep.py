"""The prep sheet: what to have in mind before a one-to-one, gathered in one read-only pass.

`sheet()` reads everything with plain SQL (no models are loaded, so prep stays quick) and caps
each list so the sheet fits one screen: the organizer reads it in two minutes before they go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from onetoone.domain import contacts, events, introductions, meetings, mentions, questions, stories, team
from onetoone.domain.people import PersonRef, aliases
from onetoone.domain.promises import OPEN, Reliability, ShowUps, reliability, show_ups
from onetoone.store.journal import Journal, in_list
from onetoone.vocabulary import KNOWN_KINDS, STAGES

PER_KIND = 3        # insights shown per kind, newest first
RECENT = 3          # held meetings shown
PROMISES = 6        # open promises shown
ASKS_TO_REVISIT = 4  # open maybes and laters shown
MENTIONS = 5        # records of others that name them, newest first
REFERRALS = 6       # people they referred, furthest along first


@dataclass(frozen=True)
class PlannedMeeting:
    id: int
    at: datetime
    place: str | None
    minutes: int | None
    asks: list[str]
    passed: bool  # its time has come and gone without a reflection


@dataclass(frozen=True)
class MeetingBrief:
    id: int
    held_on: date
    minutes: int | None
    listened_pct: int | None
    note: str | None
    next_step: str | None


@dataclass(frozen=True)
class OpenPromise:
    id: int
    direction: str  # mine or theirs
    text: str
    due: date
    status: str  # open or renegotiated


@dataclass(frozen=True)
class PastAsk:
    id: int
    text: str
    answer: str | None
    asked_on: date
    revisit_on: date | None
    showed_up: bool | None


@dataclass(frozen=True)
class Referral:
    """Someone they referred, and how far they got: their stage and the one-to-ones held."""

    id: int
    name: str
    stage: str
    held: int
    last_met: date | None


@dataclass
class Sheet:
    id: int
    name: str
    aliases: list[str]
    stage: str
    do_not_contact: bool
    boundaries: list[str]
    referred_by: str | None
    met_how: str | None
    institution: str | None
    role: str | None
    contact: str | None
    tags: list[str]
    last_met: date | None
    meetings_held: int
    planned: PlannedMeeting | None
    insights: dict[str, list[str]]          # kind -> newest first, at most PER_KIND
    more_insights: int                       # left out to keep the sheet short
    recent: list[MeetingBrief]
    promises: list[OpenPromise]              # mine first, then by due date
    more_promises: int
    mine: Reliability
    theirs: Reliability
    last_ask: PastAsk | None
    show_ups: ShowUps
    questions: list[questions.Question]
    story: stories.Snippet | None
    stories_total: int
    to_revisit: list[PastAsk] = field(default_factory=list)
    contacts: list[contacts.Logged] = field(default_factory=list)  # calls, texts, visits: newest first
    referred_by_id: int | None = None
    referrals: list[Referral] = field(default_factory=list)  # whom they referred, furthest along first
    more_referrals: int = 0
    mentions: mentions.Mentions = field(default_factory=mentions.Mentions)  # others' records that name them
    events: events.Record | None = None  # group meetings and actions they hosted, came to or missed
    introduced: list[tuple[str, date]] = field(default_factory=list)  # whom I introduced them to, and when
    could_meet: list[introductions.Suggestion] = field(default_factory=list)  # introductions worth making
    teammates: team.Teammates = field(default_factory=team.Teammates)  # a team journal: their meetings and shared notes

    @property
    def knows_something(self) -> bool:
        return bool(self.insights)

    @property
    def ask_too_soon(self) -> bool:
        """An ask is planned though nothing is known about them yet: relationship before task."""
        return bool(self.planned and self.planned.asks) and not self.knows_something


def sheet(journal: Journal, person: PersonRef, *, today: date, now: datetime, whole: bool = False, past: bool = False) -> Sheet:
    """Everything prep shows for `person`, as of `today`/`now`. `whole`: the mentions and
    referrals uncapped; `past`: mentions in closed records too (see domain/mentions.py)."""
    pid = {"p": person.id}
    row = journal.row(
        "SELECT p.met_how, r.id AS referrer_id, r.name AS referrer FROM person p LEFT JOIN person r ON r.id = p.referred_by_id WHERE p.id = :p",
        pid,
    )
    boundaries, insights, more = _insights(journal, person.id)
    held = journal.row(
        """SELECT count(*) AS n, max(held_on) AS "last [date]" FROM meeting WHERE person_id = :p AND status = 'held'""", pid
    )
    meetings_held = held["n"] or 0
    known = set(insights)
    promises, more_promises = _promises(journal, person.id)
    story, stories_total = stories.pick(journal, person_id=person.id, meetings_held=meetings_held)
    referrals = _referrals(journal, person.id)
    shown_referrals = referrals if whole else referrals[:REFERRALS]
    return Sheet(
        id=person.id, name=person.name, aliases=aliases(journal, person.id), stage=person.stage,
        do_not_contact=person.do_not_contact, boundaries=boundaries, referred_by=row["referrer"],
        met_how=row["met_how"], institution=person.institution, role=person.role, contact=person.contact,
        tags=list(person.tags), last_met=held["last"], meetings_held=meetings_held,
        planned=_planned(journal, person.id, now), insights=insights, more_insights=more,
        recent=_recent(journal, person.id), promises=promises, more_promises=more_promises,
        mine=reliability(journal, person.id, "mine", today=today),
        theirs=reliability(journal, person.id, "theirs", today=today),
        last_ask=_last_ask(journal, person.id), show_ups=show_ups(journal, person.id),
        contacts=contacts.recent(journal, person.id), events=events.person_record(journal, person.id),
        questions=questions.suggest(known, meetings_held=meetings_held),
        story=story, stories_total=stories_total, to_revisit=_to_revisit(journal, person.id),
        referred_by_id=row["referrer_id"], referrals=shown_referrals, more_referrals=len(referrals) - len(shown_referrals),
        mentions=mentions.find(journal, person, limit=None if whole else MENTIONS, past=past),
        introduced=introductions.introduced(journal, person.id), could_meet=introductions.suggest(journal, person.id),
        teammates=team.teammates(journal, person.id),
    )


def _referrals(journal: Journal, person_id: int) -> list[Referral]:
    """Everyone they referred: furthest on the ladder first, then by one-to-ones held, then by name."""
    rows = journal.rows(
        """SELECT p.id, p.name, p.stage, p.name_key, count(m.id) AS held, max(m.held_on) AS "last [date]"
           FROM person p LEFT JOIN meeting m ON m.person_id = p.id AND m.status = 'held'
           WHERE p.referred_by_id = :p GROUP BY p.id""",
        {"p": person_id},
    )
    rank = {stage: n for n, stage in enumerate(STAGES)}
    rows = sorted(rows, key=lambda r: (-rank.get(r["stage"], -1), -r["held"], r["name_key"], r["id"]))
    return [Referral(r["id"], r["name"], r["stage"], r["held"], r["last"]) for r in rows]


def _insights(journal: Journal, person_id: int) -> tuple[list[str], dict[str, list[str]], int]:
    """(boundaries, every other kind newest first and capped, how many were left out).

    Boundaries are never capped: each one must be read before the meeting."""
    boundaries: list[str] = []
    grouped: dict[str, list[str]] = {}
    left_out = 0
    for found in journal.rows("SELECT kind, text FROM insight WHERE person_id = :p ORDER BY id DESC", {"p": person_id}):
        if found["kind"] == "boundary":
            boundaries.append(found["text"])
        elif len(grouped.setdefault(found["kind"], [])) < PER_KIND:
            grouped[found["kind"]].append(found["text"])
        else:
            left_out += 1
    boundaries.reverse()  # in the order they were learned
    ordered = {kind: grouped[kind] for kind in KNOWN_KINDS if grouped.get(kind)}
    ordered.update({kind: texts for kind, texts in grouped.items() if kind not in ordered and texts})
    return boundaries, ordered, left_out


def _planned(journal: Journal, person_id: int, now: datetime) -> PlannedMeeting | None:
    found = meetings.planned(journal, person_id)
    if found is None:
        return None
    return PlannedMeeting(found.id, found.at, found.place, found.minutes, found.asks, passed=found.at < now)


def _recent(journal: Journal, person_id: int) -> list[MeetingBrief]:
    rows = journal.rows(
        """SELECT id, held_on, minutes, listened_pct, note, next_step FROM meeting
           WHERE person_id = :p AND status = 'held' AND held_on IS NOT NULL
           ORDER BY held_on DESC, id DESC LIMIT :n""",
        {"p": person_id, "n": RECENT},
    )
    return [
        MeetingBrief(r["id"], r["held_on"], r["minutes"], r["listened_pct"], r["note"], r["next_step"])
        for r in rows
    ]


def _promises(journal: Journal, person_id: int) -> tuple[list[OpenPromise], int]:
    marks, statuses = in_list("status", OPEN)
    rows = journal.rows(
        f"""SELECT id, direction, text, due, status FROM promise
            WHERE person_id = :p AND status IN ({marks})
            ORDER BY direction = 'mine' DESC, due, id""",
        {"p": person_id, **statuses},
    )
    shown = [OpenPromise(r["id"], r["direction"], r["text"], r["due"], r["status"]) for r in rows[:PROMISES]]
    return shown, len(rows) - len(shown)


# A maybe's revisit day is on the ask, or else on its open 'revisit' follow-up.
_ASK_COLUMNS = """id, text, answer, asked_on, showed_up, coalesce(revisit_on, (
    SELECT min(f.due) FROM followup f WHERE f.ask_id = a.id AND f.kind = 'revisit' AND f.status = 'open')) AS "revisit_on [date]"
"""


def _past_ask(row) -> PastAsk:
    return PastAsk(row["id"], row["text"], row["answer"], row["asked_on"], row["revisit_on"], row["showed_up"])


def _last_ask(journal: Journal, person_id: int) -> PastAsk | None:
    row = journal.row(f"SELECT {_ASK_COLUMNS} FROM ask a WHERE person_id = :p ORDER BY asked_on DESC, id DESC LIMIT 1", {"p": person_id})
    return None if row is None else _past_ask(row)


def _to_revisit(journal: Journal, person_id: int) -> list[PastAsk]:
    """Maybes and laters not since answered yes or no: asks worth bringing back."""
    rows = journal.rows(
        f"""SELECT {_ASK_COLUMNS} FROM ask a
            WHERE a.person_id = :p AND a.answer IN ('maybe', 'later')
              AND NOT EXISTS (
                SELECT 1 FROM ask b WHERE b.person_id = a.person_id AND b.id > a.id
                  AND lower(trim(b.text)) = lower(trim(a.text)))
            ORDER BY a.asked_on DESC, a.id DESC LIMIT :n""",
        {"p": person_id, "n": ASKS_TO_REVISIT},
    )
    return [_past_ask(r) for r in rows]
