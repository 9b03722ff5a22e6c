"""The rules of the waiting drafts: when a new reflection may start one, how one resumes, and
what becomes of it after a save, a stop or an edit (see `domain.drafts` for the files).

Prompts and the editor keep a draft until the journal has the reflection; flags and stdin never
need one, since they save in one step. One draft waits per person: while one waits, no other
reflection on them can start by prompts or the editor (the organizer resumes it or drops it),
and reflections on other people go on as usual. `--resume` and `--discard` take the person's
name; without one they take the only draft waiting, and list them when several wait.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from onetoone import dates
from onetoone.domain import drafts
from onetoone.domain.reflection.about import Context, about
from onetoone.domain.reflection.fields import Fields
from onetoone.errors import BadInput, OtoError
from onetoone.store.journal import Journal

RESUME = "`oto reflect --resume`"
KEPT = f"Your draft is kept: continue with {RESUME}."


def started(draft: drafts.Draft) -> str:
    """When the draft was begun, as the organizer reads a moment."""
    try:
        return dates.show_moment(datetime.fromisoformat(draft.started_at))
    except (TypeError, ValueError):
        return "earlier"


def _hint(name: str | None) -> str:
    from onetoone.vocabulary import typed_name

    named = f" {typed_name(name)}" if name else ""
    return f"Continue it with `oto reflect --resume{named}`, or drop it with `oto reflect --discard{named}`."


def refuse_waiting(folder: Path, person_id: int | None, name: str | None = None) -> None:
    """A new draft may start only when none waits about the same person (not even an editor text
    left alone); `person_id` None is a reflection in the editor not yet about anyone."""
    if person_id is None:
        found = next((item for item in drafts.waiting(folder) if getattr(item, "stem", item) == drafts.UNNAMED), None)
    else:
        found = drafts.about(folder, person_id)
    if found is None:
        return
    draft = found if isinstance(found, drafts.Draft) else None
    who = (draft.person_name if draft else None) or name
    on = f" on {who}" if who else ""
    began = f" (begun {started(draft)})" if draft else ""
    raise BadInput(f"A reflection{on} is waiting as a draft{began}. {_hint(who if person_id is not None else None)}")


def start(folder: Path, *, now: datetime, ctx: Context | None, editor: bool = False, fields: Fields | None = None) -> drafts.Draft:
    """A new draft, once `refuse_waiting` allows it; for the editor with its template (the
    person's name and default day filled in, and `fields` given as options) kept on disk."""
    draft = drafts.Draft(started_at=now.isoformat(sep=" "), mode="editor" if editor else "prompts")
    if ctx is not None:
        draft.person_id, draft.person_name = ctx.person.id, ctx.person.name
    if editor:
        frame = {"name": [ctx.person.name], "at": [ctx.default_day.isoformat()]} if ctx else {}
        draft.fields = {**frame, **(fields or {})}
        draft.template = drafts.template(draft.fields, about=about(ctx) if ctx else [])
        drafts.save(folder, draft)
        drafts.save_text(folder, draft.template, draft)
    return draft


def start_amend(folder: Path, *, now: datetime, ctx: Context, meeting_id: int, fields: Fields, lines: list[str]) -> drafts.Draft:
    """A draft amending the saved reflection on `meeting_id`, once `refuse_waiting` allows it: its
    template holds what was saved (`fields`), kept on disk like any editor draft."""
    draft = drafts.Draft(started_at=now.isoformat(sep=" "), mode="editor", person_id=ctx.person.id,
                         person_name=ctx.person.name, fields=fields, amends=meeting_id)
    draft.template = drafts.template(fields, about=lines)
    drafts.save(folder, draft)
    drafts.save_text(folder, draft.template, draft)
    return draft


def unchanged(draft: drafts.Draft, text: str) -> bool:
    """Whether an amendment came back from the editor saying what was saved (comments and
    spacing aside)."""
    if draft.amends is None or draft.template is None:
        return False
    if text == draft.template:
        return True
    try:
        return drafts.parse(text) == drafts.parse(draft.template)
    except BadInput:
        return False


def listing(items: list) -> str:
    """The drafts waiting, in one line: whom each is about and when it was begun."""
    parts = []
    for item in items:
        if isinstance(item, drafts.Draft) and item.person_name:
            amends = f"amending m{item.amends}, " if item.amends else ""
            parts.append(f"on {item.person_name} ({amends}begun {started(item)})")
        elif isinstance(item, drafts.Draft):
            parts.append(f"one not yet about anyone (begun {started(item)}; `oto reflect --resume --edit`)")
        else:
            parts.append(f"one that cannot be read ({item}.json; see `oto doctor`)")
    return f"{len(items)} reflections are waiting as drafts: " + ", ".join(parts) + "."


def waiting(folder: Path, *, more: bool, name: str | None = None, person_id: Callable[[str], int] | None = None,
            edit: bool = False) -> drafts.Draft | str:
    """The draft `--resume` continues: NAME's (`person_id` finds them, in a short read), or the
    only one waiting; when several wait and no NAME is given, their list (a str) instead (with
    --edit, the one not yet about anyone). It takes nothing more (`more`: fields were given too)."""
    if more:
        raise BadInput("--resume continues the draft as it is; add details in the questions or with --resume --edit.")
    if name:
        found = drafts.about(folder, person_id(name))
        if found is None:
            others = drafts.waiting(folder)
            rest = f" {listing(others)}" if others else ""
            raise BadInput(f"No reflection on {name} is waiting as a draft.{rest}")
    else:
        items = drafts.waiting(folder)
        if not items:
            raise BadInput("No reflection is waiting as a draft. Start one with `oto reflect NAME`.")
        unnamed = [item for item in items if getattr(item, "stem", item) == drafts.UNNAMED]
        if len(items) > 1 and not (edit and unnamed):
            return f"{listing(items)} Continue one with `oto reflect --resume NAME`."
        found = unnamed[0] if len(items) > 1 else items[0]
    if isinstance(found, str):
        return _unread(folder, found)
    return found


def _unread(folder: Path, stem: str) -> drafts.Draft:
    """A draft that is only a name: a damaged one (its reason raised), or an editor text left
    without its draft, resumed in the editor as it is."""
    from onetoone.store.paths import draft_person

    drafts.load(folder, stem=stem)  # raises for a damaged draft
    person = draft_person(f"{stem}.txt")
    return drafts.Draft(started_at="", mode="editor", person_id=person, stem=stem)


def context(journal: Journal, draft: drafts.Draft, name: str | None, *, today: date, date_order: str | None = None) -> Context | None:
    """Who a resumed draft is about (None: the questions ask); a NAME given must be them."""
    from onetoone.domain import people
    from onetoone.domain.reflection.about import context as about_person

    if draft.person_id is None:
        return None
    if name and people.resolve(journal, name).id != draft.person_id:
        raise BadInput(
            f"The waiting draft is about {draft.person_name}, not '{name}'. "
            "Resume it without a name, or drop it with --discard."
        )
    ctx = about_person(journal, draft.person_id, today=today, date_order=date_order)
    draft.person_name = draft.person_name or ctx.person.name
    return ctx


def present(journal: Journal, person_id: int) -> bool:
    """Whether the person is still in the journal (ids are never handed out twice)."""
    return journal.value("SELECT 1 FROM person WHERE id = :person", {"person": person_id}) is not None


def keeper(folder: Path, present: Callable[[int], bool]) -> Callable[[drafts.Draft], None]:
    """What saves the draft after every answer and edit: unless the person it is about was
    forgotten meanwhile (`oto forget` in another window while a question waited or the editor
    was open). Then every draft file goes and the reflection stops, keeping nothing about them.
    `present(person_id)` asks the journal in a short read. It is asked before and after each
    write: forget removes drafts only after its erasure is committed, so a forget that lands in
    between finds the draft on disk and removes it, or is seen here afterwards."""

    def keep(draft: drafts.Draft) -> None:
        refuse_forgotten(folder, draft, present)
        drafts.save(folder, draft)
        refuse_forgotten(folder, draft, present)

    return keep


def refuse_forgotten(folder: Path, draft: drafts.Draft, present: Callable[[int], bool]) -> None:
    """Stop, with every draft file removed, if the draft's person is no longer in the journal."""
    if draft.person_id is None or present(draft.person_id):
        return
    draft.fields, draft.pending, draft.refused = {}, {}, {}
    drafts.discard(folder, draft)
    raise OtoError(
        f"{draft.person_name or 'The person this reflection is about'} was forgotten (`oto forget`) while "
        "this reflection was open, so nothing about them was kept."
    )


def in_editor(draft: drafts.Draft, *, edit: bool, on_terminal: bool) -> bool:
    """Whether a resumed draft goes to the editor: when asked, or when begun there; questions
    need a terminal."""
    if edit or draft.mode == "editor" or draft.refused:  # refused text is fixed in the editor
        return True
    if not on_terminal:
        raise BadInput(
            "Resuming by questions needs a terminal. Finish the draft in your editor with `oto reflect --resume --edit`."
        )
    return False


def editor_fields(draft: drafts.Draft) -> Fields:
    """What the editor's template offers for a draft: its fields, and after them any text a
    question refused, which from then on is kept in the editor's text instead."""
    fields = {name: list(values) for name, values in draft.fields.items()}
    for name, values in draft.refused.items():
        fields.setdefault(name, []).extend(values)
    draft.refused = {}
    return fields


def after_stop(folder: Path, draft: drafts.Draft) -> str:
    """The questions were stopped: keep the draft if anything was answered, else drop it so it
    does not block the next reflection. Returns what to tell the organizer."""
    if draft.fields or draft.pending or draft.refused:  # any answer, even only the day they met, is kept
        return f"Draft kept; continue with {RESUME}."
    drafts.discard(folder, draft)
    return "Stopped before anything was noted; no draft kept."


def after_edit(folder: Path, draft: drafts.Draft, status: int, text: str, keep: Callable[[drafts.Draft], None]) -> Fields:
    """The fields of a successful edit that holds something, kept in the draft; otherwise the
    reason nothing is saved (raised), the draft kept and an empty text dropped so that the
    template comes back next time."""
    if status != 0:
        ended = f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"
        raise BadInput(f"The editor {ended}, so nothing was saved. {KEPT}")
    try:
        fields = drafts.parse(text)
    except BadInput as problem:
        raise BadInput(f"{problem.message} Nothing was saved. {KEPT}") from None
    if not drafts.has_content(fields) and draft.amends is None:  # (an amendment may take everything out)
        drafts.text_of(folder, draft).unlink(missing_ok=True)  # nothing typed there to keep
        why = "The template came back unchanged" if text == draft.template else "The reflection has nothing in it"
        raise BadInput(f"{why}, so nothing was saved. {KEPT}")
    draft.fields = fields
    keep(draft)
    return fields


def after_save(folder: Path, draft: drafts.Draft) -> str | None:
    """The journal has the reflection: drop its draft. Returns a warning if that failed (said,
    or a --resume would save it twice)."""
    try:
        drafts.discard(folder, draft)
    except OSError as problem:
        return f"Saved, but the draft could not be removed ({problem}); drop it with `oto reflect --discard`."
    return None


def discard(folder: Path, *, alone: bool, name: str | None = None, person_id: Callable[[str], int] | None = None) -> str:
    """`--discard [NAME]`: drop NAME's draft, or the only one waiting (even a damaged one); when
    several wait, a NAME is needed."""
    if not alone:
        raise BadInput("--discard drops the waiting draft and takes nothing else.")
    if name:
        found = drafts.about(folder, person_id(name))
        if found is None:
            return f"No reflection on {name} is waiting as a draft; nothing to drop."
    else:
        items = drafts.waiting(folder)
        if not items:
            return "No reflection is waiting as a draft; nothing to drop."
        if len(items) > 1:
            raise BadInput(f"{listing(items)} Drop one with `oto reflect --discard NAME`.")
        (found,) = items
    who = drafts.name_of(found)
    drafts.discard(folder, found)
    return f"Dropped the draft reflection on {who}." if who else "Dropped the draft reflection."
