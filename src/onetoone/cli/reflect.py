"""The `oto reflect` command: the debrief after a one-to-one, by prompts, editor, flags or stdin.

Which way is taken, first match wins:
  --discard               drop the waiting draft
  --resume                continue the draft: by prompts, or in the editor (with --edit, or if
                          it was begun there)
  --edit                  the editor ($VISUAL, else $EDITOR, else vi) on a template
  any detail flag         the flags alone; never a question
  stdin not a terminal    the template format read from stdin (`oto reflect Maria < notes.txt`)
  otherwise               guided prompts on the terminal
Prompts and the editor keep a draft in oto's drafts folder until the journal has the
reflection (see `domain.drafts`); flags and stdin are checked whole and saved in one step.
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command

RESUME = "`oto reflect --resume`"


class _Hangup(BaseException):
    """The terminal closed (SIGHUP) or oto was asked to stop (SIGTERM) during the prompts."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@command("reflect")
def reflect(
    name: Annotated[Optional[str], typer.Argument(help="Who you met (name, alias or the start of a name).")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the reflection in your editor ($VISUAL or $EDITOR).")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the draft an interrupted reflection left.")] = False,
    discard: Annotated[bool, typer.Option("--discard", help="Drop the waiting draft.")] = False,
    at: Annotated[Optional[str], typer.Option(metavar="WHEN", help="The day you met (default: the planned day, or today).")] = None,
    minutes: Annotated[Optional[str], typer.Option(metavar="N", help="How long it lasted, in minutes.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Where you met.")] = None,
    listened: Annotated[Optional[str], typer.Option(metavar="PCT", help="Share of the time you listened, in %.")] = None,
    self_interest: Annotated[Optional[list[str]], typer.Option(help="What they need or care about (repeatable, as are the next seven).")] = None,
    story: Annotated[Optional[list[str]], typer.Option(help="A story they told, often a formative one.")] = None,
    value: Annotated[Optional[list[str]], typer.Option(help="A value that moves them.")] = None,
    talent: Annotated[Optional[list[str]], typer.Option(help="Something they are good at.")] = None,
    network: Annotated[Optional[list[str]], typer.Option(help="People or groups they are part of.")] = None,
    concern: Annotated[Optional[list[str]], typer.Option(help="What worries or angers them.")] = None,
    boundary: Annotated[Optional[list[str]], typer.Option(help="A topic to avoid with them.")] = None,
    common: Annotated[Optional[list[str]], typer.Option(help="Common ground you found.")] = None,
    ask: Annotated[Optional[str], typer.Option(help='What you asked; for a yes add the date: "Host a house meeting by sat".')] = None,
    answer: Annotated[Optional[str], typer.Option(metavar="yes|no|maybe|later", help="Their answer.")] = None,
    revisit: Annotated[Optional[str], typer.Option(metavar="WHEN", help="When to revisit a maybe or later (default: in 14 days).")] = None,
    they_promise: Annotated[Optional[list[str]], typer.Option(metavar='"TEXT by WHEN"', help="What they committed to (repeatable).")] = None,
    i_promise: Annotated[Optional[list[str]], typer.Option(metavar='"TEXT by WHEN"', help="What you promised (repeatable).")] = None,
    referral: Annotated[Optional[list[str]], typer.Option(metavar="NAME", help="Someone they suggested you meet (repeatable).")] = None,
    next_on: Annotated[Optional[str], typer.Option("--next", metavar="WHEN", help="When the next step is due.")] = None,
    next_step: Annotated[Optional[str], typer.Option(help="The next step (meet again, an introduction...).")] = None,
    note: Annotated[Optional[str], typer.Option(help="Anything else.")] = None,
) -> None:
    """Reflect on a one-to-one: what you learned, the ask and answer, promises, referrals.

    On a terminal, short questions guide you; Enter skips one. Every answer is kept in a draft,
    so Ctrl-C or a closed window loses nothing: continue with `oto reflect --resume`.
    --edit opens your editor on a template instead. With flags, or a template on stdin, oto
    never asks anything. Dates print back as they were understood. Private or long text is
    best typed in the questions or the editor: shells keep a history of flags.

    Example: oto reflect Maria --minutes 40 --listened 70 --self-interest "Rent keeps rising"
    --ask "Host a house meeting by sat" --answer yes --i-promise "Send the flyer by fri"

    Example: oto reflect Maria < notes.txt
    """
    given = {
        "at": at, "minutes": minutes, "place": place, "listened": listened, "self-interest": self_interest,
        "story": story, "value": value, "talent": talent, "network": network, "concern": concern,
        "boundary": boundary, "common": common, "ask": ask, "answer": answer, "revisit": revisit,
        "they-promise": they_promise, "i-promise": i_promise, "referral": referral, "next": next_on,
        "next-step": next_step, "note": note,
    }
    fields = {k: v if isinstance(v, list) else [v] for k, v in given.items() if v is not None and v != []}
    if discard:
        return _discard(alone=not (name or fields or edit or resume))
    if resume:
        return _resume(name, fields, edit)
    if edit:
        return _edit(name, fields)
    if fields:
        return _save(fields, name=name)
    if not shared.stdin_is_terminal():
        return _from_stdin(name)
    return _prompts(name)


