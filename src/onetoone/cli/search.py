"""`oto search`: find what you wrote, in every reflection, insight, ask, promise and record."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("search")
def search(
    text: Annotated[list[str], typer.Argument(help="Words to find (all of them), a word's start like land*, or a phrase in quotes.")],
    person: Annotated[Optional[str], typer.Option("--person", help="Only what is about this person.")] = None,
    kind: Annotated[Optional[list[str]], typer.Option("--kind", help="Only this kind (repeatable): self-interest, story, value, talent, network, concern, boundary, common, note, next-step, ask, planned-ask, promise, log or person.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="From this day on, like 2026-09-01 or '-6w'.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Up to this day, like 'yesterday'.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many (0: all).", min=0, max=1_000_000)] = 20,
    sort: Annotated[str, typer.Option("--sort", help="newest (the default) or best (the closest matches) first.")] = "newest",
    json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Search everything written in the journal: reflections' notes and next steps, insights of
    every kind (boundaries too), asks made and planned, promises both ways, logged contacts and
    people's own fields. Case and accents do not matter ("nunez" finds Núñez); land* finds
    landlord; "rent strike" in quotes finds the phrase. Each result shows the id to open it:
    m14 a one-to-one (`oto reflect --amend m14`), i12 an insight, a3 an ask, p7 a promise, c5 a
    logged contact. Text that starts with a dash goes after --: oto search -- -3A.

    JSON: {"query", "sort", "total", "person", "kinds", "since", "until", "results": [{"id",
    "kind", "detail", "label", "person", "person_id", "date", "snippet", "marks": [[start, end]],
    "text", "text_marks"}]}; marks are character offsets into snippet (text_marks into text).
    Example: oto search mould --since -3m, or oto search "house meeting" --person Ana --kind ask
    """
    from onetoone.domain import people
    from onetoone.domain import search as finding
    from onetoone.render import search as screen

    today = shared.today()
    query = finding.parse(" ".join(text))
    chosen = finding.kinds(kind)
    order = finding.sort_order(sort)
    start = shared.day(since, today=today, past=True)
    end = shared.day(until, today=today, past=True)
    with shared.journal() as journal:
        who = people.resolve(journal, person) if person is not None else None
        found = finding.search(journal, query, person=who, chosen=chosen, since=start, until=end, limit=limit or None, sort=order)
    if json:
        shared.emit_json(screen.to_json(found))
    else:
        shared.show(screen.screen(found, today=today))
