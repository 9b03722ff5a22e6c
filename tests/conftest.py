"""Every test runs against its own journal in a temp dir, at a fixed time, with plain output."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import pytest
from typer.testing import CliRunner

# Monday 23 November 2026, 09:00: the "Monday morning" of DOMAIN.md's situations.
NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def oto_home(tmp_path, monkeypatch):
    home = tmp_path / "oto-home"
    monkeypatch.setenv("OTO_HOME", str(home))
    monkeypatch.setenv("OTO_NOW", NOW.strftime("%Y-%m-%d %H:%M"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for name in ("VISUAL", "EDITOR", "OTO_DEBUG"):
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
def open_journal(oto_home):
    """Open the test's journal directly, for domain-level tests: `with open_journal() as j:`."""
    from onetoone.store.journal import open_journal as opener
    from onetoone.store.paths import journal_path

    @contextmanager
    def opened(write: bool = True, now: datetime = NOW):
        with opener(journal_path(oto_home), now=now, write=write) as journal:
            yield journal

    return opened
