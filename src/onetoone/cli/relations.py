"""Commands for the relational map: map (referral trees, institutions' coverage) and introduce."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("map")
def relational_map(
    name: Annotated[Optional[str], typer.Argument(help="Start from this person (default: the whole journal).")] = None,
    depth: Annotated[int, typer.Option(help="Levels shown below each person at the top.", min=1, max=50)] = 3,
    everything: Annotated[bool, typer.Option("--all", help="Every tree and everyone referred (default: the 10 largest trees, 12 under a person).")] = False,
    orgs: Annotated[bool, typer.Option("--orgs", help="Institutions instead: coverage by sector and the people who bridge two.")] = False,
    dot: Annotated[bool, typer.Option("--dot", help="Write the trees as Graphviz text (pipe to `dot -Tsvg`).")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who led me to whom: the referral trees, each person with how far they went (prospect, met,
    committed, leader) and how many they referred and I met. With --orgs: institutions with a
    leader, by sector, and the people who bridge two institutions.

    JSON: {"focus", "referred_by", "depth", "trees": [{"id", "name", "stage", "reach",
    "institution", "referred", "referred_met", "children": [...], "more_children", "below"}],
    "more_trees", "people", "alone", "referrals": {"people", "met"}}; with --orgs: {"sectors":
    [{"sector", "known", "covered", "uncovered": [...]}], "bridges": [...], "more_bridges"}.
    Example: oto map, oto map "Dev Patel" --depth 5, oto map --dot | dot -Tsvg > map.svg
    """
    from onetoone.domain import people, powermap
    from onetoone.render import powermap as screen

    if dot and json:
        raise typer.BadParameter("Give --dot or --json, not both.")
    if orgs and (dot or name is not None):
        raise typer.BadParameter("--orgs maps institutions: it takes no NAME and no --dot.")
    with shared.journal() as journal:
        if orgs:
            found = powermap.orgs(journal, everything=everything)
        else:
            person = people.resolve(journal, name) if name is not None else None
            found = powermap.referral_map(journal, person=person, depth=depth, everything=everything)
    if json:
        shared.emit_json(screen.orgs_json(found) if orgs else screen.map_json(found))
    elif dot:
        shared.terminal().lines(screen.dot(found).splitlines())
    else:
        shared.show(screen.orgs(found) if orgs else screen.referral_map(found))


@command("introduce")
def introduce(
    one: Annotated[str, typer.Argument(help="One of the two: name, alias or the start of a name.")],
    other: Annotated[str, typer.Argument(help="The other.")],
    note: Annotated[Optional[str], typer.Option(help="Why, or what they might do together.")] = None,
    on: Annotated[Optional[str], typer.Option("--on", help="When you introduced them (default today), like 'yesterday'.")] = None,
) -> None:
    """Record that you introduced two people to each other; prep shows it, and stops suggesting it.

    Example: oto introduce "Maria Lopez" "Father Tom" --note "both want the hall for the tenants meeting"
    """
    from onetoone.domain import introductions, people
    from onetoone.render import powermap as screen

    today = shared.today()
    day = shared.day(on, today=today, past=True) or today
    with shared.journal(write=True) as journal:
        made = introductions.introduce(journal, people.resolve(journal, one), people.resolve(journal, other),
                                       on=day, note=note, today=today)
    shared.say(screen.introduced(made))
