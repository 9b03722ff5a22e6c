"""Commands for the morning digest and its items: due, done, snooze, reopen (`oto due --triage`: cli/triage.py).

Item ids are the ones `oto due` shows: `f12` a follow-up, `p7` a promise, `r3` reconnecting with
person 3 (a suggestion with no row until it is done or snoozed).
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command

ItemId = Annotated[str, typer.Argument(help="The item's id from `oto due`, like f12, p7 or r3.", autocompletion=complete.items)]


@command("due")
def due(
    on: Annotated[Optional[str], typer.Option("--on", help="Answer as if today were this day.")] = None,
    days: Annotated[int, typer.Option("--days", help="How many days ahead to look.", min=0, max=366)] = 7,
    json: Annotated[bool, typer.Option("--json", help="Print JSON: every item, with its id, kind and text.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="List every item on screen, the days ahead and all suggestions too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing; exit 1 if anything is overdue or due today, else 0.")] = False,
    count: Annotated[bool, typer.Option("--count", help="Print how many items are overdue or due today (exit 0).")] = False,
    triage: Annotated[bool, typer.Option("--triage", help="Walk today's and overdue items one key each (as `oto triage`).")] = False,
) -> None:
    """What is due: today's one-to-ones and events, then overdue items, today's, people to get in touch with,
    the coming days, and this week's one-to-ones against the goal. Everything overdue or due today
    is always listed; the rest is kept short unless --all.

    JSON: {"date", "week": {"held", "goal"}, "meetings": [{"id", "person", "person_id", "at", "date",
    "time", "place", "minutes", "confirmed"}], "events" (today's) and "to_record" (recent ones
    whose attendance is not recorded): [EVENT as in `oto events --json`], "drafts": [{"person"}],
    "items": [{"id", "kind", "person", "due", "overdue", "text"}]}.
    For cron, status bars and notifications: --quiet prints nothing and exits 1 when something
    is overdue or due today (0 when not); --count prints that number and exits 0. Suggestions
    to get in touch are not counted: they are not things owed.
    Example: oto due --on fri --days 3, or oto due --quiet || notify-send "oto: something is due"
    """
    if triage:
        if json or on is not None or quiet or count:
            raise typer.BadParameter("--triage decides today's items on the terminal; it goes with none of --json, --on, --quiet, --count.")
        from onetoone.cli.triage import walk

        return walk()
    from datetime import datetime

    from onetoone.domain import due as digest
    from onetoone.render import due as screen
    from onetoone.store.paths import drafts_dir

    if sum((quiet, count, json, all_)) > 1:
        raise typer.BadParameter("Give one of --quiet, --count, --json and --all.")
    now = shared.now()
    if on is not None:
        now = datetime.combine(shared.day(on, today=now.date()), now.time())
    if quiet or count:
        with shared.journal() as journal:
            waiting = digest.waiting(journal, today=now.date(), now=now)
        if count:
            shared.terminal().text(str(waiting))
        elif waiting:
            raise typer.Exit(1)
        return
    whole = json or all_
    with shared.journal() as journal:
        found = digest.digest(
            journal, today=now.date(), now=now, days=days, reconnect_limit=None if whole else screen.RECONNECT_LIMIT,
            promise_limit=None if whole else screen.BUCKET_LIMIT, followup_limit=None if whole else screen.BUCKET_LIMIT,
            drafts_folder=drafts_dir(shared.home()),
        )
    if json:
        shared.emit_json(screen.to_json(found))
    else:
        shared.show(screen.screen(found, everything=all_))


@command("done")
def done(
    item_ids: Annotated[list[str], typer.Argument(help="The items' ids from `oto due`, like f12 p7 r3.", autocompletion=complete.items)],
    on: Annotated[Optional[str], typer.Option("--on", help="The day it was done, if not today, like 'yesterday'.")] = None,
) -> None:
    """Mark one or more items from `oto due` done, all in one go (an unknown id changes nothing).

    A promise (p7) is marked kept; a reconnect (r3) records contact today; a reflection (f12 of
    kind reflect) marked done means none is needed: the meeting is recorded as held, counts
    toward the week's goal and moves a prospect to met. A meeting that did not happen is
    `oto noshow` or `oto cancel`, not done.
    Example: oto done f4 f12 p7, or oto done f4 --on yesterday
    """
    from onetoone.domain import due as digest
    from onetoone.render import due as screen

    today = shared.today()
    day = shared.day(on, today=today)
    with shared.journal(write=True) as journal:
        changes = digest.done_all(journal, item_ids, today=today, on=day)
    for change in changes:
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


@command("reopen")
def reopen(item_ids: Annotated[list[str], typer.Argument(help="The ids of items closed by mistake, like p7 f12.")]) -> None:
    """Re-open a promise marked kept, broken or released, or a follow-up marked done, by mistake.

    The promise is open again with its due date (and a "yes" it came from no longer says whether
    they showed up); the follow-up is back in `oto due`. A reflection marked done without one puts
    its one-to-one back to planned.
    Example: oto reopen p7 f12
    """
    from onetoone.domain import corrections
    from onetoone.render import corrections as screen

    today = shared.today()
    with shared.journal(write=True) as journal:
        items = corrections.reopen_all(journal, item_ids, today=today)
    for item in items:
        shared.say(screen.reopened(item, today=today))
