"""What `oto export` writes and says: the JSON document, one CSV text per table, one Markdown
dossier per person, and the lines about where they went.

The JSON document (`oto export json`), documented here and in the README:

    {"format": "oto-journal",         always this: what the file is
     "schema": 7,                     the journal's migration version (`oto import journal` refuses a newer one)
     "oto": "0.1.0",                  the oto that wrote it
     "exported_at": "2026-11-23 09:00:00",
     "person": null,                  or the one person's name (or pseudonym) for --person
     "redacted": [],                  or ["names"], or ["names", "notes"]
     "tables": {"TABLE": {"columns": ["id", ...], "rows": [[1, ...], ...]}, ...}}

Rows hold every value exactly as the journal stores it: dates as 'YYYY-MM-DD', moments as
'YYYY-MM-DD HH:MM:SS.ffffff', flags as 0/1, a blob (none today) as {"base64": "..."}.
"""

from __future__ import annotations

import base64
from datetime import datetime

from onetoone import dates
from onetoone.printable import safe
from onetoone.render import people
from onetoone.vocabulary import INSIGHT_TITLES


def document(dump, *, version: str, exported_at: datetime) -> dict:
    return {
        "format": "oto-journal",
        "schema": dump.schema,
        "oto": version,
        "exported_at": exported_at.isoformat(" ", "seconds"),
        "person": dump.person,
        "redacted": list(dump.redacted),
        "tables": {
            table.name: {"columns": list(table.columns), "rows": [[_json_value(v) for v in row] for row in table.rows]}
            for table in dump.tables
        },
    }


def json_text(doc: dict) -> str:
    """The document as JSON text laid out for reading: its fields one a line, each table's
    columns on one line and each row on a line of its own."""
    import json

    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for name, value in doc.items():
        if name != "tables":
            lines.append(f"  {one(name)}: {one(value)},")
    lines.append('  "tables": {')
    tables = list(doc["tables"].items())
    for n, (name, table) in enumerate(tables):
        rows = table["rows"]
        lines.append(f"    {one(name)}: {{")
        lines.append(f'      "columns": {one(table["columns"])},')
        lines.append('      "rows": [' + ("" if rows else "]"))
        lines += [f"        {one(row)}" + ("," if i < len(rows) - 1 else "") for i, row in enumerate(rows)]
        if rows:
            lines.append("      ]")
        lines.append("    }" + ("," if n < len(tables) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def _json_value(value):
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return value


def csv_files(dump) -> list[tuple[str, str]]:
    """(file name, its text) for each table: TABLE.csv, a header of its column names, then its
    rows as stored (empty cell: no value; blobs in base64)."""
    import csv
    import io

    made = []
    for table in dump.tables:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow(["" if v is None else base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v for v in row])
        made.append((f"{table.name}.csv", out.getvalue()))
    return made


# -- Markdown dossiers ---------------------------------------------------------------------------


def dossier_name(d) -> str:
    """The dossier's file name: its id and name ('0007-maria-lopez.md'), or its pseudonym."""
    import re
    import unicodedata

    if d.pseudonym:
        return d.pseudonym.lower().replace(" ", "-") + ".md"
    plain = unicodedata.normalize("NFKD", d.record.name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "person"
    return f"{d.record.id:04d}-{slug}.md"


def _md(text) -> str:
    """The organizer's words inside Markdown: printable only, one line, no markup taking effect."""
    import re

    return re.sub(r"([\\`*_\[\]<|])", r"\\\1", safe(text))


def dossier(d, *, today) -> str:
    rec = d.record
    out = [f"# {_md(rec.name)}", ""]
    if d.pseudonym:
        out += ["_Redacted: names are pseudonyms; contacts and boundaries are left out"
                + ("; so are notes" if d.notes_dropped else "") + "._", ""]
    if rec.do_not_contact:
        out += ["**Asked not to be contacted.**", ""]
    for boundary in rec.boundaries:
        out.append(f"- **Boundary:** {_md(boundary)}")
    if rec.boundaries:
        out.append("")
    out += ["## Record", ""]
    facts = [
        *people.who(rec),
        ("Tags", " ".join(f"#{t}" for t in rec.tags)),
        ("Last contact", dates.show_day(rec.last_contact_on) if rec.last_contact_on else "not met yet"),
        ("Reconnect every", f"{rec.cadence_days} days"),
        ("My promises", str(rec.mine)),
        ("Their commitments", str(rec.theirs)),
        ("In the journal since", dates.show_day(rec.created_on)),
    ]
    out += [f"- **{label}:** {_md(value)}" for label, value in facts if value]
    out += ["", "## What I know", ""]
    known = [(kind, text) for _n, kind, text in rec.learned if kind != "boundary"]
    if not known:
        out.append("Nothing yet.")
    for kind, title in INSIGHT_TITLES.items():
        for text in (t for k, t in known if k == kind):
            out.append(f"- **{title}:** {_md(text)}" if text else f"- **{title}**")
    out += ["", "## Timeline", ""]
    if not rec.timeline:
        out.append("Nothing yet.")
    for day, kind, text in rec.timeline:
        out.append(f"- {dates.show_day(day)}: {_md(text) if text else kind}")
    out += ["", "## Promises", ""]
    if not d.promises:
        out.append("None.")
    for p in d.promises:
        who = "I promised" if p.direction == "mine" else "They committed"
        closed = f" on {dates.show_day(p.closed_on)}" if p.closed_on else ""
        words = f": {_md(p.text)}" if p.text else ""
        out.append(f"- p{p.id} {who}{words} (due {dates.show_day(p.due)}; {p.status}{closed})")
    return "\n".join(out) + "\n"


# -- Messages ----------------------------------------------------------------------------------


def wrote(what: str, target, count: int | None = None) -> str:
    files = "" if count is None else f" ({count} file{'s' if count != 1 else ''})"
    return f"Wrote {what} to {target}{files}, readable by you only."


def exposure(target, reason: str) -> str:
    """A warning that an export went where others may read it."""
    if reason.startswith("cloud:"):
        return (f"Warning: {target} is in a folder synced to the cloud ({reason[6:]}): the export leaves this machine. "
                "Move it somewhere local when you can.")
    return f"Warning: {target} is in a folder other users of this machine can list; the files themselves are private (0600)."


def restored(found, source) -> str:
    return f"Imported {found.rows} rows in {found.tables} tables from {source}. `oto undo` takes it back out."
