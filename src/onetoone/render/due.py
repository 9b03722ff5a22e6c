"""The morning digest on screen and as JSON, each item's text, and the done/snooze messages.

Item texts are written here, in the organizer's words, from the facts the domain gathered; the
screen and the JSON share them. The screen lists everything overdue and due today; it keeps the
suggestions to get in touch (a journal of years can have thousands) and the days ahead short,
saying how many more there are; `--all` and the JSON list everything.
"""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render import events, meetings
from onetoone.render.doc import STRONG, Doc, typed_name
from onetoone.render.promises import closed as closed_message
from onetoone.vocabulary import DUE_LABELS

BUCKET_LIMIT = 12  # rows of the days ahead on screen (never of overdue or today): a short digest
RECONNECT_LIMIT = 5  # suggestions to get in touch on screen, the longest waiting first
EMPTY = "Nothing due. A good day to invite someone to a one-to-one."
ALL_HINT = "`oto due --all` lists them all"


def screen(digest, *, everything: bool = False) -> Doc:
    """The digest: everything overdue and due today, in full; the suggestions to get in touch
    and the days ahead shortened to a few, unless `everything` (`--all`)."""
    today = digest.today
    doc = Doc().line(f"{dates.show_day(today)}. {week(digest)}", STRONG)
    if digest.referrals and digest.held < digest.goal:
        doc.line(f"{_count(digest.referrals, 'referral')} to contact could fill the gap.")
    for name in digest.drafts:
        doc.line(draft_line(name))
    meetings.today_section(doc, digest.meetings, today)
    events.today_section(doc, digest.events, digest.to_record, today)
    if not digest.items:
        return doc.line(invite(digest.invite, today) if not (digest.meetings or digest.events) else "Nothing else due.")
    upcoming = "Tomorrow" if digest.days == 1 else f"Next {digest.days} days"
    for title, items, when, unlisted, limit in (
        ("Overdue", digest.overdue, lambda d: dates.relative(d, today), 0, None),
        ("Today", digest.due_today, None, 0, None),
        ("Get in touch", digest.suggested, None, digest.unlisted_suggested, RECONNECT_LIMIT),
        (upcoming, digest.upcoming, lambda d: dates.short_day(d, today), digest.unlisted_upcoming, BUCKET_LIMIT),
    ):
        if items:
            doc.heading(title)
            rows, more = _rows(items, today, when, None if everything else limit)
            doc.table(
                [""] * len(rows[0]), rows, show_header=False, more=more + unlisted, more_hint=ALL_HINT, fold=2,
            )
    return doc


def draft_line(name: str | None) -> str:
    if name is None:
        return "A reflection waits as a draft: oto reflect --resume"
    return f"A reflection on {name} waits as a draft: oto reflect --resume"


def invite(item, today: date) -> str:
    """The empty day's line, naming whom to invite when someone waits to hear from you."""
    if item is None:
        return EMPTY
    return f"{EMPTY[:-1]}: {item.person} ({_waiting(item, today)})."


def week(digest) -> str:
    if not digest.goal:
        return f"One-to-ones this week: {digest.held}."
    done = " Goal reached." if digest.held >= digest.goal else ""
    return f"One-to-ones this week: {digest.held} of {digest.goal}.{done}"


def _rows(items, today: date, when, limit: int | None) -> tuple[list[list[str]], int]:
    """The table rows of a section, at most `limit` of them (None: all), reconnects among the
    days ahead at most RECONNECT_LIMIT; and how many were left out."""
    rows, hidden, reconnects = [], 0, 0
    for item in items:
        if limit is not None and (len(rows) >= limit or (item.suggestion and reconnects >= RECONNECT_LIMIT)):
            hidden += 1
            continue
        reconnects += item.suggestion
        row = [item.id, item.person, text(item, today)]
        rows.append(row + [when(item.due)] if when else row)
    return rows, hidden


