"""Screens for prep and story: the prep sheet, what planning booked, and the story snippets.

The sheet reads top to bottom in the order the organizer needs it: boundaries (and
do-not-contact) right under the name, then who the person is, what is known, the history, the
promises both ways, the last ask, and what to bring: questions, a story snippet, asks.
"""

from __future__ import annotations

from datetime import date

from onetoone import dates
from onetoone.render import events
from onetoone.render.doc import MUTED, STRONG, WARN, Doc, typed_name
from onetoone.render.meetings import clashes as clash_warnings
from onetoone.vocabulary import CONTACT_LABELS, INSIGHT_TITLES

NOTE_WIDTH = 70
STORY_WIDTH = 240
TEXT_WIDTH = 60


def sheet(data, *, today: date) -> Doc:
    """The prep sheet for one person (`data` is a `domain.prep.Sheet`)."""
    doc = Doc()
    doc.line(data.name + (f" ({', '.join(data.aliases)})" if data.aliases else ""), STRONG)
    for boundary in data.boundaries:
        doc.line(f"BOUNDARY: {boundary}", WARN)
    if data.do_not_contact:
        doc.line(
            f"DO NOT CONTACT: they asked not to be contacted. If that has changed: oto edit \"{data.name}\" --contact-ok",
            WARN,
        )
    _who(doc, data, today)
    _referrals(doc, data, today)
    _known(doc, data)
    _recent(doc, data, today)
    _team(doc, data.teammates, today)
    _contacts(doc, data, today)
    if data.events is not None:
        events.person_section(doc, data.events, today)
    _promises(doc, data, today)
    _mentions(doc, data, today)
    _last_ask(doc, data, today)
    doc.heading("Questions to ask")
    for question in data.questions:
        doc.line(f"- {question.text} ({question.category})", indent=2)
    _story(doc, data)
    _asks(doc, data, today)
    _could_meet(doc, data)
    return doc


def _team(doc: Doc, found, today: date) -> None:
    """A team journal: teammates' one-to-ones with them and the notes they shared."""
    if not found.meetings and not found.notes:
        return
    doc.heading("The team")
    for m in found.meetings:
        doc.line(teammate_meeting(m, today), indent=2)
        for label, words in (("note", m.note), ("next step", m.next_step)):
            if words:
                doc.line(f"{label}: {words}", MUTED, indent=4)
    for n in found.notes:
        doc.line(f"{n.organizer} noted ({INSIGHT_TITLES.get(n.kind, n.kind).lower()}, {dates.short_day(n.on, today)}): {n.text}", indent=2)


def teammate_meeting(m, today: date) -> str:
    """"met by Sam 5 days ago" or "booked by Sam for Wed 25 Nov 18:00"."""
    if m.status == "held":
        return f"Met by {m.organizer} {dates.relative(m.day, today)} ({dates.show_day(m.day)})"
    when = dates.show_moment(m.at) if m.at else dates.show_day(m.day)
    return f"Booked by {m.organizer} for {when} ({dates.relative(m.day, today)})"


def _who(doc: Doc, data, today: date) -> None:
    doc.heading("Who")
    facts = [
        ("Referred by", f"{data.referred_by}: mention how their name came up" if data.referred_by else ""),
        ("How we met", data.met_how or ""),
        ("Institution", ", ".join(p for p in (data.role, data.institution) if p)),
        ("Introduced to", ", ".join(f"{name} ({dates.short_day(on, today)})" for name, on in data.introduced)),
        ("Stage", data.stage),
        ("Last met", _last_met(data, today)),
        ("Planned", _planned(data, today)),
        ("Contact", data.contact or ""),
        ("Tags", " ".join(f"#{t}" for t in data.tags)),
    ]
    doc.table(["", ""], [[k, v] for k, v in facts if v], show_header=False)


def _referrals(doc: Doc, data, today: date) -> None:
    """Whom they referred and how far each got, furthest along first."""
    if not data.referrals:
        return
    doc.heading("Their referrals")
    rows = [[r.name, how_far(r, today)] for r in data.referrals]
    doc.table(["", ""], rows, show_header=False, more=data.more_referrals, more_hint=f"oto prep \"{data.name}\" --all lists them all")


