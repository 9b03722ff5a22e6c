"""Load and crash loop on a team journal (PostgreSQL): many organizers writing through oto's real
write path at once, and writers killed with SIGKILL at random moments.

The PostgreSQL side of tests/crashloop.py, sharing its forking (`start`, `_first_line`): the
parent makes the team (`pg_setup.init_team`, one role per organizer by `add_organizer`), imports
oto once, holds no connection while it forks, and each child connects as its own organizer
(a connection is never carried across a fork). A child's round is four commands, each its own
transaction through `store.journal.open_journal(URL)` and the domain, as the CLI runs them: add a
person, reflect on them with flags (`about.who`, `build`, `record`: what `oto reflect NAME
--minutes ...` does), `oto promise`, `oto done` on that promise; each is acknowledged (a line on
the pipe) only after it committed. Then `check` reads the server, as the superuser and as each
organizer with plain psycopg:
  - every acknowledged write is there, as its organizer's, and nothing was committed that was
    not acknowledged, beyond the one write a kill may cut between its commit and its line;
  - nothing half-written: every person has its name key, every reflection all its parts (SHAPE),
    each owned by the meeting's organizer; no row points at a missing one (every foreign key);
  - each organizer's private tables show that organizer's rows only, and all of them;
  - no server backend is left on the journal (idle in a transaction, holding locks) once its
    client is gone.

On demand (a scratch database on the pg fixture's server, dropped after):
    python -m tests.crashloop --team --kills 1000
    python -m tests.crashloop --team --load --organizers 25 --rounds 100
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from tests.crashloop import NOW, Report, _first_line, start

TODAY = NOW.date()
PREFIX = "Organizer"  # every person the harness adds: "Organizer <tag> person <n>"
# What one reflection writes (`reflection_fields`): per meeting, its insights, asks, promises
# (their commitment from the yes, theirs, mine) and follow-ups (the next step and the thank-you).
SHAPE = {"insight": 2, "ask": 1, "promise": 3, "followup": 2}
LEFTOVER_WAIT_SECONDS = 30.0  # how long a killed client's backend may take to notice it is gone


@dataclass(frozen=True)
class Seat:
    """One organizer at the journal: their role and the URL they connect with."""

    role: str
    url: str


@dataclass
class Team:
    """The journal under test: the superuser's connection string and each organizer's seat."""

    admin: str
    seats: list[Seat]


def make_team(server, organizers: int) -> Team:
    """The pg fixture's database made a team journal (`oto team init`), with `organizers`
    organizers, each a role of their own (`oto team add-organizer`)."""
    import psycopg

    from onetoone.store import pg_schema, pg_setup
    from tests.teamjournal import url_of

    with psycopg.connect(server.url) as admin:
        pg_setup.init_team(admin, now=NOW)
        roles = [server.role(f"org{number:02d}") for number in range(organizers)]
        for role in roles:
            pg_schema.add_organizer(admin, role)
    return Team(server.url, [Seat(role, url_of(server.url_as(role))) for role in roles])


# -- The writers -----------------------------------------------------------------------------


def reflection_fields(tag: str, n: int) -> dict:
    """`oto reflect NAME --minutes 40 ...`'s options, by parameter name (cli/reflect.py)."""
    from onetoone.domain.reflection.fields import from_options

    day = (TODAY + timedelta(days=4)).isoformat()
    return from_options({
        "minutes": "40", "listened": "70", "self_interest": [f"Rent {tag} {n}"], "concern": ["Mold in the stairwell"],
        "ask": f"Host a house meeting by {day}", "answer": "yes", "they_promise": [f"Bring two neighbours by {day}"],
        "i_promise": [f"Send the flyer by {day}"], "next_step": "Meet again", "next_on": day, "note": f"Met {tag} {n}",
    })


