"""The fast paths of the per-document stages give exactly what the plain spaCy / regex paths give.

Each optimisation keeps its reference next to it: the token table against Token attributes,
the scope ids against ``break_level`` per token, the organisation matcher against the regex's
own ``finditer``, the cached sentence texts against ``span.sent.text``.
"""

from __future__ import annotations

import re

import pytest
import spacy

from extract.annotate import span_to_mention
from extract.components import spans_of
from extract.components._matching import break_level, scope_bounds, scopes, token_table
from extract.components.programs import _patterns, org_matches
from extract.model import CleanDocument

TEXTS = [
    "Die Stadt Wernau erhält bis Ende 2024. Weitere  Mittel folgen\n\nim Frühjahr; "
    "Bürgermeisterin Dr. Hanna Kolb (SPD): „Das freut uns!“ Danach – wie immer – Kaffee…\n",
    "Förderverein der Grundschule Am Hang e.V. und die Bürgerstiftung Tannhausen (BST) helfen. "
    "Der Landesverband für Heimatpflege Schwaben sowie das Regierungspräsidium Tübingen geben "
    "je 5.000 Euro; die Kreissparkasse Biberach-Stiftung und Stiftungsrat Meier nicht.\n"
    "Kontakt:\nJugendamt Tannhausen\nStefan Rauch\nTel. 07351 1234",
    "",
    "\n\n\n",
]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("de")


@pytest.mark.parametrize("text", TEXTS)
def test_token_table_reads_what_the_tokens_say(blank, text: str) -> None:
    doc = blank(text)
    table = token_table(doc)
    assert table.text == doc.text
    assert table.texts == tuple(t.text for t in doc)
    assert table.lower == tuple(t.lower_ for t in doc)
    assert table.is_space == tuple(t.is_space for t in doc)
    assert table.is_punct == tuple(t.is_punct for t in doc)
    assert table.orth == tuple(t.orth for t in doc)
    assert table.idx == tuple(t.idx for t in doc)
    assert table.levels == tuple(break_level(t) for t in doc)
    assert token_table(doc) is table  # cached on the doc


def test_scopes_and_bounds_follow_the_break_levels(blank) -> None:
    doc = blank(TEXTS[0])
    sc = scopes(doc)
    for kind in ("clause", "sentence", "paragraph"):
        need = {"clause": 1, "sentence": 2, "paragraph": 3}[kind]
        for i in range(len(doc)):
            s = i
            while s > 0 and break_level(doc[s - 1]) < need:
                s -= 1
            e = i + 1
            while e < len(doc) and break_level(doc[e - 1]) < need:
                e += 1
            assert scope_bounds(doc, i, kind) == (s, e) == sc.bounds(kind, i)
    assert sc.paragraph[-1] == 1 and sc.sentence[-1] == 4  # "2024.", blank line, "!", "…"


@pytest.mark.parametrize("text", TEXTS + [
    "Stiftung", "xStiftung Stiftung", "Die Stiftung der Stadt und der Verein Freunde des Waldes e. V. (FdW)",
    "Rhein Neckar Verkehrsverbund Rhein-Neckar-Verkehrsverbund GmbH Verbands Verbandsgemeinde",
])
def test_organisation_matches_are_the_regex_matches(text: str) -> None:
    def spans(matches: list[re.Match[str]]) -> list[tuple[int, int, dict]]:
        return [(m.start(), m.end(), m.groupdict()) for m in matches]

    assert spans(org_matches(text)) == spans(list(_patterns()["org"].finditer(text)))


def test_organisations_found_in_a_release(nlp) -> None:
    doc = nlp(TEXTS[1])
    assert [(s.text, s._.pe.rule) for s in spans_of(doc, "organization")] == [
        ("Förderverein der Grundschule", "organization.head_word"),
        ("Landesverband für Heimatpflege Schwaben", "organization.head_word"),
        ("Kreissparkasse Biberach-Stiftung", "organization.head_word"),
    ]


def test_mentions_take_the_squeezed_sentence_of_their_span(nlp) -> None:
    text = TEXTS[0] + TEXTS[1]
    clean = CleanDocument(doc_id="d", text=text, origin=tuple(range(len(text))), n_chars_raw=len(text))
    doc = nlp(text)
    cache: dict[int, str] = {}
    spans = spans_of(doc)
    assert len(spans) > 5
    for span in spans:
        fast = span_to_mention(clean, span, cache)
        assert fast == span_to_mention(clean, span)
        assert fast.sentence == re.sub(r"\s+", " ", span.sent.text).strip()
        assert fast.text == span.text and fast.value == span._.pe.value
    assert "pressextract.token_table" not in doc.user_data  # dropped at the end of the pipeline


@pytest.mark.parametrize("text", TEXTS[:2])
def test_sentence_starts_are_the_sentencizers(blank, text: str) -> None:
    from spacy.pipeline import Sentencizer

    from extract.components.sentences import LineAwareSentencizer

    reference = Sentencizer()(blank(text))
    doc = blank(text)
    table = token_table(doc)
    starts = LineAwareSentencizer()._punct_starts(doc, table.texts, table.is_punct)
    assert starts == [1 if t.is_sent_start else -1 for t in reference]
    assert starts.count(1) >= 2


def test_span_text_is_the_spans_text(blank) -> None:
    from extract.components._matching import span_text

    doc = blank(TEXTS[1])
    table = token_table(doc)
    for start in range(0, len(doc), 3):
        for end in range(start, min(len(doc), start + 8) + 1):
            assert span_text(table, start, end) == doc[start:end].text


def test_two_word_land_names_are_still_looked_up(nlp) -> None:
    from extract.gazetteer import normalise_name

    finder = nlp.get_pipe("pressextract_municipalities")
    pairs = [k for k in finder.lex.land_names if " " in k]
    assert pairs  # "schleswig holstein", "nordrhein westfalen", ...
    for key in pairs:
        first = key.split(" ")[0]
        assert finder._may_start_land(first.title()) and normalise_name(first.title()) == first
    assert not finder._may_start_land("Kindergarten")
