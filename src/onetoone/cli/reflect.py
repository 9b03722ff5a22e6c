"""The `oto reflect` command: the debrief after a one-to-one, by prompts, editor, flags or stdin.

Which way is taken, first match wins:
  --discard [NAME]        drop NAME's draft (or the only one waiting)
  --resume [NAME]         continue NAME's draft (or the only one; several are listed): by
                          prompts, or in the editor (with --edit, or if it was begun there)
  --amend MEETING         a saved reflection reopened: in the editor with what was saved, or
                          with detail flags, only those fields changed (`domain.reflection.amend`)
  --edit                  the editor ($VISUAL, else $EDITOR, else vi) on a template
(with any of them, --share shows the team what is saved: a team journal only, domain/team.py)
  any detail flag         the flags alone; never a question
  stdin not a terminal    the template format read from stdin (`oto reflect Maria < notes.txt`)
  otherwise               guided prompts on the terminal
Prompts and the editor keep a draft in oto's drafts folder until the journal has the
reflection (the rules: `domain.reflection.session`); flags and stdin are checked whole and
saved in one step. The options below are the fields of `domain.reflection.fields` (a test
checks they agree); the mapping from one to the other is derived from that table.
"""

from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli import _complete as complete
from onetoone.cli._app import command

@command("reflect")
def reflect(
    name: Annotated[Optional[str], typer.Argument(help="Who you met (name, alias or the start of a name).", autocompletion=complete.names)] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the reflection in your editor ($VISUAL or $EDITOR).")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the draft an interrupted reflection left (NAME's, or the only one; lists them when several wait).")] = False,
    discard: Annotated[bool, typer.Option("--discard", help="Drop the waiting draft (NAME's, or the only one).")] = False,
    amend: Annotated[Optional[str], typer.Option("--amend", metavar="MEETING", help="Reopen a saved reflection (m12, or a name: their last one-to-one held) in your editor, or change only the fields given as flags.")] = None,
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
    answer: Annotated[Optional[str], typer.Option(metavar="yes|no|maybe|later", help="Their answer.", autocompletion=complete.answers)] = None,
    revisit: Annotated[Optional[str], typer.Option(metavar="WHEN", help="When to revisit a maybe or later (default: in 14 days).")] = None,
    they_promise: Annotated[Optional[list[str]], typer.Option(metavar='"TEXT by WHEN"', help="What they committed to (repeatable).")] = None,
    i_promise: Annotated[Optional[list[str]], typer.Option(metavar='"TEXT by WHEN"', help="What you promised (repeatable).")] = None,
    referral: Annotated[Optional[list[str]], typer.Option(metavar="NAME", help="Someone they suggested you meet (repeatable).")] = None,
    next_on: Annotated[Optional[str], typer.Option("--next", metavar="WHEN", help="When the next step is due.")] = None,
    next_step: Annotated[Optional[str], typer.Option(help="The next step (meet again, an introduction...).")] = None,
    note: Annotated[Optional[str], typer.Option(help="Anything else.")] = None,
    share: Annotated[bool, typer.Option("--share", help="Show the team what this reflection writes: its note, next step, insights and promises (a team journal only; asks stay yours).")] = False,
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

    --amend MEETING reopens a saved reflection (m12, or a name for their last one-to-one held)
    in the editor with what was saved; what you save replaces it. With flags, only those
    fields change: oto reflect --amend m12 --listened 70
    """
    given = dict(locals())  # every parameter by its name, for the table to pick its fields from
    from onetoone.domain.reflection.fields import from_options

    fields = from_options(given)
    _Asked.share = share
    if share and not discard:  # refused before a single question, on a journal with no team
        from onetoone.domain import team

        _read(team.refuse_on_sqlite)
    if discard:
        return shared.say(_session().discard(_folder(), alone=not (fields or edit or resume), name=name, person_id=_person_id))
    if amend is not None:
        return _amend(amend, name, fields, edit)
    if resume:
        return _resume(name, fields, edit)
    if edit:
        return _edit(name, fields)
    if fields:
        return _save(fields, name=name)
    if not shared.stdin_is_terminal():
        return _from_stdin(name)
    return _prompts(name)


# -- The ways in -------------------------------------------------------------------------------


def _save(fields, *, name=None, ctx=None, folder=None, draft=None, strict=True, keep_hint="") -> None:
    """Check everything, then write it all in one short transaction; then drop the draft."""
    from onetoone.domain.reflection import about, build, record
    from onetoone.errors import OtoError
    from onetoone.render import reflect as screen

    today, now = shared.today(), shared.now()
    try:
        if ctx is None:
            order = shared.locale_order()
            ctx = _read(lambda journal: about.who(journal, name, fields, today=today, strict=strict, date_order=order))
        reflection = build.build(fields, ctx, today=today, now=now)
        with shared.journal(write=True, now=now) as journal:
            saved = record.record(journal, reflection, today=today, now=now)
            _shared_with_team(journal, saved.meeting_id)
    except OtoError as problem:
        if keep_hint:
            problem.message = f"{problem.message} Nothing was saved; {keep_hint}"
        raise
    except KeyboardInterrupt:
        if not keep_hint:
            raise
        shared.say(f"Interrupted; nothing was saved, and {keep_hint}")
        raise typer.Exit(130) from None
    if folder is not None and (problem := _session().after_save(folder, draft)):
        shared.say(problem)
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
    folder, session = _folder(), _session()
    ctx = _fresh(folder, name) if name else None
    _interview(folder, session.start(folder, now=shared.now(), ctx=ctx), ctx)


def _edit(name, fields) -> None:
    folder, session = _folder(), _session()
    ctx = _fresh(folder, name) if name else session.refuse_waiting(folder, None)
    _editor(folder, session.start(folder, now=shared.now(), ctx=ctx, editor=True, fields=fields), ctx=ctx)


def _resume(name, fields, edit) -> None:
    folder, session, today = _folder(), _session(), shared.today()
    draft = session.waiting(folder, more=bool(fields), name=name, person_id=_person_id, edit=edit)
    if isinstance(draft, str):  # several wait and no NAME was given: which ones
        return shared.say(draft)
    order = shared.locale_order()
    ctx = _read(lambda journal: session.context(journal, draft, name, today=today, date_order=order)) if draft.person_id is not None else None
    if session.in_editor(draft, edit=edit, on_terminal=shared.stdin_is_terminal()):
        return _editor(folder, draft, ctx=ctx)
    shared.say(f"Continuing the reflection you began {session.started(draft)}.")
    _interview(folder, draft, ctx)


def _amend(typed, name, fields, edit) -> None:
    """A saved reflection amended: by flags in one step, else in the editor with what was saved."""
    import os

    from onetoone.domain.reflection import amend
    from onetoone.errors import BadInput

    if name is not None:
        raise BadInput("--amend names the one-to-one itself (m12, or a name for their last one held); give no NAME besides.")
    order = shared.locale_order()

    def found(journal):
        meeting_id = amend.find(journal, typed)
        return meeting_id, amend.context(journal, meeting_id, date_order=order), amend.saved(journal, meeting_id), amend.about(journal, meeting_id)

    meeting_id, ctx, saved, lines = _read(found)
    if fields and not edit:
        return _save_amend(amend.merged(saved, fields), meeting_id)
    if not (os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip() or shared.stdin_is_terminal()):
        raise BadInput(
            f"Nothing to amend m{meeting_id} with: give the fields to change as flags (oto reflect --amend m{meeting_id} "
            "--listened 70), or set VISUAL or EDITOR to amend it in your editor."
        )
    folder, session = _folder(), _session()
    session.refuse_waiting(folder, ctx.person.id, ctx.person.name)
    draft = session.start_amend(folder, now=shared.now(), ctx=ctx, meeting_id=meeting_id,
                                fields=amend.merged(saved, fields), lines=lines)
    _editor(folder, draft, ctx=ctx)


def _save_amend(fields, meeting_id, *, folder=None, draft=None, keep_hint="") -> None:
    """Check the amended reflection whole, then write it over the saved one in one short
    transaction; then drop the draft."""
    from onetoone.domain.reflection import amend, build
    from onetoone.errors import OtoError
    from onetoone.render import reflect as screen

    today, now, order = shared.today(), shared.now(), shared.locale_order()
    fields = amend.without_stale_revisit(fields)
    try:
        ctx = _read(lambda journal: amend.who(journal, meeting_id, fields, date_order=order))
        reflection = build.build(fields, ctx, today=today, now=now)
        with shared.journal(write=True, now=now) as journal:
            done = amend.amend(journal, meeting_id, reflection, today=today)
            _shared_with_team(journal, meeting_id)
    except OtoError as problem:
        if keep_hint:
            problem.message = f"{problem.message} Nothing was changed; {keep_hint}"
        raise
    if folder is not None and (problem := _session().after_save(folder, draft)):
        shared.say(problem)
    shared.show(screen.amended(done, today=today))


# -- Prompts and the editor --------------------------------------------------------------------


def _interview(folder, draft, ctx) -> None:
    """Ask the questions with the draft saved after every answer; stop cleanly on Ctrl-C,
    Ctrl-D, a closed terminal (SIGHUP) or SIGTERM, the draft already on disk."""
    from onetoone.domain.reflection import interview
    from onetoone.terminal import interruptible

    today, now, session = shared.today(), shared.now(), _session()
    terminal, keep = shared.terminal(), session.keeper(folder, _present)

    def ask():
        return interview.interview(
            draft, ctx=ctx, ask=terminal.ask, say=terminal.say, keep=keep, lookup=lambda typed: _fresh(folder, typed),
            today=today, now=now, referred=_referred,
        )

    def stopped(status: int):
        from onetoone.errors import OtoError
        from onetoone.store import preload

        try:
            session.refuse_forgotten(folder, draft, _present)  # forgotten, then stopped: nothing is kept
            message = session.after_stop(folder, draft)
        except OtoError as problem:
            message = problem.message
        try:
            shared.say(("\n" if shared.stdin_is_terminal() else "") + message)
        except OSError:  # the terminal is gone (SIGHUP); the draft is on disk all the same
            pass
        preload.wait()  # never leave the thread mid-import as the interpreter ends
        raise typer.Exit(status)

    # The save's imports load while the organizer answers (store/preload.py), and rich, which
    # draws the summary on the terminal.
    shared.preload("onetoone.domain.reflection.record", "onetoone.render.reflect", "rich.console", "rich.text")
    ctx = interruptible(ask, stopped=stopped)
    keep(draft)  # last: were they forgotten while the last question waited?
    _save(draft.fields, ctx=ctx, folder=folder, draft=draft,
          keep_hint="your draft is kept: fix it with `oto reflect --resume --edit`.")


def _editor(folder, draft, *, ctx=None) -> None:
    """Open the draft's text in the editor; save only a successful edit that holds something."""
    import os

    from onetoone import editor
    from onetoone.domain import drafts
    from onetoone.domain.reflection.about import about
    from onetoone.errors import BadInput

    session = _session()
    keep = session.keeper(folder, _present)
    if not drafts.text_of(folder, draft).exists():  # a prompt draft, or an edit that came back empty: offer the template
        if draft.amends is None or draft.template is None:
            draft.template = drafts.template(session.editor_fields(draft), about=about(ctx) if ctx else [])
        drafts.save_text(folder, draft.template, draft)
    draft.mode = "editor"
    keep(draft)  # (a draft an earlier oto kept under the one name moves to its person's, with its text)
    try:
        status = editor.edit(editor.command(os.environ), drafts.text_of(folder, draft))
    except BadInput as problem:  # no editor to start: say where the draft waits all the same
        raise BadInput(f"{problem.message} {session.KEPT}") from None
    session.refuse_forgotten(folder, draft, _present)  # forgotten while the editor was open: nothing kept
    text = drafts.read_text(folder, draft)
    if status == 0 and session.unchanged(draft, text):
        drafts.discard(folder, draft)
        return shared.say(f"Nothing changed: the reflection on m{draft.amends} is as it was.")
    fields = session.after_edit(folder, draft, status, text, keep)
    kept = session.KEPT
    if draft.amends is not None:
        return _save_amend(fields, draft.amends, folder=folder, draft=draft, keep_hint=kept[0].lower() + kept[1:])
    _save(fields, name=draft.person_name, strict=False, folder=folder, draft=draft, keep_hint=kept[0].lower() + kept[1:])


