"""Cleaning: boilerplate out, content kept, lines unwrapped, metadata found, offsets exact."""

from __future__ import annotations

import pytest
from conftest import sample

from extract.clean import Mapped, clean, html_to_text, unwrap_lines
from extract.ingest import from_bytes_record, ingest


def cleaned(name: str):
    (raw,) = ingest([str(sample(name))])
    return raw, clean(raw)


# (sample, snippets that must survive, boilerplate that must go) -- trafilatura-style.
SNIPPETS = [
    ("000", ["Leverkusen nimmt an Landesinitiative „Kein Kind zurücklassen!“ teil",
             "Pressekontakt: Stadt Leverkusen, Julia Trick",
             "Aachen, Bochum, Bottrop, Herne, Köln, Krefeld und Mülheim"],
     ["[Alle Meldungen]", "Aktuelles", "[Druckansicht]", "Telefon: (0214) 406-8860", "presse-service.de"]),
    ("001", ["„Kein Kind zurücklassen! Für ganz Nordrhein-Westfalen“ sind.",
             "sagte Familienministerin Christina Kampmann.", "Institut für soziale Arbeit e. V. beraten."],
     ["Redakteur/in", "Kommentare", "Sie möchten kommentieren?", "Melden Sie sich an"]),
    ("002", ["Dinslaken (Kreis Wesel) sowie der Kreis Recklinghausen", "Stand: 12.01.2017"],
     ["Drucken | RSS-Feed", "Fehler melden", "Transparenter Pixel", "Ihre Nachricht", "[schließen]"]),
    ("003", ["Robert Schilken, Herausgeber", "Bürgermeister Reiner Breuer", "Foto: Stadt"],
     ["Ihre Unterstützung zählt!", "20 Cent pro Tag", "Danke", "(9 Ansichten gesamt, 1 Leser heute)"]),
    ("004", ["Mittel in Höhe von 48.000 Euro bereit. (11.09.2013)", "Pressemeldung der Stadt Leverkusen, 11.09.2013"],
     ["Veranstaltungskalender", "Mo Di Mi Do Fr Sa So", "alle Termine", "Familienmanager"]),
]


@pytest.mark.parametrize(("name", "keep", "drop"), SNIPPETS)
def test_boilerplate_goes_content_stays(name: str, keep: list[str], drop: list[str]) -> None:
    _, doc = cleaned(name)
    for snippet in keep:
        assert snippet in doc.text
    for snippet in drop:
        assert snippet not in doc.text


METADATA = [
    ("000", "Leverkusen nimmt an Landesinitiative „Kein Kind zurücklassen!“ teil", "2017-01-12", "Stadt Leverkusen",
     "Leverkusen"),
    ("001", "Brühl nimmt als eine von 22 weiteren Kommunen teil", "", "", "Brühl"),
    ("002", "Landesinitiative \"Kein Kind zurücklassen!\" wird ausgeweitet", "2017-01-12", "", ""),
    ("003", "Neuss: Startschuss für das Projekt „Kein Kind zurücklassen”", "", "", "Neuss"),
    ("004", "Leverkusen: Präventionsprogramm gegen Kinderarmut", "2013-09-11",
     "Ministerium für Kinder, Familie, Flüchtlinge und Integration des Landes Nordrhein-Westfalen", "Leverkusen"),
]


@pytest.mark.parametrize(("name", "title", "published", "publisher", "dateline"), METADATA)
def test_metadata(name: str, title: str, published: str, publisher: str, dateline: str) -> None:
    _, doc = cleaned(name)
    assert (doc.title, doc.published, doc.publisher, doc.dateline) == (title, published, publisher, dateline)


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_offset_map_points_at_the_same_characters(name: str) -> None:
    raw, doc = cleaned(name)
    assert len(doc.origin) == len(doc.text)
    assert all(b > a for a, b in zip(doc.origin, doc.origin[1:], strict=False))
    # every clean character is the original one, except normalised spaces/hyphens and joined line breaks
    differing = {(ch, raw.text[o]) for ch, o in zip(doc.text, doc.origin, strict=True) if raw.text[o] != ch}
    assert differing <= {(" ", "\n"), (" ", "\xa0"), ("-", "\u2011")}


