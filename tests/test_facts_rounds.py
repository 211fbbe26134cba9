"""Funding rounds named by nobody, and the precision classes of the real-facts-4 blind run.

Fresh sentences (in no gold file), written for these classes: a round, call or funding line that a
release describes only by its purpose ("Der Freistaat fördert Dorfläden … mit 2,4 Millionen Euro")
becomes a programme mention (``program.round/…``) and carries the volume; caps before a volume over
a counted set; a headline restating a grant is no volume; dateline, announcement and trip places
are no recipients; "von der Stadt" is the funder; one grant stated twice in a release is one fact;
differences and a year's comparison figure are no grants; a sentence naming another body ("der
Zweckverband") is not the release's one recipient's; an each-amount before an enumeration goes to
every recipient listed; clubs named by abbreviation ("TSV Aub") are recipients; "|" table rows;
"eine viertel Million Euro", "(350 tsd)". Each row is one release with its complete
funding facts (recipient, amount) and programme volumes (amount, programme name).
"""

from __future__ import annotations

import pytest
from fact_cases import facts_per_case

CASES: list[tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    # --- rounds described by their purpose: volume and programme name ---
    ("round_subject", "Der Freistaat fördert Dorfläden in diesem Jahr mit 2,4 Millionen Euro.",
     [], [("2400000", "Dorfläden")]),
    ("round_with_amount", "Mit drei Millionen Euro fördert das Land bis 2027 Projekte zur Belebung der Ortskerne.",
     [], [("3000000", "Projekte zur Belebung der Ortskerne")]),
    ("round_purpose", "Für das kommende Jahr sind 4,5 Millionen Euro für den Radwegebau vorgesehen, teilte das "
     "Ministerium mit.", [], [("4500000", "Radwegebau")]),
    ("round_available_for", "Den Kommunen stehen im kommenden Jahr zur Sanierung von Schwimmbädern insgesamt 12 "
     "Millionen Euro zur Verfügung.", [], [("12000000", "Sanierung von Schwimmbädern")]),
    ("round_flow_for", "Rund 40 Millionen Euro fließen in 85 Vorhaben für den Hochwasserschutz.",
     [], [("40000000", "Hochwasserschutz")]),
    ("round_weighing", "Die Mittel stammen aus dem 250 Millionen Euro schweren Sonderpaket für Kultureinrichtungen.",
     [], [("250000000", "Sonderpaket für Kultureinrichtungen")]),
    ("round_later_volume", "Das Land fördert Spielplätze in diesem Jahr mit 1,2 Millionen Euro. Im vergangenen Jahr "
     "förderte das Land seine Spielplätze mit 900.000 Euro.", [],
     [("1200000", "Spielplätze"), ("900000", "Spielplätze")]),
    ("cap_before_counted_volume", "Bis zu 6 Millionen Euro gehen an 40 Projekte für den Moorschutz.",
     [], [("6000000", "Moorschutz")]),
    ("cap_per_project_still_no_fact", "Der Freistaat fördert Dorfläden mit 2 Millionen Euro. Je Vorhaben gibt es "
     "bis zu 150.000 Euro.", [], [("2000000", "Dorfläden")]),
    ("headline_restates_grant", "Der Bund fördert den Glasfaserausbau mit 80.000 Euro\nDie Gemeinde Zernien erhält "
     "vom Bund einen Förderbescheid über 80.000 Euro.", [("Zernien", "80000")], []),
    ("round_not_grant_programme", "Das Land fördert Dorfgemeinschaftshäuser mit 900.000 Euro. Die Gemeinde Zernien "
     "erhält davon 60.000 Euro.", [("Zernien", "60000")], [("900000", "Dorfgemeinschaftshäuser")]),
    # --- places that are no recipients ---
    ("agency_dateline", "Magdeburg (dpa/sa) - Das Land fördert Spielplätze in diesem Jahr mit 1,2 Millionen Euro.",
     [], [("1200000", "Spielplätze")]),
    ("plain_dateline", "Schwerin - Das Land unterstützt Dorfgemeinschaftshäuser mit 900.000 Euro.",
     [], [("900000", "Dorfgemeinschaftshäuser")]),
    ("announcement_place", "Die Gemeinde Zernien erhält 45.000 Euro, wie der Minister in Hannover mitteilte.",
     [("Zernien", "45000")], []),
    ("trip_place", "Für Bürgermeister Kühn hat sich die Fahrt nach Hannover gelohnt: 120.000 Euro erhält die "
     "Gemeinde Zernien.", [("Zernien", "120000")], []),
    # --- one grant stated twice, differences, comparison figures, another body ---
    ("headline_and_text_one_fact", "Bernkastel-Kues erhält 12.000 Euro aus Landesmitteln\nDie Stadt Bernkastel-Kues "
     "erhält für die Spielplatzsanierung 12.000 Euro Landesmittel aus dem Investitionsstock.",
     [("Bernkastel-Kues", "12000")], []),
    ("difference_no_grant", "Der Landkreis Cham erhält 2,1 Millionen Euro, das sind 300.000 Euro mehr als im "
     "Vorjahr.", [("Landkreis Cham", "2100000")], []),
    ("year_figure_no_grant", "Die Stadt Annaberg-Buchholz erhält 2025 Fördermittel von 480.000 Euro. Das sind "
     "20.000 Euro weniger als 2024 (500.000 Euro).", [("Annaberg-Buchholz", "480000")], []),
    ("other_body_not_sole_recipient", "Die Stadt Furtwangen im Schwarzwald erhält 1,2 Millionen Euro vom Land. Den "
     "Förderbescheid des Bundes über 900.000 Euro konnte der Zweckverband bereits im Mai entgegennehmen.",
     [("Furtwangen im Schwarzwald", "1200000")], []),
    # --- enumerated and listed recipients, clubs, "|" tables, amount forms ---
    ("each_listed_schools", "Je 5.000 Euro gehen an folgende Grundschulen: Grundschule Aub und Grundschule "
     "Röttingen.", [("Grundschule Aub", "5000"), ("Grundschule Röttingen", "5000")], []),
    ("each_listed_after_colon", "Der Landkreis fördert folgende Vereine mit jeweils 3.000 Euro: den Sportverein Aub, "
     "den Musikverein Röttingen und die Feuerwehr Ochsenfurt.",
     [("Sportverein Aub", "3000"), ("Musikverein Röttingen", "3000"), ("Feuerwehr Ochsenfurt", "3000")], []),
    ("each_listed_municipalities", "Jeweils 2.500 Euro erhalten die Gemeinden Aub, Röttingen und Sulzdorf an der "
     "Lederhecke.", [("Aub", "2500"), ("Röttingen", "2500"), ("Sulzdorf a.d.Lederhecke", "2500")], []),
    ("clubs_by_abbreviation", "Folgende Vereine erhalten einen Zuschuss: TSV Aub 2.000 Euro, SV Röttingen 1.500 "
     "Euro. Mit 900 Euro wird der FC Ochsenfurt gefördert.",
     [("TSV Aub", "2000"), ("SV Röttingen", "1500"), ("FC Ochsenfurt", "900")], []),
    ("pipe_table", "Zuschüsse aus dem Ausgleichstock 2025:\nGemeinde | Maßnahme | Zuschuss\nAub | Sanierung Rathaus "
     "| 240.000 Euro\nRöttingen | Neubau Bauhof | 95.000 Euro", [("Aub", "240000"), ("Röttingen", "95000")], []),
    ("quarter_million", "Die Gemeinde Sulzdorf an der Lederhecke bekommt gut eine viertel Million Euro aus dem "
     "Fördertopf.", [("Sulzdorf a.d.Lederhecke", "250000")], []),
    ("tsd_without_currency", "Die Stadt Ochsenfurt erhält 40.000 Euro für den Spielplatz und weitere Zuschüsse "
     "(350 tsd) für die Stadthalle.", [("Ochsenfurt", "40000"), ("Ochsenfurt", "350000")], []),
    # --- restatements, sums that are no programme, times that are no caps, antecedents after a modal ---
    ("approximate_headline_restates_grant", "Über 2 Millionen Euro für den Zweckverband Wasser Aub\nDer "
     "Zweckverband Wasser Aub hat Fördermittel in Höhe von 2.140.500 Euro aus dem Bundesförderprogramm erhalten.",
     [("Zweckverband Wasser", "2140500")], []),
    ("sum_word_is_no_programme", "Von der Gesamtförderung von 2,3 Millionen Euro erhält die Gemeinde Aub 1,5 "
     "Millionen Euro.", [("Aub", "1500000")], []),
    ("plural_head_is_no_organisation", "Demnach werden mindestens 9 Millionen Euro in Bayerns Schulen investiert.",
     [], []),
    ("until_year_is_no_cap", "Bis zum Jahr 2027 stehen zur Sanierung von Sportplätzen weitere 8 Millionen Euro zur "
     "Verfügung.", [], [("8000000", "Sanierung von Sportplätzen")]),
    ("antecedent_after_modal", "Bürgermeister Kurt Ries nahm den Bescheid für den Zweckverband Breitband Ochsenfurt "
     "entgegen. Die Gemeinde Aub erhält 300.000 Euro. Den Förderbescheid des Bundes über 200.000 Euro konnte der "
     "Zweckverband schon im Mai entgegennehmen.", [("Aub", "300000"), ("Zweckverband Breitband", "200000")], []),
    # --- volumes with no purpose: one generic round "Förderrunde" ---
    ("volume_verb_first", "Insgesamt vergibt das Land in diesem Jahr 12 Millionen Euro an 40 Gemeinden.",
     [], [("12000000", "Förderrunde")]),
    ("volume_funder_first", "Die Gemeinde Aub erhält 50.000 Euro. Insgesamt bewilligt das Land 3 Millionen Euro für "
     "60 Vorhaben.", [("Aub", "50000")], [("3000000", "Förderrunde")]),
    ("volume_passive", "Wie das Ministerium mitteilte, wurden die Mittel in Höhe von insgesamt 116,4 Millionen Euro "
     "bereits zugeteilt.", [], [("116400000", "Förderrunde")]),
    ("gibt_es_grant", "Für den Neubau der Kita in Velden gibt es 820.000 Euro vom Freistaat.",
     [("Velden", "820000")], []),
    ("plural_in_passing_is_no_target", "Neben dem Austausch mit den anderen Städten und Gemeinden gibt es einen "
     "Förderbeitrag von 30.000 Euro.", [], []),
    ("more_is_a_difference", "Insgesamt werden rund 218.000 Euro an die Vereine im Landkreis ausgezahlt. Das sind "
     "15.000 Euro mehr an die Vereine als im Vorjahr.", [], [("218000", "Förderrunde")]),
    ("invested_in_schools_is_no_volume", "Die Schulträger erhalten insgesamt 20 Millionen Euro. Demnach werden "
     "mindestens 25 Millionen Euro in Hessens Schulen investiert.", [], []),
    ("volume_dafuer_bereit", "Die Landesregierung startet ein Programm zur Förderung von Dorfläden. Das Land stellt "
     "dafür 12 Millionen Euro zur Verfügung.", [], [("12000000", "Förderrunde")]),
    ("volume_bund_und_land", "Bund und Land stellen für das Programm in diesem Jahr rund 415 Millionen Euro bereit.",
     [], [("415000000", "Förderrunde")]),
    ("nach_x_gehen", "Nach Markt Erlbach gehen 95.000 Euro, nach Emskirchen 60.000 Euro.",
     [("Markt Erlbach", "95000"), ("Emskirchen", "60000")], []),
    ("two_years_two_grants", "Die Stadt Uffenheim bekommt 2024 für die Sanierung des Freibads 400.000 Euro und 2025 "
     "weitere 300.000 Euro.", [("Uffenheim", "400000"), ("Uffenheim", "300000")], []),
    ("land_share_is_a_volume", "Bis zu 80 Millionen Euro gehen an 60 Projekte für den Moorschutz. Ich freue mich, "
     "dass Thüringen davon fast 6 Millionen Euro bekommt.", [],
     [("80000000", "Moorschutz"), ("6000000", "Moorschutz")]),
    ("own_money_is_no_round", "Die Gemeinde stellt für das Dorffest 5.000 Euro bereit. Der Landkreis investiert 3 "
     "Millionen Euro in den Neubau der Realschule.", [], []),
    ("volume_noun", "Das Fördervolumen beträgt in diesem Jahr 33 Millionen Euro.", [], [("33000000", "Förderrunde")]),
    ("volume_share_of_bund", "Der Bund beteiligt sich mit 1,2 Milliarden Euro an dem Programm.",
     [], [("1200000000", "Förderrunde")]),
    ("round_names_only_recipients", "Der Freistaat Sachsen unterstützt die Kommunen mit 50 Millionen Euro beim Ausbau "
     "der Radwege.", [], [("50000000", "Förderrunde")]),
    ("project_volume_is_a_cost", "Gefördert werden Projekte mit einem Volumen von 500.000 Euro. Die Gemeinde Aub "
     "erhält 80.000 Euro. Das Investitionsvolumen beträgt 400.000 Euro.", [("Aub", "80000")], []),
    ("plural_recipients_volume", "An die Kommunen im Landkreis sind in diesem Jahr rund 3,4 Millionen Euro aus der "
     "Dorferneuerung geflossen.", [], [("3400000", "Dorferneuerung")]),
]


