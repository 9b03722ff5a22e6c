"""Amending a saved reflection (`oto reflect --amend MEETING`): what was saved, as the fields the
editor's template and the flags use, and writing what the organizer changed in one transaction.

The amended reflection replaces the saved one, and what should survive does:
- the meeting's day, minutes, place, listening share, next step and note are set as written;
- an insight whose kind and text are unchanged stays (its id too); others are added, and those
  left out are removed (a correction, which `oto undo` can reverse; `oto unlearn` is the one
  that erases for good);
- a promise or commitment whose text is unchanged keeps its id and status (kept stays kept),
  taking a new date if one was written; new ones are added; an open one left out is removed (it
  was recorded by mistake), a closed one stays in the ledger and the summary says so;
- the ask: a new answer behaves like `oto answer` (a maybe that became a yes records their
  commitment and closes the revisit); a changed text or date moves its commitment or revisit;
- the next step's follow-up follows it: moved, renamed, closed when the next step is removed,
  or added;
- referrals are everyone this person suggested; names are found as a reflection finds them (a
  new name that finds no one is a new prospect), and one left out is no longer their referral
  (the person stays in the journal, their reminder to contact them closed).
Every change is a plain row change, in the caller's one write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from onetoone.domain.people import PersonRef
from onetoone.domain.reflection.about import Context
from onetoone.domain.reflection.build import Reflection
from onetoone.domain.reflection.fields import Fields, Pledge
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal


@dataclass(frozen=True)
class Change:
    """One thing an amendment changed, as facts render/reflect.py words.

    `what`: at, minutes, place, listened, note, next-step (old -> new); learned, unlearned (kind,
    text); promise-added, promise-removed, promise-due, promise-stays (id, direction, text, due or
    status); ask-added, ask-removed, ask-text; answer (the `corrections.Answered`); commitment-due,
    revisit-due; next-added, next-moved, next-closed (the follow-up); referral-added,
    referral-removed."""

    what: str
    old: object = None
    new: object = None
    id: int | None = None
    kind: str = ""  # an insight's kind, or a promise's direction
    detail: object = None


@dataclass
class Amended:
    person: str
    person_id: int
    meeting_id: int
    held_on: date
    changes: list[Change] = field(default_factory=list)


def find(journal: Journal, typed: str) -> int:
    """The held one-to-one `typed` names: `m12`, or a person's name for their last one held."""
    from onetoone.domain import people

    text = (typed or "").strip().lower().lstrip("#")
    if text[:1] == "m" and text[1:].isascii() and text[1:].isdigit() and len(text) <= 13:
        row = journal.row("SELECT status FROM meeting WHERE id = :id", {"id": int(text[1:])})
        if row is None:
            raise NotFound(f"There is no one-to-one {text}. `oto show NAME` lists a person's meetings with their ids.")
        if row["status"] != "held":
            raise BadInput(
                f"{text} is {row['status']}, not held, so it has no reflection to amend; "
                "write one with `oto reflect NAME`."
            )
        return int(text[1:])
    person = people.resolve(journal, typed)
    found = journal.value(
        "SELECT id FROM meeting WHERE person_id = :p AND status = 'held' ORDER BY held_on DESC, id DESC LIMIT 1",
        {"p": person.id},
    )
    if found is None:
        raise NotFound(f"No one-to-one with {person.name} is recorded as held; there is no reflection to amend.")
    return found


def context(journal: Journal, meeting_id: int, *, date_order: str | None = None) -> Context:
    """What building the amended reflection needs: who, and the day it was held (the default)."""
    from onetoone.domain import people, settings

    row = journal.row("SELECT person_id, held_on FROM meeting WHERE id = :m", {"m": meeting_id})
    order = settings.date_order(journal) or date_order
    return Context(people.get(journal, row["person_id"]), None, row["held_on"], settings.get_int(journal, "revisit_days"), order)


