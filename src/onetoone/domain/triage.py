"""Triage: the digest's overdue and today's items decided one key each (`oto triage`).

What is walked: the items `oto due` lists as overdue, due today and to get in touch with (the
suggestions as the screen shows them, the longest waiting first), in that order. Which decisions
fit an item: a follow-up or a suggestion is done or snoozed; a promise (mine, or their
commitment) is kept or broken (a promise is renegotiated, not snoozed); any item can be skipped,
and the walk stopped. Each decision is what its command does (`oto done`, `oto snooze`,
`oto kept`, `oto broken`, through the same functions), in a transaction of its own, recorded for
`oto undo` as that command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from onetoone.domain import due, promises
from onetoone.domain.due import Item

DONE, SNOOZE, KEPT, BROKEN, SKIP, QUIT = "done", "snooze", "kept", "broken", "skip", "quit"
# The keys, each for one decision (upper case reads as lower case); Ctrl-D stops, as q does.
KEYS = {"d": DONE, "s": SNOOZE, "k": KEPT, "b": BROKEN, " ": SKIP, "n": SKIP, "\r": SKIP, "\n": SKIP, "q": QUIT, "\x04": QUIT}
DECIDED = (DONE, KEPT, BROKEN, SNOOZE, SKIP)  # what the summary counts, in its order


def walked(digest: due.Digest, *, suggestions: int) -> list[Item]:
    """The items to decide: overdue, due today, then the first `suggestions` to get in touch."""
    return digest.overdue + digest.due_today + digest.suggested[:suggestions]


def is_promise(item: Item) -> bool:
    return item.kind.startswith("promise-")


def fitting(item: Item) -> tuple[str, ...]:
    """The decisions that fit `item`, in the order they are offered."""
    return (KEPT, BROKEN, SKIP, QUIT) if is_promise(item) else (DONE, SNOOZE, SKIP, QUIT)


def decision(pressed: str) -> str | None:
    """The decision a key stands for, or None for a key that stands for none."""
    return KEYS.get(pressed if len(pressed) != 1 else pressed.lower())


def as_typed(item: Item, chosen: str, until: date | None = None) -> list[str]:
    """The command a decision stands for, as `oto undo` names it: ['kept', 'p1']."""
    if chosen == SNOOZE:
        return ["snooze", item.id, "--until", until.isoformat()]
    return [chosen, item.id]


def decide(journal, item: Item, chosen: str, *, today: date, until: date | None = None):
    """Do one decision, as its command does, and say what it did as `oto done` says it (a
    `due.Change`). Raises the command's OtoError when it cannot."""
    if chosen == DONE:
        return due.done(journal, item.id, today=today)
    if chosen == SNOOZE:
        return due.snooze(journal, item.id, until, today=today)
    if chosen in (KEPT, BROKEN):
        result = promises.close(journal, promises.parse_id(item.id), chosen, today=today)
        return due.Change(item.id, item.kind, item.person, closed=result)
    raise ValueError(f"{chosen!r} changes nothing")


@dataclass
class Tally:
    """What a triage decided so far, for its closing line."""

    total: int
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DECIDED, 0))

    def count(self, chosen: str) -> None:
        self.counts[chosen] += 1

    @property
    def seen(self) -> int:
        return sum(self.counts.values())

    @property
    def left(self) -> int:
        """Items not reached (a quit or Ctrl-C before the end)."""
        return self.total - self.seen
