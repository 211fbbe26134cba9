"""Programmes and organisations: cued quoted names, re-quotations, abbreviations, funders."""

from __future__ import annotations

import pytest
import spacy

import extract.components.programs  # noqa: F401
import extract.components.sentences  # noqa: F401
from extract.components import spans_of
from extract.reconcile import _program_groups


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("pressextract_sentences")
    nlp.add_pipe("pressextract_programs")
    nlp.add_pipe("pressextract_organizations")
    return nlp


def found(nlp, text: str, label: str) -> list[tuple[str, str, str]]:
    return [(s.text, s._.pe.value, s._.pe.rule) for s in spans_of(nlp(text), label)]


PROGRAMS = [
    ("Leverkusen nimmt an Landesinitiative „Kein Kind zurücklassen!“ teil.",
     [("Kein Kind zurücklassen!", "Kein Kind zurücklassen!", "program.cue_quoted")]),
    ("Die Initiative des Landes Nordrhein-Westfalen „Kein Kind zurücklassen!“ verfolgt ein Ziel.",
     [("Kein Kind zurücklassen!", "Kein Kind zurücklassen!", "program.cue_quoted")]),
    ("Mit dem Programm „Teilhabe ermöglichen – Kommunale Netzwerke gegen Kinderarmut“ unterstützt der LVR.",
     [("Teilhabe ermöglichen – Kommunale Netzwerke gegen Kinderarmut",
       "Teilhabe ermöglichen – Kommunale Netzwerke gegen Kinderarmut", "program.cue_quoted")]),
    ('Das Projekt "Kein Kind zurücklassen!" läuft. Mehr zu "KeKiz - Kein Kind zurücklassen" hier.',
     [("Kein Kind zurücklassen!", "Kein Kind zurücklassen!", "program.cue_quoted"),
      ("KeKiz", "Kein Kind zurücklassen!", "program.abbreviation")]),
    ("Das Projekt „Kein Kind zurücklassen“ startet. Die Stadt wirbt für „Kein Kind zurücklassen“.",
     [("Kein Kind zurücklassen", "Kein Kind zurücklassen", "program.cue_quoted"),
      ("Kein Kind zurücklassen", "Kein Kind zurücklassen", "program.quoted_again")]),
    ("Der LVR kooperiert mit Präventionsprogrammen wie beispielsweise „Kein Kind zurücklassen“.",
     [("Kein Kind zurücklassen", "Kein Kind zurücklassen", "program.cue_quoted")]),
    # a quotation that is no programme name
    ("Die Landesinitiative folgt dem Grundsatz „Ungleiches ungleich behandeln“.", []),
    ("„Ich freue mich“, sagte die Ministerin.", []),
    # a quoted name whose first word is a programme head, in the genitive (no cue noun before it)
    ('Im Rahmen des "Sonderprogramms Dorfläden" flossen 2022 drei Millionen Euro.',
     [("Sonderprogramms Dorfläden", "Sonderprogramm Dorfläden", "program.quoted_head")]),
    ("Aus dem „Landesprogramm Schwimmfähigkeit“ erhält die Stadt 40.000 Euro.",
     [("Landesprogramm Schwimmfähigkeit", "Landesprogramm Schwimmfähigkeit", "program.quoted_head")]),
    # a described programme with a capitalised adjective after its head
    ("Die Gemeinde ist im Förderprogramm Ländlicher Wegebau des Landes und erhält 30.000 Euro.",
     [("Förderprogramm Ländlicher Wegebau", "Förderprogramm Ländlicher Wegebau", "program.described")]),
]


@pytest.mark.parametrize(("text", "expected"), PROGRAMS)
def test_programs(nlp, text: str, expected: list) -> None:
    assert found(nlp, text, "program") == expected


ORGANIZATIONS = [
    ("Um dies zu verhindern, stellt der Landesverband Rheinland (LVR) der Stadt Mittel bereit. Der LVR fördert.",
     [("Landesverband Rheinland", "Landesverband Rheinland", "organization.head_word"),
      ("LVR", "Landesverband Rheinland", "organization.abbreviation")]),
    ("Auch die Bertelsmann Stiftung bleibt aktiv.", [("Bertelsmann Stiftung", "Bertelsmann Stiftung",
                                                     "organization.head_word")]),
    ("Die Kommunen werden durch das Institut für soziale Arbeit e. V. beraten.",
     [("Institut für soziale Arbeit e. V.", "Institut für soziale Arbeit e. V.", "organization.head_word")]),
    # generic references are not names
    ("Das Jugendamt und der Jugendamtsleiter sind zuständig.", []),
]


@pytest.mark.parametrize(("text", "expected"), ORGANIZATIONS)
def test_organizations(nlp, text: str, expected: list) -> None:
    assert found(nlp, text, "organization") == expected


def test_programme_variants_reconcile_to_one_name() -> None:
    from collections import Counter

    names = Counter({"Kein Kind zurücklassen!": 5, "Kein Kind zurücklassen": 2,
                     "Kein Kind zurücklassen! Für ganz Nordrhein-Westfalen": 2, "Frühe Hilfen": 1})
    assert _program_groups(names) == {
        "Kein Kind zurücklassen!": "Kein Kind zurücklassen!",
        "Kein Kind zurücklassen": "Kein Kind zurücklassen!",
        "Kein Kind zurücklassen! Für ganz Nordrhein-Westfalen": "Kein Kind zurücklassen!",
        "Frühe Hilfen": "Frühe Hilfen",
    }
