"""Commands for group meetings and actions: event (add one, show one, record who came), events, attended.

An event is named by the id oto prints (e3) or by the start of its title, when only one event's
title starts so. Which commitments count for an event is written in domain/events.py.
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("event")
def event(
    title: Annotated[str, typer.Argument(help="The new event's title, or with no --on an event's id (e3) or the start of its title.")],
    more: Annotated[Optional[list[str]], typer.Argument(help="After --attended: more people who came (--attended A B C).", show_default=False)] = None,
    on: Annotated[Optional[str], typer.Option("--on", help="Its day, with a time if you like: 'sat', 'fri 7pm', 2026-12-05.")] = None,
    at: Annotated[Optional[str], typer.Option("--at", help="Its time, like 7pm or 18:30, if --on has none.")] = None,
    place: Annotated[Optional[str], typer.Option("--place", help="Where it is.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="meeting (the default), house-meeting, action, training or social.")] = None,
    host: Annotated[Optional[str], typer.Option("--host", help="Who hosts it (a house meeting at their home).")] = None,
    attended: Annotated[Optional[list[str]], typer.Option("--attended", help="Who came: --attended A B C (or `oto attended`).")] = None,
    missed: Annotated[Optional[list[str]], typer.Option("--missed", help="Someone expected who did not come; repeat it.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print the event as JSON (showing one).")] = False,
) -> None:
    """Add a group meeting or action (with --on), record who came to one (--attended, --missed),
    or show one: when and where, who said yes, who came.

    Recording who came keeps the commitments of those who came, and marks as no-shows (their
    commitment broken) those who said yes and are not recorded as coming. The host counts as
    coming. JSON: {"id", "title", "kind", "date", "time", "place", "host", "host_id", "recorded",
    "said_yes", "came", "no_shows", "people": [{"person", "person_id", "status", "said_yes"}]}.

    Example: oto event "House meeting at Maria's" --on "sat 7pm" --kind house-meeting --host Maria
    """
    from onetoone.domain import events, people
    from onetoone.render import events as screen

    if more and not attended:
        raise typer.BadParameter(f"'{more[0]}': names after the title are who came, given after --attended.")
    attended = [*(attended or []), *(more or [])]
    now = shared.now()
    today = now.date()
    if on is None:
        for given, option in ((at, "--at"), (place, "--place"), (kind, "--kind"), (host, "--host")):
            if given is not None:
                raise typer.BadParameter(f"{option} is for a new event, given with --on.")
    day, time = _when(on, at, now=now)
    if on is None and not attended and not missed:
        with shared.journal() as journal:
            found = events.detail(journal, events.find(journal, title))
        if json:
            shared.emit_json(screen.detail_json(found))
        else:
            shared.show(screen.detail(found, today=today))
        return
    with shared.journal(write=True) as journal:
        if on is None:
            chosen, messages = events.find(journal, title), []
        else:
            hosting = people.resolve(journal, host) if host is not None else None
            chosen = events.create(journal, title=title, day=day, at=time, place=place, kind=kind,
                                   host_id=hosting.id if hosting else None, today=today)
            messages = [screen.created(chosen, today=today)]
        if attended or missed:
            came, gone = _people(journal, attended), _people(journal, missed)
            messages.append(screen.recorded(events.record(journal, chosen, came=came, missed=gone, today=today), today=today))
    for message in messages:
        shared.say(message)


@command("attended")
def attended(
    which: Annotated[str, typer.Argument(help="The event's id (e3, see `oto events`) or the start of its title.")],
    names: Annotated[Optional[list[str]], typer.Argument(help="Who came: names, aliases or the start of names.")] = None,
    missed: Annotated[Optional[list[str]], typer.Option("--missed", help="Someone expected who did not come; repeat it.")] = None,
) -> None:
    """Record who came to an event: their commitments for it are kept; those who said yes and are
    not named are marked as no-shows (their commitment broken), and the host counts as coming.
    Run it again for someone forgotten: a no-show becomes came. Every name must be found, or
    nothing is recorded.

    Example: oto attended e3 Maria Tom "Ana R" --missed Olek
    """
    from onetoone.domain import events
    from onetoone.render import events as screen

    today = shared.today()
    with shared.journal(write=True) as journal:
        chosen = events.find(journal, which)
        result = events.record(journal, chosen, came=_people(journal, names), missed=_people(journal, missed), today=today)
    shared.say(screen.recorded(result, today=today))


@command("events")
def list_events(
    past: Annotated[bool, typer.Option("--past", help="Only past events, all of them, latest first.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Group meetings and actions: upcoming ones first, soonest first, with how many said yes;
    then the latest past ones with who came and who did not.

    JSON: {"upcoming": [EVENT], "past": [EVENT]}, each EVENT {"id", "title", "kind", "date",
    "time", "place", "host", "host_id", "recorded", "said_yes", "came", "no_shows"}.
    """
    from onetoone.domain import events
    from onetoone.render import events as screen

    today = shared.today()
    with shared.journal() as journal:
        found = events.listing(journal, today=today, past=past, limit=None if json else events.PAST_ON_SCREEN)
    if json:
        shared.emit_json(screen.listing_json(found))
    else:
        shared.show(screen.listing(found, today=today, past=past))


def _when(on, at, *, now):
    """(day, 'HH:MM' or None) from --on (which may hold a time) and --at."""
    from datetime import datetime

    if on is None:
        return None, None
    found = shared.moment(f"{on} {at}", now=now) if at is not None else shared.when(on, now=now)
    if isinstance(found, datetime):
        return found.date(), f"{found:%H:%M}"
    return found, None


def _people(journal, typed):
    """Each typed name through the one resolver: an unknown or ambiguous one refuses them all."""
    from onetoone.domain import people

    return [people.resolve(journal, name) for name in typed or []]