def to_json(digest) -> dict:
    return {
        "date": digest.today.isoformat(),
        "week": {"held": digest.held, "goal": digest.goal},
        "meetings": [meetings.slot_json(slot) for slot in digest.meetings],
        "events": [events.event_json(event) for event in digest.events],
        "to_record": [events.event_json(event) for event in digest.to_record],
        "drafts": [{"person": name} for name in digest.drafts],
        "items": [
            {
                "id": item.id, "kind": item.kind, "person": item.person, "due": item.due.isoformat(),
                "overdue": item.overdue, "text": text(item, digest.today),
            }
            for item in digest.items
        ],
    }


def text(item, today: date, *, hints: bool = True) -> str:
    """What to do, short and specific: 'Confirm the one-to-one on Wed 25 Nov at 18:00'.

    Every sentence is written here from the item's facts; the journal stores none of them.
    Without `hints` (triage, where a key records it), no command is named for an overdue commitment."""
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
        if not hints:
            return f"{question}: {what}"
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
    if kind == "reach-out":
        added = f", added {dates.relative(item.added_on, today)}" if item.added_on else ""
        return f"Reach out to {item.person}{added}"
    if kind == "contact-referral":
        by = f", referred by {item.referrer}" if item.referrer else ""
        return f"Contact {item.person}{by}"
    if kind == "agree-date":
        what = f" for: {item.ask_text}" if item.ask_text else " for their yes"
        return f"Agree a date with them{what}"
    if kind == "reschedule":
        missed = f" they missed on {_day(at.date(), today)}" if at is not None else " they missed"
        return f"Reschedule the one-to-one{missed} (oto prep {typed_name(item.person)} --at WHEN)"
    return DUE_LABELS.get(kind, "Follow-up").capitalize()


def _waiting(item, today: date) -> str:
    """How long someone has waited to hear from you: 'added 2 days ago', 'last contact 30 days ago'."""
    if item.last_contact_on is not None:
        return f"last contact {dates.relative(item.last_contact_on, today)}"
    return f"added {dates.relative(item.added_on, today)}"


def _day(day: date, today: date) -> str:
    """'Sat 21 Nov' this year, 'Sat 21 Nov 2025' otherwise: a fixed day reads the same tomorrow."""
    return f"{day:%a} {day.day} {day:%b}" if day.year == today.year else dates.show_day(day)


def _count(n: int, noun: str) -> str:
    return f"{'One' if n == 1 else n} {noun}{'' if n == 1 else 's'}"


# -- messages for done and snooze -----------------------------------------------------------------


def changed(change, *, today: date) -> str:
    if change.closed is not None:
        return closed_message(change.closed, today=today)
    what = f"{change.id} ({DUE_LABELS.get(change.kind, 'follow-up')}, {change.person})"
    if change.due is not None:
        return f"Snoozed {what} until {dates.show_day(change.due)} ({dates.relative(change.due, today)})."
    if change.kind in ("reconnect", "reach-out") and change.id.startswith("r"):
        again = " again" if change.kind == "reconnect" else ""
        after = ""
        if change.reconnect_on is not None:
            after = f" oto will suggest reconnecting{again} on {dates.show_day(change.reconnect_on)}."
        did = "reconnected with" if change.kind == "reconnect" else "reached out to"
        when = "today" if change.on is None else f"on {dates.show_day(change.on)}"
        return f"Recorded that you {did} {change.person} {when}.{after}"
    message = f"Marked {what} done{'' if change.on is None else ' on ' + dates.show_day(change.on)}."
    if change.held_on is not None:
        message += (
            f" No reflection: the one-to-one of {dates.show_day(change.held_on)} (m{change.meeting_id}) is recorded as held:"
            " it counts toward the week's goal"
        )
        if change.stages and change.stages[0] != change.stages[1]:
            message += f" and {change.person} moves from {change.stages[0]} to {change.stages[1]}"
        message += ". (A meeting that did not happen is recorded with `oto noshow` or `oto cancel`, not `oto done`.)"
    return message
