"""The rules of the one waiting draft: when a new reflection may start one, how it resumes, and
what becomes of it after a save, a stop or an edit (see `domain.drafts` for the files).

Prompts and the editor keep a draft until the journal has the reflection; flags and stdin never
need one, since they save in one step. While a draft waits, no other can start by prompts or
the editor: the organizer resumes it or drops it.
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


def refuse_waiting(folder: Path) -> None:
    """A new draft may start only when none waits (not even an editor text left alone)."""
    draft = drafts.load(folder)
    if draft is None and not drafts.text_path(folder).exists():
        return
    on = f" on {draft.person_name}" if draft and draft.person_name else ""
    began = f" (begun {started(draft)})" if draft else ""
    raise BadInput(
        f"A reflection{on} is waiting as a draft{began}. Continue it with {RESUME}, "
        "or drop it with `oto reflect --discard`."
    )


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
        drafts.save_text(folder, draft.template)
    return draft


def waiting(folder: Path, *, more: bool) -> drafts.Draft:
    """The draft `--resume` continues; it takes nothing more (`more`: fields were given too)."""
    draft = drafts.load(folder)
    if draft is None:
        raise BadInput("No reflection is waiting as a draft. Start one with `oto reflect NAME`.")
    if more:
        raise BadInput("--resume continues the draft as it is; add details in the questions or with --resume --edit.")
    return draft


def context(journal: Journal, draft: drafts.Draft, name: str | None, *, today: date) -> Context | None:
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
    return about_person(journal, draft.person_id, today=today)


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
    draft.fields, draft.pending = {}, {}
    drafts.discard(folder)
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
    if draft.fields or draft.pending:  # any answer, even only the day they met, is kept
        return f"Draft kept; continue with {RESUME}."
    drafts.discard(folder)
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
    if not drafts.has_content(fields):
        drafts.text_path(folder).unlink(missing_ok=True)  # nothing typed there to keep
        why = "The template came back unchanged" if text == draft.template else "The reflection has nothing in it"
        raise BadInput(f"{why}, so nothing was saved. {KEPT}")
    draft.fields = fields
    keep(draft)
    return fields


def after_save(folder: Path) -> str | None:
    """The journal has the reflection: drop its draft. Returns a warning if that failed (said,
    or a --resume would save it twice)."""
    try:
        drafts.discard(folder)
    except OSError as problem:
        return f"Saved, but the draft could not be removed ({problem}); drop it with `oto reflect --discard`."
    return None


def discard(folder: Path, *, alone: bool) -> str:
    """`--discard`: drop the waiting draft, whoever it is about (even a damaged one)."""
    if not alone:
        raise BadInput("--discard drops the waiting draft and takes nothing else.")
    if not (drafts.draft_path(folder).exists() or drafts.text_path(folder).exists()):
        return "No reflection is waiting as a draft; nothing to drop."
    who = drafts.peek_name(folder)
    drafts.discard(folder)
    return f"Dropped the draft reflection on {who}." if who else "Dropped the draft reflection."
