"""Text that can only print as text: every control or format character replaced (U+FFFD).

Used wherever the organizer's words leave oto: the terminal (terminal.py), usage errors, and the
HTML page of `oto review` (render/review.py). Pure, with no imports of oto's own, so any layer
may use it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
# Joiners are needed to write many scripts and emoji correctly; every other format character
# (bidi overrides and isolates, invisible marks) could disguise text, so it is replaced.
_KEEP_FORMAT = {"\u200c", "\u200d"}


def safe(text: Any, *, multiline: bool = False) -> str:
    """`text` with every control or format character replaced, so it can only print as text."""
    text = str(text)
    if text.isprintable():  # nothing below would change it (checked at C speed: a digest has thousands of cells)
        return text
    out = []
    for ch in str(text):
        if ch == "\n" and multiline:
            out.append(ch)
        elif ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or (
            unicodedata.category(ch) == "Cf" and ch not in _KEEP_FORMAT
        ):
            out.append(REPLACEMENT)
        elif ch in ("\u2028", "\u2029"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
