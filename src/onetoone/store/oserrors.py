"""The organizer's words for what the system refused about the journal's place: a full or
read-only disk, a path that is a file or a dangling link, a folder oto may not write, a journal
that belongs to another user. Each is one line and exit 1 (never "damaged", exit 5)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from onetoone.errors import PlaceRefused
from onetoone.store.paths import JOURNAL_NAME

# SQLite reports a full disk or a read-only folder only as "disk I/O error" or "unable to open
# the database file"; with less free space than this left, the disk is the likely cause.
_NEARLY_FULL = 256 * 1024


def explain(error: OSError, path: Path | None = None) -> PlaceRefused:
    """One line for an OSError, naming the file or folder it is about."""
    where = Path(error.filename) if error.filename else path
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(where)
    if code == errno.EROFS:
        return read_only(where)
    if code in (errno.EEXIST, errno.ENOENT, errno.ENOTDIR) and where is not None:
        found = _what_is_in_the_way(where)
        if found:
            return found
    if code in (errno.EACCES, errno.EPERM):
        return PlaceRefused(
            f"oto may not write {where} (permission denied); nothing was changed. "
            "Check that folder's owner and permissions, or set OTO_HOME to a folder of yours."
        )
    if code == errno.ELOOP:
        return PlaceRefused(f"{where} is a loop of symbolic links; nothing was changed. Point OTO_HOME at a real folder.")
    return PlaceRefused(f"oto could not use {where} ({error.strerror or error}); nothing was changed.")


def surroundings(path: Path) -> PlaceRefused | None:
    """The place's own problem, when SQLite failed in words that do not say it: a read-only
    disk, a full one, a folder oto may not write. None when the place looks fine."""
    folder = path.parent
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    if found.f_flag & getattr(os, "ST_RDONLY", 1):
        return read_only(folder)
    if found.f_bavail * found.f_frsize < _NEARLY_FULL:
        return disk_full(folder)
    if not os.access(folder, os.W_OK):
        return PlaceRefused(
            f"oto may not write in {folder} (permission denied); nothing was changed. "
            "Check the folder's owner and permissions."
        )
    return None


def check_owner(path: Path) -> None:
    """Refuse a journal that belongs to another user before touching it: opening it would
    leave files of ours beside it (its -wal and -shm) that its owner could not open."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return
    try:
        owner = path.stat().st_uid
    except OSError:
        return
    if owner != geteuid():
        try:
            import pwd

            name = pwd.getpwuid(owner).pw_name
        except (ImportError, KeyError):
            name = f"uid {owner}"
        raise PlaceRefused(
            f"The journal at {path} belongs to another user ({name}); oto opens only your own. "
            "Run oto as that user, or set OTO_HOME to a folder of yours."
        )


def disk_full(where: Path | None) -> PlaceRefused:
    return PlaceRefused(f"The disk holding {where} is full; nothing was changed. Free some space and run the command again.")


def read_only(where: Path | None) -> PlaceRefused:
    return PlaceRefused(
        f"{where} is on a read-only disk, so oto cannot write there; nothing was changed. "
        "Set OTO_HOME to a folder you can write to."
    )


def _what_is_in_the_way(where: Path) -> PlaceRefused | None:
    """A path oto needs as a folder (or a journal) that is a file or a dangling link, itself or above."""
    for part in (where, *where.parents):
        if part.is_symlink() and not part.exists():
            return PlaceRefused(
                f"{part} is a link to {os.readlink(part)}, which does not exist; nothing was changed. "
                "Restore what it points to, or set OTO_HOME to a real folder."
            )
        if part.exists() and not part.is_dir() and not (part == where and part.name == JOURNAL_NAME):
            return PlaceRefused(
                f"{part} is a file, not a folder; nothing was changed. Move it aside, or set OTO_HOME to a folder."
            )
    return None
