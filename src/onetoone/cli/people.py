"""Commands for people: add, people, show, edit, forget, merge."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command

Aliases = Annotated[Optional[list[str]], typer.Option("--alias", help="Another name they go by (repeatable).")]
Contact = Annotated[Optional[str], typer.Option(help="Phone, email or how to reach them.")]
MetHow = Annotated[Optional[str], typer.Option("--met-how", help="How you met them.")]
ReferredBy = Annotated[Optional[str], typer.Option("--referred-by", help="Who suggested you meet them.", autocompletion=complete.names)]
Institution = Annotated[Optional[str], typer.Option(help="Their congregation, school, union, building... (see `oto org`; a new name is added).")]
Role = Annotated[Optional[str], typer.Option(help="Their role there.")]
Tags = Annotated[Optional[list[str]], typer.Option("--tag", help="A one-word tag (repeatable).")]
Stage = Annotated[Optional[str], typer.Option(autocompletion=complete.stages, help="prospect, met, committed, active or leader.")]
Cadence = Annotated[Optional[int], typer.Option(help="Reconnect after this many days without contact.")]
Boundaries = Annotated[Optional[list[str]], typer.Option("--boundary", help="A topic to avoid; shown first in prep (repeatable).")]


@command("add")
def add(
    name: Annotated[str, typer.Argument(help="Their full name.")],
    alias: Aliases = None, contact: Contact = None, met_how: MetHow = None, referred_by: ReferredBy = None,
    institution: Institution = None, role: Role = None, tag: Tags = None, stage: Stage = None,
    cadence: Cadence = None, boundary: Boundaries = None,
    do_not_contact: Annotated[bool, typer.Option("--do-not-contact", help="They asked not to be contacted.")] = False,
) -> None:
    """Add a person to the journal.

    Example: oto add "Maria Lopez" --alias Mari --institution "Oak St Tenants" --referred-by Dev --tag oak-st
    """
    from onetoone.domain import people
    from onetoone.render import people as screen

    fields = people.PersonFields(
        name=name, aliases=alias or [], contact=contact, met_how=met_how, referred_by=referred_by,
        institution=institution, role=role, tags=tag or [], stage=stage, cadence_days=cadence,
        boundaries=boundary or [], do_not_contact=do_not_contact or None,
    )
    with shared.journal(write=True) as journal:
        ref = people.add(journal, fields, today=shared.today())
    shared.say(screen.added(ref))
    if ref.new_institution:
        shared.say(screen.new_institution(ref))


@command("people")
def list_people(
    tag: Annotated[Optional[str], typer.Option(help="Only people with this tag.")] = None,
    stage: Annotated[Optional[str], typer.Option(help="Only people at this stage.", autocompletion=complete.stages)] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many (0: everyone).", min=0, max=1_000_000)] = 50,
    json: Annotated[bool, typer.Option("--json", help="Print JSON (everyone who matches).")] = False,
) -> None:
    """List people with their stage, when you last met and what is next."""
    from onetoone.domain import directory
    from onetoone.render import people as screen

    today = shared.today()
    with shared.journal() as journal:
        entries, total = directory.listing(journal, today=today, tag=tag, stage=stage, limit=None if (json or not limit) else limit)
    if json:
        shared.emit_json(screen.listing_json(entries))
    else:
        shared.show(screen.listing(entries, total, today=today))


@command("show")
def show(
    name: Annotated[str, typer.Argument(help="Name, alias or the start of a name.", autocompletion=complete.names)],
    json: Annotated[bool, typer.Option("--json", help="Print the whole record as JSON.")] = False,
) -> None:
    """Show everything the journal holds about a person, with a timeline."""
    from onetoone.domain import directory, people
    from onetoone.render import people as screen

    today = shared.today()
    with shared.journal() as journal:
        rec = directory.record(journal, people.resolve(journal, name), today=today)
    if json:
        shared.emit_json(screen.record_json(rec))
    else:
        shared.show(screen.record(rec, today=today))


@command("edit")
def edit(
    name: Annotated[str, typer.Argument(help="Name, alias or the start of a name.", autocompletion=complete.names)],
    new_name: Annotated[Optional[str], typer.Option("--name", help="Change their name.")] = None,
    alias: Aliases = None,
    remove_alias: Annotated[Optional[list[str]], typer.Option("--remove-alias", help="Drop an alias.")] = None,
    contact: Contact = None, met_how: MetHow = None, referred_by: ReferredBy = None,
    institution: Institution = None, role: Role = None, tag: Tags = None,
    remove_tag: Annotated[Optional[list[str]], typer.Option("--remove-tag", help="Drop a tag.")] = None,
    stage: Stage = None, cadence: Cadence = None, boundary: Boundaries = None,
    remove_boundary: Annotated[Optional[list[str]], typer.Option("--remove-boundary", help="Drop a boundary: its id (i12, see `oto show`) or its text.")] = None,
    do_not_contact: Annotated[Optional[bool], typer.Option("--do-not-contact/--contact-ok", help="Mark or clear do-not-contact.")] = None,
) -> None:
    """Change what the journal holds about a person (only the options given change).

    Example: oto edit Maria --stage leader --tag council --boundary "Don't raise her immigration status"
    """
    from onetoone.domain import people
    from onetoone.errors import BadInput
    from onetoone.render import people as screen

    fields = people.PersonFields(
        name=new_name, aliases=alias or [], remove_aliases=remove_alias or [], contact=contact, met_how=met_how,
        referred_by=referred_by, institution=institution, role=role, tags=tag or [], remove_tags=remove_tag or [],
        stage=stage, cadence_days=cadence, boundaries=boundary or [], remove_boundaries=remove_boundary or [],
        do_not_contact=do_not_contact,
    )
    if fields == people.PersonFields():
        raise BadInput("Nothing to change. Give an option such as --stage, --tag or --contact (see `oto edit --help`).")
    with shared.journal(write=True) as journal:
        ref = people.edit(journal, people.resolve(journal, name), fields, today=shared.today())
    shared.say(screen.edited(ref))
    if ref.new_institution:
        shared.say(screen.new_institution(ref))


@command("forget")
def forget(
    name: Annotated[str, typer.Argument(help="Name, alias or the start of a name.", autocompletion=complete.names)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a person and everything recorded about them: meetings, notes, asks, promises,
    follow-ups and drafts. Asks first, showing who it is; cannot be undone."""
    from onetoone.domain import forget as forgetting
    from onetoone.domain import people
    from onetoone.errors import OtoError
    from onetoone.store.journal import checkpoint
    from onetoone.store.paths import backups_dir, drafts_dir

    with shared.journal() as journal:
        person = people.resolve(journal, name)
    if not yes:
        _confirm(
            f"Forget {person.name} ({person.telling_detail()}) and everything about them? [y/N] ",
            f"Forgetting {person.name} cannot be undone; add --yes to confirm when not at a terminal.",
            f"Nothing was changed; {person.name} is still in the journal.",
        )
    with shared.journal(write=True) as journal:
        done = forgetting.forget(journal, people.get(journal, person.id))
    shared.say(f"Forgot {done.name} ({done.rows} records).")
    # The erasure is committed; what follows wipes the copies SQLite, drafts and backups keep,
    # and says what it could not.
    left = []
    try:
        if shared.team_url():
            pass  # no file of ours holds them: the server's own log and backups are the team admin's
        elif not checkpoint(shared.journal_path(), now=shared.now()):
            shared.say("Another oto has the journal open: old copies of those pages leave its log when it closes.")
    except (OSError, OtoError) as problem:
        left.append(f"clearing the journal's log failed ({problem})")
    cleared = forgetting.drop_drafts(drafts_dir(shared.home()), done)
    if cleared.removed:
        shared.say("Removed the draft reflection files about them: " + ", ".join(p.name for p in cleared.removed) + ".")
    for path, why in cleared.failed:
        left.append(f"{path} could not be removed ({why}); delete it yourself")
    found = forgetting.backups_holding(backups_dir(shared.home()), done)
    for copy in found.holding:
        shared.say(f"Still in backup {copy}: delete it if they must be gone from there too.")
    for copy, why in found.unread:
        shared.say(f"Could not look into {copy} ({why}): check it yourself.")
    if left:
        raise OtoError(f"{done.name} is out of the journal, but " + "; ".join(left) + ".")


