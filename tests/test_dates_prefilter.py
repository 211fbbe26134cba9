"""The date pattern prefilter (``extract/components/date_prefilter.py``) gives exactly the matches of
one Matcher with every pattern row, window by window. Sentences written for this file."""

from __future__ import annotations

import pytest

from extract.components._matching import PatternSet
from extract.components.date_prefilter import PatternIndex
from extract.components.dates import WINDOW_LEFT, WINDOW_RIGHT, DateExtractor
from extract.nlp import date_extractor

TEXTS = [
    "Am 14. März 2025 beschloss der Rat, die Halle vom Montag, 2. bis Freitag, 6. Juni zu schließen.",
    "Seit 2019 läuft das Programm; im Juli/August ruht es, Anträge bis 30.09. an Zimmer 2014.",
    "1850 gründeten Bürger den Verein, 1500 Besucher kamen zum Jubiläum in den 1950er Jahren.",
    "Die Sprechstunde ist von Montag bis Freitag, am Ostermontag und in der KW 14 ist geschlossen.",
    "Heute Abend, am 3.5.2024 um 19.30 Uhr, und im kommenden Jahr im zweiten Quartal 2026 gibt es mehr.",
    "Die Frist endet am 31. Dezember; 2.000 Euro gibt es für 2014/2284 und Tel. 0211 2019.",
]


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


def _hits(matches: list) -> list[tuple[int, int, str]]:
    return sorted((m.start, m.end, m.rule) for m in matches)


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_all_rows(dates: DateExtractor, text: str) -> None:
    index: PatternIndex = dates.patterns
    every = PatternSet(dates.tokenizer.vocab, index.rows)
    doc = dates.sentencizer(dates.tokenizer(text))
    windows = dates.anchors.windows(doc, WINDOW_LEFT, WINDOW_RIGHT)
    assert windows
    for start, end in windows:
        assert _hits(index.find(doc, start, end)) == _hits(every.find(doc, [(start, end)]))


def test_a_window_with_only_a_year_runs_no_month_rows(dates: DateExtractor) -> None:
    index: PatternIndex = dates.patterns
    doc = dates.tokenizer("Seit 2019 gilt das.")
    index.find(doc, 0, len(doc))
    present = 0
    for orth in (t.orth for t in doc):
        present |= index._token_mask(orth)
    rules = {str(row["id"]) for row, need in zip(index.rows, index.required, strict=True) if need & ~present == 0}
    assert "date.year_cued" in rules and "date.year" in rules
    assert "date.day_month_year" not in rules and "date.month_year" not in rules
    assert len(rules) < len(index.rows) // 3
