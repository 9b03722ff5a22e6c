"""Small things found in three weeks of use (issue 9, part 7): `oto goal` prints on stdout,
`oto doctor` warns rather than says ok when there is no backup, help fits 80 columns without
the source's line breaks, and the sample script names the oto it was given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_goal_prints_on_stdout_when_shown_and_when_set(oto):
    ran = oto("goal", "7")
    assert (ran.exit_code, ran.stdout, ran.stderr) == (0, "Weekly goal: 7 one-to-ones.\n", "")
    assert oto("goal").stdout == "Weekly goal: 7 one-to-ones.\n"


def test_doctor_warns_that_there_is_no_backup_yet_and_still_exits_0(oto):
    oto("add", "Maria Lopez")
    ran = oto("doctor")
    assert ran.exit_code == 0
    assert "warning  No backups yet; make one with `oto backup`." in ran.stdout.splitlines()
    oto("backup")
    assert "warning" not in oto("doctor").stdout


def commands() -> list[str]:
    from onetoone.cli import app
    from typer.main import get_command

    return sorted(get_command(app).commands)


@pytest.mark.parametrize("name", ["", *commands()])
def test_help_fits_80_columns_and_wraps_each_paragraph_once(name, oto):
    ran = oto(*([name] if name else []), "--help", env={"COLUMNS": "80", "TERM": "dumb"})
    assert ran.exit_code == 0
    lines = ran.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    # ragged rewrapping shows as a short line followed by more of the same paragraph
    for line, after in zip(lines, lines[1:]):
        text, more = line.strip(), after.strip()
        if text and more and not text.startswith(("│", "╭", "╰", "Usage", "oto ", "Example")) and not more.startswith(("│", "╭", "╰")):
            assert len(line.rstrip()) > 55, f"ragged: {line!r} then {after!r}"


def test_the_sample_script_names_the_oto_it_was_given(tmp_path):
    oto = Path(sys.executable).with_name("oto")
    ran = subprocess.run(
        ["bash", str(ROOT / "examples" / "riverside-tenants.sh"), str(oto)],
        env={**os.environ, "OTO_HOME": str(tmp_path / "sample")}, capture_output=True, text=True, timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    assert f"{oto} due" in ran.stderr.splitlines()[-1]
