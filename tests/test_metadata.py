"""Publication metadata classes found on unseen scraped pages (issue 12, places3): logo and
breadcrumb debris, a headline right above its date line, a headline after its teaser, a time
before the date, a ministry named as source, one-word titles. Made-up pages, exact values."""

from __future__ import annotations

from extract.metadata import detect_metadata

BODY = ("Der Kreis baut in diesem Jahr drei neue Radwege zwischen den Dörfern und investiert dafür "
        "nach eigenen Angaben rund 2,1 Millionen Euro aus Mitteln des Landes.")


def meta(*lines: str):
    return detect_metadata(list(lines), list(lines))


def test_logo_and_breadcrumbs_are_no_title():
    m = meta("Musterland klar Logo", "Sie sind hier:", "• Neue Radwege für das Kreisgebiet",
             "Neue Radwege für das Kreisgebiet", "12.03.2024", BODY)
    assert (m.title, m.published) == ("Neue Radwege für das Kreisgebiet", "2024-03-12")


def test_the_headline_above_the_date_line_beats_portal_and_role_lines():
    m = meta("Landesportal Musterland", "Ministerium für Umwelt und Natur", "Portraitfoto Dr. Erika Beispiel",
             "Dr. Erika Beispiel", "Ministerin für Umwelt und Natur", "Schulgärten blühen auf",
             "Datum 04.06.2021", BODY)
    assert (m.title, m.published, m.publisher, m.dateline) == (
        "Schulgärten blühen auf", "2021-06-04", "Ministerium für Umwelt und Natur", "")


def test_a_headline_printed_after_its_teaser():
    m = meta("Drei Vereine aus dem Ort bekommen neue Trikots. Die Sparkasse übergab am Freitag die Spende.",
             "Neue Trikots für drei Vereine")
    assert m.title == "Neue Trikots für drei Vereine"


def test_a_second_body_paragraph_is_no_headline():
    m = meta("Drei Vereine aus dem Ort bekommen neue Trikots. Die Sparkasse übergab am Freitag die Spende.", BODY)
    assert m.title == ""


def test_a_time_before_the_date_in_a_lone_date_line():
    m = meta("Menü", "Neue Kita am Mühlbach eröffnet", "09:15 04.05.2022", BODY)
    assert (m.title, m.published) == ("Neue Kita am Mühlbach eröffnet", "2022-05-04")


def test_a_ministry_named_as_source_is_the_publisher():
    m = meta("Mehr Geld für Dorfläden", BODY, "Quelle: Umweltministerium Sachsen")
    assert (m.title, m.publisher) == ("Mehr Geld für Dorfläden", "Umweltministerium Sachsen")


def test_a_one_word_headline_above_the_body():
    assert meta("Wahlhelfer-Aufruf", BODY).title == "Wahlhelfer-Aufruf"
    assert meta("Pressemitteilungen", BODY).title == ""  # a listing's header, not a headline


def test_a_place_rubric_before_the_headline_is_the_dateline():
    m = meta("Anmelden", "Musterhausen Neuer Spielplatz am Dorfteich eröffnet", "12:05 03.07.2023",
             "Musterhausen", BODY)
    assert (m.title, m.dateline, m.published) == (
        "Neuer Spielplatz am Dorfteich eröffnet", "Musterhausen", "2023-07-03")
    # without the lone place line above the body the first word stays
    assert meta("Musterhausen Neuer Spielplatz am Dorfteich eröffnet", BODY).title == (
        "Musterhausen Neuer Spielplatz am Dorfteich eröffnet")


def test_a_place_rubric_that_the_headline_repeats_is_no_part_of_it():
    assert meta("Musterhausen Neue Bänke für den Marktplatz in Musterhausen", BODY).title == (
        "Neue Bänke für den Marktplatz in Musterhausen")
    assert meta("Musterhausen baut neue Bänke in Musterhausen-Süd", BODY).title == (
        "Musterhausen baut neue Bänke in Musterhausen-Süd")  # the place is the subject
