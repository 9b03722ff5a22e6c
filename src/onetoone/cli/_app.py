"""The Typer application, the `oto` entry point, and the boundary where problems become messages.

Every command is registered through `command()`, which wraps it so that an `OtoError` raised
anywhere below prints one line on stderr and exits with its code, Ctrl-C exits 130 with a word
on what was kept, and an unexpected failure prints one line instead of a traceback
(`OTO_DEBUG=1` shows the traceback). This lives inside the command so `CliRunner` sees it too.

The exit code says what happened to the journal: once a write has committed (`committed()`,
called by `_shared.journal`), the command exits 0 even if printing about it fails afterwards.
Data that stdout cannot take (`OutputLost`) ends a read with exit 1 and one line, or with 141
and nothing when the reader of a pipe went away; an OSError about a file or folder becomes one
line naming it (`store/oserrors.py`). The full table is in `errors.py`.
"""

import functools
import os
from contextlib import contextmanager
from typing import Annotated, Callable, Optional

import typer

from onetoone import __version__


@contextmanager
def _quoted_safely():
    """Typer's usage errors quote what was typed (an unknown option, an extra argument) and
    print it as is; make that text safe first, as everything else oto shows is."""
    try:
        yield
    except Exception as problem:
        message = getattr(problem, "message", None)
        if isinstance(message, str) and hasattr(problem, "format_message"):  # a usage error
            from onetoone.terminal import safe

            problem.message = safe(message)
        raise


class _Group(typer.core.TyperGroup):
    def parse_args(self, ctx, args):
        _Run.argv = list(args)  # the command as typed, which a write keeps for `oto undo` to name
        with _quoted_safely():
            return super().parse_args(ctx, args)

    def invoke(self, ctx):
        with _quoted_safely():
            return super().invoke(ctx)

    def _main_shell_completion(self, ctx_args, prog_name, complete_var=None):
        """A shell asking for completions (`oto completion`): register the completion classes
        first (Typer's, with bash's quoting), which `add_completion=False` leaves out so that other
        runs never load them. A private hook of Typer's group; tests/test_completion.py fails
        loudly if an upgrade drops it."""
        name = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(name):
            from onetoone.cli._shells import register

            register()
        return super()._main_shell_completion(ctx_args, prog_name, complete_var)


app = typer.Typer(
    cls=_Group,
    name="oto",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="oto: a journal for one-to-one relational meetings. Prep before, reflect after, keep your promises.",
)


def _version(value: bool) -> None:
    if value:
        with _boundary():
            _terminal().text(f"oto {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print oto's version and exit.")
    ] = None,
) -> None:
    """oto: a journal for one-to-one relational meetings.

    Each morning `oto due`; before a meeting `oto prep NAME`; after it `oto reflect NAME`.
    The journal lives in OTO_HOME if set, else your data folder (see `oto where`).
    """


def command(*args, **kwargs) -> Callable:
    """Register a Typer command whose problems are reported through the one boundary."""

    def register(function: Callable) -> Callable:
        app.command(*args, help=reflowed(function.__doc__ or ""), **kwargs)(guarded(function))
        return function

    return register


def group(name: str, help: str, *, cls: type | None = None) -> typer.Typer:
    """A noun with commands of its own (`oto export json`, `oto import contacts`, `oto org add`),
    registered on the one app; its commands are added with `subcommand`, through the same boundary."""
    sub = typer.Typer(name=name, cls=cls or typer.core.TyperGroup, no_args_is_help=True, help=reflowed(help), add_completion=False,
                      context_settings={"help_option_names": ["-h", "--help"]})
    app.add_typer(sub, name=name)
    return sub


def subcommand(parent: typer.Typer, name: str) -> Callable:
    def register(function: Callable) -> Callable:
        parent.command(name, help=reflowed(function.__doc__ or ""))(guarded(function))
        return function

    return register


class OptionalLevel(typer.core.TyperGroup):
    """A group whose commands take `--redact` alone or with a level (`--redact notes`).

    Click can make an option's value optional, but Typer 0.20 does not pass that setting on, so
    the words are read here, before Click parses them: `--redact notes` (or `names`) becomes
    `--redact --redact-level notes`, the hidden option that carries the level. A test checks
    both spellings (tests/test_export.py), so an upgrade that changes this fails loudly."""

    LEVELS = ("names", "notes")

    def parse_args(self, ctx, args):
        rewritten = []
        for n, word in enumerate(args):
            rewritten.append(word)
            if word.startswith("--redact="):
                rewritten[-1:] = ["--redact", "--redact-level", word.partition("=")[2]]
            elif word == "--redact" and n + 1 < len(args) and args[n + 1] in self.LEVELS:
                rewritten.append("--redact-level")
        return super().parse_args(ctx, rewritten)


def reflowed(doc: str) -> str:
    """A docstring as help: each paragraph joined into one line, so that the help wraps once at
    the terminal's width instead of keeping the source's line breaks (ragged at 80 columns); a
    paragraph laid out in columns keeps its lines."""
    import inspect

    def joined(paragraph: str) -> str:
        lines = paragraph.splitlines()
        if any("  " in line.strip() for line in lines):  # laid out in columns: kept as written
            return paragraph
        return " ".join(line.strip() for line in lines)

    return "\n\n".join(joined(paragraph) for paragraph in inspect.cleandoc(doc).split("\n\n"))


