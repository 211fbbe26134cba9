"""People: roles, titles, contact blocks, photo credits, negatives, one name per person and document."""

from __future__ import annotations

import pytest
import spacy

import extract.components.people  # noqa: F401
from extract.components import spans_of
from extract.normalise.people import (
    adjective_base,
    canonical_name,
    first_name_gender,
    first_names,
    gendered_role,
    is_first_name,
    normalise_label,
    role_base,
    same_person,
)
from extract.rules import rule_path

try:
    import extract.components.sentences  # noqa: F401

    SENTENCES = "pressextract_sentences"
except ImportError:  # pragma: no cover
    SENTENCES = "sentencizer"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe(SENTENCES)
    nlp.add_pipe("pressextract_people")
    return nlp


def people(nlp, text: str) -> list[tuple[str, str, str, str, str]]:
    """(surface, value, role, title, rule) of every person span."""
    return [
        (s.text, s._.pe.value, s._.pe.attrs["role"], s._.pe.attrs["title"], s._.pe.rule)
        for s in spans_of(nlp(text), "person")
    ]


ROLE_PREFIX = "person.role_prefix"
FIRST = "person.first_name"
TITLE = "person.title"
CONTACT = "person.contact"
CREDIT = "person.photo_credit"
REF = "person.surname_reference"

