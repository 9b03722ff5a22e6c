"""`oto map`: referral trees with how far each went and referral yield, from one person or the
whole journal (limited to what is shown), as a screen, JSON and Graphviz; `--orgs`: coverage by
sector and the people who bridge two institutions."""

from __future__ import annotations

import json

from tests.conftest import TODAY


def ok(ran):
    assert ran.exit_code == 0, ran.output
    return ran


def town(s):
    """Dev referred Maria and Rosa; Maria referred Ana (met, a yes) and Zoe; Lee is alone;
    Kim referred Joe (a second, smaller tree)."""
    dev = s.person("Dev Patel", stage="leader", institution="Riverside Tenants")
    maria = s.person("Maria Lopez", referred_by="Dev", institution="St. Brigid's")
    s.person("Rosa Diaz", referred_by="Dev", institution="Riverside Tenants")
    ana = s.person("Ana Reyes", referred_by="Maria", institution="Lincoln Elementary")
    s.person("Zoe \"Z\" Ünal", referred_by="Maria")
    s.person("Lee Park")
    s.person("Kim Cho")
    s.person("Joe Cho", referred_by="Kim")
    s.reflect(dev, TODAY, self_interest="heat")
    s.reflect(maria, TODAY, self_interest="rent")
    s.reflect(ana, TODAY, ask="Come to the tenants meeting by 2026-11-28", answer="yes", self_interest="school bus")
    return dev


def test_the_whole_journal_map_largest_tree_first_with_reach_and_yield(scene, oto):
    with scene() as s:
        town(s)
    screen = ok(oto("map")).stdout
    assert screen.splitlines() == [
        "Who led me to whom: 2 referral trees, the largest first, 3 levels down.",
        "",
        "Dev Patel — leader, Riverside Tenants · referred 2, 1 met",
        "├─ Maria Lopez — met, St. Brigid's · referred 2, 1 met",
        "│  ├─ Ana Reyes — committed, Lincoln Elementary",
        "│  └─ Zoe \"Z\" Ünal — prospect",
        "└─ Rosa Diaz — prospect, Riverside Tenants",
        "",
        "Kim Cho — prospect · referred 1, 0 met",
        "└─ Joe Cho — prospect",
        "",
        "5 people came through a referral; 2 of them met (40%).",
        "1 person is in no referral tree (neither referred nor referring).",
    ]


def test_map_from_one_person_depth_and_json(scene, oto):
    with scene() as s:
        town(s)
    screen = ok(oto("map", "Ana")).stdout
    assert screen.splitlines()[0] == "Ana Reyes was referred by Maria Lopez, who was referred by Dev Patel."
    shallow = ok(oto("map", "Dev", "--depth", "1")).stdout
    assert "│  └─ … 2 more further down (--depth)" in shallow
    data = json.loads(ok(oto("map", "--json")).stdout)
    assert (data["people"], data["alone"], data["referrals"], data["more_trees"]) == (8, 1, {"people": 5, "met": 2}, 0)
    dev = data["trees"][0]
    assert (dev["name"], dev["reach"], dev["referred"], dev["referred_met"]) == ("Dev Patel", "leader", 2, 1)
    assert [c["name"] for c in dev["children"]] == ["Maria Lopez", "Rosa Diaz"]
    assert dev["children"][0]["children"][0]["reach"] == "committed"
    one = json.loads(ok(oto("map", "Maria", "--json")).stdout)
    assert one["focus"] == "Maria Lopez" and one["referred_by"] == ["Dev Patel"] and len(one["trees"]) == 1


def test_only_the_largest_trees_are_built_unless_all(scene, oto, monkeypatch):
    from onetoone.domain import powermap

    with scene() as s:
        for n in range(4):
            s.person(f"Root {n}")
            for k in range(n + 1):
                s.person(f"Kid {n} {k}", referred_by=f"Root {n}")
    monkeypatch.setattr(powermap, "TREES", 2)
    monkeypatch.setattr(powermap, "CHILDREN", 3)
    data = json.loads(ok(oto("map", "--json")).stdout)
    assert [t["name"] for t in data["trees"]] == ["Root 3", "Root 2"]
    assert data["more_trees"] == 2 and data["trees"][0]["more_children"] == 1
    screen = ok(oto("map")).stdout
    assert "… and 2 more trees: use --all to see every one." in screen
    assert "… and 1 more they referred (--all)" in screen
    everything = json.loads(ok(oto("map", "--all", "--json")).stdout)
    assert len(everything["trees"]) == 4 and everything["trees"][0]["more_children"] == 0


def test_dot_is_graphviz_with_names_escaped(scene, oto):
    with scene() as s:
        town(s)
        s.person('Back\\slash "Q"\u202e', referred_by="Lee")
    out = ok(oto("map", "--dot")).stdout
    assert out.startswith("digraph referrals {\n") and out.endswith("}\n")
    assert 'label="Zoe \\"Z\\" Ünal\\nprospect", style="dashed"' in out
    assert 'label="Back\\\\slash \\"Q\\"\ufffd\\nprospect"' in out  # a bidi override never reaches the graph
    assert "p1 -> p2;" in out
    try:
        import subprocess

        drawn = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return  # Graphviz is not installed here: the text is checked above
    assert drawn.returncode == 0, drawn.stderr


def test_an_empty_journal_and_bad_combinations(oto):
    assert "No referrals yet" in ok(oto("map")).stdout
    assert "No institutions yet" in ok(oto("map", "--orgs")).stdout
    assert oto("map", "--dot", "--json").exit_code == 2
    assert oto("map", "Dev", "--orgs").exit_code == 2
    assert oto("map", "--depth", "0").exit_code == 2
    ran = oto("map", "Nobody")
    assert ran.exit_code == 1 and "No one called 'Nobody'" in ran.stderr


def test_orgs_coverage_by_sector_and_bridges(scene, oto):
    with scene() as s:
        town(s)
    ok(oto("org", "edit", "Riverside Tenants", "--sector", "tenant"))
    ok(oto("org", "edit", "St. Brigid's", "--sector", "faith"))
    ok(oto("org", "edit", "Lincoln Elementary", "--sector", "school"))
    ok(oto("org", "add", "Grace AME", "--sector", "faith"))
    ok(oto("introduce", "Rosa", "Ana"))
    data = json.loads(ok(oto("map", "--orgs", "--json")).stdout)
    sectors = {c["sector"]: (c["covered"], c["known"], [u["name"] for u in c["uncovered"]]) for c in data["sectors"]}
    assert sectors == {"faith": (0, 2, ["St. Brigid's", "Grace AME"]), "school": (0, 1, ["Lincoln Elementary"]),
                       "tenant": (1, 1, [])}
    bridges = {b["name"]: [(link["name"], link["how"]) for link in b["links"]] for b in data["bridges"]}
    assert bridges == {"Dev Patel": [("Maria Lopez", "referred")], "Maria Lopez": [("Ana Reyes", "referred")],
                       "Ana Reyes": [("Rosa Diaz", "introduced")], "Rosa Diaz": [("Ana Reyes", "introduced")]}
    screen = ok(oto("map", "--orgs")).stdout
    assert "Tenants  1 / 1" in screen
    assert "Maria Lopez (St. Brigid's): referred Ana Reyes (Lincoln Elementary)" in screen


def test_reach_is_the_ladder_with_active_counted_as_committed():
    from onetoone.domain.powermap import reach

    assert [reach(stage) for stage in ("prospect", "met", "committed", "active", "leader")] == [
        "prospect", "met", "committed", "committed", "leader"]
