"""Commands for due (being written)."""

from __future__ import annotations