# -- The four ways in --------------------------------------------------------------------------


def _save(fields, *, name=None, ctx=None, folder=None, strict=True, keep_hint="") -> None:
    """Check everything, then write it all in one short transaction; then drop the draft."""
    from onetoone.domain import drafts, reflect
    from onetoone.errors import OtoError
    from onetoone.render import reflect as screen

    today, now = shared.today(), shared.now()
    try:
        if ctx is None:
            ctx = _read(lambda journal: _who(journal, name, fields, today=today, strict=strict))
        reflection = reflect.build(fields, ctx, today=today, now=now)
        with shared.journal(write=True, now=now) as journal:
            saved = reflect.record(journal, reflection, today=today, now=now)
    except OtoError as problem:
        if keep_hint:
            problem.message = f"{problem.message} Nothing was saved; {keep_hint}"
        raise
    except KeyboardInterrupt:
        if not keep_hint:
            raise
        shared.say(f"Interrupted; nothing was saved, and {keep_hint}")
        raise typer.Exit(130) from None
    if folder is not None:
        try:
            drafts.discard(folder)
        except OSError as problem:  # saved already: say so, or a --resume would save it twice
            shared.say(f"Saved, but the draft could not be removed ({problem}); drop it with `oto reflect --discard`.")
    shared.show(screen.summary(saved, today=today))


def _from_stdin(name) -> None:
    import sys

    from onetoone.domain import drafts
    from onetoone.errors import BadInput

    stream = sys.stdin
    if stream is None:  # started with stdin closed
        text = ""
    else:
        text = drafts.decode(stream.buffer.read() if hasattr(stream, "buffer") else stream.read())
    fields = drafts.parse(text)
    if not any(key != "name" for key in fields):
        raise BadInput(
            "Nothing to save: stdin held no reflection. Give `key: value` lines (see `oto reflect --edit` for the "
            "template), detail flags such as --minutes, or run `oto reflect NAME` on a terminal for questions."
        )
    _save(fields, name=name)


def _prompts(name) -> None:
    from onetoone.domain import drafts, reflect

    folder = _folder()
    _refuse_waiting(folder)
    today, now = shared.today(), shared.now()
    draft = drafts.Draft(started_at=now.isoformat(sep=" "))
    ctx = None
    if name:
        ctx = _read(lambda journal: reflect.prepare(journal, name, today=today))
        draft.person_id, draft.person_name = ctx.person.id, ctx.person.name
    _interview(folder, draft, ctx)


