"""Sentence boundaries (pressextract_sentences): quoted names, brackets, abbreviations, list rows, headlines."""

from __future__ import annotations

import pytest


def _sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(("text", "expected"), [
    # a quoted name ending in "!" or "?" inside a sentence does not end it
    ("Die Stadt Gerabronn erhält aus dem Programm „Mehr Grün!“ 30.000 Euro für den Park.",
     ["Die Stadt Gerabronn erhält aus dem Programm „Mehr Grün!“ 30.000 Euro für den Park."]),
    ("Beim Wettbewerb „Wer hat die beste Idee?“ gewann die Gemeinde Stimpfach. Die Jury lobte sie.",
     ["Beim Wettbewerb „Wer hat die beste Idee?“ gewann die Gemeinde Stimpfach.", "Die Jury lobte sie."]),
    ('Die Initiative "Kein Abschluss ohne Anschluss!" startet in Weikersheim.',
     ['Die Initiative "Kein Abschluss ohne Anschluss!" startet in Weikersheim.']),
    # quoted speech that opens a sentence still ends there
    ("„Wir sind dabei!“ Damit eröffnete der Bürgermeister die Sitzung.",
     ["„Wir sind dabei!“", "Damit eröffnete der Bürgermeister die Sitzung."]),
    # brackets and abbreviations
    ("Der Zuschuss (rund 40 Prozent der Kosten) kommt vom Land. Er wird 2026 ausgezahlt.",
     ["Der Zuschuss (rund 40 Prozent der Kosten) kommt vom Land.", "Er wird 2026 ausgezahlt."]),
    ("Gefördert werden z. B. Spielplätze, Bolzplätze u. a. Anlagen in Creglingen.",
     ["Gefördert werden z. B. Spielplätze, Bolzplätze u. a. Anlagen in Creglingen."]),
    # the full stop of a place-name abbreviation does not end the sentence, a sentence's own still does
    ("Die Stadt Hann. Münden erhält 80.000 Euro für den Radweg. Der Bau beginnt im Mai.",
     ["Die Stadt Hann. Münden erhält 80.000 Euro für den Radweg.", "Der Bau beginnt im Mai."]),
    ("Rothenburg o.d.T. und Neumarkt i.d.OPf. bekommen je 20.000 Euro. Bad Iburg (Teutob.) geht leer aus.",
     ["Rothenburg o.d.T. und Neumarkt i.d.OPf. bekommen je 20.000 Euro.", "Bad Iburg (Teutob.) geht leer aus."]),
    ("Die Feier beginnt um 18 Uhr. Danach spielt die Stadtkapelle.",
     ["Die Feier beginnt um 18 Uhr.", "Danach spielt die Stadtkapelle."]),
    # list rows and headline lines are sentences of their own
    ("Geld für drei Gemeinden\n• Creglingen: 310.000 Euro\n• Igersheim: 95.000 Euro",
     ["Geld für drei Gemeinden", "• Creglingen: 310.000 Euro", "• Igersheim: 95.000 Euro"]),
    ("Neues Feuerwehrhaus\nDie Gemeinde Satteldorf erhält 150.000 Euro.",
     ["Neues Feuerwehrhaus", "Die Gemeinde Satteldorf erhält 150.000 Euro."]),
])
def test_sentence_boundaries(nlp, text, expected):
    assert _sentences(nlp, text) == expected


def test_a_grant_to_a_place_with_an_abbreviated_name_is_one_sentence_and_one_fact(nlp, tmp_path):
    from fact_cases import facts_per_case

    cases = [("hann", "Die Stadt Hann. Münden erhält 80.000 Euro aus dem Programm „Stadtgrün“ für den Radweg.")]
    facts = facts_per_case(nlp, tmp_path, cases)["hann"]
    assert [(name, f.value, f.unit) for f, name in facts if f.predicate == "receives_funding"] == [
        ("Hann. Münden", "80000", "EUR")]