def organizer_round(seat: Seat, n: int, tag: str) -> Iterator[str]:
    """One round of an organizer's day, four commands of one transaction each; a line after
    each commit: `kind tag n id`."""
    from onetoone.domain import due, people, promises
    from onetoone.domain.reflection import about, build, record
    from onetoone.store.journal import open_journal

    name = f"{PREFIX} {tag} person {n}"
    with open_journal(seat.url, now=NOW, write=True) as journal:  # oto add NAME --alias ... --tag load
        person = people.add(journal, people.PersonFields(name=name, aliases=[f"o{tag}-{n}"], tags=["load"]), today=TODAY)
    yield f"person {tag} {n} {person.id}"
    fields = reflection_fields(tag, n)  # oto reflect NAME --minutes 40 ... (a read, then the write)
    with open_journal(seat.url, now=NOW) as journal:
        ctx = about.who(journal, name, fields, today=TODAY, strict=True)
    reflection = build.build(fields, ctx, today=TODAY, now=NOW)
    with open_journal(seat.url, now=NOW, write=True) as journal:
        saved = record.record(journal, reflection, today=TODAY, now=NOW)
    yield f"meeting {tag} {n} {saved.meeting_id}"
    with open_journal(seat.url, now=NOW, write=True) as journal:  # oto promise NAME "..." --by ...
        entry = promises.record(journal, person_id=person.id, text=f"Call back {tag} {n}", due=TODAY + timedelta(days=2), today=TODAY)
    yield f"promise {tag} {n} {entry.id}"
    with open_journal(seat.url, now=NOW, write=True) as journal:  # oto done pN
        due.done_all(journal, [f"p{entry.id}"], today=TODAY)
    yield f"kept {tag} {n} {entry.id}"


def careless_round(seat: Seat, n: int, tag: str) -> Iterator[str]:
    """The negative control: a person and its name key as two autocommits, a crash's window between."""
    import psycopg

    from onetoone.domain.text import key

    name = f"{PREFIX} {tag} person {n}"
    with psycopg.connect(seat.url, autocommit=True) as conn:
        person = conn.execute(
            "INSERT INTO person (name, name_key, stage, do_not_contact, created_on) VALUES (%s, %s, 'prospect', false, %s) RETURNING id",
            (name, key(name), TODAY),
        ).fetchone()[0]
        time.sleep(0.004)
        conn.execute("INSERT INTO person_key (person_id, kind, text, key) VALUES (%s, 'name', %s, %s)", (person, name, key(name)))
    yield f"person {tag} {n} {person}"


def warm() -> None:
    """Import what the children run, once, before forking (without opening a connection)."""
    import psycopg  # noqa: F401
    import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401

    from onetoone.domain import due, people, promises  # noqa: F401
    from onetoone.domain.reflection import about, build, record  # noqa: F401
    from onetoone.store import postgres

    postgres._models()  # the models, which a write registers


# -- Running them ----------------------------------------------------------------------------


@dataclass
class Acks:
    """What the writers acknowledged, and what they said instead (a refusal, a crash)."""

    lines: list[tuple[str, str, str, int, int]] = field(default_factory=list)  # (role, kind, tag, n, id)
    errors: list[str] = field(default_factory=list)

    def take(self, role: str, text: str) -> None:
        for line in text.splitlines():
            if line.startswith("ERROR"):
                self.errors.append(f"{role}: {line}")
            else:
                kind, tag, n, number = line.split()
                self.lines.append((role, kind, tag, int(n), int(number)))


def load(team: Team, *, rounds: int, writer=organizer_round) -> Acks:
    """Every organizer writes `rounds` rounds at once, each in a process of their own."""
    warm()
    selector = selectors.DefaultSelector()
    children = []
    for seat in team.seats:
        pid, read_fd = start(seat, writer, seat.role, rounds)
        children.append(pid)
        selector.register(read_fd, selectors.EVENT_READ, [seat.role, b""])
    acks = Acks()
    while selector.get_map():  # read every pipe as it fills: no writer waits on a full one
        for key, _ in selector.select():
            chunk = os.read(key.fd, 65536)
            if chunk:
                key.data[1] += chunk
                continue
            selector.unregister(key.fd)
            os.close(key.fd)
            acks.take(key.data[0], key.data[1].decode())
    for pid in children:
        os.waitpid(pid, 0)
    return acks


