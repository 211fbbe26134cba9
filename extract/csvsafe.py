"""Formula guard for every CSV cell pressextract writes, and its exact inverse for readers.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (scraped text can hold ``=HYPERLINK(…)``; a bullet line "- 32.000 Euro" would become
one too). :func:`guard` puts an apostrophe in front of such a cell (a plain number such as ``-5``
or ``+3,5`` is left alone: a spreadsheet reads it as a number, not a formula). A cell that already
starts with apostrophes followed by one of those characters gets one more, so the guard can be
undone exactly.

How a machine reader gets the raw value back: if a cell matches ``^'+[=+\\-@\\t\\r]``, remove its
first character (:func:`unguard`); every other cell is raw already. ``pressextract registry
import`` does this, so exported and dataset CSVs import back unchanged.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")
_FIRST = frozenset((*TRIGGERS, "'"))


def looks_like_formula(text: str) -> bool:
    """True if a spreadsheet would run this cell as a formula."""
    return text[:1] in TRIGGERS and not _NUMBER.fullmatch(text)


def guard(value: object) -> str:
    """The cell as written: an apostrophe in front of a would-be formula (module docstring)."""
    text = "" if value is None else str(value)
    if text[:1] not in _FIRST:  # neither a trigger nor an apostrophe: nothing to guard (the common case)
        return text
    if looks_like_formula(text) or _GUARDED.match(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The raw value of a cell written by :func:`guard`."""
    return text[1:] if _GUARDED.match(text) else text


def guard_row(row: dict[str, object]) -> dict[str, str]:
    """Every cell of a row guarded."""
    return {key: guard(value) for key, value in row.items()}
