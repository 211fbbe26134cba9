"""Issue 12, round 8: TimeML expression classes beyond press-release shapes. Every sentence is
made up for the class it stands for; the values are TIMEX3 ones (README, date value scheme)."""

from __future__ import annotations

import pytest

from extract.components.dates import DateExtractor
from extract.nlp import date_extractor
from extract.normalise.dates import season_year


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return date_extractor()


def values(dates: DateExtractor, text: str, published: str = "") -> list[tuple[str, str]]:
    return [(d.text, d.info.value) for d in dates.find_in_text(text, published)]


# -- seasons with a relative adjective -------------------------------------------------------
@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Im vergangenen Sommer wurde der Teich entschlammt.", "2026-03-12", [("vergangenen Sommer", "2025-SU")]),
    ("Im vergangenen Sommer wurde der Teich entschlammt.", "2026-10-05", [("vergangenen Sommer", "2026-SU")]),
    ("Im vergangenen Sommer wurde der Teich entschlammt.", "2026-07-20", [("vergangenen Sommer", "2025-SU")]),
    ("Im kommenden Winter soll das Hallendach saniert werden.", "2026-01-15", [("kommenden Winter", "2026-WI")]),
    ("Letzten Herbst hat die Gemeinde 40 Linden gepflanzt.", "2026-03-12", [("Letzten Herbst", "2025-FA")]),
    ("Im nächsten Frühjahr beginnt der Umbau der Schule.", "2026-01-15", [("nächsten Frühjahr", "2026-SP")]),
    ("Im nächsten Frühjahr beginnt der Umbau der Schule.", "2026-04-02", [("nächsten Frühjahr", "2027-SP")]),
    ("Diesen Winter ist der Eisplatz geöffnet.", "2026-01-15", [("Diesen Winter", "2025-WI")]),
])
def test_seasons_with_relative_adjectives(dates: DateExtractor, text: str, published: str,
                                          expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, published) == expected


@pytest.mark.parametrize(("season", "year", "month", "direction", "strict", "expected"), [
    ("SU", 2026, 7, 0, False, 2026),   # the reference lies in it
    ("WI", 2026, 2, 0, False, 2025),   # February 2026 is in the winter that began in December 2025
    ("WI", 2026, 2, -1, True, 2024),   # the last winter wholly before February 2026
    ("WI", 2026, 12, 1, True, 2027),
    ("FA", 2024, 4, -1, False, 2023),  # past tense in spring: last autumn
    ("SP", 2024, 10, 1, False, 2025),
    ("FA", 2024, 4, 0, False, 2024),
])
def test_season_year(season: str, year: int, month: int, direction: int, strict: bool, expected: int) -> None:
    assert season_year(season, year, month, direction, strict) == expected


