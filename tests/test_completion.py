"""Shell completion: the scripts `oto completion` prints, and Tab completing names, ids and kinds
from the journal, through the environment variables the scripts set (as a shell runs oto)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime

import pytest

from tests.conftest import TODAY, Scene


def _complete(oto, shell: str, words: str, *, cword: int | None = None) -> list[str]:
    """What oto offers when the shell asks, one line per candidate."""
    env = {"_OTO_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(cword if cword is not None else len(words.split(" ")) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    ran = oto(env=env)
    assert ran.exit_code == 0, ran.output
    return [line for line in ran.stdout.splitlines() if line]


@pytest.fixture
def people(open_journal):
    with open_journal() as journal:
        scene = Scene(journal)
        rosa = scene.person("Rosa Diaz", aliases=["Rosie"])
        scene.person("Zoë O'Brien")
        scene.person("Ana De La Cruz")
        scene.person("Ana Ruiz")
        scene.plan(rosa, datetime(2026, 11, 25, 18, 0))
        scene.promise(rosa, "Send the lease checklist", TODAY)
    return rosa


def test_bash_gets_names_quoted_as_one_word(oto, people):
    assert _complete(oto, "bash", "oto prep ros") == ["rosa\\ Diaz", "rosie"]
    assert _complete(oto, "bash", "oto prep Ana") == ["Ana\\ De\\ La\\ Cruz", "Ana\\ Ruiz"]
    assert _complete(oto, "bash", "oto show zoe") == ["zoe\\ O\\'Brien"]  # accents ignored, the apostrophe escaped
    assert _complete(oto, "bash", "oto prep Zoë\\ O", cword=2) == ["Zoë\\ O\\'Brien"]  # typed with its escape


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_the_bash_script_inserts_a_name_bash_reads_back_as_one_word(oto, people, tmp_path, oto_home):
    script = tmp_path / "oto.bash"
    script.write_text(oto("completion", "bash").stdout)
    installed = shutil.which("oto", path=os.path.dirname(sys.executable)) or shutil.which("oto")
    if installed is None:
        pytest.skip("the oto console command is not installed")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "oto").symlink_to(installed)  # the shell runs `oto` by that name, as installed
    shell = f"""source {script}; COMP_WORDS=(oto prep "Zoë\\ O"); COMP_CWORD=2; _oto_completion oto
eval "set -- ${{COMPREPLY[0]}}"; printf '%s|' "$@" "$#" """
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    ran = subprocess.run(["bash", "--norc", "-c", shell], capture_output=True, text=True, env=env, timeout=60)
    assert ran.stdout == "Zoë O'Brien|1|", ran.stderr


def test_zsh_and_fish_get_names_as_they_are_with_their_help(oto, people):
    assert _complete(oto, "fish", "oto prep Rosi") == ["Rosie\tRosa Diaz"]
    zsh = _complete(oto, "zsh", "oto prep Zo")
    assert zsh[0].startswith("_arguments") and "Zoë O''Brien" in zsh[0]


def test_ids_complete_with_what_they_are(oto, people):
    assert _complete(oto, "fish", "oto cancel m") == ["m1\tRosa Diaz, Wed 25 Nov 2026 18:00"]
    done = _complete(oto, "fish", "oto done ")
    assert [line.split("\t")[0] for line in done] == ["p1", "f1", "f2"]  # the soonest due first
    assert any(line.startswith("p1\tmy promise, Rosa Diaz") for line in done)
    assert [line.split("\t")[0] for line in _complete(oto, "fish", "oto kept p")] == ["p1"]
    assert _complete(oto, "fish", "oto done p9") == []


def test_kinds_complete_from_the_vocabulary(oto, people):
    assert _complete(oto, "fish", "oto move i1 --kind s") == ["self-interest", "story"]
    assert _complete(oto, "fish", "oto people --stage l") == ["leader"]


def test_help_beside_a_candidate_is_plain_text(oto, open_journal):
    with open_journal() as journal:
        Scene(journal).person("Rosa [bold]Diaz[/bold]", aliases=["Ro"])
    assert _complete(oto, "fish", "oto prep Ro") == ["Ro\tRosa [bold]Diaz[/bold]", "Rosa [bold]Diaz[/bold]"]


def test_no_journal_means_no_candidates_and_no_journal_made(oto, oto_home):
    assert _complete(oto, "bash", "oto prep ro") == []
    assert not (oto_home / "journal.db").exists()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_typers_script_for_each_shell(oto, shell):
    ran = oto("completion", shell)
    assert ran.exit_code == 0 and "_OTO_COMPLETE=complete_" + shell in ran.stdout


def test_typers_completion_internals_are_where_oto_reaches_for_them():
    """oto uses Typer's private completion modules (cli/completion.py, cli/_complete.py and the
    group's `_main_shell_completion` in cli/_app.py): an upgrade that moves them fails here."""
    import typer._completion_classes as classes
    import typer.core
    from typer._completion_shared import get_completion_script  # noqa: F401

    assert hasattr(typer.core.TyperGroup, "_main_shell_completion")
    assert hasattr(classes.BashComplete, "format_completion") and callable(classes.completion_init)
    assert callable(classes._sanitize_help_text)  # replaced by a plain one while completing (no rich markdown)


def test_help_loads_neither_the_calendar_nor_the_journal_code():
    code = (
        "import sys; from onetoone.cli import app; from typer.testing import CliRunner;"
        "CliRunner().invoke(app, ['--help']);"
        "print(sorted(m for m in sys.modules if m.startswith(('icalendar', 'sqlmodel', 'onetoone.store', 'onetoone.domain'))))"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "[]", ran.stderr