def who(journal: Journal, meeting_id: int, fields: Fields, *, date_order: str | None = None) -> Context:
    """The context of an amendment, its `name:` line (if any) found as every name is: it must
    still be the person the one-to-one was with."""
    from onetoone.domain import people

    ctx = context(journal, meeting_id, date_order=date_order)
    written = (fields.get("name") or [None])[0]
    if written and people.resolve(journal, written).id != ctx.person.id:
        raise BadInput(
            f"m{meeting_id} is your one-to-one with {ctx.person.name}, not '{written}'; an amendment cannot move it "
            f"to someone else. Keep the name: line as {ctx.person.name}."
        )
    return ctx


def merged(saved_fields: Fields, given: Fields) -> Fields:
    """What was saved with the fields given (flags) in place of the same fields; a revisit date
    goes with an answer that is no longer a maybe or a later."""
    fields = {**saved_fields, **given}
    return without_stale_revisit(fields, replaced="answer" in given and "revisit" not in given)


def without_stale_revisit(fields: Fields, *, replaced: bool = True) -> Fields:
    """The fields without their revisit date when the answer is a yes or a no (an amendment
    that changed a maybe to a yes keeps no revisit line to refuse)."""
    from onetoone.domain.reflection.build import read_answer

    answer = (fields.get("answer") or [""])[0]
    try:
        stale = replaced and isinstance(answer, str) and read_answer(answer) in ("yes", "no")
    except BadInput:
        stale = False
    return {key: values for key, values in fields.items() if not (stale and key == "revisit")}


def saved(journal: Journal, meeting_id: int) -> Fields:
    """The reflection as saved, as template fields (what `oto reflect --edit` would have taken)."""
    from onetoone.vocabulary import INSIGHT_KINDS

    m = journal.row(
        "SELECT m.*, p.name AS person FROM meeting m JOIN person p ON p.id = m.person_id WHERE m.id = :m", {"m": meeting_id}
    )
    fields: Fields = {"name": [m["person"]], "at": [m["held_on"].isoformat()]}

    def put(key: str, value) -> None:
        if value is not None and value != "":
            fields.setdefault(key, []).append(value if isinstance(value, (str, Pledge)) else str(value))

    put("minutes", m["minutes"])
    put("place", m["place"])
    put("listened", m["listened_pct"])
    insights = journal.rows("SELECT kind, text FROM insight WHERE meeting_id = :m ORDER BY id", {"m": meeting_id})
    for kind in INSIGHT_KINDS:
        for row in insights:
            if row["kind"] == kind:
                put(kind, row["text"])
    ask = _ask(journal, meeting_id)
    if ask is not None:
        dated = ask["answer"] == "yes" and ask["committed"] is not None
        put("ask", f"{ask['text']} by {ask['committed'].isoformat()}" if dated else ask["text"])
        put("answer", ask["answer"])
        if ask["answer"] in ("maybe", "later") and ask["revisit_on"] is not None:
            put("revisit", ask["revisit_on"].isoformat())
    for row in _promises(journal, meeting_id):
        put("they-promise" if row["direction"] == "theirs" else "i-promise", Pledge(row["text"], row["due"]))
    for row in _referrals(journal, m["person_id"]):
        put("referral", row["name"])
    put("next-step", m["next_step"])
    step = _next_step(journal, meeting_id)
    if step is not None and step["status"] == "open":
        put("next", step["due"].isoformat())
    put("note", m["note"])
    return fields


def about(journal: Journal, meeting_id: int) -> list[str]:
    """Lines above the template: which reflection this is, and promises closed already."""
    from onetoone import dates

    m = journal.row(
        "SELECT m.held_on, p.name FROM meeting m JOIN person p ON p.id = m.person_id WHERE m.id = :m", {"m": meeting_id}
    )
    lines = [f"Amending your reflection on the one-to-one with {m['name']} on {dates.show_day(m['held_on'])} (m{meeting_id}).",
             "What you save replaces it; a promise whose text you keep keeps its id and status."]
    closed = [f"p{row['id']} ({row['text'][:40]}) is {row['status']}" for row in _promises(journal, meeting_id)
              if row["status"] not in ("open", "renegotiated")]
    if closed:
        lines.append("Already closed: " + "; ".join(closed) + ".")
    lines.append("Referrals: everyone they have suggested, from any one-to-one.")
    return lines


