"""The journal's vocabulary, defined once: the values its columns hold and the organizer's words
for them.

The models (store/models.py), the prompts and the template (domain/drafts.py, domain/reflection/),
the validation (domain/people.py, domain/followups.py) and the screens (render/) all read these,
so a stage, an insight kind or a follow-up kind is spelled in one place. Plain tuples and dicts:
importing this module costs nothing (no SQLModel, no rich).
"""

from __future__ import annotations

# The ladder of involvement, lowest first.
STAGES = ("prospect", "met", "committed", "active", "leader")

# What the organizer learns in a one-to-one (an insight's kind), in the order prompts ask them.
INSIGHT_KINDS = ("self-interest", "story", "value", "talent", "network", "concern", "boundary", "common")
# Their headings on the record and the prep sheet (boundaries are shown apart, first).
INSIGHT_TITLES = {
    "self-interest": "Self-interest",
    "story": "Stories",
    "value": "Values",
    "talent": "Talents",
    "network": "Networks",
    "concern": "Concerns",
    "common": "Common ground",
}
# Their question labels in the interview (one of a kind).
INSIGHT_LABELS = {
    "self-interest": "Self-interest",
    "story": "Story",
    "value": "Value",
    "talent": "Talent",
    "network": "Network",
    "concern": "Concern",
    "boundary": "Boundary (a topic to avoid)",
    "common": "Common ground",
}
# (one, several) of each kind, for a summary like "2 self-interests, a story".
INSIGHT_NOUNS = {
    "self-interest": ("a self-interest", "self-interests"),
    "story": ("a story", "stories"),
    "value": ("a value", "values"),
    "talent": ("a talent", "talents"),
    "network": ("a network", "networks"),
    "concern": ("a concern", "concerns"),
    "boundary": ("a boundary", "boundaries"),
    "common": ("common ground", "points of common ground"),
}
# The kinds prep groups under "What I know", in this order.
KNOWN_KINDS = tuple(kind for kind in INSIGHT_KINDS if kind != "boundary")

# Someone else's records that can name a person (prep's "Mentioned elsewhere"), in the order
# they are listed on the same day.
MENTION_KINDS = ("promise-mine", "promise-theirs", "ask", "next-step", "planned-ask")

# The answers to an ask.
ANSWERS = ("yes", "no", "maybe", "later")

MEETING_STATUSES = ("planned", "held", "no-show", "cancelled", "rescheduled")
PROMISE_STATUSES = ("open", "renegotiated", "kept", "broken", "released")
OPEN_PROMISE = ("open", "renegotiated")  # the statuses of a promise still owed
PROMISE_DIRECTIONS = ("mine", "theirs")

# Follow-ups are stored as facts (kind, person, meeting, ask, and for a next step the
# organizer's own words); render/ writes every sentence about them.
FOLLOWUP_STATUSES = ("open", "done")
FOLLOWUP_KINDS = (
    "confirm",           # confirm a planned one-to-one (its meeting)
    "thank",             # thank them after a one-to-one (its meeting)
    "revisit",           # come back to a maybe or a later (its ask)
    "reflect",           # write the reflection on a planned one-to-one (its meeting)
    "next-step",         # the next step agreed in a one-to-one (the organizer's words)
    "reconnect",         # reconnect with them (a reconnect snoozed or done)
    "contact-referral",  # contact someone a person referred (the person, their referrer)
    "reach-out",         # first contact with a prospect added and never contacted (a reach-out snoozed)
    "agree-date",        # agree a date for a yes given without one (its ask)
    "reschedule",        # book again after a no-show (the meeting they missed)
)
# A prospect added and never contacted is suggested to reach out to this many days after being
# added (once: reaching out, booking or meeting them makes them an ordinary relationship).
REACH_OUT_DAYS = 3

# An institution's sector (`oto org add NAME --sector S`), for the power map's coverage by sector.
SECTORS = ("faith", "school", "union", "business", "tenant", "government", "nonprofit", "other")
SECTOR_TITLES = {
    "faith": "Faith", "school": "Schools", "union": "Unions", "business": "Business", "tenant": "Tenants",
    "government": "Government", "nonprofit": "Nonprofits", "other": "Other",
}

# How far someone went, as `oto map` shows it: from the stage, and a held one-to-one (met).
REACHES = ("prospect", "met", "committed", "leader")

# What `oto due` lists; within a section items go by date and time, and on the same day in this
# order: follow-ups and promises both ways.
DUE_KINDS = (
    "confirm", "thank", "promise-mine", "promise-theirs", "agree-date", "revisit", "reflect", "next-step", "reconnect",
    "contact-referral", "reach-out", "reschedule",
)
# Each of them named in a few words (the `done` and `snooze` messages, the `people` screen).
DUE_LABELS = {
    "confirm": "confirmation",
    "thank": "thank-you",
    "promise-mine": "my promise",
    "promise-theirs": "their commitment",
    "revisit": "ask to revisit",
    "reflect": "reflection",
    "next-step": "next step",
    "reconnect": "reconnect",
    "contact-referral": "contact the referral",
    "reach-out": "reach out",
    "agree-date": "agree a date",
    "reschedule": "reschedule",
}

# Group meetings and actions (`oto event`): their kinds, and the organizer's words for them.
EVENT_KINDS = ("meeting", "house-meeting", "action", "training", "social")
EVENT_LABELS = {
    "meeting": "meeting",
    "house-meeting": "house meeting",
    "action": "action",
    "training": "training",
    "social": "social",
}
# Who was there (`oto attended`): came, or a no-show (said yes, or was expected, and did not come).
ATTENDANCE = ("came", "no-show")

# What `oto search --kind` names: each insight kind, then the other things the organizer writes
# (a one-to-one's note and next step, asks made and planned, promises both ways, contacts logged
# with `oto log`, and people's own fields), with their words on the results.
SEARCH_KINDS = (*INSIGHT_KINDS, "note", "next-step", "ask", "planned-ask", "promise", "log", "person")
SEARCH_LABELS = {
    **{kind: kind for kind in INSIGHT_KINDS},
    "common": "common ground",
    "note": "note",
    "next-step": "next step",
    "ask": "ask",
    "planned-ask": "planned ask",
    "promise": "promise",
    "log": "logged contact",
    "person": "person",
}
# A person's fields as the results name them.
PERSON_FIELD_LABELS = {"name": "name", "contact": "contact", "met_how": "how we met", "institution": "institution", "role": "role"}

# A contact that is not a one-to-one (`oto log NAME --call|--text|--visit`): it counts as
# contact (reconnect starts again) but never toward the weekly goal of one-to-ones.
CONTACT_KINDS = ("call", "text", "visit")
# Their words on the timeline and the prep sheet.
CONTACT_LABELS = {"call": "call", "text": "text message", "visit": "visit"}


def typed_name(name: str) -> str:
    """A name as one would type it after an oto command oto suggests (in render's screens and the
    domain's hints alike): quoted unless it is one plain word."""
    return name if name.replace("-", "").isalnum() else f'"{name}"'
