"""Issue 12, second round (dates2): classes found on real releases of eval/real-dates-2 — day
ranges told apart by weekdays and filler words, the nearest occurrence against the tense, a
text's own year, a stated weekday that fixes the year, a lone weekday that repeats a named day.
Every sentence here is written for this file (none is in a gold file)."""

from __future__ import annotations

import pytest

from extract.components.dates import DateExtractor
from extract.nlp import date_extractor


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


def values(dates: DateExtractor, text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.text, d.info.value) for d in dates.find_in_text(text, published)]


# -- day ranges with weekdays and filler words ----------------------------------------------
def test_range_with_weekdays_and_expected_end(dates: DateExtractor) -> None:
    text = ("Die Ortsdurchfahrt Kleinbach ist von Dienstag, den 4. März, bis voraussichtlich Freitag, 28. März, "
            "gesperrt.")
    assert values(dates, text, "2025-02-27") == [
        ("von Dienstag, den 4. März, bis voraussichtlich Freitag, 28. März", "2025-03-04/2025-03-28")]


def test_range_from_ab_with_latest_end(dates: DateExtractor) -> None:
    text = "Die Brücke am Mühlgraben bleibt ab Montag, 6. Oktober, bis längstens Mittwoch, 22. Oktober, zu."
    found = dates.find_in_text(text, "2025-10-01")
    assert [(d.text, d.info.value, d.info.unit, d.info.rule) for d in found] == [
        ("ab Montag, 6. Oktober, bis längstens Mittwoch, 22. Oktober", "2025-10-06/2025-10-22", "range",
         "date.range_days_apart")]


def test_range_with_times_of_day_between(dates: DateExtractor) -> None:
    text = "Die Halle ist vom 9.Mai, 8.00 Uhr bis 11. Mai, 18 Uhr, für das Turnier belegt."
    assert values(dates, text, "2025-04-30") == [("vom 9.Mai, 8.00 Uhr bis 11. Mai", "2025-05-09/2025-05-11")]


def test_range_across_new_year_takes_the_year_before_for_its_start(dates: DateExtractor) -> None:
    text = "Die Bücherei schließt vom 27. Dezember bis zum 2. Januar 2026."
    assert values(dates, text) == [("vom 27. Dezember bis zum 2. Januar 2026", "2025-12-27/2026-01-02")]


def test_two_days_without_a_range_opener_stay_apart(dates: DateExtractor) -> None:
    text = "Die Sprechstunde am 3. Juni fällt aus, bis 10. Juni gilt die Vertretung."
    assert values(dates, text, "2025-05-20") == [("3. Juni", "2025-06-03"), ("10. Juni", "2025-06-10")]


# -- which year a day without one takes -------------------------------------------------------
def test_nearest_occurrence_wins_over_the_past_tense_when_close(dates: DateExtractor) -> None:
    # a past-tense sentence about tickets for an event three weeks ahead
    text = "Binnen einer Stunde waren alle Plätze für die Lesung am 2. Oktober vergeben."
    assert values(dates, text, "2025-09-11") == [("2. Oktober", "2025-10-02")]


def test_past_tense_still_moves_a_far_date_back(dates: DateExtractor) -> None:
    text = "Der Kreistag hatte den Plan am 20. November gebilligt."
    assert values(dates, text, "2025-03-05") == [("20. November", "2024-11-20")]


def test_a_text_keeps_the_year_of_its_own_dates(dates: DateExtractor) -> None:
    text = ("Das Programm beginnt am 12. Februar 2026 mit einer Lesung.\n\n"
            "Die Ausstellung folgt vom 18. September bis 31. Oktober.")
    assert values(dates, text)[1:] == [("vom 18. September bis 31. Oktober", "2026-09-18/2026-10-31")]


def test_a_text_date_just_across_new_year(dates: DateExtractor) -> None:
    text = "Die Sammlung läuft bis 15. Dezember 2025. Die Übergabe ist am 9. Januar im Rathaus."
    assert values(dates, text) == [("15. Dezember 2025", "2025-12-15"), ("9. Januar", "2026-01-09")]


def test_stated_weekday_fixes_the_year(dates: DateExtractor) -> None:
    # 10 December is a Wednesday in 2025, a Tuesday in 2024; the text's anchor (12.01.2025) puts
    # "Mittwoch, 10. Dezember" in 2024 by distance, the weekday puts it in 2025
    text = "Stand 12.01.2025. Der Basar findet am Mittwoch, 10. Dezember, im Foyer statt."
    assert values(dates, text)[-1] == ("10. Dezember", "2025-12-10")


# -- a lone weekday that repeats a named day -------------------------------------------------
def test_lone_weekday_is_the_named_day_before_it(dates: DateExtractor) -> None:
    text = ("Der Flohmarkt ist am Sonntag, 14. September, auf dem Schulhof. "
            "Am Sonntag gibt es dort auch Kuchen.")
    assert values(dates, text, "2025-09") == [("14. September", "2025-09-14"), ("Sonntag", "2025-09-14")]


def test_lone_weekday_without_a_matching_day_counts_from_the_publication(dates: DateExtractor) -> None:
    text = "Der Flohmarkt ist am 14. September. Am Freitag wird aufgebaut."
    assert values(dates, text, "2025-09-10") == [("14. September", "2025-09-14"), ("Freitag", "2025-09-12")]
