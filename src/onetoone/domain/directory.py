"""Reading people back: the `oto people` list and the whole record `oto show` prints."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from onetoone.domain import people
from onetoone.domain.promises import Reliability, ShowUps, reliability, show_ups
from onetoone.errors import BadInput
from onetoone.store.journal import Journal
from onetoone.domain.events import person_record
from onetoone.vocabulary import CONTACT_LABELS, EVENT_LABELS


@dataclass
class Entry:
    """One row of `oto people`."""

    id: int
    name: str
    aliases: list[str]
    stage: str
    institution: str | None
    tags: list[str]
    last_met: date | None
    next_on: date | None
    next_kind: str | None  # 'one-to-one', a follow-up kind, 'promise-mine' or 'promise-theirs'
    next_at: str | None  # a one-to-one's time, HH:MM
    do_not_contact: bool


def listing(journal: Journal, *, today: date, tag: str | None = None, stage: str | None = None, limit: int | None = None) -> tuple[list[Entry], int]:
    """People, by name, optionally filtered by tag and stage; returns (shown, total)."""
    where, params = ["1 = 1"], {"today": today}
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM tag t WHERE t.person_id = p.id AND t.tag = :tag)")
        params["tag"] = unicodedata.normalize("NFC", tag).strip().lstrip("#").casefold()  # as people._tag keeps it
    if stage is not None:
        if stage.strip().lower() not in people.STAGES:
            raise BadInput(f"Unknown stage '{stage}'. Use one of: {', '.join(people.STAGES)}.")
        where.append("p.stage = :stage")
        params["stage"] = stage.strip().lower()
    condition = " AND ".join(where)
    total = journal.value(f"SELECT count(*) FROM person p WHERE {condition}", params)
    rows = journal.rows(
        f"""
        SELECT p.id, p.name, p.stage, (SELECT name FROM institution WHERE id = p.institution_id) AS institution, p.do_not_contact,
          (SELECT max(held_on) FROM meeting m WHERE m.person_id = p.id AND m.status = 'held') AS "last_met [date]"
        FROM person p WHERE {condition}
        ORDER BY p.name_key, p.id LIMIT :limit
        """,
        {**params, "limit": -1 if limit is None else limit},
    )
    entries = []
    for row in rows:
        next_on, next_kind, next_at = upcoming(journal, row["id"], today=today)
        entries.append(
            Entry(
                id=row["id"], name=row["name"], aliases=people.aliases(journal, row["id"]), stage=row["stage"],
                institution=row["institution"], tags=people.tags(journal, row["id"]),
                last_met=row["last_met"],
                next_on=next_on, next_kind=next_kind, next_at=next_at, do_not_contact=row["do_not_contact"],
            )
        )
    return entries, total


def upcoming(journal: Journal, person_id: int, *, today: date) -> tuple[date | None, str | None, str | None]:
    """The next thing on the calendar with this person, as (day, kind, time): a planned meeting
    ('one-to-one', with its time), a follow-up (its kind) or a promise ('promise-mine' or
    'promise-theirs'). render/people.py words it.

    The unary `+`s keep SQLite on the per-person indexes: by status alone it would read every
    open follow-up or planned meeting in the journal, once for each person listed."""
    candidates = journal.rows(
        """
        SELECT date(planned_at) AS "day [date]", 'one-to-one' AS kind, planned_at AS "at [datetime]"
          FROM meeting WHERE person_id = :p AND status = 'planned' AND +planned_at >= :today
        UNION ALL
        SELECT due, kind, NULL FROM followup WHERE person_id = :p AND +status = 'open'
          AND NOT (kind = 'confirm' AND due < :today)  -- a confirmation's moment has passed
        UNION ALL
        SELECT due, 'promise-' || direction, NULL
          FROM promise WHERE person_id = :p AND status IN ('open', 'renegotiated')
        ORDER BY 1 LIMIT 1
        """,
        {"p": person_id, "today": today},
    )
    if not candidates:
        return None, None, None
    first = candidates[0]
    return first["day"], first["kind"], None if first["at"] is None else f"{first['at']:%H:%M}"


@dataclass
class Record:
    """Everything the journal holds about one person, for `oto show`."""

    id: int
    name: str
    aliases: list[str]
    stage: str
    contact: str | None
    met_how: str | None
    referred_by: str | None
    institution: str | None
    role: str | None
    tags: list[str]
    cadence_days: int
    do_not_contact: bool
    created_on: date
    last_contact_on: date | None
    boundaries: list[str]
    insights: dict[str, list[str]]
    learned: list[tuple[int, str, str]]  # every insight, boundaries too, as (id, kind, text): what `oto unlearn` takes
    mine: Reliability
    theirs: Reliability
    referred: list[str]
    timeline: list[tuple[date, str, str]] = field(default_factory=list)  # (day, kind, text)
    show_ups: ShowUps = field(default_factory=ShowUps)


def record(journal: Journal, ref: people.PersonRef, *, today: date) -> Record:
    row = journal.row(
        """SELECT p.*, r.name AS referrer, i.name AS institution FROM person p LEFT JOIN person r ON r.id = p.referred_by_id
           LEFT JOIN institution i ON i.id = p.institution_id WHERE p.id = :person""",
        {"person": ref.id},
    )
    insights: dict[str, list[str]] = {}
    boundaries, learned = [], []
    for found in journal.rows("SELECT id, kind, text FROM insight WHERE person_id = :person ORDER BY id", {"person": ref.id}):
        learned.append((found["id"], found["kind"], found["text"]))
        if found["kind"] == "boundary":
            boundaries.append(found["text"])
        else:
            insights.setdefault(found["kind"], []).append(found["text"])
    return Record(
        id=row["id"], name=row["name"], aliases=people.aliases(journal, ref.id), stage=row["stage"],
        contact=row["contact"], met_how=row["met_how"], referred_by=row["referrer"],
        institution=row["institution"], role=row["role"], tags=people.tags(journal, ref.id),
        cadence_days=people.cadence(row["stage"], row["cadence_days"]),
        do_not_contact=row["do_not_contact"], created_on=row["created_on"],
        last_contact_on=row["last_contact_on"],
        boundaries=boundaries, insights=insights, learned=learned,
        mine=reliability(journal, ref.id, "mine", today=today),
        theirs=reliability(journal, ref.id, "theirs", today=today),
        referred=[r[0] for r in journal.rows("SELECT name FROM person WHERE referred_by_id = :person ORDER BY name_key", {"person": ref.id})],
        timeline=timeline(journal, ref.id),
        show_ups=show_ups(journal, ref.id),
    )


def timeline(journal: Journal, person_id: int) -> list[tuple[date, str, str]]:
    """What happened with this person, oldest first: meetings (held, planned, cancelled, no-show),
    contacts between them (calls, texts, visits), events hosted, come to or missed, asks and promises."""
    events: list[tuple[date, str, str]] = []
    for m in journal.rows("SELECT * FROM meeting WHERE person_id = :person ORDER BY id", {"person": person_id}):
        if m["status"] == "held":
            bits = [f"one-to-one (m{m['id']})"]
            if m["minutes"]:
                bits.append(f"{m['minutes']} min")
            if m["listened_pct"] is not None:
                bits.append(f"listened {m['listened_pct']}%")
            if m["place"]:
                bits.append(f"at {m['place']}")
            text = ", ".join(bits)
            if m["note"]:
                text += f": {m['note']}"
            events.append((m["held_on"], "met", text))
        elif m["planned_at"]:
            at = m["planned_at"]
            place = f" at {m['place']}" if m["place"] else ""
            ended = {"cancelled": ", cancelled", "no-show": ", they did not come"}.get(m["status"], "")
            events.append((at.date(), m["status"], f"one-to-one {at:%H:%M}{place} (m{m['id']}){ended}"))
    for c in journal.rows("SELECT * FROM contact WHERE person_id = :person ORDER BY id", {"person": person_id}):
        events.append((c["contacted_on"], c["kind"], f"{CONTACT_LABELS.get(c['kind'], c['kind'])} (c{c['id']}): {c['note']}"))
    for took in person_record(journal, person_id, limit=None).recent:
        role = {"hosted": "hosted", "came": "came to", "no-show": "did not come to"}.get(took.role, "host of")
        yes = " (had said yes)" if took.committed and took.role in ("came", "no-show") else ""
        events.append((took.day, "event", f"{role} {EVENT_LABELS.get(took.kind, took.kind)} (e{took.event_id}): {took.title}{yes}"))
    for a in journal.rows("SELECT * FROM ask WHERE person_id = :person ORDER BY id", {"person": person_id}):
        answer = a["answer"] or "no answer yet"
        shown = {True: ", showed up", False: ", did not show"}.get(a["showed_up"], "")
        events.append((a["asked_on"], "ask", f"asked (a{a['id']}): {a['text']} -> {answer}{shown}"))
    for p in journal.rows("SELECT * FROM promise WHERE person_id = :person ORDER BY id", {"person": person_id}):
        who = "I promised" if p["direction"] == "mine" else "They committed"
        events.append((p["created_on"], "promise", f"{who} (p{p['id']}): {p['text']}, due {p['due']}, {p['status']}"))
    events.sort(key=lambda e: e[0])
    return events

