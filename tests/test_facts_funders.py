"""Funders of grants and programme volumes: stated with the grant, or anywhere in the release.

Fresh sentences (in no gold file). The funder the grant's own sentence states is the key qualifier
``funder``; a funder the release states elsewhere ("Das Ministerium … fördert", "Der Freistaat
unterstützt", "aus Mitteln des Europäischen Sozialfonds") is carried as ``release_funder`` (with its
organisation entity when it is one) and is no part of the fact's key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.components.programs import nominative
from extract.facts.funders import phrase_name
from extract.pipeline import process

F = "receives_funding"

# (id, text, {(recipient, amount): (funder, release_funder, release_funder_is_entity)})
CASES: list[tuple[str, str, dict[tuple[str, str], tuple[str, str, bool]]]] = [
    ("ministry_first_sentence",
     "Das Bayerische Staatsministerium für Digitales fördert den Glasfaserausbau im Bayerischen Wald. "
     "Die Gemeinde Grafenau erhält 250.000 Euro, Spiegelau 180.000 Euro.",
     {("Grafenau", "250000"): ("", "Bayerisches Staatsministerium für Digitales", True),
      ("Spiegelau", "180000"): ("", "Bayerisches Staatsministerium für Digitales", True)}),
    ("own_funder_wins",
     "Der Freistaat Bayern unterstützt die Dorferneuerung in der Rhön. "
     "Die Gemeinde Hausen erhält vom Bund zusätzlich 40.000 Euro für den Dorfplatz.",
     {("Hausen", "40000"): ("Bund", "", False)}),
    ("freistaat_later_grants",
     "Der Freistaat Thüringen unterstützt Kommunen beim Bau von Feuerwehrhäusern. "
     "Die Stadt Kahla bekommt 310.000 Euro für ein neues Gerätehaus.",
     {("Kahla", "310000"): ("", "Freistaat Thüringen", False)}),
    ("eu_fund_phrase",
     "Aus Mitteln des Europäischen Sozialfonds fördert das Land Projekte gegen Kinderarmut. "
     "Die Stadt Gelsenkirchen bekommt 60.000 Euro.",
     {("Gelsenkirchen", "60000"): ("", "Europäischer Sozialfonds", False)}),
    ("announcer_is_not_funder",
     "Wie das Innenministerium am Dienstag mitteilte, bezuschusst das Land den Umbau des Rathauses in "
     "Hachenburg mit 120.000 Euro.",
     {("Hachenburg", "120000"): ("Land", "", False)}),
    ("bund_laender_programme",
     "Die Stadt Meißen erhält aus dem Bund-Länder-Programm Lebendige Zentren weitere 300.000 Euro.",
     {("Meißen", "300000"): ("Bund und Länder", "", False)}),
    ("land_und_bund",
     "Land und Bund unterstützen die Sanierung der Altstadt. Die Stadt Zeitz erhält dafür 500.000 Euro.",
     {("Zeitz", "500000"): ("", "Land und Bund", False)}),
    ("handover_place_is_not_funder",
     "Zwei Gemeinden erhielten im Staatsministerium für Ernährung ihre Förderbescheide aus dem Europäischen "
     "Landwirtschaftsfonds. Die größte Summe erhält der Markt Wallerstein mit 410.000 Euro.",
     {("Wallerstein", "410000"): ("", "Europäischer Landwirtschaftsfonds", False)}),
    ("profits_from_federal_programme",
     "Vier Städte profitieren vom Bundesprogramm „Starke Mitte“. Dabei erhält die Stadt Köthen 820.000 Euro.",
     {("Köthen (Anhalt)", "820000"): ("", "Bund", False)}),
    ("no_funder_anywhere",
     "Die Gemeinde Ködnitz erhält 12.000 Euro für den Spielplatz am Anger.",
     {("Ködnitz", "12000"): ("", "", False)}),
    # a news agency's dateline is where the report was written, not the recipient of a round's volume
    ("agency_dateline_no_home_grant",
     "Kiel (dpa/lno). Mit rund 3 Millionen Euro hat die Landesregierung die Sanierung von Sporthallen in den "
     "Gemeinden gefördert.", {}),
]


@pytest.fixture(scope="module")
def run_cases(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("funder-cases")
    for case_id, text, _ in CASES:
        (folder / f"{case_id}.txt").write_text(text, encoding="utf-8")
    return process([str(folder)], nlp=nlp)


@pytest.mark.parametrize(("case_id", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_funder_of_each_grant(run_cases, case_id, text, expected):
    names = {e.entity_id: e for e in run_cases.entities}
    stem = {r.raw.doc_id: Path(r.raw.source).stem for r in run_cases.results}
    got = {}
    for fact in run_cases.facts:
        if fact.predicate == F and any(stem[d] == case_id for d in fact.doc_ids):
            q = fact.qualifiers
            entity = names.get(q.get("release_funder_id", ""))
            got[(names[fact.subject_id].canonical, fact.value)] = (
                q.get("funder", ""), q.get("release_funder", ""), entity is not None)
            if entity is not None:
                assert (entity.type, entity.canonical) == ("organization", q["release_funder"])
    assert got == expected


def test_release_funder_is_not_part_of_the_key(nlp, tmp_path):
    """The same grant in a release that names the funder elsewhere and in one that does not: one fact."""
    (tmp_path / "a.txt").write_text("Der Freistaat Bayern unterstützt Franken mit Zuschüssen. "
                                    "Die Stadt Aub erhält 240.000 Euro für die Altstadt.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Die Stadt Aub erhält 240.000 Euro für die Altstadt.", encoding="utf-8")
    run = process([str(tmp_path)], nlp=nlp)
    grants = [f for f in run.facts if f.predicate == F]
    assert len(grants) == 1
    assert len(grants[0].doc_ids) == 2


@pytest.mark.parametrize(("phrase", "name"), [
    ("des Freistaates Bayern", "Freistaat Bayern"), ("vom Land", "Land"), ("des Landes Hessen", "Land Hessen"),
    ("Bund und Freistaat Bayern", "Bund und Freistaat Bayern"), ("des Bundes und des Landes", "Bund und Land"),
    ("Europäischen Sozialfonds", "Europäischer Sozialfonds"),
    ("europäischen Landwirtschaftsfonds für die Entwicklung des ländlichen Raums",
     "Europäischer Landwirtschaftsfonds für die Entwicklung des ländlichen Raums"),
])
def test_funder_phrase_names(phrase, name):
    assert phrase_name(phrase) == name


@pytest.mark.parametrize(("name", "nominal"), [
    ("Bayerische Staatsministerium für Digitales", "Bayerisches Staatsministerium für Digitales"),
    ("Bayerischen Staatsministeriums für Wohnen", "Bayerisches Staatsministerium für Wohnen"),
    ("Europäischen Sozialfonds", "Europäischer Sozialfonds"),
    ("Bayerischen Staatsregierung", "Bayerische Staatsregierung"),
    ("Landesverband Rheinland", "Landesverband Rheinland"),
    ("Deutsche Bahn", "Deutsche Bahn"),
])
def test_organisation_names_in_the_nominative(name, nominal):
    assert nominative(name) == nominal


def test_a_generic_round_word_carries_the_volume_not_the_grants(nlp, tmp_path):
    """"die Förderaktion" names the round whose volume is stated; a grant of the release is not said
    to come from it (its programme stays empty)."""
    (tmp_path / "round.txt").write_text(
        "Das Land unterstützt kleine Gemeinden bei Feuerwehrhäusern. Insgesamt stehen für die Förderaktion "
        "2,4 Millionen Euro zur Verfügung. Die Gemeinde Wusterhausen erhält 36.000 Euro.", encoding="utf-8")
    run = process([str(tmp_path)], nlp=nlp)
    names = {e.entity_id: e.canonical for e in run.entities}
    got = sorted((f.predicate, names[f.subject_id], names.get(f.object_id, ""), f.value,
                  f.qualifiers.get("release_funder", "")) for f in run.facts if f.predicate != "holds_role")
    assert got == [("programme_budget", "Förderaktion", "", "2400000", "Land"),
                   ("receives_funding", "Wusterhausen/Dosse", "", "36000", "Land")]
