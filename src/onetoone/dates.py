"""The only clock in oto, and the grammar of the dates and times an organizer types.

Everything below the command line takes `today`/`now` as an argument; only the CLI calls `now()`.
`parse` is pure: whatever it needs (which way "fri" points, the organizer's day/month order) is
passed in; it never opens the journal.

The grammar (case-insensitive; commas are spaces; an optional time may follow any day form, with
or without `at`):
  2026-11-20, 2027-1-4, 2026/12/24, 2026-11-20T14:30      ISO, padded or not
  Dec 15, 15 Dec, 1 jan, December 15, 2026, 15th Dec      month names (full, 3 letters, 'sept'),
  thu 24 dec, Thu 24 Dec 2026 (oto's own output)           either order, a weekday that must agree
  24/12/2026, 24/12, 12/5                                  day/month numbers (see "order" below)
  today, tomorrow, yesterday, now, tonight, this evening  everyday words (tonight = today 19:00)
  fri, friday, this fri, next tue, last fri                weekdays (see `_weekday`)
  next week, next month, last week, last month             the Monday of that week, the 1st of that month
  in 3 days, in two weeks, in a month, a week ago          counted from today (numbers up to twelve in words)
  +2w, +3d, -1d, +1m, +1y                                  short offsets
  3pm, 3:30pm, 3 pm, 15:30, noon, midnight                 times (alone: today at that time)
Direction: a date without a year (`15 Dec`) and a bare weekday (`fri`) mean the next one, today
included; with `past=True` (options about a day gone by, like `oto reflect --at`) the most recent
one, today included.
Order: `12/5` is refused as ambiguous unless `order` ('dmy' or 'mdy', the organizer's
`oto config date-order`, else the locale's: `locale_order`) says which, or only one reading is a
date (`24/12` is 24 December).
Refused with a reason: an hour without am/pm or minutes after a day (`fri 3`), an impossible day
(`2026-02-29`), a weekday that does not match its date, a year outside 1900-2100; a near miss of a
word gets "did you mean". Nothing is guessed. Input is read token by token in one pass, with
nothing but bounded regular expressions on short text (longer text is refused at once).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from onetoone.errors import BadInput

FIRST_YEAR, LAST_YEAR = 1900, 2100
EVENING = time(19, 0)  # what 'tonight' and 'this evening' mean
MAX_LENGTH = 64  # longer text is no date: refused before it is read
ORDERS = ("dmy", "mdy")  # the organizer's order for day/month numbers (`oto config date-order`)

# Where numbers give the month first (5 December is 12/5): the United States and the places that
# write dates its way, the Philippines; and the languages that write the year first, then the
# month (2026/12/5), whose day/month numbers keep that order. Elsewhere the day comes first.
_MONTH_FIRST_TERRITORIES = frozenset({"US", "PH", "AS", "GU", "MP", "PR", "UM", "VI", "FM", "MH", "PW"})
_MONTH_FIRST_LANGUAGES = frozenset({"ja", "zh", "ko", "hu", "lt", "mn"})
_LOCALE = re.compile(r"([a-z]{2,3})(?:[_-]([a-z]{2}|[0-9]{3}))?", re.IGNORECASE)

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTHS = {name.lower(): n for n, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3].lower(): n for n, name in enumerate(_MONTH_NAMES, 1)
} | {"sept": 9}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "year": "years", "years": "years",
}
_WORDS = {
    "today", "tomorrow", "yesterday", "now", "tonight", "evening", "this", "next", "last",
    "in", "ago", "at", "noon", "midnight", "am", "pm",
}
_KNOWN = _WORDS | set(_WEEKDAYS) | set(_MONTHS) | set(_NUMBERS) | set(_UNITS)
_SPELLED = sorted(word for word in _KNOWN if len(word) >= 3)  # what a typo is matched against
_CLOSE = 0.8  # how near a typo must be: "fridya" is friday, "the" is not three
# Only ASCII digits: int() would happily read other scripts' digits and reinterpret the input.
# Every pattern below is matched against one short token (or text under MAX_LENGTH): no backtracking risk.
_CLOCK = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?(?::([0-9]{2}))?(am|pm)?", re.ASCII)
_OFFSET = re.compile(r"([+-]) ?([0-9]{1,4}) ?([a-z]+)", re.ASCII)
_ORDINAL = ("st", "nd", "rd", "th")


class DateProblem(BadInput):
    """A typed date oto cannot read: `typed` as given and `reason`, why (empty when the text is
    simply not in the grammar; the message then offers examples instead)."""

    def __init__(self, typed: str, reason: str = "", *, hint: str = "", message: str | None = None) -> None:
        self.typed, self.reason = typed, reason
        if message is None:
            message = f"Cannot read the date '{_quote(typed)}'" + (f" — {reason}" if reason else f". {hint}".rstrip())
            if reason and not reason.endswith("?"):
                message += "."
        super().__init__(message)


class Ambiguous(DateProblem):
    """Day/month numbers with two readings (`12/5`) and no order given: the caller may read the
    organizer's `date-order` setting and try again with it."""


