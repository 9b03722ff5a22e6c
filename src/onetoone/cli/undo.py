"""`oto undo`: reverse the last change oto made to the journal, or list what can be reversed."""

from typing import Annotated

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("undo")
def undo(
    listing: Annotated[bool, typer.Option("--list", help="List the changes that can be undone, newest first.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Reverse the last change oto made to the journal (any command that wrote to it), saying what
    it undid; run it again to undo the one before. The last 100 changes are kept. Forget, unlearn
    and a removed boundary cannot be undone and start the history afresh; draft files are not
    covered. On a team journal it reverses your own changes only, and refuses (changing nothing)
    when a teammate has changed the same row since.

    Example: oto undo, or oto undo --list
    """
    from onetoone.domain import undo as undoing
    from onetoone.render import undo as screen

    if listing:
        with shared.journal() as journal:
            changes = undoing.history(journal)
        if as_json:
            shared.emit_json({"steps": [screen.change_data(c) for c in changes]})
        else:
            shared.show(screen.history(changes, today=shared.today()))
        return
    try:
        with shared.journal(write=True, record=False) as journal:
            change = undoing.undo(journal)
    except undoing.Refused as refused:  # a team journal: a teammate's later change, or their rows
        from onetoone.errors import UndoRefused

        raise UndoRefused(screen.refused(refused)) from None
    if as_json:
        shared.emit_json({"undone": screen.change_data(change)})
    else:
        shared.say(screen.undone(change))
