"""Deterministic journals for the benchmark: `empty`, `small` and a ten-year `heavy` one.

    python benchmarks/generate.py heavy --out benchmarks/work/journals/heavy [--scale 0.1]

The journal is created by oto's own opener (today's schema from the models, stamped with the
latest migration); then every row goes in with plain `executemany` in one transaction of the loader's own,
because building nearly a million model objects would take many minutes. The rows follow the rules of
the domain (DOMAIN.md and the brief): keys as `people` writes them, `last_contact_on` and
`reconnect_on` as `people.touch` keeps them, promises and follow-ups closed the way `kept`,
`broken` and `done` close them. The same seed, sizes and "today" always give the same journal.

`empty` holds nothing but the one person the benchmark names (so `prep NAME`, `reflect NAME`
and `promise NAME` succeed on it and measure the same code path as on the others); `small` is 50
people and six weeks of one-to-ones; `heavy` is 20,000 people, 100,000 meetings with reflections
of about 150 words, 200,000 promises and ten years of follow-ups, ~150 institutions with their
sectors and 1,500 introductions. Due items are spread around
"today" (default Monday 2026-11-23, the tests' date; the runner sets OTO_NOW to it).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

TODAY = date(2026, 11, 23)
SEED = 4
FEATURED = "Maria Lopez"  # the person the benchmark preps, reflects on and promises to
STAMP = "generated.json"


@dataclass(frozen=True)
class Spec:
    """How much of everything a journal holds (before `scale`)."""

    people: int
    meetings: int  # every status, including the planned ones around today
    promises: int
    span_days: int  # how far back the journal goes
    planned: int  # meetings planned around today
    insights_per_meeting: float = 3.0
    ask_share: float = 0.3  # held meetings that ended with an ask


SIZES = {
    "empty": Spec(people=1, meetings=0, promises=0, span_days=1, planned=0),
    "small": Spec(people=50, meetings=60, promises=120, span_days=42, planned=4),
    "heavy": Spec(people=20_000, meetings=100_000, promises=200_000, span_days=3652, planned=200),
}


@dataclass
class Generated:
    """What was built: where, for which day, whom to name, how much, and how long it took."""

    size: str
    scale: float
    seed: int
    today: str
    featured: str
    counts: dict
    open_items: dict
    seconds: float
    bytes: int
    digest: str


def digest() -> str:
    """Changes whenever this generator or the schema changes, so stale journals are rebuilt."""
    here = Path(__file__).resolve()
    store = here.parent.parent / "src" / "onetoone" / "store"
    hashed = hashlib.sha256()
    for source in (here, store / "models.py", store / "migrations.py", store / "search_index.py"):
        hashed.update(source.read_bytes() if source.exists() else b"")
    return hashed.hexdigest()[:16]


def scaled(spec: Spec, scale: float) -> Spec:
    if scale == 1:
        return spec
    return Spec(
        people=max(1, round(spec.people * scale)),
        meetings=round(spec.meetings * scale),
        promises=round(spec.promises * scale),
        span_days=spec.span_days,
        planned=min(round(spec.planned * scale), max(0, round(spec.people * scale) - 1)),
        insights_per_meeting=spec.insights_per_meeting,
        ask_share=spec.ask_share,
    )


def generate(folder: Path, size: str, *, today: date = TODAY, scale: float = 1.0, seed: int = SEED) -> Generated:
    """Build `folder/journal.db` afresh (replacing any old one) and record what was built."""
    from onetoone.store.journal import open_journal
    from onetoone.store.paths import journal_path, private_dir

    started = time.perf_counter()
    spec = scaled(SIZES[size], scale)
    private_dir(folder)
    path = journal_path(folder)
    for old in (folder / STAMP, path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    tables = Builder(spec, today, random.Random(seed)).build()
    with open_journal(path, now=datetime.combine(today, clock(9)), write=True):
        pass  # oto's opener makes the file: today's schema, stamped with the latest migration
    import sqlite3

    db = sqlite3.connect(path, isolation_level=None)  # a loader's own connection, outside oto's write rule
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA cache_size = -262144")  # 256 MB of cache while loading
        db.execute("BEGIN IMMEDIATE")
        # The search index is filled once at the end, as migration 0008 fills it for an existing
        # journal: row by row through its triggers, FTS5 starts a new piece of the index whenever
        # an entry's rowid (day first) is below the last one, which made loading 15 times slower.
        made = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'")]
        for name in made:
            db.execute(f"DROP TRIGGER {name}")
        for table, (columns, rows) in tables.items():
            marks = ", ".join(f":{column}" for column in columns)
            db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                           (dict(zip(columns, row)) for row in rows))
        if made:
            from onetoone.store import search_index

            search_index.fill(db)
            for table in (*search_index.TABLES, "institution"):
                for statement in search_index.triggers(table):
                    db.execute(statement)
        db.execute("COMMIT")
    finally:
        db.close()
    counts = {table: len(rows) for table, (_, rows) in tables.items()}
    made = Generated(
        size=size, scale=scale, seed=seed, today=today.isoformat(), featured=FEATURED, counts=counts,
        open_items=_open_items(path, today), seconds=round(time.perf_counter() - started, 1),
        bytes=path.stat().st_size, digest=digest(),
    )
    (folder / STAMP).write_text(json.dumps(asdict(made), indent=2) + "\n", encoding="utf-8")
    return made


def current(folder: Path, size: str, *, today: date = TODAY, scale: float = 1.0, seed: int = SEED) -> Generated | None:
    """The journal already in `folder`, if it was built by this generator with these settings."""
    try:
        made = Generated(**json.loads((folder / STAMP).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    wanted = (size, scale, seed, today.isoformat(), digest())
    if (made.size, made.scale, made.seed, made.today, made.digest) != wanted or not (folder / "journal.db").exists():
        return None
    return made


def _open_items(path: Path, today: date) -> dict:
    """How much `due` has to look at in the generated journal (read back, for the summary)."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        day = today.isoformat()
        return {
            "open promises": db.execute("SELECT count(*) FROM promise WHERE status IN ('open', 'renegotiated')").fetchone()[0],
            "overdue promises": db.execute(
                "SELECT count(*) FROM promise WHERE status IN ('open', 'renegotiated') AND due < ?", (day,)
            ).fetchone()[0],
            "open follow-ups": db.execute("SELECT count(*) FROM followup WHERE status = 'open'").fetchone()[0],
            "planned meetings": db.execute("SELECT count(*) FROM meeting WHERE status = 'planned'").fetchone()[0],
            "reconnect due": db.execute(
                "SELECT count(*) FROM person WHERE reconnect_on <= ? AND NOT do_not_contact", (day,)
            ).fetchone()[0],
        }
    finally:
        db.close()


