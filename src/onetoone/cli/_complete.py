"""The completers that fill in names, ids and kinds from the journal when Tab is pressed (see
`cli/completion.py` for the scripts). Typer calls them with what is typed so far.

A completer never fails loudly: a tab press with no journal yet, a busy or damaged one, gives no
candidates and prints nothing. Only Typer-free standard imports at the top: every command module
imports this one.
"""

from onetoone.cli import _shared as shared

COMPLETE_VAR = "_OTO_COMPLETE"


def names(incomplete: str) -> list:
    """People's full names and aliases starting with what is typed."""
    from onetoone.domain import completion as found

    return _offer(lambda journal: found.names(journal, incomplete), incomplete)


def names_or_meetings(incomplete: str) -> list:
    """A planned meeting's id (m3), or a person's name."""
    from onetoone.domain import completion as found

    return _offer(lambda journal: found.meetings(journal, incomplete) + found.names(journal, incomplete), incomplete)


def items(incomplete: str) -> list:
    """The ids of open follow-ups and promises (f4, p7), soonest due first."""
    from onetoone.domain import completion as found

    return _offer(lambda journal: found.items(journal, incomplete), incomplete)


def promises(incomplete: str) -> list:
    """The ids of open promises (p7), soonest due first."""
    from onetoone.domain import completion as found

    return _offer(lambda journal: found.items(journal, incomplete, letters="p"), incomplete)


def insight_kinds(incomplete: str) -> list:
    from onetoone.vocabulary import INSIGHT_KINDS

    return [kind for kind in INSIGHT_KINDS if kind.startswith(incomplete.strip().lower())]


def stages(incomplete: str) -> list:
    from onetoone.vocabulary import STAGES

    return [stage for stage in STAGES if stage.startswith(incomplete.strip().lower())]


def answers(incomplete: str) -> list:
    from onetoone.vocabulary import ANSWERS

    return [answer for answer in ANSWERS if answer.startswith(incomplete.strip().lower())]


def _offer(find, incomplete: str) -> list:
    """(value, help) pairs from the journal; nothing on any failure."""
    from onetoone.render.completion import help_text

    try:
        if not shared.journal_exists():  # a tab press never creates a journal
            return []
        with shared.journal() as journal:
            found = find(journal)
    except Exception:  # noqa: BLE001 — completion must never print a traceback or an error into the command line
        return []
    offered = []
    for candidate in found:
        value = _as_typed(candidate.value, incomplete)
        if value is not None:
            offered.append((value, help_text(candidate) or ""))
    return offered


def _as_typed(value: str, typed: str) -> str | None:
    """`value` beginning with exactly what was typed: Typer keeps only completions that do, and
    the journal finds names whatever their case and accents ('zoe' finds Zoë O'Brien, offered
    as "zoe O'Brien", which names her all the same). None when the typed letters are not the
    start of `value` letter for letter."""
    if value.startswith(typed):
        return value
    start = value[: len(typed)]
    if len(start) == len(typed) and all(_bare(a) == _bare(b) for a, b in zip(start, typed)):
        return typed + value[len(typed):]
    return None


def _bare(ch: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).casefold()
