"""All screens, as pure functions from domain results to a `Doc` (see `doc.py`) or to JSON data.

Nothing here prints or reads the clock: `terminal` draws a Doc, and dates arrive as arguments.
"""
