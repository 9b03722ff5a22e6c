"""Typer's shell completion classes, registered only when a shell asks for completions
(`_app._Group`), with bash's quoting added. Apart from the completers (`_complete`) so that the
command group can load it without the journal opener."""

from __future__ import annotations


def register() -> None:
    """Register Typer's completion classes, with bash's quoting added: run only when a shell asks
    for completions (see `_app._Group`). Typer's bash completion hands each value to bash as it
    is, so "Rosa Diaz" would be inserted as two words; here every character bash reads specially
    (a space, an apostrophe, a quote, $, `, ;, &...) goes behind a backslash. zsh and fish quote
    what they insert themselves. Reaches into Typer's and Click's completion classes: kept in
    this one place, and tests/test_completion.py fails loudly if an upgrade changes them."""
    import typer._completion_classes as classes

    bash = classes.BashComplete
    plain = getattr(bash, "unquoted", bash.format_completion)  # once, however often this runs
    bash.unquoted = plain
    bash.format_completion = lambda self, item: bash_quoted(plain(self, item))
    classes.completion_init()  # registers Typer's classes (through its own Click), bash's quoted
    # zsh's and fish's help beside each candidate: Typer renders it as rich markup, which loads
    # rich's markdown (~180 ms, more than the rest of a tab press) and would read a "[b]" in a
    # name as markup; oto's help is plain text, made printable.
    classes._sanitize_help_text = _plain


def _plain(text: str) -> str:
    from onetoone.printable import safe

    return safe(text)


def bash_quoted(value: str) -> str:
    """A value as bash must receive it to insert it as one word."""
    return "".join(ch if ch.isalnum() or ch in "-_.,@%+=/" else "\\" + ch for ch in value)
