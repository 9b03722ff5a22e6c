"""The morning digest on screen and as JSON, each item's text, and the done/snooze messages.

Item texts are written here, in the organizer's words, from the facts the domain gathered; the
screen and the JSON share them. The screen keeps each bucket short (a journal of years can have
thousands of reconnect suggestions); the JSON lists everything.
"""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render import meetings
from onetoone.render.doc import STRONG, Doc, typed_name
from onetoone.render.promises import closed as closed_message
from onetoone.vocabulary import DUE_LABELS

BUCKET_LIMIT = 12  # rows per bucket on screen: a short digest, and rich costs ~1 ms a row
RECONNECT_LIMIT = 5  # of which reconnect suggestions, so they never crowd out the rest
EMPTY = "Nothing due. A good day to invite someone to a one-to-one."


def screen(digest) -> Doc:
    today = digest.today
    doc = Doc().line(f"{dates.show_day(today)}. {week(digest)}", STRONG)
    if digest.referrals and digest.held < digest.goal:
        doc.line(f"{_count(digest.referrals, 'referral')} to contact could fill the gap.")
    meetings.today_section(doc, digest.meetings, today)
    if not digest.items:
        return doc.line(EMPTY if not digest.meetings else "Nothing else due.")
    upcoming = "Tomorrow" if digest.days == 1 else f"Next {digest.days} days"
    for title, items, when, unlisted in (
        ("Overdue", digest.overdue, lambda d: dates.relative(d, today), digest.unlisted_overdue),
        ("Today", digest.due_today, None, digest.unlisted_today),
        (upcoming, digest.upcoming, lambda d: dates.short_day(d, today), digest.unlisted_upcoming),
    ):
        if items:
            doc.heading(title)
            rows, more = _rows(items, today, when)
            doc.table(
                [""] * len(rows[0]), rows, show_header=False, more=more + unlisted,
                more_hint="`oto due --json` lists them all",
            )
    return doc


def week(digest) -> str:
    if not digest.goal:
        return f"One-to-ones this week: {digest.held}."
    done = " Goal reached." if digest.held >= digest.goal else ""
    return f"One-to-ones this week: {digest.held} of {digest.goal}.{done}"


def _rows(items, today: date, when) -> tuple[list[list[str]], int]:
    rows, hidden, reconnects = [], 0, 0
    for item in items:
        if len(rows) >= BUCKET_LIMIT or (item.kind == "reconnect" and reconnects >= RECONNECT_LIMIT):
            hidden += 1
            continue
        reconnects += item.kind == "reconnect"
        row = [item.id, item.person, text(item, today)]
        rows.append(row + [when(item.due)] if when else row)
    return rows, hidden


def to_json(digest) -> dict:
    return {
        "date": digest.today.isoformat(),
        "week": {"held": digest.held, "goal": digest.goal},
        "meetings": [meetings.slot_json(slot) for slot in digest.meetings],
        "items": [
            {
                "id": item.id, "kind": item.kind, "person": item.person, "due": item.due.isoformat(),
                "overdue": item.overdue, "text": text(item, digest.today),
            }
            for item in digest.items
        ],
    }


def text(item, today: date) -> str:
    """What to do, short and specific: 'Confirm the one-to-one on Wed 25 Nov at 18:00'.

    Every sentence is written here from the item's facts; the journal stores none of them."""
    kind, at = item.kind, item.meeting_at
    if kind == "confirm":
        if at is None:
            return "Confirm the one-to-one"
        if at.date() == today:
            return f"Confirm today's one-to-one at {at:%H:%M}"
        return f"Confirm the one-to-one on {_day(at.date(), today)} at {at:%H:%M}"
    if kind == "thank":
        if item.held_on is None:
            return "Thank them for the one-to-one"
        return f"Thank them for the one-to-one on {_day(item.held_on, today)}"
    if kind == "promise-mine":
        return f"I promised: {item.text}"
    if kind == "promise-theirs":
        if item.due >= today:
            return f"They committed: {item.text}"
        question = "Did they show up? They said yes to" if item.from_ask else "Did they come through? They committed"
        what = item.text.rstrip(" .!")
        return f"{question}: {what}. Record it with `oto kept {item.id}` or `oto broken {item.id}`"
    if kind == "revisit":
        if not item.ask_text:
            return "Revisit the ask"
        return f"Revisit their '{item.answer or 'answer'}' on: {item.ask_text}"
    if kind == "reflect":
        on = f" of {_day(at.date(), today)}" if at is not None else ""
        return f"Write your reflection on the one-to-one{on} (oto reflect {typed_name(item.person)})"
    if kind == "next-step":
        return f"Next step: {item.text}" if item.text else "Next step"
    if kind == "reconnect":
        if item.last_contact_on is None:
            return "Reconnect"
        return f"Reconnect: last contact {dates.relative(item.last_contact_on, today)}"
    if kind == "contact-referral":
        by = f", referred by {item.referrer}" if item.referrer else ""
        return f"Contact {item.person}{by}"
    if kind == "reschedule":
        missed = f" they missed on {_day(at.date(), today)}" if at is not None else " they missed"
        return f"Reschedule the one-to-one{missed} (oto prep {typed_name(item.person)} --at WHEN)"
    return DUE_LABELS.get(kind, "Follow-up").capitalize()


def _day(day: date, today: date) -> str:
    """'Sat 21 Nov' this year, 'Sat 21 Nov 2025' otherwise: a fixed day reads the same tomorrow."""
    return f"{day:%a} {day.day} {day:%b}" if day.year == today.year else dates.show_day(day)


def _count(n: int, noun: str) -> str:
    return f"{'One' if n == 1 else n} {noun}{'' if n == 1 else 's'}"


# -- messages for done and snooze -----------------------------------------------------------------


def changed(change, *, today: date) -> str:
    if change.closed is not None:
        return closed_message(change.closed)
    what = f"{change.id} ({DUE_LABELS.get(change.kind, 'follow-up')}, {change.person})"
    if change.due is not None:
        return f"Snoozed {what} until {dates.show_day(change.due)} ({dates.relative(change.due, today)})."
    if change.kind == "reconnect" and change.id.startswith("r"):
        after = ""
        if change.reconnect_on is not None:
            after = f" oto will suggest reconnecting again on {dates.show_day(change.reconnect_on)}."
        return f"Recorded that you reconnected with {change.person} today.{after}"
    message = f"Marked {what} done."
    if change.held_on is not None:
        message += (
            f" No reflection: the one-to-one of {dates.show_day(change.held_on)} (m{change.meeting_id}) is recorded as held:"
            " it counts toward the week's goal"
        )
        if change.stages and change.stages[0] != change.stages[1]:
            message += f" and {change.person} moves from {change.stages[0]} to {change.stages[1]}"
        message += ". (A meeting that did not happen is recorded with `oto noshow` or `oto cancel`, not `oto done`.)"
    return message
