"""The organizer's settings kept in the journal (weekly goal and the like), with their defaults."""

from __future__ import annotations

from onetoone.errors import BadInput
from onetoone.store.journal import Journal

DEFAULTS = {
    "weekly_goal": "5",       # one-to-ones a week
    "default_minutes": "45",  # length of a planned one-to-one
    "confirm_days": "2",      # confirm two days before (later when booked late: domain/meetings.py)
    "thank_days": "1",        # thank them the day after
    "revisit_days": "14",     # revisit a maybe or a later after two weeks
    "referral_days": "3",     # contact a referral within three days
}


def get(journal: Journal, name: str) -> str:
    value = journal.value("SELECT value FROM setting WHERE key = :key", {"key": name})
    return DEFAULTS[name] if value is None else value


def get_int(journal: Journal, name: str) -> int:
    return int(get(journal, name))


def put(journal: Journal, name: str, value: str) -> None:
    journal.execute(
        "INSERT INTO setting (key, value) VALUES (:key, :value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        {"key": name, "value": value},
    )


def set_goal(journal: Journal, goal: int) -> int:
    if not 0 <= goal <= 200:
        raise BadInput("The weekly goal is a number of one-to-ones from 0 to 200.")
    put(journal, "weekly_goal", str(goal))
    return goal
