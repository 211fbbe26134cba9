"""Overlap resolution: longest span wins, except municipalities inside organisation names and
NER organisation spans with a wrong border (extract/components/resolve.py)."""

from __future__ import annotations

import spacy

import extract.components.resolve  # noqa: F401  (registers the factory)
from extract.components import SPAN_GROUP, add_span
from extract.model import SpanInfo


def _resolve(words: list[str], spans: list[tuple[int, int, str, str]]) -> list[tuple[str, str]]:
    nlp = spacy.blank("de")
    resolver = nlp.add_pipe("pressextract_resolve")
    doc = spacy.tokens.Doc(nlp.vocab, words=words)
    for start, end, label, rule in spans:
        add_span(doc, start, end, label, SpanInfo(value=" ".join(words[start:end]), rule=rule))
    doc = resolver(doc)
    return [(s.text, s.label_, True) if s._.pe.attrs.get("in_name") else (s.text, s.label_)
            for s in doc.spans[SPAN_GROUP]]


def test_municipality_inside_an_organisation_name_stays():
    words = ["Die", "Sparkasse", "Leverkusen", "spendet", "2.000", "Euro", "."]
    got = _resolve(words, [(1, 3, "organization", "organization.head_word"), (2, 3, "municipality", "m"),
                           (4, 6, "amount", "a")])
    assert got == [("Sparkasse Leverkusen", "organization"), ("Leverkusen", "municipality", True),
                   ("2.000 Euro", "amount")]


def test_ner_organisation_across_two_list_items_is_dropped():
    words = ["Altmarkkreis", "Salzwedel", "Landkreis", "Esslingen", "Ostalbkreis"]
    got = _resolve(words, [(0, 2, "municipality", "m"), (2, 4, "municipality", "m"),
                           (0, 3, "organization", "ner.model"), (4, 5, "municipality", "m")])
    assert got == [("Altmarkkreis Salzwedel", "municipality"), ("Landkreis Esslingen", "municipality"),
                   ("Ostalbkreis", "municipality")]


def test_other_overlaps_keep_the_longest_span():
    words = ["Kreis", "Recklinghausen", "fördert", "das", "Programm", "Gute", "Schule", "2020"]
    got = _resolve(words, [(0, 2, "municipality", "m"), (1, 2, "municipality", "m"),
                           (4, 8, "program", "p"), (7, 8, "date", "d")])
    assert got == [("Kreis Recklinghausen", "municipality"), ("Programm Gute Schule 2020", "program")]
    # a head-word organisation (not the NER model) that crosses a municipality: longest span wins
    words = ["Stiftung", "Kloster", "Eberbach", "Eltville"]
    got = _resolve(words, [(0, 3, "organization", "organization.head_word"), (2, 4, "municipality", "m")])
    assert got == [("Stiftung Kloster Eberbach", "organization")]
