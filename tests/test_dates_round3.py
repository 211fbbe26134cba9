"""Date classes of the third issue-12 round (found on eval/real-dates-4 and KRAUTS, by class):
ranges with a weekday on a side, month pairs with a slash, spans of weekdays, years before 1900
opening a sentence, holidays against a month-precision publication date. Every sentence here is
written for this file (none is in a gold file)."""

from __future__ import annotations

import pytest

from extract.components.dates import DateExtractor
from extract.nlp import date_extractor


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


def values(dates: DateExtractor, text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.text, d.info.value) for d in dates.find_in_text(text, published)]


# -- ranges with weekdays ----------------------------------------------------------------------
def test_range_with_a_weekday_before_each_day(dates: DateExtractor) -> None:
    text = "Das Fest auf dem Anger dauert vom Freitag, 7. bis Sonntag, 9. Juni."
    assert values(dates, text) == [("vom Freitag, 7. bis Sonntag, 9. Juni", "XXXX-06-07/XXXX-06-09")]


def test_range_with_weekdays_takes_the_year_of_the_right_side(dates: DateExtractor) -> None:
    text = "Gesperrt ist die Brücke ab Dienstag, 4. bis Donnerstag, 6. März 2025."
    found = dates.find_in_text(text)
    assert [(d.text, d.info.value, d.info.unit) for d in found] == [
        ("ab Dienstag, 4. bis Donnerstag, 6. März 2025", "2025-03-04/2025-03-06", "range")]


def test_range_with_a_weekday_only_on_the_right(dates: DateExtractor) -> None:
    text = "Vom 6. bis Freitag, 10. Mai bleibt die Bücherei geschlossen."
    assert values(dates, text, "2024-04-29") == [("Vom 6. bis Freitag, 10. Mai", "2024-05-06/2024-05-10")]


def test_full_dates_with_weekdays_stay_one_range(dates: DateExtractor) -> None:
    text = "Vom Mittwoch, 2. Oktober 2024, bis Sonntag, 6. Oktober 2024 ruht der Betrieb."
    assert values(dates, text) == [("Vom Mittwoch, 2. Oktober 2024, bis Sonntag, 6. Oktober 2024",
                                    "2024-10-02/2024-10-06")]


# -- month pairs -------------------------------------------------------------------------------
def test_month_pair_with_a_slash_is_a_range(dates: DateExtractor) -> None:
    assert values(dates, "Im Juli/August bleibt das Freibad wegen der Sanierung zu.") == [
        ("Juli/August", "XXXX-07/XXXX-08")]
    assert values(dates, "Die Bauarbeiten sind für Mai/Juni geplant.", "2023-02-10") == [
        ("Mai/Juni", "2023-05/2023-06")]


def test_month_pair_with_a_year(dates: DateExtractor) -> None:
    assert values(dates, "Die Umfrage lief im Oktober/November 2022.") == [
        ("Oktober/November 2022", "2022-10/2022-11")]


def test_year_slash_file_numbers_stay_no_range(dates: DateExtractor) -> None:
    # the slash range of months must not open the door to "2014/2284"
    found = dates.find_in_text("Das Aktenzeichen lautet 2014/2284.")
    assert [d.info.unit for d in found if "/" in d.info.value] == []


# -- spans of weekdays -------------------------------------------------------------------------
def test_span_of_weekdays_gives_no_lone_weekday(dates: DateExtractor) -> None:
    assert values(dates, "Das Bürgerbüro ist von Montag bis Freitag geöffnet.", "2024-05-06") == []
    assert values(dates, "Die Turnhalle ist Montag bis Donnerstag belegt.", "2024-05-06") == []


def test_weekday_after_bis_alone_is_still_a_date(dates: DateExtractor) -> None:
    assert values(dates, "Die Sperrung dauert bis Freitag.", "2024-05-06") == [("Freitag", "2024-05-10")]


# -- years before 1900 opening a sentence ------------------------------------------------------
def test_old_year_opening_a_sentence_before_a_verb(dates: DateExtractor) -> None:
    text = "1897 entstand die erste Brücke über den Fluss. 1850 gründeten Bürger den Gesangverein."
    assert values(dates, text) == [("1897", "1897"), ("1850", "1850")]


def test_counts_opening_a_sentence_stay_counts(dates: DateExtractor) -> None:
    assert values(dates, "1500 Besucher kamen zum Fest.") == []
    assert values(dates, "1200 weitere Plätze entstehen in der Stadt.") == []
    assert values(dates, "1300 erste Hilfen wurden gezählt.") == []


