"""Issue 12 date classes: document reference, ranges, relative years/weekdays/weeks by modifier and
tense, surface forms, seasons, time of day, holidays, decades/centuries, numeric forms, narrative
days, TimeML extras. Every sentence here is written for this file (none is in a gold file)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language

import extract.components.dates  # noqa: F401  (registers the factory)
import extract.components.sentences  # noqa: F401
from extract.components import spans_of
from extract.components.dates import DateExtractor
from extract.nlp import date_extractor, split_year_full_stop
from extract.normalise.timex import holiday_date, iso_week, weekday_date, weekend


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


@pytest.fixture(scope="module")
def timeml() -> DateExtractor:
    return date_extractor(timeml_extras=True)


def values(dates: DateExtractor, text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.text, d.info.value) for d in dates.find_in_text(text, published)]


# -- document reference -------------------------------------------------------------------
def test_year_from_the_last_full_date_before(dates: DateExtractor) -> None:
    text = "Am 2. Februar 2023 beschloss der Rat den Umbau der Halle. Am 14. März begannen die Arbeiten."
    found = dates.find_in_text(text)
    assert [(d.text, d.info.value) for d in found] == [("2. Februar 2023", "2023-02-02"), ("14. März", "2023-03-14")]
    assert found[1].info.attrs["anchor"] == "document" and found[1].info.attrs["resolved"] is True


def test_year_from_the_first_full_date_when_none_before(dates: DateExtractor) -> None:
    text = "Anmeldungen nimmt das Bürgerbüro bis zum 3. Mai an. Das Sportfest beginnt am 12. Juni 2024 um 10 Uhr."
    assert values(dates, text) == [("3. Mai", "2024-05-03"), ("12. Juni 2024", "2024-06-12")]


def test_nothing_anchors_keeps_xxxx(dates: DateExtractor) -> None:
    # a bare year is no fully specified date: it does not anchor
    text = "Seit 2019 vergibt die Gemeinde den Preis. Vorschläge sind bis zum 8. November möglich."
    assert values(dates, text) == [("2019", "2019"), ("8. November", "XXXX-11-08")]


def test_deictic_words_need_the_publication_date(dates: DateExtractor) -> None:
    # "heute" is the time of writing, not a date the text names
    text = "Der Gemeinderat hat heute die Sperrung beschlossen. Sie gilt bis zum 30. April 2021."
    assert values(dates, text) == [("30. April 2021", "2021-04-30")]
    assert values(dates, text, "2021-04-02")[0] == ("heute", "2021-04-02")


def test_publication_date_wins_over_the_text(dates: DateExtractor) -> None:
    text = "Am 2. Februar 2023 beschloss der Rat den Umbau. Am 14. März begannen die Arbeiten."
    assert values(dates, text, "2024-01-10")[1] == ("14. März", "2024-03-14")


def test_raw_text_and_component_agree_on_the_second_pass() -> None:
    nlp = spacy.blank("de")
    split_year_full_stop(nlp)
    nlp.add_pipe("pressextract_sentences")
    component = nlp.add_pipe("pressextract_dates")
    text = ("Der Umbau der Halle ist fertig.\n\nAm 14. März begannen die Arbeiten. Der Rat tagte lange.\n\n"
            "Der Beschluss fiel am 2. Februar 2023. Am nächsten Tag rückten die Bagger an. Am Freitag "
            "wurde gefeiert.")
    doc = nlp.make_doc(text)
    doc._.published = ""
    whole = [(s.start_char, s.end_char, s.text, s._.pe) for s in spans_of(nlp(doc), "date")]
    fast = [(d.start, d.end, d.text, d.info) for d in component.find_in_text(text)]
    assert fast == whole
    assert [(t, v.value) for _, _, t, v in fast] == [
        ("14. März", "2023-03-14"), ("2. Februar 2023", "2023-02-02"), ("nächsten Tag", "2023-02-03"),
        ("Freitag", "2023-02-03")]  # a weekday told against a date of the text: that date's week


# -- ranges --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Die Ausstellung läuft vom 3. Mai bis zum 8. Juni 2011 im Foyer.", "2011-05-03/2011-06-08"),
    ("Die Straße ist vom 30.06.2014 bis einschließlich 10.08.2014 gesperrt.", "2014-06-30/2014-08-10"),
    ("Die Wahl findet zwischen dem 1. und 15. März 2022 statt.", "2022-03-01/2022-03-15"),
    ("Das Stadtfest dauert vom 5. bis zum 9. Juni 2020.", "2020-06-05/2020-06-09"),
    ("Das Bad ist 1.–3. Oktober 2021 geschlossen.", "2021-10-01/2021-10-03"),
    ("Die Baustelle ruht Mai bis Juli 2019.", "2019-05/2019-07"),
])
def test_ranges_with_both_sides(dates: DateExtractor, text: str, expected: str) -> None:
    assert [v for _, v in values(dates, text)] == [expected]


# -- relative years, weekdays, weeks --------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Die Sanierung beginnt im kommenden Jahr.", [("kommenden Jahr", "2022")]),
    ("Heuer fällt das Fest aus.", [("Heuer", "2021")]),
    ("Im vergangenen Jahr kamen viele Gäste.", [("vergangenen Jahr", "2020")]),
    ("Die Halle soll Anfang nächsten Jahres öffnen.", [("Anfang nächsten Jahres", "2022")]),
    ("Vorletztes Jahr gab es keinen Markt.", [("Vorletztes Jahr", "2019")]),
])
def test_relative_years(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2021-03-01") == expected


@pytest.mark.parametrize(("text", "expected"), [
    # published Wednesday 2024-03-13: the tense decides between the last and the next Friday
    ("Am Freitag wurde der Spielplatz eröffnet.", [("Freitag", "2024-03-08")]),
    ("Am Freitag wird der Spielplatz eröffnet.", [("Freitag", "2024-03-15")]),
    ("Der Bürgermeister übergab am Montag die Urkunden.", [("Montag", "2024-03-11")]),
    ("Vergangenen Dienstag tagte der Ausschuss.", [("Vergangenen Dienstag", "2024-03-12")]),
    ("Der Markt öffnet am kommenden Donnerstag.", [("kommenden Donnerstag", "2024-03-14")]),
    ("Am übernächsten Montag beginnt die Anmeldung.", [("übernächsten Montag", "2024-03-25")]),
    ("Der Kreistag tagt am Freitag, 15. März, im Rathaus.", [("15. März", "2024-03-15")]),
    ("Die Feuerwehr rückte am Dienstagabend aus.", [("Dienstagabend", "2024-03-12")]),
])
def test_weekdays_by_modifier_and_tense(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2024-03-13") == expected


def test_weekday_attributes_and_no_reference(dates: DateExtractor) -> None:
    (found,) = dates.find_in_text("Die Feuerwehr rückte am Dienstagabend aus.", "2024-03-13")
    assert found.info.attrs["part_of_day"] == "evening" and found.info.unit == "day"
    (dated,) = dates.find_in_text("Der Kreistag tagt am Freitag, 15. März, im Rathaus.", "2024-03-13")
    assert dated.info.attrs["weekday"] == "freitag"
    # a weekday with nothing to resolve against is left out
    assert values(dates, "Am Freitag wird der Spielplatz eröffnet.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # published Friday 2015-04-10, ISO week 15
    ("Vergangene Woche beriet der Rat.", [("Vergangene Woche", "2015-W14")]),
    ("Die Bauarbeiten beginnen nächste Woche.", [("nächste Woche", "2015-W16")]),
    ("Der Markt öffnet diese Woche.", [("diese Woche", "2015-W15")]),
    ("Am Wochenende wurde gefeiert.", [("Wochenende", "2015-W14-WE")]),
    ("Am Wochenende wird gefeiert.", [("Wochenende", "2015-W15-WE")]),
    ("Das Fest war am vergangenen Wochenende.", [("vergangenen Wochenende", "2015-W14-WE")]),
])
def test_weeks_and_weekends(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2015-04-10") == expected


# -- surface forms --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Die Bücherei öffnet am 7.Mai 2023 wieder.", ("7.Mai 2023", "2023-05-07")),
    ("The council met on November 12, 2018 in Bonn.", ("November 12, 2018", "2018-11-12")),
    ("Termin: Montag, 12. November 2018, Rathaus.", ("12. November 2018", "2018-11-12")),
    ("Beitrag icon.crdate10.12.2022 Nachrichten", ("icon.crdate10.12.2022", "2022-12-10")),
    ("Die Frist endet am 21/04/2016.", ("21/04/2016", "2016-04-21")),
    ("Das Ortsfest ist am dritten Oktober 2022.", ("dritten Oktober 2022", "2022-10-03")),
])
def test_surface_forms(dates: DateExtractor, text: str, expected: tuple[str, str]) -> None:
    assert values(dates, text) == [expected]


# -- seasons, time of day -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Der Radweg entsteht im Herbst 2018.", "", [("Herbst 2018", "2018-FA")]),
    ("Im Herbst wurde der Radweg gebaut.", "2024-04-10", [("Herbst", "2023-FA")]),
    ("Im Herbst wird der Radweg gebaut.", "2024-04-10", [("Herbst", "2024-FA")]),
    ("Im Sommer des Jahres 2005 brannte die Scheune.", "", [("Sommer des Jahres 2005", "2005-SU")]),
])
def test_seasons(dates: DateExtractor, text: str, published: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, published) == expected


def test_date_with_time_of_day(dates: DateExtractor) -> None:
    (found,) = dates.find_in_text("Die Lesung ist am Donnerstag, 25. Februar 2021 um 20.30 Uhr in der Aula.")
    assert (found.text, found.info.value, found.info.attrs["time"]) == ("25. Februar 2021", "2021-02-25", "20:30")
    (today,) = dates.find_in_text("Der Rat tagt heute Abend im Rathaus.", "2021-02-25")
    assert (today.info.value, today.info.attrs["part_of_day"]) == ("2021-02-25", "evening")


# -- holidays ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Der Umzug ist an Ostern 2024.", "2024-03-31"),
    ("Am Pfingstmontag 2023 ist das Museum offen.", "2023-05-29"),
    ("Die Prozession an Fronleichnam 2022 fällt aus.", "2022-06-16"),
    ("Am Tag der Deutschen Einheit 2020 spielt die Kapelle.", "2020-10-03"),
    ("Der Markt öffnet am 1. Advent 2018.", "2018-12-02"),
    ("Am Buß- und Bettag 2018 bleibt die Kita zu.", "2018-11-21"),
])
def test_holidays_with_a_year(dates: DateExtractor, text: str, expected: str) -> None:
    assert [v for _, v in values(dates, text)] == [expected]


def test_holidays_without_a_year(dates: DateExtractor) -> None:
    assert values(dates, "Zu Weihnachten schließt das Bürgerbüro.", "2021-11-10") == [("Weihnachten", "2021-12-25")]
    assert values(dates, "An Ostern war der Park voll.", "2024-05-20") == [("Ostern", "2024-03-31")]
    assert values(dates, "An Silvester ist das Feuerwerk verboten.") == [("Silvester", "XXXX-12-31")]
    assert values(dates, "Zu Ostern schließt das Bad.") == []  # movable, no year: no value
    assert values(dates, "Wir wünschen frohe Weihnachten und ein gutes neues Jahr.", "2021-12-10") == []


def test_holiday_calendar() -> None:
    assert holiday_date("easter+49", 2022) == dt.date(2022, 6, 5)  # Pfingsten
    assert holiday_date("advent-7", 2018) == dt.date(2018, 11, 25)  # Totensonntag
    assert holiday_date("10-03", 2020) == dt.date(2020, 10, 3)


# -- decades, centuries --------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Die Siedlung entstand im 20. Jahrhundert.", ("20. Jahrhundert", "19", "century")),
    ("Das Haus stammt aus dem Beginn des 21. Jahrhunderts.", ("21. Jahrhunderts", "20", "century")),
    ("In den 90er Jahren schloss die Zeche.", ("90er Jahren", "199", "decade")),
    ("In den neunziger Jahren schloss die Zeche.", ("neunziger Jahren", "199", "decade")),
    ("Der Bau der 1970er-Jahre wird saniert.", ("1970er-Jahre", "197", "decade")),
])
def test_decades_and_centuries(dates: DateExtractor, text: str, expected: tuple[str, str, str]) -> None:
    assert [(d.text, d.info.value, d.info.unit) for d in dates.find_in_text(text)] == [expected]


# -- narrative days -------------------------------------------------------------------------
def test_narrative_days_follow_the_last_day_named(dates: DateExtractor) -> None:
    text = "Das Fest fand am 3. Mai 2018 statt. Am nächsten Tag wurde aufgeräumt, am Vortag aufgebaut."
    assert values(dates, text, "2018-06-01") == [
        ("3. Mai 2018", "2018-05-03"), ("nächsten Tag", "2018-05-04"), ("Vortag", "2018-05-02")]


# -- TimeML extras (off in the pipeline) ------------------------------------------------------
def test_timeml_extras(dates: DateExtractor, timeml: DateExtractor) -> None:
    text = "Damals war alles anders, jetzt gibt es den Laden bis heute. Am 4. Juli 2019 um 18 Uhr ist Fest."
    # by default only the "generic_today" extras: "bis heute" is "nowadays", no day
    assert values(dates, text, "2019-07-01") == [("heute", "PRESENT_REF"), ("4. Juli 2019", "2019-07-04")]
    assert values(date_extractor(False), text, "2019-07-01") == [("4. Juli 2019", "2019-07-04")]
    # the clock time of a sentence with a date is an attribute of that date, not a second mention
    assert values(timeml, text, "2019-07-01") == [
        ("Damals", "PAST_REF"), ("jetzt", "PRESENT_REF"), ("heute", "PRESENT_REF"), ("4. Juli 2019", "2019-07-04")]
    assert values(timeml, "Am 4. Juli 2019 ist Fest. Um 18 Uhr spielt die Kapelle.", "2019-07-01") == [
        ("4. Juli 2019", "2019-07-04"), ("18 Uhr", "2019-07-04")]


def test_timeml_extras_by_group(timeml: DateExtractor) -> None:
    text = "Jetzt ist der Saal bis heute frei. Um 18 Uhr spielt die Kapelle."
    assert values(date_extractor(["clock"]), text, "2019-07-01") == [("18 Uhr", "2019-07-01")]
    assert values(date_extractor(["ref", "generic_today"]), text, "2019-07-01") == [
        ("Jetzt", "PRESENT_REF"), ("heute", "PRESENT_REF")]
    with pytest.raises(ValueError, match="unknown timeml_extras"):
        date_extractor(["weeks"])


def test_heute_set_against_the_past_is_nowadays_by_default(dates: DateExtractor) -> None:
    text = "Früher stand hier eine Mühle, heute ist das Gelände ein Park."
    assert values(dates, text, "2019-07-01") == [("heute", "PRESENT_REF")]
    # without a past word in its sentence a present-tense "heute" is the publication day ...
    assert values(dates, "Heute ist das Gelände ein Park.", "2019-07-01") == [("Heute", "2019-07-01")]
    # ... and without a publication date nothing
    assert values(dates, text) == []


def test_time_nouns_are_no_reference_expressions(timeml: DateExtractor) -> None:
    text = "Die Zukunft der Innenstadt, ihre Gegenwart und ihre Vergangenheit sind Thema im Rat."
    assert values(timeml, text, "2019-07-01") == []


# -- calendar helpers ---------------------------------------------------------------------------
def test_calendar_helpers() -> None:
    friday = dt.date(2015, 4, 10)
    assert iso_week(friday) == "2015-W15"
    assert weekday_date(friday, 4, -1) == friday and weekday_date(friday, 4, -1, strict=True) == dt.date(2015, 4, 3)
    assert weekday_date(friday, 0, 1) == dt.date(2015, 4, 13) and weekday_date(friday, 0, 0) == dt.date(2015, 4, 6)
    assert weekend(friday, -1) == "2015-W14-WE" and weekend(friday, 1) == "2015-W15-WE"
    assert weekend(dt.date(2015, 4, 12), 1) == "2015-W15-WE"  # said on a Sunday: this weekend


def test_component_config_in_a_pipeline() -> None:
    nlp: Language = spacy.blank("de")
    nlp.add_pipe("pressextract_sentences")
    nlp.add_pipe("pressextract_dates", config={"timeml_extras": True})
    doc = nlp.make_doc("Derzeit ruht der Bau.")
    doc._.published = "2020-01-01"
    assert [(s.text, s._.pe.value) for s in spans_of(nlp(doc), "date")] == [("Derzeit", "PRESENT_REF")]


@pytest.mark.parametrize(("text", "expected"), [
    # published Tuesday 2013-02-12
    ("Die Sitzung ist am Mittwoch nächster Woche.", [("Mittwoch nächster Woche", "2013-02-20", "day")]),
    # "vor zwei Jahren" is a duration in TimeML (KRAUTS annotates it so): no date
    ("Das Vereinsheim wurde vor zwei Jahren gebaut.", []),
    ("Die Zahlen kommen im nächsten Quartal.", [("nächsten Quartal", "2013-Q2", "quarter")]),
    ("Letzten September begann der Bau.", [("Letzten September", "2012-09", "month")]),
    ("Nächsten März beginnt der Bau.", [("Nächsten März", "2013-03", "month")]),
])
def test_weekdays_of_weeks_and_modified_months(dates: DateExtractor, text: str,
                                                   expected: list[tuple[str, str, str]]) -> None:
    assert [(d.text, d.info.value, d.info.unit) for d in dates.find_in_text(text, "2013-02-12")] == expected
