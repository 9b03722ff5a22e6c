"""Hostile and odd strings an organizer's journal must survive, shared by several tests."""

NASTY = [
    "[bold]loud[/bold]", "[/]", "[link=https://example.org]click[/link]", "[red]", "\\", "\\[bold]",
    ":smile:", ":thumbs_up:", "%", "_", "%_\\", "' OR 1=1 --", "\"; DROP TABLE person; --",
    "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x9b31m", "\x85",
    "a\x00b", "\x07bell", "\x08back", "\r\nCRLF", "\t", "\u202eevil\u202c", "\u2066iso\u2069", "\u200b", "\ufeffbom",
    "María", "Mari\u0301a", "Zoë", "Łódź", "İstanbul", "straße", "ﬁ", "東京", "العربية", "עברית", "👩🏽‍🌾", "🏳️‍🌈",
    "Ⅻ", "٣", "𝐛𝐨𝐥𝐝", "\u0301", "x" * 300, "\n", " ", "--help", "-1", "None", "null",
]
