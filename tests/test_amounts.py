"""Money amounts: value-exact German amounts, currencies, ranges, qualifiers, periods, negatives."""

from __future__ import annotations

from decimal import Decimal

import pytest
import spacy
from spacy.language import Language

import extract.components.amounts  # noqa: F401
import extract.components.sentences  # noqa: F401  (registers the factory)
from extract.components import spans_of
from extract.normalise.amounts import format_decimal, parse_number, parse_number_words


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("de")
    pipeline.add_pipe("pressextract_sentences")
    pipeline.add_pipe("pressextract_amounts")
    return pipeline


def amounts(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    doc = nlp(text)
    return [(s.text, s._.pe.value, s._.pe.unit, s._.pe.period) for s in spans_of(doc, "amount")]


# (sentence, [(surface, value, currency, period), ...])
CASES = [
    # number formats
    ("Die Stadt erhält 30.000 Euro.", [("30.000 Euro", "30000", "EUR", "")]),
    ("Die Kosten liegen bei 1.234,56 Euro.", [("1.234,56 Euro", "1234.56", "EUR", "")]),
    ("Der Kreis zahlt 812 000 Euro.", [("812 000 Euro", "812000", "EUR", "")]),
    ("Dafür stehen 5000 Euro bereit.", [("5000 Euro", "5000", "EUR", "")]),
    ("Die Sanierung kostet 8.478,75 €.", [("8.478,75 €", "8478.75", "EUR", "")]),
    ("Für die Halle gab es 0 €.", [("0 €", "0", "EUR", "")]),
    ("Das Ticket kostet 5.000,- Euro.", [("5.000,- Euro", "5000", "EUR", "")]),
    ("Insgesamt 1.500.000 EUR wurden bewilligt.", [("1.500.000 EUR", "1500000", "EUR", "total")]),
    ("Der Betrag von € 250 wird erstattet.", [("€ 250", "250", "EUR", "")]),
    ("Es kostet 12,50 Euro pro Person.", [("12,50 Euro", "12.5", "EUR", "")]),
    ("Der Eintritt kostet 3€ für Kinder.", [("3€", "3", "EUR", "")]),
    # scale words
    ("Das Land gibt 2,3 Millionen Euro.", [("2,3 Millionen Euro", "2300000", "EUR", "")]),
    ("Der Bund gibt 2,3 Mio. Euro dazu.", [("2,3 Mio. Euro", "2300000", "EUR", "")]),
    ("Das Volumen beträgt 1,48 Milliarden Euro.", [("1,48 Milliarden Euro", "1480000000", "EUR", "")]),
    ("Der Bund stellt 4 Mrd. Euro bereit.", [("4 Mrd. Euro", "4000000000", "EUR", "")]),
    ("Es fehlen 50 Tsd. Euro.", [("50 Tsd. Euro", "50000", "EUR", "")]),
    ("Es fehlen 50 Tausend Euro.", [("50 Tausend Euro", "50000", "EUR", "")]),
    ("Die Stadt erhält eine Million Euro.", [("eine Million Euro", "1000000", "EUR", "")]),
    ("Das kostet 1 Milliarde Euro.", [("1 Milliarde Euro", "1000000000", "EUR", "")]),
    ("Der Umbau kostet EUR 1,2 Mio. insgesamt.", [("EUR 1,2 Mio.", "1200000", "EUR", "total")]),
    ("Das Budget liegt bei 350 TEUR.", [("350 TEUR", "350000", "EUR", "")]),
    # number words
    ("Es werden zwei Millionen Euro investiert.", [("zwei Millionen Euro", "2000000", "EUR", "")]),
    ("Es gibt eine Milliarde Euro für Schulen.", [("eine Milliarde Euro", "1000000000", "EUR", "")]),
    ("Es werden fünf Millionen Euro bereitgestellt.", [("fünf Millionen Euro", "5000000", "EUR", "")]),
    ("Eine halbe Million Euro fließt in den Park.", [("Eine halbe Million Euro", "500000", "EUR", "")]),
    ("Das Land gibt zweieinhalb Millionen Euro.", [("zweieinhalb Millionen Euro", "2500000", "EUR", "")]),
    ("Geplant sind fünfundzwanzig Millionen Euro.",
     [("fünfundzwanzig Millionen Euro", "25000000", "EUR", "")]),
    ("Jedes Kind bekommt zehn Euro.", [("zehn Euro", "10", "EUR", "")]),
    # currencies
    ("Wenn nur 10% der Leser 20 Cent pro Tag zahlen.", [("20 Cent", "0.2", "EUR", "")]),
    ("Die Firma investiert 3 Millionen Dollar.", [("3 Millionen Dollar", "3000000", "USD", "")]),
    ("Der Umsatz lag bei 5 Mio. US-Dollar.", [("5 Mio. US-Dollar", "5000000", "USD", "")]),
    ("Die Spende betrug $ 500 für die Tafel.", [("$ 500", "500", "USD", "once")]),
    # the tokenizer keeps a sentence-final dot on the number: the surface keeps it, the value not
    ("Der Eintritt kostet € 5.", [("€ 5.", "5", "EUR", "")]),
    ("Die Gemeinde zahlt 2.000 CHF.", [("2.000 CHF", "2000", "CHF", "")]),
    ("Die Gemeinde zahlt 2.000 Franken.", [("2.000 Franken", "2000", "CHF", "")]),
    ("Die Gemeinde zahlt CHF 1.500 an den Verein.", [("CHF 1.500", "1500", "CHF", "")]),
    ("Der Kanton gibt 3 Millionen Schweizer Franken.",
     [("3 Millionen Schweizer Franken", "3000000", "CHF", "")]),
    # ranges (value = lower bound, attrs range_to = upper bound)
    ("Der Ausbau kostet drei bis vier Milliarden Euro.",
     [("drei bis vier Milliarden Euro", "3000000000", "EUR", "")]),
    ("Der Ausbau kostet 20.000 bis 30.000 Euro.", [("20.000 bis 30.000 Euro", "20000", "EUR", "")]),
    ("Die Kosten liegen zwischen 2 und 3 Mio. Euro.", [("2 und 3 Mio. Euro", "2000000", "EUR", "")]),
    ("Geschätzt werden 500.000 bis 1 Mio. Euro.", [("500.000 bis 1 Mio. Euro", "500000", "EUR", "")]),
    # bare scale amounts inherit the currency from context
    ("Das Gesamtvolumen 2018 liegt bei 1,48 Milliarden Euro, 2019 bei 1,49 Milliarden.",
     [("1,48 Milliarden Euro", "1480000000", "EUR", "year"),
      ("1,49 Milliarden", "1490000000", "EUR", "year")]),
    ("Das Land gibt 3 Mio. Euro. Der Bund legt weitere 2 Millionen drauf.",
     [("3 Mio. Euro", "3000000", "EUR", ""), ("2 Millionen", "2000000", "EUR", "")]),
    ("In Deutschland leben 83 Millionen Menschen.", []),
    ("Der Bund gibt 3 Mio. Euro. Rund 2 Millionen Menschen profitieren.",
     [("3 Mio. Euro", "3000000", "EUR", "")]),
    ("Die Stadt hat 1,2 Millionen Einwohner und 2 Millionen Besucher.", []),
    # qualifiers stay outside the span and do not change the value
    ("Es fließen rund 280 Millionen Euro in die Schulen.", [("280 Millionen Euro", "280000000", "EUR", "")]),
    ("Gefördert werden Projekte mit bis zu 5.000 Euro.", [("5.000 Euro", "5000", "EUR", "")]),
    ("Die Kosten betragen mehr als 2 Mio. Euro.", [("2 Mio. Euro", "2000000", "EUR", "")]),
    ("Die Vereine erhalten je 500 Euro.", [("500 Euro", "500", "EUR", "")]),
    ("Das kostet knapp 10.000 Euro.", [("10.000 Euro", "10000", "EUR", "")]),
    ("Das kostet etwa 73 Millionen Euro.", [("73 Millionen Euro", "73000000", "EUR", "")]),
    # periods
    ("Jede Kommune erhält eine jährliche Förderung in Höhe von 30.000 Euro.",
     [("30.000 Euro", "30000", "EUR", "year")]),
    ("Investiert werden insgesamt 2,3 Millionen Euro pro Jahr.",
     [("2,3 Millionen Euro", "2300000", "EUR", "year")]),
    ("Der Verein bekommt 1.200 Euro jährlich.", [("1.200 Euro", "1200", "EUR", "year")]),
    ("Die Miete beträgt 800 Euro monatlich.", [("800 Euro", "800", "EUR", "month")]),
    ("Die Familien erhalten 250 Euro pro Monat.", [("250 Euro", "250", "EUR", "month")]),
    ("Das Budget liegt bei 40.000 Euro/Jahr.", [("40.000 Euro", "40000", "EUR", "year")]),
    ("Das Jahresbudget beträgt 90.000 Euro.", [("90.000 Euro", "90000", "EUR", "year")]),
    ("Insgesamt werden 500 Millionen Euro investiert.",
     [("500 Millionen Euro", "500000000", "EUR", "total")]),
    ("Das Gesamtvolumen beträgt 12 Mio. Euro.", [("12 Mio. Euro", "12000000", "EUR", "total")]),
    ("Der LVR stellt über einen Zeitraum von drei Jahren Mittel in Höhe von 48.000 Euro bereit.",
     [("48.000 Euro", "48000", "EUR", "total")]),
    ("Es werden fünf Millionen Euro in zehn Jahren investiert.",
     [("fünf Millionen Euro", "5000000", "EUR", "total")]),
    ("Einmalig gibt es 1.000 Euro Startgeld.", [("1.000 Euro", "1000", "EUR", "once")]),
    ("Die Stadt verleiht einen mit 5000 Euro dotierten Preis.", [("5000 Euro", "5000", "EUR", "once")]),
    ("Das Preisgeld beträgt 2.500 Euro.", [("2.500 Euro", "2500", "EUR", "once")]),
    ("Im Jahr 2018 sollen etwa 73 Millionen Euro fließen.",
     [("73 Millionen Euro", "73000000", "EUR", "year")]),
    ("Der Ansatz 2015 sinkt um 2.300.000 Euro.", [("2.300.000 Euro", "2300000", "EUR", "year")]),
    ("Bis 2019 sollen Schulden in Höhe von 3,4 Millionen Euro abgebaut werden.",
     [("3,4 Millionen Euro", "3400000", "EUR", "total")]),
    ("Die Entlastung in Höhe von 800.000 Euro ist fest eingeplant.", [("800.000 Euro", "800000", "EUR", "")]),
    ("Bis 2021 sollen es insgesamt 500 Millionen Euro sein – ein einmaliges Programm.",
     [("500 Millionen Euro", "500000000", "EUR", "total")]),
    ("Zuschuss\n\n1\n\nNeuausstattung der Bibliothek\n\n13.350 €\n\n2\n\nSanierung der Mauer\n\n0 €",
     [("13.350 €", "13350", "EUR", "once"), ("0 €", "0", "EUR", "once")]),
    # hard negatives: not money
    ("Telefon: (0214) 406-8860 - Telefax: (0214) 406-8862", []),
    ("Stadt Leverkusen, Friedrich-Ebert-Platz 1, 51373 Leverkusen", []),
    ("Az. 2014/284 Haushaltssatzung und Haushaltsplan 2015", []),
    ("Dadurch werden 60 Prozent der Kinder erreicht.", []),
    ("Dadurch werden 60 % der Kinder erreicht.", []),
    ("Das Modellvorhaben startete 2012 mit 18 Kommunen.", []),
    ("Das Netzwerk umfasst jetzt 40 Kommunen.", []),
    ("Die Fußball-Euro 2024 findet in Deutschland statt.", []),
    ("Die Sitzung dauert von 10:00 - 11:40 Uhr.", []),
    ("Mehr als 450 Anträge wurden bearbeitet.", []),
    ("Der Zuschuss wird 2023 ausgezahlt.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_amount_table(nlp: Language, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert amounts(nlp, text) == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 60


def test_range_upper_bound_in_attrs(nlp: Language) -> None:
    doc = nlp("Der Ausbau kostet drei bis vier Milliarden Euro.")
    (span,) = spans_of(doc, "amount")
    assert span._.pe.value == "3000000000"
    assert span._.pe.attrs["range_to"] == "4000000000"


def test_qualifier_in_attrs(nlp: Language) -> None:
    doc = nlp("Gefördert werden Projekte mit bis zu 5.000 Euro und rund 2 Mio. Euro.")
    quals = [(s.text, s._.pe.attrs.get("qualifier"), s._.pe.attrs.get("qualifier_kind"))
             for s in spans_of(doc, "amount")]
    assert quals == [("5.000 Euro", "bis zu", "max"), ("2 Mio. Euro", "rund", "approx")]


def test_duration_in_attrs(nlp: Language) -> None:
    doc = nlp("Der LVR stellt über einen Zeitraum von drei Jahren Mittel in Höhe von 48.000 Euro bereit.")
    (span,) = spans_of(doc, "amount")
    assert (span._.pe.period, span._.pe.attrs["duration"]) == ("total", "P3Y")


def test_inherited_currency_is_marked(nlp: Language) -> None:
    doc = nlp("Das Gesamtvolumen 2018 liegt bei 1,48 Milliarden Euro, 2019 bei 1,49 Milliarden.")
    second = spans_of(doc, "amount")[1]
    assert second._.pe.attrs["currency_inherited"] is True
    assert second._.pe.rule == "amount.bare_number_scale"


def test_rule_ids_and_labels(nlp: Language) -> None:
    doc = nlp("Die Stadt erhält 2,3 Millionen Euro.")
    (span,) = spans_of(doc, "amount")
    assert span.label_ == "amount"
    assert span._.pe.rule == "amount.number_scale_currency"


def test_does_not_touch_other_spans(nlp: Language) -> None:
    from extract.components import add_span
    from extract.model import SpanInfo

    doc = nlp.make_doc("Leverkusen erhält 30.000 Euro.")
    add_span(doc, 0, 1, "municipality", SpanInfo(value="05316000", rule="test"))
    doc = nlp(doc)
    assert [s.label_ for s in spans_of(doc)] == ["municipality", "amount"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234,56", "1234.56"), ("812 000", "812000"), ("5000", "5000"), ("2,3", "2.3"), ("5.000,-", "5000"),
     ("0", "0"), ("132.200.000", "132200000"), ("0,20", "0.2")],
)
def test_parse_number(text: str, value: str) -> None:
    number = parse_number(text)
    assert number is not None
    assert format_decimal(number) == value


def test_parse_number_rejects_english_decimal() -> None:
    assert parse_number("2.5") is None


def test_duration_kept_with_rate(nlp: Language) -> None:
    doc = nlp("Der Bund gibt 10 Millionen Euro pro Jahr für fünf Jahre.")
    (span,) = spans_of(doc, "amount")
    assert (span._.pe.period, span._.pe.attrs["duration"]) == ("year", "P5Y")


def test_works_without_sentence_component() -> None:
    bare = spacy.blank("de")
    bare.add_pipe("pressextract_amounts")
    doc = bare("Das Land gibt jährlich 30.000 Euro.")
    assert [(s.text, s._.pe.value, s._.pe.period) for s in spans_of(doc, "amount")] == [
        ("30.000 Euro", "30000", "year")]


# Amount forms of funding releases: fractions of a million, "tsd" without a currency, "T€"/"TEUR" (issue 11).
FUNDING_FORMS = [
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


@pytest.mark.parametrize(("text", "expected"), FUNDING_FORMS,
                         ids=[c[1][0][0] if c[1] else "none" for c in FUNDING_FORMS])
def test_funding_amount_forms(nlp, text, expected):
    got = [(s.text, s._.pe.value, s._.pe.unit) for s in spans_of(nlp(text), "amount")]
    assert got == expected


def test_fraction_words_with_their_values():
    table = {"eine": Decimal(1), "zwei": Decimal(2)}
    fractions = {"halbe": Decimal("0.5"), "viertel": Decimal("0.25")}
    assert parse_number_words(["eine", "viertel"], table, fractions) == Decimal("0.25")
    assert parse_number_words(["eine", "halbe"], table, ["halbe"]) == Decimal("0.5")  # a plain list: halves
    assert parse_number_words(["zwei", "viertel"], table, fractions) is None
