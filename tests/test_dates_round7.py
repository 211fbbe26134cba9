"""Date classes of the seventh issue-12 round (found on eval/real-dates-8, by class): a headline
year as the only anchor, carnival holidays of the south and genitive forms, a holiday followed by
its date, ranges whose first side carries "morgigen"/"Abend des" and a clock time, "in diesem
Jahr" in a text across New Year, a narrative of an earlier year that goes on past 400 characters,
a lone weekday that names a day of unknown year, a weekday before a bracketed holiday date, and
a year named with its noun in the sentence. Every sentence here is written for this file (none is
in a gold file)."""

from __future__ import annotations

import pytest

from extract.components.dates import DateExtractor
from extract.nlp import date_extractor


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


def values(dates: DateExtractor, text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.text, d.info.value) for d in dates.find_in_text(text, published)]


# -- a headline year anchors a text without any fuller date --------------------------------------
def test_headline_year_gives_the_year_of_holidays_and_days(dates: DateExtractor) -> None:
    text = ("Rosenmontag 2026: Rathaus nur vormittags offen\n\nAm Rosenmontag schließt das Rathaus "
            "um 12 Uhr. Am Aschermittwoch, dem 18. Februar, gelten wieder die üblichen Zeiten.")
    assert values(dates, text) == [
        ("Rosenmontag 2026", "2026-02-16"), ("Rosenmontag", "2026-02-16"), ("18. Februar", "2026-02-18")]


def test_a_year_in_the_body_is_no_headline(dates: DateExtractor) -> None:
    text = "Der Verein besteht seit 1987 und feiert am 14. Juni ein Sommerfest."
    assert values(dates, text) == [("1987", "1987"), ("14. Juni", "XXXX-06-14")]


def test_a_fuller_date_beats_the_headline_year(dates: DateExtractor) -> None:
    text = "Programm 2025\n\nDer Kurs beginnt am 3. März 2026 und endet am 28. April."
    assert values(dates, text) == [("2025", "2025"), ("3. März 2026", "2026-03-03"), ("28. April", "2026-04-28")]


# -- carnival holidays and genitives --------------------------------------------------------------
def test_southern_carnival_thursday_and_genitive_tuesday(dates: DateExtractor) -> None:
    text = ("Am Schmotzigen Donnerstag ziehen die Narren durchs Dorf. Am Abend des Faschingsdienstags "
            "wird die Fasnet verbrannt.")
    assert values(dates, text, "2027-01-20") == [("Schmotzigen Donnerstag", "2027-02-04"),
                                                 ("Faschingsdienstags", "2027-02-09")]


def test_holiday_with_its_date_after_dem_is_one_mention(dates: DateExtractor) -> None:
    text = "Am Unsinnigen Donnerstag, dem 24. Februar 2028, ist die Bücherei geschlossen."
    assert values(dates, text) == [("24. Februar 2028", "2028-02-24")]


def test_genitive_month_name(dates: DateExtractor) -> None:
    text = "Die Frist endet mit Ablauf des 30. Novembers 2025."
    assert values(dates, text) == [("30. Novembers 2025", "2025-11-30")]


# -- ranges ---------------------------------------------------------------------------------------
def test_range_over_morgigen_and_clock_times(dates: DateExtractor) -> None:
    text = ("Die Brücke ist zwischen dem morgigen Samstag, 7. März, 20 Uhr und Montag, 9. März, "
            "6 Uhr gesperrt.")
    assert values(dates, text, "2026-03-06") == [
        ("zwischen dem morgigen Samstag, 7. März, 20 Uhr und Montag, 9. März", "2026-03-07/2026-03-09")]


def test_range_from_the_evening_of_a_day(dates: DateExtractor) -> None:
    text = "Die Anlage ruht vom Abend des 22. Dezember bis einschließlich 2. Januar 2026."
    assert values(dates, text) == [
        ("22. Dezember bis einschließlich 2. Januar 2026", "2025-12-22/2026-01-02")]


# -- "in diesem Jahr" across New Year --------------------------------------------------------------
def test_this_year_stays_open_when_the_days_lie_in_two_years(dates: DateExtractor) -> None:
    text = ("Die Verwaltung schließt in diesem Jahr vom 28. bis 31. Dezember. Ab dem 2. Januar 2026 "
            "ist sie wieder geöffnet.")
    assert values(dates, text) == [("vom 28. bis 31. Dezember", "2025-12-28/2025-12-31"),
                                   ("2. Januar 2026", "2026-01-02")]


def test_this_year_of_a_text_in_one_year(dates: DateExtractor) -> None:
    text = "Der Markt findet in diesem Jahr am 5. und 6. September 2026 statt."
    assert values(dates, text) == [("diesem Jahr", "2026"), ("5.", "2026-09-05"), ("6. September 2026", "2026-09-06")]


# -- a narrative of an earlier year ---------------------------------------------------------------
def test_a_day_between_two_dates_of_an_earlier_year_takes_that_year(dates: DateExtractor) -> None:
    filler = "Die Unterlagen gingen zwischen Rathaus, Planungsbüro und Landesamt hin und her. " * 5
    text = (f"Am 4. Mai 2017 stellte die Gemeinde den Antrag. {filler}Bis zum 30. Juni fehlte noch "
            "das Gutachten. Am 15. Juli 2017 kam die Zusage.")
    assert values(dates, text, "2019-10-01") == [
        ("4. Mai 2017", "2017-05-04"), ("30. Juni", "2017-06-30"), ("15. Juli 2017", "2017-07-15")]


