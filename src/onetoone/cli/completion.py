"""Shell completion: `oto completion bash|zsh|fish` prints the script, and the completers that
fill in names, ids and kinds from the journal when Tab is pressed.

Typer's own completion does the work: its scripts, and its completion classes, which `_app`
registers only when the shell asks for completions (`_OTO_COMPLETE` set), so that no other run
loads them. The app keeps `add_completion=False`: Typer's --install-completion and
--show-completion options would detect the shell (shellingham) and edit its rc file; printing the
script and letting the organizer put it where they like is plainer. The script comes from
Typer's `_completion_shared` (not public API): `tests/test_completion.py` fails loudly if an
upgrade moves it.

The completers themselves are in `cli/_complete.py`.
"""

from enum import Enum
from typing import Annotated

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command
from onetoone.cli._complete import COMPLETE_VAR


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@command("completion")
def completion(shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.")]) -> None:
    """Print the shell completion script for bash, zsh or fish: Tab then completes commands,
    options, people's names and aliases, meeting, follow-up and promise ids, and kinds.

    oto completion bash   for ~/.bashrc: eval "$(oto completion bash)"
    oto completion zsh    for ~/.zshrc: eval "$(oto completion zsh)"
    oto completion fish > ~/.config/fish/completions/oto.fish
    """
    from typer._completion_shared import get_completion_script

    shared.terminal().document(get_completion_script(prog_name="oto", complete_var=COMPLETE_VAR, shell=shell.value) + "\n")
