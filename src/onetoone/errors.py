"""The problems oto reports to the organizer, each with a message and an exit code.

Code raises these where a problem is found; the command boundary (`cli/_app.py`) prints the
message on stderr as one line and exits with the code. The codes are part of the contract
scripts rely on:

      0  success; for a write, the change is in the journal (even if printing about it failed
         afterwards: closed or full stdout/stderr, a closed pipe)
      1  a problem you can fix: a name, date or option oto cannot use, a busy journal, a
         journal or folder that is a file, a dangling link, another user's, read-only or on a
         full disk (each with its own one line), or a read's output that could not be written
         (closed stdout, full disk); nothing was changed
      2  wrong usage (bad options)
      3  the journal was written by a newer oto, or is a team journal its admin has not yet
         upgraded (`oto team upgrade`)
      4  the file is not an oto journal
      5  the journal file is damaged (corrupt or truncated); `oto doctor` also exits 5 on a
         problem it finds
      6  the journal file is empty (0 bytes)
      7  the journal is encrypted and could not be unlocked: a wrong passphrase, or none to be
         had (not on a terminal and no OTO_PASSPHRASE_COMMAND); nothing was changed
      8  the command is not available on a team journal (PostgreSQL) yet: `oto undo`, which stands
         on SQLite's own triggers, `oto import journal`, `oto doctor`, `oto backup`; nothing was changed
     70  a bug inside oto (one line; OTO_DEBUG=1 shows the traceback)
    129  `oto reflect`: the terminal closed (the draft is kept)
    130  interrupted (Ctrl-C); `oto triage` keeps every decision made before it
    141  the reader of oto's output went away (`oto people | head -1`): nothing more is
         printed, as with other commands cut off by a closed pipe; a write still exits 0
    143  `oto reflect`: stopped by SIGTERM (the draft is kept)

Messages on stderr are never needed for the exit code: if stderr is closed or full, oto says
nothing and exits as it would have.
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


class UndoRefused(OtoError):
    """`oto undo` on a team journal would overwrite a teammate's later change (or needs their
    rows): nothing was undone."""


class JournalRefused(OtoError):
    """SQLite (or the team journal's server) refused a statement inside a command; the whole
    command was rolled back."""


class NewerJournal(OtoError):
    exit_code = 3


class OlderTeamJournal(OtoError):
    """A team journal an older oto set up, not yet brought forward: only its admin may change its
    tables (`oto team upgrade`); the organizer's oto changes nothing."""

    exit_code = 3


class NotAJournal(OtoError):
    exit_code = 4


class DamagedJournal(OtoError):
    exit_code = 5


class EmptyJournalFile(OtoError):
    exit_code = 6


class WrongPassphrase(OtoError):
    """The passphrase given does not open the encrypted journal (or copy)."""

    exit_code = 7


class PassphraseNeeded(OtoError):
    """The journal is encrypted and there is no way to ask for its passphrase."""

    exit_code = 7


class EncryptionUnavailable(OtoError):
    """The journal is encrypted (or encryption was asked for) but sqlcipher3 is not installed."""


class NotOnTeamJournal(OtoError):
    """A command that only the organizer's own SQLite journal has (import journal, backup), run against a team journal."""

    exit_code = 8


class ServerUnreachable(OtoError):
    """The team journal's PostgreSQL server could not be reached, or went away mid-command."""


class UnsafeJournalFile(OtoError):
    """A journal file is a symbolic link (or a FIFO, a device...): oto does not open or change it."""


class ReadOnlyJournal(OtoError):
    """The organizer made the journal read-only: oto reads it and refuses to write."""


class BackupRefused(OtoError):
    """`oto backup` was pointed at something it must not write over; nothing was written."""


class PlaceRefused(OtoError):
    """The operating system refused the journal's folder or file: a full or read-only disk, a
    path that is a file or a dangling link, a file that belongs to another user."""


class OutputLost(OtoError):
    """stdout could not take the command's data: closed, full, or a pipe whose reader left."""

    def __init__(self, message: str, *, broken_pipe: bool = False) -> None:
        super().__init__(message)
        self.broken_pipe = broken_pipe
        self.exit_code = 141 if broken_pipe else 1


def one_batch(typed: list[str], parse) -> list:
    """The distinct ids of a batch (`oto done f4 f12 f4`), each parsed, in the order typed; a bad
    one refuses the batch before anything is looked up."""
    return list(dict.fromkeys(parse(text) for text in typed))


class whole_batch:
    """Around the acts of one batch: a refused item refuses all of it (the command's transaction
    rolls back), and the message says so when there was more than one."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __enter__(self) -> "whole_batch":
        return self

    def __exit__(self, kind, problem, trace) -> bool:
        if isinstance(problem, OtoError) and self.count > 1 and "nothing was changed" not in problem.message.lower():
            problem.message = f"{problem.message} Nothing was changed."
            problem.args = (problem.message,)
        return False


class TeamRefused(OtoError):
    """The team journal (PostgreSQL) refused: a set-up step (`oto team`), a connection, or a
    write the organizer's role may not make (another organizer's row, forgetting a person
    someone else added). Nothing was changed."""