def test_hard_wraps_joined_and_hyphenation_repaired() -> None:
    text = ("Die Landesregierung verspricht, dass alle interessierten Kommunen aus\n"
            "Nordrhein-Westfalen bis 2020 Teil der Landesinitiative werden können. Die Ent-\n"
            "wicklung eines Kindes soll besser in den Blick genommen werden, sagte die\n"
            "Ministerin in Düsseldorf. Kinder-, Jugend- und Familienhilfe arbeiten mit\n"
            "Kitas, Schulen und Sportvereinen zusammen, wie es im Konzept heißt, das\n"
            "im Herbst vorgestellt wurde und nun umgesetzt wird.\n\nPressekontakt: Julia Trick")
    out = unwrap_lines(Mapped.identity(text)).text
    assert out == ("Die Landesregierung verspricht, dass alle interessierten Kommunen aus "
                   "Nordrhein-Westfalen bis 2020 Teil der Landesinitiative werden können. Die Entwicklung "
                   "eines Kindes soll besser in den Blick genommen werden, sagte die Ministerin in Düsseldorf. "
                   "Kinder-, Jugend- und Familienhilfe arbeiten mit Kitas, Schulen und Sportvereinen zusammen, "
                   "wie es im Konzept heißt, das im Herbst vorgestellt wurde und nun umgesetzt wird.\n\n"
                   "Pressekontakt: Julia Trick")


def test_html_text_and_offsets_into_markup() -> None:
    html = ("<html><head><title>x</title><script>var a=1;</script></head><body><nav>Startseite | Presse</nav>"
            "<h1>Neuss &amp; Brühl starten</h1><p>Die Stadt Neuss erhält <b>30.000 Euro</b>.</p>"
            "<footer>Impressum</footer></body></html>")
    raw = from_bytes_record("page.html", html.encode())
    doc = clean(raw)
    assert doc.text == "Neuss & Brühl starten\nDie Stadt Neuss erhält 30.000 Euro."
    start = doc.text.index("30.000 Euro")
    s, e = doc.original_span(start, start + len("30.000 Euro"))
    assert html[s:e] == "30.000 Euro"
    assert doc.title == "Neuss & Brühl starten"


def test_broken_html_still_gives_text() -> None:
    raw = from_bytes_record("broken.html", b"<html><body><p>Monheim am Rhein erh\xc3\xa4lt<div><b>48.000 Euro")
    doc = clean(raw)
    assert doc.text == "Monheim am Rhein erhält\n48.000 Euro"


def test_html_entities_map_to_their_node() -> None:
    m = html_to_text("<p>A &amp; B</p><p>Köln</p>")
    assert m.text == "A & B\nKöln"
    assert m.origin[m.text.index("Köln")] == "<p>A &amp; B</p><p>Köln</p>".index("Köln")


def test_html_remnants_in_a_text_file_are_decoded_with_exact_offsets() -> None:
    text = "Kosten:<br>\n42,6&nbsp;Millionen Euro &amp; mehr<br>Kinder < 6 Jahre <b>frei</b>\n&copy; Stadt"
    raw = from_bytes_record("scraped.txt", text.encode("utf-8"))
    doc = clean(raw)
    assert doc.text == "Kosten:\n42,6 Millionen Euro & mehr\nKinder < 6 Jahre frei\n© Stadt"
    start = doc.text.index("42,6 Millionen")
    assert raw.text[doc.origin[start]:doc.origin[start + len("42,6 Millionen Euro") - 1] + 1] == \
        "42,6&nbsp;Millionen Euro"


def test_dateline_with_headline_gives_publication_date_and_title() -> None:
    text = ("Startseite > Rathaus > Presse > Pressemitteilungen\nZurück zur Übersicht\n\n"
            "Stadt Halle (Saale) – Pressemitteilung\n\n"
            "Frankfurt (Oder), Montag, 14. September 2020 – Neue Kita an der Oder eröffnet\n\n"
            "Die Stadt Frankfurt (Oder) hat am Montag eine zweisprachige Kita eröffnet.\n\n"
            "Startseite | Bürgerservice | Politik & Verwaltung\n"
            "Pressekontakt: Stadt Frankfurt (Oder), Jana Beispiel\n")
    doc = clean(from_bytes_record("kita.txt", text.encode("utf-8")))
    assert (doc.published, doc.title, doc.publisher) == (
        "2020-09-14", "Neue Kita an der Oder eröffnet", "Stadt Frankfurt (Oder)")
    assert "Startseite" not in doc.text and "Zurück zur Übersicht" not in doc.text