CASES = [
    # roles before the name
    ("Bürgermeister Reiner Breuer empfing die Gäste.",
     [("Reiner Breuer", "Reiner Breuer", "Bürgermeister", "", ROLE_PREFIX)]),
    ("Vize-Landrat und Sozialdezernent Dirk Noll berichtet über das Projekt.",
     [("Dirk Noll", "Dirk Noll", "Vize-Landrat und Sozialdezernent", "", ROLE_PREFIX)]),
    ("Die Idee geht auf einen Vorschlag des stellvertretenden Bürgermeisters Erik Cziesla zurück.",
     [("Erik Cziesla", "Erik Cziesla", "stellvertretender Bürgermeister", "", ROLE_PREFIX)]),
    ("„Wir freuen uns“, sagte Familienministerin Christina\nKampmann.",
     [("Christina\nKampmann", "Christina Kampmann", "Familienministerin", "", ROLE_PREFIX)]),
    ("Das sieht der ehemalige Bundeskanzler Helmut Kohl genauso.",
     [("Helmut Kohl", "Helmut Kohl", "ehemaliger Bundeskanzler", "", ROLE_PREFIX)]),
    ("Bundesfamilienministerin Dr. Franziska Giffey besuchte den Verein.",
     [("Dr. Franziska Giffey", "Franziska Giffey", "Bundesfamilienministerin", "Dr.", ROLE_PREFIX)]),
    ("Die Pläne stellte OB Uwe Richrath vor.",
     [("Uwe Richrath", "Uwe Richrath", "Oberbürgermeister", "", ROLE_PREFIX)]),
    ("Begrüßt wurden die Gäste von Landesbeauftragter Tom Krebs.",
     [("Tom Krebs", "Tom Krebs", "Landesbeauftragter", "", ROLE_PREFIX)]),
    # surname only with a role
    ("Landrat Bär eröffnete die Sitzung.", [("Bär", "Bär", "Landrat", "", ROLE_PREFIX)]),
    ("Erste Stadträtin Götz sprach zuerst.", [("Götz", "Götz", "Erste Stadträtin", "", ROLE_PREFIX)]),
    # roles after the name
    ("Reiner Breuer, Bürgermeister der Stadt Neuss, begrüßte alle.",
     [("Reiner Breuer", "Reiner Breuer", "Bürgermeister", "", FIRST)]),
    ("Empfangen wurden sie von Helge Wallmeier, stellvertretender Jugendamtsleiter, im Rathaus.",
     [("Helge Wallmeier", "Helge Wallmeier", "stellvertretender Jugendamtsleiter", "", FIRST)]),
    ("Dr. Heinz-Jürgen Stolz als Leiter der Landeskoordinierungsstelle kam nach Neuss.",
     [("Dr. Heinz-Jürgen Stolz", "Heinz-Jürgen Stolz", "Leiter der Landeskoordinierungsstelle", "Dr.",
       TITLE)]),
    ("Ina Woelk, die Leiterin der Familienförderung, fasst zusammen.",
     [("Ina Woelk", "Ina Woelk", "Leiterin der Familienförderung", "", FIRST)]),
    ("Danke\nRobert Schilken, Herausgeber\n",
     [("Robert Schilken", "Robert Schilken", "Herausgeber", "", FIRST)]),
    # titles and forms of address
    ("Gemeinsam mit Dr. Pia Findeiß ging es durch Zwickau.",
     [("Dr. Pia Findeiß", "Pia Findeiß", "", "Dr.", TITLE)]),
    ("Es sprach Prof. Dr. Anna Lange.", [("Prof. Dr. Anna Lange", "Anna Lange", "", "Prof. Dr.", TITLE)]),
    ("Das bestätigte Herr Kowalczyk am Montag.", [("Kowalczyk", "Kowalczyk", "", "", "person.honorific")]),
    # contact blocks
    ("Pressekontakt: Stadt Leverkusen, Julia Trick\n[Zurück]",
     [("Julia Trick", "Julia Trick", "Pressekontakt", "", CONTACT)]),
    ("Pressesprecher: Oliver Platzer\nTelefon 0214 406",
     [("Oliver Platzer", "Oliver Platzer", "Pressesprecher", "", CONTACT)]),
    ("Ansprechpartnerin: Anna Schmitz, Telefon 0214 406-8860",
     [("Anna Schmitz", "Anna Schmitz", "Ansprechpartnerin", "", CONTACT)]),
    ("Federführend: Finanzmanagement Bearbeiter/-in: Ammoneit, Britta\nProdukte: 29.3.",
     [("Ammoneit, Britta", "Britta Ammoneit", "Bearbeiterin", "", CONTACT)]),
    ("Verantwortlich:Jürgen Wiegert\nKVOR Wiegert stellt den Haushalt vor.",
     [("Jürgen Wiegert", "Jürgen Wiegert", "Verantwortlich", "", CONTACT),
      ("Wiegert", "Jürgen Wiegert", "KVOR", "", ROLE_PREFIX)]),
    # photo credits
    ("Foto: Max Mustermann", [("Max Mustermann", "Max Mustermann", "", "", CREDIT)]),
    ("Die Ministerin in Frankfurt.\n© photothek/Inga Kjer\n", [("Inga Kjer", "Inga Kjer", "", "", CREDIT)]),
    ("Bürgermeister Reiner Breuer (2.v.r.) empfing die Gäste. Foto: Stadt",
     [("Reiner Breuer", "Reiner Breuer", "Bürgermeister", "", ROLE_PREFIX)]),
    # first-name lexicon
    ("Herzliche Grüße aus Nürnberg\n\nDanielle Rodarius, Julia Kaupper & Luisa Schroll",
     [("Danielle Rodarius", "Danielle Rodarius", "", "", FIRST),
      ("Julia Kaupper", "Julia Kaupper", "", "", FIRST),
      ("Luisa Schroll", "Luisa Schroll", "", "", FIRST)]),
    ("Familienministerin Josefine Paul und Staatssekretär Lorenz Bahr reisen.",
     [("Josefine Paul", "Josefine Paul", "Familienministerin", "", ROLE_PREFIX),
      ("Lorenz Bahr", "Lorenz Bahr", "Staatssekretär", "", ROLE_PREFIX)]),
    ("Die Bundesministerin löste damit Katarina Barley ab.",
     [("Katarina Barley", "Katarina Barley", "", "", FIRST)]),
    # more shapes
    ("Ministerpräsidentin Nordrhein-Westfalens Hannelore Kraft besuchte die Stadt.",
     [("Hannelore Kraft", "Hannelore Kraft", "Ministerpräsidentin", "", ROLE_PREFIX)]),
    ("Mit freundlichen Grüßen\nIhr\nReiner Breuer\nBürgermeister\n",
     [("Reiner Breuer", "Reiner Breuer", "Bürgermeister", "", FIRST)]),
    ("Gesprächspartnerin war Anne Spiegel, rheinland-pfälzische Familienministerin, in Mainz.",
     [("Anne Spiegel", "Anne Spiegel", "rheinland-pfälzische Familienministerin", "", FIRST)]),
    # a descriptive adjective is no part of the role; a truncated compound shares the role's head
    ("Das bestätigte Karin Weber, die zuständige Ministerin, am Montag.",
     [("Karin Weber", "Karin Weber", "Ministerin", "", FIRST)]),
    ("Das erklärte die Wirtschafts- und Verkehrsministerin Anke Roth.",
     [("Anke Roth", "Anke Roth", "Wirtschafts- und Verkehrsministerin", "", ROLE_PREFIX)]),
    ("Ansprechpartner: Herr Thomas Kirchhoff, Telefon 02131 90-2345",
     [("Thomas Kirchhoff", "Thomas Kirchhoff", "Ansprechpartner", "", CONTACT)]),
    ("Kontakt:\nStadt Monheim am Rhein\nPressestelle\nThomas Spekowius\nRathausplatz 2\n",
     [("Thomas Spekowius", "Thomas Spekowius", "Kontakt", "", CONTACT)]),
    ("Die Sprechstunde bei Frau Dr. Meier fällt aus.", [("Dr. Meier", "Meier", "", "Dr.", TITLE)]),
]

