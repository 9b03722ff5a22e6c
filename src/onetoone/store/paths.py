"""Where oto keeps its files, and making them private to the organizer.

Precedence, read at call time (never at import): `OTO_HOME` when set and not empty, else the
user's data directory for `oto` from platformdirs (on Linux `$XDG_DATA_HOME/oto`, usually
`~/.local/share/oto`). Everything lives below that one folder:

    journal.db   the journal (with journal.db-wal and journal.db-shm beside it while in use)
    drafts/      unfinished reflections and editor files
    backups/     copies made by `oto backup` and before every migration
    config.toml  oto's settings outside the journal (the team journal's URL, `oto team connect`);
                 without OTO_HOME it is in the user's config directory (`~/.config/oto/config.toml`)
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path

JOURNAL_NAME = "journal.db"
CONFIG_NAME = "config.toml"


def home(environ: Mapping[str, str]) -> Path:
    chosen = environ.get("OTO_HOME", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only needed when OTO_HOME is not set

    return Path(platformdirs.user_data_dir("oto", appauthor=False))


def journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def config_path(environ: Mapping[str, str]) -> Path:
    """oto's config file: in OTO_HOME when set, else in the user's config directory."""
    if environ.get("OTO_HOME", "").strip():
        return home(environ) / CONFIG_NAME
    import platformdirs

    return Path(platformdirs.user_config_dir("oto", appauthor=False)) / CONFIG_NAME


def drafts_dir(root: Path) -> Path:
    return root / "drafts"


def backups_dir(root: Path) -> Path:
    return root / "backups"


def private_dir(path: Path) -> Path:
    """Make `path` if it is missing, as a folder only the organizer can open (0700 whatever the
    umask). A folder that already exists keeps its mode: oto never chmods a folder it did not
    create (OTO_HOME may be a shared folder, a home, or /tmp). Missing parents are made as
    `mkdir -p` would, with the umask's mode; only `path` itself is made private."""
    if path.is_dir():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        return path  # made meanwhile by another oto, or there before: not ours to change
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchmod(fd, 0o700)  # the umask may have taken bits off; it is ours, we just made it
    finally:
        os.close(fd)
    return path


class NotARegularFile(Exception):
    """`private_file` found a symlink, a FIFO, a device or a folder where a file was expected."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}")
        self.path = path
        self.kind = kind


def kind_of(st_mode: int) -> str:
    """What a non-regular file is, in words: 'a symbolic link', 'a folder', 'a FIFO'..."""
    for test, words in (
        (stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"),
    ):
        if test(st_mode):
            return words
    return "a regular file" if stat.S_ISREG(st_mode) else "not a regular file"


def private_file(path: Path) -> None:
    """Tighten an existing regular file to 0600, never through a symlink and never anything but a
    regular file (raises NotARegularFile); a missing file is fine.

    The file is never opened for reading or writing: closing such a descriptor would drop the
    POSIX locks SQLite holds on the journal, -wal and -shm in this process (SQLite then reports
    "locking protocol"). On Linux it is held by an O_PATH descriptor (which keeps those locks),
    checked to be the regular file that was looked at, and changed through /proc/self/fd; where
    there is no O_PATH, `lchmod` changes the name itself without following a link."""
    try:
        seen = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(seen.st_mode):
        raise NotARegularFile(path, kind_of(seen.st_mode))
    if stat.S_IMODE(seen.st_mode) == 0o600:
        return
    if not hasattr(os, "O_PATH"):
        os.chmod(path, 0o600, follow_symlinks=False)  # macOS and the BSDs have lchmod
        return
    try:
        fd = os.open(path, os.O_PATH | os.O_NOFOLLOW)
    except FileNotFoundError:
        return
    try:
        held = os.fstat(fd)
        if not stat.S_ISREG(held.st_mode) or (held.st_dev, held.st_ino) != (seen.st_dev, seen.st_ino):
            raise NotARegularFile(path, "a file that changed while oto looked at it")
        try:
            os.chmod(f"/proc/self/fd/{fd}", 0o600)
        except FileNotFoundError:  # no /proc mounted: by name, just after seeing it is a regular file
            os.chmod(path, 0o600)
    finally:
        os.close(fd)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 from the start (umask cannot loosen it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` atomically: a crash leaves the old file or the new, never half.

    The temporary file beside it is created exclusively (`O_EXCL`, so never one that is already
    there, and `O_NOFOLLOW`, never through a link) with mode 0600, and removed on any failure
    (a full disk, Ctrl-C): private text is never left behind in a stray file."""
    import secrets

    private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    while True:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, flags, 0o600)
            break
        except FileExistsError:
            continue  # a name left by another process: pick another, never reuse it
    try:
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", closefd=False) as handle:
                handle.write(text)
                handle.flush()
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass  # the first failure is the one to report
        raise


def draft_person(name: str) -> int | None | bool:
    """Whose draft a file in drafts/ is by its name: a person's id (`reflection-12.json` or
    `.txt`), None for `reflection.json` or `.txt` (not yet about anyone, or left by an earlier
    oto), False for any other name (not a file oto writes there)."""
    stem, dot, kind = name.rpartition(".")
    if not dot or kind not in ("json", "txt"):
        return False
    if stem == "reflection":
        return None
    prefix, _, number = stem.partition("-")
    if prefix == "reflection" and number.isascii() and number.isdigit() and not number.startswith("0"):
        return int(number)
    return False


# Folder names that sync their contents to someone's cloud (as the clients name them).
_CLOUD_MARKERS = (
    ("dropbox", "Dropbox"), ("google drive", "Google Drive"), ("googledrive", "Google Drive"), ("my drive", "Google Drive"),
    ("onedrive", "OneDrive"), ("icloud", "iCloud"), ("mobile documents", "iCloud"), ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"), ("pcloud", "pCloud"), ("box sync", "Box"), ("mega", "MEGA"), ("seafile", "Seafile"),
    ("sync.com", "Sync.com"), ("syncthing", "Syncthing"), ("tresorit", "Tresorit"), ("yandex.disk", "Yandex.Disk"),
)


def exposure(target: Path) -> str | None:
    """Why files written at `target` (a file, or a folder of them) may be read by others:
    'cloud:NAME' when a folder on its path is synced by a cloud client (by its name),
    'world' when the folder that holds it is readable by every user; None when neither."""
    absolute = Path(os.path.abspath(target.expanduser()))
    for part in absolute.parts:
        lowered = part.casefold()
        for marker, name in _CLOUD_MARKERS:
            if lowered == marker or lowered.startswith(marker + " ") or lowered.startswith(marker + "-") or (
                len(marker) > 5 and marker in lowered
            ):
                return f"cloud:{name}"
    holder = absolute if absolute.is_dir() else absolute.parent
    try:
        if os.stat(holder).st_mode & stat.S_IROTH:
            return "world"
    except OSError:
        pass
    return None
