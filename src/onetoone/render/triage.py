"""The words of `oto triage`: the opening line, each item with its keys, what a key that does not
fit says, the snooze question, and the closing line. What each decision did is said by the
messages of its own command (render/due.py's `changed`, render/promises.py's `closed`)."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.due import changed, text

# How each decision is offered: its key and its word.
_OFFER = {"done": ("d", "done"), "snooze": ("s", "snooze"), "kept": ("k", "kept"), "broken": ("b", "broken"),
          "skip": ("space", "skip"), "quit": ("q", "quit")}
_SHOWN_UP = {"kept": ("k", "they came"), "broken": ("b", "they did not")}  # their "yes" to an ask
NOT_A_TERMINAL = (
    "`oto triage` reads one key per item from a terminal, and stdin is not one. In a script, "
    "decide items by their ids: `oto done ID...`, `oto kept ID...`, `oto broken ID...`, `oto snooze ID --until WHEN`."
)
SNOOZE_QUESTION = "  Snooze until? (like 'mon', '+1w'; Enter to go back) "


def opening(count: int, today: date) -> str:
    if not count:
        return f"{dates.show_day(today)}: nothing overdue or due today to triage."
    items = "one item" if count == 1 else f"{count} items"
    return (f"{dates.show_day(today)}: {items} overdue or due today, one key each. "
            "q stops; so does Ctrl-C, keeping what you decided.")


def item(entry, number: int, total: int, today: date) -> str:
    """'2/5  p1  Maria Lopez: I promised: Send the flyer (due yesterday)'."""
    when = "due today" if entry.due == today else f"due {dates.relative(entry.due, today)}"
    return f"\n{number}/{total}  {entry.id}  {entry.person}: {text(entry, today, hints=False)} ({when})"


def keys(entry, offered: tuple[str, ...]) -> str:
    """The keys that fit, as the prompt: '  k kept · b broken · space skip · q quit > '."""
    words = [(_SHOWN_UP if entry.from_ask else _OFFER).get(chosen, _OFFER[chosen]) for chosen in offered]
    return "  " + " · ".join(f"{key} {word}" for key, word in words) + " > "


def pressed(chosen: str) -> str:
    """The word echoed after the key, ending the prompt's line."""
    return chosen


def unfit(entry, chosen: str | None, key: str, offered: tuple[str, ...]) -> str:
    """Why a key does nothing here; the item stays."""
    keys_here = ", ".join(f"{_OFFER[c][0]} {_OFFER[c][1]}" for c in offered)
    if chosen == "snooze":
        return (f"  A promise is not snoozed: agree a new date with them and record it with "
                f"`oto renegotiate {entry.id} --by WHEN`. Here: {keys_here}.")
    if chosen in ("kept", "broken"):
        return f"  {_OFFER[chosen][0]} ({chosen}) is for promises and commitments; {entry.id} is not one. Here: {keys_here}."
    if chosen == "done":
        return f"  d (done) is for follow-ups; {entry.id} is a promise: is it kept or broken? Here: {keys_here}."
    shown = f"'{key}'" if key.isprintable() else "That key"
    return f"  {shown} is not a key here: {keys_here}."


def understood(day: date, today: date) -> str:
    return f"  = {dates.show_day(day)} ({dates.relative(day, today)})"


def decided(result, *, today: date) -> str:
    """What a decision did, in its own command's words."""
    return "  " + changed(result, today=today)


def summary(tally, *, interrupted: bool = False) -> str:
    """'Done 2, kept 1, snoozed 1, skipped 3.'; what a stop left; everything decided is saved."""
    words = {"done": "done", "kept": "kept", "broken": "broken", "snooze": "snoozed", "skip": "skipped"}
    parts = [f"{words[chosen]} {n}" for chosen, n in tally.counts.items() if n]
    line = ", ".join(parts) if parts else "nothing decided"
    line = line[0].upper() + line[1:]
    if tally.left:
        line += f"; {tally.left} not reached (see `oto due`)"
    line += "."
    if interrupted:
        line = "Interrupted. " + (line if not tally.seen else line + " Everything decided before is saved.")
    return ("\n" if tally.total else "") + line
