"""Commands for the morning digest and its items: due, done, snooze.

Item ids are the ones `oto due` shows: `f12` a follow-up, `p7` a promise, `r3` reconnecting with
person 3 (a suggestion with no row until it is done or snoozed).
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command

ItemId = Annotated[str, typer.Argument(help="The item's id from `oto due`, like f12, p7 or r3.")]


@command("due")
def due(
    on: Annotated[Optional[str], typer.Option("--on", help="Answer as if today were this day.")] = None,
    days: Annotated[int, typer.Option("--days", help="How many days ahead to look.", min=0, max=366)] = 7,
    json: Annotated[bool, typer.Option("--json", help="Print JSON: every item, with its id, kind and text.")] = False,
) -> None:
    """What is due: today's one-to-ones, then overdue items, today's, the coming days', and this week's one-to-ones against the goal.

    JSON: {"date", "week": {"held", "goal"}, "meetings": [{"id", "person", "person_id", "at", "date", "time", "place", "minutes", "confirmed"}], "items": [{"id", "kind", "person", "due", "overdue", "text"}]}.
    Example: oto due --on fri --days 3
    """
    from datetime import datetime

    from onetoone.domain import due as digest
    from onetoone.render import due as screen

    now = shared.now()
    if on is not None:
        now = datetime.combine(shared.day(on, today=now.date()), now.time())
    with shared.journal() as journal:
        found = digest.digest(
            journal, today=now.date(), now=now, days=days, reconnect_limit=None if json else screen.RECONNECT_LIMIT,
            promise_limit=None if json else screen.BUCKET_LIMIT, followup_limit=None if json else screen.BUCKET_LIMIT,
        )
    if json:
        shared.emit_json(screen.to_json(found))
    else:
        shared.show(screen.screen(found))


@command("done")
def done(item_id: ItemId) -> None:
    """Mark an item from `oto due` done.

    A promise (p7) is marked kept; a reconnect (r3) records contact today; a reflection (f12 of
    kind reflect) marked done means none is needed: the meeting is recorded as held, counts
    toward the week's goal and moves a prospect to met. A meeting that did not happen is
    `oto noshow` or `oto cancel`, not done.
    """
    from onetoone.domain import due as digest
    from onetoone.render import due as screen

    today = shared.today()
    with shared.journal(write=True) as journal:
        change = digest.done(journal, item_id, today=today)
    shared.say(screen.changed(change, today=today))


@command("snooze")
def snooze(
    item_id: ItemId,
    until: Annotated[str, typer.Option("--until", help="The day to see it again, like 'mon' or '+1w'.")],
) -> None:
    """Put an item from `oto due` off until a later day (promises are renegotiated instead).

    Example: oto snooze f12 --until "next mon"
    """
    from onetoone.domain import due as digest
    from onetoone.render import due as screen

    today = shared.today()
    day = shared.day(until, today=today)
    with shared.journal(write=True) as journal:
        change = digest.snooze(journal, item_id, day, today=today)
    shared.say(screen.changed(change, today=today))
