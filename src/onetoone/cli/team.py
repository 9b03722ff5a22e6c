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
