"""The screen after a reflection: what was saved, with ids and dates, and notes for next time."""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render.doc import GOOD, MUTED, Doc, typed_name
from onetoone.vocabulary import INSIGHT_NOUNS

# Self-coaching, in the organizer's own practice words; never a reproach.
_NOTES = {
    "no-ask": "No ask this time. That can be right early on; what they care about may suggest one for next time.",
    "listening": "You listened about {pct}% of the time. Around two thirds leaves more room for their story.",
    "no-next-step": "No next step yet. A date to meet again or an introduction keeps the relationship going (`oto prep {name} --at WHEN`).",
    "yes-without-date": "Their yes has no date yet. A yes without a date is a weaker commitment: agree a day with them soon, so you both know when.",
    "ask-before-knowing": "The ask came before you had learned what they care about. Their self-interest is the best guide to an ask.",
}


def summary(saved, *, today: date) -> Doc:
    """`saved` is a `domain.reflection.record.Saved`."""
    doc = Doc()
    planned = ", the one you planned" if saved.was_planned else ""
    doc.line(f"Saved your one-to-one with {saved.person} on {_day(saved.held_on, today)} (m{saved.meeting_id}{planned}).", GOOD)
    time = []
    if saved.minutes:
        time.append(f"{saved.minutes} minutes")
    if saved.listened_pct is not None:
        time.append(f"you listened {saved.listened_pct}%")
    if time:
        doc.line(", ".join(time).capitalize() + ".", indent=2)
    if saved.insights:
        doc.line("Learned: " + ", ".join(_count(kind, n) for kind, n in saved.insights.items()) + ".", indent=2)
    if saved.ask is not None:
        doc.line(f"Ask: {saved.ask} -> {saved.answer or 'no answer yet'}", indent=2)
        if saved.commitment:
            doc.line(f"Their commitment p{saved.commitment.id}, due {_day(saved.commitment.due, today)}.", indent=4)
        if saved.agree:
            doc.line(f"No date yet: agree one with them {_day(saved.agree.due, today)} (f{saved.agree.id}).", indent=4)
        if saved.revisit:
            doc.line(f"Revisit it {_day(saved.revisit.due, today)} (f{saved.revisit.id}).", indent=4)
    for promise in saved.promises:
        who = "They committed" if promise.direction == "theirs" else "You promised"
        doc.line(f"{who} p{promise.id}: {promise.text}, due {_day(promise.due, today)}.", indent=2)
    for referral in saved.referrals:
        if referral.new:
            follow_up = referral.follow_up
            doc.line(f"Referral: added {referral.name} as a new prospect; contact them {_day(follow_up.due, today)} "
                     f"(f{follow_up.id}).", indent=2)
            if referral.near:
                also = " and ".join(referral.near)
                doc.line(f"{also} {'is' if len(referral.near) == 1 else 'are'} in your journal too, with a close name.", MUTED, indent=4)
        else:
            typed = f"'{referral.typed}' is " if referral.typed else ""
            doc.line(f"Referral: {typed}{referral.name} (already in your journal).", indent=2)
    if saved.next:
        step = f"{saved.next_step}, " if saved.next_step else ""
        doc.line(f"Next step: {step}{_day(saved.next.due, today)} (f{saved.next.id}).", indent=2)
    elif saved.next_step:
        doc.line(f"Next step: {saved.next_step} (no date).", indent=2)
    if saved.thank:
        doc.line(f"Thank them {_day(saved.thank.due, today)} (f{saved.thank.id}).", indent=2)
    else:
        doc.line("No thank-you scheduled: they asked not to be contacted.", MUTED, indent=2)
    if saved.stage.old != saved.stage.new:
        doc.line(f"Stage: {saved.stage.old} -> {saved.stage.new}.", indent=2)
    if saved.notes:
        doc.heading("For next time")
        for code in saved.notes:
            doc.line(_NOTES[code].format(pct=saved.listened_pct, name=typed_name(saved.person)), indent=2)
    return doc


def _day(day: date, today: date) -> str:
    return f"{dates.show_day(day)}, {dates.relative(day, today)}"


def _count(kind: str, n: int) -> str:
    one, several = INSIGHT_NOUNS[kind]
    return one if n == 1 else f"{n} {several}"




# -- an amended reflection -----------------------------------------------------------------------

