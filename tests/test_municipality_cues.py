"""Municipality classes seen on the blind real-places-8 set (issue 12, places8), each with made-up
sentences: ß written as ss, a church's patron saint, "X im Landkreis Y", a stop-listed Gemeinde in a
list of Gemeinden of one Kreis, and Regierungsbezirk authorities in any spelling."""

from __future__ import annotations

import pytest
import test_municipality_list_lines as list_lines

nlp = list_lines.nlp  # the module fixture: a pipeline on the official register
found = list_lines.found


def test_sharp_s_written_as_double_s(nlp):
    assert found(nlp, "Der Zuschuss geht nach WEISSENFELS, Grossenhain und Giessen.") == [
        ("WEISSENFELS", "15084550", "municipality.gazetteer"),
        ("Grossenhain", "14627060", "municipality.gazetteer"),
        ("Giessen", "06531005", "municipality.gazetteer")]


def test_church_patron_is_no_gemeinde(nlp):
    text = ("Die Pfarrkirche St. Peter in Waldkirch wird saniert, ebenso die Kapelle „St. Johann“ "
            "und der Dom St. Marien.")
    assert found(nlp, text) == [("Waldkirch", "08316056", "municipality.gazetteer")]
    # without a church word the saints' names are the Gemeinden
    assert [ags for _, ags, _ in found(nlp, "Die Gemeinde St. Peter und die Stadt St. Ingbert erhalten Geld.")] == [
        "08315095", "10045117"]


def test_kreis_after_name_confirms_the_gemeinde(nlp):
    text = "Die Vereine aus Hatten im Landkreis Oldenburg und aus Weil im Landkreis Landsberg am Lech kommen."
    assert [ags for _, ags, _ in found(nlp, text)] == ["03458009", "03458", "09181145", "09181"]
    # the verb stays a verb
    assert [ags for _, ags, _ in found(nlp, "Wir hatten im Landkreis Oldenburg viel Regen.")] == ["03458"]


@pytest.mark.parametrize(("text", "expected"), [
    ("In Elchingen, Buch, Illertissen und Weißenhorn wurden Radwege gebaut.",
     [("Elchingen", "09775139"), ("Buch", "09775118"), ("Illertissen", "09775129"), ("Weißenhorn", "09775164")]),
    ("Gefördert werden Achern, Lauf, Renchen und Kappelrodeck.",
     [("Achern", "08317001"), ("Lauf", "08317068"), ("Renchen", "08317110"), ("Kappelrodeck", "08317056")]),
])
def test_stop_listed_gemeinde_in_a_list_of_one_kreis(nlp, text, expected):
    spans = found(nlp, text)
    assert [(t, ags) for t, ags, _ in spans] == expected
    assert [rule for t, _, rule in spans if t in ("Buch", "Lauf")] == ["municipality.same_kreis_list"]


@pytest.mark.parametrize(("text", "expected"), [
    # one other Gemeinde is no list of one Kreis
    ("Gefördert werden Illertissen, Buch und Stein.", ["09775129"]),
    # the common noun after an article, outside the list
    ("Der Lauf der Kinzig führt an Gengenbach, Hausach und Hornberg vorbei.", ["08317034", "08317041", "08317051"]),
    ("Im Buch, das in Elchingen, Illertissen und Weißenhorn spielt, geht es um Radwege.",
     ["09775139", "09775129", "09775164"]),
])
def test_stop_listed_name_outside_such_a_list(nlp, text, expected):
    assert [ags for _, ags, _ in found(nlp, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Förderung des Regierungspräsidiums Freiburg geht an Lahr.", ["08317065"]),
    ("Das Regierungspräsidum Tübingen meldet Zahlen aus Reutlingen.", ["08415061"]),
    ("In den Regierungsbezirken Köln und Düsseldorf wird gebaut.", []),
])
def test_regierungsbezirk_authorities(nlp, text, expected):
    assert [ags for _, ags, _ in found(nlp, text)] == expected


def test_second_half_of_a_gemeindeverband_name(nlp):
    assert [ags for _, ags, _ in found(nlp, "Das Amt Peenetal/Loitz und die Gemeinde Sassen-Trantow erhalten Geld.")] \
        == ["13075123"]
    # a slash between two towns is a list
    assert [ags for _, ags, _ in found(nlp, "Die Busse fahren zwischen Anklam/Loitz.")] == ["13075005", "13075082"]
