"""Screens, JSON and Graphviz for the relational map (`oto map`), and introductions' confirmations."""

from __future__ import annotations

from onetoone import dates
from onetoone.printable import safe
from onetoone.render.doc import MUTED, STRONG, WARN, Doc
from onetoone.vocabulary import SECTOR_TITLES

_HOW = {"referred": "referred", "introduced": "introduced to"}


def _yield(node) -> str:
    return f" · referred {node.referred}, {node.referred_met} met" if node.referred else ""


def _label(node) -> str:
    where = f", {node.institution}" if node.institution else ""
    return f"{node.name} — {node.reach}{where}{_yield(node)}"


def referral_map(found) -> Doc:
    doc = Doc()
    if found.focus is None and not found.trees:
        return doc.line("No referrals yet. When someone suggests who else to meet, record it with `oto reflect --referral NAME` "
                        "or `oto add NAME --referred-by WHO`.")
    if found.focus is not None:
        if found.chain:
            doc.line(f"{found.focus} was referred by " + ", who was referred by ".join(found.chain) + ".", MUTED)
    else:
        count = len(found.trees) + found.more_trees
        doc.line(f"Who led me to whom: {count} referral {'tree' if count == 1 else 'trees'}, the largest first, "
                 f"{found.depth} {'level' if found.depth == 1 else 'levels'} down.", MUTED)
    for tree in found.trees:
        doc.blank()
        doc.line(_label(tree), STRONG)
        _children(doc, tree, "")
    if found.more_trees:
        doc.blank()
        doc.line(f"… and {found.more_trees} more {'tree' if found.more_trees == 1 else 'trees'}: use --all to see every one.", MUTED)
    if found.focus is not None:
        return doc
    doc.blank()
    if found.referrals:
        share = round(100 * found.referrals_met / found.referrals)
        doc.line(f"{found.referrals} people came through a referral; {found.referrals_met} of them met ({share}%).")
    if found.alone:
        doc.line(f"{found.alone} {'person is' if found.alone == 1 else 'people are'} in no referral tree (neither referred nor referring).", MUTED)
    return doc


def _children(doc: Doc, node, prefix: str) -> None:
    lines = [(_label(c), c) for c in node.children]
    if node.more_children:
        lines.append((f"… and {node.more_children} more they referred (--all)", None))
    if node.below:
        lines.append((f"… {node.below} more further down (--depth)", None))
    for n, (text, child) in enumerate(lines):
        last = n == len(lines) - 1
        doc.line(prefix + ("└─ " if last else "├─ ") + text, MUTED if child is None else "plain")
        if child is not None:
            _children(doc, child, prefix + ("   " if last else "│  "))


def _node_json(node) -> dict:
    return {
        "id": node.id, "name": node.name, "stage": node.stage, "reach": node.reach, "institution": node.institution,
        "referred": node.referred, "referred_met": node.referred_met,
        "children": [_node_json(c) for c in node.children], "more_children": node.more_children, "below": node.below,
    }


def map_json(found) -> dict:
    return {
        "focus": found.focus, "referred_by": found.chain, "depth": found.depth,
        "trees": [_node_json(t) for t in found.trees], "more_trees": found.more_trees,
        "people": found.people, "alone": found.alone,
        "referrals": {"people": found.referrals, "met": found.referrals_met},
    }


def _dot(text: str) -> str:
    """A Graphviz quoted string: control characters made visible, backslashes and quotes escaped."""
    return '"' + safe(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(found) -> str:
    """The same trees as Graphviz text (`oto map --dot | dot -Tsvg > map.svg`)."""
    out = ["digraph referrals {", "  rankdir=LR;", '  node [shape=box, fontname="sans-serif"];']
    for tree in found.trees:
        _dot_node(out, tree)
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_node(out: list[str], node) -> None:
    second = node.reach + (f", {node.institution}" if node.institution else "")
    label_text = _dot(node.name)[:-1] + "\\n" + _dot(second)[1:]  # Graphviz's own line break between the two
    style = ', style="bold"' if node.reach == "leader" else (', style="dashed"' if node.reach == "prospect" else "")
    out.append(f"  p{node.id} [label={label_text}{style}];")
    for child in node.children:
        _dot_node(out, child)
        out.append(f"  p{node.id} -> p{child.id};")
    hidden = node.more_children + node.below
    if hidden:
        out.append(f'  more{node.id} [label="+{hidden} more", shape=plaintext];')
        out.append(f"  p{node.id} -> more{node.id} [style=dotted];")


def orgs(found) -> Doc:
    doc = Doc()
    if not found.sectors:
        return doc.line("No institutions yet. Add them with `oto org add NAME --sector SECTOR`.")
    doc.heading("Coverage by sector: institutions with a leader, of those known")
    rows = []
    for c in found.sectors:
        waiting = ", ".join(f"{e.name} ({e.people} {'person' if e.people == 1 else 'people'}, {e.met} met)" for e in c.uncovered[:4])
        if len(c.uncovered) > 4:
            waiting += f" and {len(c.uncovered) - 4} more"
        rows.append([SECTOR_TITLES.get(c.sector, c.sector), f"{c.covered} / {c.known}", waiting])
    doc.table(["Sector", "Covered", "Not yet"], rows, fold=2)
    doc.heading("Bridges: who led me into another institution, or was introduced to someone there")
    if not found.bridges:
        doc.line("None yet: no referral or introduction crosses from one institution to another.", MUTED, indent=2)
    for b in found.bridges:
        links = "; ".join(f"{_HOW[link.how]} {link.name} ({link.institution})" for link in b.links[:4])
        if len(b.links) > 4:
            links += f"; and {len(b.links) - 4} more"
        doc.line(f"{b.name} ({b.institution}): {links}", indent=2)
    if found.more_bridges:
        doc.line(f"… and {found.more_bridges} more (--all).", MUTED, indent=2)
    uncovered = sum(len(c.uncovered) for c in found.sectors)
    if uncovered:
        doc.line(f"{uncovered} {'institution has' if uncovered == 1 else 'institutions have'} no leader yet: "
                 "a bridge may know someone there.", WARN)
    return doc


def orgs_json(found) -> dict:
    return {
        "sectors": [
            {"sector": c.sector, "known": c.known, "covered": c.covered,
             "uncovered": [{"id": f"o{e.id}", "name": e.name, "people": e.people, "met": e.met} for e in c.uncovered]}
            for c in found.sectors
        ],
        "bridges": [
            {"id": b.id, "name": b.name, "institution": b.institution,
             "links": [{"name": link.name, "institution": link.institution, "how": link.how} for link in b.links]}
            for b in found.bridges
        ],
        "more_bridges": found.more_bridges,
    }


def introduced(made) -> str:
    note = f" ({made.note})" if made.note else ""
    return f"Recorded: you introduced {made.person} to {made.other} on {dates.show_day(made.on)}{note}."
