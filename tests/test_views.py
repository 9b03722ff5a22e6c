"""Every named read query runs against the schema the models create (they cannot drift apart),
and is answered through indexes, never a scan of a table."""

import re

import pytest

from onetoone.domain import due, meetings

QUERIES = {name: getattr(module, name) for module in (due, meetings) for name in dir(module) if name.endswith("_SQL")}
PARAMS = {
    "horizon": "2026-11-30", "now": "2026-11-23 09:00:00.000000", "today": "2026-11-23", "limit": 12,
    "after": "", "until": "2026-11-30", "new_until": "2026-11-23", "monday": "2026-11-23", "sunday": "2026-11-29",
    "start": "2026-11-23 00:00:00", "end": "2026-11-30 00:00:00",
}
# Plans pinned step by step, where the obvious index is the wrong one.
EXACT = {
    # The unary `+` keeps SQLite off the (status, planned_at) index: the week's days are the narrow way in.
    "WEEK_SQL": ["SEARCH meeting USING COVERING INDEX ix_meeting_review (held_on>? AND held_on<?)"],
}
_KEYWORDS = {"where", "join", "left", "inner", "on", "group", "order", "limit", "union"}


def _table_names(journal, sql: str) -> set[str]:
    """The tables the query reads and the aliases it gives them, as a plan names them."""
    tables = {r[0] for r in journal.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    names = set()
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.IGNORECASE):
        if table in tables:
            names.add(table)
            if alias and alias.lower() not in _KEYWORDS:
                names.add(alias)
    return names


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_runs_on_the_models_schema_and_scans_no_table(open_journal, name):
    sql = QUERIES[name]
    wanted = {p: PARAMS[p] for p in re.findall(r":(\w+)", sql)}
    with open_journal(write=False) as journal:
        journal.rows(sql, wanted)  # runs: every table and column it names exists
        plan = [row[3] for row in journal.rows("EXPLAIN QUERY PLAN " + sql, wanted)]
        tables = _table_names(journal, sql)
    # A scan of a table, even through an index, reads all of it; scanning what the query itself
    # built (a subquery, a window's ranking) is fine.
    scans = [step for step in plan if re.match(r"SCAN (\w+)", step) and re.match(r"SCAN (\w+)", step)[1] in tables]
    assert not scans, f"{name} scans {scans}: {plan}"
    if name in EXACT:
        assert plan == EXACT[name]
