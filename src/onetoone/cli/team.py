"""A team journal on PostgreSQL: the admin's `oto team init` and `oto team add-organizer`,
`oto share`, by which an organizer shows the team one thing of their own, and the organizer's
`oto team push` (their own journal into the team's) and `oto team goal` (the campaign's). What is
shared and what is private is PostgreSQL's to enforce (store/pg_schema.py); README "Team journal".
An organizer's `oto team connect` says which journal every command uses (store/server.py)."""

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command, group, subcommand

team = group("team", """A team journal on PostgreSQL for a campaign's organizers: the people are
shared, each organizer's notes stay their own (README: Team journal). An organizer connects with
`oto team connect URL` (or OTO_DATABASE_URL); `oto team connect --forget` goes back to their own journal.""")

Url = Annotated[Optional[str], typer.Argument(
    metavar="URL", help="The database, as postgresql://ADMIN@HOST/DATABASE (default: OTO_DATABASE_URL). Never with a password in it.")]


def _admin_url(url: Optional[str]) -> str:
    from onetoone.errors import BadInput

    chosen = (url or os.environ.get("OTO_DATABASE_URL", "")).strip()
    if not chosen:
        raise BadInput("Name the team's database: oto team init postgresql://ADMIN@HOST/DATABASE (or set OTO_DATABASE_URL).")
    return chosen


@subcommand(team, "init")
def init(url: Url = None) -> None:
    """Make an empty PostgreSQL database the team's journal (once, by the admin, as a superuser):
    the tables, the team's roles and row-level security, so that each organizer reads the people
    and their own notes, never another organizer's.

    Example: createdb campaign && oto team init postgresql://postgres@db.example.org/campaign
    """
    from onetoone.domain import team as teams
    from onetoone.render import team as screen

    made = teams.init(_admin_url(url), now=shared.now())
    shared.say(screen.initialized(made))


@subcommand(team, "upgrade")
def upgrade(url: Url = None) -> None:
    """Bring the team journal to this oto's schema (by the admin, as a superuser, after upgrading
    oto): each migration in its own transaction, the team's privacy kept on what it adds.
    Organizers' oto refuses an older team journal until this is run; run again, it does nothing.

    Example: oto team upgrade postgresql://postgres@db.example.org/campaign
    """
    from onetoone.domain import team as teams
    from onetoone.render import team as screen

    shared.say(screen.upgraded(teams.upgrade(_admin_url(url), now=shared.now())))


@subcommand(team, "add-organizer")
def add_organizer(
    name: Annotated[str, typer.Argument(help="Their PostgreSQL role: lower-case letters, digits and _ (ana_duarte).")],
    admin: Annotated[bool, typer.Option("--admin", help="They may also delete any shared record and forget anyone.")] = False,
    url: Annotated[Optional[str], typer.Option("--url", metavar="URL", help="The database, as for `oto team init` (default: OTO_DATABASE_URL).")] = None,
) -> None:
    """Let an organizer in (run by the admin): a LOGIN role in the team's group, with no
    password (set one with psql's \\password NAME).

    Example: oto team add-organizer ana_duarte --url postgresql://postgres@db.example.org/campaign
    """
    from onetoone.domain import team as teams
    from onetoone.render import team as screen

    shared.say(screen.added(teams.add_organizer(_admin_url(url), name, admin=admin)))


@command("share")
def share(
    item: Annotated[str, typer.Argument(metavar="ID", help="A meeting (m3: its note and next step), an insight (i7), a story (s2) or a promise (p5: its text).")],
    stop: Annotated[bool, typer.Option("--stop", help="Make it yours alone again (teammates may remember what they read).")] = False,
) -> None:
    """Show the team one thing you wrote, on a team journal. Until shared, your notes, insights,
    stories and promises' words are yours alone (the team sees that a meeting happened, and
    that a promise exists, with its status). On your own journal it is refused: there is no team.

    Example: oto share m12, and oto share m12 --stop to make it yours alone again
    """
    from onetoone.domain import team as teams
    from onetoone.render import team as screen

    with shared.journal(write=True) as journal:
        done = teams.share(journal, item, shared=not stop)
    shared.say(screen.shared(done))


