"""`oto search` in words: each hit's id, day, person and kind over a snippet of what was written,
its matches marked on a terminal (by position: see render/doc.Line), and the same as JSON."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.doc import MUTED, STRONG, Doc
from onetoone.vocabulary import CONTACT_LABELS, DUE_LABELS, PERSON_FIELD_LABELS, SEARCH_LABELS

SNIPPET_ROOM = 72  # characters of a snippet on the screen
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


def label(hit) -> str:
    """What the hit is, in a few words: 'note', 'my promise', 'call', 'institution'."""
    if hit.kind == "promise":
        return DUE_LABELS.get(f"promise-{hit.detail}", "promise")
    if hit.kind == "log":
        return CONTACT_LABELS.get(hit.detail, "logged contact")
    if hit.kind == "person":
        return PERSON_FIELD_LABELS.get(hit.detail, hit.detail or "person")
    return SEARCH_LABELS.get(hit.kind, hit.kind)


def excerpt(text: str, marks, room: int = SNIPPET_ROOM) -> tuple[str, tuple[tuple[int, int], ...]]:
    """At most `room` characters of `text` around its first mark, cut at spaces, with an ellipsis
    where text was left out; the marks moved to match (those outside dropped)."""
    marks = tuple(marks)
    if len(text) <= room:
        return text, marks
    first, first_end = marks[0] if marks else (0, 0)
    start = max(0, min(first - room // 3, len(text) - room))
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + room)
    if end < len(text):
        space = text.rfind(" ", max(start, first_end), end)
        end = space if space != -1 else end
    lead = ELLIPSIS if start > 0 else ""
    shifted = tuple(
        (max(a, start) - start + len(lead), min(b, end) - start + len(lead)) for a, b in marks if b > start and a < end
    )
    return lead + text[start:end] + (ELLIPSIS if end < len(text) else ""), shifted


def _filters(found) -> str:
    parts = []
    if found.person:
        parts.append(f"about {found.person}")
    if found.kinds:
        parts.append(" or ".join(SEARCH_LABELS[kind] for kind in found.kinds) + " only")
    if found.since and found.until:
        parts.append(f"from {dates.show_day(found.since)} to {dates.show_day(found.until)}")
    elif found.since:
        parts.append(f"since {dates.show_day(found.since)}")
    elif found.until:
        parts.append(f"until {dates.show_day(found.until)}")
    return (", " + ", ".join(parts)) if parts else ""


def screen(found, *, today: date) -> Doc:
    doc = Doc()
    if not found.hits:
        hint = " Fewer filters may find more." if found.person or found.kinds or found.since or found.until else ""
        return doc.line(f"Nothing found for '{found.query.typed}'{_filters(found)}.{hint}")
    order = "newest first" if found.sort == "newest" else "best first"
    count = f"{found.total} found" if found.total == len(found.hits) else f"{len(found.hits)} of {found.total:,} found"
    doc.line(f"{count} for '{found.query.typed}'{_filters(found)}, {order}:", MUTED)
    ids = max(len(hit.ref or "") for hit in found.hits)
    for hit in found.hits:
        doc.blank()
        doc.line(f"{(hit.ref or '').ljust(ids)}  {dates.short_day(hit.day, today)}  {hit.person}, {label(hit)}".lstrip(), STRONG)
        snippet, marks = excerpt(hit.text, hit.marks)
        doc.line(snippet, indent=ids + 2 if ids else 2, marks=marks)
    if found.total > len(found.hits):
        doc.blank()
        doc.line(f"... and {found.total - len(found.hits):,} more (--limit 0 shows all; --person, --kind or --since narrow the search)", MUTED)
    return doc


def to_json(found) -> dict:
    return {
        "query": found.query.typed,
        "sort": found.sort,
        "total": found.total,
        "person": found.person,
        "kinds": list(found.kinds),
        "since": found.since.isoformat() if found.since else None,
        "until": found.until.isoformat() if found.until else None,
        "results": [_hit(hit) for hit in found.hits],
    }


def _hit(hit) -> dict:
    snippet, marks = excerpt(hit.text, hit.marks)
    return {
        "id": hit.ref, "kind": hit.kind, "detail": hit.detail, "label": label(hit), "person": hit.person,
        "person_id": hit.person_id, "date": hit.day.isoformat(), "snippet": snippet, "marks": [list(m) for m in marks],
        "text": hit.text, "text_marks": [list(m) for m in hit.marks],
    }
