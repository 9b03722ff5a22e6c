"""People in the journal: adding and editing them, and finding one by what the organizer types."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from onetoone.domain.text import NAME_LIMIT, clean, close_ids, key, like_prefix, optional
from onetoone.errors import Ambiguous, BadInput, NotFound
from onetoone.store.journal import Journal, in_list
from onetoone.vocabulary import REACH_OUT_DAYS, STAGES
# How long a relationship can rest before `due` suggests reconnecting, by ladder stage.
DEFAULT_CADENCE = {"leader": 14, "active": 30}
OTHER_CADENCE = 60


@dataclass(frozen=True)
class PersonRef:
    """Who a name resolved to: enough to say it back and to tell namesakes apart."""

    id: int
    name: str
    stage: str
    institution: str | None = None
    role: str | None = None
    contact: str | None = None
    do_not_contact: bool = False
    last_contact_on: date | None = None
    tags: tuple[str, ...] = ()
    new_institution: bool = False  # add/edit just created their institution (an unknown name given)

    def telling_detail(self) -> str:
        parts = [p for p in (self.role, self.institution) if p]
        details = [", ".join(parts)] if parts else []
        if self.tags:
            details.append(" ".join(f"#{t}" for t in self.tags))
        if self.last_contact_on:
            details.append(f"last met {self.last_contact_on.isoformat()}")
        elif self.contact:
            details.append(self.contact)
        details.append(self.stage)
        return "; ".join(details)


@dataclass
class PersonFields:
    """What `oto add` and `oto edit` may set; None means "leave as it is"."""

    name: str | None = None
    aliases: list[str] = field(default_factory=list)
    remove_aliases: list[str] = field(default_factory=list)
    contact: str | None = None
    met_how: str | None = None
    referred_by: str | None = None
    institution: str | None = None
    role: str | None = None
    tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    stage: str | None = None
    cadence_days: int | None = None
    boundaries: list[str] = field(default_factory=list)
    remove_boundaries: list[str] = field(default_factory=list)  # each its id (i12) or its text
    do_not_contact: bool | None = None


_PERSON_COLUMNS = "p.id, p.name, p.stage, i.name AS institution, p.role, p.contact, p.do_not_contact, p.last_contact_on"


def _ref(journal: Journal, row) -> PersonRef:
    return PersonRef(
        id=row["id"], name=row["name"], stage=row["stage"], institution=row["institution"],
        role=row["role"], contact=row["contact"], do_not_contact=row["do_not_contact"],
        last_contact_on=row["last_contact_on"], tags=tuple(tags(journal, row["id"])),
    )


def get(journal: Journal, person_id: int) -> PersonRef:
    row = journal.row(
        f"SELECT {_PERSON_COLUMNS} FROM person p LEFT JOIN institution i ON i.id = p.institution_id WHERE p.id = :id",
        {"id": person_id},
    )
    if row is None:
        raise NotFound(f"No person with id {person_id}.")
    return _ref(journal, row)


@dataclass(frozen=True)
class Found:
    """What a typed name finds (see `find`): one id is that person, several are the people it
    could be, none is no one, with the names close to it (`near`) for a "did you mean"."""

    typed: str
    ids: tuple[int, ...]
    near: tuple[str, ...] = ()
    people: tuple[PersonRef, ...] = ()  # the first eight of `ids`, to say who they are


def find(journal: Journal, typed: str) -> Found:
    """Who `typed` names, the way every command and a reflection's referrals read a name: a full
    name or alias first, then the start of a full name, an alias or a word of the name, then the
    same with spaces ignored ('maryjane' for Mary-Jane Watson). Case, accents, apostrophes and
    hyphens never matter (`text.key`). When it names no one, `near` holds close names."""
    wanted = key(typed or "")
    if not wanted:
        raise BadInput("No name given. Type a name, an alias or the start of a name.")
    found = exact_ids(journal, typed) or _starting_with(journal, wanted)
    if not found:
        known = [(row[0], row[1]) for row in journal.rows("SELECT person_id, key FROM person_key WHERE kind IN ('name', 'alias')")]
        found = _joined(known, wanted)
        if not found:
            return Found(typed, (), tuple(_near(journal, known, wanted)))
    return among(journal, typed, found)


def among(journal: Journal, typed: str, ids) -> Found:
    """`typed` found these people (in this order)."""
    return Found(typed, tuple(ids), people=tuple(get(journal, i) for i in list(ids)[:8]))


def resolve(journal: Journal, typed: str) -> PersonRef:
    """The one person `typed` names (see `find`); several or none is an error saying who."""
    found = find(journal, typed)
    if len(found.ids) == 1:
        return found.people[0]
    if found.ids:
        raise Ambiguous(f"'{typed}' could be {candidates(found)}. Type more of the name.")
    raise NotFound(not_found(found))


def _starting_with(journal: Journal, wanted: str) -> list[int]:
    """People with a name, alias or word that starts with `wanted` (at most 50)."""
    pattern = like_prefix(wanted)
    if "\x00" not in wanted:
        return _ids(journal, "SELECT DISTINCT person_id FROM person_key WHERE key LIKE :pattern ESCAPE '\\' LIMIT 50", {"pattern": pattern})
    # SQLite's LIKE reads a pattern only up to a NUL character, so each key it finds is checked in full.
    rows = journal.rows("SELECT person_id, key FROM person_key WHERE key LIKE :pattern ESCAPE '\\'", {"pattern": pattern})
    return list(dict.fromkeys(row[0] for row in rows if row[1].startswith(wanted)))[:50]


def _joined(known: list[tuple[int, str]], wanted: str) -> list[int]:
    """Like a full name or alias, then like the start of one or of its last words, with every
    space left out on both sides: 'mary jane' finds Maryjane Ortiz, 'delacruz' and 'dela cruz'
    find Ana De La Cruz. `known` is every (person id, name or alias key)."""
    joined = wanted.replace(" ", "")
    exact, starting = [], []
    for person_id, found in known:
        if joined not in found.replace(" ", ""):
            continue
        words = found.split(" ")
        if "".join(words) == joined:
            exact.append(person_id)
        elif any("".join(words[i:]).startswith(joined) for i in range(len(words))):
            starting.append(person_id)
    return list(dict.fromkeys(exact or starting))[:50]


def exact_ids(journal: Journal, typed: str) -> list[int]:
    """Everyone whose full name or an alias is exactly `typed`, ignoring case and accents."""
    return _ids(journal, "SELECT DISTINCT person_id FROM person_key WHERE key = :key AND kind IN ('name', 'alias')", {"key": key(typed)})


def _ids(journal: Journal, sql: str, params: dict) -> list[int]:
    return [row[0] for row in journal.rows(sql, params)]


def candidates(found: Found) -> str:
    """The people a name could be, with what tells them apart (the first eight)."""
    listed = "; ".join(f"'{p.name}' ({p.telling_detail()})" for p in found.people)
    return listed + (f" and {len(found.ids) - 8} more" if len(found.ids) > 8 else "")


def not_found(found: Found) -> str:
    if found.near:
        return f"No one called '{found.typed}'. Did you mean " + " or ".join(f"'{n}'" for n in found.near) + "? See `oto people`."
    return f"No one called '{found.typed}'. See `oto people` for everyone, or add them with `oto add`."


def _near(journal: Journal, known: list[tuple[int, str]], wanted: str, *, most: int = 3) -> list[str]:
    """Names close to `wanted`, best first ('Dimitri' finds Dmitri Volkov, 'Hernandes' finds
    Hernandez), by `text.close_ids` over every name and alias key in `known`."""
    ranked = close_ids(known, wanted, most=most)
    marks, ids = in_list("id", ranked)
    names = {row[0]: row[1] for row in journal.rows(f"SELECT id, name FROM person WHERE id IN ({marks})", ids)}
    return list(dict.fromkeys(names[i] for i in ranked if i in names))


def add(journal: Journal, fields: PersonFields, *, today: date) -> PersonRef:
    """Add a person; a second person with exactly the same name is refused."""
    from onetoone.store.models import Person

    name = _name(fields.name)
    _refuse_taken(journal, name, None)
    person = Person(name=name, name_key=key(name), stage="prospect", created_on=today)
    journal.add(person)
    created = _apply(journal, person, fields, today=today, new=True)
    return replace(get(journal, person.id), new_institution=created)


def edit(journal: Journal, ref: PersonRef, fields: PersonFields, *, today: date) -> PersonRef:
    from onetoone.store.models import Person

    person = journal.session.get(Person, ref.id)
    if fields.name is not None:
        name = _name(fields.name)
        _refuse_taken(journal, name, ref.id)
        person.name, person.name_key = name, key(name)
    created = _apply(journal, person, fields, today=today)
    return replace(get(journal, ref.id), new_institution=created)


def _name(text: str | None) -> str:
    name = clean(text, "name", limit=NAME_LIMIT)
    if not key(name):
        raise BadInput(f"'{name}' has no letters or digits to find it by; type the name in words.")
    return name


def _refuse_taken(journal: Journal, name: str, keep_id: int | None) -> None:
    taken = journal.value(
        "SELECT person_id FROM person_key WHERE key = :key AND kind IN ('name', 'alias') AND person_id IS NOT :keep LIMIT 1",
        {"key": key(name), "keep": keep_id},
    )
    if taken is not None:
        other = get(journal, taken)
        raise BadInput(
            f"'{other.name}' ({other.telling_detail()}) already has that name or alias. "
            "Add something that tells them apart, like 'Maria Lopez (Oak St)'."
        )


def _apply(journal: Journal, person, fields: PersonFields, *, today: date, new: bool = False) -> bool:
    """Set what `fields` gives on `person`; True when the institution named was new (created)."""
    from onetoone.domain import institutions
    from onetoone.store.models import Insight, Person, Tag

    session = journal.session
    for attribute, what in (("contact", "contact"), ("met_how", "how you met"), ("role", "role")):
        value = getattr(fields, attribute)
        if value is not None:
            setattr(person, attribute, optional(value, what) if value.strip() else None)
    created = False
    if fields.institution is not None:
        linked = institutions.link(journal, fields.institution, today=today) if fields.institution.strip() else None
        person.institution_id, created = (linked.id, linked.created) if linked else (None, False)
    if fields.referred_by is not None:
        referrer = resolve(journal, fields.referred_by)
        if referrer.id == person.id:
            raise BadInput("A person cannot be their own referral.")
        person.referred_by_id = referrer.id
    if fields.stage is not None:
        stage = fields.stage.strip().lower()
        if stage not in STAGES:
            raise BadInput(f"Unknown stage '{fields.stage}'. Use one of: {', '.join(STAGES)}.")
        if new:  # where someone starts on the ladder is not a move
            person.stage = stage
        else:
            move_stage(journal, person, stage, on=today)
    if fields.cadence_days is not None:
        if not 1 <= fields.cadence_days <= 3650:
            raise BadInput("The reconnect cadence is a number of days from 1 to 3650.")
        person.cadence_days = fields.cadence_days
    if fields.do_not_contact is not None:
        person.do_not_contact = fields.do_not_contact
    journal.add(person)
    if fields.remove_boundaries:
        journal.erase_for_good()  # gone from the file (and the undo history), not only from the screens
    for typed in fields.remove_boundaries:
        session.delete(_boundary(journal, person, typed))
    for text in fields.boundaries:
        session.add(Insight(person_id=person.id, kind="boundary", text=clean(text, "boundary"), created_on=today))
    for tag in fields.tags:
        tag_key = _tag(tag)
        if session.get(Tag, (person.id, tag_key)) is None:
            session.add(Tag(person_id=person.id, tag=tag_key))
    for tag in fields.remove_tags:
        found = session.get(Tag, (person.id, _tag(tag)))
        if found is None:
            raise NotFound(f"{person.name} has no tag '{tag}'.")
        session.delete(found)
    _rewrite_keys(journal, person, fields)
    refresh_reconnect(journal, person.id)
    return created


def _boundary(journal: Journal, person, typed: str):
    """The person's boundary that `typed` names: its id (i12) or its text, ignoring case."""
    from onetoone.store.models import Insight

    rows = journal.rows("SELECT id, text FROM insight WHERE person_id = :p AND kind = 'boundary' ORDER BY id", {"p": person.id})
    wanted = typed.strip().lower().lstrip("#")
    for row in rows:
        if wanted == f"i{row['id']}" or key(typed) == key(row["text"]):
            return journal.get(Insight, row["id"])
    listed = "; ".join(f"i{row['id']}: {row['text']}" for row in rows) or "none"
    raise NotFound(f"{person.name} has no boundary '{typed}' (theirs: {listed}).")


