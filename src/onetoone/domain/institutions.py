"""Institutions as records (`oto org`): adding and editing them, finding one by what the organizer
types, linking people to one, and reading them back with their people.

An institution is found by its loose key (`keys.loose_key`: case, accents and punctuation never
matter, so "St. Brigid's" is 'St Brigids'), then by the start of its name, and a typo gets the
names close to it (`text.close_ids`, as people's names do). `--institution` on `oto add`/`oto edit`
links to the one it finds; a name that finds none and is close to none is a new institution,
made with the sector 'other' (the command says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from onetoone.domain.text import NAME_LIMIT, SHORT_LIMIT, clean, close_ids, like_prefix, optional
from onetoone.errors import Ambiguous, BadInput, NotFound
from onetoone.keys import loose_key
from onetoone.store.journal import Journal, in_list
from onetoone.vocabulary import SECTORS, typed_name

# "Met", for person `p`: past the first rung of the ladder. Holding a one-to-one moves a prospect to
# met (meetings.hold), so the stage says whom I have met, and the indexes that hold it with the
# referral and the institution answer `oto map` and `oto org list` alone; an organizer who puts
# someone back to prospect (`oto edit --stage`) is believed.
MET = "p.stage != 'prospect'"


@dataclass(frozen=True)
class InstitutionRef:
    id: int
    name: str
    sector: str
    notes: str | None = None


@dataclass(frozen=True)
class Linked:
    """The institution `--institution` named: found, or `created` just now."""

    id: int
    name: str
    created: bool


def _key(typed: str) -> str:
    wanted = loose_key(typed or "")
    if not wanted:
        raise BadInput("No institution given. Type its name or the start of it.")
    return wanted


def _sector(typed: str) -> str:
    sector = (typed or "").strip().lower()
    if sector not in SECTORS:
        raise BadInput(f"Unknown sector '{typed}'. Use one of: {', '.join(SECTORS)}.")
    return sector


def get(journal: Journal, institution_id: int) -> InstitutionRef:
    row = journal.row("SELECT id, name, sector, notes FROM institution WHERE id = :id", {"id": institution_id})
    if row is None:
        raise NotFound(f"There is no institution o{institution_id}. See `oto org list`.")
    return InstitutionRef(row["id"], row["name"], row["sector"], row["notes"])


def _exact(journal: Journal, typed: str) -> int | None:
    """The institution with this id (o3) or this whole name (loosely)."""
    text = (typed or "").strip().lower().lstrip("#")
    if text[:1] == "o" and text[1:].isascii() and text[1:].isdigit() and len(text) <= 13:
        if journal.value("SELECT id FROM institution WHERE id = :id", {"id": int(text[1:])}) is not None:
            return int(text[1:])
    return journal.value("SELECT id FROM institution WHERE name_key = :key", {"key": _key(typed)})


def _found(journal: Journal, typed: str) -> tuple[list[int], list[str]]:
    """(ids it names, names close to it): its id (o3), its whole name, else the start of one."""
    exact = _exact(journal, typed)
    if exact is not None:
        return [exact], []
    wanted = _key(typed)
    starting = [] if "\x00" in wanted else [row[0] for row in journal.rows(  # LIKE stops reading a pattern at a NUL
        "SELECT id FROM institution WHERE name_key LIKE :pattern ESCAPE '\\' ORDER BY name_key LIMIT 50",
        {"pattern": like_prefix(wanted)},
    )]
    if starting:
        return starting, []
    known = [(row[0], row[1]) for row in journal.rows("SELECT id, name_key FROM institution")]
    ranked = close_ids(known, wanted)
    marks, ids = in_list("id", ranked)
    names = {row[0]: row[1] for row in journal.rows(f"SELECT id, name FROM institution WHERE id IN ({marks})", ids)}
    return [], [names[i] for i in ranked if i in names]


def _several(journal: Journal, typed: str, ids: list[int]) -> Ambiguous:
    listed = "; ".join(f"'{get(journal, i).name}'" for i in ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
    return Ambiguous(f"'{typed}' could be {listed}. Type more of the name.")


def resolve(journal: Journal, typed: str) -> InstitutionRef:
    """The one institution `typed` names; several or none is an error saying which are close."""
    ids, near = _found(journal, typed)
    if len(ids) == 1:
        return get(journal, ids[0])
    if ids:
        raise _several(journal, typed, ids)
    if near:
        raise NotFound(f"No institution called '{typed}'. Did you mean " + " or ".join(f"'{n}'" for n in near) + "? See `oto org list`.")
    raise NotFound(f"No institution called '{typed}'. See `oto org list`, or add it with `oto org add`.")


def link(journal: Journal, typed: str, *, today: date) -> Linked:
    """The institution a person's `--institution` names, made (sector 'other') when it names none
    and is close to none; a typo of a known one is refused with the close names, so that one
    congregation does not become two."""
    name = clean(typed, "institution", limit=SHORT_LIMIT)
    exact = _exact(journal, name)
    if exact is not None:
        return Linked(exact, get(journal, exact).name, created=False)
    ids, near = _found(journal, name)
    near = [get(journal, i).name for i in ids[:3]] or near  # the start of a name links nothing: it is said back
    if near:
        raise NotFound(
            f"No institution called '{name}'. Did you mean " + " or ".join(f"'{n}'" for n in near)
            + f"? Give that name, or add this one first: oto org add {typed_name(name)} --sector SECTOR."
        )
    made = _insert(journal, name, "other", None, today=today)
    return Linked(made.id, made.name, created=True)


def _insert(journal: Journal, name: str, sector: str, notes: str | None, *, today: date):
    from onetoone.store.models import Institution

    return journal.add(Institution(name=name, name_key=_key(name), sector=sector, notes=notes, created_on=today))


def add(journal: Journal, name: str, *, sector: str, notes: str | None = None, today: date) -> InstitutionRef:
    """Add an institution; one with the same name (loosely: "St Brigids" is "St. Brigid's") is refused."""
    name = clean(name, "institution", limit=NAME_LIMIT)
    sector = _sector(sector)
    _refuse_taken(journal, name, None)
    made = _insert(journal, name, sector, optional(notes, "note"), today=today)
    return get(journal, made.id)


def _refuse_taken(journal: Journal, name: str, keep_id: int | None) -> None:
    taken = journal.row(
        "SELECT id, name FROM institution WHERE name_key = :key AND id IS NOT :keep", {"key": _key(name), "keep": keep_id}
    )
    if taken is not None:
        raise BadInput(f"'{taken['name']}' (o{taken['id']}) already has that name. See `oto org show {typed_name(taken['name'])}`.")


def edit(journal: Journal, ref: InstitutionRef, *, name: str | None = None, sector: str | None = None,
         notes: str | None = None) -> InstitutionRef:
    """Rename it, change its sector or its notes (empty notes remove them)."""
    from onetoone.store.models import Institution

    if name is None and sector is None and notes is None:
        raise BadInput("Nothing to change. Give --name, --sector or --notes (see `oto org edit --help`).")
    row = journal.get(Institution, ref.id)
    if name is not None:
        row.name = clean(name, "institution", limit=NAME_LIMIT)
        _refuse_taken(journal, row.name, ref.id)
        row.name_key = _key(row.name)
    if sector is not None:
        row.sector = _sector(sector)
    if notes is not None:
        row.notes = optional(notes, "note") if notes.strip() else None
    journal.add(row)
    return get(journal, ref.id)


# -- reading them back -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of `oto org list`."""

    id: int
    name: str
    sector: str
    people: int
    met: int  # people there I have met (see MET)
    leaders: int  # people there at the stage leader


