"""Programme names: the comparison key shared by the programme component and reconcile (no spaCy here,
so a run whose documents all come from the cache reconciles without loading it)."""

from __future__ import annotations

import re


def program_key(name: str) -> str:
    """Comparison key of a programme name: lowercase words without punctuation."""
    return " ".join(re.findall(r"[\wäöüß]+", name.casefold()))


def is_round(rule: str) -> bool:
    """A programme mention that only describes a funding round (``program.round/…``)."""
    return rule.startswith("program.round")