# -- Small helpers -----------------------------------------------------------------------------


class _Asked:
    """`--share`, as given to this run of `oto reflect`, for whichever way in saves it."""

    share = False


def _shared_with_team(journal, meeting_id) -> None:
    """With --share, the reflection just written is shown to the team, in its own transaction."""
    if _Asked.share:
        from onetoone.domain import team

        team.share_reflection(journal, meeting_id)


def _read(work):
    """One short read of the journal (never held while the organizer types)."""
    with shared.journal() as journal:
        return work(journal)


def _present(person_id):
    """Whether the draft's person is still in the journal; a team journal's server that cannot be
    reached now stops the reflection with its draft on disk, and says so."""
    from onetoone.errors import ServerUnreachable

    try:
        return _read(lambda journal: _session().present(journal, person_id))
    except ServerUnreachable as problem:
        problem.message = f"{problem.message} {_session().KEPT}"
        raise


def _fresh(folder, typed):
    """Who a new reflection is about, unless a draft about them waits already."""
    ctx = _prepare(typed)
    _session().refuse_waiting(folder, ctx.person.id, ctx.person.name)
    return ctx


def _person_id(typed):
    from onetoone.domain import people

    return _read(lambda journal: people.resolve(journal, typed).id)


def _prepare(typed):
    from onetoone.domain.reflection.about import prepare

    today, order = shared.today(), shared.locale_order()
    return _read(lambda journal: prepare(journal, typed, today=today, date_order=order))


def _referred(typed, person):
    from onetoone.domain.reflection.record import referred

    return _read(lambda journal: referred(journal, typed, person))


def _session():
    from onetoone.domain.reflection import session

    return session


def _folder():
    from onetoone.store.paths import drafts_dir

    return drafts_dir(shared.home())