def test_date_opening_a_rubric_line_is_the_publication_date() -> None:
    text = "Frankfurt am Main | Presseinfo\n\n26.02.2024  Mobilität\n\nDie Planung geht weiter."
    doc = clean(from_bytes_record("rad.txt", text.encode("utf-8")))
    assert doc.published == "2024-02-26"


def _meta(text: str):
    doc = clean(from_bytes_record("pm.txt", text.encode("utf-8")))
    return doc.published, doc.title


@pytest.mark.parametrize(("text", "published", "title"), [
    # dates glued to scrape debris
    ("icon.crdate10.12.2022\nNeue Bänke für den Stadtpark\nDie Stadt stellt zwölf Bänke auf.",
     "2022-12-10", "Neue Bänke für den Stadtpark"),
    ("Pressemitteilung vom 14.03.2019Kreisverwaltung erweitert Sprechzeiten\nAb April ist länger geöffnet.",
     "2019-03-14", "Kreisverwaltung erweitert Sprechzeiten"),
    # a weekday and the date open the first line, the text glued on
    ("Dienstag, 7. März 2023 Die Gemeinde lädt alle Vereine zum Neujahrsempfang in die Festhalle ein.",
     "2023-03-07", ""),
    # stamps
    ("Neuer Spielplatz eröffnet\nVeröffentlicht am 03.04.2022 von Presseamt\nDer Spielplatz ist fertig.",
     "2022-04-03", "Neuer Spielplatz eröffnet"),
    ("Stand: 15.06.2021\nWahlhelfer dringend gesucht\nFür die Wahl werden Helfer gesucht.", "2021-06-15",
     "Wahlhelfer dringend gesucht"),
    ("Kita-Gebühren bleiben stabil\nErstellt: 22.02.2022\nDer Rat hat beschlossen.", "2022-02-22",
     "Kita-Gebühren bleiben stabil"),
    ("Datum: 01.07.2020\nFreibad öffnet wieder\nAb Samstag ist geöffnet.", "2020-07-01", "Freibad öffnet wieder"),
    ("Presseinformation Nr. 12/2021 vom 4. Mai 2021\n\nLandkreis saniert die Kreisstraße\n\nDie Arbeiten beginnen.",
     "2021-05-04", "Landkreis saniert die Kreisstraße"),
    # a lone date line under the headline, with a weekday, a time or an abbreviated month
    ("Neue Radwege für die Innenstadt\nMontag, 8. November 2021\n\nDie Stadt baut Radwege.",
     "2021-11-08", "Neue Radwege für die Innenstadt"),
    ("Sperrung der Brücke\n12.10.2021, 14:30 Uhr\n\nDie Brücke ist gesperrt.", "2021-10-12", "Sperrung der Brücke"),
    ("Wochenmarkt zieht um\n12. Okt. 2021\n\nDer Markt zieht auf den Rathausplatz.", "2021-10-12",
     "Wochenmarkt zieht um"),
    # a further stamp after a separator; a two-word headline; an all-capitals kicker; a photo credit
    ("Neue Buslinie startet\n\n14.02.2024 | Stand 14.02.2024, 09:12 Uhr\n\nAb Montag fährt der Bus.",
     "2024-02-14", "Neue Buslinie startet"),
    ("Stadtbücherei verlängert\nDie Öffnungszeiten werden erweitert.", "", "Stadtbücherei verlängert"),
    ("AUS DEM KREISTAG\nMehr Geld für die Schulbusse\nDer Kreistag hat beschlossen.", "",
     "Mehr Geld für die Schulbusse"),
    ("© Stadt Musterhausen\n\nRathaus bleibt geschlossen\n\nAm Freitag ist zu.", "", "Rathaus bleibt geschlossen"),
    ("Stadt Bad Kreuznach\nBrücke wird saniert\nDie Arbeiten beginnen.", "", "Brücke wird saniert"),
    # a date field split over two lines, as scraped definition lists come
    ("Neue Ladesäulen am Bahnhof\nVeröffentlicht am\n02.03.2022\nDie Stadtwerke bauen vier Ladesäulen.",
     "2022-03-02", "Neue Ladesäulen am Bahnhof"),
    # the dateline's date in parentheses, after or before the place, also spaced ("7. 3. 2022")
    ("Blutspende im Bürgerhaus\nWesterstede (7. 3. 2022) – Das Rote Kreuz lädt zur Blutspende ein.",
     "2022-03-07", "Blutspende im Bürgerhaus"),
    ("Neuer Trainer beim Sportverein\n(12. März 2021) Kempten – Der Verein stellt seinen Trainer vor.",
     "2021-03-12", "Neuer Trainer beim Sportverein"),
    # a numeric date opening the subtitle line near the top; not a numbered agenda item
    ("Vollsperrung der Ortsdurchfahrt\n04.06.2021 B 12 und K 5 betroffen\nWegen Bauarbeiten ist gesperrt.",
     "2021-06-04", "Vollsperrung der Ortsdurchfahrt"),
    ("Sitzungsauszug\n11.03.2020 - 3.1 Anfragen der Fraktionen\nDie Fraktion fragt nach dem Radweg.", "",
     "11.03.2020 - 3.1 Anfragen der Fraktionen"),
    # English-style dates
    ("November 12, 2018\nPartnerstadt besucht das Rathaus\nDie Delegation bleibt drei Tage.", "2018-11-12",
     "Partnerstadt besucht das Rathaus"),
    ("Published on 3 September 2019\nSchüleraustausch mit Lyon\nZwanzig Schüler reisen.", "2019-09-03",
     "Schüleraustausch mit Lyon"),
])
def test_publication_date_and_title_forms(text: str, published: str, title: str) -> None:
    assert _meta(text) == (published, title)


