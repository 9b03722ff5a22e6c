"""Checking a journal's health (`oto doctor`) and copying it safely (`oto backup`)."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from onetoone.errors import OtoError
from onetoone.store import paths


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def examine(path: Path, *, now: datetime) -> tuple[list[Finding], int]:
    """What `oto doctor` reports, and the exit code it ends with (0 when all is well)."""
    from onetoone.store import migrations
    from onetoone.store.journal import connect, newest_backup

    if not path.exists():
        return [Finding(True, f"No journal yet at {path}; the first command that needs one creates it.")], 0
    findings = []
    try:
        db = connect(path, now=now, migrate=False)  # diagnose the file as it is, change nothing
    except OtoError as problem:
        return [Finding(False, problem.message)], problem.exit_code
    try:
        integrity = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
        findings.append(Finding(integrity == ["ok"], "Integrity: ok." if integrity == ["ok"] else "Integrity problems: " + "; ".join(integrity[:5])))
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        findings.append(Finding(not broken, "References: all rows point at rows that exist." if not broken else f"References: {len(broken)} rows point at missing rows."))
        version = db.execute("PRAGMA user_version").fetchone()[0]
        behind = "" if version == migrations.LATEST else "; the next command upgrades it, after a backup"
        findings.append(Finding(True, f"Schema version {version} (this oto writes {migrations.LATEST}){behind}."))
        people = db.execute("SELECT count(*) FROM person").fetchone()[0]
        meetings = db.execute("SELECT count(*) FROM meeting").fetchone()[0]
        findings.append(Finding(True, f"Holds {people:,} people and {meetings:,} meetings."))
    finally:
        db.close()
    for member in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if member.exists():
            mode = stat.S_IMODE(os.stat(member).st_mode)
            findings.append(Finding(mode & 0o077 == 0, f"{member.name} is {mode:04o}" + ("." if mode & 0o077 == 0 else ": others can read it; run `chmod 600` on it.")))
    folder_mode = stat.S_IMODE(os.stat(path.parent).st_mode)
    findings.append(Finding(folder_mode & 0o077 == 0, f"Folder {path.parent} is {folder_mode:04o}."))
    drafts = sorted(paths.drafts_dir(path.parent).glob("*.json")) if paths.drafts_dir(path.parent).is_dir() else []
    if drafts:
        findings.append(Finding(True, f"{len(drafts)} unfinished reflection draft(s); continue with `oto reflect --resume`."))
    newest = newest_backup(path)
    findings.append(Finding(True, f"Newest backup: {newest}." if newest else "No backups yet; make one with `oto backup`."))
    return findings, 0 if all(f.ok for f in findings) else 5


def backup_to(path: Path, destination: Path | None, *, now: datetime) -> Path:
    """A consistent copy of the live journal (SQLite's backup API, never a file copy), 0600."""
    from onetoone.store.journal import backup, connect

    target = destination or paths.private_dir(paths.backups_dir(path.parent)) / f"oto-{now:%Y%m%d-%H%M%S}.db"
    try:
        target = target.expanduser()
        if target.is_dir():
            target = target / f"oto-{now:%Y%m%d-%H%M%S}.db"
        if target.resolve() == path.resolve():
            raise OtoError("A backup cannot overwrite the journal itself; choose another path.")
    except (OSError, ValueError, RuntimeError) as problem:  # '~nobody', a NUL byte, a loop of links
        raise OtoError(f"Cannot make a backup at {destination} ({problem}); choose another path.") from None
    db = connect(path, now=now, migrate=False)  # copy the journal as it is
    try:
        return backup(db, target)
    except (OSError, ValueError, sqlite3.Error) as problem:  # not writable, not a folder, too long
        raise OtoError(f"Cannot write a backup to {target} ({problem}); choose a folder you can write to.") from None
    finally:
        db.close()