def test_far_on_without_a_later_date_of_that_year_keeps_the_publication_year(dates: DateExtractor) -> None:
    filler = "Die Unterlagen gingen zwischen Rathaus, Planungsbüro und Landesamt hin und her. " * 5
    text = f"Am 4. Mai 2017 stellte die Gemeinde den Antrag. {filler}Bis zum 30. Juni fehlte noch das Gutachten."
    assert values(dates, text, "2019-10-01") == [("4. Mai 2017", "2017-05-04"), ("30. Juni", "2019-06-30")]


# -- weekdays --------------------------------------------------------------------------------------
def test_lone_weekday_names_a_stated_day_of_unknown_year(dates: DateExtractor) -> None:
    text = ("Am Donnerstag, 9. Oktober, und am Freitag, 10. Oktober, ist das Bürgerbüro zu. "
            "Am Freitag ist auch die Telefonzentrale nicht besetzt.")
    assert values(dates, text) == [("9. Oktober", "XXXX-10-09"), ("10. Oktober", "XXXX-10-10"),
                                   ("Freitag", "XXXX-10-10")]


def test_lone_weekday_without_a_stated_weekday_gives_nothing(dates: DateExtractor) -> None:
    text = "Die Sitzung ist am 9. Oktober. Am Freitag folgt die Ortsbegehung."
    assert values(dates, text) == [("9. Oktober", "XXXX-10-09")]


def test_weekday_before_a_bracketed_holiday_date_is_that_date(dates: DateExtractor) -> None:
    text = ("Die Abfuhr vom Freitag wird auf Samstag, 4. April, verschoben. Am Samstag (Ostersamstag, "
            "11. April) fährt kein Wagen.")
    assert values(dates, text) == [("4. April", "XXXX-04-04"), ("11. April", "XXXX-04-11")]


# -- a year named with its noun --------------------------------------------------------------------
def test_month_after_a_year_with_its_noun_in_the_sentence(dates: DateExtractor) -> None:
    text = "Das Jahr 2023 bleibt vielen durch den Sturm im Oktober in Erinnerung."
    assert values(dates, text) == [("2023", "2023"), ("Oktober", "2023-10")]


def test_a_year_of_another_sentence_does_not_anchor(dates: DateExtractor) -> None:
    text = "Das Jahr 2023 war schwer. Im Oktober beginnt die neue Saison."
    assert values(dates, text) == [("2023", "2023"), ("Oktober", "XXXX-10")]


# -- a bare day listed before a range; a hyphenated carnival Tuesday ------------------------------
def test_bare_day_listed_before_a_range_takes_its_month_and_year(dates: DateExtractor) -> None:
    text = "Die Bibliothek bleibt am 22. sowie 27. bis 29. Dezember 2027 geschlossen."
    assert values(dates, text) == [("22.", "2027-12-22"), ("27. bis 29. Dezember 2027", "2027-12-27/2027-12-29")]


def test_bare_number_after_the_range_start_is_no_listed_day(dates: DateExtractor) -> None:
    text = "Gruppe 30. und 2. bis 4. Mai 2027 sind belegt."
    assert values(dates, text) == [("2. bis 4. Mai 2027", "2027-05-02/2027-05-04")]


def test_hyphenated_carnival_tuesday(dates: DateExtractor) -> None:
    text = "Beim Umzug am Faschings-Dienstag half die Feuerwehr."
    assert values(dates, text, "2026-02-19") == [("Faschings-Dienstag", "2026-02-17")]


# -- the perfect with "sein" is past -------------------------------------------------------------
def test_weekday_in_a_perfect_with_sein_is_the_one_before(dates: DateExtractor) -> None:
    # published Wednesday 2026-03-11
    assert values(dates, "Die Delegation ist am Freitag nach Brüssel gereist.", "2026-03-11") == [
        ("Freitag", "2026-03-06")]
    assert values(dates, "Die Delegation reist am Freitag nach Brüssel.", "2026-03-11") == [
        ("Freitag", "2026-03-13")]
    assert values(dates, "Das Bürgerbüro ist am Freitag geöffnet.", "2026-03-11") == [("Freitag", "2026-03-13")]


# -- holidays named as kinds ---------------------------------------------------------------------
def test_holidays_named_as_kinds_are_no_dates(dates: DateExtractor) -> None:
    text = "Neben Ostern und Pfingsten ist das Erntedankfest ein Höhepunkt im Jahr der Gemeinde."
    assert values(dates, text, "2026-09-01") == [("Erntedankfest", "2026-10-04")]
    assert values(dates, "Feste wie Weihnachten oder Ostern bringen Besuch.", "2026-09-01") == []
    assert values(dates, "Zwischen Weihnachten und Neujahr ruht der Betrieb.", "2026-12-01") == [
        ("Zwischen Weihnachten und Neujahr", "2026-12-25/2027-01-01")]