# -- holidays against a month-precision publication date ---------------------------------------
def test_holiday_against_a_month_publication_date(dates: DateExtractor) -> None:
    text = "In der Woche, die mit dem Pfingstmontag beginnt, fährt der Bus nach dem Ferienplan."
    # Pfingstmontag 2025 is 9 June; the page states only " date 2025-05"
    assert values(dates, text, "2025-05") == [("Pfingstmontag", "2025-06-09")]


def test_holiday_against_a_year_publication_date(dates: DateExtractor) -> None:
    assert values(dates, "Am Karfreitag bleibt das Rathaus geschlossen.", "2026") == [("Karfreitag", "2026-04-03")]


# -- lists with weekdays -----------------------------------------------------------------------
def test_two_weekdays_after_one_cue(dates: DateExtractor) -> None:
    assert values(dates, "Das Dorffest findet am Samstag und Sonntag auf der Wiese statt.", "2024-05-06") == [
        ("Samstag", "2024-05-11"), ("Sonntag", "2024-05-12")]


def test_weekdays_without_a_cue_stay_recurring(dates: DateExtractor) -> None:
    assert values(dates, "Sprechzeiten: Montag und Mittwoch von 8 bis 12 Uhr.", "2024-05-06") == []


def test_day_list_with_weekdays(dates: DateExtractor) -> None:
    found = dates.find_in_text("Der Hofladen öffnet am Samstag, 11. und Sonntag, 12. Mai.", "2024-05-06")
    assert [(d.text, d.info.value, d.info.attrs.get("weekday")) for d in found] == [
        ("11.", "2024-05-11", "samstag"), ("12. Mai", "2024-05-12", "sonntag")]


# -- a week or weekend the text states by its dates --------------------------------------------
def test_weekend_with_its_range_is_one_mention(dates: DateExtractor) -> None:
    assert values(dates, "Am Wochenende vom 11. bis 12. Mai ist Töpfermarkt.", "2024-05-06") == [
        ("vom 11. bis 12. Mai", "2024-05-11/2024-05-12")]
    assert values(dates, "Am vergangenen Wochenende (4. - 5.05.2024) krachte es zweimal.", "2024-05-07") == [
        ("4. - 5.05.2024", "2024-05-04/2024-05-05")]


def test_weekend_apart_from_a_date_stays(dates: DateExtractor) -> None:
    assert values(dates, "Am Wochenende ist Töpfermarkt, am 12. Mai auch.", "2024-05-06") == [
        ("Wochenende", "2024-W19-WE"), ("12. Mai", "2024-05-12")]


# -- a month alone, by tense -------------------------------------------------------------------
def test_future_month_in_future_tense_is_next_year(dates: DateExtractor) -> None:
    # August text: the nearest March is the past one, the future tense asks for the coming one
    assert values(dates, "Im März wird die neue Mensa eröffnet.", "2024-08-12") == [("März", "2025-03")]


def test_past_month_in_past_tense_is_this_year(dates: DateExtractor) -> None:
    # November text: the nearest February is the coming one, the past tense asks for the last one
    assert values(dates, "Im Februar wurde der Umbau der Mensa beschlossen.", "2024-11-12") == [("Februar", "2024-02")]


def test_month_near_the_reference_keeps_the_nearest(dates: DateExtractor) -> None:
    assert values(dates, "Ende September wurde der Vorstand gewählt.", "2024-08-12") == [("Ende September", "2024-09")]


def test_adjectives_in_haft_are_no_past_tense(dates: DateExtractor) -> None:
    text = "Noch bis voraussichtlich November dauert der grundhafte Ausbau der Dorfstraße."
    assert values(dates, text, "2017-06-04") == [("November", "2017-11")]


# -- numeric ranges whose left day has no month ------------------------------------------------
def test_numeric_range_with_a_bare_left_day(dates: DateExtractor) -> None:
    assert values(dates, "Vom 2.–4.12. ist Adventsmarkt im Schlosshof.", "2024-11-12") == [
        ("2.–4.12.", "2024-12-02/2024-12-04")]
    assert values(dates, "Vom 2.-4.12.2024 ist Adventsmarkt.") == [("2.-4.12.2024", "2024-12-02/2024-12-04")]


def test_numeric_range_spaced_without_a_year(dates: DateExtractor) -> None:
    assert values(dates, "Vom 2. bis 4.12. ist Adventsmarkt.", "2024-11-12") == [
        ("Vom 2. bis 4.12.", "2024-12-02/2024-12-04")]
    assert values(dates, "Geöffnet ist vom 28.11. - 4.12. täglich.", "2024-11-12") == [
        ("vom 28.11. - 4.12.", "2024-11-28/2024-12-04")]


