"""Unfinished reflections: the drafts kept on disk and the plain-text template (both derived
from the table in `domain.reflection.fields`).

One draft a person. `drafts/reflection-<person id>.json` (under oto's home, folder 0700, files
0600, never /tmp) holds what was given so far for a reflection on that person, rewritten
atomically after every answer, so Ctrl-C, a closed terminal or a crash lose nothing;
`drafts/reflection.json` holds the one begun in the editor before it names anyone (and, from an
earlier oto that kept one draft only, a draft about anyone, which moves to its person's name the
next time it is kept). When the editor is used, the `.txt` beside a draft is the text being
edited; it is kept as typed after a failed edit so that no word is lost. Both go only after the
reflection is committed to the journal. A reflection on someone whose draft waits cannot be
started by prompts or the editor (`oto reflect --resume NAME` or `--discard NAME`); flags and
stdin never need a draft, since they save in one step.

The template is `key: value` lines with the same names as `oto reflect`'s flags:

    name: Maria Lopez
    at: 2026-11-21
    self-interest: rent keeps rising
    self-interest: her son's school
    ask: Host a house meeting by 2026-12-05
    answer: yes
    i-promise: Send the tenant-law flyer by fri

Lines starting with `#` are comments; a key may be repeated where more than one makes sense;
an indented line continues the value above it; empty keys are skipped. Dates are kept as the
organizer typed them until the reflection is saved, except those a prompt already resolved
(stored as ISO dates, so a draft resumed another day means the same days). A promise or a
dated yes that a prompt read is kept as `{"text": ..., "due": "2026-11-27"}`; a draft written
by an earlier oto holds "TEXT by 2026-11-27" there instead, read the same way as a flag.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from onetoone.domain.reflection.fields import FIELDS, FRAME, KEYS, SINGLE, Fields, Pledge
from onetoone.errors import BadInput

UNNAMED = "reflection"  # the draft not yet about anyone (or one from an earlier oto)
_ALIASES = {"common-ground": "common", "with": "name", "when": "at", "next-date": "next"}
_KEY = re.compile(r"[A-Za-z][A-Za-z _-]{0,39}")  # a key as typed: 'self-interest', 'They promise'



# -- The draft on disk -------------------------------------------------------------------------


@dataclass
class Draft:
    """What was given so far for one reflection, as template fields plus where the prompts are."""

    started_at: str  # ISO moment, to tell the organizer which draft waits
    mode: str = "prompts"  # or "editor": an editor draft is resumed in the editor
    person_id: int | None = None
    person_name: str | None = None
    fields: Fields = field(default_factory=dict)
    done: list[str] = field(default_factory=list)  # prompt steps finished
    pending: dict[str, str] = field(default_factory=dict)  # text typed whose date is not given yet
    template: str | None = None  # the text first offered in the editor, to tell an unchanged edit
    refused: dict[str, list[str]] = field(default_factory=dict)  # text a question refused (too long), kept for the editor
    amends: int | None = None  # the meeting whose saved reflection this amends (`oto reflect --amend`), if any
    stem: str | None = field(default=None, repr=False, compare=False)  # the files it was read from or kept as (not written)

    def has_content(self) -> bool:
        return has_content(self.fields)


def stem_of(person_id: int | None) -> str:
    return UNNAMED if person_id is None else f"{UNNAMED}-{person_id}"


def draft_path(folder: Path, person_id: int | None = None, *, stem: str | None = None) -> Path:
    return folder / f"{stem or stem_of(person_id)}.json"


def text_path(folder: Path, person_id: int | None = None, *, stem: str | None = None) -> Path:
    return folder / f"{stem or stem_of(person_id)}.txt"


def text_of(folder: Path, draft: Draft) -> Path:
    """The editor text that goes with `draft`."""
    return text_path(folder, stem=draft.stem or stem_of(draft.person_id))


def stems(folder: Path) -> list[str]:
    """The drafts waiting, by their files' common name (a draft, or an editor text left alone),
    the one not yet about anyone first, then by person."""
    from onetoone.store.paths import draft_person

    found = {path.name.rsplit(".", 1)[0] for path in files(folder) if draft_person(path.name) is not False}
    return sorted(found, key=lambda stem: (stem != UNNAMED, len(stem), stem))


def load(folder: Path, person_id: int | None = None, *, stem: str | None = None) -> Draft | None:
    """The draft kept under that name (by default, the one not yet about anyone), or None; a
    damaged one is reported, never silently replaced."""
    path = draft_path(folder, person_id, stem=stem)
    try:
        draft = loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError) as problem:
        hint = "" if path.stem == UNNAMED else f" {path.stem.split('-', 1)[1]}"
        raise BadInput(
            f"The draft reflection at {path} cannot be read ({problem}). "
            f"Move it aside, or drop it with `oto reflect --discard{' NAME' if hint else ''}`."
        ) from None
    draft.stem = path.stem
    return draft


def waiting(folder: Path) -> list[Draft | str]:
    """Every draft waiting: as read, or by its file's name when it cannot be read (damaged, or
    an editor text left without its draft)."""
    found: list[Draft | str] = []
    for stem in stems(folder):
        try:
            draft = load(folder, stem=stem)
        except BadInput:
            draft = None
        found.append(draft if draft is not None else stem)
    return found


def about(folder: Path, person_id: int) -> Draft | str | None:
    """The draft waiting about this person (by its name, or inside a draft an earlier oto kept
    under the one name), else None; a name (str) when it is theirs but cannot be read."""
    for item in waiting(folder):
        if isinstance(item, Draft) and item.person_id == person_id:
            return item
        if item == stem_of(person_id):
            return item
    return None


def loads(text: str) -> Draft:
    """A draft from its JSON; a pledge is an object with text and due, or (from an earlier oto)
    a line of text."""
    draft = Draft(**json.loads(text))
    if not isinstance(draft.fields, dict) or not all(isinstance(v, list) for v in draft.fields.values()):
        raise ValueError("its fields are not lists")
    draft.fields = {name: [_value(v) for v in values] for name, values in draft.fields.items()}
    return draft


def _value(value) -> str | Pledge:
    if isinstance(value, dict):
        return Pledge(str(value["text"]), date.fromisoformat(value["due"]))
    if not isinstance(value, str):
        raise ValueError(f"a field holds {type(value).__name__}, not text")
    return value


def dumps(draft: Draft) -> str:
    data = asdict(draft)  # a Pledge becomes {"text", "due"}; its date is written as ISO below
    return json.dumps(data, ensure_ascii=False, indent=1, default=date.isoformat)


def save(folder: Path, draft: Draft) -> None:
    """Keep the draft under its person's name; a draft that was kept under another name (begun
    before it named anyone, or by an earlier oto) moves there, its editor text with it."""
    import os

    from onetoone.store.paths import write_private

    stem = stem_of(draft.person_id)
    write_private(draft_path(folder, stem=stem), dumps(draft))
    if draft.stem is not None and draft.stem != stem:
        old_text = text_path(folder, stem=draft.stem)
        if old_text.exists():
            os.replace(old_text, text_path(folder, stem=stem))
        draft_path(folder, stem=draft.stem).unlink(missing_ok=True)
    draft.stem = stem


def save_text(folder: Path, text: str, draft: Draft | None = None) -> Path:
    from onetoone.store.paths import write_private

    path = text_of(folder, draft) if draft is not None else text_path(folder)
    write_private(path, text)
    return path


def discard(folder: Path, draft: Draft | str | None = None) -> None:
    """Remove a draft and its editor text (after a commit, or when the organizer drops it): the
    draft given (or the name of its files), else every draft waiting."""
    if draft is None:
        chosen = stems(folder)
    elif isinstance(draft, str):
        chosen = [draft]
    else:
        chosen = list(dict.fromkeys([draft.stem or stem_of(draft.person_id), stem_of(draft.person_id)]))
    for stem in chosen:
        for path in (text_path(folder, stem=stem), draft_path(folder, stem=stem)):
            path.unlink(missing_ok=True)


def files(folder: Path) -> list[Path]:
    """Every regular file in the drafts folder: the draft and its editor text, and whatever an
    editor or a crash left beside them (swap and backup files, temporary files). Links and
    folders are not oto's and are left out."""
    import stat

    try:
        entries = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for path in entries:
        try:
            if stat.S_ISREG(path.lstat().st_mode):
                found.append(path)
        except FileNotFoundError:
            pass
    return found


