"""What the commands share: reading the environment and the clock, opening the journal,
turning typed option values into domain values. Only the CLI layer reads the clock or env."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from onetoone import dates


def home() -> Path:
    from onetoone.store.paths import home as find_home

    return find_home(os.environ)


def journal_path() -> Path:
    from onetoone.store.paths import journal_path as path_in

    return path_in(home())


def team_url() -> str | None:
    """The team journal's URL (OTO_DATABASE_URL, or `oto team connect`), or None: the SQLite journal."""
    from onetoone.store.server import url

    return url(os.environ)


def journal_place() -> Path | str:
    """Where the commands' journal is: the team journal's URL when one is set, else the file."""
    return team_url() or journal_path()


def journal_exists() -> bool:
    """Whether there is a journal to read without creating one (a team journal always is)."""
    place = journal_place()
    return isinstance(place, str) or place.exists()


@contextmanager
def journal(
    *, write: bool = False, now: datetime | None = None, record: bool = True, as_typed: list[str] | None = None,
) -> Iterator:
    """The journal for one command, in one short transaction (`now` stamps migrations and backups);
    once a write has committed, the boundary is told (see `_app.committed`).

    A write is recorded for `oto undo` under the command as typed, or as `as_typed` (one
    decision of `oto triage` is the command it stands for, `oto kept p1`), unless `record` is
    False (the undo itself) or `OTO_NO_UNDO` is set (for the benchmark that measures what
    recording costs)."""
    from onetoone.cli._app import typed
    from onetoone.store.journal import open_journal

    passphrase_ready()
    record = record and not os.environ.get("OTO_NO_UNDO")
    command = as_typed or typed()
    with open_journal(journal_place(), now=now or clock(), write=write, command=command, record=record) as opened:
        yield opened
    if write:  # committed: the command's exit code no longer depends on its output
        from onetoone.cli._app import committed

        committed()


def passphrase_ready() -> None:
    """Tell store how to ask for an encrypted journal's passphrase (store reads neither the
    environment nor the terminal); called before a command opens the journal."""
    from onetoone.store.journal import passphrase_from

    passphrase_from(_journal_passphrase)


def journal_passphrase(path: Path) -> str:
    """The passphrase of the encrypted journal at `path`, asked once per command."""
    return _journal_passphrase(path)


def _journal_passphrase(path: Path) -> str:
    """Asked at most once per command (per file), kept only in this process's memory for the
    command (`_app.passphrases`): from OTO_PASSPHRASE_COMMAND, else typed on the terminal with no
    echo. Never from an argument or a plain environment variable."""
    from onetoone.cli._app import passphrases

    given = passphrases()
    if str(path) not in given:
        given[str(path)] = read_passphrase(
            f"Passphrase for the encrypted journal at {path}: ",
            unavailable=f"The journal at {path} is encrypted: set OTO_PASSPHRASE_COMMAND to a command that prints its "
            "passphrase, or run oto on a terminal.",
        )
    return given[str(path)]


def read_passphrase(prompt: str, *, unavailable: str, confirm: str | None = None) -> str:
    """A passphrase: printed by OTO_PASSPHRASE_COMMAND when it is set (run without a shell, its
    stdin and stderr the terminal's, so `pass` or a pinentry can ask; one trailing newline
    dropped), else typed with no echo on the terminal, twice when `confirm` is the second prompt.
    Off a terminal without the command: PassphraseNeeded with `unavailable`, never a wait."""
    from onetoone.errors import BadInput, PassphraseNeeded

    command = os.environ.get("OTO_PASSPHRASE_COMMAND", "").strip()
    if command:
        return _passphrase_from_command(command)
    import sys

    if not (stdin_is_terminal() and sys.stderr is not None and sys.stderr.isatty()):
        raise PassphraseNeeded(unavailable)
    try:
        typed = terminal().secret(prompt)
        if confirm is not None and terminal().secret(confirm) != typed:
            raise BadInput("The two passphrases differ; nothing was changed.")
    except EOFError:
        raise PassphraseNeeded(unavailable) from None
    if not typed:
        raise BadInput("An empty passphrase opens nothing; nothing was changed.")
    return typed


