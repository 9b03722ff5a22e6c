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
    """Set one setting: the organizer's own row (on a team journal each organizer has theirs)."""
    params = {"key": name, "value": value}
    if not journal.execute("UPDATE setting SET value = :value WHERE key = :key", params):
        journal.execute("INSERT INTO setting (key, value) VALUES (:key, :value)", params)


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


# -- the calendar's bookkeeping (`oto calendar`, `oto import calendar`) ---------------------------
# Kept as settings rows, not a table of their own: the journal's id, made once, and one row per
# event imported, keyed by a digest of the event's UID (never the UID itself, which another
# program wrote and may hold an address).

JOURNAL_UID = "journal_uid"
_IMPORTED = "calendar_event:"


def _stored(journal: Journal, name: str) -> str | None:
    return journal.value("SELECT value FROM setting WHERE key = :key", {"key": name})


def journal_uid(journal: Journal) -> str | None:
    """This journal's random id, the stable part of every UID `oto calendar` writes; None until made."""
    return _stored(journal, JOURNAL_UID)


def make_journal_uid(journal: Journal) -> str:
    """The journal's id, made (random, once) if it has none yet."""
    import secrets

    found = journal_uid(journal)
    if found is None:
        found = secrets.token_hex(8)
        put(journal, JOURNAL_UID, found)
    return found


def _event_key(uid: str) -> str:
    import hashlib

    return _IMPORTED + hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def imported_event(journal: Journal, uid: str) -> int | None:
    """The meeting an event with this UID became, if it was imported before."""
    found = _stored(journal, _event_key(uid))
    return int(found) if found is not None and found.isdigit() else None


def remember_event(journal: Journal, uid: str, meeting_id: int) -> None:
    put(journal, _event_key(uid), str(meeting_id))


def forget_events(journal: Journal, person_id: int) -> int:
    """Drop the imported events that became this person's meetings (`oto forget`): nothing is
    left saying that an event of the organizer's calendar was with them."""
    return journal.execute(
        """DELETE FROM setting WHERE key >= :low AND key < :high
             AND CAST(value AS INTEGER) IN (SELECT id FROM meeting WHERE person_id = :person)""",
        {"low": _IMPORTED, "high": _IMPORTED[:-1] + chr(ord(_IMPORTED[-1]) + 1), "person": person_id},
    )
