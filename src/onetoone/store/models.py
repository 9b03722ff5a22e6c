"""The journal's schema, defined once: every table is a SQLModel model here.

Writes go through these models (a SQLModel session over the journal's own connection); the
daily reads run plain SQL in the domain modules against the same tables. Every journal the tests
use is created from these models, and tests/test_views.py plans each named query against one,
so the SQL and the schema cannot drift apart.
Dates are stored as ISO text (`YYYY-MM-DD`) and moments as `YYYY-MM-DD HH:MM:SS.ffffff`,
SQLAlchemy's SQLite format; both are local time, which keeps due dates right across DST changes.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

# Moments are naive local time. sqlmodel >= 0.0.50 maps a bare `datetime` to a UTC type that
# refuses naive values; NaiveDatetime keeps the plain DATETIME column (same DDL, same schema).
from pydantic import NaiveDatetime

# The values the columns hold (stages, kinds, answers, statuses) are defined once, beside the
# organizer's words for them, in onetoone.vocabulary; re-exported here for the schema's readers.
from onetoone.vocabulary import (  # noqa: F401
    ANSWERS,
    FOLLOWUP_KINDS,
    FOLLOWUP_STATUSES,
    INSIGHT_KINDS,
    MEETING_STATUSES,
    PROMISE_STATUSES,
    SECTORS,
    STAGES,
)

# IDs that organizers type (p12, f7, m3) are never handed out twice, even after a row is deleted.
_NO_REUSE = {"sqlite_autoincrement": True}


class Person(SQLModel, table=True):
    __table_args__ = (
        # Who referred whom, with how far each went, and who belongs where: `oto map` and
        # `oto org list` read these indexes alone (the stage says who I have met, see institutions.MET).
        Index("ix_person_referral", "referred_by_id", "stage"),
        Index("ix_person_institution", "institution_id", "stage"),
        _NO_REUSE,
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(index=True)
    contact: Optional[str] = None
    met_how: Optional[str] = None
    referred_by_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    role: Optional[str] = None
    stage: str = "prospect"
    cadence_days: Optional[int] = None
    do_not_contact: bool = False
    created_on: date
    # Kept up to date by the domain on every meeting or reconnect, so that `due` finds who to
    # reconnect with through an index instead of scanning every meeting.
    last_contact_on: Optional[date] = None
    reconnect_on: Optional[date] = Field(default=None, index=True)
    # The institution they belong to (its name is the institution's row, found through this link;
    # a person's institution was free text before migration 0010).
    institution_id: Optional[int] = Field(default=None, foreign_key="institution.id", ondelete="SET NULL")


class Institution(SQLModel, table=True):
    """A congregation, school, union local, business, tenant association or agency: where people
    belong, for `oto org` and the power map. `name_key` is the loose form names are matched in."""

    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(index=True, unique=True)
    sector: str = "other"  # one of vocabulary.SECTORS
    notes: Optional[str] = None
    created_on: date


class Introduction(SQLModel, table=True):
    """Two people I connected (`oto introduce A B`): a relationship the organizer built."""

    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    other_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    introduced_on: date
    note: Optional[str] = None
    created_on: date


class PersonKey(SQLModel, table=True):
    """The normalized forms a person is found by: full name, aliases and the words of the name."""

    __tablename__ = "person_key"
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    kind: str  # name, alias or word
    text: str
    key: str = Field(index=True)


class Tag(SQLModel, table=True):
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True)
    tag: str = Field(primary_key=True, index=True)


class Meeting(SQLModel, table=True):
    __table_args__ = (
        Index("ix_meeting_status_planned_at", "status", "planned_at"),
        # "last met" and "meetings so far" per person, without reading all their meetings
        Index("ix_meeting_person_status_held", "person_id", "status", "held_on"),
        # `oto review` reads the one-to-ones of a period from this index alone (a meeting's row holds its note)
        Index("ix_meeting_review", "held_on", "status", "person_id", "listened_pct", "reflected_on"),
        _NO_REUSE,
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    status: str = "planned"
    planned_at: Optional[NaiveDatetime] = None
    place: Optional[str] = None
    planned_minutes: Optional[int] = None
    held_on: Optional[date] = Field(default=None, index=True)
    minutes: Optional[int] = None
    listened_pct: Optional[int] = None
    next_step: Optional[str] = None
    note: Optional[str] = None
    created_at: NaiveDatetime
    # The day its reflection was written (`oto reflect`), for "reflections written the same day";
    # None for a meeting marked held without one (its reflection marked done) and while planned.
    reflected_on: Optional[date] = None


class PlannedAsk(SQLModel, table=True):
    __tablename__ = "planned_ask"
    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", index=True)
    text: str


class Insight(SQLModel, table=True):
    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    kind: str
    text: str
    created_on: date


class Promise(SQLModel, table=True):
    # direction too, so the digest can rank open promises per direction from the index alone
    __table_args__ = (Index("ix_promise_status_due", "status", "due", "direction"), _NO_REUSE)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    direction: str  # mine or theirs
    text: str
    due: date
    first_due: date
    status: str = "open"
    created_on: date
    closed_on: Optional[date] = None
    # The group meeting or action this commitment is about ("come to the tenants meeting"), once
    # linked: by `oto promise --event`, or when attendance is recorded (domain/events.py). Since 0009.
    event_id: Optional[int] = Field(default=None, foreign_key="event.id", ondelete="SET NULL", index=True)


class Ask(SQLModel, table=True):
    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    text: str
    answer: Optional[str] = None
    asked_on: date = Field(index=True)  # the asks of a period, for `oto review`
    revisit_on: Optional[date] = None
    # A "yes" is also their commitment in the promise ledger; keeping or breaking it is the show-up.
    promise_id: Optional[int] = Field(default=None, foreign_key="promise.id", ondelete="SET NULL", index=True)
    showed_up: Optional[bool] = None


class StageMove(SQLModel, table=True):
    """A move on the ladder of involvement, on the day it happened: a prospect met (a one-to-one
    held), a yes (met -> committed), or `oto edit --stage`. Its meeting, when a meeting moved them,
    so that a one-to-one put back to planned takes its move back. Recorded since migration 0007."""

    __tablename__ = "stage_move"
    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    old: str
    new: str
    moved_on: date = Field(index=True)


class FollowUp(SQLModel, table=True):
    """Something to do that is not a promise, stored as facts: its kind, whom, which meeting or
    ask, and for a next step the organizer's own words. render/ writes every sentence from them."""

    __tablename__ = "followup"
    __table_args__ = (Index("ix_followup_status_due", "status", "due"), _NO_REUSE)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    kind: str  # one of vocabulary.FOLLOWUP_KINDS
    due: date
    words: Optional[str] = None  # the organizer's own words (a next step's text), never a composed sentence
    status: str = "open"  # open or done
    meeting_id: Optional[int] = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE", index=True)
    ask_id: Optional[int] = Field(default=None, foreign_key="ask.id", ondelete="CASCADE", index=True)
    created_on: date
    done_on: Optional[date] = None


