"""Publication metadata classes of a second blind set of scraped pages (issue 12, meta5): skip links
and logo alt texts above the headline, a keyword tag the headline repeats, a kicker over the headline
found through a byline past duplicated photo captions, a blog listing's headline, date stamps and lead
glued into one line. Made-up pages, exact values."""

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


def test_skip_links_are_not_the_title():
    for skip in ("Zum Hauptinhalt springen", "Springe zum Seiteninhalt", "Inhalt überspringen",
                 "Skip to main content", "Zur Hauptnavigation springen"):
        doc = cleaned(skip, "", "Neue Radwege für den Kreis", "", BODY)
        assert doc.title == "Neue Radwege für den Kreis", skip


def test_a_row_of_skip_links_in_one_line_is_not_the_title():
    for skip in ("Seitenbeginn . Zur Hauptnavigation . Zum Seiteninhalt", "Zum Seitenanfang · Zur Suche · Zum Inhalt",
                 "Zum Inhalt | Zur Navigation"):
        doc = cleaned(skip, "", "Neue Radwege für den Kreis", "", BODY)
        assert doc.title == "Neue Radwege für den Kreis", skip
    doc = cleaned("Zum Inhalt der Satzung . Die Gemeinde informiert", "", BODY)  # prose, not a row of links
    assert doc.title == "Zum Inhalt der Satzung . Die Gemeinde informiert"


def test_a_logo_or_coat_of_arms_alt_text_is_not_the_title():
    for alt in ("Logo der Gemeinde Musterhausen", "Wappen des Landkreises Musterland", "Logo: Stadt Musterstadt"):
        m = meta(alt, "Nachricht", "Neue Radwege für den Kreis", BODY)
        assert m.title == "Neue Radwege für den Kreis", alt
        assert m.publisher == ""


def test_a_keyword_tag_that_the_headline_repeats_is_not_the_title():
    m = meta("Radwege", "Neue Radwege für den Kreis: Land zahlt die Hälfte", BODY)
    assert m.title == "Neue Radwege für den Kreis: Land zahlt die Hälfte"
    m = meta("Millionen Euro", "Drei Millionen Euro für Radwege", BODY)
    assert m.title == "Drei Millionen Euro für Radwege"


def test_a_short_line_the_headline_does_not_repeat_stays_the_title():
    m = meta("Neue Radwege", "Land zahlt die Hälfte der Kosten", BODY)
    assert m.title == "Neue Radwege"


def test_a_kicker_headline_captions_and_byline_give_the_headline():
    caption = "Landrat Hans Muster (links) zeigt den neuen Radweg, den der Kreis mit Landesgeld gebaut hat."
    m = meta("Besuch bei den Projekten im Kreis Musterland", "Radwege: Ein Gewinn für die Dörfer",
             caption, caption, "Von Redaktion Musterland", BODY)
    assert m.title == "Radwege: Ein Gewinn für die Dörfer"
    single = "Landrat Hans Muster (links) zeigt den neuen Radweg an der Kreisstraße."
    m = meta("Besuch bei den Projekten im Kreis Musterland", "Radwege: Ein Gewinn für die Dörfer",
             single, "Von Anna Muster", BODY)
    assert m.title == "Radwege: Ein Gewinn für die Dörfer"


def test_headline_and_subtitle_over_the_body_give_the_headline():
    m = meta("Förderung aus dem Programm für den ländlichen Raum", "Drei Millionen Euro für zwölf Projekte",
             BODY, "Von Anna Muster")
    assert m.title == "Förderung aus dem Programm für den ländlichen Raum"


def test_a_blog_listing_line_with_headline_stamps_and_lead():
    m = meta("Neue Radwege für den Kreis 3. März 20245. März 2024 Der Kreis baut in diesem Jahr drei "
             "neue Radwege zwischen den Dörfern.")
    assert (m.title, m.published) == ("Neue Radwege für den Kreis", "2024-03-03")
    m = meta("Land zahlt die Hälfte 12.04.2023 Der Kreis baut in diesem Jahr drei neue Radwege.")
    assert (m.title, m.published) == ("Land zahlt die Hälfte", "2023-04-12")


def test_a_date_the_headline_names_is_not_a_stamp():
    m = meta("Bericht aus der Sitzung vom 3. März 2024 Der Rat hat drei neue Radwege beschlossen.")
    assert m.published == ""
    m = meta("Haushaltsrede des Bürgermeisters am 28.02.2019", "04.03.2019", BODY)
    assert (m.title, m.published) == ("Haushaltsrede des Bürgermeisters am 28.02.2019", "2019-03-04")