NEGATIVES = [
    "Den zweiten Tag startete sie im Familienzentrum Ludwig-Uhland-Straße in Maintal.",
    "Die Stadt verleiht den Helmut-Kohl-Preis.",
    "Auch die Bertelsmann Stiftung wird aktiv bleiben.",
    "Die Hans-Böckler-Stiftung fördert das Projekt.",
    "Die Hans Böckler Stiftung fördert das Projekt.",
    "Stadt Leverkusen - Pressestelle, Friedrich-Ebert-Platz 1, 51373 Leverkusen",
    "Die Schule liegt an der Konrad Adenauer Straße.",
    "Es ist nicht lange her, da hatte ein Bundespräsident Station in der Stadt gemacht.",
    "Der Stadtrat Neuss tagt am Montag.",
    "Foto: Stadt",
    "Fotos: Bundesfamilienministerin zu Besuch in Frankenberg",
    "Sehr geehrter Herr Bürgermeister, lieber Christian...",
    "Überreicht wurde es vom sechsjährigen Eric aus Frankenberg.",
    "Steigt an der Ebertstraße aus, in Sichtweite des Hans-Sachs-Hauses.",
    "Neben Oberbürgermeister und Stadtratsfraktionen können alle Bürger Vorschläge machen.",
    "Der Bürgermeister Kölns war da, der Ministerpräsident Nordrhein-Westfalens auch.",
    "Auch die Gesamtschule Anne Frank profitiert.",
    "Maria Himmelfahrt ist ein Feiertag, das Sankt Michael Fest auch.",
    "Das sagte die reichste Frau Frankreichs.",
    "Nach seinem ersten Roman The South schrieb er einen zweiten.",
    "Fotos: Stadt Brühl | Text: Presseamt",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_person_patterns(nlp, text, expected):
    assert people(nlp, text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_people(nlp, text):
    assert people(nlp, text) == []


def test_surname_mentions_resolve_to_full_name(nlp):
    text = (
        "Interview mit Vize-Landrat Noll und Fabian Göbel.\n"
        "Vize-Landrat und Sozialdezernent Dirk Noll und Fabian Göbel berichten.\n"
        "Noll: Wir helfen.\nGöbel: Im Landkreis sind es 140."
    )
    got = [(s.text, s._.pe.value, s._.pe.rule) for s in spans_of(nlp(text), "person")]
    assert got == [
        ("Noll", "Dirk Noll", ROLE_PREFIX),
        ("Fabian Göbel", "Fabian Göbel", FIRST),
        ("Dirk Noll", "Dirk Noll", ROLE_PREFIX),
        ("Fabian Göbel", "Fabian Göbel", FIRST),
        ("Noll", "Dirk Noll", REF),
        ("Göbel", "Fabian Göbel", REF),
    ]
    # a mention without its own role gets the person's role from the document
    spans = spans_of(nlp(text), "person")
    assert spans[0]._.pe.attrs["role"] == "Vize-Landrat"
    assert spans[4]._.pe.attrs["role"] == "Vize-Landrat und Sozialdezernent"


def test_typo_in_first_name_joins_person(nlp):
    text = (
        "Bundesfamilienministerin Dr. Franziska Giffey besuchte Frankfurt. "
        "In Bad Rodach betonte Dr. Frankziska Giffey die Förderung. "
        "Am dritten Tag machte Dr. Franziska Giffey in Chemnitz Station."
    )
    values = {s._.pe.value for s in spans_of(nlp(text), "person")}
    assert values == {"Franziska Giffey"}


def test_surname_after_article_is_no_reference(nlp):
    text = "Dr. Heinz-Jürgen Stolz kam. Der Stolz der Stadt ist das Rathaus."
    assert [s.text for s in spans_of(nlp(text), "person")] == ["Dr. Heinz-Jürgen Stolz"]


def test_attributes(nlp):
    doc = nlp(
        "Anschließend traf sie Oberbürgermeisterin Barbara Ludwig (SPD). Fabian Göbel vom Fachdienst "
        "Arbeitsmarkt berichtet. Ulrich Hardtke, Bürgermeister der Gemeinde Labenz, nahm den Preis entgegen."
    )
    attrs = {s._.pe.value: s._.pe.attrs for s in spans_of(doc, "person")}
    assert attrs["Barbara Ludwig"] == {
        "role": "Oberbürgermeisterin", "title": "", "organization": "", "party": "SPD"
    }
    assert attrs["Fabian Göbel"]["organization"] == "Fachdienst Arbeitsmarkt"
    assert attrs["Ulrich Hardtke"] == {
        "role": "Bürgermeister", "title": "", "organization": "Gemeinde Labenz"
    }


def test_middle_initial(nlp):
    assert people(nlp, "US-Präsident George W. Bush erklärte es.") == [
        ("George W. Bush", "George W. Bush", "US-Präsident", "", ROLE_PREFIX)
    ]


def test_ner_person_entities_are_refined():
    nlp = spacy.blank("de")
    nlp.add_pipe(SENTENCES)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "Nurhan Soykan"},
            {"label": "PER", "pattern": "Ashley Cole"},
            {"label": "PER", "pattern": "Talsperre Lopaus"},
            {"label": "PER", "pattern": "Landrat Xaverius Pfiff"},
            {"label": "PER", "pattern": "Helmut-Kohl-Preis"},
            {"label": "PER", "pattern": "Bertelsmann Stiftung"},
        ]
    )
    nlp.add_pipe("pressextract_people")
    text = (
        "Heute sprach Nurhan Soykan. Dann kam Landrat Xaverius Pfiff. Soykan lobte. Auch Ashley Cole kam.\n"
        "Helmut-Kohl-Preis und Bertelsmann Stiftung.\n11\nSG Amelinghausen\nSanierung Talsperre Lopaus\n"
    )
    got = [(s.text, s._.pe.value, s._.pe.rule, s._.pe.attrs["role"]) for s in spans_of(nlp(text), "person")]
    assert got == [
        ("Nurhan Soykan", "Nurhan Soykan", "ner.model", ""),  # surname repeated
        ("Xaverius Pfiff", "Xaverius Pfiff", ROLE_PREFIX, "Landrat"),
        ("Soykan", "Nurhan Soykan", REF, ""),
        ("Ashley Cole", "Ashley Cole", "ner.model", ""),  # given name known in another language
    ]