def how_far(referral, today: date) -> str:
    """'met, 2 one-to-ones, last Tue 3 Nov' or 'prospect, not met yet'."""
    if not referral.held:
        return f"{referral.stage}, no one-to-one yet"
    count = "1 one-to-one" if referral.held == 1 else f"{referral.held} one-to-ones"
    return f"{referral.stage}, {count}, last {dates.short_day(referral.last_met, today)}"


def _mentions(doc: Doc, data, today: date) -> None:
    """Others' records that name them: what I promised someone else about them, and the like."""
    found = data.mentions
    if not found.items and not found.past:
        return
    doc.heading("Mentioned elsewhere")
    if not found.items:
        doc.line("Not named in anyone else's promises, asks or next steps.", MUTED, indent=2)
    else:
        rows = [[dates.short_day(m.on, today), where(m), _short(m.text, TEXT_WIDTH), _mention_state(m, today)] for m in found.items]
        hint = f"oto prep \"{data.name}\" --all lists them all" + ("" if found.past else ", closed ones too")
        doc.table(["", "", "", ""], rows, show_header=False, more=found.more, more_hint=hint)
    if found.shared:
        names = " or ".join(f"'{word}'" for word in found.shared)
        doc.line(f"{names} alone is not counted: someone else in the journal is called that too.", MUTED, indent=2)


def where(mention) -> str:
    """Whose record names them, and which kind: 'my promise to Dmitri Volkov'."""
    return {
        "promise-mine": f"my promise to {mention.person}",
        "promise-theirs": f"{mention.person}'s commitment",
        "ask": f"my ask of {mention.person}",
        "next-step": f"next step with {mention.person}",
        "planned-ask": f"ask planned for {mention.person}",
    }.get(mention.kind, f"{mention.kind} of {mention.person}")


def mention_id(mention) -> str:
    """The id commands take: p7 (a promise), a3 (an ask), m12 (the meeting of a next step or a planned ask)."""
    prefix = "p" if mention.kind.startswith("promise-") else "a" if mention.kind == "ask" else "m"
    return f"{prefix}{mention.id}"


def _mention_state(mention, today: date) -> str:
    label = mention_id(mention)
    if mention.kind == "ask":
        return f"{label}, {mention.state or 'no answer yet'}"
    if mention.open and mention.due is not None:
        return f"{label}, due {dates.short_day(mention.due, today)}"
    if mention.kind == "next-step":  # a next step with no day is never closed: nothing to say of it
        return label
    return f"{label}, {mention.state}" if mention.state else label


def _last_met(data, today: date) -> str:
    missed = data.show_ups.no_shows
    no_shows = "" if not missed else (", 1 no-show" if missed == 1 else f", {missed} no-shows")
    if data.last_met is None:
        # a team journal: a teammate's one-to-one is theirs (under The team), not yours
        not_yet = "not by you yet" if any(m.status == "held" for m in data.teammates.meetings) else "not met yet"
        return f"{not_yet} ({no_shows[2:]})" if no_shows else not_yet
    count = "1 one-to-one" if data.meetings_held == 1 else f"{data.meetings_held} one-to-ones"
    return f"{dates.show_day(data.last_met)}, {dates.relative(data.last_met, today)} ({count} so far{no_shows})"


def _planned(data, today: date) -> str:
    planned = data.planned
    if planned is None:
        return "nothing planned yet"
    text = f"{dates.show_moment(planned.at)} ({dates.relative(planned.at.date(), today)})"
    if planned.place:
        text += f" at {planned.place}"
    if planned.minutes:
        text += f", {planned.minutes} min"
    if planned.passed:
        text += f"; not reflected yet: oto reflect \"{data.name}\""
    return text


def _known(doc: Doc, data) -> None:
    doc.heading("What I know")
    if not data.insights:
        if data.meetings_held:
            doc.line("Nothing recorded yet. Listen for what they care about and why.", MUTED, indent=2)
        else:
            doc.line("Nothing yet. This first one-to-one is for listening.", MUTED, indent=2)
        return
    rows = []
    for kind, texts in data.insights.items():
        title = INSIGHT_TITLES.get(kind, kind)
        rows += [[title if i == 0 else "", text] for i, text in enumerate(texts)]
    doc.table(["", ""], rows, show_header=False, more=data.more_insights, more_hint=f"oto show \"{data.name}\" has them all")


