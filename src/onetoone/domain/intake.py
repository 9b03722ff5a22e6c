"""Bringing people and past one-to-ones in from other tools: a phone's contacts (vCard 3 or 4, or a
CSV export from Google Contacts or Outlook, or a plain name,phone,email,notes sheet) and a
spreadsheet of past one-to-ones.

Each import is planned first (`plan_contacts`, `plan_meetings`: what each row would do, and why
a row is skipped), then written by `apply_*` in the caller's one write transaction, so an import
is all or nothing and one `oto undo` takes it back. A dry run plans only.

A contact row is *merged* into the person it matches (the same name or alias, by the loose key
every name is found by; or an email or a phone number already in someone's contact) when it
brings something new (a phone, an email, an institution, a tag); *skipped* when it brings
nothing new, so importing the same file twice adds nothing. A past one-to-one goes through the
same functions `oto reflect` writes with (`reflection.build` and `record`); its thank-you, long
past, is marked done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from onetoone.domain.text import NAME_LIMIT, SHORT_LIMIT, key
from onetoone.errors import BadInput
from onetoone.store.journal import Journal

CONTACT_FIELDS = ("name", "first", "middle", "last", "alias", "phone", "email", "notes", "institution", "role", "ignore")
MEETING_FIELDS = ("date", "person", "notes", "ask", "answer", "minutes", "place", "ignore")
ADD, MERGE, SKIP = "add", "merge", "skip"


@dataclass
class Contact:
    """One contact as read from the file (row: its line in a CSV, its place in a vCard file)."""

    row: int
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    notes: str = ""
    institution: str = ""
    role: str = ""


@dataclass
class Step:
    """What one row does: add, merge or skip; `why` is a code render words (with `detail`)."""

    row: int
    action: str
    name: str
    why: str = ""  # skip: no-name, bad-name, duplicate, unchanged(-reach), ambiguous, bad-date, no-person, done-before, bad-field; merge: name or reach
    detail: str = ""  # the other row, the person matched, the candidates, the problem
    person_id: int | None = None
    changes: tuple[str, ...] = ()  # merge: what it adds (contact, institution, role, alias, tags, notes)
    new_person: bool = False  # meetings: the person is added by this import
    data: object = None


# -- Reading the files ---------------------------------------------------------------------------


def read_vcards(text: str) -> list[Contact]:
    """Every vCard in `text` (versions 3 and 4, folded lines, several TEL and EMAIL), through
    vobject, imported here only: no other command needs it."""
    import vobject

    found = []
    try:
        for number, card in enumerate(vobject.readComponents(text, ignoreUnreadable=True), start=1):
            if card.name.upper() != "VCARD":
                continue
            found.append(_card(number, card))
    except Exception as problem:  # vobject raises its own ParseError and, on odd input, others
        raise BadInput(f"The vCard file could not be read ({problem}); nothing was imported.") from None
    return found


def _card(number: int, card) -> Contact:
    def values(name: str) -> list[str]:
        return [str(line.value).strip() for line in card.contents.get(name, []) if str(line.value).strip()]

    name = (values("fn") or [""])[0]
    if not name and "n" in card.contents:
        n = card.contents["n"][0].value
        name = " ".join(p for p in (getattr(n, "given", ""), getattr(n, "additional", ""), getattr(n, "family", "")) if p)
    org = card.contents.get("org", [])
    institution = ""
    if org:
        value = org[0].value
        institution = "; ".join(v for v in value if v) if isinstance(value, list) else str(value)
    return Contact(
        row=number, name=_one_line(name), aliases=[_one_line(v) for v in values("nickname")],
        phones=[re.sub(r"^tel:", "", v, flags=re.IGNORECASE) for v in values("tel")],
        emails=[re.sub(r"^mailto:", "", v, flags=re.IGNORECASE) for v in values("email")], notes=" ".join(values("note")),
        institution=_one_line(institution), role=_one_line((values("title") or [""])[0]),
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# Header words of Google Contacts, Outlook and plain exports, by the field they fill (a header is
# compared lower case, with everything but letters and digits left out).
_CONTACT_HEADERS = {
    "name": ("name", "fullname", "displayname", "contact", "contactname", "person"),
    "first": ("givenname", "firstname", "first"),
    "middle": ("middlename", "additionalname"),
    "last": ("familyname", "lastname", "surname", "last"),
    "alias": ("nickname", "alias"),
    "notes": ("notes", "note", "comments"),
    "institution": ("organization1name", "organizationname", "company", "organization", "org", "institution"),
    "role": ("organization1title", "organizationtitle", "jobtitle", "role"),
}


def _contact_field(header: str) -> str | None:
    squeezed = re.sub(r"[^a-z0-9]", "", header.lower())
    for name, words in _CONTACT_HEADERS.items():
        if squeezed in words:
            return name
    if "mail" in squeezed and not squeezed.endswith(("label", "type", "displayname")):  # Outlook's "E-mail Display Name"
        return "email"
    if any(w in squeezed for w in ("phone", "mobile", "tel", "cell")) and not squeezed.endswith(("label", "type")):
        return "phone"
    return None


def read_contacts_csv(text: str, mapping: dict[str, str]) -> list[Contact]:
    rows, fields = _sheet(text, mapping, _contact_field, CONTACT_FIELDS)
    found = []
    for number, cells in rows:
        c = Contact(row=number)
        parts = {"first": [], "middle": [], "last": []}
        for column, value in cells.items():
            what, value = fields.get(column), _one_line(value)
            if not what or what == "ignore" or not value:
                continue
            if what == "name":
                c.name = c.name or value
            elif what in parts:
                parts[what].append(value)
            elif what == "alias":
                c.aliases.append(value)
            elif what == "phone":
                c.phones += [v.strip() for v in value.split(":::") if v.strip()]  # Google puts several in one cell
            elif what == "email":
                c.emails += [v.strip() for v in value.split(":::") if v.strip()]
            elif what == "notes":
                c.notes = " ".join(p for p in (c.notes, value) if p)
            else:
                setattr(c, what, getattr(c, what) or value)
        if not c.name:
            c.name = " ".join(parts["first"] + parts["middle"] + parts["last"])
        found.append(c)
    return found


def _sheet(text: str, mapping: dict[str, str], guess, allowed) -> tuple[list[tuple[int, dict[str, str]]], dict[str, str]]:
    """The rows of a CSV (with its line numbers) as {column: cell}, and each column's field: from
    --map COLUMN=FIELD first, else guessed from its header. A comma, semicolon or tab separator
    is recognised (csv.Sniffer)."""
    import csv
    import io

    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise BadInput("The CSV file is empty; nothing was imported.") from None
    except csv.Error as problem:
        raise BadInput(f"The CSV file could not be read ({problem}); nothing was imported.") from None
    wanted = {key(column): f for column, f in mapping.items()}
    for column, f in mapping.items():
        if f not in allowed:
            raise BadInput(f"--map {column}={f}: the field is one of {', '.join(allowed)}.")
        if not any(key(h) == key(column) for h in header):
            raise BadInput(f"--map {column}={f}: the file has no column '{column}' (it has {', '.join(header[:8])}).")
    fields = {}
    for n, column in enumerate(header):
        fields[n] = wanted.get(key(column)) or guess(column)
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, {n: cell for n, cell in enumerate(cells) if n < len(header)}))
    except csv.Error as problem:
        raise BadInput(f"The CSV file could not be read at line {reader.line_num} ({problem}); nothing was imported.") from None
    return rows, fields


def parse_mapping(typed: list[str]) -> dict[str, str]:
    mapping = {}
    for item in typed:
        column, equals, f = item.partition("=")
        if not equals or not column.strip() or not f.strip():
            raise BadInput(f"--map takes COLUMN=FIELD, like --map 'Mobile=phone'; got '{item}'.")
        mapping[column.strip()] = f.strip().lower()
    return mapping


# -- Contacts: planning and writing --------------------------------------------------------------


_EMAIL = re.compile(r"[^\s,;<>]+@[^\s,;<>]+")


def _phone_key(text: str) -> str | None:
    """A phone number by its digits, or None if it has too few to be one (fewer than 7)."""
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= 7 else None


def _reach(texts) -> set[str]:
    """The emails (lower case) and phone numbers (their digits) in some contact text."""
    found = set()
    for text in texts:
        found |= {e.lower() for e in _EMAIL.findall(text)}
        for piece in re.split(r"[,;/]|\s{2,}", text):
            if "@" not in piece and (k := _phone_key(piece)):
                found.add(k)
    return found


def _same(a: str, b: str) -> bool:
    """Two emails or phone numbers that are one: equal, or one number ending the other (the
    same number with and without its country or area code: +1 555 0100 and 555 0100)."""
    if "@" in a or "@" in b:
        return a == b
    return a.endswith(b) or b.endswith(a)


class _Reachable:
    """Who each email and phone number in the journal's contacts belongs to (phones by their
    last seven digits, then checked in full)."""

    def __init__(self) -> None:
        self._by: dict[str, list[tuple[str, int]]] = {}

    @staticmethod
    def _slot(value: str) -> str:
        return value if "@" in value else value[-7:]

    def add(self, value: str, person_id: int) -> None:
        self._by.setdefault(self._slot(value), []).append((value, person_id))

    def owners(self, value: str) -> set[int]:
        return {person_id for known, person_id in self._by.get(self._slot(value), []) if _same(known, value)}


def plan_contacts(journal: Journal, contacts: list[Contact], *, tags: list[str]) -> list[Step]:
    from onetoone.domain import people

    known = {}
    for row in journal.rows(
        "SELECT p.id, p.name, p.contact, i.name AS institution, p.role FROM person p LEFT JOIN institution i ON i.id = p.institution_id"
    ):
        known[row["id"]] = row
    reachable = _Reachable()
    for person_id, row in known.items():
        for k in _reach([row["contact"] or ""]):
            reachable.add(k, person_id)
    tagged = {(r[0], r[1]) for r in journal.rows("SELECT person_id, tag FROM tag")}
    seen: dict[str, int] = {}
    steps = []
    for c in contacts:
        name = c.name.strip()
        if not name:
            steps.append(Step(c.row, SKIP, "", "no-name", ", ".join(c.emails + c.phones)[:60]))
            continue
        if not key(name) or len(name) > NAME_LIMIT:
            steps.append(Step(c.row, SKIP, name[:60], "bad-name"))
            continue
        reach = _reach(c.emails + c.phones)
        marks = [key(name)] + sorted(reach)
        earlier = next((seen[m] for m in marks if m in seen), None)
        if earlier is not None:
            steps.append(Step(c.row, SKIP, name, "duplicate", str(earlier)))
            continue
        for m in marks:
            seen[m] = c.row
        by_name = people.exact_ids(journal, name)
        matches = by_name or sorted({owner for k in reach for owner in reachable.owners(k)})
        if len(matches) > 1:
            found = people.among(journal, name, matches)
            steps.append(Step(c.row, SKIP, name, "ambiguous", people.candidates(found)))
            continue
        wanted_tags = [people.tag_key(t) for t in tags]
        aliases = [a for a in c.aliases if key(a) and key(a) != key(name) and len(a) <= NAME_LIMIT]
        if not matches:
            aliases = [a for a in aliases if not people.exact_ids(journal, a)]
            steps.append(Step(c.row, ADD, name, data=(c, aliases, wanted_tags)))
            continue
        person_id = matches[0]
        row = known[person_id]
        have = _reach([row["contact"] or ""])
        new_reach = [v for v in c.phones + c.emails if not all(any(_same(k, h) for h in have) for k in _reach([v]))]
        changes = []
        if new_reach:
            changes.append("contact")
        if c.institution and not row["institution"]:
            changes.append("institution")
        if c.role and not row["role"]:
            changes.append("role")
        if any((person_id, t) not in tagged for t in wanted_tags):
            changes.append("tags")
        if not changes:
            steps.append(Step(c.row, SKIP, name, "unchanged" if by_name else "unchanged-reach", row["name"], person_id=person_id))
            continue
        steps.append(Step(c.row, MERGE, name, "name" if by_name else "reach", row["name"], person_id=person_id, changes=tuple(changes),
                          data=(c, new_reach, wanted_tags)))
    return steps


def apply_contacts(journal: Journal, steps: list[Step], *, today: date, tick=lambda n: None) -> None:
    from onetoone.domain import people

    for step in steps:
        if step.action == ADD:
            c, aliases, tags = step.data
            people.add(journal, people.PersonFields(
                name=step.name, aliases=aliases, contact=_limited(", ".join(c.phones + c.emails)),
                institution=_limited(c.institution), role=_limited(c.role), met_how=_limited(c.notes), tags=tags,
            ), today=today)
        elif step.action == MERGE:
            c, new_reach, tags = step.data
            ref = people.get(journal, step.person_id)
            fields = people.PersonFields(tags=tags)
            if "contact" in step.changes:
                fields.contact = _limited(", ".join(([ref.contact] if ref.contact else []) + new_reach))
            if "institution" in step.changes:
                fields.institution = _limited(c.institution)
            if "role" in step.changes:
                fields.role = _limited(c.role)
            people.edit(journal, ref, fields, today=today)
        tick(1)


def _limited(text: str) -> str | None:
    text = (text or "").strip()
    return text[:SHORT_LIMIT] or None


# -- Past one-to-ones ------------------------------------------------------------------------------


_MEETING_HEADERS = {
    "date": ("date", "day", "when", "held", "heldon", "meton", "met", "meetingdate", "date of meeting"),
    "person": ("person", "name", "who", "with", "contact", "fullname", "metwith", "attendee"),
    "notes": ("notes", "note", "comments", "summary", "what", "learned", "reflection"),
    "ask": ("ask", "theask", "request", "asked", "whatiasked"),
    "answer": ("answer", "response", "result", "outcome", "theiranswer", "reply"),
    "minutes": ("minutes", "duration", "length", "mins"),
    "place": ("place", "where", "location", "venue"),
}


def _meeting_field(header: str) -> str | None:
    squeezed = re.sub(r"[^a-z0-9]", "", header.lower())
    for name, words in _MEETING_HEADERS.items():
        if squeezed in {re.sub(r"[^a-z0-9]", "", w) for w in words}:
            return name
    for name in ("date", "ask", "answer", "notes", "person", "place", "minutes"):
        if name in squeezed:
            return name
    return None


@dataclass
class PastMeeting:
    row: int
    values: dict[str, str]


def read_meetings_csv(text: str, mapping: dict[str, str]) -> list[PastMeeting]:
    rows, fields = _sheet(text, mapping, _meeting_field, MEETING_FIELDS)
    if "date" not in fields.values() or "person" not in fields.values():
        raise BadInput(
            "The file needs a column for the day and one for the person (like 'date' and 'person'); "
            "name them with --map COLUMN=date --map COLUMN=person. Nothing was imported."
        )
    found = []
    for number, cells in rows:
        values: dict[str, str] = {}
        for column, value in cells.items():
            what = fields.get(column)
            if what and what != "ignore" and value.strip():
                values[what] = values.get(what, "") + (" " if what in values else "") + value.strip()
        found.append(PastMeeting(number, values))
    return found


def plan_meetings(journal: Journal, rows: list[PastMeeting], *, today: date, now: datetime, date_order: str | None = None) -> list[Step]:
    """What each past one-to-one would write: its person found as every command finds a name
    (several: skipped with who it could be; none: a new person, said so), its day read by the
    date grammar, its fields checked by the reflection's own `build`."""
    from onetoone import dates
    from onetoone.domain import people, settings
    from onetoone.domain.people import PersonRef
    from onetoone.domain.reflection import about, build

    revisit_days = settings.get_int(journal, "revisit_days")
    new: dict[str, int] = {}
    seen: set[tuple[str, date]] = set()
    steps = []
    for m in rows:
        typed = _one_line(m.values.get("person", ""))
        if not typed:
            steps.append(Step(m.row, SKIP, "", "no-person"))
            continue
        try:
            held = dates.parse_date(m.values.get("date", ""), today, past=True, order=date_order)
            build.refuse_future(held, today)
        except BadInput as problem:
            steps.append(Step(m.row, SKIP, typed, "bad-date", problem.message))
            continue
        person_id, fresh, name = None, False, typed
        if key(typed) in new:
            fresh = True
        else:
            found = people.find(journal, typed) if key(typed) else None
            if found is None:
                steps.append(Step(m.row, SKIP, typed[:60], "bad-name"))
                continue
            if len(found.ids) > 1:
                steps.append(Step(m.row, SKIP, typed, "ambiguous", people.candidates(found)))
                continue
            if found.ids:
                person_id, name = found.ids[0], found.people[0].name
            else:
                fresh = True
                new[key(typed)] = m.row
        mark = (key(name), held)
        if mark in seen or (person_id is not None and journal.value(
            "SELECT 1 FROM meeting WHERE person_id = :p AND status = 'held' AND held_on = :day", {"p": person_id, "day": held}
        )):
            steps.append(Step(m.row, SKIP, name, "done-before", dates.show_day(held)))
            continue
        seen.add(mark)
        fields = {"at": [held.isoformat()]}
        for source, target in (("notes", "note"), ("ask", "ask"), ("answer", "answer"), ("minutes", "minutes"), ("place", "place")):
            if m.values.get(source):
                fields[target] = [m.values[source]]
        if "answer" in fields:
            fields["answer"] = [fields["answer"][0].strip().lower()]
        person = people.get(journal, person_id) if person_id is not None else PersonRef(0, name, "prospect")
        ctx = about.Context(person, None, held, revisit_days, date_order)
        try:
            build.build(fields, ctx, today=today, now=now)
        except BadInput as problem:
            steps.append(Step(m.row, SKIP, name, "bad-field", problem.message))
            continue
        steps.append(Step(m.row, ADD, name, person_id=person_id, new_person=fresh, detail=dates.show_day(held), data=fields))
    return steps


def apply_meetings(journal: Journal, steps: list[Step], *, today: date, now: datetime, date_order: str | None = None, tick=lambda n: None) -> None:
    from onetoone.domain import followups, people
    from onetoone.domain.reflection import about, build, record

    added: dict[str, int] = {}
    for step in steps:
        if step.action != ADD:
            continue
        person_id = step.person_id
        if person_id is None:
            if key(step.name) not in added:
                added[key(step.name)] = people.add(journal, people.PersonFields(name=step.name), today=today).id
            person_id = added[key(step.name)]
        ctx = about.context(journal, person_id, today=today, date_order=date_order)
        ctx = about.Context(ctx.person, None, ctx.default_day, ctx.revisit_days, ctx.date_order)
        saved = record.record(journal, build.build(step.data, ctx, today=today, now=now), today=today, now=now)
        followups.close_for_meeting(journal, saved.meeting_id, ("thank",), today=today)  # history: long past
        tick(1)
