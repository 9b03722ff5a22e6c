"""Every named read query runs against the schema the models create (they cannot drift apart),
and the daily ones are answered through an index, never a scan of a big table."""

import re

import pytest

from onetoone.domain import due

QUERIES = {name: getattr(due, name) for name in dir(due) if name.endswith("_SQL")}
PARAMS = {
    "horizon": "2026-11-30", "now": "2026-11-23 09:00:00.000000", "today": "2026-11-23", "limit": 12,
    "after": "", "until": "2026-11-23", "monday": "2026-11-23", "sunday": "2026-11-29",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_named_query_runs_on_the_models_schema_through_indexes(open_journal, name):
    sql = QUERIES[name]
    wanted = {p: PARAMS[p] for p in re.findall(r":(\w+)", sql)}
    with open_journal(write=False) as journal:
        journal.rows(sql, wanted)  # runs: every table and column it names exists
        plan = " / ".join(row[3] for row in journal.rows("EXPLAIN QUERY PLAN " + sql, wanted))
    for big in ("person", "meeting", "promise", "followup", "insight", "ask"):
        assert not re.search(rf"\bSCAN {big}\b(?! USING)", plan), f"{name} scans {big}: {plan}"
