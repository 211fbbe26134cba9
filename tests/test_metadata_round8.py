"""Publication metadata classes of the blind set eval/real-meta-11 and of the open list of issue 12
(meta8): a page title "Headline | Stadt X" kept by the boilerplate filter and its site naming the
publisher, a numbered breadcrumb, a user name before a relative time stamp, a paywall badge with the
rubric place, a column name glued before the headline, a paper's and an author's code in the
dateline ("Talheim (MZV) (red)", "Talheim. (ab)"), a date line naming the authority ("04.03.24 /
Stadt X"), an imprint label over the authority's name, a transliterated "Maerz". Made-up pages,
exact values."""

from __future__ import annotations

import pytest

from extract.clean import boilerplate_flags, clean
from extract.model import RawDocument

BODY = ("Die Stadt Ebersfeld baut in diesem Jahr drei neue Radwege im Ortskern. Der Stadtrat hat die "
        "Planung am Dienstag einstimmig beschlossen.")


def cleaned(*lines: str):
    text = "\n".join(lines)
    return clean(RawDocument("d1", "page.txt", "", text.encode(), text, "utf-8", "text", "ok"))


def fields(*lines: str) -> tuple[str, str, str, str]:
    doc = cleaned(*lines)
    return doc.title, doc.published, doc.publisher, doc.dateline


# --- page titles with the site's authority ----------------------------------------------------

@pytest.mark.parametrize(("line", "title", "publisher"), [
    ("Neue Radwege für den Ortskern | Stadt Ebersfeld", "Neue Radwege für den Ortskern", "Stadt Ebersfeld"),
    ("Zuschuss für die Grundschule - Landkreis Talheim", "Zuschuss für die Grundschule", "Landkreis Talheim"),
    ("Kita erhält neuen Anbau | Gemeinde Oberau", "Kita erhält neuen Anbau", "Gemeinde Oberau"),
])
def test_a_page_title_gives_the_headline_and_the_site_names_the_publisher(line, title, publisher):
    assert fields(line, "", BODY) == (title, "", publisher, "")


def test_the_page_title_line_is_kept_but_a_toolbar_still_goes():
    assert boilerplate_flags(["Neue Radwege für den Ortskern | Stadt Ebersfeld", "Drucken | Teilen",
                              "Startseite | Stadt Ebersfeld", "Rathaus | Bürgerservice | Stadt Ebersfeld"]) \
        == [True, False, False, False]


def test_a_publisher_the_page_states_beats_the_site_suffix():
    assert fields("Neue Radwege für den Ortskern | Stadt Ebersfeld", BODY, "Impressum: Gemeinde Oberau, Am Markt 1") \
        == ("Neue Radwege für den Ortskern", "", "Gemeinde Oberau", "")


# --- navigation, stamps and badges above the headline --------------------------------------------

def test_a_numbered_breadcrumb_is_navigation():
    assert fields("1. Startseite", "  2. Region (Talheim)", "  3. Drei neue Radwege für den Ortskern", "",
                  "Verkehr", "", "04.03.2024", "", "Drei neue Radwege für den Ortskern", "", BODY) \
        == ("Drei neue Radwege für den Ortskern", "2024-03-04", "", "")


def test_a_numbered_list_that_is_no_breadcrumb_stays():
    doc = cleaned("1. Neue Radwege für den Ortskern", "2. Mehr Geld für die Schulen", BODY)
    assert doc.title == "1. Neue Radwege für den Ortskern"


@pytest.mark.parametrize("debris", ["Redaktion vor 3 Wochen", "AnnaB vor 1 Monat", "vor 2 Jahren", "vor einem Tag",
                                    "Plus Ebersfeld", "SZ Plus", "Premium", "Abo Bad Talheim"])
def test_a_relative_time_or_a_paywall_badge_is_no_title(debris):
    """A user name and a relative time ("Redaktion vor 3 Wochen"), a paywall badge with the rubric
    place ("Plus Ebersfeld")."""
    assert cleaned(debris, "Drei neue Radwege für den Ortskern", BODY).title == "Drei neue Radwege für den Ortskern"