def test_a_labelled_date_field_beats_an_event_date_above_it() -> None:
    text = ("Einbruch in Gartenlaube\nDienstag, 9. Mai 2023, gegen 3 Uhr\n- Kategorie\n- Polizei\n- Datum\n"
            "- 10.05.2023\nUnbekannte brachen in der Nacht in eine Gartenlaube ein.")
    assert _meta(text)[0] == "2023-05-10"


@pytest.mark.parametrize("text", [
    "Der Gemeinderat hat in seiner Sitzung am 3. Mai folgende Beschlüsse gefasst:\nDer Haushalt wurde beschlossen.",
    "Ulm, 12. Januar 2017 – Die Stadt Ulm erhält jährlich 30.000 Euro aus dem Programm. Der Rat dankt dem Land.",
    "Die Stadt hat am Montag den neuen Kindergarten an der Lindenstraße mit einem Fest für alle Familien eröffnet.\n"
    "Zwischenüberschrift ohne Punkt\nWeiterer Text folgt hier.",
    # a dateline opens the body; a lone sentence is body, not a headline
    "KREIS BIBERACH (sz) – Die Feuerwehr rückte am Sonntag zu drei Bränden aus.\nWeitere Einsätze folgten.",
    "Der Kreistag hat den Haushalt beschlossen.",
])
def test_title_is_never_the_first_body_sentence(text: str) -> None:
    assert _meta(text)[1] == ""


def test_a_headline_may_open_with_a_place_and_a_dash() -> None:
    text = "Gera – eine Stadt im Wandel.\nDie Ausstellung zeigt Fotos aus drei Jahrzehnten und läuft bis Mai."
    assert _meta(text) == ("", "Gera – eine Stadt im Wandel")


def test_kicker_above_the_headline_and_a_byline_below() -> None:
    text = "Gute Nachricht\n\nSchulen erhalten neue Tablets\n\nvon Anna Berger\n\nKöln – Die Stadt verteilt 500 Geräte."
    assert _meta(text) == ("", "Schulen erhalten neue Tablets")


