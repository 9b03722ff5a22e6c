"""Screens and JSON for institutions: `oto org list`, `oto org show` and their confirmations."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.doc import MUTED, STRONG, WARN, Doc, typed_name


def added(ref) -> str:
    return f"Added {ref.name} ({ref.sector}), o{ref.id}."


def edited(ref) -> str:
    return f"Updated {ref.name} ({ref.sector})."


def new_institution(ref) -> str:
    """Said after `oto add/edit --institution` made the institution it named."""
    return (f"New institution: {ref.institution} (sector other; set its sector with "
            f"`oto org edit {typed_name(ref.institution)} --sector SECTOR`).")


def listing(entries) -> Doc:
    doc = Doc()
    if not entries:
        return doc.line("No institutions yet. Add one with `oto org add NAME --sector SECTOR`, or with --institution on `oto add`.")
    rows = [[e.name, e.sector, str(e.people), str(e.met), str(e.leaders)] for e in entries]
    doc.table(["Institution", "Sector", "People", "Met", "Leaders"], rows)
    uncovered = sum(1 for e in entries if not e.leaders)
    if uncovered:
        doc.line(f"{uncovered} of {len(entries)} without a leader yet (`oto map --orgs` shows coverage by sector).", MUTED)
    return doc


def listing_json(entries) -> list[dict]:
    return [
        {"id": f"o{e.id}", "name": e.name, "sector": e.sector, "people": e.people, "met": e.met, "leaders": e.leaders}
        for e in entries
    ]


def _last(member, today: date) -> str:
    if member.last_contact_on is None:
        return "never"
    return dates.short_day(member.last_contact_on, today)


def roster(found, *, today: date) -> Doc:
    doc = Doc()
    doc.line(f"{found.name} ({found.sector}, o{found.id})", STRONG)
    if found.notes:
        doc.line(found.notes)
    if not found.members:
        doc.line(f"No one linked to it yet: oto edit NAME --institution {typed_name(found.name)}", MUTED)
        return doc
    met = sum(1 for m in found.members if m.met)
    leaders = sum(1 for m in found.members if m.stage == "leader")
    doc.line(f"{len(found.members)} people, {met} met, {leaders} {'leader' if leaders == 1 else 'leaders'}.", MUTED)
    doc.heading("People")
    rows = []
    for m in found.members:
        name = m.name + (" (do not contact)" if m.do_not_contact else "")
        rows.append([name, m.role or "", m.stage, "yes" if m.met else "not yet", _last(m, today)])
    doc.table(["Name", "Role", "Stage", "Met", "Last contact"], rows)
    if found.not_met:
        doc.heading("Not met yet")
        doc.line(", ".join(m.name for m in found.not_met), indent=2)
    if not leaders:
        doc.line("No leader here yet: who among them could become one?", WARN)
    return doc


def roster_json(found) -> dict:
    return {
        "id": f"o{found.id}", "name": found.name, "sector": found.sector, "notes": found.notes,
        "created_on": found.created_on.isoformat(),
        "people": [
            {"id": m.id, "name": m.name, "role": m.role, "stage": m.stage, "met": m.met,
             "last_contact_on": m.last_contact_on.isoformat() if m.last_contact_on else None,
             "do_not_contact": m.do_not_contact}
            for m in found.members
        ],
        "not_met": [m.name for m in found.not_met],
    }

