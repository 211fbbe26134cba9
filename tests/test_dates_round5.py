"""Date classes of the fifth issue-12 round (found on eval/real-dates-6 and the external gold, by
class): days without a year in a look-back on an earlier year, coordinated decades sharing one noun,
month ranges with "Anfang/Mitte/Ende" on the sides, feast names ("Pfingstfest"), a "PM 012 |
03.04.2023" meta line. Every sentence here is written for this file (none is in a gold file)."""

from __future__ import annotations

import pytest

from extract.clean import boilerplate_flags
from extract.components.dates import DateExtractor
from extract.nlp import date_extractor


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


def values(dates: DateExtractor, text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.text, d.info.value) for d in dates.find_in_text(text, published)]


# -- a look-back on an earlier year --------------------------------------------------------------
def test_past_tense_day_after_a_date_of_an_earlier_year_takes_that_year(dates: DateExtractor) -> None:
    text = ("Der Turnverein wurde am 12. März 1962 gegründet. Am 3. Juni weihten die Mitglieder "
            "den ersten Sportplatz ein, am 20. und 21. Oktober folgte das erste Sportfest.")
    assert values(dates, text, "2022-03-12") == [
        ("12. März 1962", "1962-03-12"), ("3. Juni", "1962-06-03"),
        ("20.", "1962-10-20"), ("21. Oktober", "1962-10-21")]


def test_past_tense_month_after_a_month_of_an_earlier_year(dates: DateExtractor) -> None:
    text = "Im Februar 2019 stellte die Gemeinde den Antrag, im Mai kam der Bewilligungsbescheid."
    assert values(dates, text, "2021-06-30") == [("Februar 2019", "2019-02"), ("Mai", "2019-05")]


def test_future_tense_day_keeps_the_publication_year(dates: DateExtractor) -> None:
    text = "Der Umbau der Halle begann im April 2021. Am 14. September wird sie wieder eröffnet."
    assert values(dates, text, "2023-08-01") == [("April 2021", "2021-04"), ("14. September", "2023-09-14")]


def test_a_date_of_the_publication_year_lends_nothing_new(dates: DateExtractor) -> None:
    text = "Am 2. Februar 2023 tagte der Rat. Am 9. März stimmte er dem Haushalt zu."
    assert values(dates, text, "2023-04-05") == [("2. Februar 2023", "2023-02-02"), ("9. März", "2023-03-09")]


def test_a_far_earlier_date_lends_no_year(dates: DateExtractor) -> None:
    filler = "Die Arbeiten am Dach und an der Fassade zogen sich über viele Monate hin. " * 8
    text = f"Das Haus wurde am 1. Juli 1990 bezogen. {filler}Am 5. Mai kamen die neuen Fenster."
    found = values(dates, text, "2024-06-10")
    assert found == [("1. Juli 1990", "1990-07-01"), ("5. Mai", "2024-05-05")]


# -- decades ---------------------------------------------------------------------------------------
def test_coordinated_decades_share_one_noun(dates: DateExtractor) -> None:
    assert values(dates, "Die 70er und 80er Jahre brachten der Stadt neue Wohngebiete.") == [
        ("70er", "197"), ("80er Jahre", "198")]
    assert values(dates, "In den zwanziger und dreißiger Jahren wuchs das Dorf kaum.") == [
        ("zwanziger", "192"), ("dreißiger Jahren", "193")]
    assert values(dates, "Aus den 1950er bis 1960er Jahren stammen die meisten Schulbauten.") == [
        ("1950er", "195"), ("1960er Jahren", "196")]


def test_a_decade_word_alone_before_a_noun_is_no_date(dates: DateExtractor) -> None:
    assert values(dates, "Die Band spielte Lieder im Stil der achtziger Musik.") == []


