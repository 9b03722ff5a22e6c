"""Loading the write path in the background while the organizer reads and types.

A write's first cost is its imports (SQLModel, SQLAlchemy, the models, the undo triggers:
~0.2 s against a few ms for the write itself), so the commands that talk with the organizer
(`oto triage`, the guided `oto reflect`) start a thread that imports them while a question
waits, and the write then finds them loaded:

    preload.start(("onetoone.domain.reflection.record",))   # the write path, and these too
    ...                                                      # the organizer reads and types
    with open_journal(path, now=now, write=True) as journal:  # waits for the thread (join) first

Two things make that safe. The thread is started with SIGINT, SIGTERM and SIGHUP blocked, so
the kernel delivers them to the main thread only: a signal taken by the thread would leave the
main one asleep in a read (readline, a key) with Ctrl-C unanswered. And whoever writes joins
the thread before importing what it imports (`wait`, called by `open_journal` for a write), so
no import runs in two threads at once. A module that fails to import here is simply left for
the write to import, and fail, as it would have without the preload. Nothing is imported or
started at import time of this module.
"""

from __future__ import annotations

import threading

# What the first write imports beyond a read (measured with `python -X importtime`): the models
# (and with them SQLModel, SQLAlchemy and pydantic), the engine's SQLite dialect and pool, the
# SQLModel session, and the undo triggers.
WRITE_PATH = (
    "sqlmodel",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.pool",
    "onetoone.store.models",
    "onetoone.store.undo",
)

_STOPPING = ("SIGINT", "SIGTERM", "SIGHUP")
_thread: threading.Thread | None = None


def start(more: tuple[str, ...] = (), *, enabled: bool = True) -> None:
    """Import the write path, and the modules `more` names, in a daemon thread; once per
    process (a second call while one runs or after it ran does nothing). `enabled` False (the
    CLI's `OTO_NO_PRELOAD=1`, to measure what it saves) starts nothing."""
    global _thread
    if not enabled or _thread is not None:
        return
    import signal

    names = WRITE_PATH + tuple(more)
    stopping = {getattr(signal, name) for name in _STOPPING if hasattr(signal, name)}
    thread = threading.Thread(target=_load, args=(names,), name="oto-preload", daemon=True)
    # The new thread inherits the mask it is started under: block the signals that end a
    # conversation for it, and unblock them again here (one pending meanwhile is delivered then).
    before = signal.pthread_sigmask(signal.SIG_BLOCK, stopping)
    try:
        thread.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    _thread = thread


def wait() -> None:
    """Return once the thread has finished importing (at once if none was started). Ctrl-C
    still interrupts the wait: the join polls, so the signal's handler runs promptly."""
    thread = _thread
    while thread is not None and thread.is_alive():
        thread.join(0.1)


def _load(names: tuple[str, ...]) -> None:
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the write imports it again, and reports the problem itself
            return
