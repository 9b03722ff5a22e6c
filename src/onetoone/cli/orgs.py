"""Commands for institutions: org add, org edit, org list, org show."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import group, subcommand
from onetoone.vocabulary import SECTORS

org = group("org", """Institutions: congregations, schools, union locals, businesses, tenant
associations, agencies. Link people with `oto add/edit NAME --institution ORG`.""")

Sector = Annotated[Optional[str], typer.Option(help=f"One of: {', '.join(SECTORS)}.")]
Notes = Annotated[Optional[str], typer.Option(help="A few words about it (empty to remove them on edit).")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@subcommand(org, "add")
def add(
    name: Annotated[str, typer.Argument(help="Its name.")],
    sector: Annotated[str, typer.Option(help=f"One of: {', '.join(SECTORS)}.")] = "other",
    notes: Notes = None,
) -> None:
    """Add an institution.

    Example: oto org add "St. Brigid's" --sector faith
    """
    from onetoone.domain import institutions
    from onetoone.render import orgs as screen

    with shared.journal(write=True) as journal:
        ref = institutions.add(journal, name, sector=sector, notes=notes, today=shared.today())
    shared.say(screen.added(ref))


@subcommand(org, "edit")
def edit(
    name: Annotated[str, typer.Argument(help="Its name, the start of it, or its id (o3).")],
    new_name: Annotated[Optional[str], typer.Option("--name", help="Rename it.")] = None,
    sector: Sector = None,
    notes: Notes = None,
) -> None:
    """Change an institution's name, sector or notes.

    Example: oto org edit "St Brigid" --sector faith
    """
    from onetoone.domain import institutions
    from onetoone.render import orgs as screen

    with shared.journal(write=True) as journal:
        ref = institutions.edit(journal, institutions.resolve(journal, name), name=new_name, sector=sector, notes=notes)
    shared.say(screen.edited(ref))


@subcommand(org, "list")
def list_orgs(sector: Sector = None, json: Json = False) -> None:
    """List institutions with how many people, met and leaders each has.

    JSON: [{"id", "name", "sector", "people", "met", "leaders"}].
    """
    from onetoone.domain import institutions
    from onetoone.render import orgs as screen

    with shared.journal() as journal:
        entries = institutions.listing(journal, sector=sector)
    if json:
        shared.emit_json(screen.listing_json(entries))
    else:
        shared.show(screen.listing(entries))


@subcommand(org, "show")
def show(name: Annotated[str, typer.Argument(help="Its name, the start of it, or its id (o3).")], json: Json = False) -> None:
    """Show an institution's people, leaders first, with their role, stage and last contact, and who is not met yet.

    JSON: {"id", "name", "sector", "notes", "created_on", "people": [{"id", "name", "role", "stage",
    "met", "last_contact_on", "do_not_contact"}], "not_met": [names]}.
    """
    from onetoone.domain import institutions
    from onetoone.render import orgs as screen

    with shared.journal() as journal:
        found = institutions.roster(journal, institutions.resolve(journal, name))
    if json:
        shared.emit_json(screen.roster_json(found))
    else:
        shared.show(screen.roster(found, today=shared.today()))