def tag_key(text: str) -> str:
    """A tag as it is kept (one word, lower case, without '#'); BadInput if it is not one."""
    return _tag(text)


def _tag(text: str) -> str:
    tag = clean(text, "tag", limit=60).lstrip("#").casefold()
    if not tag or any(ch.isspace() for ch in tag):
        raise BadInput(f"A tag is one word, like 'oak-st'; got '{text}'.")
    return tag


def _rewrite_keys(journal: Journal, person, fields: PersonFields) -> None:
    """Keep the lookup keys (name, words of the name, aliases) in step with the person."""
    from onetoone.store.models import PersonKey

    known = aliases(journal, person.id)
    for alias in fields.remove_aliases:
        matches = [a for a in known if key(a) == key(alias)]
        if not matches:
            raise NotFound(f"{person.name} has no alias '{alias}'.")
        known = [a for a in known if key(a) != key(alias)]
    for alias in fields.aliases:
        alias = clean(alias, "alias", limit=NAME_LIMIT)
        if not key(alias):
            raise BadInput(f"The alias '{alias}' has no letters or digits to find it by.")
        if key(alias) == key(person.name) or any(key(alias) == key(a) for a in known):
            continue
        _refuse_taken(journal, alias, person.id)
        known.append(alias)
    journal.execute("DELETE FROM person_key WHERE person_id = :person", {"person": person.id})
    session = journal.session
    session.add(PersonKey(person_id=person.id, kind="name", text=person.name, key=key(person.name)))
    words = key(person.name).split(" ")
    for word in dict.fromkeys(words[1:]):
        session.add(PersonKey(person_id=person.id, kind="word", text=word, key=word))
    for alias in known:
        session.add(PersonKey(person_id=person.id, kind="alias", text=alias, key=key(alias)))


