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


# -- surface forms of scraped releases -------------------------------------------------------
def test_spaced_numeric_date(dates: DateExtractor) -> None:
    assert values(dates, "Die Sitzung vom 3. 11. 2025 wird vertagt.") == [("3. 11. 2025", "2025-11-03")]


def test_spaced_numeric_date_that_does_not_exist_is_none(dates: DateExtractor) -> None:
    assert values(dates, "Punkt 31. 2. 2025 der Liste") == []


def test_day_and_month_in_parentheses(dates: DateExtractor) -> None:
    text = "Die Anmeldung öffnet am Montag (17.3.) im Bürgerbüro."
    assert values(dates, text, "2025-03-12") == [("17.3.", "2025-03-17")]


def test_numeric_day_range_in_one_token(dates: DateExtractor) -> None:
    text = "In den Herbstferien (13.10.-24.10.) bleibt das Bad zu."
    assert values(dates, text, "2025-09-30") == [("13.10.-24.10.", "2025-10-13/2025-10-24")]


def test_date_glued_to_a_quote_and_to_words_on_both_sides(dates: DateExtractor) -> None:
    assert values(dates, 'Meldung vom 04.03.2019"Neue Bänke am See"')[0][1] == "2019-03-04"
    assert values(dates, "Schulhof.12.05.2016Bild: Stadt")[0][1] == "2016-05-12"


def test_today_with_a_part_of_the_day_is_today(dates: DateExtractor) -> None:
    text = "Heute Morgen wurde die Brücke freigegeben, gestern Abend war die Abnahme."
    assert values(dates, text, "2025-06-05") == [("Heute Morgen", "2025-06-05"), ("gestern Abend", "2025-06-04")]


def test_month_after_a_cue_and_a_hedge(dates: DateExtractor) -> None:
    text = "Die Sperrung dauert bis voraussichtlich Oktober."
    assert values(dates, text, "2025-07-01") == [("Oktober", "2025-10")]


# -- a dateline in parentheses stands in for the publication date -----------------------------
def test_dateline_in_parentheses_resolves_words_of_the_time_of_writing(dates: DateExtractor) -> None:
    text = "Kleinbach (9. 4. 2025) – Im vergangenen Jahr kamen 300 Gäste, heute sind es mehr."
    found = dates.find_in_text(text)
    assert [(d.text, d.info.value) for d in found] == [
        ("9. 4. 2025", "2025-04-09"), ("vergangenen Jahr", "2024"), ("heute", "2025-04-09")]
    assert found[1].info.attrs["anchor"] == "dateline"


def test_dateline_date_before_the_place(dates: DateExtractor) -> None:
    text = "(21. Mai 2025) Oberdorf – Der Landrat übergab heute den Bescheid."
    assert values(dates, text) == [("21. Mai 2025", "2025-05-21"), ("heute", "2025-05-21")]


def test_a_date_in_parentheses_without_a_dash_is_no_dateline(dates: DateExtractor) -> None:
    text = "Der Bau (seit 21. Mai 2025) geht voran. Heute wird gegossen."
    assert values(dates, text) == [("21. Mai 2025", "2025-05-21")]


def test_the_pipeline_takes_the_cleaned_dateline_date(dates: DateExtractor) -> None:
    from extract.annotate import to_spacy_doc  # noqa: F401  (the doc extension is registered there)
    from extract.nlp import build_pipeline
    nlp = build_pipeline()
    doc = nlp.make_doc("Die Gemeinde plant für das kommende Jahr einen neuen Spielplatz.")
    doc._.dateline_date = "2025-11-20"
    doc = nlp(doc)
    assert [(s.text, s._.pe.value) for s in doc.spans["pressextract"] if s.label_ == "date"] == [
        ("kommende Jahr", "2026")]


# -- tense of the date's own clause ------------------------------------------------------------
def test_tense_of_the_clause_before_a_future_subclause(dates: DateExtractor) -> None:
    # published on a Wednesday: the Monday of a past-tense main clause is two days before
    text = ("Am Montag trafen sich der Bürgermeister und der Planer im Rathaus, damit die Brücke "
            "bald gebaut wird.")
    assert values(dates, text, "2025-06-11") == [("Montag", "2025-06-09")]


