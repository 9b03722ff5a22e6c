"""Running the organizer's editor ($VISUAL, else $EDITOR, else vi) on a file, with Ctrl-C left
to the editor alone."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from onetoone.errors import BadInput


def command(environ: Mapping[str, str]) -> str:
    return environ.get("VISUAL", "").strip() or environ.get("EDITOR", "").strip() or "vi"


def edit(command: str, path: Path) -> int:
    """Open `path` in `command` (which may carry arguments, as in `code --wait`) and return the
    editor's exit status (negative: the signal that stopped it).

    As git does, oto ignores Ctrl-C (and Ctrl-\\) while the editor runs, so the key reaches only
    the editor; the handlers are restored afterwards. They are set after the editor starts, so
    the editor itself does not inherit "ignore" and can still be interrupted.
    """
    import shlex
    import signal
    import subprocess

    from onetoone.terminal import handling

    try:
        argv = shlex.split(command)
    except ValueError as problem:
        raise BadInput(f"Cannot read the editor command '{command}' ({problem}). Check VISUAL or EDITOR.") from None
    if not argv:
        raise BadInput("The editor command is empty. Set VISUAL or EDITOR, for example EDITOR=nano.")
    try:
        child = subprocess.Popen([*argv, str(path)])
    except OSError as problem:
        raise BadInput(
            f"Cannot start the editor '{argv[0]}' ({problem.strerror or problem}). "
            "Set VISUAL or EDITOR to an editor you have, for example EDITOR=nano."
        ) from None
    with handling({signal.SIGINT: signal.SIG_IGN, getattr(signal, "SIGQUIT", None): signal.SIG_IGN}):
        return child.wait()
