"""Municipality context classes found on unseen real releases (issue 12, places3): historical
Kreise, "OT" Ortsteile, names broken at their hyphen, slash spellings of abbreviated joiners.
Sentences are made up; exact AGS against the official register."""

from __future__ import annotations

import pytest
import spacy
from conftest import SHARED

import extract.components.municipalities  # noqa: F401  (registers the factory)
from extract import gazetteer as gz
from extract.components import spans_of

SHARED_GV100 = SHARED / "data" / "gazetteer" / "GV100AD_30112025.txt"


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    if not SHARED_GV100.exists():
        pytest.skip("shared GV100AD register not available")
    home = tmp_path_factory.mktemp("official")
    gz.import_gv100ad(SHARED_GV100, home=home)
    nlp = spacy.blank("de")
    nlp.add_pipe("pressextract_sentences")
    nlp.add_pipe("pressextract_municipalities", config={"home": str(home)})
    return nlp


def found(nlp, text: str) -> list[tuple[str, str]]:
    return [(s.text, s._.pe.value) for s in spans_of(nlp(text), "municipality")]


def test_a_kreis_after_a_historical_adjective_is_no_mention(nlp):
    text = ("Die Stadt Marsberg kam 1975 aus dem ehemaligen Kreis Brilon zum Hochsauerlandkreis, "
            "die Nachbarorte aus dem damaligen Landkreis Arnsberg.")
    assert found(nlp, text) == [("Marsberg", "05958024"), ("Hochsauerlandkreis", "05958")]


def test_a_current_kreis_after_an_adjective_that_is_not_historical_stays(nlp):
    assert found(nlp, "Der neue Kreis Soest plant, der ehemalige Bürgermeister lobt Brilon.") == [
        ("Kreis Soest", "05974"), ("Brilon", "05958012")]


def test_a_name_after_ot_is_an_ortsteil(nlp):
    text = "Ein Transporter stand in Marienberg, OT Lauterbach, am Straßenrand."
    assert found(nlp, text) == [("Marienberg", "14521390")]


def test_a_hyphenated_name_broken_by_a_space_is_one_mention(nlp):
    text = "Am Montag kam es in Bitterfeld- Wolfen zu einem Auffahrunfall."
    assert found(nlp, text) == [("Bitterfeld- Wolfen", "15082015")]


def test_a_trailing_hyphen_before_other_words_still_gives_the_name(nlp):
    assert found(nlp, "Im Landkreis Lüneburg- Verteilung der Mittel beginnt.") == [("Landkreis Lüneburg-", "03355")]


def test_an_abbreviated_joiner_also_matches_with_a_slash(nlp):
    text = "Den Pokal gewann der TSV Neustadt/Aisch vor dem FC Schkeuditz."
    assert found(nlp, text) == [("Neustadt/Aisch", "09575153"), ("Schkeuditz", "14730270")]


def test_slash_forms_of_abbreviated_joiners_are_derived():
    assert "Aura/Saale" in gz.derived_forms("Aura a.d.Saale")
    assert "Neustadt/Aisch" in gz.derived_forms("Neustadt a.d.Aisch")
    assert "Haag/OB" not in gz.derived_forms("Haag i.OB")  # a Regierungsbezirk, spelled out instead