# -- what the rows say ---------------------------------------------------------------------------

FIRST = (
    "Maria José Ana Luis Carmen Jorge Rosa Miguel Lucía Pedro Sofía Diego Elena Javier Marta Andrés "
    "Aisha Omar Fatima Yusuf Amina Hassan Leila Karim Nadia Tariq Zainab Ibrahim Mariam Khalid "
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard "
    "Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark "
    "Sandra Donald Ashley Steven Dorothy Paul Kimberly Kevin Emily Brian Donna George Michelle "
    "Wei Mei Jun Ling Hao Yan Chen Xiu Ming Lan Thanh Linh Minh Huong Duc Mai Quang Hoa Tuan Ngoc "
    "Priya Arjun Anjali Rahul Deepa Vikram Sunita Ravi Kavya Sanjay Olu Chiamaka Emeka Ngozi Kwame "
    "Ama Kofi Abena Tunde Folake Dmitri Olga Ivan Natasha Sergei Irina Zoë Chloé Renée Noël Björn "
    "Søren Åsa Jürgen Günter Małgorzata Łukasz Şebnem Çağrı Dolores Esperanza Guadalupe Concepción "
    "Tomás Ramón Inés Joaquín Nuño Raúl Darnell Keisha Tyrone Latoya Marcus Jasmine Andre Tanisha"
).split()
LAST = (
    "Lopez García Hernández Martínez González Rodríguez Pérez Sánchez Ramírez Torres Flores Rivera "
    "Gómez Díaz Cruz Morales Reyes Ortiz Gutiérrez Chávez Ruiz Núñez Peña Castillo Vargas Romero "
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson "
    "Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott "
    "Green Baker Adams Nelson Hill Campbell Mitchell Carter Roberts Phillips Evans Turner Parker "
    "Nguyen Tran Le Pham Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Chen Wang Li Zhang Liu Yang "
    "Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lin Patel Shah Singh Kumar Sharma Gupta Reddy Iyer Rao "
    "Okafor Adeyemi Mensah Owusu Boateng Okonkwo Abubakar Haddad Khoury Nasser Rahman Hussain Ali "
    "Ahmed Karimi Yilmaz Kaya Demir Şahin Kowalski Nowak Wiśniewski Müller Schmidt Schröder Öztürk "
    "Ivanova Petrov Sokolov Novak Dvořák O'Brien O'Connor Murphy Kelly Sullivan McCarthy Byrne "
    "Washington Jefferson Freeman Banks Brooks Coleman Jenkins Simmons Foster Bryant Russell Griffin"
).split()
NICKNAMES = ("Mari", "Pepe", "Lu", "Chuy", "Lupe", "Bobby", "Liz", "Jim", "Beth", "Kim", "Tony", "Sandy", "Dee", "Sam", "Nico", "Tash")
INSTITUTIONS = (
    "Oak St Tenants", "St. Brigid's", "Local 1199", "Lincoln Elementary PTA", "Eastside Mosque", "Riverside Library",
    "Bus Riders Union", "Mercy Clinic", "Jefferson Middle School", "Temple Beth Shalom", "Northgate Mutual Aid",
    "Hillcrest Block Club", "Grace AME", "Westside Food Pantry", "Union Hall 32", "Maple Court Co-op",
    "Harbor Workers Center", "Sunrise Senior Center", "First Baptist", "Vietnamese Community Center",
)
# The sector of each named institution, and more of them in realistic number (a ten-year journal
# knows about 150 institutions: parishes, schools, locals, buildings, shops, agencies).
SECTOR_OF = {
    "Oak St Tenants": "tenant", "St. Brigid's": "faith", "Local 1199": "union", "Lincoln Elementary PTA": "school",
    "Eastside Mosque": "faith", "Riverside Library": "government", "Bus Riders Union": "nonprofit", "Mercy Clinic": "nonprofit",
    "Jefferson Middle School": "school", "Temple Beth Shalom": "faith", "Northgate Mutual Aid": "nonprofit",
    "Hillcrest Block Club": "tenant", "Grace AME": "faith", "Westside Food Pantry": "nonprofit", "Union Hall 32": "union",
    "Maple Court Co-op": "tenant", "Harbor Workers Center": "union", "Sunrise Senior Center": "government",
    "First Baptist": "faith", "Vietnamese Community Center": "nonprofit",
}
MORE_INSTITUTIONS = (
    ("{street} Tenants Association", "tenant"), ("St. {saint}'s Parish", "faith"), ("{street} Elementary", "school"),
    ("Local {number}", "union"), ("{street} Hardware", "business"), ("{street} Health Center", "government"),
    ("{street} Community Church", "faith"), ("{street} Youth League", "nonprofit"),
)
STREETS = ("Elm", "Cedar", "Pine", "Birch", "Walnut", "Chestnut", "Spruce", "Willow", "Aspen", "Juniper", "Laurel", "Magnolia",
           "Poplar", "Sycamore", "Hawthorn", "Linden", "Alder", "Rowan", "Hazel", "Holly")