def test_perfect_with_a_separable_prefix_participle_is_past(dates: DateExtractor) -> None:
    text = "Das Treffen, das am Dienstag im Bürgerhaus stattgefunden hat, war gut besucht."
    assert values(dates, text, "2025-06-12") == [("Dienstag", "2025-06-10")]


def test_passive_perfect_is_past(dates: DateExtractor) -> None:
    text = "Die neue Halle ist am Samstag feierlich eingeweiht worden."
    assert values(dates, text, "2025-06-12") == [("Samstag", "2025-06-07")]


def test_lone_weekday_ignores_a_named_day_far_from_the_publication(dates: DateExtractor) -> None:
    text = "Die Messe ist am Montag, 23. Juni. Am Montag tagte bereits der Rat."
    assert values(dates, text, "2025-06-04") == [("23. Juni", "2025-06-23"), ("Montag", "2025-06-02")]


def test_this_year_in_the_genitive(dates: DateExtractor) -> None:
    assert values(dates, "Noch innerhalb dieses Jahres wird gebaut.", "2025-04-02") == [("dieses Jahres", "2025")]


def test_half_year_is_a_timex_half_with_its_months(dates: DateExtractor) -> None:
    (found,) = dates.find_in_text("In der zweiten Jahreshälfte 2026 beginnt der Umbau.")
    assert (found.info.value, found.info.unit, found.info.attrs["months"]) == ("2026-H2", "half", "2026-07/2026-12")


# -- calendar weeks and slash day pairs (a sentence-final dot stays on the number token) ----------
@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Die Leerung verschiebt sich in der KW 14 um einen Tag.", "2025-03-20", [("KW 14", "2025-W14")]),
    ("Gebaut wird ab der 36. Kalenderwoche 2026.", "", [("36. Kalenderwoche 2026", "2026-W36")]),
    ("Die Sperrung gilt bis Kalenderwoche 9.", "2025-01-30", [("Kalenderwoche 9.", "2025-W09")]),
    ("Die Liste KW 61 ist intern.", "2025-01-30", []),
])
def test_calendar_weeks(dates: DateExtractor, text: str, published: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, published) == expected


def test_two_days_with_a_slash_are_a_range(dates: DateExtractor) -> None:
    assert values(dates, "Das Dorffest ist am 5./6. Juli 2025.") == [("5./6. Juli 2025", "2025-07-05/2025-07-06")]


# -- holidays with their date, subjunctive and adverbs are no past tense, weekdays inside a range ---
def test_holiday_with_its_date_in_parentheses_is_one_mention(dates: DateExtractor) -> None:
    text = "Wer am Karfreitag (3.4.) Abfuhr hätte, stellt die Tonne am Samstag raus."
    assert values(dates, text, "2026-03-25") == [("3.4.", "2026-04-03"), ("Samstag", "2026-03-28")]


def test_holiday_with_its_date_after_a_comma_is_one_mention(dates: DateExtractor) -> None:
    assert values(dates, "Am Ostermontag, 6. April, bleibt das Amt zu.", "2026-03-25") == [("6. April", "2026-04-06")]


def test_an_adverb_in_ten_is_no_past_tense(dates: DateExtractor) -> None:
    text = "In dieser Woche verschiebt sich die Leerung ab Donnerstag nach hinten."
    assert values(dates, text, "2025-12-15") == [("dieser Woche", "2025-W51"), ("Donnerstag", "2025-12-18")]


def test_lone_weekday_inside_a_short_range_named_before(dates: DateExtractor) -> None:
    text = ("Das Weinfest läuft vom 11. bis 14. September 2025. "
            "Am Samstagabend spielt die Stadtkapelle auf dem Markt.")
    assert values(dates, text, "2025-07-02")[-1] == ("Samstagabend", "2025-09-13")


def test_part_of_this_or_the_coming_month(dates: DateExtractor) -> None:
    text = "Die Liste liegt bis Ende des Monats aus, die Auszahlung folgt Anfang des kommenden Monats."
    assert values(dates, text, "2025-11-04") == [
        ("Ende des Monats", "2025-11"), ("Anfang des kommenden Monats", "2025-12")]
    assert values(dates, text) == []
