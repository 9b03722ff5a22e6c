"""The problems oto reports to the organizer, each with a message and an exit code.

Code raises these where a problem is found; the command boundary prints the message on stderr
as one line and exits with the code. The codes are part of the contract scripts rely on:

    0  success                     3  the journal was written by a newer oto
    1  a problem you can fix       4  the file is not an oto journal
    2  wrong usage (bad options)   5  the journal file is damaged (corrupt or truncated)
                                   6  the journal file is empty (0 bytes)
  130  interrupted (Ctrl-C)
"""

from __future__ import annotations


class OtoError(Exception):
    """A problem the organizer can fix; the message says what happened and what to do next."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(OtoError):
    """No person, promise or item matches what was typed."""


class Ambiguous(OtoError):
    """More than one person matches what was typed."""


class BadInput(OtoError):
    """Text, a number or a date that oto cannot accept."""


class JournalBusy(OtoError):
    """Another oto process held the journal for longer than the busy timeout."""


class JournalRefused(OtoError):
    """SQLite refused a statement inside a command; the whole command was rolled back."""


class NewerJournal(OtoError):
    exit_code = 3


class NotAJournal(OtoError):
    exit_code = 4


class DamagedJournal(OtoError):
    exit_code = 5


class EmptyJournalFile(OtoError):
    exit_code = 6



class UnsafeJournalFile(OtoError):
    """A journal file is a symbolic link (or a FIFO, a device...): oto does not open or change it."""


class ReadOnlyJournal(OtoError):
    """The organizer made the journal read-only: oto reads it and refuses to write."""


class BackupRefused(OtoError):
    """`oto backup` was pointed at something it must not write over; nothing was written."""
