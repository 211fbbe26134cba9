"""Publication metadata classes of a third blind set of scraped pages (issue 12, meta7): rubric and
breadcrumb lines above the headline, navigation debris, a lone date line carrying the release number,
a reprint's credit line with the source paper's date, bylines and imprint labels that look like a
dateline, pages that start with their body. Made-up pages, exact values."""

from __future__ import annotations

from extract.clean import clean
from extract.metadata import _is_rubric, _metadata_rules
from extract.model import RawDocument

BODY = ("Die Gemeinde saniert im Sommer das Dach ihrer Mehrzweckhalle und erhält dafür nach eigenen "
        "Angaben rund 480.000 Euro aus einem Programm des Landes.")
HEADLINE = "Neues Dach für die Mehrzweckhalle"
MORE = ("Die Halle wurde 1978 gebaut und dient Schulen und Vereinen. Der Gemeinderat hatte die Sanierung "
        "im Frühjahr beschlossen.", "", "Die Gesamtkosten liegen bei rund 900.000 Euro.")


def cleaned(*lines: str):
    text = "\n".join(lines)
    return clean(RawDocument("d1", "page.txt", "", text.encode(), text, "utf-8", "text", "ok"))


def test_a_rubric_line_above_the_headline_is_not_the_title():
    for rubric in ("Bauen und Wohnen", "Politik | Kommunales", "Kurz notiert", "Kurz und bündig",
                   "Aus den Gemeinden", "Sport, Freizeit & Kultur", "Die gute Nachricht"):
        doc = cleaned(rubric, "", HEADLINE, "", BODY)
        assert doc.title == HEADLINE, rubric


def test_a_rubric_between_the_date_line_and_the_headline():
    doc = cleaned("7. Mai 2023", "", "", "Kultur und Freizeit", "", HEADLINE, "", BODY)
    assert (doc.title, doc.published) == (HEADLINE, "2023-05-07")


def test_a_breadcrumb_ending_in_a_section_is_not_the_title_and_the_headline_beats_its_subtitle():
    doc = cleaned("Landkreis Musterland / Bildung", HEADLINE, "Arbeiten beginnen in den Ferien", "", BODY)
    assert doc.title == HEADLINE
    doc = cleaned("Start > Aktuelles", HEADLINE, "", BODY)
    assert doc.title == HEADLINE


def test_a_rubric_alone_above_the_body_stays_the_title():
    # nothing else is headline-like: the rubric line is kept rather than no title at all
    doc = cleaned("Bauen und Wohnen", "", BODY)
    assert doc.title == "Bauen und Wohnen"


def test_rubric_vocabulary_does_not_catch_headlines():
    rules = _metadata_rules()
    assert _is_rubric("Verkehr und Mobilität", rules) is True
    assert _is_rubric("Kreis Musterland / Verkehr", rules) is True
    assert _is_rubric("Neue Schule für die Kinder", rules) is False
    assert _is_rubric("Bund / Länder: Einigung bei der Förderung", rules) is False
    assert _is_rubric("Region Musterland erhält Förderung", rules) is False


def test_navigation_debris_above_the_headline_is_not_the_title():
    for debris in ("Lesen Sie weiter", "Jetzt weiterlesen", "Artikel vorlesen", "Zurück zur Übersicht",
                   "Mehr erfahren"):
        doc = cleaned(debris, "", HEADLINE, "", BODY)
        assert doc.title == HEADLINE, debris


def test_debris_then_rubric_then_headline_with_a_dateline():
    doc = cleaned("Lesen Sie weiter", "", "In Kürze", "", HEADLINE, "", "Musterdorf. " + BODY,
                  "", "  • 88 Leser")
    assert (doc.title, doc.dateline, doc.published) == (HEADLINE, "Musterdorf", "")


def test_a_lone_date_line_with_the_release_number():
    doc = cleaned(". .", "", "Pressemitteilung 27/2022", "", "14.06.2022 - 27/2022",
                  "Landkreis Musterland / Soziales", HEADLINE, "Baubeginn im Juli", "", BODY, "", *MORE)
    assert (doc.title, doc.published) == (HEADLINE, "2022-06-14")
    doc = cleaned("Nr. 27/2022 | 14.06.2022", HEADLINE, "", BODY)
    assert (doc.title, doc.published) == (HEADLINE, "2022-06-14")


