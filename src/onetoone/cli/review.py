"""The practice over time: `oto review`, on the screen, as JSON or as one HTML page."""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("review")
def review(
    week: Annotated[bool, typer.Option("--week", help="The last seven days.")] = False,
    month: Annotated[bool, typer.Option("--month", help="The last month (from this day last month).")] = False,
    since: Annotated[Optional[str], typer.Option("--since", help="From this day to today, like 2026-09-01 or '-6w'.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    html: Annotated[Optional[str], typer.Option("--html", metavar="FILE", help="Write the review as one HTML page to FILE (readable by you only).")] = None,
    team: Annotated[bool, typer.Option("--team", help="The campaign's team journal: every organizer against the goal.")] = False,
) -> None:
    """How the practice is going (the last four weeks unless --week, --month or --since): one-to-ones
    held against the weekly goal (a chart of the last 12 weeks), new people and maintenance,
    listening, asks and their answers, show-up after a yes, promises kept on time both ways,
    thank-yous within 48 hours, reflections written the same day, referrals, group meetings and
    actions with who came after a yes, moves up the ladder.

    JSON: {"today", "from", "to", "period", "empty", "goal", "weeks": [{"start", "held"}], "held",
    "new_people", "maintenance", "listening": {"noted", "median", "under_two_thirds"}, "asks":
    {"made", "yes", "no", "maybe", "later", "unanswered", "after_yes": {"showed_up", "did_not",
    "unknown"}, "list": [...]}, "promises": {"mine"|"theirs": {"due", "kept_on_time", "kept_late",
    "broken", "open", "released", "renegotiated"}}, "thanks": {...}, "reflections": {...},
    "referrals": {"gathered", "met"}, "events": {"held", "recorded", "came", "said_yes",
    "came_after_yes"}, "stages": {"moved_up", "to", "recorded_since", "list"}}.
    --team (a team journal): the campaign since its goal's start (`oto team goal`), or the last
    four weeks: each organizer's one-to-ones per week against their share of the goal, on pace or
    behind, the team's total against where the goal's pace puts it, people met once and twice or
    more, referrals gathered and met, institutions covered. JSON: {"today", "from", "goal":
    {"target", "by", "since", "set_by"} or null, "weeks": [MONDAY], "organizers": [{"organizer",
    "weeks": [N], "held", "per_week", "share_per_week", "on_pace"}], "held", "expected", "on_pace",
    "needed_per_week", "people": {"met", "once", "twice_or_more"}, "referrals": {"gathered", "met"},
    "institutions": {"covered", "total"}}.
    Example: oto review --month, or oto review --since 2026-09-01 --html review.html, or oto review --team
    """
    if team:
        return _team(json=json, others=week or month or since is not None or html is not None)
    from onetoone.domain import review as practice
    from onetoone.render import review as screen

    if json and html is not None:
        raise typer.BadParameter("Give --json or --html, not both.")
    if week + month + (since is not None) > 1:
        raise typer.BadParameter("Review one period at a time: --week, --month or --since.")
    today = shared.today()
    start = shared.day(since, today=today, past=True)
    span = practice.period(today, week=week, month=month, since=start)
    with shared.journal() as journal:
        found = practice.review(journal, span, today=today, listed=50 if (json or html) else 10)
    if html is not None:
        from pathlib import Path

        from onetoone.store.paths import write_private

        target = Path(html).expanduser()
        write_private(target, screen.page(found))
        shared.say(f"Wrote the review to {target} (only you can read it).")
    elif json:
        shared.emit_json(screen.to_json(found))
    else:
        shared.show(screen.screen(found))


def _team(*, json: bool, others: bool) -> None:
    from onetoone.domain import team as teamwork
    from onetoone.render import team as screen

    if others:
        raise typer.BadParameter("--team reviews the campaign since its goal's start; it goes with --json only.")
    today = shared.today()
    with shared.journal() as journal:
        found = teamwork.review(journal, today=today)
    if json:
        shared.emit_json(screen.review_json(found))
    else:
        shared.show(screen.review(found))
