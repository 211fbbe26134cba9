"""holds_role and participates_in on fresh sentences (none from a gold file): exact facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.pipeline import process

ROLE_CASES = [
    ("two_roles", "Erster Kreisbeigeordneter und Kämmerer Holger Brandt stellte den Haushalt vor.",
     [("Holger Brandt", "Erster Kreisbeigeordneter", ""), ("Holger Brandt", "Kämmerer", "")]),
    ("time_word", "Der damalige Bürgermeister Hans Weber eröffnete die Halle.", [("Hans Weber", "Bürgermeister", "")]),
    ("in_place", "Frank Steinbach, Bürgermeister in Creglingen, freute sich über den Zuschuss.",
     [("Frank Steinbach", "Bürgermeister", "Creglingen")]),
    ("home_office", "Igersheim, 3. Mai 2025. Bürgermeister Frank Menikheim begrüßte die Gäste.",
     [("Frank Menikheim", "Bürgermeister", "Igersheim")]),
    ("party_prefix", "Das teilte die SPD-Landtagsabgeordnete Petra Kunz mit.",
     [("Petra Kunz", "Landtagsabgeordnete", "")]),
    # the people step reads "Fachbereichsleiter Stadtentwicklung" as a role and a name: no such person
    ("noun_is_no_person", "„Das ist wichtig“, erklärt Jonas Keller, Fachbereichsleiter Stadtentwicklung beim "
     "Sportbund Pfalz.", []),
    ("town_is_no_person", "Bei der Übergabe waren Karl Huber (2. Bürgermeister Mertingen) und Landrat Stefan Rößle.",
     [("Stefan Rößle", "Landrat", "")]),
    ("imprint_label", "Verantwortlich: Jana Roth\nPressesprecherin: Lea Vogt", [("Lea Vogt", "Pressesprecherin", "")]),
]

PARTICIPATION_CASES = [
    ("joins_network", "Die Städte Crailsheim und Weikersheim sind dem Netzwerk „Gesunde Kommune“ beigetreten.",
     ["Crailsheim", "Weikersheim"]),
    ("admitted", "In das Programm „Starke Dörfer“ wurden die Gemeinden Blaufelden und Kreßberg aufgenommen.",
     ["Blaufelden", "Kreßberg"]),
    ("planned_only", "Die Stadt Wertheim möchte dem Netzwerk „Gesunde Kommune“ im nächsten Jahr beitreten.", []),
    ("region_not_member", "Von der Initiative „Starke Dörfer“ profitieren auch Gemeinden im Main-Tauber-Kreis.", []),
    # where the news was written or announced is not a participant
    ("agency_dateline", "Stuttgart/Ulm (dpa/lsw) - Die Gemeinden Blaustein und Dornstadt sind in das Programm "
     "„Starke Dörfer“ aufgenommen worden.", ["Blaustein", "Dornstadt"]),
    ("announced_on_weekday_in", "Die Gemeinden Amstetten und Lonsee wurden in das Programm „Starke Dörfer“ "
     "aufgenommen, teilte der Minister am Montag in Stuttgart mit.", ["Amstetten", "Lonsee"]),
    ("paid_from_fund_is_no_membership", "Aus dem Ausgleichstock wird die Gemeinde Stimpfach mit 40.000 Euro gefördert.",
     []),
]


@pytest.fixture(scope="module")
def run(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles-cases")
    for case_id, text, _ in ROLE_CASES + PARTICIPATION_CASES:
        (folder / f"{case_id}.txt").write_text(text, encoding="utf-8")
    result = process([str(folder)], nlp=nlp)
    names = {e.entity_id: e.canonical for e in result.entities}
    stem = {r.raw.doc_id: Path(r.raw.source).stem for r in result.results}
    facts: dict[str, list[tuple[str, ...]]] = {}
    for f in result.facts:
        for doc_id in f.doc_ids:
            if f.predicate == "holds_role":
                facts.setdefault(stem[doc_id], []).append((names[f.subject_id], f.value, names.get(f.object_id, "")))
            elif f.predicate == "participates_in":
                facts.setdefault(stem[doc_id], []).append((names[f.subject_id],))
    return facts


@pytest.mark.parametrize(("case_id", "text", "expected"), ROLE_CASES, ids=[c[0] for c in ROLE_CASES])
def test_roles(run, case_id, text, expected):
    assert sorted(run.get(case_id, [])) == sorted(expected)


@pytest.mark.parametrize(("case_id", "text", "expected"), PARTICIPATION_CASES,
                         ids=[c[0] for c in PARTICIPATION_CASES])
def test_participation(run, case_id, text, expected):
    assert sorted(m for (m,) in run.get(case_id, [])) == sorted(expected)