# -- month ranges with part words ------------------------------------------------------------------
def test_month_range_with_part_words_on_both_sides(dates: DateExtractor) -> None:
    text = "Von Anfang März bis Ende April 2026 bleibt die Ortsdurchfahrt gesperrt."
    assert values(dates, text) == [("Von Anfang März bis Ende April 2026", "2026-03/2026-04")]
    text = "Die Ausstellung ist Mitte Mai bis Ende Juni im Foyer zu sehen."
    assert values(dates, text, "2025-04-02") == [("Mitte Mai bis Ende Juni", "2025-05/2025-06")]


# -- feast names -----------------------------------------------------------------------------------
def test_feast_names_are_the_holiday(dates: DateExtractor) -> None:
    assert values(dates, "Zum Pfingstfest lädt die Kirchengemeinde in den Pfarrgarten ein.", "2025-05-20") == [
        ("Pfingstfest", "2025-06-08")]
    assert values(dates, "Rund um das Osterfest 2026 sind die Wertstoffhöfe zu.") == [
        ("Osterfest 2026", "2026-04-05")]
    assert values(dates, "Vor dem Weihnachtsfest wird der Baum auf dem Markt geschmückt.", "2024-11-20") == [
        ("Weihnachtsfest", "2024-12-25")]


def test_feast_name_after_a_greeting_is_no_date(dates: DateExtractor) -> None:
    assert values(dates, "Der Bürgermeister wünscht allen ein frohes Pfingstfest.", "2025-05-20") == []


# -- a meta line ending with the date --------------------------------------------------------------
def test_meta_line_ending_with_a_date_is_kept() -> None:
    lines = ["PM 112 | 07.10.2025", "Drucken | Teilen | Merken", "Text der Mitteilung."]
    assert boilerplate_flags(lines) == [True, False, True]


def test_release_number_line_gives_the_publication_date() -> None:
    from extract.metadata import detect_metadata

    lines = ["PM 112 | 07.10.2025", "Neue Orgel für die Stadtkirche",
             "Die Kirchengemeinde weiht am Sonntag ihre neue Orgel ein und lädt zum Konzert."]
    assert detect_metadata(lines, lines).published == "2025-10-07"


# -- "in diesem Jahr" without a publication date ---------------------------------------------------
def test_this_year_takes_the_one_year_the_text_states(dates: DateExtractor) -> None:
    text = "Das Sommerfest am 14. Juli 2019 fällt aus. In diesem Jahr gibt es stattdessen ein Picknick."
    assert values(dates, text) == [("14. Juli 2019", "2019-07-14"), ("diesem Jahr", "2019")]


def test_this_year_stays_open_when_the_text_states_two_years(dates: DateExtractor) -> None:
    text = "Das Fest am 14. Juli 2019 war schön, am 3. Mai 2021 folgte ein zweites. In diesem Jahr ist Pause."
    assert values(dates, text) == [("14. Juli 2019", "2019-07-14"), ("3. Mai 2021", "2021-05-03")]


def test_last_year_is_not_taken_from_the_text(dates: DateExtractor) -> None:
    text = "Der Verein feiert am 3. Mai 2025 sein Jubiläum. Im vergangenen Jahr war das Fest kleiner."
    assert values(dates, text) == [("3. Mai 2025", "2025-05-03")]


# -- years before 1900 in prose --------------------------------------------------------------------
def test_year_before_a_founding_word(dates: DateExtractor) -> None:
    assert values(dates, "Das Dorf wird 1294 urkundlich erwähnt und feiert bald Jubiläum.") == [("1294", "1294")]
    assert values(dates, "DIE MÜHLE WURDE 1627 ERBAUT.") == [("1627", "1627")]


def test_year_after_an_adverb(dates: DateExtractor) -> None:
    assert values(dates, "Schon 1712 hatte der Graf einen Markt in dem Ort erlaubt.") == [("1712", "1712")]
    assert values(dates, "Die Schule bekam ihr eigenes Haus erst 1873.") == [("1873", "1873")]