@pytest.mark.parametrize(("line", "title"), [
    ("Kreisspiegel Drei neue Radwege für den Ortskern", "Drei neue Radwege für den Ortskern"),
    ("Lokales Neue Radwege für den Ortskern", "Neue Radwege für den Ortskern"),
    ("Feuerwehr Ebersfeld erhält neues Fahrzeug", "Feuerwehr Ebersfeld erhält neues Fahrzeug"),
    ("Spiegel zeigt neue Radwege", "Spiegel zeigt neue Radwege"),
])
def test_a_column_name_glued_before_the_headline_is_cut_off(line, title):
    assert cleaned(line, "Von Anna Berger", BODY).title == title


# --- datelines with a paper's or an author's code ------------------------------------------------

@pytest.mark.parametrize(("first", "dateline"), [
    ("Talheim (MZV) (red) Das Land stellt für neue Spielplätze 300.000 Euro bereit.", "Talheim"),
    ("Ebersfeld. (ab) Die Stadt baut drei neue Radwege im Ortskern.", "Ebersfeld"),
    ("Talheim (MZV) (red) – Das Land stellt für neue Spielplätze 300.000 Euro bereit.", "Talheim"),
    ("Frankfurt (Oder) Die Stadt baut drei neue Radwege im Ortskern.", ""),
])
def test_a_dateline_with_codes_of_paper_and_author(first, dateline):
    assert cleaned("Drei neue Radwege für den Ortskern", first, BODY).dateline == dateline


# --- date lines and imprints naming the publisher --------------------------------------------------

@pytest.mark.parametrize(("line", "published", "publisher"), [
    ("04.03.24 / Stadt Ebersfeld", "2024-03-04", "Stadt Ebersfeld"),
    ("04.03.2024 | Landratsamt Talheim", "2024-03-04", "Landratsamt Talheim"),
    ("Montag, 4. März 2024 – Gemeinde Oberau", "2024-03-04", "Gemeinde Oberau"),
])
def test_a_date_line_naming_the_authority(line, published, publisher):
    assert fields("Drei neue Radwege für den Ortskern", BODY, line) == (
        "Drei neue Radwege für den Ortskern", published, publisher, "")


@pytest.mark.parametrize("label", ["Impressum", "Kontakt:", "Herausgeber", "V.i.S.d.P."])
def test_an_imprint_label_over_the_authority(label):
    doc = cleaned("Drei neue Radwege für den Ortskern", BODY, label, "Gemeinde Hohenfurt", "Rathausplatz 1",
                  "86999 Hohenfurt")
    assert doc.publisher == "Gemeinde Hohenfurt"


def test_a_transliterated_maerz_is_read():
    assert fields("Muenchen, 12. Maerz 2024 - Die Staatsregierung fördert den Ausbau von Kitas mit 12 "
                  "Millionen Euro.") == ("", "2024-03-12", "", "Muenchen")


@pytest.mark.parametrize("stamp", ["04. Mrz. 2024", "4. Maerz 2024", "Veröffentlicht am 04.03.24",
                                   "Redaktion: Anna Berger, 04.03.2024", "Autorin: Anna Berger | 4. März 2024"])
def test_stamp_shapes_under_the_headline(stamp):
    assert fields("Drei neue Radwege für den Ortskern", stamp, BODY) == ("Drei neue Radwege für den Ortskern",
                                                                        "2024-03-04", "", "")


@pytest.mark.parametrize("footer", [
    ("© 2024 Stadt Ebersfeld",),
    ("Pressestelle Stadt Ebersfeld",),
    ("Stadt Ebersfeld", "Marktplatz 1", "71234 Ebersfeld", "Telefon: 07123 4567"),
    ("Stadt Ebersfeld", "71234 Ebersfeld"),
])
def test_a_footer_naming_the_authority(footer):
    assert cleaned("Drei neue Radwege für den Ortskern", BODY, *footer).publisher == "Stadt Ebersfeld"


def test_a_papers_copyright_and_a_lone_authority_name_give_no_publisher():
    assert cleaned("Drei neue Radwege für den Ortskern", BODY, "© 2024 Talheimer Tagblatt").publisher == ""
    assert cleaned("Drei neue Radwege für den Ortskern", BODY, "Stadt Ebersfeld", "Teilen").publisher == ""


def test_a_breadcrumb_from_the_start_page_is_no_title():
    doc = cleaned("Home / Aktuelles / Drei neue Radwege für den Ortskern", "Drei neue Radwege für den Ortskern", BODY)
    assert doc.title == "Drei neue Radwege für den Ortskern"


