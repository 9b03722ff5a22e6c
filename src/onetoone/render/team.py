"""What the team commands say: a push's people and rows, teammates' meetings with a person, and
the campaign's review."""

from __future__ import annotations

from onetoone.render.doc import MUTED, STRONG, Doc

# A table's rows in the organizer's words (a table missing here is named as it is).
_ROWS = {
    "person_key": "names and aliases", "tag": "tags", "institution": "institutions", "introduction": "introductions",
    "meeting": "one-to-ones", "planned_ask": "planned asks", "insight": "insights", "promise": "promises", "ask": "asks",
    "stage_move": "stage moves", "followup": "follow-ups", "event": "events", "attendance": "attendances",
    "contact": "calls, texts and visits", "story": "stories",
}


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {_ROWS.get(table, table)}" for table, n in counts.items() if n)


def pushed(report, *, dry_run: bool) -> Doc:
    doc = Doc()
    if not report.anything:
        doc.line(f"Nothing new to push: everything in {report.source} is in the team journal already.", STRONG)
        return doc
    verb = "Would push" if dry_run else "Pushed"
    doc.line(f"{verb} {report.source} into the team journal as yours.", STRONG)
    people = len(report.added_people)
    doc.line(f"People: {people} {'would be ' if dry_run else ''}added, {len(report.matched)} matched with the team's.")
    rows = [[name, "added", ""] for name in report.added_people]
    for m in report.matched:
        how = "same name" if m.by == "name" else "same email or phone"
        brings = f"; adds {', '.join(m.merged)}" if m.merged else ""
        rows.append([m.name, f"= {m.team_name}", how + brings])
    if rows:
        doc.table(["Yours", "In the team journal", "How"], rows, fold=2)
    if any(report.added.values()):
        doc.line(("Would add: " if dry_run else "Added: ") + _counted({t: n for t, n in report.added.items() if t != "person"}) + ".")
    if any(report.present.values()):
        doc.line("Already there from an earlier push: " + _counted(report.present) + ".", MUTED)
    if dry_run:
        doc.line("Nothing was written (--dry-run). Run `oto team push` to push.", MUTED)
    return doc
