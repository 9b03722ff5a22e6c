"""The building blocks of every screen: headings, lines and tables of plain strings.

Screens are built from these and drawn by `onetoone.terminal`: as rich tables on a terminal,
as plain aligned text when piped. Cells hold text exactly as the organizer typed it; making it
safe to show (no markup, no control characters) is the drawer's job, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onetoone.vocabulary import typed_name  # noqa: F401  (render's modules take it from here)

# Line tones: how a line is coloured on a terminal (plain text shows the words only).
PLAIN, STRONG, WARN, MUTED, GOOD = "plain", "strong", "warn", "muted", "good"


@dataclass
class Heading:
    text: str


@dataclass
class Line:
    text: str
    tone: str = PLAIN
    indent: int = 0
    # Spans of `text` ([start, end) in characters) shown marked on a terminal (a search's
    # matches); plain text shows the words only. Positions, never characters in the text, so
    # nothing the organizer typed can mark anything.
    marks: tuple[tuple[int, int], ...] = ()


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    more: int = 0  # rows left out to keep the screen short
    more_hint: str = ""
    show_header: bool = True
    fold: int = -1  # on a terminal, the column whose text folds to fit its width (the others stay whole)


@dataclass
class Blank:
    pass


Block = Heading | Line | Table | Blank


@dataclass
class Doc:
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str) -> "Doc":
        if self.blocks:
            self.blocks.append(Blank())
        self.blocks.append(Heading(text))
        return self

    def line(self, text: str, tone: str = PLAIN, indent: int = 0, marks: tuple[tuple[int, int], ...] = ()) -> "Doc":
        self.blocks.append(Line(text, tone, indent, marks))
        return self

    def table(
        self, columns: list[str], rows: list[list[str]], *, more: int = 0, more_hint: str = "", show_header: bool = True,
        fold: int = -1,
    ) -> "Doc":
        self.blocks.append(Table(columns, rows, more, more_hint, show_header, fold))
        return self

    def blank(self) -> "Doc":
        self.blocks.append(Blank())
        return self