def test_stamp_labels_of_news_items_date_the_release():
    cases = {
        ("News vom 12.03.2024", "Neue Radwege für den Kreis"): "2024-03-12",
        ("Nachricht vom 3. Mai 2022", "Neue Radwege für den Kreis"): "2022-05-03",
        ("Neue Radwege für den Kreis", "Veröffentlicht am: 12.03.2024"): "2024-03-12",
        ("Neue Radwege für den Kreis", "Publikationsdatum 12.03.2024"): "2024-03-12",
        ("Neue Radwege für den Kreis", "Meldung | 12.03.2024"): "2024-03-12",
        ("Neue Radwege für den Kreis", "Pressemitteilung · 12.03.2024"): "2024-03-12",
        ("Neue Radwege für den Kreis", "PM 45/2024 | 12.03.2024"): "2024-03-12",
        ("Neue Radwege für den Kreis", "Pressemitteilung 12.03.2024"): "2024-03-12",
        ("Neue Radwege für den Kreis", "von Anna Muster | 12.03.2024"): "2024-03-12",
        ("12.03.24 – 10:15 Uhr", "Neue Radwege für den Kreis"): "2024-03-12",
    }
    for (first, second), published in cases.items():
        m = meta(first, second, BODY)
        assert (m.published, m.title) == (published, "Neue Radwege für den Kreis"), (first, second)


def test_a_sentence_naming_a_news_item_is_no_stamp():
    m = meta("Neue Radwege für den Kreis", "Die Nachricht vom 3. Mai 2022 hat den Kreis erreicht, "
             "nun baut er in diesem Jahr drei neue Radwege zwischen den Dörfern.")
    assert m.published == ""


def test_a_dateline_with_a_period_after_its_date():
    m = meta("Neue Radwege für den Kreis", "Musterstadt, 12.03.2024. " + BODY)
    assert (m.published, m.dateline) == ("2024-03-12", "Musterstadt")


def test_date_dash_headline_and_debris_glued_dates_near_the_top():
    m = meta("12. März 2024 - Neue Radwege für den Kreis", BODY)
    assert (m.published, m.title) == ("2024-03-12", "Neue Radwege für den Kreis")
    m = meta("Teilen Drucken12.03.2024Neue Radwege für den Kreis", BODY)
    assert (m.published, m.title) == ("2024-03-12", "Neue Radwege für den Kreis")


def test_update_stamps_bylines_and_press_office_lines_are_no_titles():
    m = meta("Aktualisiert am 14.03.2024", "Veröffentlicht am 12.03.2024", "Neue Radwege für den Kreis", BODY)
    assert (m.published, m.title) == ("2024-03-12", "Neue Radwege für den Kreis")
    m = meta("Veröffentlicht am 12.03.2024 von Redaktion", "Neue Radwege für den Kreis", BODY)
    assert (m.published, m.title) == ("2024-03-12", "Neue Radwege für den Kreis")
    m = meta("Stadt Musterstadt", "Presse- und Öffentlichkeitsarbeit", "Neue Radwege für den Kreis", BODY)
    assert (m.publisher, m.title) == ("Stadt Musterstadt", "Neue Radwege für den Kreis")
    m = meta("Neue Radwege für den Kreis", "Zuletzt geändert: 14.03.2024", BODY)
    assert (m.published, m.title) == ("", "Neue Radwege für den Kreis")


def test_publisher_lines_name_the_authority_in_the_nominative():
    cases = {
        ("Pressemitteilung des Landkreises Musterland", "Neue Radwege für den Kreis", BODY): "Landkreis Musterland",
        ("Landratsamt Musterland", "Pressemitteilung", "Neue Radwege für den Kreis", BODY): "Landratsamt Musterland",
        ("Neue Radwege für den Kreis", BODY, "Pressestelle der Stadt Musterstadt"): "Stadt Musterstadt",
        ("Neue Radwege für den Kreis", BODY, "Verantwortlich: Stadt Musterstadt, Presseamt"): "Stadt Musterstadt",
    }
    for lines, publisher in cases.items():
        m = meta(*lines)
        assert (m.publisher, m.title) == (publisher, "Neue Radwege für den Kreis"), lines


