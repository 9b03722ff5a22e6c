"""`oto search` on a team journal (store/pg_search.py): the same results as on the organizer's own
SQLite journal, over only what row-level security lets the organizer read."""

from __future__ import annotations

import json
from functools import partial

from tests.test_search import EVERY_KIND, town
from tests.test_team_journal import organizers  # noqa: F401  (a fixture: the team with Ana and Ben)

# Searches run on both journals, each to answer the same, word for word: every kind, case and
# accents, a word's start, a phrase, the options one by one, and odd searches.
SEARCHES = [
    *((word,) for word, _, _ in EVERY_KIND),
    ("NUÑEZ",), ("nunez",), ("land*",), ("laund*",), ('"rent strike"',), ("rent", "strike"), ('"strike rent"',),
    ("3A",), ("ana@example.org",), ("50%",), ("mould",), ("mould", "--json"), ("the", "--sort", "best", "--json"), ("rent", "--sort", "best", "--json"),
    ("the", "--person", "Dev"), ("the", "--person", "Ana", "--json"), ("the", "--kind", "note", "--kind", "promise"),
    ("the", "--kind", "boundary"), ("the", "--kind", "person"), ("the", "--kind", "planned-ask"),
    ("mould", "--since", "2026-11-20"), ("the", "--until", "2026-11-17", "--json"), ("the", "--limit", "2"),
    ("the", "--limit", "0", "--json"), ("AND",), ("rent", "AND", "strike"), ("rent", "OR", "nothing"), ("NOT", "rent"),
    ("<b>rent</b>",), ("'rent'",), ('"',), ('"rent',), ("*",), ("rent:*",), ("(rent",), ("rent & strike",), ("!rent",),
    ("\\",), ("%",), ("_",), ("nobody-wrote-this",), ("",), ("the", "--kind", "nonsense"), ("the", "--sort", "worst"),
    ("the", "--person", "Nobody"), ("ольга",), ("ПЕТРОВА",), ("учит*",),
    ("\u0301",), ("mould", "\u0301"), ('"house \u0301 meeting"',), ("mould\u0301",),
]


def _searches(oto, env: dict) -> list[tuple[tuple, int, str, str]]:
    done = []
    for typed in SEARCHES:
        ran = oto("search", *typed, env=env)
        assert "Traceback" not in ran.output, (typed, ran.output)
        done.append((typed, ran.exit_code, ran.stdout, ran.stderr))
    return done


def _hits(oto, env: dict, *typed: str) -> list[dict]:
    ran = oto("search", *typed, "--json", env=env)
    assert ran.exit_code == 0, ran.output
    return json.loads(ran.stdout)["results"]


def test_a_search_answers_as_on_sqlite(organizers, oto, tmp_path):  # noqa: F811
    """The same journal on both backends, the same searches: the same output, and odd searches
    refused in one line (exit 2) on both."""
    as_ana, _ = organizers
    alone = {"OTO_HOME": str(tmp_path / "alone"), "OTO_DATABASE_URL": ""}
    for env in (alone, as_ana):
        town(partial(oto, env=env))
        assert oto("add", "Ольга Петрова", "--role", "Учитель", env=env).exit_code == 0
    on_sqlite, on_team = _searches(oto, alone), _searches(oto, as_ana)
    assert [typed for typed, code, _, _ in on_sqlite if code == 0][:len(EVERY_KIND)] == [(w,) for w, _, _ in EVERY_KIND]
    for mine, team in zip(on_sqlite, on_team):
        if "best" in mine[0]:  # the closest first: bm25 and ts_rank weigh matches differently; the same results
            mine, team = (json.loads(ran[2]) for ran in (mine, team))
            assert sorted(map(json.dumps, team.pop("results"))) == sorted(map(json.dumps, mine.pop("results")))
        assert team == mine
    refused = [(typed, err) for typed, code, _, err in on_team if code != 0]
    assert refused and all(err.count("\n") == 1 for _, err in refused)


def test_another_organizer_finds_none_of_her_notes_but_the_shared_records(organizers, oto):  # noqa: F811
    as_ana, as_ben = organizers
    town(partial(oto, env=as_ana))
    assert [hit["kind"] for hit in _hits(oto, as_ana, "strike")] == ["note"]
    assert _hits(oto, as_ben, "strike") == []
    assert _hits(oto, as_ben, "mould") == []  # Ana's call and the promise made to her
    assert _hits(oto, as_ben, "the", "--limit", "0") and all(
        hit["kind"] in ("person", "boundary") for hit in _hits(oto, as_ben, "the", "--limit", "0"))
    # the people are shared records: their names and fields are found by everyone
    assert [hit["person"] for hit in _hits(oto, as_ben, "nunez")] == ["Ana Núñez"]
    assert {hit["kind"] for hit in _hits(oto, as_ben, "riverside")} == {"person"}
    # boundaries are shared too (the team must respect them), as row-level security has it
    assert [hit["kind"] for hit in _hits(oto, as_ben, "divorce")] == ["boundary"]
    # and what Ben writes, Ana does not find
    assert oto("log", "Dev", "--call", "Talked about the strike fund", env=as_ben).exit_code == 0
    assert [hit["kind"] for hit in _hits(oto, as_ben, "strike")] == ["log"]
    assert [hit["kind"] for hit in _hits(oto, as_ana, "strike")] == ["note"]