class _Refused(Exception):
    """Inside the grammar: the text is a date of some form, and this is why it cannot be one."""

    def __init__(self, reason: str, message: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.message = reason, message


def locale_order(environ) -> str | None:
    """The day/month order the locale says ('mdy' or 'dmy'), from the environment given (LC_ALL,
    else LC_TIME, else LANG, the first one set): month first for en_US, en_PH, es_US and the
    year-first languages (ja, zh, ko, hu, lt, mn), day first for other locales (en_GB, fr_FR,
    de_DE, es_MX...). None for C, POSIX, no locale, or a language alone that is written both
    ways (`en`): then 12/5 is refused with both readings."""
    chosen = next((environ.get(name, "").strip() for name in ("LC_ALL", "LC_TIME", "LANG") if environ.get(name, "").strip()), "")
    found = _LOCALE.fullmatch(re.split(r"[.@]", chosen, maxsplit=1)[0])
    if found is None or chosen.upper().startswith(("C.", "POSIX")):
        return None
    language, territory = found[1].lower(), (found[2] or "").upper()
    if language in _MONTH_FIRST_LANGUAGES or territory in _MONTH_FIRST_TERRITORIES:
        return "mdy"
    if not territory and language == "en":
        return None
    return "dmy"


def now() -> datetime:
    """The current local time, to the minute: the one place oto reads the clock."""
    return datetime.now().replace(second=0, microsecond=0)


def parse(text: str, now: datetime, *, past: bool = False, order: str | None = None) -> date | datetime:
    """Read a date, or a date and time, relative to `now`; a date alone stays a `date`.
    `past`: the option is about a day gone by (`15 Dec`, `fri` mean the most recent one);
    `order`: 'dmy' or 'mdy' for day/month numbers, as the organizer set it, or None."""
    return _parse(text, now, past=past, order=order, kind="any")


def parse_date(text: str, today: date, *, past: bool = False, order: str | None = None) -> date:
    """Read a day; a time of day is refused rather than silently dropped."""
    result = _parse(text, datetime.combine(today, time(12, 0)), past=past, order=order, kind="day")
    if isinstance(result, datetime):
        raise BadInput(
            f"'{_quote(text)}' has a time of day; this option takes a day only, like '{spoken(result.date(), today, past=past)}'."
        )
    return result


def parse_moment(text: str, now: datetime, *, order: str | None = None) -> datetime:
    """Read a day and a time; a day alone is refused, since a meeting needs its hour."""
    result = _parse(text, now, past=False, order=order, kind="moment")
    if not isinstance(result, datetime):
        raise BadInput(f"'{_quote(text)}' has no time of day. Add one, like '{_quote(text)} 6pm'.")
    return result


def examples(today: date, *, kind: str = "day", past: bool = False) -> list[str]:
    """Forms to suggest in an error, as dates near `today`; each one is read by the same option
    (a day-only option is never offered a time, a past one never a day ahead)."""
    step = -1 if past else 1
    near, far, farther = (today + timedelta(days=step * n) for n in (3, 9, 12))
    if past:
        days = ["yesterday", f"last {_short_weekday(near)}", spoken(far, today, past=True), farther.isoformat(), "3 days ago"]
    else:
        days = ["tomorrow", _short_weekday(near), spoken(far, today), farther.isoformat(), "in 2 weeks"]
    if kind == "moment":
        return [f"{days[0]} 6pm", f"{days[1]} 18:30", f"{days[2]} 3pm", f"{days[3]} 14:30"]
    return days


def spoken(day: date, today: date, *, past: bool = False) -> str:
    """'4 Dec' when that reads back as `day` from `today`, else the ISO date."""
    short = f"{day.day} {_MONTH_NAMES[day.month - 1][:3]}"
    try:
        same = _nearest(day.month, day.day, today, past) == day
    except _Refused:
        same = False
    return short if same else day.isoformat()


def looks_like_date(text: str) -> bool:
    """Whether short text holds a digit or one of the grammar's words (or a near miss of one):
    what follows ' by ' in 'Send the flyer by fridya' was meant as a date, 'by the office' not."""
    if len(text) > MAX_LENGTH:
        return False
    from difflib import get_close_matches

    for word in _words(text):
        if any(ch.isdigit() for ch in word) or word in _KNOWN:
            return True
        if word.isalpha() and len(word) >= 3 and get_close_matches(word, _SPELLED, n=1, cutoff=_CLOSE):
            return True
    return False


def _parse(text: str, now: datetime, *, past: bool, order: str | None, kind: str) -> date | datetime:
    words = _words(text) if len(text or "") <= MAX_LENGTH else ["?"]

    def hint() -> str:
        return "Try " + ", ".join(f"'{e}'" for e in examples(now.date(), kind=kind, past=past)) + "."

    if not words:
        raise BadInput(f"No date given. {hint()}")
    if len(text) > MAX_LENGTH:
        raise DateProblem(text, hint=f"That is too long for a date. {hint()}")
    try:
        result = _read(words, now, past, order, kind)
    except _Refused as refused:
        kind_of = Ambiguous if refused.message else DateProblem
        raise kind_of(text, refused.reason, message=refused.message) from None
    except (ValueError, OverflowError):  # a date beyond what Python holds: outside the years anyway
        raise DateProblem(text, f"that is outside {FIRST_YEAR}-{LAST_YEAR}; check the year") from None
    if result is None:
        raise DateProblem(text, _did_you_mean(words, now, past, order, kind), hint=hint())
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise DateProblem(text, f"{result.year} is outside {FIRST_YEAR}-{LAST_YEAR}; check the year")
    return result


def _words(text: str) -> list[str]:
    """Lower-case words; commas are spaces, a dot ending a word goes ('Dec.'), and
    '2026-11-20T14:30' is two words."""
    words: list[str] = []
    for word in (text or "").lower().replace(",", " ").split():
        if word.endswith(".") and word[:-1].isalpha():
            word = word[:-1]
        day, mark, clock = word.partition("t")
        if mark and day[:1].isdigit() and clock[:1].isdigit():
            words += [day, clock]
        else:
            words.append(word)
    return words


def _read(words: list[str], now: datetime, past: bool, order: str | None, kind: str) -> date | datetime | None:
    today = now.date()
    if words == ["now"]:
        return now
    if words in (["tonight"], ["this", "evening"]):
        return datetime.combine(today, EVENING)
    day = _day(words, today, past, order)
    if day is not None:
        return day
    head, clock = _split_time(words)
    if clock is None:
        _refuse_bare_hour(words, today, past, order, kind)
        return None
    if not head:
        return datetime.combine(today, clock)
    day = _day(head, today, past, order)
    return None if day is None else datetime.combine(day, clock)


def _split_time(words: list[str]) -> tuple[list[str], time | None]:
    """Split 'thu 3pm' into (['thu'], 15:00) and '15 dec at 3 pm' into (['15', 'dec'], 15:00)."""
    if len(words) >= 2 and words[-1] in ("am", "pm"):
        cut, clock = len(words) - 2, _clock(words[-2] + words[-1])
    else:
        cut, clock = len(words) - 1, _clock(words[-1])
    if clock is None:
        return words, None
    head = words[:cut]
    if head and head[-1] == "at":
        head = head[:-1]
    return head, clock


def _clock(word: str) -> time | None:
    """'noon', 'midnight', '3pm', '3:30pm', '15:30', '15:30:00'; a bare '3' is no time."""
    if word == "noon":
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    match = _CLOCK.fullmatch(word)
    if not match:
        return None
    hour, minute, second, half = match.groups()
    if minute is None and half is None:
        return None
    h, m, s = int(hour), int(minute or 0), int(second or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half == "pm" else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59 and 0 <= s <= 59):
        return None
    return time(h, m, s)


def _refuse_bare_hour(words: list[str], today: date, past: bool, order: str | None, kind: str) -> None:
    """'fri 3' could be 3am or 3pm: refused, never read as 03:00."""
    if len(words) < 2 or not _digits(words[-1], 2) or int(words[-1]) > 23:
        return
    head = words[:-1]
    if head[-1] == "at":
        head = head[:-1]
    if not head or _day(head, today, past, order) is None:
        return
    day_text, hour = " ".join(head), int(words[-1])
    if kind == "day":
        raise _Refused(f"this option takes a day only, like '{day_text}'")
    if hour == 0:
        return
    pm, clock = (f"{hour}pm", f"{hour % 12 + 12}:00") if hour <= 12 else (f"{hour - 12}pm", f"{hour}:00")
    raise _Refused(f"'{words[-1]}' is an hour without am or pm; write '{day_text} {pm}' or '{day_text} {clock}'")


def _day(words: list[str], today: date, past: bool, order: str | None) -> date | None:
    if len(words) == 1:
        word = words[0]
        if word == "today":
            return today
        if word == "tomorrow":
            return today + timedelta(days=1)
        if word == "yesterday":
            return today - timedelta(days=1)
    found = _weekday(words, today, past)
    if found is None:
        found = _counted(words, today)
    if found is not None:
        return found
    named = None
    if len(words) > 1 and words[0] in _WEEKDAYS:
        named, words = _WEEKDAYS[words[0]], words[1:]
    found = _calendar(words, today, past, order)
    if found is not None and named is not None and found.weekday() != named:
        raise _Refused(f"{_plain(found)} is a {_WEEKDAY_NAMES[found.weekday()]}, not a {_WEEKDAY_NAMES[named]}")
    return found


def _weekday(words: list[str], today: date, past: bool) -> date | None:
    """`fri` and `this fri`: the coming Friday, today included (with `past`, the most recent
    one, today included); `next fri`: the first Friday after today; `last fri`: the most recent
    Friday before today."""
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
    behind = (today.weekday() - target) % 7
    if which == "this":
        return today - timedelta(days=behind) if past else today + timedelta(days=ahead)
    if which == "next":
        return today + timedelta(days=ahead or 7)
    return today - timedelta(days=behind or 7)


def _counted(words: list[str], today: date) -> date | None:
    """'next week' (its Monday), 'last month' (its 1st), 'in two weeks', 'a week ago', '+2w'."""
    if len(words) == 2 and words[0] in ("next", "last") and words[1] in ("week", "month"):
        step = 1 if words[0] == "next" else -1
        if words[1] == "week":
            return week_start(today) + timedelta(weeks=step)
        month = today.year * 12 + today.month - 1 + step
        return date(month // 12, month % 12 + 1, 1)
    if len(words) == 3 and words[0] == "in":
        count = _count(words[1])
        return None if count is None else _shift(today, count, words[2])
    if len(words) == 3 and words[2] == "ago":
        count = _count(words[0])
        return None if count is None else _shift(today, -count, words[1])
    if words[0][:1] in ("+", "-") and len(words) <= 3:
        match = _OFFSET.fullmatch(" ".join(words))
        if match:
            sign, count, unit = match.groups()
            return _shift(today, (-1 if sign == "-" else 1) * int(count), unit)
    return None


def _count(word: str) -> int | None:
    if _digits(word, 4):
        return int(word)
    return _NUMBERS.get(word)


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


def _calendar(words: list[str], today: date, past: bool, order: str | None) -> date | None:
    """A day of the calendar: '2026-12-24', '24/12', '15 Dec', 'December 15 2026'."""
    if len(words) == 1 and words[0][:1].isdigit():
        return _numbers(words[0], today, past, order)
    year = None
    if len(words) == 3:
        if not _digits(words[2], 4):
            return None
        year, words = int(words[2]), words[:2]
    if len(words) != 2:
        return None
    first, second = words
    if first in _MONTHS:
        month, day = _MONTHS[first], _day_number(second)
    elif second in _MONTHS:
        month, day = _MONTHS[second], _day_number(first)
    else:
        return None
    return None if day is None else _make(year, month, day, today, past)


def _numbers(word: str, today: date, past: bool, order: str | None) -> date | None:
    """'2026-12-24', '2027-1-4', '2026/12/24', '24/12/2026', '24/12', '12/5' (one separator kind)."""
    separator = next((s for s in "-/." if s in word), None)
    if separator is None:
        return None
    parts = word.split(separator)
    if len(parts) not in (2, 3) or not all(_digits(part, 4) for part in parts):
        return None
    if len(parts) == 3 and len(parts[0]) == 4:
        if len(parts[1]) > 2 or len(parts[2]) > 2:
            return None
        return _make(int(parts[0]), int(parts[1]), int(parts[2]), today, past)
    if len(parts[0]) > 2 or len(parts[1]) > 2:
        return None
    year = None
    if len(parts) == 3:
        if len(parts[2]) != 4:
            raise _Refused(f"write the year in full, like '{parts[0]}/{parts[1]}/{today.year // 100}{parts[2][-2:]:0>2}'")
        year = int(parts[2])
    first, second = int(parts[0]), int(parts[1])
    dmy, mdy = _possible(year, second, first), _possible(year, first, second)
    if dmy and mdy and first != second:
        if order not in ORDERS:
            raise _ambiguous(word, first, second, year)
        month, day = (second, first) if order == "dmy" else (first, second)
    elif dmy or mdy:
        month, day = (second, first) if dmy else (first, second)
    else:  # neither: explain with the reading the numbers lean to
        month, day = (first, second) if order == "mdy" or second > 12 >= first else (second, first)
    return _make(year, month, day, today, past)


def _ambiguous(word: str, first: int, second: int, year: int | None) -> _Refused:
    tail = f" {year}" if year is not None else ""
    as_dmy = f"{first} {_MONTH_NAMES[second - 1][:3]}{tail}"
    as_mdy = f"{second} {_MONTH_NAMES[first - 1][:3]}{tail}"
    reason = (
        f"'{_quote(word)}' could be {as_dmy} or {as_mdy}: write '{as_dmy}' or '{as_mdy}', "
        "or set the order once with `oto config date-order dmy` (or mdy)"
    )
    return _Refused(reason, message=reason + ".")


def _possible(year: int | None, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _days_in(month, year)


def _make(year: int | None, month: int, day: int, today: date, past: bool) -> date:
    """The date, or why there is none; without a year the next one (with `past`, the last one)."""
    if not 1 <= month <= 12:
        raise _Refused(f"there is no month {month}; months run 1 to 12")
    if year is None:
        return _nearest(month, day, today, past)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _Refused(f"{year} is outside {FIRST_YEAR}-{LAST_YEAR}; check the year")
    if not 1 <= day <= _days_in(month, year):
        raise _Refused(_no_such_day(year, month, day))
    return date(year, month, day)


def _nearest(month: int, day: int, today: date, past: bool) -> date:
    if not 1 <= day <= _days_in(month, None):
        raise _Refused(_no_such_day(None, month, day))
    step = -1 if past else 1
    for years in range(9):  # 29 February comes at least once in any nine years
        year = today.year + step * years
        if day <= _days_in(month, year):
            found = date(year, month, day)
            if (found <= today) if past else (found >= today):
                return found
    raise _Refused(_no_such_day(None, month, day))  # not reached


def _days_in(month: int, year: int | None) -> int:
    if month == 2:
        return 29 if year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _no_such_day(year: int | None, month: int, day: int) -> str:
    if not 1 <= day <= 31:
        return f"no month has a day {day}"
    if year is None:
        return f"there is no {day} {_MONTH_NAMES[month - 1]}"
    return f"{year} has no {day} {_MONTH_NAMES[month - 1]}"


def _day_number(word: str) -> int | None:
    """'15', '15th', '1st'."""
    if word[-2:] in _ORDINAL:
        word = word[:-2]
    return int(word) if _digits(word, 2) else None


def _digits(word: str, most: int) -> bool:
    return word.isascii() and word.isdigit() and len(word) <= most


def _did_you_mean(words: list[str], now: datetime, past: bool, order: str | None, kind: str) -> str:
    """'did you mean 'tomorrow'?' when replacing near misses of the grammar's words gives text
    that this same option reads; otherwise nothing."""
    from difflib import get_close_matches

    fixed, changed = [], False
    for word in words:
        if word.isalpha() and word not in _KNOWN:
            close = get_close_matches(word, _SPELLED, n=1, cutoff=_CLOSE)
            if close:
                word, changed = close[0], True
        fixed.append(word)
    if not changed:
        return ""
    try:
        result = _read(fixed, now, past, order, kind)
    except (_Refused, ValueError, OverflowError):
        return ""
    if result is None or not FIRST_YEAR <= result.year <= LAST_YEAR:
        return ""
    if kind != "any" and isinstance(result, datetime) != (kind == "moment"):
        return ""  # a day-only option is never offered a time, nor a meeting a bare day
    return f"did you mean '{' '.join(fixed)}'?"


def _short_weekday(day: date) -> str:
    return _WEEKDAY_NAMES[day.weekday()][:3].lower()


def _plain(day: date) -> str:
    """'24 Dec 2026'."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1][:3]} {day.year}"


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
