"""What both journals share, SQLite's (store/journal.py) and the team's on PostgreSQL
(store/postgres.py): named SQL parameters, how a date and a moment are stored, and the model
rows. It imports no other module of store, so each journal and the driver seam stand on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

Params = Mapping[str, Any]
_NO_PARAMS: Params = {}


def _store_moment(moment: datetime) -> str:
    """'YYYY-MM-DD HH:MM:SS.ffffff': SQLAlchemy's SQLite format, which every journal already holds."""
    return moment.isoformat(" ", "microseconds")


def _read_date(stored: bytes) -> date:
    return date.fromisoformat(stored.decode())


def _read_moment(stored: bytes) -> datetime:
    """A stored moment: 'YYYY-MM-DD HH:MM:SS.ffffff' as oto writes it, or with a 'T', without
    the fraction or the seconds (a journal edited by hand); a bare date is its midnight."""
    return datetime.fromisoformat(stored.decode())


def _read_flag(stored: bytes) -> bool:
    return stored != b"0"


def register_types_on(module) -> None:
    """oto's adapters and converters on one driver module (each keeps its own registry):
    sqlite3's here, sqlcipher3's when `driver.cipher()` loads it."""
    module.register_adapter(date, date.isoformat)
    module.register_adapter(datetime, _store_moment)
    module.register_converter("date", _read_date)
    module.register_converter("datetime", _read_moment)
    module.register_converter("boolean", _read_flag)


def in_list(name: str, values: tuple[str, ...] | list[str]) -> tuple[str, dict[str, Any]]:
    """Named parameters for `x IN (...)`: in_list("kind", ("a", "b")) is
    (":kind0, :kind1", {"kind0": "a", "kind1": "b"}); no values is `IN (NULL)`, which matches
    nothing on SQLite and PostgreSQL alike."""
    named = {f"{name}{n}": value for n, value in enumerate(values)}
    return ", ".join(f":{key}" for key in named) or "NULL", named


def _named(params: Params) -> Params:
    if not isinstance(params, Mapping):
        raise TypeError(f"SQL parameters are named (:name) and given as a mapping, not {type(params).__name__}")
    return params


class ModelRows:
    """What both journals do the same way, SQLite's here and the team's on PostgreSQL
    (store/postgres.py): model rows through the SQLModel `session` each of them makes over its
    own connection and transaction, and the one-value read over its `row`."""

    write: bool
    _session: Any

    def value(self, sql: str, params: Params = _NO_PARAMS) -> Any:
        found = self.row(sql, params)
        return None if found is None else found[0]

    def add(self, *rows: Any) -> Any:
        """Insert (or update) model rows now, so their ids are known; returns the last row."""
        session = self.session
        for row in rows:
            session.add(row)
        session.flush()
        return rows[-1] if rows else None

    def get(self, model: type, key: Any) -> Any:
        """The model row with this primary key (to update it), or None."""
        return self.session.get(model, key)

    def delete(self, row: Any) -> None:
        session = self.session
        session.delete(row)
        session.flush()

    def flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    def _writable(self) -> None:
        if not self.write:
            raise RuntimeError("the journal was opened for reading; open it with write=True")

    def _close_session(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None