def test_component_leaves_other_spans_alone(nlp):
    from extract.components import add_span
    from extract.model import SpanInfo

    doc = nlp.make_doc("Bürgermeister Reiner Breuer lobte Neuss.")
    add_span(doc, 4, 5, "municipality", SpanInfo(value="05162024", rule="municipality.gazetteer"))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    got = [(s.label_, s.text) for s in spans_of(doc)]
    assert got == [("person", "Reiner Breuer"), ("municipality", "Neuss")]


# ---------------------------------------------------------------- extract.normalise.people

@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Dr. Heinz-Jürgen Stolz", ("Heinz-Jürgen Stolz", "Dr.")),
        ("Familienministerin Christina\nKampmann", ("Christina Kampmann", "")),
        ("Ammoneit, Britta", ("Britta Ammoneit", "")),
        ("Nette, Dorte", ("Dorte Nette", "")),
        ("stellvertretenden Bürgermeisters Erik Cziesla", ("Erik Cziesla", "")),
        ("Prof. Dr. med. Karl Meier", ("Karl Meier", "Prof. Dr. med.")),
        ("Herr Dr. Bauer", ("Bauer", "Dr.")),
        ("Bürgermeister Reiner Breuer (SPD)", ("Reiner Breuer", "")),
        ("Reiner Breuer, Bürgermeister der Stadt Neuss", ("Reiner Breuer", "")),
        ("Vize-Landrat und Sozialdezernent Dirk Noll", ("Dirk Noll", "")),
        ("  Inga   Kjer ", ("Inga Kjer", "")),
    ],
)
def test_canonical_name(surface, expected):
    assert canonical_name(surface) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Reiner Breuer", "Bürgermeister Reiner Breuer", True),
        ("Dr. Kristina Schröder", "Kristina Schröder", True),
        ("Frankziska Giffey", "Franziska Giffey", True),  # unknown name one edit from a known one
        ("Christian Meier", "Christina Meier", False),  # two known first names
        ("Jan Meier", "Jana Meier", False),
        ("Franziska Giffey", "Franziska Gifey", False),  # surnames must match exactly
        ("Giffey", "Franziska Giffey", False),  # a surname alone is never enough across documents
        ("Heinz-Jürgen Stolz", "Heinz Jürgen Stolz", True),
        ("Ammoneit, Britta", "Britta Ammoneit", True),
        ("", "", False),
    ],
)
def test_same_person(a, b, expected):
    assert same_person(a, b) is expected
    assert same_person(b, a) is expected


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("Bürgermeister", "Bürgermeister"),
        ("Bürgermeisters", "Bürgermeister"),
        ("Vize-Landrat", "Vize-Landrat"),
        ("Bundesfamilienministerin", "Bundesfamilienministerin"),
        ("Jugendamtsleiter", "Jugendamtsleiter"),
        ("Gleichstellungsbeauftragten", "Gleichstellungsbeauftragte"),
        ("Präsidenten", "Präsident"),
        ("Breuer", ""),
        ("Stadt", ""),
        ("leiter", ""),
    ],
)
def test_role_base(word, base):
    assert role_base(word) == base