def amend(journal: Journal, meeting_id: int, r: Reflection, *, today: date) -> Amended:
    """Write the amended reflection `r` over the saved one (see the module's rules)."""
    from onetoone.domain import people
    from onetoone.store.models import Meeting

    meeting = journal.get(Meeting, meeting_id)
    if meeting is None or meeting.status != "held":
        raise BadInput(f"m{meeting_id} is no longer a one-to-one held; nothing was changed.")
    person = people.get(journal, meeting.person_id)
    if r.person_id != person.id:
        raise BadInput(
            f"m{meeting_id} is your one-to-one with {person.name}; an amendment cannot move it to someone else. "
            f"Keep the name: line as {person.name}."
        )
    done = Amended(person.name, person.id, meeting_id, r.held_on)
    _meeting(journal, meeting, r, done, today=today)
    _insights(journal, meeting_id, r, done)
    _ask_changes(journal, meeting_id, person, r, done, today=today)
    _promise_changes(journal, meeting_id, person.id, r, done)
    _next(journal, meeting, r, done, today=today)
    _referral_changes(journal, person, r, done, today=today)
    return done


# -- what is saved ----------------------------------------------------------------------------------


def _ask(journal: Journal, meeting_id: int):
    return journal.row(
        """SELECT a.id, a.text, a.answer, a.revisit_on, a.promise_id, pr.due AS committed, pr.status AS committed_status
           FROM ask a LEFT JOIN promise pr ON pr.id = a.promise_id
           WHERE a.meeting_id = :m ORDER BY a.id LIMIT 1""",
        {"m": meeting_id},
    )


def _promises(journal: Journal, meeting_id: int):
    """The meeting's promises both ways, not counting the commitment of a yes (the ask holds it)."""
    return journal.rows(
        """SELECT id, direction, text, due, status FROM promise
           WHERE meeting_id = :m AND id NOT IN (SELECT promise_id FROM ask WHERE promise_id IS NOT NULL)
           ORDER BY id""",
        {"m": meeting_id},
    )


def _referrals(journal: Journal, person_id: int):
    return journal.rows("SELECT id, name FROM person WHERE referred_by_id = :p ORDER BY id", {"p": person_id})


def _next_step(journal: Journal, meeting_id: int):
    return journal.row(
        "SELECT id, status, due, words FROM followup WHERE meeting_id = :m AND kind = 'next-step' ORDER BY id DESC LIMIT 1",
        {"m": meeting_id},
    )


# -- writing the changes ------------------------------------------------------------------------------


def _meeting(journal: Journal, meeting, r: Reflection, done: Amended, *, today: date) -> None:
    from onetoone.domain import settings
    from onetoone.domain.corrections import recount_contact

    old_day = meeting.held_on
    for what, attribute, new in (
        ("at", "held_on", r.held_on), ("minutes", "minutes", r.minutes), ("place", "place", r.place),
        ("listened", "listened_pct", r.listened_pct), ("next-step", "next_step", r.next_step), ("note", "note", r.note),
    ):
        old = getattr(meeting, attribute)
        if old != new:
            setattr(meeting, attribute, new)
            done.changes.append(Change(what, old, new))
    journal.add(meeting)
    if r.held_on != old_day:
        params = {"m": meeting.id, "day": r.held_on}
        journal.execute("UPDATE insight SET created_on = :day WHERE meeting_id = :m", params)
        journal.execute(
            "UPDATE followup SET due = :due WHERE meeting_id = :m AND kind = 'thank' AND status = 'open'",
            {"m": meeting.id, "due": r.held_on + timedelta(days=settings.get_int(journal, "thank_days"))},
        )
        recount_contact(journal, meeting.person_id)