def test_count_after_an_adverb_stays_a_count(dates: DateExtractor) -> None:
    assert values(dates, "Schon 1400 Besucher kamen zur Eröffnung der Ausstellung.") == []
    assert values(dates, "Für die neue Glocke fehlen noch 1200 Euro.") == []
    assert values(dates, "Im Kreis fehlen noch 1600 neue Kitaplätze.") == []


# -- holiday names ---------------------------------------------------------------------------------
def test_more_fixed_and_movable_holidays(dates: DateExtractor) -> None:
    assert values(dates, "Am Johannistag brennt das Feuer am Seeufer.", "2025-05-02") == [
        ("Johannistag", "2025-06-24")]
    assert values(dates, "Zu Maria Himmelfahrt werden Kräuterbuschen gebunden.", "2025-07-30") == [
        ("Maria Himmelfahrt", "2025-08-15")]
    assert values(dates, "Am Fastnachtssamstag 2027 zieht der Umzug durch den Ort.") == [
        ("Fastnachtssamstag 2027", "2027-02-06")]
    assert values(dates, "Am Barbaratag schneiden die Kinder Zweige.", "2024-11-20") == [
        ("Barbaratag", "2024-12-04")]


def test_a_holiday_that_is_a_first_name_needs_a_cue(dates: DateExtractor) -> None:
    assert values(dates, "Am Nikolaus kommt der Besuch in den Kindergarten.", "2024-11-20") == [
        ("Nikolaus", "2024-12-06")]
    assert values(dates, "Pfarrer Nikolaus Berger segnete die neue Krippe.", "2024-11-20") == []
    assert values(dates, "Der heilige Nikolaus verteilte Äpfel und Nüsse.", "2024-11-20") == []


# -- month and year in digits ----------------------------------------------------------------------
def test_month_and_year_in_digits(dates: DateExtractor) -> None:
    assert values(dates, "Die Satzung gilt in der Fassung vom 05/2017 weiter.") == [("05/2017", "2017-05")]
    assert values(dates, "Seit 03.2021 sitzt das Bürgerbüro im Erdgeschoss.") == [("03.2021", "2021-03")]


def test_month_and_year_in_digits_that_are_identifiers(dates: DateExtractor) -> None:
    assert values(dates, "Die Drucksache 05/2017 liegt dem Rat vor.") == []
    assert values(dates, "Die Vorlage Nr. 11/2023 wurde ohne Gegenstimme beschlossen.") == []
    assert values(dates, "Rufen Sie 05/2017 123 an.") == []


# -- numeric day pairs and spaced days -------------------------------------------------------------
def test_numeric_day_pair_with_a_slash_is_a_range(dates: DateExtractor) -> None:
    assert values(dates, "Der Flohmarkt ist am 21./22.09.2024 auf dem Schulhof.") == [
        ("21./22.09.2024", "2024-09-21/2024-09-22")]
    assert values(dates, "Der Flohmarkt ist am 21./22.09. auf dem Schulhof.", "2024-08-30") == [
        ("21./22.09.", "2024-09-21/2024-09-22")]


def test_spaced_numeric_day_after_a_day_cue(dates: DateExtractor) -> None:
    assert values(dates, "Der Ausschuss tagt am 26. 11. im Sitzungssaal.", "2024-11-02") == [
        ("26. 11.", "2024-11-26")]
    assert values(dates, "Der Verein landete am Ende auf dem 3. 4. Platz der Tabelle.", "2024-11-02") == []
    assert values(dates, "Die Mannschaft kam am 2. 5. Platz ins Ziel.", "2024-11-02") == []


# -- named weeks -----------------------------------------------------------------------------------
def test_named_weeks_are_the_iso_week_of_their_day(dates: DateExtractor) -> None:
    assert values(dates, "In der Karwoche holt der Betrieb die Tonnen früher ab.", "2025-03-20") == [
        ("Karwoche", "2025-W16")]
    assert values(dates, "Die Karwoche 2026 bringt geänderte Abholtermine.") == [("Karwoche 2026", "2026-W14")]
    assert values(dates, "In der Pfingstwoche bleibt die Bücherei geschlossen.", "2025-05-02") == [
        ("Pfingstwoche", "2025-W24")]


