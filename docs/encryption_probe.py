"""A measurement taken BEFORE encryption exists in oto (see docs/encryption-design.md): what
SQLCipher costs `oto due` and `oto prep` on the heavy journal, at the domain level.

It is not oto's opener: it builds `Journal` over a raw connection (plain sqlite3, or sqlcipher3
keyed with PRAGMA key) so the same domain code runs over both; the key derivation (PBKDF2,
SQLCipher 4's default 256,000 iterations) is timed apart as "open+key". Needs the `sqlcipher3`
package (`pip install sqlcipher3-binary`).

    python benchmarks/generate.py heavy --out /tmp/heavy
    python docs/encryption_probe.py /tmp/heavy/journal.db
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from onetoone.domain import due, people, prep
from onetoone.store import journal as store

KEY = "correct horse battery staple"
NOW = datetime(2026, 11, 23, 9, 0)
RUNS = 7


def _teach_sqlcipher() -> None:
    """The same adapters and converters store.journal registers on sqlite3 (the registry is per module)."""
    store._register_types()
    sqlcipher.register_adapter(date, date.isoformat)
    sqlcipher.register_adapter(datetime, store._store_moment)
    sqlcipher.register_converter("date", store._read_date)
    sqlcipher.register_converter("datetime", store._read_moment)
    sqlcipher.register_converter("boolean", store._read_flag)


def _encrypted_copy(plain: Path, encrypted: Path) -> None:
    db = sqlcipher.connect(plain, isolation_level=None)
    try:
        db.execute("PRAGMA cipher_log_level = NONE")
        db.execute("ATTACH DATABASE :name AS enc KEY :key", {"name": str(encrypted), "key": KEY})
        db.execute("SELECT sqlcipher_export('enc')")
        for pragma in ("user_version", "application_id"):  # sqlcipher_export copies neither
            db.execute(f"PRAGMA enc.{pragma} = {int(db.execute(f'PRAGMA main.{pragma}').fetchone()[0])}")
        db.execute("DETACH DATABASE enc")
    finally:
        db.close()


def _open(path: Path, encrypted: bool):
    module = sqlcipher if encrypted else sqlite3
    db = module.connect(path, isolation_level=None, detect_types=store.DETECT_TYPES)
    db.row_factory = module.Row
    if encrypted:
        db.execute("PRAGMA cipher_log_level = NONE")
        db.execute(f"PRAGMA key = '{KEY}'")
    return db


def _once(path: Path, encrypted: bool, what: str) -> tuple[float, float]:
    started = time.perf_counter()
    db = _open(path, encrypted)
    db.execute("PRAGMA query_only = ON")
    db.execute("BEGIN")
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the key is derived on the first read
    opened = time.perf_counter() - started
    journal = store.Journal(db, path, False)
    if what == "due":
        due.digest(journal, today=NOW.date(), now=NOW, days=7, reconnect_limit=10, promise_limit=10, followup_limit=10)
    else:
        prep.sheet(journal, people.resolve(journal, "Maria Lopez"), today=NOW.date(), now=NOW)
    db.execute("COMMIT")
    db.close()
    return opened, time.perf_counter() - started


def main() -> None:
    _teach_sqlcipher()
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.db"
        shutil.copyfile(sys.argv[1], plain)
        store.connect(plain, now=NOW).close()  # migrated to this oto's schema first, as oto would
        encrypted = Path(folder) / "encrypted.db"
        _encrypted_copy(plain, encrypted)
        for what in ("due", "prep"):
            totals = {}
            for name, path, is_encrypted in (("plain", plain, False), ("encrypted", encrypted, True)):
                _once(path, is_encrypted, what)  # warm the page cache
                runs = [_once(path, is_encrypted, what) for _ in range(RUNS)]
                totals[name] = statistics.median(total for _, total in runs)
                print(f"{what:4} {name:9} open+key {statistics.median(o for o, _ in runs):.3f} s   total {totals[name]:.3f} s")
            print(f"{what:4} ratio encrypted/plain {totals['encrypted'] / totals['plain']:.1f}x (domain only)")


if __name__ == "__main__":
    main()
