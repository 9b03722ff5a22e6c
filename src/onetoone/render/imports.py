"""What `oto import contacts|meetings` says: each row's fate (added, merged, skipped and why)."""

from __future__ import annotations

from onetoone.keys import key
from onetoone.render.doc import MUTED, STRONG, Doc

SHOWN = 200  # rows listed; the counts above them are always whole

_SKIPPED = {
    "no-name": "no name",
    "bad-name": "the name has no letters or digits, or is too long",
    "duplicate": "duplicate of row {detail} in the file",
    "unchanged": "already in the journal as {detail}, nothing new",
    "unchanged-reach": "its email or phone is {detail}'s, who has it all already",
    "ambiguous": "the name could be {detail}",
    "bad-date": "{detail}",
    "no-person": "no person named",
    "done-before": "already in the journal: a one-to-one on {detail}",
    "bad-field": "{detail}",
}
_CHANGES = {"contact": "contact", "institution": "institution", "role": "role", "tags": "tags"}


def why(step) -> str:
    if step.why == "no-name" and step.detail:
        return f"no name ({step.detail})"
    return _SKIPPED.get(step.why, step.why).format(detail=step.detail)


def what(step, kind: str) -> str:
    if step.action == "skip":
        return "skipped: " + why(step)
    if kind == "meetings":
        return f"one-to-one on {step.detail}" + (", a new person" if step.new_person else "")
    if step.action == "merge":
        by = " (same email or phone)" if step.why == "reach" else ""
        return f"merged into {step.detail}{by}: adds " + ", ".join(_CHANGES[c] for c in step.changes)
    return "a new person"


def summary(steps, *, kind: str, dry_run: bool, source: str) -> Doc:
    counts = {a: sum(1 for s in steps if s.action == a) for a in ("add", "merge", "skip")}
    if kind == "meetings":
        new_people = len({key(s.name) for s in steps if s.action == "add" and s.new_person})
        head = [f"{counts['add']} one-to-one{'' if counts['add'] == 1 else 's'}"]
        if new_people:
            head.append(f"{new_people} new {'person' if new_people == 1 else 'people'}")
    else:
        head = [f"{counts['add']} to add" if dry_run else f"{counts['add']} added",
                f"{counts['merge']} to merge" if dry_run else f"{counts['merge']} merged"]
    head.append(f"{counts['skip']} skipped")
    doc = Doc()
    doc.line(("Would import from " if dry_run else "Imported from ") + f"{source}: " + ", ".join(head) + ".", STRONG)
    if steps:
        rows = [[str(s.row), s.name or "-", what(s, kind)] for s in steps[:SHOWN]]
        doc.table(["Row", "Name", "What"], rows, more=max(0, len(steps) - SHOWN), fold=2)
    if dry_run:
        doc.line("Nothing was written (--dry-run). Run it again without --dry-run to import.", MUTED)
    elif counts["add"] or counts["merge"]:
        doc.line("`oto undo` takes the whole import back.", MUTED)
    return doc