def _edit(name, fields) -> None:
    from onetoone.domain import drafts, reflect

    folder = _folder()
    _refuse_waiting(folder)
    today, now = shared.today(), shared.now()
    draft = drafts.Draft(started_at=now.isoformat(sep=" "), mode="editor")
    about = []
    if name:
        ctx = _read(lambda journal: reflect.prepare(journal, name, today=today))
        draft.person_id, draft.person_name = ctx.person.id, ctx.person.name
        fields = {"name": [ctx.person.name], "at": [ctx.default_day.isoformat()], **fields}
        about = reflect.about(ctx)
    draft.fields = fields
    draft.template = drafts.template(fields, about=about)
    drafts.save(folder, draft)
    drafts.save_text(folder, draft.template)
    _editor(folder, draft)


def _resume(name, fields, edit) -> None:
    from onetoone import dates
    from onetoone.domain import drafts, people, reflect
    from onetoone.errors import BadInput

    folder = _folder()
    draft = drafts.load(folder)
    if draft is None:
        raise BadInput("No reflection is waiting as a draft. Start one with `oto reflect NAME`.")
    if fields:
        raise BadInput("--resume continues the draft as it is; add details in the questions or with --resume --edit.")
    today = shared.today()
    ctx = None
    if draft.person_id is not None:
        def read(journal):
            if name and people.resolve(journal, name).id != draft.person_id:
                raise BadInput(
                    f"The waiting draft is about {draft.person_name}, not '{name}'. "
                    "Resume it without a name, or drop it with --discard."
                )
            return reflect.context(journal, draft.person_id, today=today)

        ctx = _read(read)
    if edit or draft.mode == "editor":
        return _editor(folder, draft, ctx=ctx)
    if not shared.stdin_is_terminal():
        raise BadInput(
            "Resuming by questions needs a terminal. Finish the draft in your editor with `oto reflect --resume --edit`."
        )
    shared.say(f"Continuing the reflection you began {_started(draft, dates)}.")
    _interview(folder, draft, ctx)


def _discard(*, alone: bool) -> None:
    from onetoone.domain import drafts
    from onetoone.errors import BadInput

    if not alone:
        raise BadInput("--discard drops the waiting draft and takes nothing else.")
    folder = _folder()
    if not (drafts.draft_path(folder).exists() or drafts.text_path(folder).exists()):
        shared.say("No reflection is waiting as a draft; nothing to drop.")
        return
    who = drafts.peek_name(folder)
    drafts.discard(folder)
    shared.say(f"Dropped the draft reflection on {who}." if who else "Dropped the draft reflection.")


# -- Prompts and the editor --------------------------------------------------------------------


def _interview(folder, draft, ctx) -> None:
    """Ask the questions with the draft saved after every answer; stop cleanly on Ctrl-C,
    Ctrl-D, a closed terminal (SIGHUP) or SIGTERM, the draft already on disk."""
    import signal

    from onetoone.domain import drafts, reflect

    today, now = shared.today(), shared.now()
    terminal = shared.terminal()

    # Stop once: a closed terminal sends SIGHUP just after the end-of-file it causes.
    stopping = []

    def stop(signum, frame):
        if not stopping:
            stopping.append(signum)
            raise _Hangup(signum)

    previous = {}
    for signum in (getattr(signal, "SIGHUP", None), signal.SIGTERM):
        if signum is not None:
            try:
                previous[signum] = signal.signal(signum, stop)
            except ValueError:  # not the main thread: leave signals alone
                pass
    try:
        ctx = reflect.interview(
            draft, ctx=ctx, ask=terminal.ask, say=terminal.say, keep=lambda d: drafts.save(folder, d),
            lookup=lambda typed: _read(lambda journal: reflect.prepare(journal, typed, today=today)),
            today=today, now=now,
        )
    except (KeyboardInterrupt, EOFError, _Hangup) as stopped:
        stopping.append(stopped)  # first, before any call lets a pending signal handler run
        code = 130 if isinstance(stopped, KeyboardInterrupt) else 1 if isinstance(stopped, EOFError) else 128 + stopped.signum
        _stopped(folder, draft, code)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    _save(draft.fields, ctx=ctx, folder=folder, keep_hint="your draft is kept: fix it with `oto reflect --resume --edit`.")