@pytest.mark.parametrize(("first", "published", "dateline"), [
    ("Bad Talheim (red). Die Stadt baut drei neue Radwege im Ortskern.", "", "Bad Talheim"),
    ("St. Georgen – Die Stadt baut drei neue Radwege im Ortskern.", "", "St. Georgen"),
    ("Talheim, 4. März 2024 (MZV) Die Stadt baut drei neue Radwege im Ortskern.", "2024-03-04", "Talheim"),
    ("Talheim, 4. März 2024 (ab) – Die Stadt baut drei neue Radwege im Ortskern.", "2024-03-04", "Talheim"),
])
def test_a_two_word_place_and_a_code_after_the_date(first, published, dateline):
    doc = cleaned("Drei neue Radwege für den Ortskern", first, BODY)
    assert (doc.published, doc.dateline) == (published, dateline)


def test_a_press_portals_bracketed_source_and_date():
    doc = cleaned("[Landratsamt Talheim - 04.03.2024] Kreis baut drei neue Radwege zwischen den Dörfern", BODY)
    assert (doc.title, doc.published) == ("Kreis baut drei neue Radwege zwischen den Dörfern", "2024-03-04")


@pytest.mark.parametrize(("line", "published"), [
    ("von 4. März 2024", "2024-03-04"), ("von 04.03.2024, 10:15 Uhr", "2024-03-04"),
    ("von Anna Berger", ""), ("vom 04.03.2024", ""),
])
def test_a_byline_without_its_author_dates_the_page(line, published):
    doc = cleaned("Drei neue Radwege für den Ortskern", "", line, "", BODY)
    assert (doc.title, doc.published) == ("Drei neue Radwege für den Ortskern", published)


@pytest.mark.parametrize("caption", [
    "1 Die alte Brücke über den Talbach ist marode. (Symbolfoto) Foto: Anna Berger",
    "Die alte Brücke über den Talbach ist marode Foto: Anna Berger",
])
def test_a_caption_ending_in_its_credit_is_no_title(caption):
    doc = cleaned(caption, "", "Die Stadt baut eine neue Brücke. Das hat der Rat beschlossen.", "", BODY)
    assert doc.title == ""


@pytest.mark.parametrize(("name", "publisher"), [
    ("Presse- und Informationsamt des Landes Talheim", "Presse- und Informationsamt des Landes Talheim"),
    ("Talheimer Kreisverwaltung", "Talheimer Kreisverwaltung"),
    ("Anna Berger", ""),
])
def test_an_address_block_names_an_office_not_a_person(name, publisher):
    doc = cleaned("Drei neue Radwege für den Ortskern", BODY, name, "Am Markt 3", "71234 Talheim")
    assert doc.publisher == publisher


@pytest.mark.parametrize("rubric", ["Talheim & Region", "Kreis Talheim | Politik", "Nachrichten aus Talheim",
                                    "Neues aus dem Kreis Talheim"])
def test_a_rubric_line_naming_a_place_is_no_title(rubric):
    assert cleaned(rubric, "Drei neue Radwege für den Ortskern", BODY).title == "Drei neue Radwege für den Ortskern"


def test_a_lone_rubric_like_headline_stays_the_title():
    assert cleaned("Neues aus dem Kreis Talheim", BODY).title == "Neues aus dem Kreis Talheim"


@pytest.mark.parametrize(("footer", "publisher"), [
    ("Herausgeber: Presse- und Informationsamt der Stadt Talheim", "Presse- und Informationsamt der Stadt Talheim"),
    ("Stadt Talheim – Der Oberbürgermeister – Presseamt", "Stadt Talheim"),
    ("04.03.2024 – Pressemitteilung der Stadt Talheim", "Stadt Talheim"),
    ("Eine Pressemitteilung der Stadt Talheim", "Stadt Talheim"),
    ("Quelle: Pressemitteilung des Landratsamtes Talheim", "Landratsamt Talheim"),
    ("Text: Stadt Talheim", "Stadt Talheim"),
    ("(PM Stadt Talheim)", "Stadt Talheim"),
    ("Erstellt am 4. März 2024 von Pressestelle Stadt Talheim", "Stadt Talheim"),
    ("Text: Anna Berger", ""),
])
def test_release_notes_and_credits_naming_the_issuing_body(footer, publisher):
    assert cleaned("Drei neue Radwege für den Ortskern", BODY, footer).publisher == publisher