def listing(journal: Journal, *, sector: str | None = None) -> list[Entry]:
    """Every institution (of one sector), by name, with how many people, met and leaders."""
    where, params = "1 = 1", {}
    if sector is not None:
        where, params = "i.sector = :sector", {"sector": _sector(sector)}
    rows = journal.rows(
        f"""SELECT i.id, i.name, i.sector, coalesce(n.people, 0) AS people, coalesce(n.met, 0) AS met,
                   coalesce(n.leaders, 0) AS leaders
            FROM institution i LEFT JOIN (
              SELECT p.institution_id AS id, count(*) AS people, sum({MET}) AS met, sum(p.stage = 'leader') AS leaders
              FROM person p WHERE p.institution_id IS NOT NULL GROUP BY p.institution_id) n ON n.id = i.id
            WHERE {where} ORDER BY i.name_key""",
        params,
    )
    return [Entry(r["id"], r["name"], r["sector"], r["people"], r["met"], r["leaders"]) for r in rows]


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str | None
    stage: str
    met: bool
    last_contact_on: date | None
    do_not_contact: bool


@dataclass
class Roster:
    """One institution with its people (`oto org show`): leaders first, then up the ladder."""

    id: int
    name: str
    sector: str
    notes: str | None
    created_on: date
    members: list[Member] = field(default_factory=list)

    @property
    def not_met(self) -> list[Member]:
        return [m for m in self.members if not m.met]


def roster(journal: Journal, ref: InstitutionRef) -> Roster:
    from onetoone.vocabulary import STAGES

    head = journal.row("SELECT created_on FROM institution WHERE id = :id", {"id": ref.id})
    rows = journal.rows(
        f"""SELECT p.id, p.name, p.role, p.stage, p.last_contact_on, p.do_not_contact, {MET} AS met
            FROM person p WHERE p.institution_id = :i ORDER BY p.name_key, p.id""",
        {"i": ref.id},
    )
    members = [Member(r["id"], r["name"], r["role"], r["stage"], bool(r["met"]), r["last_contact_on"], r["do_not_contact"]) for r in rows]
    members.sort(key=lambda m: -STAGES.index(m.stage))  # stable: by name within a stage
    return Roster(ref.id, ref.name, ref.sector, ref.notes, head["created_on"], members)
