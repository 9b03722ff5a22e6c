"""Commands for getting ready: `prep` (the sheet, and planning the meeting) and `story`."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command


@command("prep")
def prep(
    name: Annotated[str, typer.Argument(help="Name, alias or the start of a name.", autocompletion=complete.names)],
    at: Annotated[Optional[str], typer.Option("--at", help="Plan (or move) the meeting to this day and time, like 'wed 6pm'.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Where you will meet.")] = None,
    minutes: Annotated[Optional[int], typer.Option(help="Planned length in minutes (5-600; default from settings, 45).")] = None,
    ask: Annotated[Optional[list[str]], typer.Option("--ask", help="An ask you might make (repeatable); choose after listening.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every mention and referral, and mentions in closed records too.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print the sheet as JSON (mentions and referrals uncapped).")] = False,
) -> None:
    """Print the prep sheet for a one-to-one, or plan the meeting with --at.

    The sheet (read-only) puts boundaries first, then who they are and who referred them, what
    you know, the last meetings, promises both ways, the last ask, questions for what is still
    unknown, a piece of your story and asks that might fit. Whom they referred (and how far each
    got) and what others' open records say of them (a promise to someone else naming them, an ask,
    a next step) are there too; --all lists them all and searches closed records as well.

    With --at, the meeting is planned (or moved, if one is already planned) with one
    confirmation, two days before (the day before, or the day itself, when that day is already
    the day of booking; none for a meeting later today), and a reminder to reflect on the day.
    oto says what it booked on stderr, with a warning when it runs into another planned
    one-to-one (theirs, or anyone's at that time), then prints the sheet. Moving keeps the
    place, minutes and asks unless new ones are given. A time already past is refused: write up
    a meeting that happened with `oto reflect`.

    Example: oto prep "Rosa Diaz" --at "wed 6pm" --place "Cafe Luna" --ask "Come to the Dec 3 meeting"
    """
    from onetoone.domain import meetings, people
    from onetoone.domain import prep as prepare
    from onetoone.errors import BadInput
    from onetoone.render import prep as screen

    if at is None and (place is not None or minutes is not None or ask):
        raise BadInput("--place, --minutes and --ask plan a meeting; add --at WHEN, like --at 'wed 6pm'.")
    now = shared.now()
    when = shared.moment(at, now=now)
    with shared.journal(write=when is not None) as journal:
        person = people.resolve(journal, name)
        booked = None
        if when is not None:
            booked = meetings.plan(journal, person, at=when, now=now, place=place, minutes=minutes, asks=ask or [])
        data = prepare.sheet(journal, person, today=now.date(), now=now, whole=all_ or json, past=all_)
    if booked is not None:
        shared.say(screen.planned(booked, today=now.date()))
    if json:
        shared.emit_json(screen.to_json(data, today=now.date()))
    else:
        shared.show(screen.sheet(data, today=now.date()))


@command("story")
def story(
    text: Annotated[Optional[str], typer.Argument(help="A short piece of your own story to share.")] = None,
    remove: Annotated[Optional[str], typer.Option("--remove", help="Remove the snippet with this id, like s3.")] = None,
) -> None:
    """Save, list or remove snippets of your own story; prep offers one before each meeting.

    oto story "TEXT"       saves a snippet and prints its id (s3)
    oto story < story.txt  saves stdin (keeps personal text out of shell history)
    oto story              lists your snippets (also when stdin is empty)
    oto story --remove s3  removes one
    """
    from onetoone.domain import stories
    from onetoone.errors import BadInput
    from onetoone.render import prep as screen

    if remove is not None and text is not None:
        raise BadInput("Give a story to save or --remove ID, not both.")
    if text is None and remove is None and not shared.stdin_is_terminal():
        text = _read_stdin()
    today = shared.today()
    with shared.journal(write=text is not None or remove is not None) as journal:
        if remove is not None:
            message = screen.removed(stories.remove(journal, remove))
        elif text is not None:
            message = screen.saved(stories.add(journal, text, today=today))
        else:
            found = stories.listing(journal)
    if remove is not None or text is not None:  # said only once the journal has it
        shared.say(message)
    else:
        shared.show(screen.snippets(found, today=today))


def _read_stdin() -> str | None:
    """What was piped in, or None when nothing was (then `oto story` lists)."""
    import sys

    from onetoone.domain.drafts import decode  # the same reading as `oto reflect < file`: BOM, CRLF, Latin-1

    stream = sys.stdin
    if stream is None:
        return None
    raw = stream.buffer.read(4_000_000) if hasattr(stream, "buffer") else stream.read(1_000_000)
    piped = decode(raw)
    return piped if piped.strip() else None