@pytest.fixture(scope="module")
def facts_by_case(nlp, tmp_path_factory) -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    per_case = facts_per_case(nlp, tmp_path_factory.mktemp("round-cases"), [(c[0], c[1]) for c in CASES])
    return {case_id: ([(name, f.value) for f, name in facts if f.predicate == "receives_funding"],
                      [(f.value, name) for f, name in facts if f.predicate == "programme_budget"])
            for case_id, facts in per_case.items()}


@pytest.mark.parametrize(("case_id", "text", "funding", "budgets"), CASES, ids=[c[0] for c in CASES])
def test_round_and_precision_facts(facts_by_case, case_id, text, funding, budgets):
    got_funding, got_budgets = facts_by_case[case_id]
    assert sorted(got_funding) == sorted(funding)
    assert sorted(got_budgets) == sorted(budgets)


def test_two_years_of_one_project_are_two_keys(nlp, tmp_path):
    """The year of each grant is the year stated before its amount, so the two are no conflict."""
    text = next(c[1] for c in CASES if c[0] == "two_years_two_grants")
    per_case = facts_per_case(nlp, tmp_path, [("uffenheim", text)])
    got = sorted((f.value, f.qualifiers.get("year"), f.qualifiers.get("project")) for f, _ in per_case["uffenheim"])
    assert got == [("300000", "2025", "Sanierung des Freibads"), ("400000", "2024", "Sanierung des Freibads")]


def test_a_round_pattern_without_an_amount_is_refused_because_the_currency_prefilter_needs_one(
        tmp_path, monkeypatch) -> None:
    import shutil

    from extract.components import programs
    from extract.rules import read_yaml, rules_dir

    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    text = (copy / "programs.yaml").read_text(encoding="utf-8")
    (copy / "programs.yaml").write_text(text.replace("round_patterns:\n", "round_patterns:\n  - id: no_amount\n"
                                                     "    pattern: 'fördert (?P<name>Dorfläden)'\n", 1),
                                        encoding="utf-8")
    monkeypatch.setenv("PRESSEXTRACT_RULES", str(copy))
    read_yaml.cache_clear()
    programs._round_patterns.cache_clear()
    try:
        with pytest.raises(ValueError, match="every round pattern needs {amount}"):
            programs._round_patterns()
    finally:
        monkeypatch.delenv("PRESSEXTRACT_RULES")
        read_yaml.cache_clear()
        programs._round_patterns.cache_clear()
    assert programs._round_trigger().search("mit 2,4 Millionen Euro") and not programs._round_trigger().search(
        "mit 2,4 Millionen")
