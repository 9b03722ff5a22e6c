"""The relational map (`oto map`): who led me to whom, how far each went, and (`--orgs`) which
institutions have a leader I have met, by sector, and who bridges two institutions.

Built for a ten-year journal: the referral links, with the stage of each one referred, are read
once from their index, the trees are laid out in Python, and only the people shown are read (their
names and institutions, in one query for all of them): no query per person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onetoone.domain.institutions import listing
from onetoone.domain.people import PersonRef
from onetoone.store.journal import Journal, in_list

DEPTH = 3  # levels shown below each root
TREES = 10  # trees shown for the whole journal (the largest first), unless --all
CHILDREN = 12  # people shown under one person, unless --all
BRIDGES = 10


def reach(stage: str) -> str:
    """How far someone went: prospect, met (a one-to-one held moved them there), committed (a yes:
    committed or active) or leader."""
    return {"active": "committed"}.get(stage, stage)


@dataclass
class Node:
    id: int
    name: str
    stage: str
    reach: str
    institution: str | None
    referred: int  # people they referred to me
    referred_met: int  # of those, how many I have met (past prospect: institutions.MET)
    children: list["Node"] = field(default_factory=list)
    more_children: int = 0  # referred, left out to keep the map short
    below: int = 0  # people further down, past the depth shown


@dataclass
class Map:
    trees: list[Node]
    more_trees: int  # trees left out (the whole journal without --all)
    depth: int
    people: int  # everyone in the journal
    alone: int  # people neither referred nor referring (the whole journal)
    referrals: int  # people someone referred
    referrals_met: int
    focus: str | None = None  # the person the map starts from
    chain: list[str] = field(default_factory=list)  # who referred them, and who referred that one...


def referral_map(journal: Journal, *, person: PersonRef | None = None, depth: int = DEPTH, everything: bool = False) -> Map:
    """The referral trees of the whole journal (roots: people nobody referred, who referred
    someone; the largest trees first) or the one from `person`, `depth` levels down.

    Every referral, with the stage of the one referred, comes from the index (referred_by_id,
    stage) alone; then one query reads the names of the people shown."""
    children: dict[int, list[int]] = {}
    parent: dict[int, int] = {}
    stage: dict[int, str] = {}
    for child, referrer, at in journal.rows("SELECT id, referred_by_id, stage FROM person WHERE referred_by_id IS NOT NULL"):
        children.setdefault(referrer, []).append(child)
        parent[child], stage[child] = referrer, at
    for listed in children.values():
        listed.sort()  # in the order they were added
    size = _sizes(children)
    chain: list[int] = []
    if person is not None:
        roots = [person.id]
        seen, up = {person.id}, parent.get(person.id)
        while up is not None and up not in seen:
            chain.append(up)
            seen.add(up)
            up = parent.get(up)
    else:
        roots = sorted((p for p in children if p not in parent), key=lambda p: (-size[p], p))
    shown_roots = roots if everything else roots[:TREES]
    cap = None if everything else CHILDREN
    layout: list[int] = []
    for root in shown_roots:
        _walk(root, children, depth, cap, layout)
    marks, ids = in_list("id", sorted(set(layout) | set(chain)))
    info = {r["id"]: r for r in journal.rows(
        f"""SELECT p.id, p.name, p.stage, i.name AS institution FROM person p LEFT JOIN institution i ON i.id = p.institution_id
           WHERE p.id IN ({marks})""", ids,
    )}
    people = journal.value("SELECT count(*) FROM person")
    trees = [_tree(root, children, stage, info, size, depth, cap) for root in shown_roots]
    in_trees = len(parent) + sum(1 for p in children if p not in parent)
    return Map(
        trees=trees, more_trees=len(roots) - len(shown_roots), depth=depth, people=people,
        alone=people - in_trees if person is None else 0, referrals=len(parent),
        referrals_met=sum(1 for at in stage.values() if at != "prospect"),
        focus=person.name if person else None, chain=[info[p]["name"] for p in chain if p in info],
    )


def _sizes(children: dict[int, list[int]]) -> dict[int, int]:
    """How many people each tree holds from each person down (themselves included); a loop of
    referrals (A referred B, B referred A) is counted once."""
    size: dict[int, int] = {}
    for start in children:
        if start in size:
            continue
        stack, order, seen = [start], [], {start}
        while stack:
            node = stack.pop()
            order.append(node)
            for child in children.get(node, ()):
                if child not in seen and child not in size:
                    seen.add(child)
                    stack.append(child)
        for node in reversed(order):
            size[node] = 1 + sum(size.get(c, 0) for c in children.get(node, ()) if c in seen or c in size)
    return size


def _walk(root: int, children, depth: int, cap: int | None, layout: list) -> None:
    stack, seen = [(root, 0)], {root}
    while stack:
        node, level = stack.pop()
        layout.append(node)
        if level >= depth:
            continue
        for child in children.get(node, ())[:cap]:
            if child not in seen:
                seen.add(child)
                stack.append((child, level + 1))


def _tree(root: int, children, stage, info, size, depth: int, cap: int | None) -> Node:
    def node(person: int, level: int, seen: set[int]) -> Node:
        row = info[person]
        below = children.get(person, [])
        made = Node(person, row["name"], row["stage"], reach(row["stage"]), row["institution"],
                    referred=len(below), referred_met=sum(1 for c in below if stage[c] != "prospect"))
        if level >= depth:
            made.below = size.get(person, 1) - 1
            return made
        for child in below[:cap]:
            if child not in seen:
                seen.add(child)
                made.children.append(node(child, level + 1, seen))
        made.more_children = len(below) - len(below[:cap])
        return made

    return node(root, 0, {root})


# -- institutions: coverage by sector, and the people who bridge two --------------------------------


@dataclass(frozen=True)
class Coverage:
    sector: str
    known: int
    covered: int  # with a leader (a leader is someone I have met)
    uncovered: list  # institutions.Entry of those without one, most people first


@dataclass(frozen=True)
class Link:
    name: str
    institution: str
    how: str  # 'referred' or 'introduced'


@dataclass(frozen=True)
class Bridge:
    id: int
    name: str
    institution: str
    links: list[Link]


@dataclass
class Orgs:
    sectors: list[Coverage]
    bridges: list[Bridge]
    more_bridges: int


def orgs(journal: Journal, *, everything: bool = False) -> Orgs:
    """Coverage by sector (institutions with a leader / known) and bridges: people who led me to
    someone of another institution (a referral), or whom I introduced to someone there."""
    from onetoone.vocabulary import SECTORS

    entries = listing(journal)
    sectors = []
    for sector in SECTORS:
        here = [e for e in entries if e.sector == sector]
        if here:
            open_ones = sorted((e for e in here if not e.leaders), key=lambda e: (-e.people, e.name))
            sectors.append(Coverage(sector, len(here), len(here) - len(open_ones), open_ones))
    where = {r[0]: r[1] for r in journal.rows("SELECT id, institution_id FROM person WHERE institution_id IS NOT NULL")}
    pairs = [(a, b, "referred") for b, a in journal.rows(
        "SELECT id, referred_by_id FROM person WHERE referred_by_id IS NOT NULL AND institution_id IS NOT NULL")]
    pairs += [(a, b, "introduced") for a, b in journal.rows("SELECT person_id, other_id FROM introduction")]
    found: dict[int, list[tuple[int, str]]] = {}
    for a, b, how in pairs:
        if a in where and b in where and where[a] != where[b]:
            found.setdefault(a, []).append((b, how))
            if how == "introduced":  # both now know someone there; a referral's bridge is the one who referred
                found.setdefault(b, []).append((a, how))
    ranked = sorted(found, key=lambda p: (-len({where[o] for o, _ in found[p]}), -len(found[p]), p))
    shown = ranked if everything else ranked[:BRIDGES]
    ids = set(shown) | {o for p in shown for o, _ in found[p]}
    marks, named = in_list("id", sorted(ids))
    names = {r["id"]: r for r in journal.rows(
        f"""SELECT p.id, p.name, i.name AS institution FROM person p JOIN institution i ON i.id = p.institution_id
           WHERE p.id IN ({marks})""", named,
    )}
    bridges = [
        Bridge(p, names[p]["name"], names[p]["institution"],
               [Link(names[o]["name"], names[o]["institution"], how) for o, how in found[p]])
        for p in shown
    ]
    return Orgs(sectors, bridges, len(ranked) - len(shown))