def test_glued_skip_links_a_consent_paragraph_and_its_label_are_boilerplate():
    consent = ("Wir verwenden auf dieser Website Cookies, die für den Betrieb nötig sind. Externe Dienste setzen "
               "weitere Cookies. Ohne Ihre Zustimmung laden wir sie nicht. Mehr dazu in der Datenschutzerklärung.")
    assert boilerplate_flags(["Zum Inhalt (Access key c)Zur Navigation (Access key n)", "Privatsphäre-Einstellung",
                              "Cookie-Einstellungen", consent, "Wir verwenden neue Radwege im Ortskern."]) \
        == [False, False, False, False, True]
    doc = cleaned("Zum Inhalt (Access key c)Zur Navigation (Access key n)", "", "Privatsphäre-Einstellung", "",
                  consent, "", "04.03.2024", "", "Drei neue Radwege für den Ortskern", "", BODY)
    assert (doc.title, doc.published) == ("Drei neue Radwege für den Ortskern", "2024-03-04")


@pytest.mark.parametrize(("lines", "title", "dateline"), [
    (("Zwei Radwege für den Ortskern", "Prenzlau", "Zwei Radwege für den Ortskern"),
     "Zwei Radwege für den Ortskern", "Prenzlau"),
    (("Zwei Radwege für den Ortskern", "Prenzlau", "Mehr Platz für Räder im Zentrum"),
     "Mehr Platz für Räder im Zentrum", ""),  # the line over the date line is the headline
    (("Zwei Radwege für den Ortskern", "Radwege", "Zwei Radwege für den Ortskern"),
     "Zwei Radwege für den Ortskern", ""),
])
def test_a_place_between_the_headline_and_its_repetition(lines, title, dateline):
    doc = cleaned(*(x for line in lines for x in (line, "")), "04.03.2024 | dpa", "", BODY)
    assert (doc.title, doc.dateline) == (title, dateline)


def test_a_listings_release_stamps_with_two_digit_years_date_nothing():
    doc = cleaned("Pressemitteilungen aus dem Rathaus", "", BODY, "Pressemitteilung vom 06.11.14", BODY,
                  "Pressemitteilung vom 03.11.14")
    assert doc.published == ""


@pytest.mark.parametrize(("second", "title"), [
    ("Förderbescheid erhalten - die Planungen beginnen", "Glasfaser für alle ist das Ziel"),
    ("Stadt baut drei neue Radwege im Ortskern", "Stadt baut drei neue Radwege im Ortskern"),
])
def test_a_subtitle_over_the_date_line_leaves_the_headline_the_title(second, title):
    doc = cleaned("Glasfaser für alle ist das Ziel", "", second, "", "30. Mai 2017", "", BODY)
    assert (doc.title, doc.published) == (title, "2017-05-30")


def test_a_field_stamp_line_is_not_joined_to_the_headline():
    doc = cleaned("Glasfaserausbau kann fortgesetzt werden", "icon.crdate10.12.2022", BODY)
    assert (doc.title, doc.published) == ("Glasfaserausbau kann fortgesetzt werden", "2022-12-10")


def test_a_caption_ending_in_an_agency_credit_is_no_title():
    doc = cleaned("Die Landesregierung verteilt 200 Millionen Euro an Kommunen Anna Berger. picture alliance/dpa",
                  "200 Millionen Euro gibt es vom Land für die klammen Kommunen. Reicht das? Reaktionen aus den "
                  "Rathäusern.", BODY)
    assert doc.title == ""


@pytest.mark.parametrize(("place", "dateline"), [("Prenzlau", "Prenzlau"), ("Radwege", "")])
def test_a_place_over_a_lone_date_line(place, dateline):
    doc = cleaned("Drei neue Radwege für den Ortskern", "", "Vermischtes", place, "22.07.2016", "", BODY)
    assert (doc.title, doc.published, doc.dateline) == ("Drei neue Radwege für den Ortskern", "2016-07-22", dateline)


@pytest.mark.parametrize(("first", "title"), [
    ("Radwegeförderung neu-ulm", ""),
    ("Neu-Ulm baut drei neue Radwege", "Neu-Ulm baut drei neue Radwege"),
    ("Deutsch-französische Radwege", "Deutsch-französische Radwege"),
])
def test_a_place_written_in_lower_case_marks_an_alt_text(first, title):
    doc = cleaned(first, "Der Landrat übergibt den Bescheid an die Stadt. (Foto: Landratsamt Talheim)", "", BODY)
    assert doc.title == title
