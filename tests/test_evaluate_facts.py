"""Fact scoring (FACTS_SCHEMA.md): exact tp/fp/fn per predicate, role folding, attribute accuracy."""

from __future__ import annotations

from extract.evaluate_facts import format_fact_report, names_agree, roles_match, score_facts
from extract.model import Entity, Fact

ENTITIES = [
    Entity("mun:09675117", "municipality", "Iphofen", "09675117", "Stadt"),
    Entity("mun:09675", "municipality", "Landkreis Kitzingen", "09675", "Kreis"),
    Entity("mun:09675160", "municipality", "Volkach", "09675160", "Stadt"),
    Entity("org:grundschule-iphofen", "organization", "Grundschule Iphofen"),
    Entity("prg:lebendige-zentren", "program", "Lebendige Zentren"),
    Entity("per:tamara-bischof", "person", "Tamara Bischof"),
    Entity("per:dieter-lenzer", "person", "Dieter Lenzer"),
]

GOLD = {
    "id": "g1",
    "municipalities": [{"name": "Iphofen", "kind": "Stadt"}, {"name": "Landkreis Kitzingen", "kind": "Kreis"},
                       {"name": "Volkach", "kind": "Stadt"}],
    "facts": [
        {"predicate": "receives_funding", "recipient": "Iphofen", "recipient_type": "municipality",
         "municipality": "Iphofen", "amount": 380000, "currency": "EUR", "period": None,
         "programme": "Lebendige Zentren", "funder": "Bund und Freistaat Bayern"},
        {"predicate": "receives_funding", "recipient": "Volkach", "recipient_type": "municipality",
         "municipality": "Volkach", "amount": 1520000, "currency": "EUR", "period": None,
         "programme": None, "funder": None},
        {"predicate": "receives_funding", "recipient": "Grundschule Iphofen", "recipient_type": "other",
         "municipality": "Iphofen", "amount": 12500, "currency": "EUR", "period": None,
         "programme": None, "funder": None},
        {"predicate": "programme_budget", "programme": "Lebendige Zentren", "amount": 58000000},
        {"predicate": "participates_in", "municipality": "Landkreis Kitzingen", "programme": "Lebendige Zentren"},
        {"predicate": "holds_role", "person": "Tamara Bischof", "role": "Landrätin",
         "organisation": "Landkreis Kitzingen"},
        {"predicate": "holds_role", "person": "Dieter Lenzer", "role": "Leiter der Koordinierungsstelle"},
    ],
}


def _fact(n: int, subject: str, predicate: str, obj: str = "", value: str = "", **kw) -> Fact:
    return Fact(f"fact:{n}", subject, predicate, obj, value, unit="EUR" if predicate != "holds_role" else "",
                doc_ids=("d1",), **kw)


PREDICTED = [
    _fact(1, "mun:09675117", "receives_funding", "prg:lebendige-zentren", "380000",
          qualifiers={"funder": "Freistaat Bayern"}),
    # the right amount but the wrong town: a miss and a spurious fact by (municipality, amount),
    # a hit by amount alone
    _fact(2, "mun:09675", "receives_funding", "", "1520000"),
    _fact(3, "org:grundschule-iphofen", "receives_funding", "", "12500"),
    _fact(4, "prg:lebendige-zentren", "programme_budget", "", "58000000"),
    _fact(5, "prg:lebendige-zentren", "programme_budget", "", "900"),
    _fact(6, "mun:09675", "participates_in", "prg:lebendige-zentren", valid_from="2020"),
    _fact(7, "mun:09675", "participates_in", "prg:lebendige-zentren", valid_from="2021"),
    _fact(8, "per:tamara-bischof", "holds_role", "mun:09675", "Landraetin"),
    _fact(9, "per:dieter-lenzer", "holds_role", "", "Leiter"),
    _fact(10, "per:dieter-lenzer", "holds_role", "", "Sprecher"),
]


def test_scores_per_predicate_exactly():
    report = score_facts([GOLD, {"id": "g2", "text": "not annotated for facts"}], {"g1": PREDICTED}, ENTITIES)
    counts = {p: (s.tp, s.fp, s.fn) for p, s in report.per_predicate.items()}
    assert counts == {
        "receives_funding": (1, 1, 1),
        "receives_funding_any": (3, 0, 0),
        "programme_budget": (1, 1, 0),
        # two validity dates of one participation are one statement
        "participates_in": (1, 0, 0),
        "holds_role": (2, 1, 0),
    }
    assert report.n_documents == 1
    # programme: Iphofen agrees, the other two have none on both sides; funder: "Freistaat Bayern"
    # is a run of words in "Bund und Freistaat Bayern"; period empty everywhere
    assert report.attributes == {"programme": (3, 3), "funder": (3, 3), "period": (3, 3)}
    [errors] = report.documents
    assert errors.misses == {"receives_funding": ["Volkach 1520000"]}
    assert errors.spurious == {"receives_funding": ["Landkreis Kitzingen 1520000"],
                               "programme_budget": ["Lebendige Zentren 900"],
                               "holds_role": ["Dieter Lenzer = Sprecher"]}
    text = format_fact_report(report)
    assert "receives_funding         0.500  0.500  0.500     1     1     1" in text
    assert "   miss     receives_funding      Volkach 1520000" in text


def test_role_folding_and_name_agreement():
    assert roles_match("Landrätin", "landraetin")
    assert not roles_match("Landrätin", "Landratin")
    assert roles_match("Leiter", "Leiter der Landeskoordinierungsstelle")
    assert not roles_match("Leiter", "Leiterin")
    assert names_agree("Bund und Freistaat Bayern", "Freistaat Bayern")
    assert not names_agree("Freistaat Bayern", "Bund")
    assert names_agree(None, "")
    # adjective endings do not make another name
    assert names_agree("Bayerisches Staatsministerium für Wohnen", "Bayerische Staatsministerium für Wohnen")
    assert names_agree("Land NRW und Europäischer Sozialfonds", "Europäischen Sozialfonds")
    assert not names_agree("Europäischer Sozialfonds", "Europäischer Landwirtschaftsfonds")