def _passphrase_from_command(command: str) -> str:
    import shlex
    import subprocess

    from onetoone.errors import OtoError

    try:
        done = subprocess.run(shlex.split(command), stdout=subprocess.PIPE, check=False)
    except (OSError, ValueError) as problem:
        raise OtoError(f"OTO_PASSPHRASE_COMMAND could not be run ({problem}); nothing was changed.") from None
    if done.returncode != 0:
        raise OtoError(f"OTO_PASSPHRASE_COMMAND failed (exit {done.returncode}); nothing was changed.")
    printed = done.stdout.decode("utf-8", "surrogateescape")
    printed = printed[:-1] if printed.endswith("\n") else printed
    printed = printed[:-1] if printed.endswith("\r") else printed
    if not printed:
        raise OtoError("OTO_PASSPHRASE_COMMAND printed no passphrase; nothing was changed.")
    if "\x00" in printed:
        raise OtoError("OTO_PASSPHRASE_COMMAND printed a NUL byte, which no passphrase holds; nothing was changed.")
    return printed


def refuse_plain_copy(plain: bool, what: str) -> None:
    """Exports and calendars are plain text meant to leave the journal: of an encrypted journal,
    written only when `--plain` says so."""
    if plain:
        return
    from onetoone.store.journal import is_encrypted

    if is_encrypted(journal_path()):
        from onetoone.errors import BadInput

        raise BadInput(
            f"This journal is encrypted, and {what} is plain text that leaves the encryption behind; "
            "add --plain to write it anyway. Nothing was written."
        )


@contextmanager
def journal_at(place: Path | str, *, now: datetime | None = None) -> Iterator:
    """A read of the journal at `place` (a file, or a team journal's URL) other than the commands' own."""
    from onetoone.store.journal import open_journal

    with open_journal(place, now=now or clock()) as opened:
        yield opened


def refuse_on_team(command: str, why: str) -> None:
    """Refuse (exit 8) a command that only the organizer's own SQLite journal has."""
    if team_url():
        from onetoone.store.server import not_here

        raise not_here(command, why)


def preload(*more: str) -> None:
    """Load the write path (and the modules `more` names) in the background while the organizer
    reads and types (`store/preload.py`); `OTO_NO_PRELOAD=1` turns it off, to measure what it saves."""
    from onetoone.store import preload as loading

    loading.start(more, enabled=not os.environ.get("OTO_NO_PRELOAD"))


def now() -> datetime:
    """The clock, or `OTO_NOW` when set (`OTO_NOW="2026-11-23 09:00" oto due`): scripts and
    tests pass time in this way instead of patching it."""
    fixed = os.environ.get("OTO_NOW", "").strip()
    if fixed:
        from onetoone.errors import BadInput

        try:
            return dates.parse_moment(fixed, dates.now())
        except BadInput:
            raise BadInput(f"OTO_NOW must be a date and time like '2026-11-23 09:00'; it is '{fixed}'.") from None
    return dates.now()


clock = now  # for functions whose `now` parameter hides this one


def today() -> date:
    return now().date()


def day(text: str | None, *, today: date, past: bool = False) -> date | None:
    """A typed day option; `past` for options about a day gone by (`fri` is then the last one)."""
    return None if text is None else _with_order(lambda order: dates.parse_date(text, today, past=past, order=order))


def moment(text: str | None, *, now: datetime) -> datetime | None:
    return None if text is None else _with_order(lambda order: dates.parse_moment(text, now, order=order))


def when(text: str | None, *, now: datetime) -> date | datetime | None:
    """A typed day that may hold a time of day ('sat', 'sat 7pm'): a date, or a datetime."""
    return None if text is None else _with_order(lambda order: dates.parse(text, now, order=order))


def _with_order(read):
    """`read(order)` with no order first; only day/month numbers with two readings (12/5) need
    the organizer's `date-order`, so only they pay for reading it."""
    try:
        return read(None)
    except dates.Ambiguous:
        order = date_order()
        if order is None:
            raise
        return read(order)


def date_order() -> str | None:
    """The organizer's `oto config date-order`, in a short read of its own; when it is not set
    (or there is no journal yet: reading would create one), the locale's order, if it says one."""
    if not journal_exists():
        return locale_order()
    from onetoone.domain import settings

    with journal() as opened:
        return settings.date_order(opened) or locale_order()


def locale_order() -> str | None:
    """The day/month order the locale says (LC_ALL, else LC_TIME, else LANG): see `dates.locale_order`."""
    return dates.locale_order(os.environ)


def terminal():
    from onetoone.terminal import Terminal

    return Terminal()


def show(doc) -> None:
    terminal().show(doc)


def say(message: str) -> None:
    terminal().say(message)


def emit_json(data) -> None:
    terminal().json(data)


def stdin_is_terminal() -> bool:
    import sys

    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
