"""Commands for the two-way promise ledger: promise, promises, kept, broken, release, renegotiate, amend.

Promise ids are typed as `oto promises` shows them (`p7`); a bare `7` is accepted too.
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command

PromiseId = Annotated[str, typer.Argument(help="The promise's id, like p7 (see `oto promises`).", autocompletion=complete.promises)]


@command("promise")
def promise(
    name: Annotated[str, typer.Argument(help="Name, alias or the start of a name.", autocompletion=complete.names)],
    text: Annotated[str, typer.Argument(help="What was promised, in a few words.")],
    by: Annotated[Optional[str], typer.Option("--by", help="When it is due: a date like 'fri' or 2026-12-01 (with --event: the event's day unless given).")] = None,
    theirs: Annotated[bool, typer.Option("--theirs", help="Their commitment, not my promise.")] = False,
    event: Annotated[Optional[str], typer.Option("--event", help="With --theirs: the event it is about (e3); who came to it settles it.")] = None,
) -> None:
    """Record a promise I made (or, with --theirs, a commitment they made) and when it is due.

    Example: oto promise Maria "Send the rent-board hearing dates" --by fri, or
    oto promise Tom --theirs "Come to the building meeting" --event e3
    """
    from onetoone.domain import events, people, promises
    from onetoone.render import events as event_screen
    from onetoone.render import promises as screen

    if event is not None and not theirs:
        raise typer.BadParameter("--event links their commitment to an event; add --theirs.")
    if by is None and event is None:
        raise typer.BadParameter("Give --by with the day it is due.")
    today = shared.today()
    due = shared.day(by, today=today)
    with shared.journal(write=True) as journal:
        person = people.resolve(journal, name)
        about = events.find(journal, event) if event is not None else None
        entry = promises.record(
            journal, person_id=person.id, text=text, due=due or about.day, today=today, direction="theirs" if theirs else "mine"
        )
        if about is not None:
            events.link(journal, entry.id, about)
    said = screen.recorded(entry, today=today)
    shared.say(said + event_screen.linked(about, today=today) if about is not None else said)


@command("promises")
def list_promises(
    name: Annotated[Optional[str], typer.Argument(help="Only promises with this person.", autocompletion=complete.names)] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only my promises.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Only their commitments.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open ones past their due date.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Include kept, broken and released ones.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List open promises, mine first, by due date; overdue ones are marked.

    With a name, also how reliably each side has kept their word.
    """
    from onetoone.domain import people, promises
    from onetoone.render import promises as screen

    if mine and theirs:
        raise typer.BadParameter("Give --mine or --theirs, not both (neither lists both sides).")
    direction = "mine" if mine else "theirs" if theirs else None
    today = shared.today()
    with shared.journal() as journal:
        person = people.resolve(journal, name) if name is not None else None
        ledger = promises.ledger(
            journal, today=today, person=person, direction=direction, overdue=overdue, include_closed=all_,
            limit=None if json else screen.SECTION_LIMIT,
        )
    if json:
        shared.emit_json(screen.listing_json(ledger, today=today))
    else:
        shared.show(screen.listing(ledger, today=today, filtered=bool(direction or overdue)))


PromiseIds = Annotated[list[str], typer.Argument(help="The promises' ids, like p7 p9 (see `oto promises`).", autocompletion=complete.promises)]
OnDay = Annotated[Optional[str], typer.Option("--on", help="The day it happened, if not today, like 'yesterday'.")]


def _close(typed: list[str], status: str, on: Optional[str]) -> None:
    from onetoone.domain import promises
    from onetoone.render import promises as screen

    today = shared.today()
    day = shared.day(on, today=today)
    with shared.journal(write=True) as journal:
        results = promises.close_all(journal, typed, status, today=today, on=day)
    for result in results:
        shared.say(screen.closed(result, today=today))


@command("kept")
def kept(promise_ids: PromiseIds, on: OnDay = None) -> None:
    """Mark one or more promises kept (today, or --on an earlier day). For their commitment from a "yes", this records that they showed up.

    Example: oto kept p1 p2, or oto kept p1 --on yesterday
    """
    _close(promise_ids, "kept", on)


@command("broken")
def broken(promise_ids: PromiseIds, on: OnDay = None) -> None:
    """Mark one or more promises broken (today, or --on an earlier day). For their commitment from a "yes", this records that they did not show up."""
    _close(promise_ids, "broken", on)


@command("release")
def release(promise_ids: PromiseIds) -> None:
    """Withdraw one or more open promises by agreement with the person: not kept, not broken, and no longer counted in either side's record.

    Example: oto release p3
    """
    _close(promise_ids, "released", None)


@command("renegotiate")
def renegotiate(
    promise_id: PromiseId,
    by: Annotated[str, typer.Option("--by", help="The new due date, like 'next fri'.")],
) -> None:
    """Move an open promise to a new date agreed with the person; it stays open, its first date is kept.

    Example: oto renegotiate p7 --by "next fri"
    """
    from onetoone.domain import promises
    from onetoone.render import promises as screen

    today = shared.today()
    due = shared.day(by, today=today)
    with shared.journal(write=True) as journal:
        entry, old_due = promises.renegotiate(journal, promises.parse_id(promise_id), due, today=today)
    shared.say(screen.renegotiated(entry, old_due, today=today))


@command("amend")
def amend(
    promise_id: PromiseId,
    text: Annotated[Optional[str], typer.Option("--text", help="What was promised, as it should read.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="The due date as it should have been recorded.")] = None,
    side: Annotated[Optional[bool], typer.Option("--mine/--theirs", help="Whose promise it really is.", show_default=False)] = None,
) -> None:
    """Correct a promise recorded wrong: its text, its due date, or whose it is. Not a new date agreed with the person: that is `oto renegotiate`.

    Example: oto amend p3 --text "Send the hearing dates and the form" --by fri
    """
    from onetoone.domain import corrections, promises
    from onetoone.render import corrections as screen

    today = shared.today()
    due = shared.day(by, today=today)
    direction = None if side is None else "mine" if side else "theirs"
    with shared.journal(write=True) as journal:
        entry = corrections.amend_promise(journal, promises.parse_id(promise_id), text=text, due=due, direction=direction)
    shared.say(screen.amended(entry, today=today))