class Event(SQLModel, table=True):
    """A group meeting or action (`oto event`): a house meeting, an action, a training. Its day,
    and its time when known; its host, a person (a house meeting is held at someone's home).
    `recorded_on`: the day who came was first recorded (None: not yet). Since migration 0009."""

    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    kind: str  # one of vocabulary.EVENT_KINDS
    day: date = Field(index=True)
    at: Optional[str] = None  # HH:MM
    place: Optional[str] = None
    host_id: Optional[int] = Field(default=None, foreign_key="person.id", ondelete="SET NULL", index=True)
    created_on: date
    recorded_on: Optional[date] = None


class Attendance(SQLModel, table=True):
    """Who came to an event, or did not come though expected (vocabulary.ATTENDANCE); the
    commitment it settled (kept when they came, broken when they did not), if they had one."""

    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", primary_key=True, index=True)
    status: str
    promise_id: Optional[int] = Field(default=None, foreign_key="promise.id", ondelete="SET NULL", index=True)


class Contact(SQLModel, table=True):
    """A contact that is not a one-to-one (`oto log`): a call, a text, a visit. It is contact with
    the person (reconnect starts again) but never a one-to-one held."""

    __table_args__ = (Index("ix_contact_person_on", "person_id", "contacted_on"), _NO_REUSE)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    kind: str  # one of vocabulary.CONTACT_KINDS
    contacted_on: date
    note: str
    created_at: NaiveDatetime


class Story(SQLModel, table=True):
    """The organizer's own story snippets, which prep reminds them of."""

    __table_args__ = _NO_REUSE

    id: Optional[int] = Field(default=None, primary_key=True)
    text: str
    created_on: date


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str


class MigrationRecord(SQLModel, table=True):
    """One row per migration applied to this file, written in the migration's own transaction."""

    __tablename__ = "migration"
    __table_args__ = (UniqueConstraint("name"),)
    version: int = Field(primary_key=True)
    name: str
    applied_at: NaiveDatetime


class UndoStep(SQLModel, table=True):
    """One write command that `oto undo` can reverse: when, and the command as typed (a JSON list
    of its words after `oto`; none when no command made it). See store/undo.py."""

    __tablename__ = "undo_step"
    __table_args__ = _NO_REUSE
    id: Optional[int] = Field(default=None, primary_key=True)
    at: NaiveDatetime
    command: Optional[str] = None


class UndoLog(SQLModel, table=True):
    """The SQL that reverses one change of a step, written by the undo triggers; replayed newest
    first. `tbl`, `row_id` and `op` say which row the change touched and how."""

    __tablename__ = "undo_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    step: int = Field(index=True)
    tbl: str
    row_id: Optional[int] = None
    op: str  # insert, update or delete: what the command did
    sql: str