def _stopped(folder, draft, code: int) -> None:
    from onetoone.domain import drafts

    if draft.fields or draft.pending:  # any answer, even only the day they met, is kept
        message = f"Draft kept; continue with {RESUME}."
    else:
        drafts.discard(folder)  # nothing answered yet; do not block the next reflection
        message = "Stopped before anything was noted; no draft kept."
    try:
        shared.say(("\n" if shared.stdin_is_terminal() else "") + message)
    except OSError:  # the terminal is gone (SIGHUP); the draft is on disk all the same
        pass
    raise typer.Exit(code)


def _editor(folder, draft, *, ctx=None) -> None:
    """Open the draft's text in the editor; save only a successful edit that holds something."""
    import os

    from onetoone.domain import drafts, reflect
    from onetoone.errors import BadInput

    path = drafts.text_path(folder)
    if not path.exists():  # a prompt draft, or an edit that came back empty: offer the template
        draft.template = drafts.template(draft.fields, about=reflect.about(ctx) if ctx else [])
        drafts.save_text(folder, draft.template)
    draft.mode = "editor"
    drafts.save(folder, draft)
    command = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip() or "vi"
    kept = f"Your draft is kept: continue with {RESUME}."
    try:
        status, text = drafts.edit(command, path)
    except BadInput as problem:  # no editor to start: say where the draft waits all the same
        raise BadInput(f"{problem.message} {kept}") from None
    if status != 0:
        ended = f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"
        raise BadInput(f"The editor {ended}, so nothing was saved. {kept}")
    try:
        fields = drafts.parse(text)
    except BadInput as problem:
        raise BadInput(f"{problem.message} Nothing was saved. {kept}") from None
    if not drafts.has_content(fields):
        path.unlink(missing_ok=True)  # nothing typed there to keep; the template comes back next time
        why = "The template came back unchanged" if text == draft.template else "The reflection has nothing in it"
        raise BadInput(f"{why}, so nothing was saved. {kept}")
    draft.fields = fields
    drafts.save(folder, draft)
    _save(fields, name=draft.person_name, strict=False, folder=folder, keep_hint=kept[0].lower() + kept[1:])


# -- Small helpers -----------------------------------------------------------------------------


def _read(work):
    """One short read of the journal (never held while the organizer types)."""
    with shared.journal() as journal:
        return work(journal)


def _who(journal, name, fields, *, today, strict: bool):
    """The person a reflection is about: the `name:` field or the NAME argument. From stdin
    both must agree; in the editor the field wins (the organizer may have corrected it)."""
    from onetoone.domain import people, reflect
    from onetoone.errors import BadInput

    written = (fields.get("name") or [None])[0]
    if written and name and strict and people.resolve(journal, written).id != people.resolve(journal, name).id:
        raise BadInput(f"The reflection names '{written}' but the command names '{name}'; give one of them.")
    chosen = written or name
    if not chosen:
        raise BadInput("Who was the one-to-one with? Give the name: `oto reflect NAME ...` (or a `name:` line).")
    return reflect.prepare(journal, chosen, today=today)


def _folder():
    from onetoone.store.paths import drafts_dir

    return drafts_dir(shared.home())


def _refuse_waiting(folder) -> None:
    from onetoone import dates
    from onetoone.domain import drafts
    from onetoone.errors import BadInput

    draft = drafts.load(folder)
    if draft is None and not drafts.text_path(folder).exists():
        return
    on = f" on {draft.person_name}" if draft and draft.person_name else ""
    began = f" (begun {_started(draft, dates)})" if draft else ""
    raise BadInput(
        f"A reflection{on} is waiting as a draft{began}. Continue it with {RESUME}, "
        "or drop it with `oto reflect --discard`."
    )


def _started(draft, dates) -> str:
    from datetime import datetime

    try:
        return dates.show_moment(datetime.fromisoformat(draft.started_at))
    except (TypeError, ValueError):
        return "earlier"
