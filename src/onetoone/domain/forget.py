"""Forgetting a person completely: every row about them, and their drafts, with the deleted
bytes overwritten (secure_delete) and the write-ahead log emptied afterwards by the caller."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from onetoone.domain.people import PersonRef
from onetoone.domain.text import key
from onetoone.errors import JournalRefused
from onetoone.store.journal import Journal

# Everything that belongs to one person, children before parents so no reference dangles.
_OWNED = ("followup", "planned_ask", "attendance", "ask", "promise", "insight", "stage_move", "meeting", "contact", "tag", "person_key", "introduction")


@dataclass(frozen=True)
class Forgotten:
    """Who was forgotten, and what is needed afterwards to find them in drafts and backups."""

    id: int
    name: str
    rows: int
    names: tuple[str, ...]  # their name and every alias, as the journal last knew them
    created_on: date  # with `id`, tells them apart in a backup even under an older name


def forget(journal: Journal, person: PersonRef) -> Forgotten:
    """Delete the person and everything recorded about them, in this one transaction."""
    from onetoone.domain.people import aliases

    names = (person.name, *aliases(journal, person.id))
    created_on = journal.value("SELECT created_on FROM person WHERE id = :person", {"person": person.id})
    journal.erase_for_good()
    from onetoone.domain import settings, team

    if team.is_team(journal):
        # On a team journal every organizer's rows about them go, which no organizer's role can
        # reach: PostgreSQL's oto_forget does it, for an admin or whoever added them (pg_schema.py).
        rows = journal.execute("SELECT * FROM oto_forget(:person)", {"person": person.id})
        return Forgotten(person.id, person.name, rows, names, created_on)

    rows = settings.forget_events(journal, person.id)  # which calendar events were theirs, before their meetings go
    for table in _OWNED:
        if table == "planned_ask":
            rows += journal.execute(
                "DELETE FROM planned_ask WHERE meeting_id IN (SELECT id FROM meeting WHERE person_id = :person)",
                {"person": person.id},
            )
        elif table == "introduction":  # theirs either way round, with the words I wrote about it
            rows += journal.execute("DELETE FROM introduction WHERE :person IN (person_id, other_id)", {"person": person.id})
        else:
            rows += journal.execute(f"DELETE FROM {table} WHERE person_id = :person", {"person": person.id})
    # Their institution stays (it is not theirs alone), and so do the people they referred; they simply no longer say who referred them. Follow-ups hold
    # facts, not sentences, so the reminder to contact them names no one once the link is gone.
    journal.execute("UPDATE person SET referred_by_id = NULL WHERE referred_by_id = :person", {"person": person.id})
    # An event they hosted stays (others came to it), with no host. Its title and place are the
    # organizer's words and are kept as typed: a title naming them ("House meeting at Ana's")
    # is not rewritten.
    journal.execute("UPDATE event SET host_id = NULL WHERE host_id = :person", {"person": person.id})
    rows += journal.execute("DELETE FROM person WHERE id = :person", {"person": person.id})
    return Forgotten(person.id, person.name, rows, names, created_on)


# -- What is left outside the journal ----------------------------------------------------------


@dataclass(frozen=True)
class Cleared:
    """The draft files forget removed, and those it could not (with why)."""

    removed: list[Path]
    failed: list[tuple[Path, str]]


def drop_drafts(folder: Path, gone: Forgotten) -> Cleared:
    """Remove every file in drafts/ that is or may be about them.

    Their draft goes with its editor text, and so does a draft that cannot be read and does not
    say by its name whom it is about (so it may be theirs). When one of theirs goes, everything
    else in the folder that is not another person's draft goes too: editor leftovers (`.swp`,
    `~`, `#...#`) and temporary files a crash left. Drafts about other people stay, with their
    editor texts; any other file there goes if its text names them (a swap or backup file from
    an earlier reflection, a temporary file, an editor text left without its draft)."""
    from onetoone.domain import drafts
    from onetoone.store.paths import draft_person

    entries = drafts.files(folder)
    theirs = {stem for stem in drafts.stems(folder) if _draft_is_theirs(folder, stem, gone)}
    others = {stem for stem in drafts.stems(folder) if stem not in theirs}
    stem_of = {path: path.name.rsplit(".", 1)[0] if draft_person(path.name) is not False else None for path in entries}
    doomed = []
    for path in entries:
        stem = stem_of[path]
        if stem in theirs:
            doomed.append(path)
        elif stem in others:
            alone = not drafts.draft_path(folder, stem=stem).exists()  # an editor text without its draft
            if alone and _names(path, gone):
                doomed.append(path)
        elif theirs or _names(path, gone):
            doomed.append(path)
    removed, failed = [], []
    for path in doomed:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as problem:
            failed.append((path, problem.strerror or str(problem)))
    return Cleared(removed, failed)


def _draft_is_theirs(folder: Path, stem: str, gone: Forgotten) -> bool:
    from onetoone.domain import drafts
    from onetoone.errors import BadInput
    from onetoone.store.paths import draft_person

    named = draft_person(f"{stem}.json")
    if named == gone.id:
        return True
    try:
        draft = drafts.load(folder, stem=stem)
    except BadInput:
        return named is None  # unreadable and not named for someone else: it may be about them
    if draft is None:
        return False
    return draft.person_id == gone.id or bool(draft.person_name and key(draft.person_name) in {key(n) for n in gone.names})


_READ_AT_MOST = 64 * 1024 * 1024


def _names(path: Path, gone: Forgotten) -> bool:
    """Whether the file's text names them (any name or alias, as whole words, in any case or
    accent); a file that cannot be read is left alone."""
    from onetoone.domain import drafts

    try:
        with open(path, "rb") as handle:
            text = key(drafts.decode(handle.read(_READ_AT_MOST)))
    except OSError:
        return False
    return any(re.search(rf"(?<!\w){re.escape(key(n))}(?!\w)", text) for n in gone.names if key(n))


@dataclass(frozen=True)
class InBackups:
    holding: list[Path]  # backups that still hold them
    unread: list[tuple[Path, str]]  # SQLite files that could not be looked into


def backups_holding(backups: Path, gone: Forgotten) -> InBackups:
    """Backups that still hold them, found by every name and alias they had here, or by who they
    were (their id and the day they were added, so an older name in an older copy is found too).
    Every SQLite file in `backups/` is looked at, whatever its name; each is opened read-only
    and never changed."""
    from onetoone.store.journal import copies_in, query_copy

    holding, unread = [], []
    keys = [key(n) for n in gone.names if key(n)]
    for copy in copies_in(backups):
        try:
            found = query_copy(
                copy,
                "SELECT 1 FROM person_key WHERE kind IN ('name', 'alias') AND key IN (SELECT value FROM json_each(:keys))"
                " UNION ALL SELECT 1 FROM person WHERE id = :id AND created_on = :created LIMIT 1",
                {"keys": json.dumps(keys), "id": gone.id, "created": gone.created_on.isoformat()},
            )
        except JournalRefused as problem:
            unread.append((copy, problem.message))
            continue
        if found:
            holding.append(copy)
    return InBackups(holding, unread)
