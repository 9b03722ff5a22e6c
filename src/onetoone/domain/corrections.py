"""Putting right what was recorded by mistake: re-opening an item closed too soon, and (below)
the other targeted corrections. Each runs in the caller's one write transaction, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone.dates import show_day
from onetoone.domain import followups, promises
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal
from onetoone.vocabulary import DUE_LABELS


@dataclass(frozen=True)
class Reopened:
    """An item open again: a promise (`entry`) or a follow-up (its kind, person and day)."""

    id: str
    kind: str
    person: str
    due: date
    entry: promises.Entry | None = None
    unheld_on: date | None = None  # a reflection reopened: its one-to-one is planned again, not held


def reopen_all(journal: Journal, typed: list[str], *, today: date) -> list[Reopened]:
    """Re-open kept, broken or released promises and done follow-ups: all of them, or none."""
    from onetoone.errors import one_batch, whole_batch

    found = one_batch(typed, followups.parse_id)
    with whole_batch(len(found)):
        return [_reopen(journal, letter, number) for letter, number in found]


def _reopen(journal: Journal, letter: str, number: int) -> Reopened:
    if letter == "p":
        entry = reopen_promise(journal, number)
        return Reopened(f"p{number}", f"promise-{entry.direction}", entry.person, entry.due, entry=entry)
    if letter == "r":
        raise BadInput(f"r{number} is a suggestion, not something recorded; there is nothing to reopen.")
    return _reopen_followup(journal, number)


def reopen_promise(journal: Journal, number: int) -> promises.Entry:
    """A closed promise open again with its due date (still renegotiated if it was); the show-up
    record of the "yes" it came from is cleared."""
    from onetoone.store.models import Ask, Promise

    entry = promises.get(journal, number)
    if entry.is_open:
        raise BadInput(f"p{number} is still open; there is nothing to reopen.")
    promise = journal.get(Promise, number)
    promise.status = "open" if promise.due == promise.first_due else "renegotiated"
    promise.closed_on = None
    for (ask_id,) in journal.rows("SELECT id FROM ask WHERE promise_id = :promise", {"promise": number}):
        journal.get(Ask, ask_id).showed_up = None
    return promises.get(journal, number)


def _reopen_followup(journal: Journal, number: int) -> Reopened:
    from onetoone.store.models import FollowUp

    row = journal.row(
        "SELECT f.*, p.name AS person FROM followup f JOIN person p ON p.id = f.person_id WHERE f.id = :id", {"id": number}
    )
    if row is None:
        raise NotFound(f"There is no follow-up f{number}. See `oto due` for the ids.")
    if row["status"] == "open":
        raise BadInput(f"f{number} ({DUE_LABELS.get(row['kind'], 'follow-up')}, {row['person']}) is still open; there is nothing to reopen.")
    unheld_on = None
    if row["kind"] == "reflect" and row["meeting_id"] is not None:
        unheld_on = _unhold(journal, row["meeting_id"], f"f{number}")
    item = journal.get(FollowUp, number)
    item.status, item.done_on = "open", None
    if row["kind"] in ("reflect", "reconnect"):
        recount_contact(journal, row["person_id"])
    return Reopened(f"f{number}", row["kind"], row["person"], row["due"], unheld_on=unheld_on)


def _unhold(journal: Journal, meeting_id: int, what: str) -> date | None:
    """A reflection marked done without one recorded its one-to-one as held: reopening it plans
    the meeting again. One with a reflection written stays as it is (refused)."""
    from onetoone.store.models import Meeting, Person

    meeting = journal.get(Meeting, meeting_id)
    if meeting.status != "held":
        return None
    written = journal.value(
        """SELECT EXISTS (SELECT 1 FROM insight WHERE meeting_id = :m) OR EXISTS (SELECT 1 FROM ask WHERE meeting_id = :m)
                  OR EXISTS (SELECT 1 FROM promise WHERE meeting_id = :m)
                  OR EXISTS (SELECT 1 FROM followup WHERE meeting_id = :m AND kind IN ('thank', 'next-step'))""",
        {"m": meeting_id},
    )
    if written or meeting.minutes or meeting.note or meeting.listened_pct is not None or meeting.next_step:
        raise BadInput(
            f"The one-to-one of {show_day(meeting.held_on)} (m{meeting_id}) has its reflection written, "
            f"so {what} stays done."
        )
    held_on, meeting.status, meeting.held_on = meeting.held_on, "planned", None
    person = journal.get(Person, meeting.person_id)
    journal.add(meeting)
    others = journal.value(
        "SELECT count(*) FROM meeting WHERE person_id = :p AND status = 'held'", {"p": person.id}
    )
    if person.stage == "met" and not others:
        person.stage = "prospect"  # what marking it held had moved them from
    journal.execute("DELETE FROM stage_move WHERE meeting_id = :m", {"m": meeting_id})  # that move never was
    return held_on


def recount_contact(journal: Journal, person_id: int) -> None:
    """Last contact as the journal's rows have it: the latest one-to-one held, reconnect done or
    contact logged (`oto log`)."""
    from onetoone.domain import people

    journal.execute(
        """UPDATE person SET last_contact_on = (
             SELECT max(day) FROM (
               SELECT held_on AS day FROM meeting WHERE person_id = :p AND status = 'held'
               UNION ALL SELECT done_on FROM followup WHERE person_id = :p AND kind = 'reconnect' AND status = 'done'
               UNION ALL SELECT contacted_on FROM contact WHERE person_id = :p))
           WHERE id = :p""",
        {"p": person_id},
    )
    people.refresh_reconnect(journal, person_id)


def amend_promise(
    journal: Journal, number: int, *, text: str | None = None, due: date | None = None, direction: str | None = None,
) -> promises.Entry:
    """Correct what a promise says, its due date (and its first one, if it was never moved) or
    whose it is; a commitment from a "yes" to an ask stays theirs."""
    from onetoone.domain.text import clean
    from onetoone.store.models import Promise

    if text is None and due is None and direction is None:
        raise BadInput("Nothing to change. Give --text, --by, --mine or --theirs (see `oto amend --help`).")
    entry = promises.get(journal, number)
    promise = journal.get(Promise, number)
    if text is not None:
        promise.text = clean(text, "promise", limit=promises.TEXT_LIMIT)
    if due is not None:
        if due < entry.created_on:
            raise BadInput(f"p{number} was recorded on {show_day(entry.created_on)}; it cannot have been due before that.")
        if promise.first_due == promise.due:
            promise.first_due = due
        promise.due = due
    if direction is not None and direction != entry.direction:
        if entry.ask_text is not None:
            raise BadInput(f"p{number} is {entry.person}'s yes to an ask, so it stays their commitment.")
        promise.direction = direction
    journal.add(promise)
    return promises.get(journal, number)


# -- changing an ask's answer later ---------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """What changing an answer did: the ask, the old and new answer, and what followed from it."""

    id: int
    person: str
    text: str
    old: str | None
    new: str
    commitment: promises.Entry | None = None  # made for a yes
    released: promises.Entry | None = None  # the commitment of a yes that is no longer one
    revisit: tuple[int, date] | None = None  # the follow-up made for a maybe or later
    agree: tuple[int, date] | None = None  # the follow-up to agree a date, for a yes without one
    revisits_closed: int = 0
    date_agreed: bool = False  # a reminder to agree a date for a yes was closed
    stage: tuple[str, str] | None = None  # (old, new) when a yes moved them up the ladder


def find_ask(journal: Journal, typed: str) -> int:
    """'a3' is ask 3; anything else names a person, whose latest ask it is."""
    from onetoone.domain import people

    text = (typed or "").strip().lower().lstrip("#")
    if text[:1] == "a" and text[1:].isascii() and text[1:].isdigit() and len(text) <= 13:
        if journal.value("SELECT id FROM ask WHERE id = :id", {"id": int(text[1:])}) is None:
            raise NotFound(f"There is no ask {text}. `oto show NAME` lists a person's asks with their ids.")
        return int(text[1:])
    person = people.resolve(journal, typed)
    found = journal.value(
        "SELECT id FROM ask WHERE person_id = :p ORDER BY asked_on DESC, id DESC LIMIT 1", {"p": person.id}
    )
    if found is None:
        raise NotFound(f"No ask of {person.name} is recorded; an ask is recorded with `oto reflect`.")
    return found


def answer(journal: Journal, number: int, given: str, *, by: date | None, today: date, undated: bool = False) -> Answered:
    """Change an ask's answer: a yes makes their commitment (due `by`) and closes the revisit; a
    yes no longer one releases its commitment; a maybe or later gets a revisit (`by`, or the
    revisit_days setting from today). A yes saved without a date takes its date the same way
    (`yes --by DATE`), which closes its reminder to agree one. With `undated` (an amended
    reflection), a yes without a date is kept as a reflection keeps one: with a reminder to agree it."""
    from datetime import timedelta

    from onetoone.domain import people, settings
    from onetoone.store.models import Ask, Person, Promise
    from onetoone.vocabulary import ANSWERS

    new = (given or "").strip().lower()
    if new not in ANSWERS:
        raise BadInput(f"Unknown answer '{given}'. Use one of: {', '.join(ANSWERS)}.")
    ask = journal.get(Ask, number)
    person = journal.get(Person, ask.person_id)
    old = ask.answer
    dateless_yes = old == "yes" and ask.promise_id is None
    if new == old and not (dateless_yes and by is not None):
        raise BadInput(f"a{number} is already '{new}'; nothing was changed.")
    if new == "no" and by is not None:
        raise BadInput("--by is the date of a yes, or the day to revisit a maybe or a later; a no takes none.")
    if new == "yes" and by is None and not undated:
        raise BadInput("A yes needs the date they committed to: add --by, like --by 'next sat'.")
    if by is not None and by < today and new != "yes":
        raise BadInput(f"The day to revisit, {show_day(by)}, has passed; give today or a later day.")
    if by is not None and by < ask.asked_on:
        raise BadInput(f"a{number} was asked on {show_day(ask.asked_on)}; the date cannot be before that.")
    result = dict(id=number, person=person.name, text=ask.text, old=old, new=new)
    if old == "yes" and ask.promise_id is not None:
        entry = promises.get(journal, ask.promise_id)
        if not entry.is_open:
            raise BadInput(
                f"Their yes, p{entry.id}, is already {entry.status}; reopen it first (`oto reopen p{entry.id}`) "
                "if that was a mistake."
            )
        result["released"] = promises.close(journal, entry.id, "released", today=today).entry
    result["revisits_closed"] = journal.execute(
        "UPDATE followup SET status = 'done', done_on = :today WHERE ask_id = :ask AND kind = 'revisit' AND status = 'open'",
        {"today": today, "ask": number},
    )
    result["date_agreed"] = journal.execute(  # a yes that was waiting for its date has one now, or is no yes
        "UPDATE followup SET status = 'done', done_on = :today WHERE ask_id = :ask AND kind = 'agree-date' AND status = 'open'",
        {"today": today, "ask": number},
    ) > 0
    ask.answer, ask.revisit_on, ask.showed_up = new, None, None
    if new == "yes" and by is None:
        due = max(ask.asked_on + timedelta(days=1), today)
        result["agree"] = (followups.schedule(journal, person_id=person.id, kind="agree-date", due=due, today=today,
                                              ask_id=number), due)
    elif new == "yes":
        made = journal.add(Promise(person_id=person.id, meeting_id=ask.meeting_id, direction="theirs", text=ask.text,
                                   due=by, first_due=by, status="open", created_on=today))
        ask.promise_id = made.id
        result["commitment"] = promises.get(journal, made.id)
    if new == "yes":
        if person.stage == "met":  # a yes is a commitment: one rung up the ladder, as in a reflection
            people.move_stage(journal, person, "committed", on=today, meeting_id=ask.meeting_id)
            result["stage"] = ("met", "committed")
            people.refresh_reconnect(journal, person.id)
    elif new in ("maybe", "later"):
        ask.revisit_on = by or today + timedelta(days=settings.get_int(journal, "revisit_days"))
        item = followups.schedule(journal, person_id=person.id, kind="revisit", due=ask.revisit_on, today=today, ask_id=number)
        result["revisit"] = (item, ask.revisit_on)
    journal.add(ask)
    return Answered(**result)


# -- insights: removing one, moving one -----------------------------------------------------------


@dataclass(frozen=True)
class Learned:
    """An insight as it now is (or was, when removed): whose, what kind, what it says."""

    id: int
    person: str
    kind: str
    text: str
    moved_from: str | None = None  # the person it was wrongly recorded about
    old_kind: str | None = None


def parse_insight_id(typed: str) -> int:
    """'i12', 'I12', '#i12' or '12' -> 12."""
    text = (typed or "").strip().lower().lstrip("#")
    number = text[1:] if text.startswith("i") else text
    if number.isascii() and number.isdigit() and len(number) <= 12:
        return int(number)
    raise BadInput(f"'{typed}' is not an insight id. `oto show NAME` lists each with its id, like i12.")


def _insight(journal: Journal, number: int):
    from onetoone.store.models import Insight

    found = journal.get(Insight, number)
    if found is None:
        raise NotFound(f"There is no insight i{number}. `oto show NAME` lists each with its id.")
    return found


def _name(journal: Journal, person_id: int) -> str:
    return journal.value("SELECT name FROM person WHERE id = :id", {"id": person_id})


def unlearn_all(journal: Journal, typed: list[str]) -> list[Learned]:
    """Remove insights (boundaries too) for good: all of them, or none. The bytes are overwritten,
    as forgetting does: what was noted about the wrong person should not linger in the file."""
    from onetoone.errors import one_batch, whole_batch

    numbers = one_batch(typed, parse_insight_id)
    with whole_batch(len(numbers)):
        found = [_insight(journal, number) for number in numbers]
    removed = [Learned(row.id, _name(journal, row.person_id), row.kind, row.text) for row in found]
    journal.erase_for_good()
    for row in found:
        journal.delete(row)
    return removed


def move_insight(journal: Journal, number: int, *, to=None, kind: str | None = None) -> Learned:
    """Move an insight to the person it is really about (`to`, a PersonRef) and/or to another kind."""
    from onetoone.vocabulary import INSIGHT_KINDS

    if to is None and kind is None:
        raise BadInput("Nothing to change. Give --to NAME or --kind KIND (see `oto move --help`).")
    row = _insight(journal, number)
    before, old_kind = _name(journal, row.person_id), row.kind
    if kind is not None:
        kind = kind.strip().lower()
        if kind not in INSIGHT_KINDS:
            raise BadInput(f"Unknown kind '{kind}'. Use one of: {', '.join(INSIGHT_KINDS)}.")
        row.kind = kind
    moved = to is not None and to.id != row.person_id
    if moved:
        row.person_id, row.meeting_id = to.id, None  # that meeting was with the other person
    if not moved and row.kind == old_kind:
        raise BadInput(f"i{number} is already {row.kind}, about {before}; nothing was changed.")
    journal.add(row)
    return Learned(row.id, _name(journal, row.person_id), row.kind, row.text,
                   moved_from=before if moved else None, old_kind=old_kind if row.kind != old_kind else None)


# -- merging two records of one person ------------------------------------------------------------

_MOVED = ("meeting", "insight", "promise", "ask", "followup", "contact", "stage_move")  # each row has its person_id
_FILLED = ("contact", "met_how", "institution_id", "role", "cadence_days")  # kept's own value wins


@dataclass(frozen=True)
class Merged:
    name: str  # the one kept
    gone: str  # the name that is now an alias of it
    moved: dict[str, int]  # rows moved, by table


def _move_attendance(journal: Journal, params: dict) -> int:
    """Their attendance moves to `keep`; at an event both were recorded at (one person written
    twice), one row stays: 'came' if either came (their commitments for it kept, then), with a
    commitment if either had one. Runs after their promises have moved to `keep`."""
    from onetoone.domain import events

    came = [r[0] for r in journal.rows(
        """SELECT k.event_id FROM attendance k JOIN attendance g ON g.event_id = k.event_id AND g.person_id = :gone
           WHERE k.person_id = :keep AND k.status != 'came' AND g.status = 'came'""", params)]
    for event_id in came:
        event = events.get(journal, event_id)
        for commitment in events.commitments(journal, event):
            if commitment.person_id == params["keep"] and commitment.linked:
                events.settle(journal, commitment.promise_id, event, kept=True)
    journal.execute(
        """UPDATE attendance SET status = 'came' WHERE person_id = :keep AND status != 'came' AND event_id IN
           (SELECT event_id FROM attendance WHERE person_id = :gone AND status = 'came')""", params)
    journal.execute(
        """UPDATE attendance SET promise_id = (SELECT g.promise_id FROM attendance g WHERE g.person_id = :gone
             AND g.event_id = attendance.event_id)
           WHERE person_id = :keep AND promise_id IS NULL AND event_id IN (SELECT event_id FROM attendance WHERE person_id = :gone)""",
        params)
    both = journal.execute(
        "DELETE FROM attendance WHERE person_id = :gone AND event_id IN (SELECT event_id FROM attendance WHERE person_id = :keep)", params)
    return both + journal.execute("UPDATE attendance SET person_id = :keep WHERE person_id = :gone", params)


def merge(journal: Journal, keep, gone, *, today: date) -> Merged:
    """Move everything recorded about `gone` to `keep` (both PersonRefs) and delete `gone`, whose
    name and aliases become aliases of `keep`: meetings, insights, promises, asks, follow-ups,
    tags, events attended and hosted, introductions and the people they referred. Facts `keep` lacks are taken from `gone`; the higher
    stage, the earlier day added, the later contact and any do-not-contact win."""
    from onetoone.domain import people
    from onetoone.store.models import Person
    from onetoone.vocabulary import STAGES

    if keep.id == gone.id:
        raise BadInput(f"'{keep.name}' and '{gone.name}' are the same person; name two different people.")
    names = [gone.name, *people.aliases(journal, gone.id)]
    other = journal.get(Person, gone.id)
    kept = journal.get(Person, keep.id)
    for attribute in _FILLED:
        if getattr(kept, attribute) is None:
            setattr(kept, attribute, getattr(other, attribute))
    if kept.referred_by_id in (None, gone.id):
        kept.referred_by_id = other.referred_by_id if other.referred_by_id != keep.id else None
    kept.stage = max(kept.stage, other.stage, key=STAGES.index)
    kept.do_not_contact = kept.do_not_contact or other.do_not_contact
    kept.created_on = min(kept.created_on, other.created_on)
    kept.last_contact_on = max(filter(None, (kept.last_contact_on, other.last_contact_on)), default=None)
    journal.add(kept)
    params = {"keep": keep.id, "gone": gone.id}
    moved = {table: journal.execute(f"UPDATE {table} SET person_id = :keep WHERE person_id = :gone", params) for table in _MOVED}
    moved["attendance"] = _move_attendance(journal, params)
    journal.execute("UPDATE event SET host_id = :keep WHERE host_id = :gone", params)
    journal.execute("INSERT OR IGNORE INTO tag (person_id, tag) SELECT :keep, tag FROM tag WHERE person_id = :gone", params)
    journal.execute("UPDATE person SET referred_by_id = :keep WHERE referred_by_id = :gone AND id != :keep", params)
    moved["introduction"] = _move_introductions(journal, params)
    journal.execute("DELETE FROM tag WHERE person_id = :gone", params)
    journal.execute("DELETE FROM person_key WHERE person_id = :gone", params)
    journal.execute("DELETE FROM person WHERE id = :gone", params)
    journal.session.expunge(other)
    people.edit(journal, people.get(journal, keep.id), people.PersonFields(aliases=names), today=today)
    return Merged(keep.name, gone.name, moved)


def _move_introductions(journal: Journal, params: dict) -> int:
    """The duplicate's introductions become the kept one's; one between the two records of the
    same person is dropped, and of two with the same someone the earlier is kept."""
    moved = journal.execute("UPDATE introduction SET person_id = :keep WHERE person_id = :gone", params)
    moved += journal.execute("UPDATE introduction SET other_id = :keep WHERE other_id = :gone", params)
    journal.execute("DELETE FROM introduction WHERE person_id = other_id", params)
    journal.execute(  # of two introductions to the same someone, the earlier stays
        """DELETE FROM introduction WHERE :keep IN (person_id, other_id) AND EXISTS (
             SELECT 1 FROM introduction y WHERE y.id != introduction.id
               AND (y.person_id + y.other_id) = (introduction.person_id + introduction.other_id) AND :keep IN (y.person_id, y.other_id)
               AND (y.introduced_on < introduction.introduced_on OR (y.introduced_on = introduction.introduced_on AND y.id < introduction.id)))""",
        params,
    )
    return moved
