"""Taking everything out: `oto export json|csv|markdown`, whole, for one person, or redacted."""

from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import OptionalLevel, group, subcommand

exports = group(
    "export",
    "Take the journal out: one JSON document, CSV files (one per table) or one Markdown dossier per person.",
    cls=OptionalLevel,
)

Person = Annotated[Optional[str], typer.Option("--person", metavar="NAME", help="Only this person's data.")]
Redact = Annotated[bool, typer.Option(
    "--redact", help="For sharing: names become stable pseudonyms, contacts and boundaries are left out; "
    "`--redact notes` leaves out every note and text too.",
)]
Level = Annotated[Optional[str], typer.Option("--redact-level", hidden=True)]
Plain = Annotated[bool, typer.Option("--plain", help="Of an encrypted journal: write the plain-text export anyway.")]


@subcommand(exports, "json")
def export_json(
    file: Annotated[Optional[str], typer.Argument(metavar="[FILE]", help="Where to write it (readable by you only); without it, stdout.")] = None,
    person: Person = None, redact: Redact = False, redact_level: Level = None, plain: Plain = False,
) -> None:
    """The whole journal as one JSON document: {"format": "oto-journal", "schema" (the journal's
    migration version), "oto" (version), "exported_at", "person", "redacted", "tables": {TABLE:
    {"columns": [...], "rows": [[...], ...]}}}, every value as stored. `oto import journal FILE`
    reads it back into an empty journal.

    Example: oto export json ~/safe/journal.json, or oto export json --person maria --redact
    """
    from onetoone import __version__
    from onetoone.render import export as words

    now = shared.now()
    with _gathered(person, redact, redact_level, plain) as (journal, person_id, redactor):
        dump = _dumped(journal, person_id, redactor)
    doc = words.document(dump, version=__version__, exported_at=now)
    if file is None:
        shared.emit_json(doc)
        return
    from pathlib import Path

    from onetoone.store.paths import write_private

    target = Path(file).expanduser()
    write_private(target, words.json_text(doc))
    _said(words.wrote("the journal" if person_id is None else dump.person, target), target)


@subcommand(exports, "csv")
def export_csv(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="A new or empty folder for the files.")],
    person: Person = None, redact: Redact = False, redact_level: Level = None, plain: Plain = False,
) -> None:
    """One CSV file per table (TABLE.csv), its header the table's column names, each row as the
    journal stores it (dates YYYY-MM-DD, flags 0/1, an empty cell for no value). The README lists
    the tables and their columns.

    Example: oto export csv ~/safe/oto-csv
    """
    from onetoone.render import export as words

    with _gathered(person, redact, redact_level, plain) as (journal, person_id, redactor):
        dump = _dumped(journal, person_id, redactor)
    target = _write_all(folder, words.csv_files(dump))
    _said(words.wrote("the tables", target, len(dump.tables)), target)


@subcommand(exports, "markdown")
def export_markdown(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="A new or empty folder for the dossiers.")],
    person: Person = None, redact: Redact = False, redact_level: Level = None, plain: Plain = False,
) -> None:
    """One readable Markdown dossier per person (NNNN-name.md): their record, what I know, the
    timeline and every promise both ways.

    Example: oto export markdown ~/safe/dossiers --person "Maria Lopez"
    """
    from onetoone.domain import transfer
    from onetoone.render import export as words

    today = shared.today()
    with _gathered(person, redact, redact_level, plain) as (journal, person_id, redactor):
        total = 1 if person_id is not None else journal.value("SELECT count(*) FROM person")
        with shared.terminal().progress(total, "Writing dossiers") as tick:
            found = transfer.dossiers(journal, today=today, person_id=person_id, redactor=redactor, tick=tick)
    target = _write_all(folder, [(words.dossier_name(d), words.dossier(d, today=today)) for d in found])
    _said(words.wrote("the dossiers", target, len(found)), target)


@contextmanager
def _gathered(person: Optional[str], redact: bool, level: Optional[str], plain: bool):
    """The journal opened for reading, with the id of the person asked for and the redactor, if
    any. A first redacted export makes the journal's redaction key (a short write of its own, not
    recorded for undo: undoing it would change every pseudonym)."""
    from onetoone.domain import people, redact as redaction

    wanted, notes = redaction.levels([level] if level else [] if redact else None)
    shared.refuse_plain_copy(plain, "an export")
    secret = None
    if wanted:
        with shared.journal() as journal:
            secret = redaction.stored_key(journal)
        if secret is None:
            with shared.journal(write=True, record=False) as journal:
                secret = redaction.make_key(journal)
    with shared.journal() as journal:
        person_id = None if person is None else people.resolve(journal, person).id
        redactor = redaction.redactor(journal, secret, notes=notes) if wanted else None
        yield journal, person_id, redactor


def _dumped(journal, person_id, redactor):
    from onetoone.domain import transfer

    with shared.terminal().progress(len(journal.tables()), "Reading the journal") as tick:
        return transfer.dump(journal, person_id=person_id, redactor=redactor, tick=tick)


def _write_all(folder: str, files: list[tuple[str, str]]):
    """Write each (name, text) into `folder`, which must be new or empty (so that no file of an
    earlier export, of someone since forgotten, is left beside the new ones)."""
    from pathlib import Path

    from onetoone.errors import BadInput
    from onetoone.store.paths import private_dir, write_private

    target = Path(folder).expanduser()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BadInput(f"{target} is not an empty folder, so nothing was written; give a new folder (oto makes it).")
    private_dir(target)
    for name, text in files:
        write_private(target / name, text)
    return target


def _said(message: str, target) -> None:
    from onetoone.render import export as words
    from onetoone.store.paths import exposure

    shared.say(message)
    reason = exposure(target)
    if reason is not None:
        shared.terminal().error(words.exposure(target, reason))
