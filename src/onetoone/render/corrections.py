"""The messages of the corrections: reopen, amend, release, answer, unlearn, move, merge."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.promises import whose
from onetoone.vocabulary import DUE_LABELS


def reopened(item, *, today: date) -> str:
    due = f"due {dates.show_day(item.due)} ({dates.relative(item.due, today)})"
    if item.entry is not None:
        return f"Reopened p{item.entry.id}: {item.entry.text} ({whose(item.entry)}), {due}."
    message = f"Reopened {item.id} ({DUE_LABELS.get(item.kind, 'follow-up')}, {item.person}), {due}."
    if item.unheld_on is not None:
        message += f" The one-to-one of {dates.show_day(item.unheld_on)} is planned again, not held."
    return message


def amended(entry, *, today: date) -> str:
    due = f"due {dates.show_day(entry.due)} ({dates.relative(entry.due, today)})" if entry.is_open else entry.status
    return f"Amended p{entry.id}: {entry.text} ({whose(entry)}), {due}."


def answered(change, *, today: date) -> str:
    was = f"from {change.old} " if change.old else ""
    if change.old == change.new:  # a yes saved without a date, given its date
        parts = [f"Recorded the date of the yes to a{change.id} ({change.text}, {change.person})."]
    else:
        parts = [f"Changed the answer to a{change.id} ({change.text}, {change.person}) {was}to {change.new}."]
    if change.released is not None:
        parts.append(f"Released p{change.released.id}, their commitment.")
    if change.commitment is not None:
        due = change.commitment.due
        parts.append(f"Recorded p{change.commitment.id}: their commitment, due {dates.show_day(due)} ({dates.relative(due, today)}).")
    if change.revisits_closed:
        parts.append("The revisit is closed.")
    if change.date_agreed:
        parts.append("The reminder to agree a date is closed.")
    if change.revisit is not None:
        number, due = change.revisit
        parts.append(f"Revisit {dates.show_day(due)} ({dates.relative(due, today)}, f{number}).")
    if change.stage is not None:
        parts.append(f"Stage: {change.stage[0]} -> {change.stage[1]}.")
    return " ".join(parts)


def _kind(kind: str) -> str:
    from onetoone.vocabulary import INSIGHT_NOUNS

    return INSIGHT_NOUNS.get(kind, (kind, kind))[0]


def unlearned(item) -> str:
    return f"Removed i{item.id}, {_kind(item.kind)} of {item.person}: {item.text}"


def moved(item) -> str:
    changes = []
    if item.moved_from is not None:
        changes.append(f"from {item.moved_from} to {item.person}")
    if item.old_kind is not None:
        changes.append(f"from {_kind(item.old_kind)} to {_kind(item.kind)}")
    return f"Moved i{item.id} ({item.text}) " + " and ".join(changes) + "."


_MOVED_NOUNS = {"meeting": "meeting", "insight": "insight", "promise": "promise", "ask": "ask", "followup": "follow-up", "contact": "logged contact", "stage_move": "stage change", "attendance": "attendance record", "introduction": "introduction"}


def merged(done) -> str:
    moved = [f"{n} {_MOVED_NOUNS[table]}{'' if n == 1 else 's'}" for table, n in done.moved.items() if n]
    what = f" ({', '.join(moved)})" if moved else ""
    return f"Merged {done.gone} into {done.name}{what}; '{done.gone}' now finds {done.name}."