_FIELD_NAMES = {"minutes": "Minutes", "place": "Place", "listened": "You listened", "next-step": "Next step", "note": "Note"}
UNCHANGED = "Nothing changed: the reflection on m{id} is as it was."


def amended(done, *, today: date) -> Doc:
    """`done` is a `domain.reflection.amend.Amended`: one line for each thing changed."""
    from onetoone.render.corrections import answered

    doc = Doc()
    if not done.changes:
        return doc.line(UNCHANGED.format(id=done.meeting_id))
    doc.line(f"Amended your reflection on the one-to-one with {done.person} on {_day(done.held_on, today)} "
             f"(m{done.meeting_id}).", GOOD)
    for change in done.changes:
        doc.line(_amended_line(change, today, answered), indent=2)
    return doc


def _shown(what: str, value) -> str:
    if value is None or value == "":
        return "none"
    if what == "listened":
        return f"{value}%"
    if isinstance(value, date):
        return dates.show_day(value)
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _amended_line(change, today: date, answered) -> str:
    what, old, new = change.what, change.old, change.new
    if what == "at":
        return f"Held on {_day(new, today)} (was {dates.show_day(old)})."
    if what in _FIELD_NAMES:
        return f"{_FIELD_NAMES[what]}: {_shown(what, new)} (was {_shown(what, old)})."
    if what == "learned":
        return f"Learned {INSIGHT_NOUNS[change.kind][0]} (i{change.id}): {_shown('', new)}"
    if what == "unlearned":
        return f"Removed {INSIGHT_NOUNS[change.kind][0]} (i{change.id}): {_shown('', old)}"
    who = "their commitment" if change.kind == "theirs" else "your promise"
    if what == "promise-added":
        return f"Added {who} p{change.id}: {_shown('', change.detail)}, due {_day(new, today)}."
    if what == "promise-due":
        return f"Moved {who} p{change.id} ({_shown('', change.detail)}) to {_day(new, today)} (was {dates.show_day(old)})."
    if what == "promise-removed":
        return f"Removed {who} p{change.id}: {_shown('', change.detail)}."
    if what == "promise-stays":
        return f"Kept {who} p{change.id} ({_shown('', change.detail)}): it is {new} already, so it stays in the ledger."
    if what == "ask-added":
        text, commitment, agree, revisit = change.detail
        line = f"Ask a{change.id}: {text} -> {new or 'no answer yet'}."
        if commitment:
            line += f" Their commitment p{commitment.id}, due {_day(commitment.due, today)}."
        if agree:
            line += f" No date yet: agree one with them {_day(agree.due, today)} (f{agree.id})."
        if revisit:
            line += f" Revisit it {_day(revisit.due, today)} (f{revisit.id})."
        return line
    if what == "ask-removed":
        return f"Removed the ask a{change.id}: {_shown('', old)} (with what followed from it)."
    if what == "answer-removed":
        return f"The ask a{change.id} has no answer now (was {old})."
    if what == "ask-text":
        return f"Ask a{change.id}: {_shown('', new)} (was {_shown('', old)})."
    if what == "answer":
        line = answered(change.detail, today=today)
        if change.detail.agree is not None:
            number, due = change.detail.agree
            line += f" No date yet: agree one with them {_day(due, today)} (f{number})."
        return line
    if what == "commitment-due":
        return f"Their commitment p{change.id} is due {_day(new, today)} (was {dates.show_day(old)})."
    if what == "revisit-due":
        return f"Revisit a{change.id} {_day(new, today)} (was {dates.show_day(old)})."
    if what == "next-added":
        return f"Next step: {_day(new, today)} (f{change.id})."
    if what == "next-moved":
        return f"Next step f{change.id}: {_day(new, today)} (was {dates.show_day(old)})."
    if what == "next-closed":
        return f"Next step removed: f{change.id} is closed."
    if what == "referral-added":
        referral = change.detail
        if referral.new:
            return (f"Referral: added {referral.name} as a new prospect; contact them "
                    f"{_day(referral.follow_up.due, today)} (f{referral.follow_up.id}).")
        typed = f"'{referral.typed}' is " if referral.typed else ""
        return f"Referral: {typed}{referral.name} (already in your journal)."
    if what == "referral-removed":
        return f"No longer their referral: {old} (still in your journal; `oto forget` removes someone for good)."
    raise ValueError(f"unknown change {what!r}")