def _insights(journal: Journal, meeting_id: int, r: Reflection, done: Amended) -> None:
    from onetoone.store.models import Insight

    remaining = list(journal.rows("SELECT id, kind, text FROM insight WHERE meeting_id = :m ORDER BY id", {"m": meeting_id}))
    for kind, text in r.insights:
        same = next((row for row in remaining if row["kind"] == kind and row["text"] == text), None)
        if same is not None:
            remaining.remove(same)
            continue
        made = journal.add(Insight(person_id=done.person_id, meeting_id=meeting_id, kind=kind, text=text, created_on=r.held_on))
        done.changes.append(Change("learned", new=text, id=made.id, kind=kind))
    for row in remaining:
        journal.delete(journal.get(Insight, row["id"]))
        done.changes.append(Change("unlearned", old=row["text"], id=row["id"], kind=row["kind"]))


def _promise_changes(journal: Journal, meeting_id: int, person_id: int, r: Reflection, done: Amended) -> None:
    from onetoone.store.models import Promise

    remaining = list(_promises(journal, meeting_id))
    for direction, pledges in (("theirs", r.theirs), ("mine", r.mine)):
        for pledge in pledges:
            same = next((row for row in remaining if row["direction"] == direction and row["text"] == pledge.text), None)
            if same is None:
                made = journal.add(Promise(person_id=person_id, meeting_id=meeting_id, direction=direction, text=pledge.text,
                                           due=pledge.due, first_due=pledge.due, status="open", created_on=r.held_on))
                done.changes.append(Change("promise-added", new=pledge.due, id=made.id, kind=direction, detail=pledge.text))
                continue
            remaining.remove(same)
            if same["due"] != pledge.due:
                _move(journal.get(Promise, same["id"]), pledge.due)
                done.changes.append(Change("promise-due", same["due"], pledge.due, id=same["id"], kind=direction, detail=pledge.text))
    for row in remaining:
        if row["status"] in ("open", "renegotiated"):
            journal.delete(journal.get(Promise, row["id"]))
            done.changes.append(Change("promise-removed", id=row["id"], kind=row["direction"], detail=row["text"]))
        else:
            done.changes.append(Change("promise-stays", new=row["status"], id=row["id"], kind=row["direction"], detail=row["text"]))


def _move(promise, due: date) -> None:
    """A promise's date corrected (its first date too, if it was never renegotiated)."""
    if promise.first_due == promise.due:
        promise.first_due = due
    promise.due = due


