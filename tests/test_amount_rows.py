"""Bare numbers that inherit a currency: list rows, unit headers, partner amounts, fee lists.

Every sentence here is made up for the class it stands for (rules/amounts/rows.yaml).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from extract.components import spans_of

# ``nlp``: the full pipeline, one per test session (tests/conftest.py).


def found(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    doc = nlp(text)
    return [(s.text, s._.pe.value, s._.pe.unit, s._.pe.rule) for s in spans_of(doc, "amount")]


ROWS = "amount.row_inherit"
HEADER = "amount.header_inherit"

CASES = [
    # list rows: the currency is written on one row only
    ("Zuschüsse im Überblick:\n- Lindenau: 48 500 Euro\n- Oberweiler: 12 000\n- Kaltenbach: –\n"
     "- Mühlried: 7 250\nDas Geld kommt im Herbst.",
     [("48 500 Euro", "48500", "EUR", "amount.grouped_number_currency"),
      ("12 000", "12000", "EUR", ROWS), ("7 250", "7250", "EUR", ROWS)]),
    ("• Sportverein Ahlen: 1.200 Euro\n• Musikzug Brenken: 950\n• Chor Elsen: 600",
     [("1.200 Euro", "1200", "EUR", "amount.number_currency"), ("950", "950", "EUR", ROWS),
      ("600", "600", "EUR", ROWS)]),
    # an enumeration in one sentence: the currency stated at its end
    ("Bewilligt wurden: Tannhausen 210 000, Wörth 95 500 und Ellingen 64 000 Euro.",
     [("210 000", "210000", "EUR", ROWS), ("95 500", "95500", "EUR", ROWS),
      ("64 000 Euro", "64000", "EUR", "amount.grouped_number_currency")]),
    ("Es erhalten die Gemeinde Ried 3.400 Euro, Hausen 2.150 und die Stadt Aich 8.900.",
     [("3.400 Euro", "3400", "EUR", "amount.number_currency"), ("2.150", "2150", "EUR", ROWS),
      ("8.900.", "8900", "EUR", ROWS)]),
    ("Hochdorf 180 000, Zell 75 500 Euro und Aub 1998 gegründet.",
     [("180 000", "180000", "EUR", ROWS), ("75 500 Euro", "75500", "EUR", "amount.grouped_number_currency")]),
    ("Hilfen: Bergen 2310 Euro, Wiesen 11 640 Euro, Auen 6 080.",
     [("2310 Euro", "2310", "EUR", "amount.number_currency"),
      ("11 640 Euro", "11640", "EUR", "amount.grouped_number_currency"), ("6 080.", "6080", "EUR", ROWS)]),
    # unit headers stated once for a list or table
    ("Zuweisungen 2025 (in Euro): Neudorf 15.300, Altdorf 9.870, Birkach 4.020.",
     [("15.300", "15300", "EUR", HEADER), ("9.870", "9870", "EUR", HEADER), ("4.020.", "4020", "EUR", HEADER)]),
    ("Angaben in Tausend Euro\nKreisumlage: 61.250\nSchlüsselzuweisungen: 18.400",
     [("61.250", "61250000", "EUR", HEADER), ("18.400", "18400000", "EUR", HEADER)]),
    ("Budget der Ämter in TEUR\nBauamt: 1.450\nOrdnungsamt: 730",
     [("1.450", "1450000", "EUR", HEADER), ("730", "730000", "EUR", HEADER)]),
    ("Gemeinde | Einwohner | Betrag in Euro\nSeeberg | 2.310 | 41.000\nTalheim | 980 | 17.500",
     [("41.000", "41000", "EUR", HEADER), ("17.500", "17500", "EUR", HEADER)]),
    ("Gemeinde\tEinwohner\tZuschuss in Euro\nSeeberg\t2.310\t41.000\nTalheim\t980\t17.500",
     [("41.000", "41000", "EUR", HEADER), ("17.500", "17500", "EUR", HEADER)]),
    # HTML tables arrive one cell per line: the header's column among the header cells
    ("Die Mittel im Einzelnen:\nGemeinde\nEinwohner\nBetrag in Euro\nSeeberg\n2.310\n41.000\nTalheim\n980\n17.500",
     [("41.000", "41000", "EUR", HEADER), ("17.500", "17500", "EUR", HEADER)]),
    ("Kommune\nZuschuss in Euro\nVorhaben\nSeeberg\n41.000\nDorfplatz\nTalheim\n17.500\nKita",
     [("41.000", "41000", "EUR", HEADER), ("17.500", "17500", "EUR", HEADER)]),
    ("Förderungen:\nSportverein Ahlen\n12.000 €\nMusikzug Brenken\n8.500\nChor Elsen\n3.200",
     [("12.000 €", "12000", "EUR", "amount.number_currency"), ("8.500", "8500", "EUR", ROWS),
      ("3.200", "3200", "EUR", ROWS)]),
    ("Seeberg\t2.310\t41.000 €\nTalheim\t980\t17.500",
     [("41.000 €", "41000", "EUR", "amount.number_currency"), ("17.500", "17500", "EUR", ROWS)]),
    # partner amounts: the currency of the second number
    ("Der Beitrag steigt von 18 auf 21 Euro.",
     [("18", "18", "EUR", "amount.partner_from_to"), ("21 Euro", "21", "EUR", "amount.number_currency")]),
    ("Die Gebühr sinkt von 1,12 auf 0,97 Euro pro Quadratmeter.",
     [("1,12", "1.12", "EUR", "amount.partner_from_to"), ("0,97 Euro", "0.97", "EUR", "amount.number_currency")]),
    ("Die Gebühr steigt um 0,15 auf 2,30 Euro.",
     [("0,15", "0.15", "EUR", "amount.partner_from_to"), ("2,30 Euro", "2.3", "EUR", "amount.number_currency")]),
    ("Das Parken kostet künftig 80 statt bisher 60 Cent.",
     [("80", "0.8", "EUR", "amount.partner_instead"), ("60 Cent", "0.6", "EUR", "amount.number_currency")]),
    ("Die Mittel wachsen von 1,5 auf 2 Millionen Euro.",
     [("1,5", "1500000", "EUR", "amount.partner_from_to"),
      ("2 Millionen Euro", "2000000", "EUR", "amount.number_scale_currency")]),
    # ranges of space-grouped numbers, "TEUR" before the number
    ("Je Projekt gibt es 4 000 bis 12 000 Euro, zwischen 1 500 und 3 500 Euro für Vereine.",
     [("4 000 bis 12 000 Euro", "4000", "EUR", "amount.range_grouped_currency"),
      ("1 500 und 3 500 Euro", "1500", "EUR", "amount.between_grouped_currency")]),
    # digit groups joined by thin or no-break spaces
    ("Der Kreis zahlt 2\u202f480\u202f000 Euro und 7\u00a0300 Euro.",
     [("2\u202f480\u202f000 Euro", "2480000", "EUR", "amount.thin_grouped_number_currency"),
      ("7\u00a0300 Euro", "7300", "EUR", "amount.thin_grouped_number_currency")]),
    ("Liste:\n- Esch: 4\u202f120 Euro\n- Lahr: 2\u202f860",
     [("4\u202f120 Euro", "4120", "EUR", "amount.thin_grouped_number_currency"), ("2\u202f860", "2860", "EUR", ROWS)]),
    ("Der Ansatz liegt bei TEUR 2.750.",
     [("TEUR 2.750.", "2750000", "EUR", "amount.symbol_number_sentence_end")]),
    ("Der Zuschuss beträgt 9.000 Euro (bisher 8.200) je Fahrzeug.",
     [("9.000 Euro", "9000", "EUR", "amount.number_currency"), ("8.200", "8200", "EUR", "amount.partner_previous")]),
    # fee lists with cents, the currency in the sentence before
    ("Die Jahreskarte kostet 245,50 €. Für Familien betragen die Gebühren 310,80 (zwei Erwachsene) "
     "und 355,20 (mit Kindern).",
     [("245,50 €", "245.5", "EUR", "amount.number_currency"), ("310,80", "310.8", "EUR", "amount.cents_context"),
      ("355,20", "355.2", "EUR", "amount.cents_context")]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_inherited_rows(nlp: Language, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert found(nlp, text) == expected


NOT_MONEY = [
    # years, dates, counts, percentages, postcodes, phone numbers, codes in rows beside money
    ("- Lindenau: 48 500 Euro\n- Oberweiler: 2019\n- Kaltenbach: 30 Prozent", [("48 500 Euro", "48500")]),
    ("Ried erhält 3.400 Euro, Hausen hat 2.150 Einwohner.", [("3.400 Euro", "3400")]),
    ("Der Zuschuss von 5.000 Euro ging an den Verein, Hauptstraße 4, 97616 Bad Neustadt.", [("5.000 Euro", "5000")]),
    ("Eintritt 5 Euro, Anmeldung unter Tel. 0931 45678.", [("5 Euro", "5")]),
    ("Die Feuerwehr erhält 12.000 Euro für das HLF 20/16.", [("12.000 Euro", "12000")]),
    ("Der Kreis zahlt 8.000 Euro. Am 12. März 2024 tagt der Ausschuss.", [("8.000 Euro", "8000")]),
    ("Die Stadt zahlt 40.000 Euro. Der Anteil stieg von 20 auf 25 Prozent.", [("40.000 Euro", "40000")]),
    ("Die Preise in Euro sind gestiegen, 300 Besucher kamen.", []),
    ("Die Miete steigt um 12 Prozent auf 640 Euro.", [("640 Euro", "640")]),
    ("Die Stadt erhält 20.000 Euro für 150 Plätze und 12 Gruppen.", [("20.000 Euro", "20000")]),
    ("Von den 44 Kommunen erhält Adorf 1,7 Millionen Euro.", [("1,7 Millionen Euro", "1700000")]),
]


@pytest.mark.parametrize("text,expected", NOT_MONEY)
def test_not_money(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t, v) for t, v, _, _ in found(nlp, text)] == expected


def test_inherited_rows_are_marked(nlp: Language) -> None:
    doc = nlp("Bewilligt: Tannhausen 210 000, Wörth 64 000 Euro.")
    first = spans_of(doc, "amount")[0]
    assert first.text == "210 000"
    assert first._.pe.attrs["currency_inherited"] is True
    assert first._.pe.confidence == 0.8


def test_header_amount_word_is_not_an_amount(nlp: Language) -> None:
    """"in Tausend Euro" is a header, not the amount 1000 Euro."""
    assert found(nlp, "Angaben in Tausend Euro\n") == []


def test_inheritance_keeps_the_other_currency(nlp: Language) -> None:
    assert found(nlp, "Die Beiträge: Basel 120 Franken, Bern 95 und Chur 80.") == [
        ("120 Franken", "120", "CHF", "amount.number_currency"), ("95", "95", "CHF", ROWS), ("80.", "80", "CHF", ROWS)]


def test_row_rule_ids_are_amount_rules() -> None:
    from extract.rules import read_yaml

    cfg = read_yaml("amounts/rows.yaml")
    ids = [p["id"] for p in cfg["partners"]] + [cfg[k]["id"] for k in ("previous", "row", "header", "cents")]
    assert len(ids) == len(set(ids)) == 6
    assert all(i.startswith("amount.") for i in ids)


def test_grouped_range_upper_bound(nlp: Language) -> None:
    span = spans_of(nlp("Je Projekt gibt es 4 000 bis 12 000 Euro."), "amount")[0]
    assert (span._.pe.value, span._.pe.attrs["range_to"]) == ("4000", "12000")


def test_long_enumeration_with_the_currency_at_its_end(nlp: Language) -> None:
    names = ["Adorf", "Bedorf", "Cedorf", "Dedorf", "Edorf", "Efdorf", "Gedorf", "Hadorf"]
    text = "Es erhalten " + ", ".join(f"{n} {i + 1}00 000" for i, n in enumerate(names)) + " und Idorf 950 000 Euro."
    values = [v for _, v, _, _ in found(nlp, text)]
    assert values == [f"{i + 1}00000" for i in range(8)] + ["950000"]


def test_a_long_row_list_inherits_the_currency_in_every_row(nlp: Language) -> None:
    """3,000 inherited rows in one block (the speed of this case is a benchmark, not a test)."""
    rows = "".join(f"- {chr(65 + i % 26)}dorf: {i % 900 + 100} {i % 1000:03d}\n" for i in range(3000))
    values = [v for _, v, _, _ in found(nlp, "Zuschüsse:\n- Adorf: 12 000 Euro\n" + rows)]
    assert len(values) == 3001 and values[1] == "100000" and values[-1] == "399999"


def test_bare_scale_after_digits_and_comma_is_dropped(nlp: Language) -> None:
    """"7, 45 Millionen" (a decimal split by a space, or bare numbers listed): no guessed value."""
    assert found(nlp, "Der Kreis erhält 2,1 Millionen Euro, die Gemeinden 7, 45 Millionen.") == [
        ("2,1 Millionen Euro", "2100000", "EUR", "amount.number_scale_currency")]
