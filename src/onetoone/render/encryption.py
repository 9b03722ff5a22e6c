"""The words of `oto encrypt` and `oto decrypt`: what was encrypted, overwritten or removed, and
what overwriting cannot promise."""

from __future__ import annotations

OVERWRITE_CAVEAT = (
    "On an SSD or a copy-on-write filesystem (APFS, btrfs, ZFS) overwriting a file does not "
    "guarantee its old blocks are gone: full-disk encryption is still the answer for what was "
    "written before `oto encrypt`."
)


def encrypted(done) -> list[str]:
    lines = []
    if done.journal_changed:
        lines.append(
            f"Encrypted the journal at {done.journal}; the plain file was overwritten with zeros and removed. "
            "Every command now asks for the passphrase (or runs OTO_PASSPHRASE_COMMAND)."
        )
    lines += _files(done)
    if done.journal_changed or done.backups or done.removed:
        lines.append(OVERWRITE_CAVEAT)
    return lines


def decrypted(done) -> list[str]:
    lines = [
        f"The journal at {done.journal} is plain text again; the encrypted file was overwritten and removed. "
        "Backups made while it was encrypted stay encrypted (they open with the old passphrase)."
    ]
    return lines + _files(done)


def _files(done) -> list[str]:
    lines = [f"Encrypted the plain backup {copy} in place (the plain copy was overwritten)." for copy in done.backups]
    lines += [f"Overwrote and removed {member}." for member in done.removed]
    lines += [f"Could not encrypt the backup {copy} ({why}); it is still plain text: look at it and delete it." for copy, why in done.unreadable]
    return lines


def reflection_in_memory() -> str:
    return (
        "This journal is encrypted, so this reflection is kept in memory until it is saved, never in a "
        "plain draft file: Ctrl-C, a closed terminal or a crash loses it."
    )
