"""Error classes found on the blind set eval/real-facts-10 (funding7), each with fresh sentences.

None of these sentences is taken from a gold file; each row is one release written for this table,
with the complete set of its funding facts (recipient, amount, funder, release funder) and
programme volumes (amount). The classes: a grant sentence that names nobody but a minister who hands
over or issues the grant goes to the release's home (the minister is no funder: a person, not the
paying body); a Land as the subject of a funding verb is a funder; "zahlt … einen Ausgleich" speaks
of money; a round's total over the grants it lists stays its volume; a Kreis amount below its
municipalities' grants is the Kreis's own grant, also after "in den Landkreis X: Der Landkreis
selbst …"; one volume stated with and without "insgesamt" is one fact; "nahe X" only locates a
place; schools listed by their towns ("an folgende Grundschulen: A und B") are no municipal
recipients; "kann sich über … freuen" and "beteiligt sich mit … an den Kosten der Gemeinde X" state
grants; "Das Land fördert den Umbau der alten Schule mit …" is one grant, not a round; a town in
brackets after a mayor ("Bürgermeisterin X (Kriegsfeld) nahm den Förderbescheid … entgegen") is the
recipient; "vom Bildungsministerium", "vom Landkreis" and "der EU" name funders; the place of an
organisation's project ("Antrag des Zweckverbandes … zum Glasfaserausbau in Mörsfeld") is no
recipient; "aus einer Gesamtsumme von …" states a round's volume; a programme's share ("… Euro des
Programms stammen aus …") is no grant.
"""

from __future__ import annotations

import pytest
from fact_cases import facts_per_case

from extract.facts.funders import ministry_of

F = "receives_funding"
B = "programme_budget"

