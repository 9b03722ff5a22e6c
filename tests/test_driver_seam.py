"""The exception seam (store/driver.py): an encrypted journal's errors are sqlcipher3's, which are
not subclasses of sqlite3's, so nothing in src/ may catch or test for sqlite3's classes directly."""

from __future__ import annotations

import re
from pathlib import Path

import onetoone

SRC = Path(onetoone.__file__).parent
CAUGHT = re.compile(r"except\b[^:\n]*\bsqlite3\.|isinstance\([^)]*\bsqlite3\.|from sqlite3 import\s+\w*Error")


def test_no_module_catches_sqlite3s_own_exception_classes():
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if CAUGHT.search(line)
    ]
    assert not found, "catch store.driver's tuples instead (driver.Error, driver.OperationalError...):\n" + "\n".join(found)


def test_the_seam_test_finds_what_it_looks_for():
    assert CAUGHT.search("    except sqlite3.OperationalError:")
    assert CAUGHT.search("    except (ValueError, sqlite3.Error) as problem:")
    assert CAUGHT.search("if isinstance(cause, sqlite3.Error):")
    assert CAUGHT.search("from sqlite3 import OperationalError")
    assert not CAUGHT.search("    except driver.OperationalError:")


def test_sqlcipher3s_errors_are_caught_once_it_is_loaded():
    import pytest

    pytest.importorskip("sqlcipher3", reason="oto's encryption support (sqlcipher3) is not installed")
    from onetoone.store import driver

    module = driver.cipher()
    db = module.connect(":memory:")
    try:
        try:
            db.execute("SELECT * FROM nothing_here")
        except driver.OperationalError as caught:
            assert "no such table" in str(caught)
        else:
            raise AssertionError("no error")
    finally:
        db.close()
