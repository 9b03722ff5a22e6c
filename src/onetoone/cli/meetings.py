"""Commands for the life of a meeting: agenda, cancel, noshow, and log (a contact between them).

A meeting is named by the id oto prints (m3) or by a person's name: their planned one-to-one.
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command

Which = Annotated[str, typer.Argument(help="The meeting's id (m3, from `oto agenda`) or the person's name.", autocompletion=complete.names_or_meetings)]


@command("agenda")
def agenda(
    days: Annotated[int, typer.Option("--days", help="How many days ahead to look (0: the rest of today).", min=0, max=366)] = 7,
    json: Annotated[bool, typer.Option("--json", help="Print JSON: every planned one-to-one, with its id.")] = False,
) -> None:
    """The one-to-ones planned from now on, in time order: day, time, person, place, minutes and
    whether each is confirmed (its confirmation was done); then the group meetings and actions of
    those days, with how many said yes.

    JSON: {"date", "days", "meetings": [{"id", "person", "person_id", "at", "date", "time", "place", "minutes", "confirmed"}],
    "events": [EVENT as in `oto events --json`]}.
    Example: oto agenda --days 14
    """
    from datetime import timedelta

    from onetoone.domain import events, meetings
    from onetoone.render import meetings as screen

    now = shared.now()
    last = now.date() + timedelta(days=days)
    _, end = meetings.day_span(last)
    with shared.journal() as journal:
        slots = meetings.agenda(journal, start=now, end=end)
        groups = events.between(journal, now.date(), last)
    if json:
        shared.emit_json(screen.agenda_json(slots, groups, today=now.date(), days=days))
    else:
        shared.show(screen.agenda(slots, groups, today=now.date(), days=days))


@command("cancel")
def cancel(which: Which) -> None:
    """Cancel a planned one-to-one: it is kept as cancelled, and its confirmation and reminder
    to reflect are closed. Plan another with `oto prep NAME --at WHEN`.

    Example: oto cancel m3, or oto cancel "Maria Lopez"
    """
    _end("cancel", which)


@command("noshow")
def noshow(which: Which) -> None:
    """Record that they did not come to a one-to-one whose time has come: it is not held (not
    counted this week, no change of stage), it counts in their show-up record, and a follow-up
    to reschedule is due tomorrow.

    Example: oto noshow m3, or oto noshow "Maria Lopez"
    """
    _end("no_show", which)


def _end(how: str, which: str) -> None:
    from onetoone.domain import meetings
    from onetoone.render import meetings as screen

    now = shared.now()
    with shared.journal(write=True) as journal:
        result = getattr(meetings, how)(journal, which, now=now)
    shared.say(screen.ended(result, today=now.date()))


@command("log")
def log(
    name: Annotated[str, typer.Argument(help="Name, alias or the start of a name.", autocompletion=complete.names)],
    call: Annotated[Optional[str], typer.Option("--call", help="A phone call, and what it was about.")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="A text message, and what it said.")] = None,
    visit: Annotated[Optional[str], typer.Option("--visit", help="A visit, and what came of it.")] = None,
    on: Annotated[Optional[str], typer.Option("--on", help="The day it happened (default today), like 'yesterday'.")] = None,
) -> None:
    """Record a contact that is not a one-to-one: a short call, a text, a visit.

    It counts as contact (reconnecting is suggested again only after their cadence) and shows on
    their timeline (`oto show`) and prep sheet, but it is not a one-to-one: the week's count,
    their stage and "last met" stay as they are.

    Example: oto log "Maria Lopez" --call "Ten minutes about the hearing; she will bring two neighbours"
    """
    from onetoone.domain import contacts, people
    from onetoone.errors import BadInput
    from onetoone.render import meetings as screen

    given = [(kind, note) for kind, note in (("call", call), ("text", text), ("visit", visit)) if note is not None]
    if len(given) != 1:
        raise BadInput('Give one of --call, --text or --visit with a few words, like --call "Checked in about Thursday".')
    [(kind, note)] = given
    now = shared.now()
    day = shared.day(on, today=now.date()) or now.date()
    with shared.journal(write=True) as journal:
        person = people.resolve(journal, name)
        logged = contacts.log(journal, person, kind, note, on=day, now=now)
    shared.say(screen.logged(logged, today=now.date()))