# (id, text, {(recipient, amount): (funder, release_funder)}, programme_budget amounts)
CASES: list[tuple[str, str, dict[tuple[str, str], tuple[str, str]], list[str]]] = [
    # a Bescheid "von Innenministerin X" in a release whose dateline names the town: the town's grant,
    # with no funder (a minister is no paying body)
    ("minister_bescheid_home",
     "Mörsfeld. Die Freude über den Zuwendungsbescheid von Innenministerin Clara Weidmann in Höhe von "
     "85.000 Euro für den neuen Dorfplatz ist groß, sagte der Ortsbürgermeister.",
     {("Mörsfeld", "85000"): ("", "")}, []),
    # the minister hands the Bescheid over: a person, no paying body (the schema's funder is who pays)
    ("minister_hands_over",
     "Sozialministerin Petra Kühnel übergab der Stadt Torgau einen Fördermittelbescheid über 640.000 Euro "
     "für den Neubau der Kita am Schlossteich.",
     {("Torgau", "640000"): ("", "")}, []),
    # a minister who only speaks is no funder
    ("minister_only_speaks",
     "Die Gemeinde Kemberg erhält 52.000 Euro für die Sanierung der Turnhalle. Das sei gut angelegtes "
     "Geld, sagte Finanzminister Jens Albrecht.",
     {("Kemberg", "52000"): ("", "")}, []),
    # a Land as the subject of a funding verb is the release's funder
    ("land_subject_funds",
     "Hessen unterstützt seine Kommunen beim Brandschutz. Die Gemeinde Ulrichstein erhält 90.000 Euro für "
     "ein neues Löschfahrzeug.",
     {("Ulrichstein", "90000"): ("", "Hessen")}, []),
    # "zahlt … einen Ausgleich": a sentence about money, so its funder is the release's
    ("pays_compensation",
     "Das Land Thüringen zahlt den Gemeinden einen Ausgleich für die abgeschafften Straßenausbaubeiträge. "
     "Die Stadt Kahla erhält 48.200 Euro.",
     {("Kahla", "48200"): ("", "Land Thüringen")}, []),
    # a round's total over the grants it lists is its volume (the gold convention of every set)
    ("total_of_listed_grants",
     "Insgesamt 30.500 Euro aus dem Ausgleichstock werden an drei Gemeinden im Kreis verteilt. Mörsfeld "
     "erhält 10.500 Euro, Kriegsfeld und Oberwiesen bekommen jeweils 10.000 Euro.",
     {("Mörsfeld", "10500"): ("", ""), ("Kriegsfeld", "10000"): ("", ""), ("Oberwiesen", "10000"): ("", "")},
     ["30500"]),
    # a real volume larger than the listed grants stays one
    ("volume_above_grants_stays",
     "Insgesamt 2 Millionen Euro aus dem Ausgleichstock werden in diesem Jahr an die Gemeinden im Kreis "
     "verteilt. Mörsfeld erhält "
     "10.500 Euro, Kriegsfeld 10.000 Euro.",
     {("Mörsfeld", "10500"): ("", ""), ("Kriegsfeld", "10000"): ("", "")}, ["2000000"]),
    # the Kreis's amount below its municipalities' grants is the Kreis's own grant
    ("kreis_own_below_members",
     "900.000 Euro an Bedarfszuweisungen gibt der Freistaat dem Landkreis Kronach. An drei Gemeinden im "
     "Landkreis gehen 1,5 Millionen Euro: Teuschnitz bekommt 1 000 000 Euro, Steinwiesen 300 000 Euro und "
     "Wilhelmsthal 200 000 Euro.",
     {("Landkreis Kronach", "900000"): ("Freistaat", ""), ("Teuschnitz", "1000000"): ("", "Freistaat"),
      ("Steinwiesen", "300000"): ("", "Freistaat"), ("Wilhelmsthal", "200000"): ("", "Freistaat")}, []),
    # "in den Landkreis X: Der Landkreis selbst …" restates the Kreis as the recipient itself
    ("kreis_itself_after_colon",
     "Geld fließt auch in den Landkreis Kronach: Der Landkreis selbst erhält 450.000 Euro. Die Stadt "
     "Teuschnitz bekommt 200.000 Euro.",
     {("Landkreis Kronach", "450000"): ("", ""), ("Teuschnitz", "200000"): ("", "")}, []),
    # "nahe Goldberg" locates a place; Goldberg receives nothing
    ("near_locates",
     "Am Nachmittag übergibt der Minister in Below nahe Goldberg eine Zusage über 80.000 Euro für das "
     "Feuerwehrhaus.",
     {}, []),
    # one volume stated twice, once with "insgesamt" (period total) and once without: one fact
    ("volume_restated_with_total",
     "1,2 Millionen Euro aus dem Ausgleichstock gehen an vier Gemeinden im Landkreis. Die Zuschüsse in Höhe "
     "von insgesamt 1,2 Millionen Euro verteilen sich wie folgt: Mörsfeld bekommt 600 000 Euro, Kriegsfeld "
     "300 000 Euro, Oberwiesen 200 000 Euro und Bennhausen 100 000 Euro.",
     {("Mörsfeld", "600000"): ("", ""), ("Kriegsfeld", "300000"): ("", ""), ("Oberwiesen", "200000"): ("", ""),
      ("Bennhausen", "100000"): ("", "")}, ["1200000"]),
    # schools listed by their towns after "folgende Grundschulen:" are no municipal recipients; a list of
    # Feuerwehren stays the municipalities' (the gold convention: a Freiwillige Feuerwehr is its town's)
    ("schools_named_by_town",
     "Die Stadt Kirchheimbolanden erhält 70.000 Euro. Und an folgende Grundschulen: Mörsfeld und Kriegsfeld "
     "(jeweils 6 000 Euro).",
     {("Kirchheimbolanden", "70000"): ("", "")}, []),
    ("fire_brigades_named_by_town",
     "Das Land fördert neue Löschfahrzeuge. Die Zuschüsse gehen an folgende Feuerwehren: Mörsfeld und "
     "Kriegsfeld (jeweils 8.000 Euro).",
     {("Mörsfeld", "8000"): ("", "Land"), ("Kriegsfeld", "8000"): ("", "Land")}, []),
    # "kann sich über … freuen" and "beteiligt sich mit … an den Kosten der Gemeinde X" state grants
    ("can_be_glad",
     "Die Stadt Rockenhausen kann sich über 80.000 Euro für die Sanierung des Freibads freuen.",
     {("Rockenhausen", "80000"): ("", "")}, []),
    ("share_of_costs",
     "Das Land beteiligt sich mit 120.000 Euro an den Kosten der Gemeinde Mörsfeld für den neuen Dorfplatz.",
     {("Mörsfeld", "120000"): ("Land", "")}, []),
    # "Das Land fördert den Umbau der alten Schule mit …" in a release of one town: the town's grant;
    # a class of projects ("den Ausbau von Radwegen") stays a round's volume
    ("one_project_is_a_grant",
     "Mörsfeld. Das Land fördert den Umbau der alten Schule zum Bürgerhaus mit 310.000 Euro.",
     {("Mörsfeld", "310000"): ("Land", "")}, []),
    ("class_of_projects_is_a_round",
     "Mörsfeld. Das Land fördert den Ausbau von Radwegen in diesem Jahr mit 31 Millionen Euro.",
     {}, ["31000000"]),
    # the town in brackets after a mayor who receives the Bescheid is the recipient
    ("mayor_with_town_in_brackets",
     "Bürgermeisterin Anna Roth (Kriegsfeld) nahm den Förderbescheid über 66.000 Euro für den Spielplatz "
     "entgegen.",
     {("Kriegsfeld", "66000"): ("", "")}, []),
    # an enumeration "nach A …, nach B X Euro und nach C Y Euro": each place takes the amount after it
    ("nach_enumeration",
     "Nach Kriegsfeld fließen 120.000 Euro, nach Mörsfeld 80.000 Euro und nach Oberwiesen 45.000 Euro.",
     {("Kriegsfeld", "120000"): ("", ""), ("Mörsfeld", "80000"): ("", ""), ("Oberwiesen", "45000"): ("", "")}, []),
    # but "… 30.000 Euro an die Gemeinde A, …": the amount before a marked place is still its own
    ("an_after_amount_still_marks",
     "Das Land zahlt 30.000 Euro an die Gemeinde Mörsfeld, 20.000 Euro an Kriegsfeld.",
     {("Mörsfeld", "30000"): ("Land", ""), ("Kriegsfeld", "20000"): ("Land", "")}, []),
    # "vom Landkreis" and "der EU" name the paying body
    ("funder_vom_landkreis",
     "Die Gemeinde Mörsfeld erhält 45.000 Euro vom Landkreis für die neue Bushaltestelle.",
     {("Mörsfeld", "45000"): ("Landkreis", "")}, []),
    ("funder_vom_ministerium",
     "Die Stadt Wittenberge hat vom Bildungsministerium einen Zuwendungsbescheid über 80.000 Euro erhalten.",
     {("Wittenberge", "80000"): ("Bildungsministerium", "")}, []),
    ("funder_der_eu",
     "Aus dem Leader-Programm der EU erhält die Gemeinde Kriegsfeld 38.000 Euro.",
     {("Kriegsfeld", "38000"): ("EU", "")}, []),
    # the place of an organisation's project is no second recipient
    ("project_place_of_body",
     "Der Antrag des Zweckverbandes Breitband zum Glasfaserausbau in Mörsfeld war erfolgreich: ein "
     "Förderbescheid über 420.000 Euro.",
     {}, []),
    # "aus einer Gesamtsumme von …" states a round's volume; the regional total before it too
    ("gesamtsumme_is_a_volume",
     "An die Gemeinden im Kreis gehen insgesamt 300 000 Euro aus einer Gesamtsumme von 50 Millionen Euro. "
     "Die Gemeinde Mörsfeld erhält 120 000 Euro, die Gemeinde Kriegsfeld 180 000 Euro.",
     {("Mörsfeld", "120000"): ("", ""), ("Kriegsfeld", "180000"): ("", "")}, ["300000", "50000000"]),
    # a programme's share says where its money comes from: neither a grant nor a volume
    ("programme_share",
     "Die Stadt Riesa erhält 300.000 Euro aus dem Programm „Starke Orte“. Etwa 40 Millionen Euro des "
     "Programms stammen aus Mitteln des Bundes.",
     {("Riesa", "300000"): ("", "Bund")}, []),
]


