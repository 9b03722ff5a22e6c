"""`oto calendar`: the planned one-to-ones (and, if asked, what is due) as an .ics file."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("calendar")
def calendar(
    file: Annotated[Optional[str], typer.Argument(metavar="[FILE]", help="Write the .ics to FILE (readable by you only); without it, stdout.")] = None,
    days: Annotated[int, typer.Option("--days", help="How many days ahead, from today.", min=0, max=366)] = 60,
    with_due: Annotated[bool, typer.Option("--with-due", help="Add what is due (follow-ups, promises) as all-day events.")] = False,
    with_notes: Annotated[bool, typer.Option("--with-notes", help="Put the planned asks and promises' words in the text.")] = False,
    plain: Annotated[bool, typer.Option("--plain", help="Of an encrypted journal: write the plain-text calendar anyway.")] = False,
) -> None:
    """Your planned one-to-ones as an iCalendar (.ics) file for your calendar program: "One-to-one
    with NAME" at its time, for its minutes, at its place. Each event keeps its UID from export to
    export, so importing a newer file updates the events instead of adding them twice.

    Nothing you wrote is in the events unless --with-notes (the planned asks; with --with-due,
    the words of promises and next steps). Times are local ("floating"), as oto keeps them.

    Example: oto calendar ~/oto.ics --with-due, or oto calendar --days 14 > week.ics
    """
    from datetime import timezone

    from onetoone.domain import calendar as planned
    from onetoone.domain import settings
    from onetoone.render import calendar as page

    shared.refuse_plain_copy(plain, "a calendar file (its events name people)")
    now = shared.now()
    with shared.journal() as journal:
        uid = settings.journal_uid(journal)
    if uid is None:  # the journal's id is made once, with the first calendar; not a change to undo
        with shared.journal(write=True, record=False) as journal:
            uid = settings.make_journal_uid(journal)
    with shared.journal() as journal:
        found = planned.calendar(journal, journal_uid=uid, now=now, days=days, with_due=with_due, with_notes=with_notes)
    text = page.ics(found, stamp=now.astimezone(timezone.utc))
    if file is None:
        shared.terminal().document(text)
        return
    from pathlib import Path

    from onetoone.store.paths import write_private

    target = Path(file).expanduser()
    write_private(target, text)
    shared.say(page.written(target, found))
