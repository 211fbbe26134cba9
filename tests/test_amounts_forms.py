"""Amount forms of funding releases: fractions of a million, "tsd" without a currency, "T€"/"TEUR"."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import extract.components.amounts  # noqa: F401
import extract.components.sentences  # noqa: F401  (registers the factory)
from extract.components import spans_of
from extract.normalise.amounts import parse_number_words


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("de")
    pipeline.add_pipe("pressextract_sentences")
    pipeline.add_pipe("pressextract_amounts")
    return pipeline


CASES = [
    ("Falkenberg bekommt gut eine viertel Million Euro aus dem Fördertopf.",
     [("eine viertel Million Euro", "250000", "EUR")]),
    ("Die Gemeinde Sulzdorf erhält eine halbe Million Euro für die Dorfmitte.",
     [("eine halbe Million Euro", "500000", "EUR")]),
    ("Für den Radweg gibt es eine dreiviertel Million Euro.", [("eine dreiviertel Million Euro", "750000", "EUR")]),
    ("Der Zuschuss beträgt 2,5 Mio. € für die Mensa.", [("2,5 Mio. €", "2500000", "EUR")]),
    ("Bewilligt wurden 640 TEUR für das Feuerwehrhaus.", [("640 TEUR", "640000", "EUR")]),
    ("Das Land gibt 95 T€ für den Spielplatz.", [("95 T€", "95000", "EUR")]),
    # "tsd" without a currency inherits the currency of an amount nearby
    ("Die Gemeinde erhält 40.000 Euro und weitere Zuschüsse (350 tsd) für die Halle.",
     [("40.000 Euro", "40000", "EUR"), ("350 tsd", "350000", "EUR")]),
    # ... and without one there is no amount
    ("Im Ort leben 12 tsd Menschen.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1][0][0] if c[1] else "none" for c in CASES])
def test_funding_amount_forms(nlp, text, expected):
    got = [(s.text, s._.pe.value, s._.pe.unit) for s in spans_of(nlp(text), "amount")]
    assert got == expected


def test_fraction_words_with_their_values():
    from decimal import Decimal
    table = {"eine": Decimal(1), "zwei": Decimal(2)}
    fractions = {"halbe": Decimal("0.5"), "viertel": Decimal("0.25")}
    assert parse_number_words(["eine", "viertel"], table, fractions) == Decimal("0.25")
    assert parse_number_words(["eine", "halbe"], table, ["halbe"]) == Decimal("0.5")  # a plain list: halves
    assert parse_number_words(["zwei", "viertel"], table, fractions) is None