def _ask_changes(journal: Journal, meeting_id: int, person: PersonRef, r: Reflection, done: Amended, *, today: date) -> None:
    from onetoone.domain import corrections
    from onetoone.domain.reflection.record import write_ask
    from onetoone.store.models import Ask, Promise

    old = _ask(journal, meeting_id)
    if old is None and r.ask is None:
        return
    if old is None:
        number, commitment, agree, revisit = write_ask(journal, r, person.id, meeting_id, today=today)
        done.changes.append(Change("ask-added", new=r.answer, id=number, detail=(r.ask, commitment, agree, revisit)))
        return
    closed = old["promise_id"] is not None and old["committed_status"] not in ("open", "renegotiated")
    if r.ask is None or r.answer is None and old["answer"] is not None:
        if closed:
            raise BadInput(
                f"Their yes to '{old['text']}', p{old['promise_id']}, is already {old['committed_status']}, so the ask stays; "
                f"reopen it first (`oto reopen p{old['promise_id']}`) if the yes was a mistake."
            )
        params = {"ask": old["id"], "today": today}
        journal.execute("UPDATE followup SET status = 'done', done_on = :today WHERE ask_id = :ask AND status = 'open'", params)
        if old["promise_id"] is not None:
            journal.execute("UPDATE ask SET promise_id = NULL WHERE id = :ask", params)
            journal.delete(journal.get(Promise, old["promise_id"]))
        if r.ask is None:
            journal.execute("DELETE FROM followup WHERE ask_id = :ask", params)
            journal.delete(journal.get(Ask, old["id"]))
            done.changes.append(Change("ask-removed", old=old["text"], id=old["id"]))
            return
        journal.execute("UPDATE ask SET answer = NULL, revisit_on = NULL, showed_up = NULL WHERE id = :ask", params)
        done.changes.append(Change("answer-removed", old=old["answer"], id=old["id"]))
        old = _ask(journal, meeting_id)
    ask = journal.get(Ask, old["id"])
    if r.ask != old["text"]:
        ask.text = r.ask
        journal.add(ask)
        if old["promise_id"] is not None:
            commitment = journal.get(Promise, old["promise_id"])
            if commitment.text == old["text"]:
                commitment.text = r.ask
                journal.add(commitment)
        done.changes.append(Change("ask-text", old["text"], r.ask, id=old["id"]))
    undated_yes = old["answer"] == "yes" and old["promise_id"] is None
    if r.answer is not None and (r.answer != old["answer"] or (undated_yes and r.committed_on is not None)):
        by = r.committed_on if r.answer == "yes" else r.revisit_on if r.revisit_on and r.revisit_on >= today else None
        answered = corrections.answer(journal, old["id"], r.answer, by=by, today=today, undated=True)
        done.changes.append(Change("answer", old["answer"], r.answer, id=old["id"], detail=answered))
    elif r.answer == "yes" and old["promise_id"] is not None and r.committed_on not in (None, old["committed"]):
        _move(journal.get(Promise, old["promise_id"]), r.committed_on)
        journal.add(journal.get(Promise, old["promise_id"]))
        done.changes.append(Change("commitment-due", old["committed"], r.committed_on, id=old["promise_id"]))
    elif r.answer in ("maybe", "later") and r.revisit_on != old["revisit_on"]:
        ask.revisit_on = r.revisit_on
        journal.add(ask)
        journal.execute(
            "UPDATE followup SET due = :due WHERE ask_id = :ask AND kind = 'revisit' AND status = 'open'",
            {"due": r.revisit_on, "ask": old["id"]},
        )
        done.changes.append(Change("revisit-due", old["revisit_on"], r.revisit_on, id=old["id"]))


def _next(journal: Journal, meeting, r: Reflection, done: Amended, *, today: date) -> None:
    from onetoone.domain import followups

    step = _next_step(journal, meeting.id)
    is_open = step is not None and step["status"] == "open"
    if r.next_on is None:
        if is_open:
            journal.execute("UPDATE followup SET status = 'done', done_on = :today WHERE id = :id", {"today": today, "id": step["id"]})
            done.changes.append(Change("next-closed", id=step["id"], old=step["due"]))
        return
    if is_open:
        if (step["due"], step["words"]) != (r.next_on, r.next_step):
            journal.execute("UPDATE followup SET due = :due, words = :words WHERE id = :id",
                            {"due": r.next_on, "words": r.next_step, "id": step["id"]})
            done.changes.append(Change("next-moved", step["due"], r.next_on, id=step["id"]))
        return
    number = followups.schedule(journal, person_id=meeting.person_id, kind="next-step", due=r.next_on, words=r.next_step,
                                today=today, meeting_id=meeting.id)
    done.changes.append(Change("next-added", new=r.next_on, id=number))


def _referral_changes(journal: Journal, person: PersonRef, r: Reflection, done: Amended, *, today: date) -> None:
    from onetoone.domain.reflection.record import add_referral, referred

    before = {row["id"]: row["name"] for row in _referrals(journal, person.id)}
    kept: set[int] = set()
    for name in r.referrals:
        found = referred(journal, name, person)
        if len(found.ids) == 1 and found.ids[0] in before:
            kept.add(found.ids[0])
            continue
        made = add_referral(journal, person, name, held_on=r.held_on, today=today)
        done.changes.append(Change("referral-added", detail=made))
    for number, name in before.items():
        if number in kept:
            continue
        params = {"id": number, "today": today}
        journal.execute("UPDATE person SET referred_by_id = NULL WHERE id = :id", params)
        journal.execute(
            "UPDATE followup SET status = 'done', done_on = :today WHERE person_id = :id AND kind = 'contact-referral' AND status = 'open'",
            params,
        )
        done.changes.append(Change("referral-removed", old=name, id=number))
