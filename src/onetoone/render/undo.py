"""The words of `oto undo`: what was undone, and the list of what can be."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.doc import Doc
from onetoone.vocabulary import DUE_LABELS

_WORD_AT_MOST = 40
_COMMAND_AT_MOST = 80
_TEXT_AT_MOST = 60
_PREFIX = {"meeting": "m", "promise": "p", "insight": "i", "ask": "a", "followup": "f"}


def _short(text: str, at_most: int) -> str:
    return text if len(text) <= at_most else text[: at_most - 1] + "…"


def command(typed: list[str] | None) -> str:
    """`oto kept p4`, `oto promise Maria "Bring photos of the mould" --by fri`: as typed, each
    word with a space quoted, long words and long commands cut short."""
    if typed is None:
        return "a change made without a command"
    return "`" + _short(joined([_short(word, _WORD_AT_MOST) for word in typed]), _COMMAND_AT_MOST) + "`"


def joined(typed: list[str]) -> str:
    """The words as one command line, those with spaces quoted."""
    return " ".join(["oto", *(f'"{word}"' if not word or any(ch.isspace() for ch in word) else word for word in typed)])


def subject(found) -> str:
    """'Maria Lopez: Bring photos of the mould', 'Maria Lopez: one-to-one m3 of Tue 24 Nov 2026'."""
    if found is None:
        return ""
    if found.kind == "meeting":
        what = f"one-to-one m{found.id}" + (f" of {dates.show_day(found.day)}" if found.day else "")
    elif found.kind == "followup":
        what = f"f{found.id}, {DUE_LABELS.get(found.text, 'follow-up')}"
    elif found.kind == "setting":
        what = f"the setting {found.text}"
    elif found.kind == "story":
        what = f"your story: {_short(found.text or '', _TEXT_AT_MOST)}"
    elif found.text:
        what = _short(found.text, _TEXT_AT_MOST)
    else:
        what = None
    parts = [part for part in (found.person, what) if part]
    if len(parts) == 2 and parts[0] == parts[1]:  # one of their names: the person is enough
        parts = parts[:1]
    return ": ".join(parts)


def undone(change) -> str:
    about = subject(change.subject)
    return f"Undid {command(change.command)}" + (f" ({about})." if about else ".")


_TABLES = {
    "person": "the person", "person_key": "the person's names", "tag": "a tag", "stage_move": "a move up the ladder",
    "institution": "an institution", "introduction": "an introduction", "event": "an event", "attendance": "who came to an event",
}


def refused(refusal) -> str:
    """Why an undo on a team journal changed nothing, in one line."""
    what = command(refusal.change.command)
    if refusal.why == "theirs":
        return (f"Nothing was undone: {what} also changed a teammate's own {refusal.table} rows, which only they can put back. "
                "Ask them, or change it back by hand.")
    about = subject(refusal.row) or _TABLES.get(refusal.table, f"a {refusal.table} row")
    return (f"Nothing was undone: {about}, which {what} changed, has been changed since (by a teammate, or not through oto), "
            "and undoing would overwrite that. Change it back by hand if you still want to.")


def _day(at, today: date) -> str:
    return f"{dates.short_day(at.date(), today)} {at:%H:%M}"


def history(changes, *, today: date) -> Doc:
    doc = Doc()
    if not changes:
        return doc.line("Nothing to undo.")
    doc.heading(f"What `oto undo` can reverse, newest first ({len(changes)})")
    rows = [[f"u{c.id}", _day(c.at, today), command(c.command).strip("`"), subject(c.subject)] for c in changes]
    doc.table(["id", "when", "command", "about"], rows, fold=3)
    return doc.line("`oto undo` reverses the first one; run it again for the next.")


def _subject_data(found) -> dict | None:
    if found is None:
        return None
    prefix = _PREFIX.get(found.kind)
    return {
        "kind": found.kind,
        "id": f"{prefix}{found.id}" if prefix else found.id,
        "person": found.person,
        "text": found.text,
        "date": found.day.isoformat() if found.day else None,
    }


def change_data(change) -> dict:
    return {
        "id": f"u{change.id}",
        "at": change.at.isoformat(timespec="minutes"),
        "command": None if change.command is None else joined(change.command),
        "argv": change.command,
        "about": _subject_data(change.subject),
        "changes": change.changes,
    }