@subcommand(team, "connect")
def connect(
    url: Annotated[Optional[str], typer.Argument(help="postgresql://USER@HOST/DATABASE, with ?sslmode=... for TLS; never a password.")] = None,
    forget: Annotated[bool, typer.Option("--forget", help="Stop using the team journal: back to your own journal.")] = False,
) -> None:
    """Use the team journal at URL for every command from now on, or say which one is used.

    oto first checks that URL answers and holds a team journal, then keeps it in its config file
    (readable only by you). A password never goes in the URL: libpq reads it from ~/.pgpass (or
    PGPASSFILE), a service file, or PGPASSWORD. OTO_DATABASE_URL, when set, wins over this.
    --forget goes back to your own journal (which the team journal never changed).

    Example: oto team connect "postgresql://maria@db.example.org/campaign?sslmode=verify-full"
    """
    from onetoone.errors import BadInput
    from onetoone.store import server

    if forget:
        if url is not None:
            raise BadInput("Give a URL to connect to, or --forget to stop using the team journal; not both.")
        place = server.forget(os.environ)
        shared.say("No team journal was set; oto uses your own journal." if place is None
                   else f"oto uses your own journal again ({shared.journal_path()}); the team journal was removed from {place}.")
        return _still_set()
    if url is None:
        current = shared.team_url()
        return shared.terminal().text(f"oto uses the team journal at {server.shown(current)}." if current
                          else f"oto uses your own journal ({shared.journal_path()}); connect with `oto team connect URL`.")
    checked = server.checked(url)
    with shared.journal_at(checked):
        pass  # it answers, and holds a team journal this oto knows
    place = server.save(os.environ, checked)
    shared.say(f"Connected: every command now uses the team journal at {server.shown(checked)} (kept in {place}).")
    _still_set()


def _still_set() -> None:
    if os.environ.get("OTO_DATABASE_URL", "").strip():
        shared.say("OTO_DATABASE_URL is set in this shell and wins over `oto team connect` while it is.")


@subcommand(team, "push")
def push(
    source: Annotated[Optional[str], typer.Option("--from", metavar="PATH", help="The journal to push (default: your own, see `oto where`).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be added, updated and matched; change nothing.")] = False,
) -> None:
    """Copy your own journal into the team journal, as yours.

    People are matched with the team's (the same name or alias, or an email or phone in their
    contact, as `oto import contacts` matches) and merged into them, never duplicated; your
    one-to-ones, insights, promises, asks, stage moves, follow-ups, events and stories are added
    as your rows. One transaction: all of it or nothing. Pushing again adds only what is new,
    and updates what you changed since (a meeting's note corrected, a promise kept). An event is
    matched with the team's of the same title and day, and who came is merged into it.

    Example: oto team push --dry-run, then oto team push
    """
    from onetoone.domain import push as pushing, team as teamwork
    from onetoone.render import team as screen
    from onetoone.store.journal import open_journal

    now = shared.now()
    own = Path(source).expanduser() if source else shared.journal_path()
    try:
        with shared.journal(write=True, now=now) as journal:
            teamwork.require(journal, "oto team push")
            if not own.is_file():
                raise pushing.NoJournalToPush(f"There is no journal at {own} to push; give its place with --from PATH.")
            with open_journal(own, now=now) as mine:
                snap = pushing.snapshot(mine, source=str(own))
            if snap.journal_id is None and not dry_run:  # its id, made once at its first push; not a change to undo
                with open_journal(own, now=now, write=True, record=False) as mine:
                    pushing.identify(mine, snap)
            pushed = pushing.push(journal, snap, today=now.date(), dry_run=dry_run)
    except pushing.DryRun as rolled_back:
        pushed = rolled_back.pushed
    shared.show(screen.pushed(pushed, dry_run=dry_run))


@subcommand(team, "goal")
def goal(
    target: Annotated[Optional[int], typer.Argument(help="How many one-to-ones the team holds in the campaign, like 300.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="The day the campaign should reach it, like 2027-03-01.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="The day the campaign started counting (default: today).")] = None,
) -> None:
    """Set the campaign's goal for the whole team, or (with no number) say what it is.

    The goal is shared: every organizer sees it, and `oto review --team` measures the team and
    each organizer against it (the goal shared evenly across the weeks and the organizers).
    Setting it again replaces it (the earlier ones stay on record).

    Example: oto team goal 300 --by 2027-03-01
    """
    from onetoone.domain import team as teamwork
    from onetoone.errors import BadInput
    from onetoone.render import team as screen

    now = shared.now()
    if target is None and (by is not None or since is not None):
        raise BadInput("--by and --since go with a goal: oto team goal 300 --by 2027-03-01.")
    if target is not None and by is None:
        raise BadInput("Say by when: oto team goal 300 --by 2027-03-01.")
    today = now.date()
    with shared.journal(write=target is not None, now=now) as journal:
        if target is None:
            found = teamwork.goal(journal)
        else:
            found = teamwork.set_goal(
                journal, target, by=shared.day(by, today=today), since=shared.day(since, today=today, past=True), today=today,
            )
    shared.say(screen.goal(found, today=today, set_now=target is not None))
