"""Screens and JSON for people: the list, the whole record, and confirmations."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from onetoone import dates
from onetoone.render.doc import MUTED, STRONG, WARN, Doc
from onetoone.vocabulary import DUE_LABELS, INSIGHT_TITLES


def next_what(entry) -> str:
    """What is next with them, in words: 'one-to-one 18:00', 'thank-you', 'next step', 'my promise'."""
    if entry.next_kind == "one-to-one":
        return f"one-to-one {entry.next_at}" if entry.next_at else "one-to-one"
    return DUE_LABELS.get(entry.next_kind, "follow-up")


def listing(entries, total: int, *, today: date) -> Doc:
    doc = Doc()
    if not entries:
        return doc.line("No one matches. Add someone with `oto add NAME`." if total == 0 else "No one matches those filters.")
    rows = []
    for e in entries:
        name = e.name + (" (do not contact)" if e.do_not_contact else "")
        next_text = f"{next_what(e)} {dates.short_day(e.next_on, today)}" if e.next_on else ""
        rows.append([
            name, e.stage, e.institution or "", " ".join(f"#{t}" for t in e.tags),
            dates.short_day(e.last_met, today) if e.last_met else "never", next_text,
        ])
    more = total - len(entries)
    return doc.table(["Name", "Stage", "Institution", "Tags", "Last met", "Next"], rows, more=more, more_hint="use --limit 0 to see everyone")


def listing_json(entries) -> list[dict]:
    return [
        {
            "id": e.id, "name": e.name, "aliases": e.aliases, "stage": e.stage, "institution": e.institution,
            "tags": e.tags, "last_met": e.last_met.isoformat() if e.last_met else None,
            "next": {"date": e.next_on.isoformat(), "kind": e.next_kind, "what": next_what(e)} if e.next_on else None,
            "do_not_contact": e.do_not_contact,
        }
        for e in entries
    ]


def record(rec, *, today: date) -> Doc:
    doc = Doc()
    doc.line(rec.name, STRONG)
    if rec.do_not_contact:
        doc.line("Asked not to be contacted.", WARN)
    for number, _kind, boundary in (entry for entry in rec.learned if entry[1] == "boundary"):
        doc.line(f"Boundary: {boundary} (i{number})", WARN)
    facts = [
        *who(rec),
        ("Tags", " ".join(f"#{t}" for t in rec.tags)),
        ("Last contact", f"{dates.show_day(rec.last_contact_on)} ({dates.relative(rec.last_contact_on, today)})" if rec.last_contact_on else "not met yet"),
        ("Reconnect every", f"{rec.cadence_days} days"),
        ("My promises", str(rec.mine)),
        ("Their commitments", str(rec.theirs)),
        ("Show-ups", show_ups(rec.show_ups)),
        ("In the journal since", dates.show_day(rec.created_on)),
    ]
    doc.table(["", ""], [[k, v] for k, v in facts if v], show_header=False)
    if rec.insights:
        doc.heading("What I know")
        for kind, title in INSIGHT_TITLES.items():
            for number, _kind, text in (entry for entry in rec.learned if entry[1] == kind):
                doc.line(f"{title}: {text} (i{number})", indent=2)
    doc.heading("Timeline")
    if not rec.timeline:
        doc.line("Nothing yet.", MUTED, indent=2)
    for day, _kind, text in rec.timeline:
        doc.line(f"{dates.show_day(day)}  {text}", indent=2)
    return doc


def show_ups(ups) -> str:
    """Their show-up record in a line: one-to-ones held and missed, and what became of their yeses."""
    parts = []
    if ups.held or ups.no_shows:
        missed = "1 no-show" if ups.no_shows == 1 else f"{ups.no_shows} no-shows"
        parts.append(f"one-to-ones: {ups.held} held, {missed}")
    if ups.yeses:
        parts.append(f"after a yes: showed up {ups.showed}, did not {ups.missed}, not yet known {ups.unknown}")
    return "; ".join(parts)


def record_json(rec) -> dict:
    data = asdict(rec)
    data["created_on"] = rec.created_on.isoformat()
    data["last_contact_on"] = rec.last_contact_on.isoformat() if rec.last_contact_on else None
    data["mine"] = {"kept_on_time": rec.mine.kept_on_time, "due": rec.mine.due}
    data["theirs"] = {"kept_on_time": rec.theirs.kept_on_time, "due": rec.theirs.due}
    data["learned"] = [{"id": f"i{number}", "kind": kind, "text": text} for number, kind, text in rec.learned]
    data["timeline"] = [{"date": d.isoformat(), "kind": k, "text": t} for d, k, t in rec.timeline]
    return data


def added(ref) -> str:
    return f"Added {ref.name} ({ref.stage})."


def edited(ref) -> str:
    return f"Updated {ref.name}."


def new_institution(ref) -> str:
    from onetoone.render.orgs import new_institution as said

    return said(ref)


def who(rec) -> list[tuple[str, str]]:
    """A person's record as label and value, in the order `oto show` and the export's dossier give it."""
    return [
        ("Aliases", ", ".join(rec.aliases)),
        ("Stage", rec.stage),
        ("Institution", ", ".join(p for p in (rec.role, rec.institution) if p)),
        ("Contact", rec.contact or ""),
        ("How we met", rec.met_how or ""),
        ("Referred by", rec.referred_by or ""),
        ("Referred to me", ", ".join(n for n in rec.referred if n)),
    ]