def name_of(item: Draft | str) -> str | None:
    """Who a draft is for, or None, even when the draft itself is damaged (for `--discard`)."""
    return item.person_name if isinstance(item, Draft) else None


# -- The template ------------------------------------------------------------------------------

_HEADER = """\
# Reflection on a one-to-one. Write after the colon; leave a key empty to skip it.
# Repeat a key on a new line for more than one (two self-interests: two lines).
# Dates: 2026-12-05, today, yesterday, fri, next tue, in 3 days, +2w.
# Lines starting with # are ignored; indent a line to continue the one above.
# Save and close the editor to record it; close it unchanged to keep this as a draft.
"""

def template(fields: Fields, *, about: list[str] = ()) -> str:
    """The text offered in the editor: every key once (or once per value), with comments."""
    out = [_HEADER]
    if about:
        out.append("#\n" + "".join(f"# {line}\n" for line in about))
    for f in FIELDS:
        if f.comment:
            out.append("\n" + "".join(f"# {line}\n" for line in f.comment.split("\n")))
        for value in fields.get(f.key) or [""]:
            out.append(_format_line(f.key, value))
    return "".join(out)


def _format_line(name: str, value: str | Pledge) -> str:
    if isinstance(value, Pledge):  # the template is text: a pledge is written as it is typed
        value = f"{value.text} by {value.due.isoformat()}"
    first, *rest = value.split("\n") if value else [""]
    line = f"{name}: {first}".rstrip() + "\n"
    return line + "".join(f"  {more}\n" if more.strip() else "" for more in rest)


