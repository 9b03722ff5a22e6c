"""The team journal's cost: `oto due`, `oto prep`, `oto promise`, `oto search` and `oto undo` on PostgreSQL over loopback,
as ratios to the same commands on the same journal in SQLite, measured in the same run.

    .venv/bin/python benchmarks/team.py                 # heavy at a tenth, 15 runs
    .venv/bin/python benchmarks/team.py --scale 1       # the whole heavy journal (the copy takes minutes)

The journal is generate.py's (the heavy one, scaled), built as run.py builds it; a scratch
database on the server the tests use (tests/pgserver.py: 127.0.0.1:5432, or
OTO_TEST_PG_ADMIN_URL) is made a team journal (`pg_setup.init_team`), one organizer is added
(`add_organizer`) and every row of the SQLite journal is copied in as theirs (COPY, as the
superuser; the undo history is left out: its SQL is SQLite's, and no command of the organizer's
wrote it). Then every case runs as a
whole process, round-robin through run.py's launcher (stdout a pty), the SQLite one with
OTO_HOME on the file and the team one with OTO_DATABASE_URL as the organizer; the writes run on
a copy of the file, and on the team journal, which keeps their rows. The scratch database and
its roles are dropped after. Without a server it prints one line and exits 0.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate  # noqa: E402
import run  # noqa: E402

ADMIN_URL = os.environ.get("OTO_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
LEFT_OUT = ("undo_step", "undo_log", "migration")  # the history is of SQLite's SQL; the schema is the team's own
COMMANDS = {
    "due": ["due"],
    "prep": ["prep", generate.FEATURED],
    "promise": ["promise", generate.FEATURED, "Send the notes from the building meeting", "--by", "fri"],
    "search": ["search", "rent"],  # a team journal's: the migration team_search_index's folded words (store/pg_search.py)
    # Each round runs the cases in this order, so each undo reverses the promise of its round: a write
    # recorded by the team's undo triggers (store/pg_undo.py) and its replay.
    "undo": ["undo"],
}


def copy_journal(sqlite_path: Path, url: str, owner: str) -> dict[str, int]:
    """Every row of the SQLite journal into the team journal at `url`, owned by `owner`."""
    import sqlite3

    import psycopg

    from onetoone.store import pg_schema

    counts = {}
    source = sqlite3.connect(sqlite_path)
    try:
        with psycopg.connect(url) as conn:
            for table in pg_schema.tables():
                if table in LEFT_OUT:
                    continue
                cursor = source.execute(f"SELECT * FROM {table}")
                columns = [c[0] for c in cursor.description]
                names = ", ".join(pg_schema.ident(c) for c in [*columns, "owner"])
                with conn.cursor().copy(f"COPY {pg_schema.ident(table)} ({names}) FROM STDIN") as copy:
                    n = 0
                    for row in cursor:
                        copy.write_row((*row, owner))
                        n += 1
                counts[table] = n
                if "id" in columns:
                    conn.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 0) + 1, false) FROM {pg_schema.ident(table)}",
                                 (table,))
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    finally:
        source.close()
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="of the heavy journal (1: all of it)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--output", type=Path, default=run.WORK / "RESULTS-team.md")
    args = parser.parse_args()
    try:
        import psycopg

        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except (ImportError, OSError, Exception) as problem:  # noqa: B014  (psycopg's OperationalError, or no psycopg)
        print(f"team journal benchmark skipped: no PostgreSQL at {ADMIN_URL} ({str(problem).strip().splitlines()[0][:120]})")
        return 0
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from onetoone.store import pg_schema, pg_setup

    folder = run.WORK / "journals" / (f"heavy-x{args.scale:g}" if args.scale != 1 else "heavy")
    made = generate.current(folder, "heavy", scale=args.scale) or generate.generate(folder, "heavy", scale=args.scale)
    suffix = secrets.token_hex(4)
    database, organizer = f"oto_bench_{suffix}", f"organizer_{suffix}"

    def on(user: str | None = None) -> str:
        parts = conninfo_to_dict(ADMIN_URL)
        parts["dbname"] = database
        if user:
            parts["user"] = user
        return make_conninfo(**parts)

    with admin:
        admin.execute(f'CREATE DATABASE "{database}"')
        try:
            started = time.monotonic()
            with psycopg.connect(on()) as conn:
                pg_setup.init_team(conn, now=run.datetime(2026, 11, 23, 9, 0))
                pg_schema.add_organizer(conn, organizer)
            counts = copy_journal(folder / "journal.db", on(), organizer)
            copied = time.monotonic() - started
            host = conninfo_to_dict(ADMIN_URL)
            url = f"postgresql://{organizer}@{host.get('host', '127.0.0.1')}:{host.get('port', 5432)}/{database}"
            cases = _cases(folder, url)
            run.measure(cases, runs=args.runs, warmup=2, tty=True)
            text = _report(cases, made, counts, copied, args)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"%{suffix}%",)).fetchall():
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


def _cases(folder: Path, url: str) -> list:
    oto = str(HERE.parent / ".venv" / "bin" / "oto")
    env = dict(run.base_env(), OTO_NOW="2026-11-23 09:00")
    nowhere = tempfile.mkdtemp(prefix="oto-team-bench-")  # the team cases' home: no SQLite journal in it
    writes = run.scratch_copy(folder, "team-bench-sqlite")
    cases = []
    for label, argv in COMMANDS.items():
        home = writes if label in ("promise", "undo") else folder
        cases.append(run.Case(f"{label}, sqlite", "oto", [oto, *argv], dict(env, OTO_HOME=str(home))))
        cases.append(run.Case(f"{label}, team", "oto", [oto, *argv], dict(env, OTO_HOME=nowhere, OTO_DATABASE_URL=url)))
    return cases


def _report(cases: list, made, counts: dict[str, int], copied: float, args) -> str:
    import platform

    by = {case.label: case for case in cases}
    lines = [
        "## Team journal on PostgreSQL (issue 12)", "",
        f"`.venv/bin/python benchmarks/team.py --scale {args.scale:g} --runs {args.runs}` on "
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {os.cpu_count()} cores, Python {platform.python_version()}: "
        f"the heavy journal at scale {args.scale:g} ({made.counts.get('person', 0):,} people, {made.counts.get('meeting', 0):,} meetings, "
        f"{made.counts.get('promise', 0):,} promises), the same rows in SQLite and copied into a team journal on the local "
        f"server over loopback TCP as one organizer's ({sum(counts.values()):,} rows, {copied:.0f} s with init). Whole processes, "
        f"2 warm-up + {args.runs} timed runs, round-robin, stdout a pty; median and min–max in ms.", "",
        "| command | SQLite ms | team ms | team ÷ SQLite |", "|---|---:|---:|---:|",
    ]
    for label in COMMANDS:
        sqlite, team = by[f"{label}, sqlite"], by[f"{label}, team"]
        if not (sqlite.ok and team.ok):
            lines.append(f"| `oto {label}` | {sqlite.problem or ''} | {team.problem or ''} | not measured |")
            continue
        lines.append(
            f"| `oto {' '.join(COMMANDS[label][:1])}` | {sqlite.median:.0f} ({sqlite.low:.0f}–{sqlite.high:.0f}) | "
            f"{team.median:.0f} ({team.low:.0f}–{team.high:.0f}) | {team.median / sqlite.median:.2f}× |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