def test_dateline_with_several_places_and_its_date() -> None:
    doc = clean(from_bytes_record("pm.txt", "Gera / Schleiz, 14. April – Die Städte planen gemeinsam.".encode()))
    assert (doc.dateline, doc.dateline_date, doc.published) == ("Gera / Schleiz", "XXXX-04-14", "")
    doc = clean(from_bytes_record("pm.txt", "Erfurt / Kahla, 3. März 2022 – Die Städte planen.".encode()))
    assert (doc.dateline, doc.dateline_date, doc.published) == ("Erfurt / Kahla", "2022-03-03", "2022-03-03")
    doc = clean(from_bytes_record("pm.txt", "Neuss – Die Stadt plant.".encode()))
    assert (doc.dateline, doc.dateline_date) == ("Neuss", "")


def _all_meta(text: str) -> tuple[str, str, str, str]:
    doc = clean(from_bytes_record("pm.txt", text.encode("utf-8")))
    return doc.published, doc.title, doc.publisher, doc.dateline


@pytest.mark.parametrize(("text", "expected"), [
    # date lines with separators before and after them, a dash before the time, a two-digit year
    ("Musikschule feiert Jubiläum\n\n| | 04.05.2022 10:15 Uhr | 3 Kommentare\nDie Musikschule wird 50.",
     ("2022-05-04", "Musikschule feiert Jubiläum", "", "")),
    ("14.06.2019 – 08:45\nWasserrohrbruch in der Hauptstraße\nDie Straße ist gesperrt.",
     ("2019-06-14", "Wasserrohrbruch in der Hauptstraße", "", "")),
    ("07.03.18\nHallenbad schließt für Reparaturen\nDas Bad bleibt zwei Wochen zu.",
     ("2018-03-07", "Hallenbad schließt für Reparaturen", "", "")),
    # the page-date stamp of a stored page, then a dateline with a news agency and no dash
    (" date 2021-06 Kiel (dpa/lno) Das Land fördert neue Radwege an der Küste mit sechs Millionen Euro.",
     ("2021-06", "", "", "Kiel")),
    # navigation, a rubric and debris above the headline; a gazette masthead
    ("Zum Inhalt (ALT-C)\nZur Navigation (ALT-N)\nSeite ausdrucken\n. .\nLOKALES\n"
     "Neue Ampel an der Schule\nDie Ampel wird im Mai aufgestellt.",
     ("", "Neue Ampel an der Schule", "", "")),
    ("Titel Logo\nAmtsblatt der Gemeinde Musterau\nAusgabe 12/2023\nAmtliche Bekanntmachungen\n"
     "Zurück zur ersten Seite der aktuellen Ausgabe\nHaushaltssatzung der Gemeinde für das Jahr 2023\n"
     "Der Gemeinderat hat die folgende Satzung beschlossen.",
     ("", "Haushaltssatzung der Gemeinde für das Jahr 2023", "", "")),
    # a headline that holds an ordinal date is no body sentence
    ("Aus der Sitzung des Ortschaftsrats vom 12. Juli 2022 in der Festhalle\nDer Rat tagte öffentlich.",
     ("", "Aus der Sitzung des Ortschaftsrats vom 12. Juli 2022 in der Festhalle", "", "")),
    # publishers: an author credit, a site header with contact details, a syndication note,
    # an office stamp, an agency dateline, a press-office line beside the authority's name
    ("Gemeinde Tannheim (Druckversion)\nAutor: Gemeinde Tannheim\nArtikel vom 03.02.2016\n\n"
     "Neuer Bauhof eingeweiht\n\nNach einem Jahr Bauzeit hat die Gemeinde ihren neuen Bauhof am Ortsrand in "
     "Betrieb genommen. Die Mitarbeiter haben nun deutlich mehr Platz für Fahrzeuge und Geräte.\n"
     "Bürgermeisterin und Gemeinderat dankten allen beteiligten Firmen für die gute Zusammenarbeit am Bau.\n",
     ("2016-02-03", "Neuer Bauhof eingeweiht", "Gemeinde Tannheim", "")),
    ("Markt Essenbach | E-Mail: rathaus@example.org | Online: www.example.org\n\n"
     "Christbaumsammlung am Samstag\nDie Feuerwehr sammelt die Bäume ein.",
     ("", "Christbaumsammlung am Samstag", "Markt Essenbach", "")),
    ("Rückfragen bitte an:\nPolizeidirektion Görlitz\nPressestelle\nTelefon: 03581 468-0\n",
     ("", "", "Polizeidirektion Görlitz", "")),
    ("Pressestelle\nStadt Bad Schwartau\n", ("", "", "Stadt Bad Schwartau", "")),
    ("Polizeipräsidium Ulm (ots) – Bei einem Unfall auf der B 30 wurden zwei Menschen verletzt.",
     ("", "", "Polizeipräsidium Ulm", "")),
    ("Pressestelle des Senats Bremen, 04.07.2022\n\n"
     "Der Senat beschließt in seiner heutigen Sitzung ein neues Hafenkonzept für die Stadt.",
     ("2022-07-04", "", "Senat Bremen", "")),
    ("Original-Content von: Polizeiinspektion Stade, übermittelt durch news aktuell\n",
     ("", "", "Polizeiinspektion Stade", "")),
    # a colon headline or a weekday is no dateline; the dateline follows the headline
    ("Rundschau: Coburg – Neue Busse für den Landkreis\n\nCoburg – Der Landkreis kauft vier Elektrobusse.",
     ("", "Rundschau: Coburg – Neue Busse für den Landkreis", "", "Coburg")),
    ("Sommerfest: Stadt lädt alle Nachbarn ein\nGörlitz. Am Samstag feiert die Stadt im Park.",
     ("", "Sommerfest: Stadt lädt alle Nachbarn ein", "", "Görlitz")),
    ("Mittwoch, 5. April 2017\n\nBaumschnitt im Kurpark\n\nDie Gärtner schneiden die Linden.",
     ("2017-04-05", "Baumschnitt im Kurpark", "", "")),
    # a date and a colon glued to the first sentence; "am heutigen Dienstag (…)"; a relative time stamp
    ("Neue Öffnungszeiten\n\n3. Mai 2021: Ab Montag ist das Bürgerbüro auch am Nachmittag geöffnet, teilte "
     "die Verwaltung mit.\nWeitere Informationen gibt es im Rathaus, Zimmer 12.",
     ("2021-05-03", "Neue Öffnungszeiten", "", "")),
    ("Spatenstich für die neue Mensa\nAm heutigen Dienstag (14.09.2021) begannen die Arbeiten an der Mensa "
     "der Grundschule.\nDer Bau soll ein Jahr dauern.",
     ("2021-09-14", "Spatenstich für die neue Mensa", "", "")),
    (" date 2020-02 vor 3 Std.\n\nNeue Ampel am Bahnhof\n\nDie Stadt stellt am Bahnhof eine neue Ampel auf, "
     "damit Schüler sicher über die Straße kommen.",
     ("2020-02", "Neue Ampel am Bahnhof", "", "")),
    # a listing's rubric and a numbered release line above the headline
    ("Aktuelle Pressemitteilungen\nPRESSEMITTEILUNG 112 Zwickau, den 04.03.2019\nNeuer Spielplatz im Stadtpark\n"
     "Die Stadt Zwickau baut im Stadtpark einen großen Spielplatz für Kinder aller Altersgruppen, die "
     "Eröffnung ist im Juni.\nDer Gemeinderat hatte im Herbst zugestimmt und rund 250.000 Euro für die Geräte "
     "bereitgestellt, teilte die Stadt mit.\nPressestelle\nStadt Zwickau",
     ("2019-03-04", "Neuer Spielplatz im Stadtpark", "Stadt Zwickau", "Zwickau")),
])
def test_metadata_of_scraped_pages(text: str, expected: tuple[str, str, str, str]) -> None:
    assert _all_meta(text) == expected


def test_a_meta_line_opening_with_the_date_is_kept_a_toolbar_goes() -> None:
    from extract.clean import boilerplate_flags

    lines = ["Drucken | RSS-Feed | Fehler melden", "14.03.2022 | red | Kiel/Plön | Erika Muster MdL",
             "Der Kreis erhält 2 Millionen Euro für neue Radwege."]
    assert boilerplate_flags(lines) == [False, True, True]
