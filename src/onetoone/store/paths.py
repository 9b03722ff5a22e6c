"""Where oto keeps its files, and making them private to the organizer.

Precedence, read at call time (never at import): `OTO_HOME` when set and not empty, else the
user's data directory for `oto` from platformdirs (on Linux `$XDG_DATA_HOME/oto`, usually
`~/.local/share/oto`). Everything lives below that one folder:

    journal.db   the journal (with journal.db-wal and journal.db-shm beside it while in use)
    drafts/      unfinished reflections and editor files
    backups/     copies made by `oto backup` and before every migration
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

JOURNAL_NAME = "journal.db"


def home(environ: Mapping[str, str]) -> Path:
    chosen = environ.get("OTO_HOME", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only needed when OTO_HOME is not set

    return Path(platformdirs.user_data_dir("oto", appauthor=False))


def journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def drafts_dir(root: Path) -> Path:
    return root / "drafts"


def backups_dir(root: Path) -> Path:
    return root / "backups"


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it 0700, whatever the umask."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> None:
    """Tighten an existing file to 0600 by its path, without opening it."""
    try:
        os.chmod(path, 0o600)
    except FileNotFoundError:
        pass


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 from the start (umask cannot loosen it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` atomically: a crash leaves the old file or the new, never half."""
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", closefd=False) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
