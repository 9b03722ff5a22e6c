"""Every field of a reflection, declared once: its key, whether it repeats, how its text is read,
its question in the interview and its comment in the editor's template.

Derived from this table: the draft's keys and which take one value (`domain.drafts`), the
template's lines and order, the interview's questions and order (`interview`), and the mapping
from `oto reflect`'s options to fields (`from_options`). The Typer options themselves stay
written out in cli/reflect.py, for their help; a test checks that they and this table agree.

A new reflection field touches four places: its row here, its Typer option, its attribute on
`build.Reflection` with the line of `build` that reads it, and `record`, which writes it (and,
if the summary shows it, `Saved` and render/reflect.py). A field that needs a question of its own
shape (not a line of text, a number or a list) also needs its step in `interview`.

This module imports nothing heavy: the prompts and the template load it without SQLModel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone.domain.text import LONG_LIMIT, NAME_LIMIT
from onetoone.vocabulary import ANSWERS, INSIGHT_KINDS, INSIGHT_LABELS  # noqa: F401  (build and interview read them here)



@dataclass(frozen=True)
class Pledge:
    """A promise or a commitment: what, and by when. It stays this pair from the question that
    asks for it to the row that records it; only the template writes it as 'TEXT by WHEN'."""

    text: str
    due: date


@dataclass(frozen=True)
class Field:
    key: str  # the template's key, and the option's name (--KEY)
    what: str  # how a message names it: "The {what} is empty"
    reads: str = "text"  # text, day, number, answer or pledge ('TEXT by WHEN')
    repeated: bool = False
    prompt: str = ""  # the interview's question; empty: not asked on its own
    comment: str = ""  # the template's comment above the key
    option: bool = True  # has an `oto reflect --KEY` option
    limit: int = LONG_LIMIT  # for text (names and the place: NAME_LIMIT)
    low: int = 0  # for a number
    high: int = 0

    @property
    def parameter(self) -> str:
        """The Python name of the option's parameter in cli/reflect.py."""
        return "next_on" if self.key == "next" else self.key.replace("-", "_")


_INSIGHT_COMMENTS = {
    "self-interest": "What you learned about them.",
    "boundary": "A boundary is a topic to avoid with them; prep shows it first.",
    "common": "What you have in common.",
}

# The order is the template's and the interview's.
FIELDS: tuple[Field, ...] = (
    Field("name", "name", limit=NAME_LIMIT, option=False,
          comment="Who you met, the day you met, for how many minutes, and where."),
    Field("at", "day you met", reads="day", prompt="When did you meet?"),
    Field("minutes", "minutes", reads="number", low=1, high=600, prompt="How many minutes? "),
    Field("place", "place", limit=NAME_LIMIT, prompt="Where did you meet?"),  # asked when a place was planned
    Field("listened", "listening share", reads="number", low=0, high=100,
          prompt="What share of the time did you listen, in %? ",
          comment="How much of the time you listened, in percent (about two thirds is the aim)."),
    *(Field(kind, kind, repeated=True,
            prompt=f"{INSIGHT_LABELS[kind]}: ", comment=_INSIGHT_COMMENTS.get(kind, ""))
      for kind in INSIGHT_KINDS),
    Field("ask", "ask", prompt="What did you ask of them? (Enter if no ask) ",
          comment="The ask and their answer: yes, no, maybe or later. For a yes, add the date they\n"
                  "committed to, as in: ask: Host a house meeting by sat (without one, oto reminds you to agree it)"),
    Field("answer", "answer", reads="answer", prompt="Their answer: yes, no, maybe or later? (Enter if none yet) "),
    Field("revisit", "revisit date", reads="day", prompt="When to revisit it?",
          comment="When to revisit a maybe or a later (empty: in two weeks)."),
    Field("they-promise", "commitment", reads="pledge", repeated=True, prompt="What did they commit to? (Enter to move on) ",
          comment="Promises as TEXT by WHEN, one a line: what they committed to, then what you promised."),
    Field("i-promise", "promise", reads="pledge", repeated=True, prompt="What did you promise? (Enter to move on) "),
    Field("referral", "referral name", repeated=True, limit=NAME_LIMIT,
          prompt="Who did they suggest you meet? (Enter to move on) ",
          comment="People they suggested you meet, one name a line."),
    Field("next-step", "next step", prompt="The next step? ", comment="The next step, and when."),
    Field("next", "date of the next step", reads="day"),  # asked with the next step
    Field("note", "note", prompt="Anything else to note? ", comment="Anything else."),
)
BY_KEY = {f.key: f for f in FIELDS}
KEYS = tuple(BY_KEY)
SINGLE = tuple(f.key for f in FIELDS if not f.repeated)
INSIGHTS = tuple(BY_KEY[kind] for kind in INSIGHT_KINDS)
# Keys that say who and when but record nothing by themselves: a template holding only these
# (as a fresh one does) is an empty reflection.
FRAME = ("name", "at")

# What was given for one reflection, by key: typed text, or a pledge a question already read.
Value = str | Pledge
Fields = dict[str, list[Value]]


def from_options(given: dict[str, object]) -> Fields:
    """The fields given as `oto reflect` options, from the command's parameters by name."""
    fields: Fields = {}
    for f in FIELDS:
        value = given.get(f.parameter) if f.option else None
        if value is not None and value != []:
            fields[f.key] = list(value) if isinstance(value, (list, tuple)) else [value]
    return fields
