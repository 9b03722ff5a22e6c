"""The normalized form names are compared in: the domain finds people by it, and a migration
in store/ recomputes stored keys with it, so it sits below both (it imports nothing of oto)."""

from __future__ import annotations

import unicodedata

# Letters that carry their accent inside them (no decomposition), folded the way people type
# them on a keyboard without that letter: 'Łódź' is found by 'lodz', 'Işık' by 'isik'.
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "þ": "th", "æ": "ae", "œ": "oe"})


# Apostrophes (straight, curly, modifier letters, the backtick and acute people type for one)
# are dropped and hyphens and dashes are a space, so 'O’Connor', "O'Connor" and 'oconnor' are
# one name, as are 'Mary-Jane' and 'Mary Jane'. Applied before any normalization (NFKD splits
# '´' into a space and a mark).
APOSTROPHES = "'\uff07\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032\u00ad"  # also read by domain/mentions.py
_JOINERS = str.maketrans(
    {ch: "" for ch in APOSTROPHES}
    | {ch: " " for ch in "-\u2010\u2011\u2012\u2013\u2014\u2212\u2043\ufe63\uff0d"}
)


def key(text: str) -> str:
    """The form names are compared in: accents and apostrophes dropped, case folded, hyphens
    read as spaces, spaces collapsed.

    'María  López', 'maria lopez' and 'MARI\u0301A LOPEZ' (decomposed) all give 'maria lopez';
    "O'Connor" and 'O’Connor' give 'oconnor'; 'Mary-Jane' gives 'mary jane'.
    """
    # Fold case before dropping marks: some marks fold to letters (Greek ypogegrammeni to iota),
    # which is how 'ᾀ' and its upper case 'ἈΙ' come to the same key.
    text = text.translate(_JOINERS)
    if text.isascii():  # the same result, without the character loop: prep matches names in many texts
        return " ".join(text.lower().split())
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold().translate(_FOLD))
    return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())


def loose_key(text: str) -> str:
    """The looser form institution names are matched in: `key`, with full stops dropped and other
    punctuation read as a space, so "St. Brigid's", 'St Brigids' and 'ST BRIGID’S' are one
    institution, as are 'Grace A.M.E.' and 'Grace AME'. Text with no letters or digits keeps its
    `key` (it is still someone's name for it)."""
    found = key(text)
    words = "".join(ch if ch.isalnum() else "" if ch == "." else " " for ch in found).split()
    return " ".join(words) or found or text.strip().casefold()
