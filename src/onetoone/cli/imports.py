"""Bringing people and history in: `oto import contacts|meetings|journal`, each one transaction
that `oto undo` takes back."""

from typing import Annotated

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import group, subcommand

imports = group("import", "Bring people and history in: contacts (vCard, CSV), past one-to-ones (CSV), or a whole journal (JSON).")


@subcommand(imports, "journal")
def import_journal(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A file written by `oto export json`.")],
) -> None:
    """Read a whole journal exported by `oto export json` back into an EMPTY journal, every row as
    it was (refused: a journal that holds anything, an export from a newer oto, a redacted or
    one-person export). All of it or nothing; `oto undo` takes it back out.

    Example: OTO_HOME=~/new-journal oto import journal ~/safe/journal.json
    """
    from onetoone.domain import transfer
    from onetoone.render import export as words

    document = _read_json(file)
    with shared.journal(write=True) as journal:
        total = sum(len((t or {}).get("rows") or []) for t in (document.get("tables") or {}).values()) if isinstance(document, dict) else 0
        with shared.terminal().progress(total, "Importing") as tick:
            found = transfer.restore(journal, document, source=file, tick=tick)
    shared.say(words.restored(found, file))


def _read_json(file: str):
    import json
    from pathlib import Path

    from onetoone.errors import BadInput

    try:
        text = Path(file).expanduser().read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{file} is not UTF-8 text; nothing was imported.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        raise BadInput(f"{file} is not JSON ({problem.msg} at line {problem.lineno}); nothing was imported.") from None
