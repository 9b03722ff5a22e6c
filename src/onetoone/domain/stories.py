"""The organizer's own story snippets: saved with `oto story`, offered by prep to share.

A one-to-one invites reciprocity: the organizer tells a little of their own story. Prep shows
one snippet, rotating with the person and the number of meetings held with them, so the same
person hears a different piece next time while a list of snippets lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onetoone.domain.text import clean
from onetoone.errors import BadInput, NotFound
from onetoone.store.journal import Journal

# A snippet is told in a minute or two; about 350 words. Longer text belongs elsewhere.
STORY_LIMIT = 2_000


@dataclass(frozen=True)
class Snippet:
    id: int
    text: str
    created_on: date

    @property
    def label(self) -> str:
        return f"s{self.id}"


def add(journal: Journal, text: str | None, *, today: date) -> Snippet:
    from onetoone.store.models import Story

    story = Story(text=clean(text, "story", limit=STORY_LIMIT), created_on=today)
    journal.add(story)
    return Snippet(story.id, story.text, today)


def listing(journal: Journal) -> list[Snippet]:
    return [_snippet(row) for row in journal.rows("SELECT id, text, created_on FROM story ORDER BY id")]


def remove(journal: Journal, typed: str) -> Snippet:
    from onetoone.store.models import Story

    number = parse_id(typed)
    story = journal.get(Story, number)
    if story is None:
        raise NotFound(f"There is no story s{number}. `oto story` lists your snippets with their ids.")
    journal.delete(story)
    return Snippet(story.id, story.text, story.created_on)


def pick(journal: Journal, *, person_id: int, meetings_held: int) -> tuple[Snippet | None, int]:
    """The snippet to offer this person now, and how many snippets there are."""
    total = journal.value("SELECT count(*) FROM story") or 0
    if not total:
        return None, 0
    row = journal.row(
        "SELECT id, text, created_on FROM story ORDER BY id LIMIT 1 OFFSET :at",
        {"at": (person_id + meetings_held) % total},
    )
    return _snippet(row), total


def parse_id(typed: str) -> int:
    """'s3' (or '3') -> 3."""
    text = (typed or "").strip().lower().lstrip("#")
    number = text[1:] if text.startswith("s") else text
    if not number.isascii() or not number.isdigit() or len(number) > 12:
        raise BadInput(f"'{typed}' is not a story id. `oto story` lists them, like s3.")
    return int(number)


def _snippet(row) -> Snippet:
    return Snippet(row["id"], row["text"], row["created_on"])
