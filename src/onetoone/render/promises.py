"""Screens, JSON and messages for the promise ledger: `promise`, `promises`, `kept`, `broken`, `renegotiate`."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.doc import STRONG, Doc

SECTION_LIMIT = 40  # rows per side on screen (rich costs ~1 ms a row); --json lists everything
TITLES = {"mine": "My promises", "theirs": "Their commitments"}


def whose(entry) -> str:
    """'my promise to Maria Lopez' or "Maria Lopez's commitment"."""
    return f"my promise to {entry.person}" if entry.direction == "mine" else f"{entry.person}'s commitment"


def listing(ledger, *, today: date, filtered: bool = False) -> Doc:
    doc = Doc()
    if ledger.person is not None:
        doc.line(f"Promises with {ledger.person}", STRONG)
        doc.line(f"My promises: {ledger.mine}. Their commitments: {ledger.theirs}.")
        if ledger.show_ups is not None and ledger.show_ups.no_shows:
            missed = ledger.show_ups.no_shows
            doc.line(f"One-to-ones they did not come to: {missed} of {missed + ledger.show_ups.held}.")
    if not ledger.entries:
        if filtered or ledger.person is not None:
            return doc.line("No promises match.")
        return doc.line("No open promises. Record one with `oto promise NAME TEXT --by WHEN`.")
    for direction, title in TITLES.items():
        entries = [e for e in ledger.entries if e.direction == direction]
        if not entries:
            continue
        doc.heading(title)
        rows = [_row(e, today, with_person=ledger.person is None) for e in entries[:SECTION_LIMIT]]
        doc.table(
            [""] * len(rows[0]), rows, show_header=False,
            more=len(entries) - len(rows) + ledger.unlisted.get(direction, 0),
            more_hint="`oto promises --json` lists them all",
        )
    return doc


def _row(entry, today: date, *, with_person: bool) -> list[str]:
    row = [f"p{entry.id}"] + ([entry.person] if with_person else []) + [entry.text, dates.short_day(entry.due, today)]
    return row + [_state(entry, today)]


def _state(entry, today: date) -> str:
    if entry.closed_on is not None:
        return f"{entry.status} {dates.short_day(entry.closed_on, today)}"
    notes = ["overdue"] if entry.overdue(today) else []
    if entry.status == "renegotiated":
        notes.append(f"renegotiated, first due {dates.short_day(entry.first_due, today)}")
    elif not entry.is_open:
        notes.append(entry.status)
    return ", ".join(notes)


def listing_json(ledger, *, today: date) -> list[dict]:
    return [
        {
            "id": f"p{e.id}", "person": e.person, "person_id": e.person_id, "direction": e.direction,
            "text": e.text, "due": e.due.isoformat(), "first_due": e.first_due.isoformat(), "status": e.status,
            "overdue": e.overdue(today), "created_on": e.created_on.isoformat(),
            "closed_on": e.closed_on.isoformat() if e.closed_on else None,
        }
        for e in ledger.entries
    ]


def recorded(entry, *, today: date) -> str:
    late = " That day has already passed." if entry.due < today else ""
    when = f"{dates.show_day(entry.due)} ({dates.relative(entry.due, today)})"
    return f"Recorded p{entry.id}: {whose(entry)}, due {when}.{late}"


def closed(result, *, today: date | None = None) -> str:
    """'Marked p3 kept: ...'; with `today`, a day other than today is named ('kept on Sun 22 Nov 2026')."""
    entry = result.entry
    timing = ""
    if entry.status == "kept":
        late = (entry.closed_on - entry.due).days
        timing = ", on time" if late <= 0 else f", {late} day{'s' if late != 1 else ''} late"
    on = f" on {dates.show_day(entry.closed_on)}" if today is not None and entry.closed_on not in (None, today) else ""
    if entry.status == "released":
        return f"Released p{entry.id}{on}: {entry.text} ({whose(entry)}); it counts neither for nor against anyone."
    message = f"Marked p{entry.id} {entry.status}{on}: {entry.text} ({whose(entry)}, due {dates.show_day(entry.due)}{timing})."
    if result.showed_up is not None:
        message += " Recorded that they showed up." if result.showed_up else " Recorded that they did not show up."
    return message


def renegotiated(entry, old_due: date, *, today: date) -> str:
    first = "" if entry.first_due == old_due else f"; first due {dates.show_day(entry.first_due)}"
    return (
        f"Renegotiated p{entry.id}: {entry.text} ({whose(entry)}) moves from {dates.show_day(old_due)} "
        f"to {dates.show_day(entry.due)} ({dates.relative(entry.due, today)}){first}."
    )