def crash_loop(team: Team, *, kills: int, seed: int = 1, batch: int = 24, max_delay: float = 0.25, at_once: int = 2,
               careless: bool = False) -> tuple[Report, Acks]:
    """Rounds of `at_once` writers, each as the next organizer, each killed with SIGKILL at a
    random moment of its own after its first acknowledged write (so one is often cut while it
    holds the writers' lock and the other waits for it); check the journal every `batch` kills."""
    warm()
    writer = careless_round if careless else organizer_round
    rng = random.Random(seed)
    report, acks = Report(), Acks()
    seats = iter(team.seats * (kills // len(team.seats) + 1))
    for round_number in range((kills + at_once - 1) // at_once):
        writers = [(next(seats), f"r{round_number}w{w}") for w in range(at_once)]
        children = [start(seat, writer, tag, 1000) for seat, tag in writers]
        # Each writer's first write is waited for, however slow a busy machine makes it: every
        # writer really writes, whatever the killed ones before it left behind.
        firsts = [_first_line(read_fd, timeout=120.0) for _, read_fd in children]
        began = time.monotonic()
        for (pid, read_fd), (seat, tag), first, delay in zip(children, writers, firsts, sorted(rng.uniform(0, max_delay) for _ in children)):
            time.sleep(max(0.0, began + delay - time.monotonic()))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            with os.fdopen(read_fd, "rb") as pipe:
                acks.take(seat.role, (first + pipe.read()).decode())
            if not first:
                report.problems.append(f"{tag}: the writer made no write in 120 s")
            report.kills += 1
        if report.kills % batch == 0 or report.kills >= kills:
            report.problems += acks.errors + check(team, acks, killed=True)
            acks.errors = []
            if report.problems and careless:
                break
    report.acknowledged = len(acks.lines)
    return report, acks


# -- What must hold afterwards ---------------------------------------------------------------


def check(team: Team, acks: Acks, *, killed: bool, wait: float = LEFTOVER_WAIT_SECONDS) -> list[str]:
    """Everything wrong with the team journal after the writers. `killed`: each writer's tag may
    have one write committed that its line did not make it out for (cut between the two)."""
    import psycopg

    problems = leftovers(team, wait=wait)
    with psycopg.connect(team.admin, autocommit=True) as conn:  # the superuser reads past row-level security
        problems += _acknowledged(conn, acks)
        problems += _unacknowledged(conn, acks, slack=1 if killed else 0)
        problems += _whole(conn)
        problems += _foreign_keys(conn)
        owners = dict(conn.execute("SELECT owner, count(*) FROM meeting GROUP BY owner").fetchall())
    problems += privacy(team, owners)
    return problems


def _acknowledged(conn, acks: Acks) -> list[str]:
    """Each acknowledged write, there as its organizer's."""
    found = {
        "person": conn.execute("SELECT id, owner, name FROM person WHERE name LIKE %s", (f"{PREFIX} %",)).fetchall(),
        "meeting": conn.execute("SELECT id, owner, note FROM meeting WHERE status = 'held'").fetchall(),
        "promise": conn.execute("SELECT id, owner, text FROM promise WHERE meeting_id IS NULL").fetchall(),
        "kept": conn.execute("SELECT id, owner, text FROM promise WHERE meeting_id IS NULL AND status = 'kept'").fetchall(),
    }
    words = {"person": "{p} {tag} person {n}", "meeting": "Met {tag} {n}", "promise": "Call back {tag} {n}", "kept": "Call back {tag} {n}"}
    present = {kind: {number: (owner, text) for number, owner, text in rows} for kind, rows in found.items()}
    missing = []
    for role, kind, tag, n, number in acks.lines:
        if present[kind].get(number) != (role, words[kind].format(p=PREFIX, tag=tag, n=n)):
            missing.append(f"{kind} {number} of {role} ({tag} {n}): {present[kind].get(number)}")
    return [f"{len(missing)} acknowledged writes are missing or not as written, e.g. {missing[:3]}"] if missing else []


def _unacknowledged(conn, acks: Acks, *, slack: int) -> list[str]:
    """Writes committed per writer (tag) beyond what it acknowledged: at most `slack`."""
    committed = Counter()
    for (name,) in conn.execute("SELECT name FROM person WHERE name LIKE %s", (f"{PREFIX} %",)):
        committed[name.split()[1]] += 1
    for (note,) in conn.execute("SELECT note FROM meeting WHERE status = 'held'"):
        committed[note.split()[1]] += 1
    for text, status in conn.execute("SELECT text, status FROM promise WHERE meeting_id IS NULL"):
        committed[text.split()[2]] += 2 if status == "kept" else 1
    said = Counter(tag for _, _, tag, _, _ in acks.lines)
    over = {tag: committed[tag] - said[tag] for tag in committed if committed[tag] - said[tag] > slack}
    return [f"writes committed but never acknowledged, beyond {slack} per writer: {dict(list(over.items())[:5])}"] if over else []


def _whole(conn) -> list[str]:
    """No person without its name key, no reflection without all its parts, every part its meeting's organizer's."""
    problems = []
    half = conn.execute(
        "SELECT count(*) FROM person p WHERE (SELECT count(*) FROM person_key k WHERE k.person_id = p.id"
        " AND k.kind = 'name' AND k.key = p.name_key) <> 1"
    ).fetchone()[0]
    if half:
        problems.append(f"{half} people were written half-way (no name key)")
    for table, expected in SHAPE.items():
        wrong = conn.execute(
            f"SELECT count(*) FROM meeting m WHERE m.status = 'held' AND (SELECT count(*) FROM {table} t WHERE t.meeting_id = m.id) <> %s",
            (expected,),
        ).fetchone()[0]
        if wrong:
            problems.append(f"{wrong} reflections were written half-way (not {expected} rows of {table} each)")
        strangers = conn.execute(
            f"SELECT count(*) FROM {table} t JOIN meeting m ON m.id = t.meeting_id WHERE t.owner <> m.owner"
        ).fetchone()[0]
        if strangers:
            problems.append(f"{strangers} rows of {table} belong to another organizer than their meeting")
    return problems


def _foreign_keys(conn) -> list[str]:
    """Every row a foreign key points at exists (PostgreSQL's foreign_key_check, done by hand)."""
    keys = conn.execute(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, b.attname FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]"
        " WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"
    ).fetchall()
    if not keys:
        return ["the journal has no foreign keys at all"]
    problems = []
    for table, column, target, target_column in keys:
        dangling = conn.execute(
            f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS'
            f' (SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
        ).fetchone()[0]
        if dangling:
            problems.append(f"{dangling} rows of {table}.{column} point at no {target}")
    return problems


def privacy(team: Team, meetings: dict[str, int]) -> list[str]:
    """As each organizer, with plain psycopg: their private tables hold their rows only, and
    they see every meeting of theirs the superuser sees."""
    import psycopg

    from onetoone.store import pg_schema

    problems = []
    for seat in team.seats:
        with psycopg.connect(seat.url, autocommit=True) as conn:
            for table in pg_schema.PRIVATE:
                others = conn.execute(f"SELECT DISTINCT owner FROM {table} WHERE owner <> current_user").fetchall()
                if others:
                    problems.append(f"{seat.role} reads {table} rows of {[o for (o,) in others][:3]}")
            seen = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
        if seen != meetings.get(seat.role, 0):
            problems.append(f"{seat.role} sees {seen} meetings of theirs, not {meetings.get(seat.role, 0)}")
    return problems


def leftovers(team: Team, *, wait: float) -> list[str]:
    """Server backends still on the journal once every writer is gone (a killed client's backend
    ends when it reads the closed socket); waited for a while, then reported with their state."""
    import psycopg

    deadline = time.monotonic() + wait
    with psycopg.connect(team.admin, autocommit=True) as conn:
        while True:
            rest = conn.execute(
                "SELECT a.usename, a.state, (SELECT count(*) FROM pg_locks l WHERE l.pid = a.pid) FROM pg_stat_activity a"
                " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'"
            ).fetchall()
            if not rest or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    return [f"{len(rest)} backends left on the journal after their writers died, e.g. {rest[:3]} (role, state, locks)"] if rest else []


# -- On demand -------------------------------------------------------------------------------


@contextmanager
def scratch_team(organizers: int) -> Iterator[Team]:
    """A team journal in a database of its own on the pg fixture's server (tests/pgserver.py),
    dropped after with its roles, as the fixture drops a test's."""
    import secrets

    from tests import pgserver

    admin = pgserver._admin()
    if admin is None:
        raise SystemExit(pgserver.HOW)
    suffix = secrets.token_hex(4)
    server = pgserver.Server(database=f"oto_load_{suffix}", suffix=suffix)
    with admin:
        admin.execute(f'CREATE DATABASE "{server.database}"')
        try:
            yield make_team(server, organizers)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{server.database}" WITH (FORCE)')
            for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"%{suffix}%",)).fetchall():
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def main(args) -> int:
    """`python -m tests.crashloop --team ...` (see tests/crashloop.py's main)."""
    started = time.monotonic()
    with scratch_team(args.organizers) as team:
        if args.load:
            acks = load(team, rounds=args.rounds)
            problems = acks.errors + check(team, acks, killed=False)
            print(f"{len(team.seats)} organizers, {len(acks.lines)} acknowledged writes, {time.monotonic() - started:.0f} s")
        else:
            report, _ = crash_loop(team, kills=args.kills, careless=args.careless)
            problems = report.problems
            print(f"{report.kills} kills, {report.acknowledged} acknowledged writes, {time.monotonic() - started:.0f} s")
    for problem in problems:
        print("PROBLEM:", problem)
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0