TEXT_LIMIT = 5_000_000  # characters in one template: far past any reflection (each field has its own limit)


def parse(text: str) -> Fields:
    """Read the template format back; an unreadable line is reported with its number. Linear in
    the text's length, however it is made (a value continued over a million lines is read once,
    then refused by its field's limit when the reflection is built)."""
    text = decode(text)
    if len(text) > TEXT_LIMIT:
        raise BadInput(f"The reflection is {len(text):,} characters long; the limit is {TEXT_LIMIT:,}. Shorten it.")
    lines: dict[str, list[list[str]]] = {}  # each value as its lines, joined once at the end
    given_on: dict[str, int] = {}
    open_key: str | None = None  # the key an indented line continues
    open_value = False  # whether that key's line had a value (else the indented line starts it)
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        indented = line[:1] in (" ", "\t")
        # A comment starts a line; an indented '#' under an open key is text ("#3 bus").
        if not stripped or (stripped.startswith("#") and not (indented and open_key)):
            continue
        match = _key_line(line)
        name = _key(match[0]) if match else None
        if name is None and indented and open_key is not None:
            if open_value:
                lines[open_key][-1].append(stripped)
            else:
                _add(lines, given_on, open_key, stripped, number)
                open_value = True
            continue
        if name is None:
            hint = f"unknown key '{match[0]}'" if match else "not a 'key: value' line"
            raise BadInput(f"Line {number} of the reflection: {hint}. The keys are {', '.join(KEYS)}.")
        value = match[1].strip()
        open_key, open_value = name, bool(value)
        if value:
            _add(lines, given_on, name, value, number)
    return {name: ["\n".join(parts) for parts in values] for name, values in lines.items()}


def _key_line(line: str) -> tuple[str, str] | None:
    """A `key: value` line split at its first colon, or None (in one pass: no regular
    expression that backtracks over a long line)."""
    before, colon, after = line.partition(":")
    typed = before.strip()
    return (typed, after) if colon and _KEY.fullmatch(typed) else None


def _add(lines: dict[str, list[list[str]]], given_on: dict[str, int], name: str, value: str, number: int) -> None:
    if name in SINGLE and name in lines:
        raise BadInput(
            f"Line {number} of the reflection: '{name}' was already given on line {given_on[name]}; it takes one value."
        )
    lines.setdefault(name, []).append([value])
    given_on[name] = number


def _key(typed: str) -> str | None:
    name = "-".join(typed.strip().lower().replace("_", " ").split())
    name = _ALIASES.get(name, name)
    return name if name in KEYS else None


def has_content(fields: Fields) -> bool:
    """Whether anything beyond who and when was given."""
    return any(values for name, values in fields.items() if name not in FRAME)


def decode(data: bytes | str) -> str:
    """Text from a file any editor may have written: UTF-8 with or without a byte-order mark,
    UTF-16 with one, else Latin-1 (which reads any byte); CRLF and CR line ends become LF."""
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16", errors="replace")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    else:
        text = data
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_text(folder: Path, draft: Draft | None = None) -> str:
    """The editor's text as it was left (decoded); empty when the editor deleted the file."""
    try:
        return decode((text_of(folder, draft) if draft is not None else text_path(folder)).read_bytes())
    except FileNotFoundError:
        return ""