# -- parts of a week -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Zu Beginn der Woche hatte der Kreistag getagt.", [("Beginn der Woche", "2026-W11")]),
    ("Ende der Woche soll die Ortsdurchfahrt wieder frei sein.", [("Ende der Woche", "2026-W11")]),
    ("Mitte nächster Woche beginnt der Abriss.", [("Mitte nächster Woche", "2026-W12")]),
    ("Ende der vergangenen Woche brannte ein Carport.", [("Ende der vergangenen Woche", "2026-W10")]),
    ("Anfang dieser Woche kam der Förderbescheid.", [("Anfang dieser Woche", "2026-W11")]),
    ("Am Ende der Woche nach Ostern schließt das Bad.", [("Ostern", "2026-04-05")]),
    ("Der Spieler der Woche ist ein Torwart.", []),
])
def test_week_parts(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2026-03-12") == expected


def test_week_part_needs_the_publication_date(dates: DateExtractor) -> None:
    assert values(dates, "Anfang der Woche wurde die Brücke gesperrt.") == []


# -- "heute" set against the past is "nowadays" ----------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Vor 20 Jahren gab es hier nur Wiesen, heute steht dort ein Gewerbegebiet.", [("heute", "PRESENT_REF")]),
    ("Was als kleiner Verein begann, ist heute ein Betrieb mit 40 Beschäftigten.", [("heute", "PRESENT_REF")]),
    ("Damals fuhr hier die Kleinbahn, heute ist der Damm ein Radweg.", [("heute", "PRESENT_REF")]),
    ("Heute eröffnet der Landrat die Ausstellung im Foyer.", [("Heute", "2026-03-12")]),
    ("Heute stellt die Stadt das Konzept vor, das der Rat 2025 beschlossen hat.",
     [("Heute", "2026-03-12"), ("2025", "2025")]),
    ("Nachdem der Rat zugestimmt hatte, beginnt heute der Abriss.", [("heute", "2026-03-12")]),
])
def test_heute_against_the_past(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2026-03-12") == expected


# -- counted narrative days ------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Am 4. März brannte die Scheune. Zwei Tage später nahm die Polizei einen Mann fest.",
     [("4. März", "2026-03-04"), ("Zwei Tage später", "2026-03-06")]),
    ("Am 4. März brannte die Scheune. Drei Tage zuvor hatte es eingeschlagen.",
     [("4. März", "2026-03-04"), ("Drei Tage zuvor", "2026-03-01")]),
    ("Am 28. Februar tagte der Rat. 3 Tage danach lag der Bescheid vor.",
     [("28. Februar", "2026-02-28"), ("3 Tage danach", "2026-03-03")]),
    ("Die Feuerwehr war zwei Tage später als geplant fertig.", []),
    ("Das Fest dauert zwei Tage. Danach wird aufgeräumt.", []),
])
def test_counted_narrative_days(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2026-03-12") == expected


def test_counted_narrative_days_lexicon() -> None:
    from extract.components.date_words import counted_narrative_days
    spec = {"counts": {"zwei": 2}, "units": ["tage"], "directions": {"später": 1, "zuvor": -1}}
    assert counted_narrative_days(spec) == {"zwei tage später": 2, "zwei tage zuvor": -2,
                                            "2 tage später": 2, "2 tage zuvor": -2}


# -- ISO order with slashes, genitive seasons --------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Anträge müssen bis 2026/04/15 im Bürgerbüro vorliegen.", [("2026/04/15", "2026-04-15")]),
    ("Die Saison 2025/26 beginnt im August.", [("2025/26", "2025/2026"), ("August", "2026-08")]),
    ("Die Dürre des vergangenen Sommers hat dem Stadtwald geschadet.", [("vergangenen Sommers", "2025-SU")]),
    ("Seit Beginn des Sommers 2025 wird an der Brücke gebaut.", [("Sommers 2025", "2025-SU")]),
    ("Die Kälte des Winters setzte den jungen Bäumen zu.", []),
])
def test_iso_slash_and_genitive_seasons(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(dates, text, "2026-03-12") == expected


# -- centuries by ordinal words, millennia ---------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Im zwanzigsten Jahrhundert wuchs die Gemeinde auf das Doppelte.", [("zwanzigsten Jahrhundert", "19")]),
    ("Die Mühle ist ein Bau des neunzehnten Jahrhunderts.", [("neunzehnten Jahrhunderts", "18")]),
    ("Im dritten Jahrtausend braucht die Schule Glasfaser.", [("dritten Jahrtausend", "2")]),
    ("Die Siedlung reicht ins 2. Jahrtausend zurück.", [("2. Jahrtausend", "1")]),
    ("Im 5. Jahrhundert v. Chr. siedelten hier Kelten.", []),
    ("Aus dem fünften Jahrtausend vor Christus stammt die Scherbe.", []),
])
def test_centuries_and_millennia(dates: DateExtractor, text: str, expected: list[tuple[str, str]]) -> None:
    found = dates.find_in_text(text, "2026-03-12")
    assert [(d.text, d.info.value) for d in found] == expected
    assert all(d.info.unit in ("century", "millennium") for d in found)


# -- the night into a weekday ----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "In der Nacht auf Samstag brachen Unbekannte in den Kiosk ein.",
    "In der Nacht von Freitag auf Samstag brachen Unbekannte in den Kiosk ein.",
    "In der Nacht zum Samstag brachen Unbekannte in den Kiosk ein.",
])
def test_night_into_a_weekday(dates: DateExtractor, text: str) -> None:
    assert values(dates, text, "2026-03-12") == [("Samstag", "2026-03-07")]