SAINTS = ("Anne", "Joseph", "Paul", "Teresa", "Francis", "Clare", "Luke", "Monica")
INTRODUCTION_SHARE = 0.075  # introductions made, per person in the journal (about 1,500 on heavy)

ROLES = ("member", "deacon", "shop steward", "teacher", "parent", "tenant", "volunteer", "board member", "nurse", "driver", "youth leader", "pastor", "librarian", "cook", "retired", "student")
TAGS = (
    "oak-st", "maple-ct", "housing", "transit", "schools", "healthcare", "faith", "labor", "youth", "seniors",
    "spanish", "vietnamese", "arabic", "research-team", "core-team", "house-meeting", "vigil", "council",
    "childcare", "food", "immigration", "northgate", "hillcrest", "riverside", "leaders-circle",
)
ISSUES = (
    "the rent increase", "mold in the bathroom", "the bus route cut", "school funding", "wage theft at the warehouse",
    "the cost of childcare", "an immigration hearing", "police stops on the avenue", "food prices", "a water shutoff",
    "an eviction notice", "forced overtime", "no heat last winter", "lead in the pipes", "the after-school program closing",
    "the clinic cutting hours", "library hours", "the broken elevator", "speeding on Elm Street", "the shelter waitlist",
)
RELATIONS = ("daughter", "son", "mother", "father", "grandmother", "neighbor", "coworker", "pastor", "cousin", "partner", "brother", "sister", "grandson", "best friend")
PLACES = ("the laundromat on 5th", "the bus stop", "the union hall", "the church basement", "the library", "the corner cafe", "the park", "their kitchen", "the school pickup line", "a video call", "the food pantry", "the community room")
VALUES = ("faith", "dignity", "family", "fairness", "respect", "independence", "community", "honesty", "hard work", "education")
FEELINGS = ("angry", "tired", "hopeful", "frustrated", "proud", "worried", "determined", "fed up", "curious", "cautious")
ACTIONS = (
    "testify at the council meeting", "bring three neighbors to the next meeting", "host a house meeting",
    "make calls for the vigil", "lead the building walk", "join the research team", "speak with the principal",
    "collect signatures on their floor", "chair the action", "translate at the tenant meeting",
    "meet with the landlord's agent", "share their story at the rally", "recruit two coworkers",
    "sit in on the budget hearing", "help with the survey", "co-lead the listening session",
)
EVENTS = ("the council hearing", "the vigil", "the house meeting", "the accountability night", "the rally", "the budget hearing", "the building meeting", "the leadership training")
EVENT_KINDS = ("meeting", "house-meeting", "action", "training")
EVENT_TITLES = ("Building meeting", "House meeting", "Council hearing", "Leadership training", "Rent strike vote", "Vigil")
TALENTS = ("running a meeting", "talking to landlords", "translating", "spreadsheets", "public speaking", "cooking for a crowd", "getting people to show up", "writing", "design", "calming a room")
ORIGINS = ("in Oaxaca", "in Detroit", "in Lagos", "in Hanoi", "in the building next door", "on a farm", "in Karachi", "in Puerto Rico", "in Kyiv", "across town")
MEMORIES = (
    "the block party every summer", "when the factory closed", "organizing with their mother", "the strike of '98",
    "the flood", "getting the stop sign put in", "the first time they spoke at church", "the landlord who never fixed anything",
)
SENTENCES = (
    "{first} has lived here for {years} years and still remembers {memory}.",
    "We talked about {issue}; {first} said it has been hard on their {relation}.",
    "They were {feeling} when they described {issue}, and it came up again near the end.",
    "They grew up {origin} and said that {value} is what kept the family together.",
    "We met at {place}; it was loud, so next time somewhere quieter.",
    "{first} knows a lot of people at {institution} and offered to introduce me to their {relation}.",
    "When I asked what makes them angry, they said {issue}, without a pause.",
    "Their {relation} works nights, so they carry most of the childcare and have little time.",
    "They already tried calling the city about {issue} twice and nobody called back.",
    "I shared a bit of my own story about {memory}, and they laughed and told me about {memory2}.",
    "They are good at {talent}, which could matter for {event}.",
    "{first} does not trust meetings that go on too long; keep it short and concrete.",
    "They asked who else in the building is involved, and I named two neighbors they know.",
    "There is real anger under the politeness; {issue} is personal for them.",
    "They said they would think about whether to {action}, and they want to talk to their {relation} first.",
    "What they care about most is {value}; everything else follows from that.",
    "I listened most of the time; I could have asked more about their work.",
    "They mentioned {institution} twice, so that is where their network is.",
    "They would rather act than talk, and they are tired of surveys that go nowhere.",
    "Their {relation} was at {event} last year and came home {feeling}.",
    "I asked if they would {action}; they did not say no, which is a start.",
    "{first} speaks three languages and could help with translation at {event}.",
    "They worry that speaking up about {issue} will cost them, so go slowly.",
    "Next time ask about their {relation} and how the new job is going.",
    "They have been at {institution} for {years} years and know how decisions are really made there.",
    "It took a while to get past small talk, but once we did they were open about {issue}.",
    "They have a clear sense of fairness and get {feeling} when people are talked down to.",
    "They remember {memory} and want their {relation} to see something like it.",
    "A good conversation; they want to meet again after {event}.",
    "They offered their living room for a house meeting about {issue}.",
)
INSIGHTS = {
    "self-interest": ("wants {issue} fixed before their {relation} gets sick", "wants a say in {issue}", "wants their {relation} to have a future here", "wants to stop {issue} from happening to others"),
    "story": ("grew up {origin}; remembers {memory}", "their {relation} lost a job over {issue}", "spoke at {event} years ago and never forgot it"),
    "value": ("{value}", "{value} above all", "{value} and {value2}"),
    "talent": ("{talent}", "good at {talent}", "{talent} and {talent2}"),
    "network": ("knows everyone at {institution}", "their {relation} is active at {institution}", "close to the {role}s at {institution}"),
    "concern": ("{issue}", "worried about {issue}", "afraid of retaliation over {issue}"),
    "boundary": ("do not call before noon", "no phone calls at work", "do not mention their immigration status to anyone", "never by text", "do not bring up their {relation}"),
    "common": ("we both grew up {origin}", "we both have a {relation} at {institution}", "we both care about {value}"),
}
INSIGHT_WEIGHTS = {"self-interest": 5, "story": 3, "value": 3, "talent": 2, "network": 2, "concern": 4, "boundary": 1, "common": 2}
MINE = ("send {first} the notes from {event}", "introduce {first} to {other}", "call {first} back about {issue}", "bring the flyers for {event}", "share the research on {issue}", "get {first} the city's contact for {issue}", "save {first} a seat at {event}")
THEIRS = ("talk to their {relation} about {issue}", "bring two neighbors to {event}", "send me the photos of {issue}", "ask the {role}s at {institution} about {event}", "fill in the survey")
NEXT_STEPS = ("meet again after {event}", "introduce to {other}", "invite to {event}", "ask them to {action}", "check in about {issue}")
STORIES = (
    "I started organizing when my own building lost heat for three weeks and nobody answered the phone.",
    "My grandmother ran the church food drive for thirty years; she taught me that people show up for people.",
    "The first time I spoke at a council meeting my hands shook, and we still won the stop sign.",
    "I was a shop steward before this; I learned to listen before asking anyone for anything.",
)