def test_role_helpers():
    assert adjective_base("stellvertretenden", feminine=False) == "stellvertretender"
    assert adjective_base("ehemalige", feminine=False) == "ehemaliger"
    assert adjective_base("kommunalen", feminine=True) == "kommunale"
    assert normalise_label("Bearbeiter/-in") == "Bearbeiter"
    assert normalise_label("Ansprechpartner*in") == "Ansprechpartner"
    assert gendered_role("Bearbeiter", "Britta") == "Bearbeiterin"
    assert gendered_role("Bearbeiter", "Jürgen") == "Bearbeiter"
    assert gendered_role("Pressekontakt", "Julia") == "Pressekontakt"


def test_first_name_lexicon():
    assert len(first_names()) > 2000
    assert is_first_name("Reiner") and is_first_name("Heinz")
    assert not is_first_name("Stadt")
    assert is_first_name("Ernst", strict=False) and not is_first_name("Ernst")
    assert first_name_gender("Britta") == "f" and first_name_gender("Jürgen") == "m"


@pytest.mark.parametrize("name", ["titles", "roles", "contacts", "blockers"])
def test_rule_files_have_header_and_content(name):
    path = rule_path(f"people/{name}.yaml")
    assert path.read_text(encoding="utf-8").startswith("#")
    from extract.normalise.people import people_rules

    data = people_rules(name)
    assert data and all(value for value in data.values())


def test_an_ambiguous_given_name_counts_before_a_role_apposition(nlp) -> None:
    text = ("Frank Uhlmann, stellvertretender Landrat, kam.\n\nFrank Uhlmann lobte das Team.\n\n"
            "Frank Berger kam.\n")
    got = [(s.text, s._.pe.rule, s._.pe.attrs["role"]) for s in spans_of(nlp(text), "person")]
    assert got == [("Frank Uhlmann", "person.first_name", "stellvertretender Landrat"),
                   ("Uhlmann", "person.surname_reference", "stellvertretender Landrat")]


def test_shared_party_and_counted_plural_role(nlp):
    doc = nlp("Den Antrag stellten die beiden Stadträte Ole Brink und Maren Sell (beide FDP) am Montag.")
    attrs = {s._.pe.value: s._.pe.attrs for s in spans_of(doc, "person")}
    assert attrs == {
        "Ole Brink": {"role": "Stadtrat", "title": "", "organization": "", "party": "FDP"},
        "Maren Sell": {"role": "Stadträtin", "title": "", "organization": "", "party": "FDP"},
    }


def test_feminine_plural_role_word():
    from extract.normalise.people import role_base, role_of_gender

    assert [role_base(w) for w in ("Bürgermeisterinnen", "Landräte", "Stadträte", "Landrätinnen")] == [
        "Bürgermeisterin", "Landrat", "Stadtrat", "Landrätin"]
    assert role_of_gender("Landrat", "f") == "Landrätin"
    assert role_of_gender("Gemeinderätin", "m") == "Gemeinderat"