def _recent(doc: Doc, data, today: date) -> None:
    if not data.recent:
        return
    doc.heading("Last meetings")
    rows = []
    for m in data.recent:
        said = [m.note] if m.note else []
        if m.next_step:
            said.append(f"next: {m.next_step}")
        rows.append([
            dates.short_day(m.held_on, today),
            f"{m.minutes} min" if m.minutes else "",
            f"listened {m.listened_pct}%" if m.listened_pct is not None else "",
            _short("; ".join(said), NOTE_WIDTH),
        ])
    doc.table(["", "", "", ""], rows, show_header=False)


def _contacts(doc: Doc, data, today: date) -> None:
    """Calls, texts and visits between one-to-ones (`oto log`), newest first."""
    if not data.contacts:
        return
    doc.heading("Last contacts")
    rows = [[dates.short_day(c.on, today), CONTACT_LABELS.get(c.kind, c.kind), _short(c.note, NOTE_WIDTH)] for c in data.contacts]
    doc.table(["", "", ""], rows, show_header=False)


def _promises(doc: Doc, data, today: date) -> None:
    doc.heading("Promises")
    if not data.promises:
        doc.line("Nothing open either way.", MUTED, indent=2)
    else:
        rows = []
        for p in data.promises:
            who = "I promised" if p.direction == "mine" else "They committed"
            rows.append([f"p{p.id}", who, _short(p.text, TEXT_WIDTH), _due(p, today)])
        doc.table(["", "", "", ""], rows, show_header=False, more=data.more_promises, more_hint="oto promises")
    doc.line(f"Kept on time. Mine: {data.mine}. Theirs: {data.theirs}.", indent=2)


def _due(promise, today: date) -> str:
    late = (today - promise.due).days
    text = f"due {dates.short_day(promise.due, today)}"
    if late > 0:
        text += f", OVERDUE {late} day{'s' if late != 1 else ''}"
    if promise.status == "renegotiated":
        text += " (renegotiated)"
    return text


def _last_ask(doc: Doc, data, today: date) -> None:
    doc.heading("Last ask")
    ask = data.last_ask
    if ask is None:
        doc.line("No ask made yet.", MUTED, indent=2)
        return
    answer = ask.answer or "no answer recorded"
    text = f"{ask.text}: {answer} ({dates.short_day(ask.asked_on, today)})"
    if ask.answer == "yes":
        text += {True: ", showed up", False: ", did not show up"}.get(ask.showed_up, ", show-up not known yet")
    elif ask.answer in ("maybe", "later") and ask.revisit_on:
        text += f", revisit {dates.short_day(ask.revisit_on, today)}"
    doc.line(text, indent=2)
    ups = data.show_ups
    if ups.yeses:
        doc.line(f"After a yes: showed up {ups.showed}, did not {ups.missed}, not yet known {ups.unknown}.", indent=2)
    else:
        doc.line("After a yes: no yes yet.", MUTED, indent=2)


def _story(doc: Doc, data) -> None:
    doc.heading("My story")
    if data.story is None:
        doc.line("No snippet saved yet. Add one: oto story \"TEXT\", or oto story < story.txt", MUTED, indent=2)
        return
    doc.line(f"{data.story.label}  {_short(data.story.text, STORY_WIDTH)}", indent=2)
    if data.stories_total > 1:
        doc.line(f"(one of {data.stories_total}; `oto story` lists them all)", MUTED, indent=2)


