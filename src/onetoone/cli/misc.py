"""Small commands: where the journal lives, the weekly goal, settings."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("where")
def where() -> None:
    """Print the path of the journal file (set OTO_HOME to move it), or the team journal's URL."""
    shared.terminal().text(str(shared.journal_place()))


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
    shared.terminal().text(f"Weekly goal: {current} one-to-ones.")


@command("config")
def config(
    key: Annotated[Optional[str], typer.Argument(metavar="SETTING", help="The setting: date-order.")] = None,
    value: Annotated[Optional[str], typer.Argument(help="The new value (none: show the current one).")] = None,
) -> None:
    """Show or change a setting. date-order: how 12/5 reads, dmy (12 May) or mdy (5 Dec);
    'none' unsets it: then the locale's order is used (LC_ALL, LC_TIME or LANG: en_US is mdy,
    en_GB dmy), and with no locale (C) oto asks for a month name whenever both readings are dates.

    Example: oto config date-order dmy
    """
    from onetoone.domain import settings
    from onetoone.errors import BadInput

    if key is not None and key.strip().lower() != "date-order":
        raise BadInput(f"There is no setting '{key.strip()[:30]}'; the one oto has is date-order (dmy or mdy).")
    with shared.journal(write=value is not None) as journal:
        current = settings.set_date_order(journal, value) if value is not None else settings.date_order(journal)
    local = shared.locale_order()
    if current is None and local is not None:
        shared.say(f"date-order: not set; your locale reads 12/5 as {'12 May' if local == 'dmy' else '5 Dec'} ({local}). "
                   "Set one with `oto config date-order dmy` or mdy.")
    elif current is None:
        shared.say("date-order: not set; 12/5 is refused as ambiguous (set one with `oto config date-order dmy` or mdy).")
    else:
        shared.say(f"date-order: {current} (12/5 means {'12 May' if current == 'dmy' else '5 Dec'}).")


@command("doctor")
def doctor() -> None:
    """Check the journal: integrity, references, schema version, file permissions, backups.

    On a team journal, what you can check from your side: the server and its version, the schema
    version, who you are to the team, row-level security with its policies on every table, the
    team views and functions, the encoding, your connection's TLS and your config file."""
    import typer as _typer

    from onetoone.store.health import examine

    shared.passphrase_ready()
    url = shared.team_url()
    if url:
        lines, code = _team_checks(url)
    else:
        findings, code = examine(shared.journal_path(), now=shared.now())
        lines = [(finding.label, finding.text) for finding in findings]
    for label, text in lines:
        shared.terminal().text(f"{label:<9}" + text)
    if code:
        raise _typer.Exit(code)


def _team_checks(url: str) -> tuple[list[tuple[str, str]], int]:
    """`oto doctor`'s lines on the team journal at `url`, and its exit code (5 on a problem, or
    the opener's when the journal cannot be looked at)."""
    import os

    from onetoone.errors import DamagedJournal, OtoError
    from onetoone.render import doctor as words
    from onetoone.store import health, pg_health

    try:
        found = pg_health.examine(url)
    except OtoError as problem:
        return [(words.PROBLEM, problem.message)], problem.exit_code
    lines = words.team(found, pg_health.config_file(os.environ))
    lines += [(finding.label, finding.text) for finding in health.drafts(shared.home())]
    return lines, DamagedJournal.exit_code if any(label == words.PROBLEM for label, _ in lines) else 0


@command("backup")
def backup(
    path: Annotated[Optional[str], typer.Argument(help="Where to write the copy: a new file, or a folder (default: the backups folder).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it holds an earlier oto backup (never any other file).")] = False,
) -> None:
    """Make a consistent copy of the journal, readable only by you.

    The copy is always a new file: oto never writes over a file that is not an earlier oto backup,
    and over one of those only with --force. Restore by replacing journal.db with the copy while no
    oto runs (see the README).
    """
    from pathlib import Path

    from onetoone.store.health import backup_to

    shared.passphrase_ready()
    shared.refuse_on_team("oto backup", "it copies the journal's file; the team's admin backs up the server: "
                          "`pg_dump -Fc`, as the README's Team journal, Backups says")
    made = backup_to(shared.journal_path(), Path(path) if path else None, now=shared.now(), force=force)
    shared.say(f"Backed up the journal to {made}")
