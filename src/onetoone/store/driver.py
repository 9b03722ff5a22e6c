"""The SQLite drivers a journal is opened with, and the exception classes of both.

A plain journal is opened with the standard library's `sqlite3`; an encrypted one (SQLCipher,
`oto encrypt`) with `sqlcipher3.dbapi2`, imported only when an encrypted journal is met
(`cipher()`). sqlcipher3's exceptions are not subclasses of sqlite3's, so oto never catches
`sqlite3.X`: it catches `driver.X`, a tuple holding sqlite3's class and, once sqlcipher3 is
loaded, sqlcipher3's too. The tuples are looked up when an exception is matched, so code
written `except driver.OperationalError:` sees sqlcipher3's classes as soon as they are added.
(tests/test_driver_seam.py fails if a catch of sqlite3's own classes comes back into src/.)
"""

from __future__ import annotations

import sqlite3
from types import ModuleType

from onetoone.errors import EncryptionUnavailable

Error: tuple[type[BaseException], ...] = (sqlite3.Error,)
DatabaseError: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)
OperationalError: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
IntegrityError: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)

INSTALL_HINT = "pip install 'oto[encryption]'"

_cipher: ModuleType | None = None


def cipher() -> ModuleType:
    """sqlcipher3's DB-API module, imported on first need, with oto's converters registered on it
    and its exception classes added to the tuples above."""
    global _cipher, Error, DatabaseError, OperationalError, IntegrityError
    if _cipher is not None:
        return _cipher
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise EncryptionUnavailable(
            f"This needs oto's encryption support, which is not installed: {INSTALL_HINT}"
        ) from None
    register = _registrar()
    register(dbapi2)
    Error = (sqlite3.Error, dbapi2.Error)
    DatabaseError = (sqlite3.DatabaseError, dbapi2.DatabaseError)
    OperationalError = (sqlite3.OperationalError, dbapi2.OperationalError)
    IntegrityError = (sqlite3.IntegrityError, dbapi2.IntegrityError)
    _cipher = dbapi2
    return dbapi2


def module_of(db) -> ModuleType:
    """The driver module that made this connection (sqlite3, or sqlcipher3's dbapi2)."""
    if _cipher is not None and isinstance(db, _cipher.Connection):
        return _cipher
    return sqlite3


def _registrar():
    from onetoone.store.rows import register_types_on

    return register_types_on