def _asks(doc: Doc, data, today: date) -> None:
    doc.heading("Asks that might fit")
    planned = data.planned.asks if data.planned else []
    for text in planned:
        doc.line(f"- {text} (planned)", indent=2)
    for ask in data.to_revisit:
        when = f"; revisit {dates.short_day(ask.revisit_on, today)}" if ask.revisit_on else ""
        doc.line(f"- {ask.text} ({ask.answer} on {dates.short_day(ask.asked_on, today)}{when})", indent=2)
    if not planned and not data.to_revisit:
        doc.line("None yet. Go in with a few and choose one after listening: oto prep NAME --at WHEN --ask TEXT", MUTED, indent=2)
    if data.ask_too_soon:
        doc.blank()
        doc.line(
            f"WARNING: an ask is planned, but nothing is known about {data.name} yet. Relationship before task: "
            "listen first, and make the ask only if the conversation opens the way.",
            WARN,
        )


def _could_meet(doc: Doc, data) -> None:
    """Introductions worth making: people who spoke of the same things (domain/introductions.py)."""
    if not data.could_meet:
        return
    doc.heading("Could introduce to")
    for s in data.could_meet:
        where = f" ({s.institution})" if s.institution else ""
        doc.line(f"- {s.name}{where}: both spoke of {', '.join(s.shared[:4])}", indent=2)
    first = data.could_meet[0].name
    doc.line(f"Once you have: oto introduce {typed_name(data.name)} {typed_name(first)}", MUTED, indent=2)


def _short(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to fit `limit` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 3]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "..."


# -- as JSON -------------------------------------------------------------------------------------


def to_json(data, *, today: date) -> dict:
    """The sheet as data (`oto prep NAME --json`): the screen's facts, dates as ISO text."""
    def day(value):
        return value.isoformat() if value is not None else None

    planned = data.planned
    found = data.mentions
    return {
        "id": data.id, "name": data.name, "aliases": data.aliases, "stage": data.stage,
        "do_not_contact": data.do_not_contact, "boundaries": data.boundaries,
        "referred_by": {"id": data.referred_by_id, "name": data.referred_by} if data.referred_by else None,
        "met_how": data.met_how, "institution": data.institution, "role": data.role, "contact": data.contact,
        "tags": data.tags, "last_met": day(data.last_met), "meetings_held": data.meetings_held,
        "planned": None if planned is None else {
            "id": f"m{planned.id}", "at": planned.at.isoformat(timespec="minutes"), "place": planned.place,
            "minutes": planned.minutes, "asks": planned.asks, "passed": planned.passed,
        },
        "ask_too_soon": data.ask_too_soon,
        "insights": data.insights, "more_insights": data.more_insights,
        "recent": [
            {"id": f"m{m.id}", "held_on": day(m.held_on), "minutes": m.minutes, "listened_pct": m.listened_pct,
             "note": m.note, "next_step": m.next_step}
            for m in data.recent
        ],
        "contacts": [{"id": f"c{c.id}", "kind": c.kind, "date": day(c.on), "note": c.note} for c in data.contacts],
        "promises": [
            {"id": f"p{p.id}", "direction": p.direction, "text": p.text, "due": day(p.due), "status": p.status,
             "overdue": p.due < today}
            for p in data.promises
        ],
        "more_promises": data.more_promises,
        "kept_on_time": {
            "mine": {"kept_on_time": data.mine.kept_on_time, "due": data.mine.due},
            "theirs": {"kept_on_time": data.theirs.kept_on_time, "due": data.theirs.due},
        },
        "last_ask": None if data.last_ask is None else _ask_json(data.last_ask),
        "to_revisit": [_ask_json(a) for a in data.to_revisit],
        "show_ups": {"showed": data.show_ups.showed, "missed": data.show_ups.missed, "unknown": data.show_ups.unknown,
                     "held": data.show_ups.held, "no_shows": data.show_ups.no_shows},
        "questions": [{"category": q.category, "text": q.text} for q in data.questions],
        "story": None if data.story is None else {"id": data.story.label, "text": data.story.text},
        "stories_total": data.stories_total,
        **({"team": {
            "meetings": [{"organizer": m.organizer, "status": m.status, "date": day(m.day),
                          "at": m.at.isoformat(timespec="minutes") if m.at else None, "note": m.note, "next_step": m.next_step}
                         for m in data.teammates.meetings],
            "notes": [{"organizer": n.organizer, "kind": n.kind, "text": n.text, "date": day(n.on)} for n in data.teammates.notes],
        }} if data.teammates.meetings or data.teammates.notes else {}),
        "referrals": [
            {"id": r.id, "name": r.name, "stage": r.stage, "held": r.held, "last_met": day(r.last_met)}
            for r in data.referrals
        ],
        "more_referrals": data.more_referrals,
        "mentions": {
            "items": [
                {"id": mention_id(m), "kind": m.kind, "date": day(m.on), "person": m.person, "person_id": m.person_id,
                 "text": m.text, "state": m.state, "due": day(m.due), "open": m.open}
                for m in found.items
            ],
            "more": found.more, "names": found.names, "shared": found.shared, "past": found.past,
        },
        "events": None if data.events is None else {
            "recent": [
                {"id": f"e{t.event_id}", "title": t.title, "kind": t.kind, "date": day(t.day), "role": t.role,
                 "committed": t.committed}
                for t in data.events.recent
            ],
            "said_yes": data.events.said_yes, "came_after_yes": data.events.came_after_yes, "came": data.events.came,
            "hosted": data.events.hosted, "no_shows": data.events.no_shows,
        },
    }