def test_a_headline_above_a_date_line_with_the_release_number():
    doc = cleaned("Aktuelles aus dem Kreis", HEADLINE, "14.06.2022 - 27/2022", "", BODY)
    assert (doc.title, doc.published) == (HEADLINE, "2022-06-14")


def test_a_reprint_credit_line_dates_the_text():
    doc = cleaned(BODY, "Der Bürgermeister freut sich über den Zuschuss.",
                  "Bericht : kl (Musterstädter Bote, 8.2.2021)")
    assert (doc.published, doc.title, doc.publisher) == ("2021-02-08", "", "")
    doc = cleaned(HEADLINE, "", BODY, "(Kreisanzeiger, 08.02.2021)")
    assert (doc.published, doc.title) == ("2021-02-08", HEADLINE)
    doc = cleaned(HEADLINE, "", BODY, "Text: Erika Muster (Heimatblatt, vom 8. Februar 2021)")
    assert doc.published == "2021-02-08"


def test_a_photo_credit_with_a_date_does_not_date_the_text():
    doc = cleaned(HEADLINE, "", BODY, "(Foto: Gemeinde Musterdorf, 08.02.2021)")
    assert doc.published == ""


def test_a_byline_with_its_date_is_no_dateline():
    doc = cleaned(HEADLINE, "Von Erika Muster, 08.02.2021", "", BODY)
    assert (doc.title, doc.published, doc.dateline) == (HEADLINE, "2021-02-08", "")
    doc = cleaned(HEADLINE, "VON ERIKA MUSTER, 08.02.2021", "", BODY)
    assert (doc.published, doc.dateline) == ("2021-02-08", "")


def test_imprint_labels_are_no_dateline_and_name_the_publisher():
    doc = cleaned(HEADLINE, "", BODY, "", "Herausgeber: Landratsamt Musterland")
    assert (doc.title, doc.publisher, doc.dateline) == (HEADLINE, "Landratsamt Musterland", "")
    doc = cleaned(HEADLINE, "", BODY, "", "Verantwortlich: Gemeinde Musterdorf, Hauptamt")
    assert (doc.publisher, doc.dateline) == ("Gemeinde Musterdorf", "")


def test_agency_datelines_open_the_body_not_the_title():
    doc = cleaned(HEADLINE, "", "MUSTERSTADT (ots) – " + BODY)
    assert (doc.title, doc.dateline) == (HEADLINE, "MUSTERSTADT")
    doc = cleaned(HEADLINE, "", "Musterstadt (dpa/lby) – " + BODY)
    assert (doc.title, doc.dateline) == (HEADLINE, "Musterstadt")
    doc = cleaned(HEADLINE, "", "(dpa/lby) – " + BODY)
    assert (doc.title, doc.dateline) == (HEADLINE, "")


def test_a_page_that_starts_with_its_body_has_no_title():
    doc = cleaned(BODY, "Der Bürgermeister freut sich über den Zuschuss, sagte er am Montag im Rat.")
    assert doc.title == ""
    doc = cleaned(" date 2021-02 " + BODY, "", "Letzte Änderung: Montag, 8. Februar 2021 10:15 Uhr", "", "Quelle: dpa")
    assert (doc.title, doc.published, doc.publisher) == ("", "2021-02", "")


MORE_LINES = ("Die Halle wurde 1978 gebaut. Der Gemeinderat hatte die Sanierung im Frühjahr beschlossen.", "",
              "Die Arbeiten beginnen im Mai.")


