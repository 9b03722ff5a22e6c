"""Commands for reflect (being written)."""

from __future__ import annotations