class Builder:
    """Turns a Spec into rows, table by table, in the order foreign keys need."""

    def __init__(self, spec: Spec, today: date, rng: random.Random) -> None:
        self.spec, self.today, self.rng = spec, today, rng
        self.start = today - timedelta(days=spec.span_days)
        self.asked: list[list] = []  # the asks with their meetings, for the revisit follow-ups
        # Institutions and introductions draw from their own sequence, so the rest of the journal
        # is the one earlier benchmark runs measured.
        self.orgs_rng = random.Random(rng.random())
        self.institutions = self._institutions()
        self.org_ids = [row[0] for row in self.institutions]
        self.org_weights = list(itertools.accumulate(1 / n for n in self.org_ids))  # Zipf: the first ones are the big ones

    def build(self) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
        people = self.people()
        meetings = self.meetings(people)
        asks, promises = self.asks_and_promises(meetings)
        return {
            "institution": (("id", "name", "name_key", "sector", "created_on"), self.institutions),
            "person": (PERSON_COLUMNS, [p.row() for p in people]),
            "person_key": (("person_id", "kind", "text", "key"), self.keys(people)),
            "tag": (("person_id", "tag"), self.tags(people)),
            "meeting": (MEETING_COLUMNS, [m.row() for m in meetings]),
            "planned_ask": (("meeting_id", "text"), self.planned_asks(meetings)),
            "insight": (("person_id", "meeting_id", "kind", "text", "created_on"), self.insights(people, meetings)),
            "promise": (PROMISE_COLUMNS, promises),
            "ask": (ASK_COLUMNS, asks),
            "followup": (FOLLOWUP_COLUMNS, self.followups(people, meetings)),
            "stage_move": (("person_id", "meeting_id", "old", "new", "moved_on"), self.stage_moves(meetings)),
            "story": (("text", "created_on"), [(text, self.start.isoformat()) for text in STORIES]),
            **self.events(people),
            "introduction": (("person_id", "other_id", "introduced_on", "note", "created_on"), self.introductions(people)),
        }

    # -- group meetings and actions ------------------------------------------------------------------

    def events(self, people: list[Person]) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
        """About one event a week over the whole span (and the coming two weeks), each hosted by
        someone, with 5 to 25 people recorded (most came) once its day has passed; the featured
        person comes to every third. Drawn after every other table, so those stay as they were."""
        rng, today = self.rng, self.today
        events, attendance = [], []
        days = range(-self.spec.span_days, 15, 7) if len(people) > 1 else ()
        for number, offset in enumerate(days, start=1):
            day = today + timedelta(days=offset + rng.randint(0, 6))
            kind = rng.choice(EVENT_KINDS)
            host = rng.choice(people)
            title = f"{rng.choice(EVENT_TITLES)} {number}"
            recorded = day < today
            events.append((title, kind, day.isoformat(), rng.choice(("18:00", "18:30", "19:00", "10:00")),
                           rng.choice(PLACES), host.id, (day - timedelta(days=14)).isoformat(),
                           (day + timedelta(days=1)).isoformat() if recorded else None))
            if not recorded:
                continue
            who = {p.id for p in rng.sample(people, min(len(people), rng.randint(5, 25)))} | {host.id}
            if number % 3 == 0:
                who.add(people[0].id)
            attendance += [(number, pid, "came" if pid == host.id or rng.random() < 0.8 else "no-show") for pid in sorted(who)]
        return {
            "event": (("title", "kind", "day", "at", "place", "host_id", "created_on", "recorded_on"), events),
            "attendance": (("event_id", "person_id", "status"), attendance),
        }

    # -- institutions and introductions ----------------------------------------------------------

    def _institutions(self) -> list[tuple]:
        """The named institutions, then more of them, about one for every 130 people (none in the
        empty journal, which holds only the one person the benchmark names)."""
        from onetoone.keys import loose_key

        rng, wanted = self.orgs_rng, max(5, self.spec.people // 130) if self.spec.people > 1 else 0
        names = [(name, SECTOR_OF[name]) for name in INSTITUTIONS]
        taken = {loose_key(name) for name, _ in names}
        while len(names) < wanted:
            pattern, sector = rng.choice(MORE_INSTITUTIONS)
            name = pattern.format(street=rng.choice(STREETS), saint=rng.choice(SAINTS), number=rng.randrange(100, 2000))
            if loose_key(name) not in taken:
                taken.add(loose_key(name))
                names.append((name, sector))
        names = names[:wanted]
        return [(n, name, loose_key(name), sector, self.start.isoformat()) for n, (name, sector) in enumerate(names, start=1)]

    def introductions(self, people: list[Person]) -> list[tuple]:
        """Introductions I made between people I met, each after both were in the journal."""
        rng, met = self.orgs_rng, [p for p in people if p.weight > 0]
        rows, seen = [], set()
        for _ in range(round(len(people) * INTRODUCTION_SHARE) if len(met) > 1 else 0):
            one, other = rng.sample(met, 2)
            if (one.id, other.id) in seen or (other.id, one.id) in seen:
                continue
            seen.add((one.id, other.id))
            first = max(one.created_on, other.created_on)
            on = first + timedelta(days=rng.randint(0, max(0, (self.today - first).days - 1)))
            note = rng.choice((None, None, f"both care about {rng.choice(VALUES)}", f"for {rng.choice(EVENTS)}"))
            rows.append((one.id, other.id, on.isoformat(), note, on.isoformat()))
        return rows

    # -- people ----------------------------------------------------------------------------------

    def people(self) -> list[Person]:
        from onetoone.domain.text import key

        rng, spec = self.rng, self.spec
        span = max(1, spec.span_days)
        created = sorted(self.start + timedelta(days=rng.randrange(span)) for _ in range(spec.people - 1))
        taken: set[str] = set()
        people = [Person(1, FEATURED, key(FEATURED), "leader", self.start)]
        taken.add(people[0].name_key)
        for number, day in enumerate(created, start=2):
            name = self._name(taken)
            stage = rng.choices(("prospect", "met", "committed", "active", "leader"), (20, 35, 20, 17, 8))[0]
            people.append(Person(number, name, key(name), stage, day))
        for person in people:
            self._details(person, people, taken)
        return people

    def _name(self, taken: set[str]) -> str:
        from onetoone.domain.text import key

        rng = self.rng
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if key(name) in taken:
                name = f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(LAST)}"
            if key(name) not in taken:
                taken.add(key(name))
                return name

    def _details(self, person: Person, people: list[Person], taken: set[str]) -> None:
        from onetoone.domain.text import key

        rng = self.rng
        person.contact = rng.choice((f"555-{rng.randrange(10000):04d}", f"{person.name_key.split(' ')[0]}{person.id}@example.org", None))
        linked = rng.choice(INSTITUTIONS) if rng.random() < 0.8 else None
        # Most people belong to the bigger institutions: the named ones weigh most.
        person.institution_id = self.orgs_rng.choices(self.org_ids, cum_weights=self.org_weights)[0] if linked and self.org_ids else None
        person.role = rng.choice(ROLES) if linked else None
        if person.id > 1 and rng.random() < 0.4:
            person.referred_by_id = rng.randrange(1, person.id)
            person.met_how = f"referred by {people[person.referred_by_id - 1].name}"
        else:
            person.met_how = rng.choice(("door knocking", f"at {rng.choice(EVENTS)}", f"through {rng.choice(INSTITUTIONS)}", "sign-in sheet", None))
        person.cadence_days = rng.choice((21, 45, 90, 180)) if rng.random() < 0.1 else None
        person.do_not_contact = person.id > 1 and rng.random() < 0.01
        if rng.random() < 0.1:
            alias = f"{rng.choice(NICKNAMES)} {person.name.split(' ')[-1]}"
            if key(alias) not in taken:
                taken.add(key(alias))
                person.aliases.append(alias)
        person.tags = sorted(set(rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3)))))
        # How long they stayed in touch: leaders and active people until today, others a while.
        reach = {"leader": None, "active": None, "committed": rng.randrange(180, 2000), "met": rng.randrange(0, 700)}
        days = reach.get(person.stage, 0)
        last_day = self.today - timedelta(days=1)
        person.active_until = last_day if days is None else min(last_day, person.created_on + timedelta(days=days))
        person.active_until = max(person.active_until, person.created_on)
        weight = {"prospect": 0, "met": 1, "committed": 3, "active": 6, "leader": 12}[person.stage]
        person.weight = weight * (1 + (person.active_until - person.created_on).days / 365)

    def keys(self, people: list[Person]) -> list[tuple]:
        """The lookup keys exactly as `people._rewrite_keys` writes them."""
        from onetoone.domain.text import key

        rows = []
        for person in people:
            rows.append((person.id, "name", person.name, person.name_key))
            rows.extend((person.id, "word", word, word) for word in dict.fromkeys(person.name_key.split(" ")[1:]))
            rows.extend((person.id, "alias", alias, key(alias)) for alias in person.aliases)
        return rows

    def tags(self, people: list[Person]) -> list[tuple]:
        return [(person.id, tag) for person in people for tag in person.tags]

    # -- meetings --------------------------------------------------------------------------------

    def meetings(self, people: list[Person]) -> list[Meeting]:
        """Held (and missed) one-to-ones over the years, plus some planned around today."""
        rng, spec = self.rng, self.spec
        planned_count = min(spec.planned, spec.meetings)
        past = spec.meetings - planned_count
        met = [p for p in people if p.weight > 0]
        drawn = rng.choices(met, weights=[p.weight for p in met], k=past) if met else []
        meetings = []
        for person in drawn:
            span = (person.active_until - person.created_on).days
            day = person.created_on + timedelta(days=rng.randint(0, span))
            status = rng.choices(("held", "no-show", "cancelled", "rescheduled"), (92, 3, 3, 2))[0]
            meetings.append(self._meeting(person, day, status))
        planned = []
        if planned_count:
            free = [p for p in people if not p.do_not_contact and p.stage != "met"]
            chosen = rng.sample(free[1:], min(planned_count - 1, len(free) - 1)) + [people[0]]
            for person in chosen:
                offset = 3 if person.id == 1 else rng.randint(-3, 14)
                meeting = self._meeting(person, self.today + timedelta(days=offset), "planned")
                planned.append(meeting)
        meetings.extend(planned)
        meetings.sort(key=lambda m: (m.planned_at, m.person.id))
        for number, meeting in enumerate(meetings, start=1):
            meeting.id = number
            if meeting.status == "held":
                meeting.person.last_contact_on = max(meeting.held_on, meeting.person.last_contact_on or meeting.held_on)
        from onetoone.domain.people import cadence

        for person in people:
            if person.last_contact_on and not person.do_not_contact:
                person.reconnect_on = person.last_contact_on + timedelta(days=cadence(person.stage, person.cadence_days))
        return meetings

    def _meeting(self, person: Person, day: date, status: str) -> Meeting:
        rng = self.rng
        at = datetime.combine(day, clock(rng.randint(8, 19), rng.choice((0, 15, 30, 45))))
        meeting = Meeting(person, status, at, rng.choice(PLACES), rng.choice((30, 45, 45, 60)))
        meeting.created_at = at - timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 8))
        if status == "held":
            meeting.held_on = day
            meeting.minutes = rng.choice((25, 30, 35, 40, 45, 45, 50, 60, 75))
            meeting.listened_pct = rng.randint(45, 85)
            meeting.note = self._reflection(person)
            if rng.random() < 0.4:
                meeting.next_step = self._fill(rng.choice(NEXT_STEPS), person)
        return meeting

    def _reflection(self, person: Person) -> str:
        """About 150 words of an organizer's notes, different every time."""
        rng = self.rng
        target, words, sentences = rng.randint(120, 180), 0, []
        for template in rng.sample(SENTENCES, len(SENTENCES)):
            sentence = self._fill(template, person)
            sentences.append(sentence)
            words += sentence.count(" ") + 1
            if words >= target:
                break
        return " ".join(sentences)

    def _fill(self, template: str, person: Person) -> str:
        rng = self.rng
        if "{" not in template:
            return template
        return template.format(
            first=person.name.split(" ")[0], years=rng.randint(2, 40), memory=rng.choice(MEMORIES),
            memory2=rng.choice(MEMORIES), issue=rng.choice(ISSUES), relation=rng.choice(RELATIONS),
            feeling=rng.choice(FEELINGS), origin=rng.choice(ORIGINS), value=rng.choice(VALUES),
            value2=rng.choice(VALUES), place=rng.choice(PLACES), institution=rng.choice(INSTITUTIONS),
            talent=rng.choice(TALENTS), talent2=rng.choice(TALENTS), event=rng.choice(EVENTS),
            action=rng.choice(ACTIONS), role=rng.choice(ROLES), other=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        )

    def stage_moves(self, meetings: list[Meeting]) -> list[tuple]:
        """A prospect met for the first time moves to met (what marking a one-to-one held records)."""
        seen, rows = set(), []
        for meeting in meetings:  # in time order
            if meeting.status == "held" and meeting.person.id not in seen:
                seen.add(meeting.person.id)
                rows.append((meeting.person.id, meeting.id, "prospect", "met", _day(meeting.held_on)))
        return rows

    def planned_asks(self, meetings: list[Meeting]) -> list[tuple]:
        rows = []
        for meeting in meetings:
            if meeting.status == "planned" or self.rng.random() < 0.2:
                for _ in range(1 if meeting.status != "planned" else self.rng.randint(1, 2)):
                    rows.append((meeting.id, "Will you " + self._fill(self.rng.choice(ACTIONS), meeting.person) + "?"))
        return rows

    def insights(self, people: list[Person], meetings: list[Meeting]) -> list[tuple]:
        rng = self.rng
        held = [m for m in meetings if m.status == "held"]
        count = round(len(held) * self.spec.insights_per_meeting)
        kinds = list(INSIGHT_WEIGHTS)
        weights = list(INSIGHT_WEIGHTS.values())
        rows = []
        for meeting in sorted(rng.choices(held, k=count), key=lambda m: m.id) if held else []:
            kind = rng.choices(kinds, weights)[0]
            text = self._fill(rng.choice(INSIGHTS[kind]), meeting.person)
            rows.append((meeting.person.id, meeting.id, kind, text, meeting.held_on.isoformat()))
        # Boundaries told when they were added (no meeting), which prep shows first.
        for person in people:
            if person.id == 1 or rng.random() < 0.03:
                text = self._fill(rng.choice(INSIGHTS["boundary"]), person)
                rows.append((person.id, None, "boundary", text, person.created_on.isoformat()))
        return rows

    # -- the ledger ------------------------------------------------------------------------------

    def asks_and_promises(self, meetings: list[Meeting]) -> tuple[list[tuple], list[tuple]]:
        """Asks from a share of the held meetings (a yes is their commitment), then the rest of
        the promises both ways, closed as kept, broken or released unless recent."""
        rng = self.rng
        held = [m for m in meetings if m.status == "held"]
        asked = sorted(rng.sample(held, round(len(held) * self.spec.ask_share)), key=lambda m: m.id) if held else []
        asks = []  # mutable until the promise ids are known
        pending = []  # (created_on, meeting id, meeting, direction, text, due, index of its ask or -1)
        for meeting in asked:
            answer = rng.choices(("yes", "no", "maybe", "later", None), (45, 15, 20, 10, 10))[0]
            action = self._fill(rng.choice(ACTIONS), meeting.person)
            revisit = meeting.held_on + timedelta(days=14) if answer in ("maybe", "later") else None
            asks.append([meeting.person.id, meeting.id, f"Will you {action}?", answer, meeting.held_on.isoformat(),
                         revisit.isoformat() if revisit else None, None, None, meeting, revisit])
            if answer == "yes" and len(pending) < self.spec.promises:
                due = meeting.held_on + timedelta(days=rng.randint(3, 30))
                pending.append((meeting.held_on, meeting.id, meeting, "theirs", action, due, len(asks) - 1))
        rest = self.spec.promises - len(pending)
        for meeting in rng.choices(held, k=rest) if held and rest > 0 else []:
            direction = rng.choice(("mine", "theirs"))
            text = self._fill(rng.choice(MINE if direction == "mine" else THEIRS), meeting.person)
            due = meeting.held_on + timedelta(days=rng.randint(2, 35))
            pending.append((meeting.held_on, meeting.id, meeting, direction, text, due, -1))
        pending.sort(key=lambda p: (p[0], p[1], p[3]))
        promises = []
        for number, (created, _, meeting, direction, text, due, ask_index) in enumerate(pending, start=1):
            status, first_due, closed = self._fate(created, due)
            promises.append((meeting.person.id, meeting.id, direction, text, due.isoformat(), first_due.isoformat(),
                             status, created.isoformat(), closed.isoformat() if closed else None))
            if ask_index >= 0:
                asks[ask_index][6] = number
                asks[ask_index][7] = {"kept": 1, "broken": 0}.get(status)
        self.asked = asks
        return [tuple(a[:8]) for a in asks], promises

    def _fate(self, created: date, due: date) -> tuple[str, date, date | None]:
        """(status, first due, closed on): promises not yet due mostly open, recently due ones
        mostly closed, old ones closed but for a few forgotten long ago (the overdue tail)."""
        rng, today = self.rng, self.today
        if due >= today:
            still_open = 0.85
        elif due >= today - timedelta(days=60):
            still_open = 0.25
        else:
            still_open = 0.003
        if rng.random() < still_open:
            if rng.random() < 0.08:
                return "renegotiated", max(created + timedelta(days=1), due - timedelta(days=rng.randint(3, 14))), None
            return "open", due, None
        status = rng.choices(("kept", "broken", "released"), (80, 14, 6))[0]
        closed = min(today, max(created, due + timedelta(days=rng.randint(-7, 5))))
        return status, due, closed

    def followups(self, people: list[Person], meetings: list[Meeting]) -> list[tuple]:
        """Thank-yous, revisits, next steps, referrals and the confirmations of planned meetings:
        done when their day is long past, open around today. Stored as facts, the way oto
        stores them: only a next step carries words (the organizer's own)."""
        rng, today = self.rng, self.today
        rows = []

        def add(person_id, kind, due, created, meeting_id=None, ask_id=None, words=None, open_window=0, open_share=0.0):
            is_open = due >= today - timedelta(days=open_window) and rng.random() < open_share
            done = None if is_open else min(today, due + timedelta(days=rng.randint(0, 3))).isoformat()
            rows.append((person_id, kind, due.isoformat(), words, "open" if is_open else "done",
                         meeting_id, ask_id, min(created, today).isoformat(), done))

        for meeting in meetings:
            if meeting.status == "held":
                add(meeting.person.id, "thank", meeting.held_on + timedelta(days=1), meeting.held_on, meeting.id,
                    open_window=3, open_share=0.5)
                if meeting.next_step:
                    add(meeting.person.id, "next-step", meeting.held_on + timedelta(days=rng.randint(7, 30)),
                        meeting.held_on, meeting.id, words=meeting.next_step, open_window=5, open_share=0.3)
            elif meeting.status == "planned":
                day = meeting.planned_at.date()
                for before in (2, 0):
                    due = day - timedelta(days=before)
                    created = meeting.created_at.date()
                    if due >= created:
                        add(meeting.person.id, "confirm", due, created, meeting.id, open_window=0, open_share=1.0)
                add(meeting.person.id, "reflect", day, meeting.created_at.date(), meeting.id, open_window=7, open_share=1.0)
        for number, ask in enumerate(self.asked, start=1):
            meeting, revisit = ask[8], ask[9]
            if revisit is not None:
                add(meeting.person.id, "revisit", revisit, meeting.held_on, meeting.id, number,
                    open_window=14, open_share=0.7)
        for person in people:
            if person.referred_by_id:
                add(person.id, "contact-referral", person.created_on + timedelta(days=3), person.created_on,
                    open_window=7, open_share=0.5)
        rows.sort(key=lambda r: (r[7], r[2]))
        return rows


