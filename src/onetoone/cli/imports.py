"""`oto import ...`: bringing what other programs hold into the journal; here, a calendar."""

from typing import Annotated

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import app, guarded, reflowed

imports = typer.Typer(
    name="import", no_args_is_help=True, help="Bring people and meetings in from other programs (see each kind's --help).",
)
app.add_typer(imports)


def _command(name: str):
    """Register a command of `oto import` through the one boundary, as `_app.command` does."""

    def register(function):
        imports.command(name, help=reflowed(function.__doc__ or ""))(guarded(function))
        return function

    return register


@_command("calendar")
def calendar(
    file: Annotated[str, typer.Argument(metavar="FILE.ics", help="An .ics file exported from your calendar program.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added and skipped; change nothing.")] = False,
) -> None:
    """Plan the one-to-ones of a calendar: each event with someone in the journal (an attendee's
    e-mail in their contact, an attendee's name, or their full name or alias in the title)
    becomes a planned one-to-one with its time, minutes and place, as `oto prep NAME --at`
    books it; an event already past becomes a one-to-one waiting for your reflection.

    Skipped, each with its reason: events naming more than one person (never guessed), events
    imported before (a second import adds nothing), events `oto calendar` wrote, repeating,
    all-day or cancelled events, and people with a one-to-one already planned ahead. Events
    naming no one are counted, not listed. One change: `oto undo` takes it all back.

    Example: oto import calendar ~/Downloads/work.ics --dry-run
    """
    from pathlib import Path

    from onetoone.domain import calendar as planned
    from onetoone.render import calendar as page
    now = shared.now()
    events = planned.read(Path(file).expanduser().read_bytes())  # a file oto cannot read: one line, from the boundary
    with shared.journal(write=not dry_run) as journal:
        found = planned.import_events(journal, events, now=now, dry_run=dry_run)
    shared.show(page.report(found, today=now.date()))