def test_the_publisher_from_an_imprint_a_contact_or_an_address_footer():
    for footer, publisher in (
            ("Impressum: Gemeinde Musterdorf, Hauptstraße 4, 54321 Musterdorf", "Gemeinde Musterdorf"),
            ("Herausgegeben von: Landratsamt Musterland", "Landratsamt Musterland"),
            ("Pressekontakt: Landratsamt Musterland, Pressestelle, Tel. 01234 5678", "Landratsamt Musterland"),
            ("Kontakt: Pressestelle der Stadt Musterstadt", "Stadt Musterstadt"),
            ("Pressestelle Landratsamt Musterland, Tel. 01234 5678", "Landratsamt Musterland"),
            ("Gemeinde Musterdorf | Hauptstraße 4 | 54321 Musterdorf", "Gemeinde Musterdorf"),
            ("Landratsamt Musterland · Am Markt 3 · 54321 Musterstadt · Tel. 01234 5678", "Landratsamt Musterland")):
        doc = cleaned(HEADLINE, "", BODY, "", *MORE_LINES, "", footer)
        assert (doc.title, doc.publisher, doc.dateline) == (HEADLINE, publisher, ""), footer


def test_a_street_address_in_the_body_names_no_publisher():
    doc = cleaned(HEADLINE, "", BODY, "", "Die Halle steht an der Hauptstraße 4, 54321 Musterdorf.")
    assert doc.publisher == ""


def test_stamp_lines_under_the_headline():
    for stamp, published in (("(Stand: 08.02.2021)", "2021-02-08"), ("Stand 8. Februar 2021", "2021-02-08"),
                             ("Veröffentlicht: Montag, 8. Februar 2021 10:15", "2021-02-08"),
                             ("8. Februar 2021 von Erika Muster", "2021-02-08"),
                             ("08.02.2021, 10:15 Uhr von Redaktion", "2021-02-08"),
                             ("2021-02-08T10:15:00+01:00", "2021-02-08"), ("Mo., 08.02.2021", "2021-02-08"),
                             ("aktualisiert am 08.02.2021", "")):
        doc = cleaned(HEADLINE, stamp, "", BODY)
        assert (doc.title, doc.published, doc.dateline) == (HEADLINE, published, ""), stamp


def test_a_lowercase_byline_or_stamp_is_not_glued_to_the_headline():
    for stamp in ("von Erika Muster", "von Redaktion | 08.02.2021", "veröffentlicht am 08.02.2021",
                  "vor 2 Stunden"):
        doc = cleaned(HEADLINE, stamp, "", BODY)
        assert doc.title == HEADLINE, stamp
    # a sentence that goes on in lower case is still one line
    doc = cleaned("Der Bürgermeister hat die Halle am Montag", "von Grund auf erneuert und eröffnet.", "", BODY)
    assert doc.title == ""


def test_paywall_and_audio_debris_above_the_headline():
    for debris in ("Exklusiv für Abonnenten", "Nur für Abonnenten", "Artikel anhören"):
        doc = cleaned(debris, HEADLINE, "", BODY)
        assert doc.title == HEADLINE, debris


def test_a_short_first_sentence_over_the_body_is_not_the_title():
    doc = cleaned("Die Gemeinde saniert ihre Mehrzweckhalle.", BODY, "", *MORE_LINES)
    assert doc.title == ""
    # a headline that ends in a period but opens with no sentence word stays the title
    doc = cleaned("Musterdorf – kleines Dorf mit großer Halle.", "", BODY, "", *MORE_LINES)
    assert doc.title == "Musterdorf – kleines Dorf mit großer Halle"
    # a first sentence above a headline line is a teaser, and the headline follows
    doc = cleaned("Die Gemeinde saniert ihre Mehrzweckhalle.", HEADLINE, BODY, "", *MORE_LINES)
    assert doc.title == HEADLINE



def test_a_month_stamp_and_a_stand_stamp_glued_to_the_headline():
    doc = cleaned(" date 2022-06 Stand: 14.06.2022 09:30 Uhr " + HEADLINE, "", BODY, "", *MORE_LINES)
    assert (doc.title, doc.published) == (HEADLINE, "2022-06-14")
    # a later day than the month stamp does not win over it
    doc = cleaned(" date 2022-05 Stand: 14.06.2022 09:30 Uhr " + HEADLINE, "", BODY, "", *MORE_LINES)
    assert (doc.title, doc.published) == (HEADLINE, "2022-05")