def guarded(function: Callable) -> Callable:
    @functools.wraps(function)
    def run(*args, **kwargs):
        with _boundary():
            _refuse_undecodable(kwargs)
            return function(*args, **kwargs)

    return run


class _Run:
    """What the boundary knows of the command running now: whether its write is committed."""

    committed = False
    output_lost = False  # the boundary itself silenced stdout and chose the exit code
    argv: list[str] | None = None  # the words typed after `oto`
    # An encrypted journal's passphrase by file, asked at most once per command and kept in this
    # process's memory only for the command (cli/_shared.journal_passphrase asks for it).
    passphrases: dict[str, str] = {}


def passphrases() -> dict[str, str]:
    """The passphrases this command has been given, by journal file (empty when it starts)."""
    return _Run.passphrases


def typed() -> list[str] | None:
    """The command running now, as typed after `oto` (None outside a command)."""
    return _Run.argv


def committed() -> None:
    """Called when a write's transaction has committed: from here on, the command's exit code
    is 0 whatever happens to its output (a retried script must not record it twice)."""
    _Run.committed = True


def _new_command() -> None:
    """A command starts knowing no passphrase (the CLI may run several in one process)."""
    import sys

    _Run.passphrases = {}
    store = sys.modules.get("onetoone.store.journal")
    if store is not None:
        store.forget_passphrases()


@contextmanager
def _boundary():
    from onetoone.errors import OtoError, OutputLost

    _Run.committed = False
    _new_command()
    try:
        yield
    except OutputLost as lost:
        _Run.output_lost = True
        if _Run.committed:
            _terminal().error(f"The change was saved; only printing it failed. {lost.message}")
            raise typer.Exit(0) from None
        if not lost.broken_pipe:  # a closed pipe ends quietly, like other commands cut off
            _terminal().error(f"{lost.message} Run the command again with its output going somewhere that can take it.")
        raise typer.Exit(lost.exit_code) from None
    except OtoError as problem:
        _terminal().error(problem.message)
        raise typer.Exit(problem.exit_code) from None
    except KeyboardInterrupt:
        _terminal().error("Interrupted. Nothing was changed by this command.")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, typer.BadParameter, SystemExit):  # BadParameter: usage, exit 2
        raise
    except OSError as problem:  # the system refused a file or folder outside the journal's own checks
        if os.environ.get("OTO_DEBUG"):
            raise
        from onetoone.store.oserrors import explain

        if _Run.committed:
            _terminal().error(f"The change was saved, but then: {problem.strerror or problem} ({problem.filename}).")
            raise typer.Exit(0) from None
        _terminal().error(explain(problem).message)
        raise typer.Exit(1) from None
    except Exception as problem:  # a bug: one line, never a traceback, unless asked
        if os.environ.get("OTO_DEBUG"):
            raise
        from onetoone.store import driver

        if isinstance(problem, driver.Error):
            _terminal().error(f"The journal could not be used ({problem}). Nothing was changed; run `oto where` and check the file.")
        else:
            _terminal().error(
                f"Something went wrong inside oto ({type(problem).__name__}: {problem}). "
                "Nothing was changed. Run again with OTO_DEBUG=1 to see details, and please report it."
            )
        raise typer.Exit(70) from None


def _refuse_undecodable(values: dict) -> None:
    """An argument that was not valid UTF-8 arrives holding lone surrogates (PEP 383), which
    neither SQLite nor the terminal can take: refuse it here, once, for every command."""
    from onetoone.errors import BadInput

    for value in values.values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any("\ud800" <= ch <= "\udfff" for ch in text):
                raise BadInput(f"'{text}' is not readable text (not UTF-8); type it again.")


def _terminal():
    from onetoone.terminal import Terminal

    return Terminal()


def main() -> None:
    """The `oto` console command.

    Commands report lost output through the boundary; this catches what Typer, Click and rich
    print themselves (help, usage errors) the same way: a closed pipe exits 141 quietly, a
    full or closed stdout exits 1 with one line. Click and rich both meet a closed pipe by
    exiting 1, rich after pointing stdout at /dev/null and Click after wrapping it in its
    PacifyFlushWrapper: that is how it is recognised here (a test fails loudly if an upgrade
    changes it).
    """
    import sys

    from onetoone.terminal import prepare_streams

    prepare_streams()
    was_null = _stdout_is_null()
    try:
        app()
    except SystemExit as done:
        code = done.code
        if code == 1 and not _Run.output_lost and (type(sys.stdout).__name__ == "PacifyFlushWrapper" or (not was_null and _stdout_is_null())):
            code = 141
        raise SystemExit(code) from None
    except OSError as problem:  # help or usage text that stdout or stderr could not take
        from onetoone.terminal import silence_output

        silence_output()
        if isinstance(problem, BrokenPipeError):
            raise SystemExit(141) from None
        _terminal().error(f"The output could not be written ({problem.strerror or problem}).")
        raise SystemExit(1) from None


def _stdout_is_null() -> bool:
    try:
        found, null = os.fstat(1), os.stat(os.devnull)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (null.st_dev, null.st_ino)
