"""Which SQL an `oto` command runs, how SQLite plans each statement, and what it costs.

    OTO_HOME=... OTO_NOW=... python benchmarks/plans.py OUT.json due

(any command line: `agenda --days 14`, `log NAME --call TEXT`; benchmarks/run.py traces `due`,
`agenda`, `prep`, `people` and `promises --overdue` on the heavy journal).

Runs the command in this process with every sqlite3 connection traced (the trace gives each
statement with its values filled in), then re-runs each read statement on a read-only
connection to the same journal to time it, and asks SQLite for its plan (EXPLAIN QUERY PLAN).
Statements that differ only in their values are grouped. A plan line starting with `SCAN`
reads a whole table or index; on the heavy journal that is what makes a query grow with the
journal. Benchmark tooling only: oto itself is never patched this way.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from pathlib import Path


def trace(argv: list[str]) -> tuple[int, list[str]]:
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        db = connect(*args, **kwargs)
        db.set_trace_callback(statements.append)
        return db

    sqlite3.connect = traced
    from onetoone.cli import app

    devnull = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(1)
    os.dup2(devnull, 1)  # the command's screen is not wanted here, only its SQL
    try:
        app(args=argv, prog_name="oto")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        sqlite3.connect = connect
    return code, statements


def shape(sql: str) -> str:
    """The statement with its values taken out, to group repeats."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return " ".join(sql.split())


def analyse(journal: Path, statements: list[str]) -> list[dict]:
    db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
    groups: dict[str, dict] = {}
    try:
        for sql in statements:
            head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
            if head not in ("SELECT", "WITH"):
                continue
            group = groups.setdefault(shape(sql), {"sql": " ".join(sql.split()), "runs": 0, "ms": 0.0, "plan": None})
            if group["plan"] is None:
                group["plan"] = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
            started = time.perf_counter()
            db.execute(sql).fetchall()
            group["ms"] += (time.perf_counter() - started) * 1000
            group["runs"] += 1
    finally:
        db.close()
    for group in groups.values():
        group["ms"] = round(group["ms"], 2)
        group["scans"] = [line for line in group["plan"] if line.startswith("SCAN") and line != "SCAN CONSTANT ROW"]
    return sorted(groups.values(), key=lambda g: -g["ms"])


def main() -> None:
    out, argv = Path(sys.argv[1]), sys.argv[2:]
    code, statements = trace(argv)
    from onetoone.cli._shared import journal_path

    groups = analyse(journal_path(), statements)
    result = {
        "command": argv, "exit": code, "statements": sum(g["runs"] for g in groups),
        "sql_ms": round(sum(g["ms"] for g in groups), 1), "groups": groups,
    }
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
