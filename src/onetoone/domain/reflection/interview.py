"""The guided prompts: one short question at a time, in the order of `fields.FIELDS`, every
answer kept in the draft as soon as it is read.

The seam is `interview(draft, ask, say, keep, lookup, referred)`, testable without a terminal;
stopping it (Ctrl-C, Ctrl-D, a closed terminal) is the caller's to handle, the draft already kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from onetoone import dates
from onetoone.domain import drafts
from onetoone.domain.people import Found, PersonRef
from onetoone.domain.reflection import build
from onetoone.domain.reflection.about import Context, about
from onetoone.domain.reflection.fields import BY_KEY, FIELDS, INSIGHT_KINDS, Field, Pledge
from onetoone.errors import BadInput, OtoError

# Every field with a question, in the table's order; a step's name is its field's key.
STEPS = tuple(f.key for f in FIELDS if f.prompt)
EDIT = "`oto reflect --resume --edit`"


def interview(
    draft: drafts.Draft,
    *,
    ctx: Context | None,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    keep: Callable[[drafts.Draft], None],
    lookup: Callable[[str], Context],
    today: date,
    now: datetime,
    referred: Callable[[str, PersonRef], Found] | None = None,
) -> Context:
    """Ask for a reflection, one short question at a time, keeping every answer in `draft`.

    `ask` shows a question and returns the line typed (EOFError on Ctrl-D), `say` shows a line,
    `keep` saves the draft (called after every answer), `lookup` finds a person in a short read,
    `referred` finds who a referral names (`record.referred`, a short read): one found is that
    person, several are asked about ("Which Maria?"), none is someone new. Enter skips a
    question; a date or answer that cannot be read is asked again. Steps already
    in `draft.done` are not asked again, so a resumed draft continues where it stopped and ends
    with the same fields as an uninterrupted run. Returns the context of who it is about.
    """
    return _Interview(draft, ctx, ask, say, keep, lookup, today, now, referred).run()


class _Interview:
    def __init__(self, draft, ctx, ask, say, keep, lookup, today, now, referred=None) -> None:
        self.draft, self.ctx = draft, ctx
        self.typed, self.say, self.keep, self.lookup, self.referred = ask, say, keep, lookup, referred
        self.today, self.now = today, now
        self.fields = draft.fields
        self.told_insights = False

    def run(self) -> Context:
        if self.ctx is None:
            self.who()
        for line in about(self.ctx):
            self.say(line)
        self.say("Press Enter to skip a question. Ctrl-C keeps a draft.")
        # The fields whose question has a shape of its own; the others are a line of text or a
        # number (one value), a list of them (repeated), or pledges.
        special = {"at": self.at, "place": self.place, "ask": self.ask, "answer": self.answer, "revisit": self.revisit,
                   "next-step": self.next_step}
        for step in STEPS:
            if step in self.draft.done:
                continue
            f = BY_KEY[step]
            if step in special:
                special[step](f)
            elif f.reads == "pledge":
                self.pledges(f)
            elif f.repeated:
                self.many(f)
            else:
                self.one(f)
            self.draft.done.append(step)
            self.keep(self.draft)
        if self.draft.refused:
            raise BadInput(f"Some text was too long to save, so nothing was saved yet; it is all kept in the draft: "
                           f"shorten it with {EDIT}.")
        return self.ctx

    # Each question: ask until the answer reads (or is skipped), keep it, print dates back.

    def question(self, prompt: str, read: Callable[[str], object], *, default=None, text: str | None = None):
        """The answer read, or `default` for Enter; asked again when it cannot be read. Text for
        the field `text` that is refused all the same (too long) is kept in the draft, for the
        editor: no typed word is lost."""
        while True:
            typed = self.typed(prompt).strip()
            if not typed:
                return default
            try:
                return read(typed)
            except OtoError as problem:
                if text is not None and len(typed) > BY_KEY[text].limit:
                    self.draft.refused.setdefault(text, []).append(typed)
                    self.keep(self.draft)
                    self.say(f"{problem.message} What you typed is kept in the draft; fix it later with {EDIT}.")
                else:
                    self.say(problem.message)

    def reader(self, f: Field) -> Callable[[str], object]:
        if f.key == "referral":
            return self.referral
        return lambda typed: build.read(f, typed, self.now, order=self.ctx.date_order)

    def referral(self, typed: str) -> str:
        """The name a referral is kept by: the full name of the one person it finds (said back),
        the one picked when it could be several or is close to someone, or a name that finds no
        one. Refused (and asked again) when no one was picked."""
        name = build.read_referral(typed, self.ctx.person)
        if self.referred is None:
            return name
        found = self.referred(name, self.ctx.person)
        if found.ids == (self.ctx.person.id,):
            raise BadInput(f"{self.ctx.person.name} cannot be their own referral; give the names of people they suggested.")
        if len(found.ids) == 1:
            self.say(f"  = {found.people[0].name} (already in your journal)")
            return found.people[0].name
        if len(found.ids) > len(found.people):
            raise BadInput(f"'{name}' could be {len(found.ids)} people. Type more of the name.")
        if not found.ids and not found.near:
            self.say(f"  = {name}, someone new: added as a prospect when you save")
            return name
        if found.ids:
            self.say(f"Which {name}?")
            names = [p.name for p in found.people]
            shown = [f"{p.name} ({p.telling_detail()})" for p in found.people]
        else:
            self.say(f"No one called '{name}' yet. Did you mean:")
            names = shown = list(found.near)
        for number, line in enumerate([*shown, f"someone new{'' if found.ids else ' called ' + name}"], 1):
            self.say(f"  {number}) {line}")
        picked = self.question("Number: ", lambda t: self.number(t, len(names) + 1))
        if picked is None:
            raise BadInput("No one picked; type the name again, or press Enter to move on.")
        if picked <= len(names):
            self.say(f"  = {names[picked - 1]} (already in your journal)")
            return names[picked - 1]
        if not found.ids:
            self.say(f"  = {name}, someone new: added as a prospect when you save")
            return name
        raise BadInput(f"Type a name for them that tells them apart from {' and '.join(names)}, like '{name} R.' or their full name.")

    @staticmethod
    def number(typed: str, high: int) -> int:
        if not (typed.isascii() and typed.isdigit() and 1 <= int(typed) <= high):
            raise BadInput(f"Type a number from 1 to {high}.")
        return int(typed)

    def put(self, name: str, value) -> None:
        self.fields[name] = [value]
        self.keep(self.draft)

    def held_on(self) -> date:
        return date.fromisoformat(self.fields["at"][0]) if self.fields.get("at") else self.ctx.default_day

    def day(self, prompt: str, what: str, *, default: date | None = None, after: date | None = None, drop: str | None = None):
        """A day, printed back once read; `drop` is a word that answers "none after all"."""

        def read(typed: str):
            if typed == drop:
                return drop
            day = build.read_day(typed, self.now, what, order=self.ctx.date_order)
            if after is not None:
                build.refuse_before(day, after, what)
            return day

        found = self.question(prompt, read, default=default)
        if isinstance(found, date):
            self.say(f"  = {dates.show_day(found)} ({dates.relative(found, self.today)})")
        return found

    def who(self) -> None:
        while self.ctx is None:
            typed = self.typed("Who did you meet? ").strip()
            if not typed:
                self.say("Type their name, an alias or the start of the name.")
                continue
            try:
                self.ctx = self.lookup(typed)
            except OtoError as problem:
                self.say(problem.message)
        self.draft.person_id, self.draft.person_name = self.ctx.person.id, self.ctx.person.name
        self.keep(self.draft)

    def one(self, f: Field) -> None:
        found = self.question(f.prompt, self.reader(f), text=f.key)
        if found is not None:
            self.put(f.key, str(found))

    def many(self, f: Field) -> None:
        if f.key in INSIGHT_KINDS and not self.told_insights:
            self.say("What did you learn? One a line; an empty line moves on.")
            self.told_insights = True
        while True:
            found = self.question(f.prompt, self.reader(f), text=f.key)
            if found is None:
                return
            self.fields.setdefault(f.key, []).append(found)
            self.keep(self.draft)

    def at(self, f: Field) -> None:
        def read(typed: str) -> date:
            day = build.read_day(typed, self.now, f.what, past=True, order=self.ctx.date_order)
            build.refuse_future(day, self.today)
            return day

        default = self.ctx.default_day
        day = self.question(f"{f.prompt} [{dates.show_day(default)}] ", read, default=default)
        self.say(f"  = {dates.show_day(day)} ({dates.relative(day, self.today)})")
        self.put(f.key, day.isoformat())

    def planned(self, f: Field, offered: str | None) -> None:
        """A line of text with what was planned offered: Enter takes it, '-' answers none."""
        if offered is None:
            return self.one(f) if f.key != "place" else None  # no place planned: not asked
        shown = offered if len(offered) <= 60 else offered[:57] + "..."
        read = self.reader(f)
        found = self.question(f"{f.prompt.split(' (')[0].rstrip()} [{shown}] (Enter for it, - for none) ",
                              lambda typed: None if typed == "-" else read(typed), default=offered, text=f.key)
        if found is not None:
            self.put(f.key, str(found))

    def place(self, f: Field) -> None:
        self.planned(f, self.ctx.planned.place if self.ctx.planned else None)

    def ask(self, f: Field) -> None:
        asks = self.ctx.planned.asks if self.ctx.planned else []
        self.planned(f, asks[0] if asks else None)

    def answer(self, f: Field) -> None:
        if not self.fields.get("ask"):
            return
        answer = (self.fields.get(f.key) or [None])[0]
        if answer is None:
            answer = self.question(f.prompt, self.reader(f))
            if answer is None:
                return
            self.put(f.key, answer)
        if answer == "yes" and not isinstance(self.fields["ask"][0], Pledge):
            due = self.day("By when? The date they committed to (Enter if none yet) ", "date they committed to", after=self.held_on())
            if due is not None:
                self.put("ask", Pledge(self.fields["ask"][0], due))
            else:
                self.say("  Kept as a yes without a date; oto will remind you to agree one with them.")

    def revisit(self, f: Field) -> None:
        if (self.fields.get("answer") or [None])[0] not in ("maybe", "later"):
            return
        default = self.held_on() + timedelta(days=self.ctx.revisit_days)
        day = self.day(f"{f.prompt} [{dates.show_day(default)}] ", f.what, default=default, after=self.held_on())
        self.put(f.key, day.isoformat())

    def pending(self, f: Field) -> str | None:
        """The text of a field asked with a date after it: kept pending (so a stop at the date
        keeps it) until the date is given; None when skipped."""
        text = self.draft.pending.get(f.key)
        if text is None:
            text = self.question(f.prompt, self.reader(f), text=f.key)
            if text is not None:
                self.draft.pending[f.key] = text
                self.keep(self.draft)
        return text

    def pledges(self, f: Field) -> None:
        while (text := self.pending(f)) is not None:
            due = self.day("  By when? ", f"date of the {f.what}", after=self.held_on(), drop="-")
            if due is None:
                self.say(f"A {f.what} needs a date, like fri or +1w; or type - to drop it.")
                continue
            if due != "-":
                self.fields.setdefault(f.key, []).append(Pledge(text, due))
            del self.draft.pending[f.key]
            self.keep(self.draft)

    def next_step(self, f: Field) -> None:
        text = self.pending(f)
        if text is None:
            return
        then = BY_KEY["next"]
        day = self.day("  When? (Enter for no date) ", then.what, after=self.held_on())
        self.fields[f.key] = [text]
        if day is not None:
            self.fields[then.key] = [day.isoformat()]
        del self.draft.pending[f.key]
        self.keep(self.draft)