PERSON_COLUMNS = (
    "id", "name", "name_key", "contact", "met_how", "referred_by_id", "institution_id", "role", "stage",
    "cadence_days", "do_not_contact", "created_on", "last_contact_on", "reconnect_on",
)
MEETING_COLUMNS = (
    "id", "person_id", "status", "planned_at", "place", "planned_minutes", "held_on", "minutes",
    "listened_pct", "next_step", "note", "created_at", "reflected_on",
)
PROMISE_COLUMNS = ("person_id", "meeting_id", "direction", "text", "due", "first_due", "status", "created_on", "closed_on")
ASK_COLUMNS = ("person_id", "meeting_id", "text", "answer", "asked_on", "revisit_on", "promise_id", "showed_up")
FOLLOWUP_COLUMNS = ("person_id", "kind", "due", "words", "status", "meeting_id", "ask_id", "created_on", "done_on")


def _moment(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores a DATETIME in SQLite


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


class Person:
    __slots__ = (
        "id", "name", "name_key", "stage", "created_on", "contact", "met_how", "referred_by_id", "institution_id",
        "role", "cadence_days", "do_not_contact", "aliases", "tags", "active_until", "weight", "last_contact_on",
        "reconnect_on",
    )

    def __init__(self, id: int, name: str, name_key: str, stage: str, created_on: date) -> None:
        self.id, self.name, self.name_key, self.stage, self.created_on = id, name, name_key, stage, created_on
        self.contact = self.met_how = self.referred_by_id = self.institution_id = self.role = self.cadence_days = None
        self.do_not_contact, self.aliases, self.tags, self.weight = False, [], [], 0.0
        self.active_until = self.last_contact_on = self.reconnect_on = None

    def row(self) -> tuple:
        return (
            self.id, self.name, self.name_key, self.contact, self.met_how, self.referred_by_id, self.institution_id,
            self.role, self.stage, self.cadence_days, int(self.do_not_contact), self.created_on.isoformat(),
            _day(self.last_contact_on), _day(self.reconnect_on),
        )


class Meeting:
    __slots__ = ("id", "person", "status", "planned_at", "place", "planned_minutes", "held_on", "minutes",
                 "listened_pct", "next_step", "note", "created_at")

    def __init__(self, person: Person, status: str, planned_at: datetime, place: str, planned_minutes: int) -> None:
        self.id, self.person, self.status, self.planned_at = 0, person, status, planned_at
        self.place, self.planned_minutes = place, planned_minutes
        self.held_on = self.minutes = self.listened_pct = self.next_step = self.note = None
        self.created_at = planned_at

    def row(self) -> tuple:
        return (
            self.id, self.person.id, self.status, _moment(self.planned_at), self.place, self.planned_minutes,
            _day(self.held_on), self.minutes, self.listened_pct, self.next_step, self.note, _moment(self.created_at),
            _day(self.reflected_on()),
        )

    def reflected_on(self) -> date | None:
        """Most reflections written the same day, one in four the next, one in twenty never."""
        if self.held_on is None or self.id % 20 == 0:
            return None
        return self.held_on + timedelta(days=1 if self.id % 4 == 0 else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description="Build a benchmark journal (deterministic; no network).")
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("--out", type=Path, required=True, help="folder to hold journal.db (used as OTO_HOME)")
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY, help="the day due items spread around")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the counts (0.1: a tenth of heavy)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    made = generate(args.out, args.size, today=args.today, scale=args.scale, seed=args.seed)
    report(made, args.out)


def report(made: Generated, folder: Path) -> None:
    counts = ", ".join(f"{n:,} {table}" for table, n in made.counts.items() if n)
    items = ", ".join(f"{n:,} {what}" for what, n in made.open_items.items())
    print(f"{made.size} journal ({folder / 'journal.db'}): built in {made.seconds:.1f} s, {made.bytes / 1e6:.1f} MB")
    print(f"  rows: {counts}")
    print(f"  around {made.today}: {items}")
    print(f"  name to use: {made.featured}")


if __name__ == "__main__":
    main()
