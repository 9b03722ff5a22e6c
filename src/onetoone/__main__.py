"""Lets `python -m onetoone` run the same program as the `oto` command."""

from onetoone.cli import main

main()