def move_stage(journal: Journal, person, stage: str, *, on: date, meeting_id: int | None = None) -> None:
    """Put `person` (a Person row) on `stage`, recording the move and its day (for `oto review`);
    staying on the same stage records nothing. `meeting_id`: the one-to-one that moved them."""
    from onetoone.store.models import StageMove

    if stage == person.stage:
        return
    journal.add(StageMove(person_id=person.id, meeting_id=meeting_id, old=person.stage, new=stage, moved_on=on))
    person.stage = stage
    journal.add(person)


def cadence(stage: str, cadence_days: int | None) -> int:
    return cadence_days or DEFAULT_CADENCE.get(stage, OTHER_CADENCE)


def refresh_reconnect(journal: Journal, person_id: int) -> None:
    """Recompute when to suggest getting in touch: last contact plus the cadence; for a prospect
    never contacted, REACH_OUT_DAYS after they were added (`due` words it "reach out"); never for
    other people never met or for those who asked not to be contacted."""
    row = journal.row(
        "SELECT stage, cadence_days, last_contact_on, do_not_contact, created_on FROM person WHERE id = :id", {"id": person_id}
    )
    when = None
    if row["do_not_contact"]:
        pass
    elif row["last_contact_on"]:
        when = row["last_contact_on"] + timedelta(days=cadence(row["stage"], row["cadence_days"]))
    elif row["stage"] == "prospect":
        when = row["created_on"] + timedelta(days=REACH_OUT_DAYS)
    journal.execute("UPDATE person SET reconnect_on = :when WHERE id = :person", {"when": when, "person": person_id})


def touch(journal: Journal, person_id: int, on: date) -> None:
    """Record contact with a person on `on` (a held meeting, a reconnect done): their open
    reminders to get in touch (contact a referral, reconnect, reach out) close themselves."""
    from onetoone.domain import followups

    journal.execute(
        "UPDATE person SET last_contact_on = CASE WHEN last_contact_on >= :on THEN last_contact_on ELSE :on END WHERE id = :person",
        {"on": on, "person": person_id},
    )
    refresh_reconnect(journal, person_id)
    followups.close_for_person(journal, person_id, followups.GET_IN_TOUCH, today=on)


def aliases(journal: Journal, person_id: int) -> list[str]:
    """The other names a person goes by, in the order they were given."""
    return [r[0] for r in journal.rows(
        "SELECT text FROM person_key WHERE person_id = :person AND kind = 'alias' ORDER BY id", {"person": person_id}
    )]


def tags(journal: Journal, person_id: int) -> list[str]:
    """A person's tags, in alphabetical order."""
    return [r[0] for r in journal.rows("SELECT tag FROM tag WHERE person_id = :person ORDER BY tag", {"person": person_id})]