def test_cms_field_lines_are_no_titles_and_fields_before_the_date_are_skipped():
    cases = [
        ("12.03.2024", "Kategorie: Pressemitteilungen", "Neue Radwege für den Kreis"),
        ("Neue Radwege für den Kreis", "Lesezeit: 2 Minuten", "12.03.2024"),
        ("Rubrik: Bauen & Wohnen | 12.03.2024", "Neue Radwege für den Kreis"),
        ("Neue Radwege für den Kreis", "Presse | 12.03.2024"),
    ]
    for lines in cases:
        m = meta(*lines, BODY)
        assert (m.published, m.title) == ("2024-03-12", "Neue Radwege für den Kreis"), lines


def test_more_stamp_shapes():
    cases = [
        ("Presseinformation 045/2024 vom 12.03.2024", "Neue Radwege für den Kreis"),
        ("Neue Radwege für den Kreis", "Gepostet am 12.03.2024"),
        ("Neue Radwege für den Kreis", "Aktuelles vom 12.03.2024"),
        ("Neue Radwege für den Kreis", "Di, 12. Mär 2024"),
        ("Neue Radwege für den Kreis", "12 März 2024"),
    ]
    for lines in cases:
        m = meta(*lines, BODY)
        assert (m.published, m.title) == ("2024-03-12", "Neue Radwege für den Kreis"), lines


def test_a_release_label_and_number_without_a_date_state_none():
    m = meta("Pressemitteilung", "Nr. 045/2024", "Neue Radwege für den Kreis", BODY)
    assert (m.published, m.title) == ("", "Neue Radwege für den Kreis")


def test_a_capitals_word_opening_the_body_is_a_dateline_only_when_it_is_a_place():
    lead = " Die Stadt fordert in diesem Jahr mehr Geld für die Sanierung der Schulen im ganzen Land."
    for caps, dateline in (("JENA", "JENA"), ("GERA", "GERA"), ("AALEN", "AALEN"), ("VERDI", ""),
                           ("DEHOGA", ""), ("LEADER", "")):
        m = meta("Neue Radwege für den Kreis", caps + lead)
        assert m.dateline == dateline, caps
    # not in the gazetteer, but named again in ordinary case: a place (a Verbandsgemeinde, a landscape)
    m = meta("Neue Radwege für den Kreis", "MUSTERTAL" + lead + " Das Mustertal freut sich.")
    assert m.dateline == "MUSTERTAL"


def test_a_prepositional_kicker_above_a_longer_headline():
    m = meta("Im Zuge der Haushaltsberatungen", "Kreis plant drei neue Radwege bis zum Sommer", BODY)
    assert m.title == "Kreis plant drei neue Radwege bis zum Sommer"
    m = meta("Anlässlich des Radfahrtags", "Land zahlt die Hälfte der neuen Radwege", BODY)
    assert m.title == "Land zahlt die Hälfte der neuen Radwege"


def test_a_headline_opening_with_a_preposition_over_a_shorter_subtitle_stays():
    m = meta("Trotz knapper Kassen: Kreis baut drei neue Radwege", "Land zahlt die Hälfte", BODY)
    assert m.title == "Trotz knapper Kassen: Kreis baut drei neue Radwege"
    m = meta("Mit dem Rad zur Schule", "Kreis baut drei neue Radwege bis zum Sommer", BODY)
    assert m.title == "Mit dem Rad zur Schule"


def test_accessibility_widgets_are_not_the_title():
    doc = cleaned("Schriftgröße: A A A", "", "Kontrast", "", "Leichte Sprache", "", "Neue Radwege für den Kreis",
                  "", BODY)
    assert doc.title == "Neue Radwege für den Kreis"


def test_a_page_titles_site_suffix_is_stripped():
    # the site's name is the page's publisher (meta8: issue 12 asks for the publisher from the site name)
    for line, site in (("Neue Radwege für den Kreis - Landkreis Musterland", "Landkreis Musterland"),
                       ("Neue Radwege für den Kreis | Stadt Musterstadt", "Stadt Musterstadt")):
        m = meta(line, BODY)
        assert (m.title, m.publisher) == ("Neue Radwege für den Kreis", site), line
    m = meta("Neue Radwege für den Kreis - Land zahlt die Hälfte", BODY)
    assert m.title == "Neue Radwege für den Kreis - Land zahlt die Hälfte"
