"""Publication metadata classes of a blind set of scraped pages (issue 12, meta4): release numbers
with a dash before the date, a letterhead inside a transcript line, English blog bylines, a
calendar-sheet date over three lines, the page's own day beating the stored month stamp, "Pressemitteilung
der … - date", spokesperson lines, ministries with a Land adjective, share and mail widgets, arrow
breadcrumbs, rubrics with a number before the headline, a teaser repeated below the headline,
capitals datelines without a dash, field labels that are no places. Made-up pages, exact values."""

from __future__ import annotations

from extract.clean import clean
from extract.metadata import detect_metadata
from extract.model import RawDocument

BODY = ("Der Kreis baut in diesem Jahr drei neue Radwege zwischen den Dörfern und investiert dafür "
        "nach eigenen Angaben rund 2,1 Millionen Euro aus Mitteln des Landes.")


def meta(*lines: str):
    return detect_metadata(list(lines), list(lines))


def cleaned(*lines: str):
    text = "\n".join(lines)
    return clean(RawDocument("d1", "page.txt", "", text.encode(), text, "utf-8", "text", "ok"))


def test_a_release_number_and_a_dash_before_the_date_glued_to_debris():
    m = meta("Neue Radwege im Kreis", "Pressestelle Adresse Hauptstraße 1 Webseite www.kreis-muster.de"
             "PRESSEMITTEILUNG 17 – 04.03.2024Der Kreis baut neue Radwege.", BODY)
    assert m.published == "2024-03-04"


def test_a_letterhead_inside_a_transcript_line_gives_date_and_dateline():
    m = meta("Musterländische Staatskanzlei",
             "1 Musterländische Staatskanzlei Pressemitteilung Nr: 88 Musterstadt, 3. Juli 2019 "
             "Bericht aus der Kabinettssitzung: 1. Mehr Geld für Schulen / Ministerin lobt die Kommunen")
    assert (m.published, m.dateline) == ("2019-07-03", "Musterstadt")


def test_an_english_byline_dates_the_post_and_points_at_the_headline():
    m = meta("Nachrichten und Meinungen aus dem Kreistag", "Kreis saniert die Turnhallen",
             "By redaktion at 9:05 am on Friday, March 8, 2024", BODY)
    assert (m.published, m.title) == ("2024-03-08", "Kreis saniert die Turnhallen")


def test_a_calendar_sheet_date_over_three_lines():
    m = meta("07", "März", "2022", "Neue Radwege geplant", "News", BODY)
    assert (m.published, m.title) == ("2022-03-07", "Neue Radwege geplant")


def test_the_pages_own_day_beats_the_stored_month_stamp():
    m = meta(" date 2021-06 Lokales", "09:15 Uhr | 14.06.2021", "Neue Radwege geplant", BODY)
    assert m.published == "2021-06-14"


def test_a_day_after_the_stamps_month_is_not_taken():
    m = meta(" date 2021-06 Lokales", "09:15 Uhr | 14.07.2021", "Neue Radwege geplant", BODY)
    assert m.published == "2021-06"


def test_a_release_of_a_parliamentary_group_with_a_dash_date():
    m = meta("Pressemitteilung der CDU-Kreistagsfraktion - 12. Mai 2020", "Neue Radwege für den Kreis", BODY)
    assert (m.published, m.publisher) == ("2020-05-12", "CDU-Kreistagsfraktion")


def test_a_spokespersons_line_names_the_publisher():
    m = meta("Neue Radwege für den Kreis",
             "Erika Muster Pressesprecherin der FDP-Landtagsfraktion Adresse Platz 1, 12345 Musterstadt", BODY)
    assert m.publisher == "FDP-Landtagsfraktion"


def test_a_ministry_with_the_lands_adjective_is_the_publisher_and_no_title():
    m = meta("Sächsisches Staatsministerium für Regionalentwicklung", "Neue Radwege für den Kreis", BODY)
    assert (m.publisher, m.title) == ("Sächsisches Staatsministerium für Regionalentwicklung",
                                      "Neue Radwege für den Kreis")


def test_a_teaser_repeated_below_the_headline_is_no_title():
    teaser = "Land gibt dem Kreis 2,1 Millionen Euro für drei neue Radwege"
    m = meta(teaser, "Radwege für alle Dörfer", f"{teaser}.", BODY)
    assert m.title == "Radwege für alle Dörfer"


def test_a_numbered_rubric_in_capitals_is_cut_from_the_headline():
    m = meta("VERKEHR/1234: Neue Radwege für den Kreis", BODY)
    assert m.title == "Neue Radwege für den Kreis"


def test_a_field_label_is_no_dateline_but_a_capitals_place_is():
    m = meta("Neue Radwege für den Kreis", "Arbeitsgruppe: Verkehr, Umwelt und Bau",
             "LAUTERBACH Die Stadt baut neue Radwege zwischen den Ortsteilen und zahlt dafür selbst.")
    assert m.dateline == "LAUTERBACH"


def test_an_acronym_opening_the_body_is_no_dateline():
    m = meta("Neue Radwege für den Kreis", "ADFC Die Radfahrer im Kreis freuen sich über drei neue Wege im Süden.")
    assert m.dateline == ""


def test_share_mail_and_ad_widgets_and_arrow_breadcrumbs_are_removed():
    doc = cleaned("Connect with us", "Portal → AKTUELL → KREIS", "Artikel per E-Mail empfehlen",
                  "Sie versenden Überschrift und Teaser sowie den Link auf den Artikel.",
                  "Neue Radwege für den Kreis", "Anzeige", BODY)
    assert doc.title == "Neue Radwege für den Kreis"
    assert doc.text == f"Neue Radwege für den Kreis\n{BODY}"


def test_a_cms_byline_with_the_author_between_stamp_and_date():
    assert meta("Neue Radwege für den Kreis", "Geschrieben von Redaktion am 12. März 2021", BODY).published == \
        "2021-03-12"
    assert meta("Neue Radwege für den Kreis", "Veröffentlicht von Erika Muster am 03.05.2022", BODY).published == \
        "2022-05-03"


def test_a_police_release_credit_dates_the_page():
    m = meta("Neue Radwege für den Kreis", BODY, "PM des PP Musterstadt vom 27.09.2019")
    assert m.published == "2019-09-27"


def test_a_date_field_inside_a_line_of_cms_details():
    m = meta("Neue Radwege für den Kreis", "Details Kategorie: Kreis Veröffentlicht: 12. März 2021 Zugriffe: 312",
             BODY)
    assert m.published == "2021-03-12"


def test_an_update_stamp_and_a_body_date_are_no_publication_date():
    m = meta("Neue Radwege für den Kreis", "Zuletzt aktualisiert: 04.05.2022",
             "Die Arbeiten beginnen am 12. März 2021 und dauern nach Angaben des Kreises etwa drei Monate.")
    assert m.published == ""


def test_an_abbreviated_english_month():
    assert meta("Posted on Nov. 12, 2018 by admin", "Neue Radwege für den Kreis", BODY).published == "2018-11-12"
