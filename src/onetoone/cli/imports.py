"""Bringing people and history in: `oto import contacts|meetings|journal|calendar`, each one
transaction that `oto undo` takes back."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import group, subcommand

imports = group("import", "Bring people and history in: contacts (vCard, CSV), past one-to-ones (CSV), a whole journal (JSON), a calendar (.ics).")


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


Map = Annotated[Optional[list[str]], typer.Option("--map", metavar="COLUMN=FIELD", help="Read a column as a field (repeatable).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")]


@subcommand(imports, "contacts")
def import_contacts(
    file: Annotated[str, typer.Argument(metavar="FILE.vcf|FILE.csv", help="A vCard file (3 or 4) or a CSV of contacts.")],
    dry_run: DryRun = False,
    mapping: Map = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", metavar="T", help="Tag everyone imported (repeatable).")] = None,
) -> None:
    """Add people from a phone's contacts: a vCard file (.vcf, versions 3 and 4) or a CSV from
    Google Contacts, Outlook or a plain name,phone,email,notes sheet. A contact matching someone
    already in the journal (by name or alias, an email or a phone in their contact) is merged
    into them when it brings something new, else skipped; each skipped row says why. Importing
    the same file again adds nothing. One transaction: `oto undo` takes it all back.

    --map reads other columns: FIELD is name, first, middle, last, alias, phone, email, notes
    (kept as how we met), institution, role or ignore.

    Example: oto import contacts phone.vcf --tag riverside --dry-run, or
    oto import contacts sheet.csv --map 'Mobile number=phone'
    """
    from onetoone.domain import intake

    text, source = _read_text(file)
    mapped = intake.parse_mapping(mapping or [])
    is_vcard = file.lower().endswith((".vcf", ".vcard")) or text.lstrip("\ufeff \r\n").upper().startswith("BEGIN:VCARD")
    if is_vcard and mapped:
        raise typer.BadParameter("--map is for CSV files; a vCard names its own fields.")
    contacts = intake.read_vcards(text) if is_vcard else intake.read_contacts_csv(text, mapped)
    today = shared.today()
    _run(
        lambda journal: intake.plan_contacts(journal, contacts, tags=tag or []),
        lambda journal, steps, tick: intake.apply_contacts(journal, steps, today=today, tick=tick),
        kind="contacts", dry_run=dry_run, source=source,
    )


@subcommand(imports, "meetings")
def import_meetings(
    file: Annotated[str, typer.Argument(metavar="FILE.csv", help="A spreadsheet of past one-to-ones, as CSV.")],
    dry_run: DryRun = False,
    mapping: Map = None,
) -> None:
    """Past one-to-ones from a spreadsheet (CSV, one a row): the day and the person, and if given
    notes, the ask and their answer (yes, no, maybe, later), minutes and place. Columns are found
    by loose names (date/day/when, person/name/who, notes, ask, answer/response...); --map
    COLUMN=FIELD names others. Each becomes a held one-to-one written as `oto reflect` writes
    one; a name found as every command finds it (several people: the row is skipped, saying
    who), an unknown name a new person. Days read as any oto date (2026-03-14, 14 Mar 2026).
    A one-to-one already in the journal on that day is skipped, so importing twice adds nothing.

    Example: oto import meetings one-to-ones.csv --dry-run
    """
    from onetoone.domain import intake

    text, source = _read_text(file)
    rows = intake.read_meetings_csv(text, intake.parse_mapping(mapping or []))
    now = shared.now()
    today = now.date()
    order = shared.date_order()
    _run(
        lambda journal: intake.plan_meetings(journal, rows, today=today, now=now, date_order=order),
        lambda journal, steps, tick: intake.apply_meetings(journal, steps, today=today, now=now, date_order=order, tick=tick),
        kind="meetings", dry_run=dry_run, source=source,
    )


def _run(plan, apply, *, kind: str, dry_run: bool, source: str) -> None:
    """Plan (a read), and unless a dry run, plan again and write in one write transaction."""
    from onetoone.render import imports as words

    if dry_run:
        with shared.journal() as journal:
            steps = plan(journal)
    else:
        with shared.journal(write=True) as journal:
            steps = plan(journal)
            writes = sum(1 for s in steps if s.action != "skip")
            with shared.terminal().progress(writes, "Importing") as tick:
                apply(journal, steps, tick)
    shared.show(words.summary(steps, kind=kind, dry_run=dry_run, source=source))


def _read_text(file: str) -> tuple[str, str]:
    from pathlib import Path

    from onetoone.errors import BadInput

    raw = Path(file).expanduser().read_bytes()
    # Outlook on Windows writes its CSV in the ANSI code page (cp1252) or UTF-16; phones write UTF-8.
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return raw.decode(encoding), file
        except UnicodeDecodeError:
            continue
    raise BadInput(f"{file} is not text oto can read (not UTF-8); nothing was imported.")


@subcommand(imports, "calendar")
def import_calendar(
    file: Annotated[str, typer.Argument(metavar="FILE.ics", help="An .ics file exported from your calendar program.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added and skipped; change nothing.")] = False,
) -> None:
    """Plan the one-to-ones of a calendar: each event with someone in the journal (an attendee's
    e-mail in their contact, an attendee's name, or their full name or alias in the title)
    becomes a planned one-to-one with its time, minutes and place, as `oto prep NAME --at`
    books it; an event already past becomes a one-to-one waiting for your reflection.

    Skipped, each with its reason: events naming more than one person (never guessed), events
    imported before (a second import adds nothing), events `oto calendar` wrote, repeating,
    all-day or cancelled events, and people with a one-to-one already planned ahead. Events
    naming no one are counted, not listed. One change: `oto undo` takes it all back.

    Example: oto import calendar ~/Downloads/work.ics --dry-run
    """
    from pathlib import Path

    from onetoone.domain import calendar as planned
    from onetoone.render import calendar as page
    now = shared.now()
    events = planned.read(Path(file).expanduser().read_bytes())  # a file oto cannot read: one line, from the boundary
    with shared.journal(write=not dry_run) as journal:
        found = planned.import_events(journal, events, now=now, dry_run=dry_run)
    shared.show(page.report(found, today=now.date()))
