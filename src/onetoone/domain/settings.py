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
    "date_order": "",         # how to read 12/5: 'dmy', 'mdy', or '' (not set: ask for a month name)
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


def date_order(journal: Journal) -> str | None:
    """'dmy', 'mdy', or None when the organizer has not said how to read 12/5."""
    from onetoone.dates import ORDERS

    value = get(journal, "date_order")
    return value if value in ORDERS else None


def set_date_order(journal: Journal, order: str) -> str | None:
    """Set how day/month numbers read ('dmy': 12/5 is 12 May; 'mdy': 5 December); 'none' unsets."""
    from onetoone.dates import ORDERS

    typed = order.strip().lower()
    if typed not in (*ORDERS, "none"):
        raise BadInput(f"The date order is dmy (12/5 is 12 May), mdy (12/5 is 5 Dec) or none; got '{order.strip()[:20]}'.")
    put(journal, "date_order", "" if typed == "none" else typed)
    return None if typed == "none" else typed
