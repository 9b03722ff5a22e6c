"""Every test runs against its own journal in a temp dir, at a fixed time, with plain output."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from typer.testing import CliRunner

# Monday 23 November 2026, 09:00: the "Monday morning" of DOMAIN.md's situations.
NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()


def as_from_a_shell() -> None:
    """For a process a test starts on a pty (pexpect's preexec_fn): SIGINT at its default and no
    signal blocked, as a shell starts oto, whatever the test process itself has at that moment."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


@pytest.fixture(autouse=True)
def signals_as_python_sets_them():
    """Each test starts and ends with SIGINT as Python sets it and no signal blocked: a command run
    in-process that sets the signals of a conversation aside (the editor's wait, the preload's
    thread) must not leave them so for later tests, whose processes inherit both. (In a full run
    every Ctrl-C test on a pty timed out once: their processes could not be interrupted.)"""
    import signal

    def clean() -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, set())

    clean()
    yield
    clean()


@pytest.fixture(autouse=True)
def oto_home(tmp_path, monkeypatch):
    home = tmp_path / "oto-home"
    monkeypatch.setenv("OTO_HOME", str(home))
    monkeypatch.setenv("OTO_NOW", NOW.strftime("%Y-%m-%d %H:%M"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("VISUAL", "EDITOR", "OTO_DEBUG", "LC_ALL", "LC_TIME", "LANG", "OTO_PASSPHRASE_COMMAND"):  # no locale: 12/5 has no default order; no passphrase of the developer's
        monkeypatch.delenv(name, raising=False)
    return home


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def oto():
    """Run `oto ARGS...` in-process and return its exit code, stdout and stderr."""
    from onetoone.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None) -> Ran:
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Ran(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def folder(oto_home):
    """The drafts folder (where unfinished reflections wait)."""
    from onetoone.store.paths import drafts_dir

    return drafts_dir(oto_home)


@pytest.fixture
def open_journal(oto_home):
    """Open the test's journal directly, for domain-level tests: `with open_journal() as j:`."""
    from onetoone.store.journal import open_journal as opener
    from onetoone.store.paths import journal_path

    @contextmanager
    def opened(write: bool = True, now: datetime = NOW):
        with opener(journal_path(oto_home), now=now, write=write) as journal:
            yield journal

    return opened


# -- Scenes: a test's journal built the way oto's own commands build it -----------------------------


@dataclass(frozen=True)
class Booked:
    """A meeting planned as `oto prep NAME --at` plans it: its id and its follow-ups' ids."""

    meeting: int
    confirms: tuple[int, ...]
    reflect: int


class Scene:
    """Builds a test's journal through the domain functions the commands call, so a scene holds
    only rows oto itself makes: `person` is `oto add`, `plan` is `oto prep --at`, `reflect` is
    `oto reflect`, `promise` is `oto promise`, `done`/`snooze`/`kept`/`broken`/`cancel`/`noshow`/`log`
    are those commands.

    Each step happens on a day of its own (`today`, `booked`, `written`, `on`): the journal is
    built as if the organizer had typed each command on that day; the test then runs the command
    under test at NOW.
    """

    def __init__(self, journal) -> None:
        self.j = journal

    def person(
        self, name: str, *, stage: str = "prospect", last_contact: date | None = None,
        referred_by: str | None = None, today: date = TODAY, **fields,
    ) -> int:
        """`oto add NAME --stage ... --referred-by ...`; `last_contact` is contact recorded that day
        (what a reconnect marked done, or a meeting, records: people.touch)."""
        from onetoone.domain import people

        given = people.PersonFields(name=name, stage=stage, referred_by=referred_by, **fields)
        ref = people.add(self.j, given, today=today)
        if last_contact is not None:
            people.touch(self.j, ref.id, last_contact)
        return ref.id

    def plan(
        self, person_id: int, at: datetime, *, booked: datetime | None = None,
        place: str | None = None, minutes: int | None = None, asks: tuple[str, ...] | list[str] = (),
    ) -> Booked:
        """`oto prep NAME --at AT`, typed at `booked`: by default now, or for a meeting already
        past the day before it at 09:00 (so it has its day-of confirmation and no other)."""
        from onetoone.domain import meetings, people

        if booked is None:
            booked = NOW if at >= NOW else datetime.combine(at.date() - timedelta(days=1), time(9, 0))
        made = meetings.plan(
            self.j, people.get(self.j, person_id), at=at, now=booked, place=place, minutes=minutes, asks=list(asks),
        )
        ids = {
            kind: [r["id"] for r in self.j.rows(
                "SELECT id FROM followup WHERE meeting_id = :meeting AND kind = :kind AND status = 'open' ORDER BY due, id",
                {"meeting": made.meeting_id, "kind": kind},
            )]
            for kind in ("confirm", "reflect")
        }
        return Booked(made.meeting_id, tuple(ids["confirm"]), ids["reflect"][0])

    def reflect(self, person_id: int, on: date, *, written: date | None = None, **given):
        """`oto reflect NAME --at ON --FIELD VALUE ...`, written on the evening of `on` (or on `written`).

        Fields are named as the flags are, with _ for -: self_interest="...", ask="Host a house
        meeting by 2026-11-28", answer="yes", they_promise=["Bring the lease by 2026-11-27"],
        i_promise=..., referral=[...], next_step="...", next=date(...), minutes=40, listened=70, note=...
        Returns what record.record saved (its meeting id, thank, revisit, commitment, referrals...).
        """
        from onetoone.domain.reflection import about, build, record

        written = written or on
        now = NOW if written == TODAY else datetime.combine(written, time(20, 0))
        fields = {"at": [on.isoformat()]}
        for name, value in given.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            fields[name.replace("_", "-")] = [v.isoformat() if isinstance(v, date) else str(v) for v in values]
        ctx = about.context(self.j, person_id, today=written)
        return record.record(self.j, build.build(fields, ctx, today=written, now=now), today=written, now=now)

    def met(self, person_id: int, on: date, **given):
        """A one-to-one over and done with: reflected on that evening, and the thank-you done the
        day it was due (`oto done f..`)."""
        saved = self.reflect(person_id, on, **given)
        if saved.thank is not None:
            self.done(f"f{saved.thank.id}", on=saved.thank.due)
        return saved

    def promise(self, person_id: int, text: str, due_on: date, direction: str = "mine", *, today: date = TODAY) -> int:
        """`oto promise NAME TEXT --by DUE [--theirs]`."""
        from onetoone.domain import promises

        return promises.record(self.j, person_id=person_id, text=text, due=due_on, today=today, direction=direction).id

    def kept(self, number: int, *, on: date = TODAY) -> None:
        from onetoone.domain import promises

        promises.close(self.j, number, "kept", today=on)

    def broken(self, number: int, *, on: date = TODAY) -> None:
        from onetoone.domain import promises

        promises.close(self.j, number, "broken", today=on)

    def done(self, item: str, *, on: date = TODAY):
        """`oto done ITEM` typed on `on`."""
        from onetoone.domain import due

        return due.done(self.j, item, today=on)

    def snooze(self, item: str, until: date, *, on: date = TODAY):
        """`oto snooze ITEM --until UNTIL` typed on `on`."""
        from onetoone.domain import due

        return due.snooze(self.j, item, until, today=on)

    def cancel(self, meeting: str, *, at: datetime = NOW):
        """`oto cancel MEETING` (m3, or a name) typed at `at`."""
        from onetoone.domain import meetings

        return meetings.cancel(self.j, meeting, now=at)

    def noshow(self, meeting: str, *, at: datetime = NOW):
        """`oto noshow MEETING` (m3, or a name) typed at `at`."""
        from onetoone.domain import meetings

        return meetings.no_show(self.j, meeting, now=at)

    def log(self, person_id: int, kind: str, note: str, *, on: date = TODAY):
        """`oto log NAME --call|--text|--visit NOTE --on ON`, typed that evening (or now, today)."""
        from onetoone.domain import contacts, people

        now = NOW if on == TODAY else datetime.combine(on, time(20, 0))
        return contacts.log(self.j, people.get(self.j, person_id), kind, note, on=on, now=now)

    def setting(self, name: str, value: str) -> None:
        from onetoone.domain import settings

        settings.put(self.j, name, value)


@pytest.fixture
def scene(open_journal):
    """`with scene() as s:` builds a journal through oto's domain functions; it is committed
    when the block ends, as one command's transaction is."""

    @contextmanager
    def building(now: datetime = NOW):
        with open_journal(now=now) as journal:
            yield Scene(journal)

    return building


from tests.pgserver import pg  # noqa: E402,F401  (the PostgreSQL fixture: a database of the test's own)