def _ask_json(ask) -> dict:
    return {"id": f"a{ask.id}", "text": ask.text, "answer": ask.answer, "asked_on": ask.asked_on.isoformat(),
            "revisit_on": ask.revisit_on.isoformat() if ask.revisit_on else None, "showed_up": ask.showed_up}


# -- planning ------------------------------------------------------------------------------------


def planned(plan, *, today: date) -> str:
    """What `oto prep NAME --at WHEN` booked, with the dates it resolved to."""
    when = f"{dates.show_moment(plan.at)} ({dates.relative(plan.at.date(), today)})"
    if plan.place:
        when += f" at {plan.place}"
    when += f", {plan.minutes} min"
    if plan.moved_from is None:
        first = f"Planned a one-to-one with {plan.person}: {when}."
    elif plan.moved_from == plan.at:
        first = f"Updated the one-to-one with {plan.person}: {when}."
    else:
        first = f"Moved the one-to-one with {plan.person} from {dates.show_moment(plan.moved_from)} to {when}."
    if plan.confirm_on:
        days = ", ".join(f"{dates.show_day(d)} ({_before(d, plan.at.date())})" for d in plan.confirm_on)
        confirm = f"Confirm it on {days}."
    else:
        confirm = "No confirmation to schedule: it was just agreed, for today."
    asks = f" Asks in mind: {'; '.join(plan.asks)}." if plan.asks else ""
    warnings = "".join(f"\n{line}" for line in clash_warnings(plan) + teammate_warnings(plan, today=today))
    return f"{first}\n{confirm}{asks} Reflect after it with: oto reflect \"{plan.person}\"{warnings}"


def teammate_warnings(plan, *, today: date) -> list[str]:
    """A team journal: a teammate met or booked them this week; one organizer is enough."""
    said = []
    for m in plan.teammates:
        if m.status == "held":
            what = f"{m.organizer} met {plan.person} {dates.relative(m.day, today)} ({dates.show_day(m.day)})"
        else:
            what = f"{m.organizer} has a one-to-one booked with {plan.person} for {dates.show_moment(m.at) if m.at else dates.show_day(m.day)}"
        said.append(f"Heads-up: {what}; talk with {m.organizer} before you meet.")
    return said


def _before(day: date, meeting_day: date) -> str:
    gap = (meeting_day - day).days
    if gap == 0:
        return "the day itself"
    return "the day before" if gap == 1 else f"{gap} days before"


# -- story snippets ------------------------------------------------------------------------------


def snippets(found, *, today: date) -> Doc:
    doc = Doc()
    if not found:
        return doc.line("No story snippets yet. Add one: oto story \"TEXT\", or oto story < story.txt")
    rows = [[s.label, dates.short_day(s.created_on, today), s.text] for s in found]
    return doc.table(["Id", "Added", "Story"], rows)


def saved(snippet) -> str:
    return f"Saved your story as {snippet.label}. Prep offers one snippet per meeting under 'My story'."


def removed(snippet) -> str:
    return f"Removed story {snippet.label} ({_short(snippet.text, 40)})."
