"""Gemeinden whose name is a common noun ("Mengen", "Essen") on list lines of their own with an
amount ("• Mengen: 80.000 Euro", "Essen | 1,2 Mio. €"), next to other places with amounts on other
lines (issue 12, meta5); the same names in running prose stay common nouns. Made-up lists."""

from __future__ import annotations

import pytest
import spacy
from conftest import SHARED

import extract.components.municipalities  # noqa: F401  (registers the factory)
import extract.components.sentences  # noqa: F401
from extract import gazetteer as gz
from extract.components import spans_of

SHARED_GV100 = SHARED / "data" / "gazetteer" / "GV100AD_30112025.txt"


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    home = tmp_path_factory.mktemp("official")
    gz.import_gv100ad(SHARED_GV100, home=home)
    pipeline = spacy.blank("de")
    pipeline.add_pipe("pressextract_sentences")
    pipeline.add_pipe("pressextract_municipalities", config={"home": str(home)})
    return pipeline


def found(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(s.text, s._.pe.value, s._.pe.rule) for s in spans_of(nlp(text), "municipality")]


def test_bullet_lines_with_colon_and_amount(nlp):
    text = "Die Förderung verteilt sich so:\n\n• Mengen: 80.000 Euro\n• Haigerloch: 60.000 Euro"
    assert [(t, v) for t, v, _ in found(nlp, text)] == [("Mengen", "08437076"), ("Haigerloch", "08417025")]
    assert found(nlp, text)[0][2] == "municipality.amount_list"


def test_table_lines_with_a_bar_and_amount(nlp):
    text = "Essen | 1,2 Mio. €\nBochum | 900.000 €"
    assert [(t, v) for t, v, _ in found(nlp, text)] == [("Essen", "05113000"), ("Bochum", "05911000")]


def test_a_single_list_line_is_not_enough(nlp):
    assert found(nlp, "Mengen: 80.000 Euro") == []


def test_prose_with_the_noun_and_an_amount_elsewhere_stays_prose(nlp):
    text = "Mengen an Fördermitteln flossen nach Haigerloch: 60.000 Euro."
    assert [(t, v) for t, v, _ in found(nlp, text)] == [("Haigerloch", "08417025")]