# -- ISO date-time stamps of scraped pages -----------------------------------------------------
def test_iso_datetime_stamp_is_its_day(dates: DateExtractor) -> None:
    assert values(dates, "Datum: 2024-03-12T10:15:00+01:00 Die Gemeinde lädt ein.") == [
        ("2024-03-12T10:15:00+01:00", "2024-03-12")]
    assert values(dates, "Stand 2024-03 Die Gemeinde lädt ein.") == [("2024-03", "2024-03")]


def test_weekday_in_capitals_after_its_cue(dates: DateExtractor) -> None:
    assert values(dates, "AM SAMSTAG IST TAG DER OFFENEN TÜR IM BAUHOF", "2024-05-06") == [("SAMSTAG", "2024-05-11")]
    assert values(dates, "Das Team MONTAG ist neu im Verein.", "2024-05-06") == []


# -- days counted by an adjective, weekdays described by a date, strong preterites -------------
def test_day_adjective_before_a_weekday(dates: DateExtractor) -> None:
    assert values(dates, "Am gestrigen Mittwoch stießen zwei Radler zusammen.", "2024-03-14") == [
        ("gestrigen Mittwoch", "2024-03-13")]
    assert values(dates, "Am morgigen Freitag ist Wochenmarkt.", "2024-03-14") == [("morgigen Freitag", "2024-03-15")]
    assert values(dates, "Am gestrigen Abend brannte ein Schuppen.", "2024-03-14") == [
        ("gestrigen Abend", "2024-03-13")]


def test_day_adjective_needs_a_publication_date(dates: DateExtractor) -> None:
    assert values(dates, "Am gestrigen Mittwoch stießen zwei Radler zusammen.") == []


def test_weekday_part_before_its_date_is_one_mention(dates: DateExtractor) -> None:
    found = dates.find_in_text("Am Dienstagabend (12. März) brannte eine Gartenlaube.", "2024-03-14")
    assert [(d.text, d.info.value) for d in found] == [("12. März", "2024-03-12")]


def test_strong_preterites_make_a_lone_weekday_past(dates: DateExtractor) -> None:
    assert values(dates, "Am Dienstag brach in der Scheune ein Feuer aus.", "2024-03-14") == [
        ("Dienstag", "2024-03-12")]
    assert values(dates, "Am Montag geriet ein Lieferwagen ins Schleudern.", "2024-03-14") == [("Montag", "2024-03-11")]
    assert values(dates, "Am Dienstag kommt der Posaunenchor.", "2024-03-14") == [("Dienstag", "2024-03-19")]


# -- listed numeric days and months, abbreviated weekdays --------------------------------------
def test_listed_numeric_days_take_the_first_cue(dates: DateExtractor) -> None:
    assert values(dates, "Am 11.05., 12.05. und 13.05. ist Dorffest.", "2024-05-02") == [
        ("11.05.", "2024-05-11"), ("12.05.", "2024-05-12"), ("13.05.", "2024-05-13")]


def test_listed_numeric_days_before_a_full_date(dates: DateExtractor) -> None:
    assert values(dates, "Sprechtage: 11.05., 18.05. und 25.05.2024", "2024-05-02") == [
        ("11.05.", "2024-05-11"), ("18.05.", "2024-05-18"), ("25.05.2024", "2024-05-25")]


def test_numbers_with_dots_without_a_cue_are_no_list(dates: DateExtractor) -> None:
    assert values(dates, "Die Fassung 1.2. und 3.4. des Plans liegt aus.", "2024-05-02") == []


def test_day_list_with_a_plus(dates: DateExtractor) -> None:
    assert values(dates, "11. + 12. Mai: Stadtfest", "2024-05-02") == [("11.", "2024-05-11"), ("12. Mai", "2024-05-12")]


def test_abbreviated_weekday_cues_a_numeric_day(dates: DateExtractor) -> None:
    found = dates.find_in_text("Sa. 11.5. 19 Uhr Konzert im Kloster", "2024-05-02")
    assert [(d.text, d.info.value, d.info.attrs.get("weekday")) for d in found] == [("11.5.", "2024-05-11", "samstag")]


def test_listed_months_take_the_first_cue(dates: DateExtractor) -> None:
    assert values(dates, "Im Mai und Juni ist das Waldbad geöffnet.", "2024-05-02") == [
        ("Mai", "2024-05"), ("Juni", "2024-06")]


def test_label_and_colon_cue_a_numeric_day(dates: DateExtractor) -> None:
    assert values(dates, "Einsendeschluss: 31.03. Die Jury tagt danach.", "2024-02-02") == [("31.03.", "2024-03-31")]
    assert values(dates, "Seite: 12.6. des Berichts", "2024-02-02") == []
