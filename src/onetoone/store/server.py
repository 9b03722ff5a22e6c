"""Where the team journal is: a PostgreSQL URL, from OTO_DATABASE_URL or oto's config file.

    OTO_DATABASE_URL=postgresql://organizer@db.example.org/campaign?sslmode=verify-full oto due
    oto team connect postgresql://organizer@db.example.org/campaign    # kept in the config file
    oto team connect --forget                                          # back to the SQLite journal

OTO_DATABASE_URL wins when set and not empty; else the `database_url` of the config file
(`paths.config_path`, written 0600 by `oto team connect`); else none, and oto uses its SQLite
journal. A password never goes in the URL (it would sit in the shell's history, the process
list and the config file): such a URL is refused, with where libpq reads one instead. TLS is the
URL's `sslmode` (and `sslrootcert`...), read by libpq itself.

Nothing here imports psycopg or SQLAlchemy: every SQLite command asks this module, and pays
for one environment look-up and one file that is usually not there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from onetoone.errors import BadInput, NotOnTeamJournal
from onetoone.store import paths

SCHEMES = ("postgresql", "postgres")
_KEY = "database_url"


def url(environ: Mapping[str, str]) -> str | None:
    """The team journal's URL, checked; None for the organizer's own SQLite journal."""
    chosen = environ.get("OTO_DATABASE_URL", "").strip()
    if chosen:
        return checked(chosen, "OTO_DATABASE_URL")
    saved = _saved(paths.config_path(environ))
    return None if saved is None else checked(saved, "the config file (`oto team connect`)")


def checked(text: str, where: str = "the URL") -> str:
    """`text` if it is a PostgreSQL URL oto may use; BadInput saying what to change if not."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        raise BadInput(f"The team journal's URL in {where} cannot be read; write it as postgresql://USER@HOST/DATABASE.") from None
    if parts.scheme not in SCHEMES:
        raise BadInput(f"The team journal's URL in {where} must start with postgresql://, like postgresql://USER@HOST/DATABASE.")
    if _holds_password(parts):
        raise BadInput(
            f"The team journal's URL in {where} holds a password; oto refuses it (a shell's history and the config "
            "file would keep it). Remove it and give it to libpq instead: a line in ~/.pgpass (or the file PGPASSFILE "
            "names), a service in ~/.pg_service.conf (postgresql:///?service=NAME), or PGPASSWORD."
        )
    return text


def holds_password(text: str) -> bool:
    """Whether `text`, read as a URL, carries a password (in its user part or as `password=`)."""
    try:
        return _holds_password(urlsplit(text))
    except ValueError:
        return False


def _holds_password(parts) -> bool:
    return parts.password is not None or "password" in parse_qs(parts.query)


def shown(text: str) -> str:
    """The URL as oto names it in a message: who, where and which database (it holds no password)."""
    parts = urlsplit(text)
    user = f"{parts.username}@" if parts.username else ""
    return f"{user}{parts.hostname or 'localhost'}{f':{parts.port}' if parts.port else ''}{parts.path or '/'}"


def save(environ: Mapping[str, str], text: str) -> Path:
    """Keep `text` (checked) as the team journal in the config file, readable by the owner only."""
    place = paths.config_path(environ)
    settings = settings_in(place)
    settings[_KEY] = checked(text)
    paths.write_private(place, _toml(settings))
    return place


def forget(environ: Mapping[str, str]) -> Path | None:
    """Remove the team journal from the config file; the file it was in, or None if it held none."""
    place = paths.config_path(environ)
    settings = settings_in(place)
    if _KEY not in settings:
        return None
    del settings[_KEY]
    paths.write_private(place, _toml(settings))
    return place


def _saved(place: Path) -> str | None:
    if not place.is_file():
        return None
    value = settings_in(place).get(_KEY)
    return value if isinstance(value, str) and value.strip() else None


def settings_in(place: Path) -> dict:
    """The config file's settings ({} when there is none); BadInput when it cannot be read."""
    import tomllib

    try:
        with open(place, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise BadInput(f"oto's config file {place} cannot be read ({problem}); fix or remove it.") from None


def _toml(settings: dict) -> str:
    """The config file's text: top-level strings only (a JSON string is a TOML basic string)."""
    lines = ["# oto's settings (written by `oto team connect`)"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items() if isinstance(value, str)]
    return "\n".join(lines) + "\n"


def not_here(command: str, why: str) -> NotOnTeamJournal:
    """The refusal of a command the team journal does not have yet (exit 8)."""
    return NotOnTeamJournal(
        f"`{command}` works only on your own journal for now, not on a team journal ({why}); nothing was changed. "
        "Unset OTO_DATABASE_URL or run `oto team connect --forget` to use your own journal."
    )
