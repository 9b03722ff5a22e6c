"""`oto encrypt` and `oto decrypt`: the journal as an SQLCipher database, and back (store/cipher.py)."""

from typing import Annotated

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import command


@command("encrypt")
def encrypt() -> None:
    """Encrypt the journal and its backups with a passphrase (needs `pip install 'oto[encryption]'`).

    Asks for the new passphrase twice on the terminal, or takes it from OTO_PASSPHRASE_COMMAND
    (a command that prints it). Afterwards every command asks for it the same way. Reflection
    drafts of an encrypted journal are kept in memory only.
    """
    from onetoone.render import encryption as words
    from onetoone.store import cipher, driver
    from onetoone.store.journal import is_encrypted

    driver.cipher()  # without the package: one line saying how to install it, before any question
    path = shared.journal_path()
    _refuse_drafts(path)
    shared.passphrase_ready()
    if is_encrypted(path):  # only a killed run's leftovers to finish: the journal's own passphrase
        passphrase = shared.journal_passphrase(path)
    else:
        passphrase = shared.read_passphrase(
            f"New passphrase for the journal at {path}: ",
            confirm="The same passphrase again: ",
            unavailable="oto encrypt needs a new passphrase: run it on a terminal, or set OTO_PASSPHRASE_COMMAND to a command that prints it.",
        )
    done = cipher.encrypt(path, passphrase, now=shared.now())
    for line in words.encrypted(done):
        shared.say(line)
    if done.unreadable:
        raise typer.Exit(1)


@command("decrypt")
def decrypt(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation (needed when not at a terminal).")] = False,
) -> None:
    """Write the encrypted journal in plain text again (its backups stay encrypted)."""
    from onetoone.errors import BadInput, OtoError
    from onetoone.render import encryption as words
    from onetoone.store import cipher, driver
    from onetoone.store.journal import is_encrypted

    driver.cipher()
    path = shared.journal_path()
    if not is_encrypted(path):
        raise OtoError(f"The journal at {path} is not encrypted; nothing was changed.")
    shared.passphrase_ready()
    passphrase = shared.journal_passphrase(path)
    if not yes:
        if not shared.stdin_is_terminal():
            raise BadInput("oto decrypt writes the journal in plain text; add --yes to confirm when not at a terminal.")
        try:
            answer = shared.terminal().ask("This writes the journal in plain text again. Type yes: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise OtoError("Nothing was changed; the journal is still encrypted.")
    done = cipher.decrypt(path, passphrase, now=shared.now())
    for line in words.decrypted(done):
        shared.say(line)


def _refuse_drafts(path) -> None:
    from onetoone.errors import OtoError
    from onetoone.store import paths

    drafts = paths.drafts_dir(path.parent)
    waiting = [entry for entry in (sorted(drafts.glob("*.json")) if drafts.is_dir() else []) if paths.draft_person(entry.name) is not False]
    if waiting:
        raise OtoError(
            f"Finish or discard {len(waiting)} reflection draft(s) first (`oto reflect --resume`): a draft is plain text, "
            "and an encrypted journal keeps none. Nothing was changed."
        )
