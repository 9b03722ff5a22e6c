"""The only clock in oto, and the grammar of the dates and times an organizer types.

Everything below the command line takes `today`/`now` as an argument; only the CLI calls `now()`.

Accepted forms (case-insensitive, an optional time may follow any day form, `at` optional):
  2026-11-20, 2026-11-20 14:30, 2026-11-20T14:30   ISO dates and times
  today, tomorrow, yesterday, now                  everyday words
  fri, friday, next tue, last fri, this wed         weekdays (see `_weekday` for what each means)
  in 3 days, in 2 weeks, in 1 month, 3 days ago     counted from today
  +2w, +3d, -1d, +1m, +1y                           short offsets
  3pm, 3:30pm, 15:30, noon, midnight                times (alone: today at that time)
Dates before 1900 or after 2100 are refused; so is anything not in the grammar. Nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from onetoone.errors import BadInput

FIRST_YEAR, LAST_YEAR = 1900, 2100

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}
_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "year": "years", "years": "years",
}
# Only ASCII digits: int() would happily read other scripts' digits and reinterpret the input.
_TIME = re.compile(r"(?:at\s+)?(?:(noon|midnight)|([0-9]{1,2})(?::([0-9]{2}))?\s*(am|pm)?)", re.ASCII)
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ t]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?", re.ASCII)
_OFFSET = re.compile(r"([+-])\s*([0-9]{1,4})\s*([a-z]+)", re.ASCII)
_IN = re.compile(r"in\s+([0-9]{1,4})\s+([a-z]+)", re.ASCII)
_AGO = re.compile(r"([0-9]{1,4})\s+([a-z]+)\s+ago", re.ASCII)


def now() -> datetime:
    """The current local time, to the minute: the one place oto reads the clock."""
    return datetime.now().replace(second=0, microsecond=0)


def parse(text: str, now: datetime) -> date | datetime:
    """Read a date, or a date and time, relative to `now`; a date alone stays a `date`."""
    cleaned = " ".join((text or "").strip().lower().split())
    if not cleaned:
        raise BadInput("No date given. Try a date like 2026-11-20, 'tomorrow', 'fri' or '+2w'.")
    try:
        result = _parse(cleaned, now)
    except (ValueError, OverflowError):
        result = None
    if result is None:
        raise BadInput(
            f"Cannot read the date '{_quote(text)}'. "
            "Try 2026-11-20, '2026-11-20 14:30', 'today', 'tomorrow', 'fri', 'next tue 3pm', "
            "'in 3 days' or '+2w'."
        )
    year = result.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(f"The date '{_quote(text)}' is outside {FIRST_YEAR}-{LAST_YEAR}; check the year.")
    return result


def parse_date(text: str, today: date) -> date:
    """Read a day; a time of day is refused rather than silently dropped."""
    result = parse(text, datetime.combine(today, time(12, 0)))
    if isinstance(result, datetime):
        raise BadInput(f"'{_quote(text)}' has a time of day; this option takes a day only, like 'fri'.")
    return result


def parse_moment(text: str, now: datetime) -> datetime:
    """Read a day and a time; a day alone is refused, since a meeting needs its hour."""
    result = parse(text, now)
    if not isinstance(result, datetime):
        raise BadInput(f"'{_quote(text)}' has no time of day. Add one, like '{_quote(text)} 6pm'.")
    return result


def _parse(text: str, now: datetime) -> date | datetime | None:
    iso = _ISO.fullmatch(text)
    if iso:
        y, mo, d, hh, mm, ss = iso.groups()
        day = date(int(y), int(mo), int(d))
        if hh is None:
            return day
        return datetime.combine(day, time(int(hh), int(mm), int(ss or 0)))
    if text == "now":
        return now
    day_part, clock = _split_time(text)
    if day_part is None:
        return None
    day = _day(day_part, now.date()) if day_part else now.date()
    if day is None:
        return None
    return day if clock is None else datetime.combine(day, clock)


def _split_time(text: str) -> tuple[str | None, time | None]:
    """Split 'thu 3pm' into ('thu', 15:00); a trailing time must be a whole token."""
    words = text.split(" ")
    for cut in (len(words) - 2, len(words) - 1):
        if cut < 0:
            continue
        tail = " ".join(words[cut:])
        match = _TIME.fullmatch(tail)
        if not match:
            continue
        head = " ".join(words[:cut])
        if not head and match.group(2) and not match.group(4) and not match.group(3):
            continue  # a bare number like "3" is not a time
        clock = _clock(match)
        if clock is None:
            return None, None
        return head, clock
    return text, None


def _clock(match: re.Match[str]) -> time | None:
    word, hour, minute, half = match.groups()
    if word == "noon":
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half == "pm" else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return time(h, m)


def _day(text: str, today: date) -> date | None:
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    weekday = _weekday(text, today)
    if weekday is not None:
        return weekday
    for pattern, sign in ((_OFFSET, None), (_IN, 1), (_AGO, -1)):
        match = pattern.fullmatch(text)
        if not match:
            continue
        if sign is None:
            sign_text, count, unit = match.groups()
            sign = -1 if sign_text == "-" else 1
        else:
            count, unit = match.groups()
        return _shift(today, sign * int(count), unit)
    return None


def _weekday(text: str, today: date) -> date | None:
    """`fri` and `this fri`: the coming Friday, today included; `next fri`: the first Friday
    after today; `last fri`: the most recent Friday before today."""
    words = text.split(" ")
    if len(words) == 2 and words[0] in ("next", "last", "this"):
        which, name = words
    elif len(words) == 1:
        which, name = "this", words[0]
    else:
        return None
    if name not in _WEEKDAYS:
        return None
    target = _WEEKDAYS[name]
    ahead = (target - today.weekday()) % 7
    if which == "this":
        return today + timedelta(days=ahead)
    if which == "next":
        return today + timedelta(days=ahead or 7)
    behind = (today.weekday() - target) % 7
    return today - timedelta(days=behind or 7)


def _shift(day: date, count: int, unit_word: str) -> date | None:
    unit = _UNITS.get(unit_word)
    if unit is None:
        return None
    if unit == "days":
        return day + timedelta(days=count)
    if unit == "weeks":
        return day + timedelta(weeks=count)
    from dateutil.relativedelta import relativedelta  # calendar months; only loaded when asked

    return day + relativedelta(**{unit: count})


def _quote(text: str) -> str:
    shown = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in (text or ""))
    return shown if len(shown) <= 60 else shown[:57] + "..."


# -- Showing dates back -------------------------------------------------------------------------


def show_day(day: date) -> str:
    """'Wed 25 Nov 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def show_moment(moment: datetime) -> str:
    """'Wed 25 Nov 2026 18:00'."""
    return f"{show_day(moment.date())} {moment:%H:%M}"


def relative(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', 'yesterday', '4 days ago'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def short_day(day: date, today: date) -> str:
    """A compact day for tables: 'today', 'tomorrow', 'Wed 25 Nov', or with the year if not this one."""
    delta = (day - today).days
    if delta in (0, 1, -1):
        return relative(day, today)
    if day.year == today.year:
        return f"{day:%a} {day.day} {day:%b}"
    return show_day(day)


def week_start(day: date) -> date:
    """Monday of the week holding `day`: the organizer's week for the weekly goal."""
    return day - timedelta(days=day.weekday())
