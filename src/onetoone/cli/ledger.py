"""Commands for ledger (being written)."""

from __future__ import annotations