@pytest.fixture(scope="module")
def facts_by_case(nlp, tmp_path_factory):
    per_case = facts_per_case(nlp, tmp_path_factory.mktemp("funding-classes"), [(c[0], c[1]) for c in CASES])
    out = {}
    for case_id, facts in per_case.items():
        grants = {(name, f.value): (f.qualifiers.get("funder", ""), f.qualifiers.get("release_funder", ""))
                  for f, name in facts if f.predicate == F}
        out[case_id] = (grants, sorted(f.value for f, _ in facts if f.predicate == B))
    return out


@pytest.mark.parametrize(("case_id", "text", "grants", "budgets"), CASES, ids=[c[0] for c in CASES])
def test_funding_classes(facts_by_case, case_id, text, grants, budgets):
    got_grants, got_budgets = facts_by_case[case_id]
    assert got_grants == grants
    assert got_budgets == sorted(budgets)


@pytest.mark.parametrize(("role", "ministry"), [
    ("Sozialministerin", "Sozialministerium"),
    ("Landesinnenminister", "Innenministerium"),
    ("Bundesinnenministerin", "Bundesinnenministerium"),
    ("Finanz- und Heimatminister", "Finanz- und Heimatministerium"),
    ("Ministerin für Bildung und Kultur", "Ministerium für Bildung und Kultur"),
    ("Staatsminister für Umwelt", "Staatsministerium für Umwelt"),
    ("Bürgermeister", ""),
    ("Ministerpräsidentin", ""),
    ("Staatssekretär", ""),
])
def test_ministry_named_by_a_ministers_role(role, ministry):
    assert ministry_of(role) == ministry
