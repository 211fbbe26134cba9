"""Dates: German day/month/year expressions, ranges, quarters, seasons, relative dates, negatives."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extract.components.dates  # noqa: F401
import extract.components.sentences  # noqa: F401  (registers the factory)
from extract.components import spans_of
from extract.normalise.dates import PartialDate, nearest_year, resolve, resolve_range, two_digit_year


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("de")
    pipeline.add_pipe("pressextract_sentences")
    pipeline.add_pipe("pressextract_dates")
    return pipeline


def run(nlp: Language, text: str, published: str = "") -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def dates(nlp: Language, text: str, published: str = "") -> list[tuple[str, str, str]]:
    return [(s.text, s._.pe.value, s._.pe.unit) for s in spans_of(run(nlp, text, published), "date")]


PUB = "2017-01-12"

# (sentence, publication date, [(surface, value, granularity), ...])
CASES = [
    # day dates
    ("Leverkusen, 12. Januar 2017", "", [("12. Januar 2017", "2017-01-12", "day")]),
    ("Die Sitzung fand am 12.01.2017 statt.", "", [("12.01.2017", "2017-01-12", "day")]),
    ("Die Sitzung fand am 12.1.17 statt.", "", [("12.1.17", "2017-01-12", "day")]),
    ("Die Sitzung fand am 3.5.1998 statt.", "", [("3.5.1998", "1998-05-03", "day")]),
    ("Am Montag, 3. Mai, ist Ruhetag.", "2021-04-20", [("3. Mai", "2021-05-03", "day")]),
    ("Am Montag, 3. Mai, ist Ruhetag.", "", [("3. Mai", "XXXX-05-03", "day")]),
    ("Die Frist endet am 14. November.", "2022-11", [("14. November", "2022-11-14", "day")]),
    ("Die Verleihung ist am 6. Dezember.", "", [("6. Dezember", "XXXX-12-06", "day")]),
    ("Das Fest war am 15. Dezember.", PUB, [("15. Dezember", "2016-12-15", "day")]),
    ("Der Termin ist am 31.12. im Rathaus.", PUB, [("31.12.", "2016-12-31", "day")]),
    ("Bewerbungen bis zum 28.2. einreichen.", PUB, [("28.2.", "2017-02-28", "day")]),
    ("Stand: 12.01.2017", "", [("12.01.2017", "2017-01-12", "day")]),
    ("Das Treffen ist am 1. Jan. 2020 im Rathaus.", "", [("1. Jan. 2020", "2020-01-01", "day")]),
    ("Datum: Do, 04.12.2014", "", [("04.12.2014", "2014-12-04", "day")]),
    ("Der Vertrag endet am 29. Februar 2021.", "", []),
    ("Veröffentlicht 2022-11-14 in Bonn.", "", [("2022-11-14", "2022-11-14", "day")]),
    # months
    ("Seit August 2012 sind weitere Städte dabei.", "", [("August 2012", "2012-08", "month")]),
    ("Es ist Mitte August 2014 - nach dem Umbau.", "", [("Mitte August 2014", "2014-08", "month")]),
    # the blank German tokenizer keeps a sentence-final dot on a year ("2014."); adding
    # pressextract_dates splits it off (config split_year_full_stop), so the surface is the year
    ("Das Büro arbeitet seit 2014.", "", [("2014", "2014", "year")]),
    ("Die Arbeiten beginnen Anfang März.", "2020-02-01", [("Anfang März", "2020-03", "month")]),
    ("Die Verleihung findet im November statt.", "2023-09", [("November", "2023-11", "month")]),
    ("Die Verleihung findet im November statt.", "", [("November", "XXXX-11", "month")]),
    (" date 2022-11 Siegburg Die Stadt verleiht einen Preis.", "", [("2022-11", "2022-11", "month")]),
    ("Ab Juli gilt die neue Satzung.", "2019-05-02", [("Juli", "2019-07", "month")]),
    # years as time references
    ("2012 wurde dazu ein Modellvorhaben gestartet.", "", [("2012", "2012", "year")]),
    ("Das Büro arbeitet seit 2011 für die Stadt.", "", [("2011", "2011", "year")]),
    ("Bis 2020 sollen alle Kommunen teilnehmen.", "", [("2020", "2020", "year")]),
    ("Bis 2020 Teil der Initiative werden.", "", [("2020", "2020", "year")]),
    ("Das geschah im Jahr 2015 in Köln.", "", [("2015", "2015", "year")]),
    ("Die Förderung läuft bis Ende 2020 weiter.", "", [("Ende 2020", "2020", "year")]),
    ("Die Finanzierung ist bis Ende des Jahres 2022 gesichert.", "",
     [("Ende des Jahres 2022", "2022", "year")]),
    ("Haushaltssatzung und Haushaltsplan 2015;", "", [("2015", "2015", "year")]),
    ("Zum dritten Mal nach 2001 und 2004 verleiht die Stadt den Preis.", "",
     [("2001", "2001", "year"), ("2004", "2004", "year")]),
    # ranges
    ("Die Initiative wurde zwischen 2012 und 2016 erprobt.", "",
     [("zwischen 2012 und 2016", "2012/2016", "range")]),
    ("Die Initiative lief 2012 bis 2016 in Köln.", "", [("2012 bis 2016", "2012/2016", "range")]),
    ("Die Initiative lief 2012-2016 in Köln.", "", [("2012-2016", "2012/2016", "range")]),
    ("Die Initiative lief 2012–2016 in Köln.", "", [("2012–2016", "2012/2016", "range")]),
    ("Der Doppelhaushalt 2018/2019 ist durch.", "", [("2018/2019", "2018/2019", "range")]),
    ("Im Schuljahr 2018/19 gab es mehr Kinder.", "", [("2018/19", "2018/2019", "range")]),
    ("Die Baustelle dauert von Januar bis März 2020 an.", "",
     [("von Januar bis März 2020", "2020-01/2020-03", "range")]),
    ("Das Fest geht vom 12. bis 14. März 2020 in Bonn.", "",
     [("vom 12. bis 14. März 2020", "2020-03-12/2020-03-14", "range")]),
    ("Das Fest geht vom 1.-3. Mai.", "2019-04-01", [("1.-3. Mai", "2019-05-01/2019-05-03", "range")]),
    ("Die Aktion lief vom 01.03.2020 bis 15.03.2020 in Bonn.", "",
     [("vom 01.03.2020 bis 15.03.2020", "2020-03-01/2020-03-15", "range")]),
    # quarters, half-years, seasons
    ("Die Zahlen für das 1. Quartal 2020 liegen vor.", "", [("1. Quartal 2020", "2020-Q1", "quarter")]),
    ("Im dritten Quartal 2019 stiegen die Kosten.", "", [("dritten Quartal 2019", "2019-Q3", "quarter")]),
    ("Im ersten Quartal stiegen die Kosten.", "2021-06-01", [("ersten Quartal", "2021-Q1", "quarter")]),
    ("Die Zahlen für Q4 2018 liegen vor.", "", [("Q4 2018", "2018-Q4", "quarter")]),
    ("Im 2. Halbjahr 2020 wird gebaut.", "", [("2. Halbjahr 2020", "2020-H2", "half")]),
    ("Im Sommer 2019 beginnt der Bau.", "", [("Sommer 2019", "2019-SU", "season")]),
    ("Die Eröffnung ist im Herbst.", "2018-03-01", [("Herbst", "2018-FA", "season")]),
    ("Im Winter 2019/20 fiel kaum Schnee.", "", [("Winter 2019/20", "2019-WI", "season")]),
    # relative expressions, with and without publication date
    ("Die WHO hat im November des vergangenen Jahres die Initiative gelobt.", PUB,
     [("November des vergangenen Jahres", "2016-11", "month")]),
    ("Die WHO hat im November des vergangenen Jahres die Initiative gelobt.", "",
     [("November des vergangenen Jahres", "XXXX-11", "month")]),
    ("Sie ist seit März diesen Jahres im Amt.", "", [("März diesen Jahres", "XXXX-03", "month")]),
    ("Sie ist seit März diesen Jahres im Amt.", "2018-08-31", [("März diesen Jahres", "2018-03", "month")]),
    ("Die Stadt hat für dieses Jahr einen Preis ausgelobt.", "2022-11", [("dieses Jahr", "2022", "year")]),
    ("Die Stadt hat für dieses Jahr einen Preis ausgelobt.", "", []),
    ("Im kommenden Jahr wird gebaut.", PUB, [("kommenden Jahr", "2018", "year")]),
    ("Im vergangenen Jahr wurde gebaut.", PUB, [("vergangenen Jahr", "2016", "year")]),
    ("Der Rat hat gestern beschlossen.", PUB, [("gestern", "2017-01-11", "day")]),
    ("Der Rat hat gestern beschlossen.", "", []),
    ("Heute eröffnet die Ausstellung.", PUB, [("Heute", "2017-01-12", "day")]),
    ("Am Morgen eröffnet die Ausstellung.", PUB, []),
    ("Im vergangenen Monat wurde gebaut.", PUB, [("vergangenen Monat", "2016-12", "month")]),
    ("Die Zahl stieg gegenüber dem Vorjahr.", PUB, [("Vorjahr", "2016", "year")]),
    ("Bis Ende des Jahres wird gebaut.", PUB, [("Ende des Jahres", "2017", "year")]),
    # hard negatives: numbers in other roles, weekdays alone
    ("Telefon: (0214) 406-8860 - Telefax: (0214) 406-8862", "", []),
    ("Friedrich-Ebert-Platz 1, 51373 Leverkusen", "", []),
    ("2014/284 Haushaltssatzung", "", []),
    ("Vorlage - 2022/346", "", []),
    ("Das Modell startete mit 18 Kommunen.", "", []),
    ("Es kamen rund 2000 Besucher.", "", []),
    ("Zur Messe kamen 2000 Besucher aus aller Welt.", "", []),
    ("Der Preis ist mit 2000 Euro dotiert.", "", []),
    ("Mehr als 2000 Anträge wurden bearbeitet.", "", []),
    ("Siehe Nr. 2012 der Drucksache.", "", []),
    ("Der Besuch ist am Samstag.", "", []),
    ("Um 11.15 Uhr steigt die Ministerin aus.", "", []),
    ("Die Sitzung dauert von 10:00 - 11:40 Uhr.", "", []),
    ("Produkte: 29.3. 111-300 Finanzmanagement", "", []),
    ("Der letzte Besuch ist 13 Jahre her.", "", []),
    ("Sie besteht seit acht Jahren.", "", []),
    ("August Macke malte das Bild.", "", []),
    ("Dadurch werden 60 Prozent der Kinder erreicht.", "", []),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[f"{c[0][:40]}|{c[1]}" for c in CASES])
def test_date_table(nlp: Language, text: str, published: str, expected: list[tuple[str, str, str]]) -> None:
    assert dates(nlp, text, published) == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("text", "published", "role"),
    [
        ("Das Büro arbeitet seit 2011 für die Stadt.", "", "start"),
        ("Ab Juli gilt die neue Satzung.", "2019-05-02", "start"),
        ("Die Förderung läuft bis Ende 2020 weiter.", "", "end"),
        ("Vorschläge können bis Freitag, 13. Oktober, eingereicht werden.", "2023-09", "deadline"),
        ("Einsendeschluss ist der 30. Mai 2020.", "", "deadline"),
        ("Die Frist endet am 14. November.", "2022-11", "deadline"),
        ("Leverkusen, 12. Januar 2017", PUB, "publication"),
        ("Stand: 12.01.2017", "", "publication"),
        # cues further into a sentence than the role look-back window (regression: spaCy's
        # PhraseMatcher reports doc offsets for a Span, which once hid every role past token 4)
        ("Die Landesregierung verspricht, dass alle Kommunen bis 2020 Teil der Initiative werden.", "", "end"),
        ("Mit dem Programm unterstützt die Koordinationsstelle seit 2000 die Jugendämter.", "", "start"),
        ("Die Liste der Ansprechpartner im Rathaus hat den Stand: 12.01.2017", "", "publication"),
    ],
)
def test_roles(nlp: Language, text: str, published: str, role: str) -> None:
    (span,) = spans_of(run(nlp, text, published), "date")
    assert span._.pe.attrs.get("role") == role


def test_resolved_flag(nlp: Language) -> None:
    text = "Die WHO hat im November des vergangenen Jahres die Initiative gelobt."
    (unresolved,) = spans_of(run(nlp, text), "date")
    (resolved,) = spans_of(run(nlp, text, PUB), "date")
    assert unresolved._.pe.attrs["resolved"] is False
    assert resolved._.pe.attrs["resolved"] is True


def test_weekday_kept_in_attrs(nlp: Language) -> None:
    (span,) = spans_of(run(nlp, "Bis Dienstag, 8. November, müssen die Vorschläge da sein."), "date")
    assert span.text == "8. November"
    assert span._.pe.attrs["weekday"] == "dienstag"


def test_season_months(nlp: Language) -> None:
    (span,) = spans_of(run(nlp, "Im Winter 2019/20 fiel kaum Schnee."), "date")
    assert span._.pe.attrs["months"] == "2019-12/2020-02"


def test_rule_ids(nlp: Language) -> None:
    (span,) = spans_of(run(nlp, "Leverkusen, 12. Januar 2017"), "date")
    assert span._.pe.rule == "date.day_month_year"


def test_normalise_helpers() -> None:
    assert two_digit_year(17) == 2017
    assert two_digit_year(98) == 1998
    assert nearest_year(12, 15, (2017, 1, 12)) == 2016
    assert nearest_year(1, 15, (2016, 12, 1)) == 2017
    assert resolve(PartialDate(month=11, rel_year=-1), "2017-01-12").value == "2016-11"  # type: ignore[union-attr]
    assert resolve(PartialDate(month=11, rel_year=-1), "").value == "XXXX-11"  # type: ignore[union-attr]
    assert resolve(PartialDate(rel_year=0), "") is None
    assert resolve(PartialDate(year=2021, month=2, day=29)) is None
    rng = resolve_range(PartialDate(day=12), PartialDate(day=14, month=3, year=2020))
    assert rng is not None and rng.value == "2020-03-12/2020-03-14"
    assert resolve_range(PartialDate(year=2016), PartialDate(year=2012)) is None


def test_works_without_sentence_component() -> None:
    bare = spacy.blank("de")
    bare.add_pipe("pressextract_dates")
    doc = bare("Seit 2011 gilt die Regel, am 12.01.2017 wurde sie geändert.")
    found = [(s.text, s._.pe.value) for s in spans_of(doc, "date")]
    assert found == [("2011", "2011"), ("12.01.2017", "2017-01-12")]


def test_count_words_are_not_years(nlp: Language) -> None:
    assert dates(nlp, "Die Stadt hat 2000 neue Wohnungen gebaut.") == []
    assert dates(nlp, "Zusammen mit den 18 Kommunen aus dem 2012 gestarteten Modellvorhaben.") == [
        ("2012", "2012", "year")]


def test_heute_after_a_w_word_means_nowadays(nlp: Language) -> None:
    assert dates(nlp, "Wer heute ein Haus baut, muss mit höheren Kosten rechnen.", PUB) == []
    assert dates(nlp, "Das ist, was heute als normal gilt.", PUB) == []
    assert dates(nlp, "Der Minister übergab heute die Bescheide.", PUB) == [("heute", PUB, "day")]


def test_day_list(nlp: Language) -> None:
    assert dates(nlp, "Das Fest ist am 7. und 8. November 2007 in Bonn.") == [
        ("7.", "2007-11-07", "day"), ("8. November 2007", "2007-11-08", "day")]


def test_historic_years_need_context(nlp: Language) -> None:
    assert dates(nlp, "Der Verein besteht seit 1875 und zählt 1500 Mitglieder.") == [("1875", "1875", "year")]
    assert dates(nlp, "Er wurde am 25. Juni 1798 geboren.") == [("25. Juni 1798", "1798-06-25", "day")]


@pytest.mark.parametrize("text", [
    "Tel. 0761 201-1346",
    "Telefon 06321 855-1542, Fax 06321 855-1599",
    "Az.: 50.2-1208/23",
])
def test_phone_extensions_and_file_numbers_are_no_years(nlp, text):
    assert dates(nlp, text) == []