@command("merge")
def merge(
    keep: Annotated[str, typer.Argument(help="The person to keep: name, alias or the start of a name.", autocompletion=complete.names)],
    duplicate: Annotated[str, typer.Argument(help="The duplicate, whose records move to the first.", autocompletion=complete.names)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Merge a duplicate into the person to keep: meetings, insights, promises, asks, follow-ups, tags and referrals move; the duplicate's name becomes an alias. Asks first.

    Example: oto merge "Maria Lopez" "Maria L"
    """
    from onetoone.domain import corrections, people
    from onetoone.render import corrections as screen

    with shared.journal() as journal:
        kept, gone = people.resolve(journal, keep), people.resolve(journal, duplicate)
    if not yes and kept.id != gone.id:
        _confirm(
            f"Merge {gone.name} ({gone.telling_detail()}) into {kept.name} ({kept.telling_detail()})? [y/N] ",
            f"Merging {gone.name} into {kept.name} needs a yes; add --yes to confirm when not at a terminal (`oto undo` reverses a merge).",
            f"Nothing was changed; {gone.name} and {kept.name} are both still in the journal.",
        )
    with shared.journal(write=True) as journal:
        done = corrections.merge(journal, people.get(journal, kept.id), people.get(journal, gone.id), today=shared.today())
    shared.say(screen.merged(done))


def _confirm(question: str, not_at_a_terminal: str, declined: str) -> None:
    """Ask a yes/no question on the terminal; refuse (exit 1) unless the answer is yes."""
    from onetoone.errors import BadInput, OtoError

    if not shared.stdin_is_terminal():
        raise BadInput(not_at_a_terminal)
    try:
        answer = shared.terminal().ask(question)
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise OtoError(declined)
