"""`oto team`: the campaign's shared team journal (PostgreSQL) from an organizer's side: pushing
one's own journal into it and the campaign's goal. (Connecting and setting one up: see the
README's "Team journal".)"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import group, subcommand

team = group("team", "The campaign's shared team journal (PostgreSQL): push your journal into it, set the campaign's goal.")


@subcommand(team, "push")
def push(
    source: Annotated[Optional[str], typer.Option("--from", metavar="PATH", help="The journal to push (default: your own, see `oto where`).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be added and matched; change nothing.")] = False,
) -> None:
    """Copy your own journal into the team journal, as yours.

    People are matched with the team's (the same name or alias, or an email or phone in their
    contact, as `oto import contacts` matches) and merged into them, never duplicated; your
    one-to-ones, insights, promises, asks, stage moves, follow-ups, events and stories are added
    as your rows. One transaction: all of it or nothing. Pushing again adds only what is new.

    Example: oto team push --dry-run, then oto team push
    """
    from onetoone.domain import team as teamwork
    from onetoone.render import team as screen
    from onetoone.store.journal import open_journal

    now = shared.now()
    own = Path(source).expanduser() if source else shared.journal_path()
    try:
        with shared.journal(write=True, now=now) as journal:
            teamwork.require(journal, "oto team push")
            if not own.is_file():
                raise teamwork.NoJournalToPush(f"There is no journal at {own} to push; give its place with --from PATH.")
            with open_journal(own, now=now) as mine:
                snap = teamwork.snapshot(mine, source=str(own))
            pushed = teamwork.push(journal, snap, today=now.date(), dry_run=dry_run)
    except teamwork.DryRun as rolled_back:
        pushed = rolled_back.pushed
    shared.show(screen.pushed(pushed, dry_run=dry_run))


@subcommand(team, "goal")
def goal(
    target: Annotated[Optional[int], typer.Argument(help="How many one-to-ones the team holds in the campaign, like 300.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="The day the campaign should reach it, like 2027-03-01.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="The day the campaign started counting (default: today).")] = None,
) -> None:
    """Set the campaign's goal for the whole team, or (with no number) say what it is.

    The goal is shared: every organizer sees it, and `oto review --team` measures the team and
    each organizer against it (the goal shared evenly across the weeks and the organizers).
    Setting it again replaces it (the earlier ones stay on record).

    Example: oto team goal 300 --by 2027-03-01
    """
    from onetoone.domain import team as teamwork
    from onetoone.errors import BadInput
    from onetoone.render import team as screen

    now = shared.now()
    if target is None and (by is not None or since is not None):
        raise BadInput("--by and --since go with a goal: oto team goal 300 --by 2027-03-01.")
    if target is not None and by is None:
        raise BadInput("Say by when: oto team goal 300 --by 2027-03-01.")
    today = now.date()
    with shared.journal(write=target is not None, now=now) as journal:
        if target is None:
            found = teamwork.goal(journal)
        else:
            found = teamwork.set_goal(
                journal, target, by=shared.day(by, today=today), since=shared.day(since, today=today, past=True), today=today,
            )
    shared.say(screen.goal(found, today=today, set_now=target is not None))
