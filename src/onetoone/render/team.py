"""What `oto team` and `oto share` say: the set-up, what was shared, a push's people and rows,
the campaign's goal and its review."""

from __future__ import annotations

from onetoone.render.doc import MUTED, STRONG, Doc

# A table's rows in the organizer's words (a table missing here is named as it is).
_ROWS = {
    "person_key": "names and aliases", "tag": "tags", "institution": "institutions", "introduction": "introductions",
    "meeting": "one-to-ones", "planned_ask": "planned asks", "insight": "insights", "promise": "promises", "ask": "asks",
    "stage_move": "stage moves", "followup": "follow-ups", "event": "events", "attendance": "attendances",
    "contact": "calls, texts and visits", "story": "stories",
}


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {_ROWS.get(table, table)}" for table, n in counts.items() if n)


def pushed(report, *, dry_run: bool) -> Doc:
    doc = Doc()
    if not report.anything:
        doc.line(f"Nothing new to push: everything in {report.source} is in the team journal already.", STRONG)
        return doc
    verb = "Would push" if dry_run else "Pushed"
    doc.line(f"{verb} {report.source} into the team journal as yours.", STRONG)
    people = len(report.added_people)
    doc.line(f"People: {people} {'would be ' if dry_run else ''}added, {len(report.matched)} matched with the team's.")
    rows = [[name, "added", ""] for name in report.added_people]
    for m in report.matched:
        how = {"name": "same name", "pushed": "pushed before"}.get(m.by, "same email or phone")
        brings = f"; adds {', '.join(m.merged)}" if m.merged else ""
        rows.append([m.name, f"= {m.team_name}", how + brings])
    if rows:
        doc.table(["Yours", "In the team journal", "How"], rows, fold=2)
    if any(report.added.values()):
        doc.line(("Would add: " if dry_run else "Added: ") + _counted({t: n for t, n in report.added.items() if t != "person"}) + ".")
    if any(report.updated.values()):
        doc.line(("Would update" if dry_run else "Updated") + ", changed since your last push: " + _counted(report.updated) + ".")
    if any(report.present.values()):
        doc.line("Already in the team journal as they are: " + _counted(report.present) + ".", MUTED)
    if dry_run:
        doc.line("Nothing was written (--dry-run). Run `oto team push` to push.", MUTED)
    return doc


def goal(found, *, today, set_now: bool) -> str:
    from onetoone import dates

    if found is None:
        return "The team has no goal yet. Set one with: oto team goal 300 --by 2027-03-01"
    head = "The campaign's goal is now" if set_now else "The campaign's goal:"
    return (
        f"{head} {found.target} one-to-ones from {dates.show_day(found.since)} to {dates.show_day(found.by)} "
        f"({dates.relative(found.by, today)}), about {found.target / found.weeks:.1f} a week; set by {found.set_by} on {dates.show_day(found.set_on)}."
    )


def review(found) -> Doc:
    """`oto review --team`: the campaign against its goal, organizer by organizer."""
    from onetoone import dates

    doc = Doc()
    g = found.goal
    if g is None:
        doc.line(f"The team since {dates.show_day(found.start)} (no goal yet: set one with `oto team goal 300 --by 2027-03-01`).", STRONG)
        doc.line(f"One-to-ones held: {found.held}.")
    else:
        pace = "on pace" if found.on_pace else "behind"
        doc.line(f"The campaign: {found.held} of {g.target} one-to-ones by {dates.show_day(g.by)} ({pace}: "
                 f"the goal's pace is {found.expected} by today).", STRONG)
        if found.held < g.target:
            doc.line(f"To reach it: about {found.needed_per_week:.1f} a week from now, across the team.")
    if found.organizers:
        columns = ["Organizer"] + [monday.strftime("%d %b") for monday in found.weeks]
        columns += ["Held", "A week", "Pace"]
        rows = []
        for o in found.organizers:
            pace = "" if o.on_pace is None else (f"on pace ({o.share:.1f} a week)" if o.on_pace else f"behind ({o.share:.1f} a week)")
            rows.append([o.organizer, *(str(n) for n in o.weeks), str(o.held), f"{o.per_week:.1f}", pace])
        doc.heading("One-to-ones per organizer, week by week (weeks start on Monday)")
        doc.table(columns, rows)
    doc.heading("People and reach")
    doc.line(f"People met: {found.people_met} ({found.met_once} once, {found.met_twice_or_more} twice or more).")
    doc.line(f"Referrals: {found.referrals} gathered, {found.referrals_met} of them met.")
    doc.line(f"Institutions covered: {found.institutions_covered} of {found.institutions}.")
    return doc


def review_json(found) -> dict:
    g = found.goal
    return {
        "today": found.today.isoformat(), "from": found.start.isoformat(),
        "goal": None if g is None else {"target": g.target, "by": g.by.isoformat(), "since": g.since.isoformat(), "set_by": g.set_by},
        "weeks": [monday.isoformat() for monday in found.weeks],
        "organizers": [
            {"organizer": o.organizer, "weeks": o.weeks, "held": o.held, "per_week": round(o.per_week, 2),
             "share_per_week": None if o.share is None else round(o.share, 2), "on_pace": o.on_pace}
            for o in found.organizers
        ],
        "held": found.held, "expected": found.expected, "on_pace": found.on_pace,
        "needed_per_week": None if found.needed_per_week is None else round(found.needed_per_week, 2),
        "people": {"met": found.people_met, "once": found.met_once, "twice_or_more": found.met_twice_or_more},
        "referrals": {"gathered": found.referrals, "met": found.referrals_met},
        "institutions": {"covered": found.institutions_covered, "total": found.institutions},
    }


def initialized(made) -> str:
    return (f"{made.database} is now a team journal: organizers are members of {made.organizers}, admins of {made.admins}; "
            f"the tables belong to {made.owner}, which no one logs in as. "
            f"Next: oto team add-organizer NAME (--admin for one who may forget anyone).")


def upgraded(done) -> str:
    if not done.applied:
        return f"{done.database} is already at schema {done.version}: nothing to do."
    return f"{done.database} is now at schema {done.version} (applied {', '.join(done.applied)})."


def added(done) -> str:
    role = "an organizer and admin" if done.admin else "an organizer"
    if not done.created:
        return f"{done.name} (a role this server already had) is now {role} of {done.database}; their password is unchanged."
    return (f"{done.name} is now {role} of {done.database}, with no password yet: set one in psql "
            f"(psql {done.database}, then \\password {done.name}), and let them connect in pg_hba.conf.")


def shared(done) -> str:
    what = {"meeting": "m", "insight": "i", "story": "s", "promise": "p"}[done.kind]
    if not done.shared:
        return (f"{what}{done.id} is yours alone again: the team no longer sees it "
                "(what a teammate read while it was shared, they may have noted).")
    if done.kind == "meeting":
        return f"Shared m{done.id} with the team: its note and next step."
    return f"Shared {what}{done.id} with the team" + (": its text." if done.kind == "promise" else ".")
