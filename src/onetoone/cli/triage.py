"""`oto triage` (and `oto due --triage`): the digest's overdue and today's items, one key each.

One process for the whole morning: the digest is read once, in a short read; each decision is
its own short write (nothing is held open while the organizer reads), recorded for `oto undo`
as the command it stands for (`oto kept p1`). While the first item waits, the write path loads
in the background (`store/preload.py`), so the first decision saves as fast as the others.
"""

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("triage")
def triage() -> None:
    """Walk today's and overdue items one key each: d done, s snooze (asks the day), k kept,
    b broken, space or Enter skip, q quit. Only the keys that fit an item are offered.

    Each decision is saved at once, so Ctrl-C keeps what was decided; `oto undo` takes back the
    last one. Needs a terminal; scripts use `oto done ID...`, `oto kept ID...` and the like.

    Example: oto triage (the same as oto due --triage)
    """
    walk()


def walk() -> None:
    """The triage itself: refused unless stdin is a terminal (keys are read from it)."""
    from onetoone.domain import due as digest
    from onetoone.domain import triage as deciding
    from onetoone.errors import BadInput
    from onetoone.render import due as due_screen
    from onetoone.render import triage as screen
    from onetoone.store import preload
    from onetoone.terminal import interruptible

    if not shared.stdin_is_terminal():
        raise BadInput(screen.NOT_A_TERMINAL)
    now = shared.now()
    today = now.date()
    limit = due_screen.RECONNECT_LIMIT  # the suggestions to get in touch `oto due` shows
    with shared.journal() as journal:
        found = digest.digest(journal, today=today, now=now, days=0, reconnect_limit=limit, promise_limit=0, followup_limit=0)
    items = deciding.walked(found, suggestions=limit)
    terminal = shared.terminal()
    terminal.say(screen.opening(len(items), today))
    if not items:
        return
    tally = deciding.Tally(len(items))
    shared.preload()
    one = _Decider(terminal, tally, today)

    def every() -> None:
        for number, item in enumerate(items, 1):
            terminal.say(screen.item(item, number, len(items), today))
            if one(item) == deciding.QUIT:
                return

    def stopped(status: int):
        try:
            terminal.say(screen.summary(tally, interrupted=True))
        finally:
            preload.wait()
        raise typer.Exit(status)

    interruptible(every, stopped=stopped)
    preload.wait()  # never leave the thread mid-import as the interpreter ends
    terminal.say(screen.summary(tally))


class _Decider:
    """One item: keys read until one that fits; its decision saved in a write of its own."""

    def __init__(self, terminal, tally, today) -> None:
        self.terminal, self.tally, self.today = terminal, tally, today

    def __call__(self, item) -> str:
        from onetoone.domain import triage as deciding
        from onetoone.errors import OtoError
        from onetoone.render import triage as screen

        say, offered = self.terminal.say, deciding.fitting(item)
        while True:
            key = self.terminal.key(screen.keys(item, offered))
            chosen = deciding.decision(key)
            if chosen not in offered:
                say(key if key.isprintable() else "")
                say(screen.unfit(item, chosen, key, offered))
                continue
            say(screen.pressed(chosen))
            if chosen in (deciding.SKIP, deciding.QUIT):
                if chosen == deciding.SKIP:
                    self.tally.count(chosen)
                return chosen
            until = self.until() if chosen == deciding.SNOOZE else None
            if chosen == deciding.SNOOZE and until is None:
                continue  # Enter at the question: back to the keys
            try:
                with shared.journal(write=True, as_typed=deciding.as_typed(item, chosen, until)) as journal:
                    result = deciding.decide(journal, item, chosen, today=self.today, until=until)
            except OtoError as problem:  # refused as its command would refuse it: the item stays
                say(f"  {problem.message}")
                continue
            self.tally.count(chosen)
            say(screen.decided(result, today=self.today))
            return chosen

    def until(self):
        """The day to snooze to, read through the date grammar and printed back; None to go back."""
        from onetoone.errors import OtoError
        from onetoone.render import triage as screen

        while True:
            try:
                typed = self.terminal.ask(screen.SNOOZE_QUESTION).strip()
            except EOFError:
                self.terminal.say("")
                return None
            if not typed:
                return None
            try:
                day = shared.day(typed, today=self.today)
            except OtoError as problem:
                self.terminal.say(f"  {problem.message}")
                continue
            self.terminal.say(screen.understood(day, self.today))
            return day