# -- parts of the day alone (TimeML extras only) ---------------------------------------------------
def test_part_of_the_day_alone_is_the_day_it_belongs_to_with_timeml_extras(dates: DateExtractor) -> None:
    extras = date_extractor(True)
    text = "Am Freitag, 13. September, tagte der Ausschuss. Am späten Nachmittag folgte die Begehung."
    assert values(extras, text, "2024-09-16") == [("13. September", "2024-09-13"), ("späten Nachmittag", "2024-09-13")]
    assert values(extras, "In der Nacht brachen Unbekannte in die Schule ein.", "2024-09-16") == [
        ("Nacht", "2024-09-16")]
    assert values(dates, "In der Nacht brachen Unbekannte in die Schule ein.", "2024-09-16") == []


# -- halves of a month -----------------------------------------------------------------------------
def test_half_of_a_named_month_is_that_month(dates: DateExtractor) -> None:
    assert values(dates, "In der zweiten Septemberhälfte wird die Brücke gesperrt.", "2024-08-20") == [
        ("Septemberhälfte", "2024-09")]
    assert values(dates, "In der ersten Julihälfte 2025 ruht der Fährbetrieb.") == [("Julihälfte 2025", "2025-07")]


# -- "Morgen" opening a sentence -------------------------------------------------------------------
def test_morgen_opening_a_sentence_is_tomorrow(dates: DateExtractor) -> None:
    assert values(dates, "Morgen beginnt die Anmeldung für die Ferienkurse.", "2024-08-20") == [
        ("Morgen", "2024-08-21")]
    assert values(dates, "Die Halle ist gereinigt. Morgen ist Ruhetag.", "2024-08-20") == [("Morgen", "2024-08-21")]
    found = dates.find_in_text("Morgen Abend spielt die Blaskapelle im Park.", "2024-08-20")
    assert [(d.text, d.info.value, d.info.attrs.get("part_of_day")) for d in found] == [
        ("Morgen", "2024-08-21", "evening")]


def test_morgen_as_a_noun_is_no_date(dates: DateExtractor) -> None:
    assert values(dates, "Morgen für Morgen bringt der Bäcker die Brötchen.", "2024-08-20") == []
    assert values(dates, "Am Morgen fuhr der Bäcker die Brötchen aus.", "2024-08-20") == []


# -- holidays on the N-th Sunday of a month --------------------------------------------------------
def test_holidays_on_the_nth_sunday_of_a_month() -> None:
    import datetime as dt

    from extract.normalise.timex import holiday_date

    assert holiday_date("sunday:05:2", 2024) == dt.date(2024, 5, 12)  # Muttertag
    assert holiday_date("sunday:10:1", 2023) == dt.date(2023, 10, 1)  # Erntedank, the 1st is a Sunday
    assert holiday_date("sunday:09:2", 2024) == dt.date(2024, 9, 8)  # a second Sunday in September


def test_muttertag_and_erntedank_in_text(dates: DateExtractor) -> None:
    assert values(dates, "Zum Muttertag 2025 lädt der Heimatverein zum Frühstück ein.") == [
        ("Muttertag 2025", "2025-05-11")]
    assert values(dates, "Das Erntedankfest wird auf dem Dorfplatz gefeiert.", "2024-09-10") == [
        ("Erntedankfest", "2024-10-06")]
    # an event name is no holiday: its year is the date
    assert values(dates, "Zum Tag des offenen Denkmals 2025 öffnet die Mühle ihre Türen.") == [("2025", "2025")]
    assert values(dates, "Zum Internationalen Frauentag am 8. März lädt die Gleichstellungsstelle ein.",
                  "2024-02-01")[-1] == ("8. März", "2024-03-08")