def test_an_aggregators_relative_stamp_is_not_the_title():
    for stamp in ("3 hours ago von Musterblatt", "1 day ago", "vor 5 Stunden von Musterblatt"):
        doc = cleaned(stamp, "Kreis- und Gemeindetag: Hallen werden zur Last", BODY, "Weiter zum Artikel")
        assert (doc.title, doc.dateline) == ("Kreis- und Gemeindetag: Hallen werden zur Last", ""), stamp


def test_a_hyphen_of_a_shortened_compound_is_no_dateline_dash():
    doc = cleaned("Kreis- und Gemeindetag: Hallen werden zur Last", BODY)
    assert (doc.title, doc.dateline) == ("Kreis- und Gemeindetag: Hallen werden zur Last", "")
    doc = cleaned(HEADLINE, "", "Musterdorf - " + BODY)
    assert doc.dateline == "Musterdorf"
    doc = cleaned(HEADLINE, "", "Musterdorf – " + BODY)
    assert doc.dateline == "Musterdorf"


def test_a_kreis_name_before_the_dash_is_the_dateline():
    doc = cleaned("Die Gemeinden im Kreis bekommen Geld. Auch Musterdorf profitiert davon.", "",
                  "Landkreis Musterland - " + BODY)
    assert (doc.title, doc.dateline) == ("", "Landkreis Musterland")


def test_a_credit_naming_the_papers_article_and_its_date():
    doc = cleaned(BODY, "", *MORE_LINES, "", "FOTO: Erika Muster, Artikel der Musterzeitung (Lokalteil) vom 04.03.2024")
    assert (doc.published, doc.title, doc.dateline) == ("2024-03-04", "", "")
    doc = cleaned(BODY, "", "Der Rat berichtet über den Artikel der Zeitung vom 4. März 2024.")
    assert doc.published == ""


def test_a_paywall_note_naming_the_printed_issue_dates_the_text():
    doc = cleaned(BODY, "", "Den ganzen Artikel lesen Sie als Abonnent im E-Paper oder in Ihrer Zeitung vom "
                  "4. März 2024.", "Übrigens: Das E-Paper ist ab 4. März 2024 erhältlich.")
    assert (doc.published, doc.title, doc.dateline) == ("2024-03-04", "", "")
    doc = cleaned(HEADLINE, "", BODY, "", "Mehr lesen Sie in der gedruckten Ausgabe vom Samstag, 9. März 2024")
    assert doc.published == "2024-03-09"


def test_a_discourse_word_before_a_colon_is_no_dateline():
    for word in ("Übrigens", "Außerdem", "Wichtig", "Kosten"):
        doc = cleaned(HEADLINE, "", f"{word}: Die Gemeinde zahlt ein Drittel der Summe selbst.", BODY)
        assert doc.dateline == "", word


def test_consent_box_lines_are_dropped_and_the_dateline_below_them_is_found():
    doc = cleaned(HEADLINE, "Der Rat hat noch nicht entschieden.", "unserer Mitarbeiterin Erika Muster",
                  "Wir benötigen Ihre Zustimmung um Musterwidget anzuzeigen",
                  "Unter Umständen sammelt Musterwidget personenbezogene Daten für eigene Zwecke.",
                  "Durch Klick auf \"Akzeptieren\" geben Sie Ihre Einwilligung für die Datenübermittlung.",
                  "AkzeptierenMehr Informationen", "MUSTERDORF. " + BODY)
    assert (doc.title, doc.dateline) == (HEADLINE, "MUSTERDORF")
    assert "Zustimmung" not in doc.text and "Akzeptieren" not in doc.text


def test_a_headline_naming_a_session_report_is_no_credit_line():
    doc = cleaned("Bericht aus der Sitzung des Gemeinderats vom 4. März 2024", "", BODY, "", *MORE_LINES)
    assert (doc.title, doc.published) == ("Bericht aus der Sitzung des Gemeinderats vom 4. März 2024", "")
