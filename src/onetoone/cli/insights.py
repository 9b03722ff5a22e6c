"""Commands for what was learned about people (insights, boundaries too): unlearn, move.

Insight ids are the ones `oto show NAME` prints (`i12`); a bare `12` is accepted too.
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command


@command("unlearn")
def unlearn(insight_ids: Annotated[list[str], typer.Argument(help="The insights' ids, like i12 (see `oto show NAME`).")]) -> None:
    """Remove one or more insights or boundaries recorded by mistake, for good.

    Example: oto unlearn i12 i13
    """
    from onetoone.domain import corrections
    from onetoone.render import corrections as screen

    with shared.journal(write=True) as journal:
        removed = corrections.unlearn_all(journal, insight_ids)
    for item in removed:
        shared.say(screen.unlearned(item))


@command("move")
def move(
    insight_id: Annotated[str, typer.Argument(help="The insight's id, like i12 (see `oto show NAME`).")],
    to: Annotated[Optional[str], typer.Option("--to", help="The person it is really about.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="What it really is: self-interest, story, value, talent, network, concern, boundary or common.", autocompletion=complete.insight_kinds)] = None,
) -> None:
    """Move an insight recorded about the wrong person, or as the wrong kind.

    Example: oto move i12 --to "Maria Chen", or oto move i12 --kind boundary
    """
    from onetoone.domain import corrections, people
    from onetoone.render import corrections as screen

    with shared.journal(write=True) as journal:
        number = corrections.parse_insight_id(insight_id)
        person = people.resolve(journal, to) if to is not None else None
        item = corrections.move_insight(journal, number, to=person, kind=kind)
    shared.say(screen.moved(item))
