"""Small commands: where the journal lives, and the weekly goal."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("where")
def where() -> None:
    """Print the path of the journal file (set OTO_HOME to move it)."""
    shared.terminal().text(str(shared.journal_path()))


@command("goal")
def goal(
    count: Annotated[Optional[int], typer.Argument(help="One-to-ones a week to aim for.")] = None,
) -> None:
    """Show or set the weekly goal of one-to-ones (default 5)."""
    from onetoone.domain import settings

    with shared.journal(write=count is not None) as journal:
        if count is not None:
            settings.set_goal(journal, count)
        current = settings.get_int(journal, "weekly_goal")
    shared.say(f"Weekly goal: {current} one-to-ones.")
