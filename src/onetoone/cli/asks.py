"""Commands for asks made in one-to-ones: answer (change an answer given earlier)."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command


@command("answer")
def change_answer(
    ask: Annotated[str, typer.Argument(help="The ask's id, like a3 (see `oto show NAME`), or a name for their latest ask.")],
    answer: Annotated[str, typer.Argument(help="yes, no, maybe or later.", autocompletion=complete.answers)],
    by: Annotated[Optional[str], typer.Option("--by", help="For a yes, the date they committed to; for a maybe or later, the day to revisit.")] = None,
) -> None:
    """Change an ask's answer later: a maybe that became a yes records their commitment and closes the revisit; a yes that became a no releases the commitment.

    Example: oto answer Maria yes --by sat, or oto answer a3 no
    """
    from onetoone.domain import corrections
    from onetoone.render import corrections as screen

    today = shared.today()
    day = shared.day(by, today=today)
    with shared.journal(write=True) as journal:
        change = corrections.answer(journal, corrections.find_ask(journal, ask), answer, by=day, today=today)
    shared.say(screen.answered(change, today=today))
