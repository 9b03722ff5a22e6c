"""The domain's SQL, written for SQLite, as PostgreSQL reads it: the few things that differ.

The domain modules write one SQL for both journals; where a phrase could be made the same on
both at no cost to SQLite it is written so at its source (`in_list` instead of `json_each`,
`CAST(flag AS integer)` to count flags, a CASE for the later of two days). What is left differs
by dialect and is translated here, once per statement text (cached):

    :name                  ->  %(name)s           psycopg's named parameters (a literal % doubled)
    AS "due [date]"        ->  AS "due"           the type the SQLite converters read from an alias;
                                                  kept, so a value that comes back as text is converted
    LIKE                   ->  ILIKE              SQLite's LIKE ignores case (ASCII); PostgreSQL's does not
    INSERT OR IGNORE ...   ->  INSERT ... ON CONFLICT DO NOTHING
    flag = 1, flag = 0     ->  flag = true/false  a BOOLEAN column (the models' bool fields) compared to 0/1
    sum(a = 'x')           ->  sum(CAST((a = 'x') AS integer))   a condition counted
    LIMIT :n               ->  LIMIT NULLIF(%(n)s, -1)   SQLite's -1 is no limit; PostgreSQL's is NULL
    main.table             ->  table              SQLite's name for the journal's own database
    +column                ->  column             SQLite's planner hint, for numbers only on PostgreSQL
    -- a comment           ->  (dropped)          it may hold a quote
    x IS :p, x IS NOT :p   ->  x IS [NOT] DISTINCT FROM %(p)s   SQLite's IS compares any two values

String literals and quoted names are never changed (but for a type in an alias). Only store/
imports this module, and only for a team journal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A string literal, a quoted name, a named parameter, or anything else up to the next of those.
_TOKEN = re.compile(r"""(?P<comment>--[^\n]*)|'(?:[^']|'')*'|"(?:[^"]|"")*"|(?<!:):(?P<param>[A-Za-z_]\w*)|[^'":-]+|.""", re.S)
_TYPED_ALIAS = re.compile(r'^"(?P<name>.*?)\s*\[(?P<type>\w+)\]"$')
_LIKE = re.compile(r"\bLIKE\b", re.I)
_IS_NOT = re.compile(r"\s+IS\s+NOT\s*$", re.I)
_IS = re.compile(r"\s+IS\s*$", re.I)
# A unary + before a column (`+status`: SQLite's way to keep the planner off an index), which
# PostgreSQL has for numbers only: dropped after an operator, a keyword or an opening bracket.
_UNARY_PLUS = re.compile(r"(?P<before>(?:^|[(,=<>]|\b(?:AND|OR|NOT|ON|WHERE|SELECT|BY|WHEN|THEN|ELSE|IN|BETWEEN))\s*)\+(?=[A-Za-z_])", re.I)
_SUM = re.compile(r"\bsum\(", re.I)
_CONDITION = re.compile(r"[=<>]|\b(?:IS|IN|NOT|AND|OR|EXISTS|LIKE|ILIKE|BETWEEN|true|false)\b", re.I)
_STRINGS = re.compile(r"'(?:[^']|'')*'")
_LIMIT = re.compile(r"\bLIMIT\s*$", re.I)
_MAIN = re.compile(r"\bmain\.(?=[\"A-Za-z_]|$)")
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\b", re.I)


@dataclass(frozen=True)
class Statement:
    sql: str  # for psycopg
    types: dict[str, str]  # a column's type named in its alias ("due" -> "date"), to convert text


@lru_cache(maxsize=512)
def translated(sql: str, flags: frozenset[str] = frozenset()) -> Statement:
    """`sql` as PostgreSQL runs it through psycopg; `flags` are the BOOLEAN columns' names."""
    ignoring = bool(_OR_IGNORE.match(sql))
    if ignoring:
        sql = _OR_IGNORE.sub("INSERT", sql, count=1)
    flag_compare = _flag_comparison(flags)
    parts: list[str] = []
    types: dict[str, str] = {}
    for match in _TOKEN.finditer(sql):
        token = match.group(0)
        if match.group("comment"):
            parts.append(" ")
        elif match.group("param"):
            if parts:
                parts[-1] = _IS_NOT.sub(" IS DISTINCT FROM ", _IS.sub(" IS NOT DISTINCT FROM ", parts[-1]))
            named = f"%({match.group('param')})s"
            parts.append(f"NULLIF({named}, -1)" if parts and _LIMIT.search(parts[-1]) else named)
        elif token.startswith("'"):
            parts.append(token.replace("%", "%%"))
        elif token.startswith('"'):
            typed = _TYPED_ALIAS.match(token)
            if typed:
                types[typed.group("name")] = typed.group("type").lower()
                token = f'"{typed.group("name")}"'
            parts.append(token.replace("%", "%%"))
        else:
            token = _MAIN.sub("", _UNARY_PLUS.sub(_unary, _LIKE.sub("ILIKE", token)))
            if flag_compare is not None:
                token = flag_compare.sub(lambda m: f"{m.group(1)} = {'true' if m.group(2) == '1' else 'false'}", token)
            parts.append(token.replace("%", "%%"))
    text = _counted_conditions("".join(parts))
    if ignoring:
        text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    return Statement(text, types)


def _counted_conditions(sql: str) -> str:
    """`sum(condition)` -> `sum(CAST((condition) AS integer))`: SQLite counts true conditions as
    1s, PostgreSQL sums numbers only. An argument that is no condition (a column) is left alone."""
    out, at = [], 0
    for found in _SUM.finditer(sql):
        if found.start() < at:
            continue
        end = _closing(sql, found.end())
        if end is None:
            break
        argument = sql[found.end():end]
        if _CONDITION.search(_STRINGS.sub("''", argument)):
            out.append(sql[at:found.end()] + f"CAST(({argument}) AS integer)")
        else:
            out.append(sql[at:end])
        at = end
    return "".join(out) + sql[at:]


def _closing(sql: str, start: int) -> int | None:
    """The index of the bracket closing the one just before `start`, quoted text skipped."""
    depth, n = 1, start
    while n < len(sql):
        ch = sql[n]
        if ch in "'\"":
            n = sql.find(ch, n + 1)
            if n < 0:
                return None
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return n
        n += 1
    return None


def _unary(match: re.Match) -> str:
    return match.group("before")


def _flag_comparison(flags: frozenset[str]) -> re.Pattern | None:
    if not flags:
        return None
    names = "|".join(sorted(map(re.escape, flags)))
    return re.compile(rf"\b((?:\w+\.)?(?:{names}))\s*=\s*([01])\b")
