"""holds_role and participates_in, round 8 (issue 11): classes found on the blind set
``eval/real-roles-4``, each on fresh sentences (none from a gold file), with exact facts.

Roles: a diplomat's office and form of address ("Botschafter …, S.E. Name"), an ordinal before the
role ("die 1. Beigeordnete"), the gender of a role with a portfolio, a line break inside the
portfolio, a role in a bracket closed by "):", a pronoun that continues a person ("Er ist seit …
Leiter"), a definite office noun in the sentence before ("der Landrat … . Name …"), one fact per
office ("Innenministerin" … "Ministerin"). Participation: "Gründungsmitglied", a sentence that names
its member as "der Kreis" / "die Stadt", a destination ("nach X") that is no participant."""

from __future__ import annotations

import pytest
from fact_cases import role_and_participation_facts

ROLE_CASES = [
    ("ambassador_comma_excellency", "Der Botschafter des Königreichs Norwegen, S.E. Torbjørn Vik, besuchte Jena.",
     [("Torbjørn Vik", "Botschafter", "")]),
    ("ambassador_adjective_unknown_given_name", "Oberbürgermeisterin Kerstin Lamm empfing den finnischen "
     "Botschafter Aatu Lehtonen im Rathaus.",
     [("Kerstin Lamm", "Oberbürgermeisterin", ""), ("Aatu Lehtonen", "Botschafter", "")]),
    ("ordinal_before_role", "Die Urkunde überreichte die 2. Beigeordnete Sabine Mohr im Ratssaal.",
     [("Sabine Mohr", "2. Beigeordnete", "")]),
    ("portfolio_role_gender", "Begrüßt wurden die Gäste von der Beigeordneten für Umwelt und Ordnung, Uwe Kranz.",
     [("Uwe Kranz", "Beigeordneter für Umwelt und Ordnung", "")]),
    ("portfolio_line_break", "Es sprach der Dezernent für Schule und\nSport, Jan Wolters, zu den Eltern.",
     [("Jan Wolters", "Dezernent für Schule und Sport", "")]),
    ("bracket_role_colon", "Kreisdirektor Tim Esser (Vorsitzender des Verwaltungsrats): „Wir sind zufrieden.“",
     [("Tim Esser", "Kreisdirektor", ""), ("Tim Esser", "Vorsitzender", "")]),
    ("pronoun_copula", "Zu Gast war Dr. Karin Wolff aus Berlin. Sie ist seit 2021 Leiterin der Landesvertretung.",
     [("Karin Wolff", "Leiterin der Landesvertretung", "")]),
    ("pronoun_elected", "Am Abend sprach Bernd Kohl. Er wurde im Mai zum Ortsvorsteher gewählt.",
     [("Bernd Kohl", "Ortsvorsteher", "")]),
    # two people in the sentence before: the pronoun's gender decides, else nobody gets the role
    ("pronoun_gender_decides", "Es sprachen Anna Pohl und Georg Lind. Er ist seit 2018 Ortsvorsteher.",
     [("Georg Lind", "Ortsvorsteher", "")]),
    ("pronoun_two_of_one_gender", "Es sprachen Georg Lind und Peter Falk. Er ist seit 2018 Ortsvorsteher.", []),
    ("pronoun_plural_verb", "Es sprachen Anna Pohl und Eva Roth. Sie sind seit 2018 im Vorstand.", []),
    ("office_noun_sentence_before", "Seinen Antrittsbesuch machte der Landrat am Montag in Hemsbach. Dabei ging es "
     "um Schulen. Markus Bender sprach mit den Eltern.",
     [("Markus Bender", "Landrat", "")]),
    ("office_noun_other_gender", "Der Bürgermeister dankte allen Helfern. Maria Kolb lobte die Arbeit.", []),
    ("office_noun_person_between", "Der Landrat kam nach Hemsbach. Dort wartete Eva Kolb. Jonas Fink sprach.",
     []),
    ("office_noun_name_follows", "Der Landrat Stefan Kurz kam nach Hemsbach. Paul Kern sprach danach.",
     [("Stefan Kurz", "Landrat", "")]),
    ("one_fact_per_office", "Innenministerin Dana Roth kam nach Prüm. Ministerin Roth lobte das Projekt.",
     [("Dana Roth", "Innenministerin", "")]),
    # a Land adjective between article and role, a comma-listed portfolio before ", Name"
    ("land_adjective_comma_portfolio", "Der Hessische Minister für Wissenschaft, Forschung und Kunst, Timo "
     "Brandl, eröffnete die Tagung.", [("Timo Brandl", "Minister für Wissenschaft, Forschung und Kunst", "")]),
    ("comma_list_of_people", "Es kamen Jan Ott, Minister für Bau und Verkehr, Landrat Uwe Sieg und MdB Lea Funk.",
     [("Jan Ott", "Minister für Bau und Verkehr", ""), ("Uwe Sieg", "Landrat", ""), ("Lea Funk", "MdB", "")]),
    ("ordinal_word_before_role", "Sie traf den Ersten Beigeordneten der Stadt Ulm, Jonas Kraus, und die Zweite "
     "Bürgermeisterin Lea Sommer.", [("Jonas Kraus", "Erster Beigeordneter", "Ulm"),
                                     ("Lea Sommer", "Zweite Bürgermeisterin", "")]),
    # the second of "die Ortsvorsteher von A (Name) und B (Name)"
    ("bracketed_holders_series", "Gewählt wurden die Ortsvorsteher von Eichen (Paul Brand), Linden (Eva Stahl) "
     "und Buchen (Tom Reiter).", [("Paul Brand", "Ortsvorsteher", ""), ("Eva Stahl", "Ortsvorsteherin", ""),
                                  ("Tom Reiter", "Ortsvorsteher", "")]),
    ("office_field_noun", "Auskunft gibt Julia Brandt, Amtsleiterin Ordnungsamt, unter 0711 1234.",
     [("Julia Brandt", "Amtsleiterin Ordnungsamt", "")]),
    ("retired_before_name", "Zum Jubiläum gratulierte Landrat a. D. Helmut Ferber.",
     [("Helmut Ferber", "Landrat", "")]),
    # an organisation name ends before the person after it ("im Bundesministerium für X, Name,")
    ("ministry_then_name", "Der Staatssekretär im Bundesministerium für Gesundheit, Jonas Hauck, kam nach Gera.",
     [("Jonas Hauck", "Staatssekretär", "Bundesministerium für Gesundheit")]),
    ("title_after_comma", "Die Leiterin des Jugendamtes, Dr. Marion Kessler, stellte den Bericht vor.",
     [("Marion Kessler", "Leiterin des Jugendamtes", "")]),
    ("role_opens_sentence_comma", "Geschäftsführer der Tourismus GmbH, Felix Ament, stellte die Zahlen vor.",
     [("Felix Ament", "Geschäftsführer", "Tourismus GmbH")]),
    ("local_offices", "Es sprachen Stadtverordnete Ina Wolf, Gemeindevertreter Kai Lorenz, Kommandant Ole Brink "
     "und Kreisbrandrat Udo Kern.",
     [("Ina Wolf", "Stadtverordnete", ""), ("Kai Lorenz", "Gemeindevertreter", ""),
      ("Ole Brink", "Kommandant", ""), ("Udo Kern", "Kreisbrandrat", "")]),
    # --- classes of the repository's development sets (fresh sentences) ---
    ("lower_land_adjective_comma", "Den Bescheid hat der bayerische Staatsminister für Wohnen, Bau und Verkehr, "
     "Jonas Brenner, übergeben.", [("Jonas Brenner", "Staatsminister für Wohnen, Bau und Verkehr", "")]),
    ("adjective_role_comma_title", "Er übergab den Bescheid an den zuständigen Bürgermeister, Dr. Paul Wendt.",
     [("Paul Wendt", "Bürgermeister", "")]),
    ("capitalised_modifier_apposition", "Anna Sommer, Parlamentarische Staatssekretärin beim Bundesminister für "
     "Verkehr, kam.", [("Anna Sommer", "Parlamentarische Staatssekretärin", "")]),
    ("relative_clause_copula", "Ministerpräsident Karl Brandt, der auch Vorsitzender der Stiftung ist, hilft. "
     "Es sprach Ida Wendt, die seit 2019 Bürgermeisterin ist.",
     [("Karl Brandt", "Ministerpräsident", ""), ("Karl Brandt", "Vorsitzender", ""),
      ("Ida Wendt", "Bürgermeisterin", "")]),
    ("relative_clause_sought", "Es sprach Karl Brandt, der Bürgermeister werden will.", []),
    ("role_and_other_noun", "Das erklärt der Landtagsabgeordnete und Haushaltsexperte Jens Kolbe.",
     [("Jens Kolbe", "Landtagsabgeordneter", "")]),
    ("portfolio_prefix", "Kultus-Staatssekretär Timo Reiß kam nach Görlitz.",
     [("Timo Reiß", "Kultus-Staatssekretär", "")]),
    ("contact_label_without_colon", "Kontakt\n\nLandesamt für Umwelt\n\nAnsprechpartnerin Carla Menzel\n"
     "Telefon: 0351 123", [("Carla Menzel", "Ansprechpartnerin", "")]),
    ("second_surname_before_apposition", "Es sprachen Ann-Kristin Roth, die Leiterin des Stadtmarketings, und "
     "Anne-Marie Sanchez Vidal, die Geschäftsführerin des Tourismusverbands.",
     [("Ann-Kristin Roth", "Leiterin des Stadtmarketings", ""),
      ("Anne-Marie Sanchez Vidal", "Geschäftsführerin", "")]),
    # a place after a name is no second surname; a body phrase ends before the next person's name
    ("town_after_name_next_person", "Es kamen Erster Beigeordneter Jan Roth Biebesheim, Polizeipräsident des PP "
     "Südhessen Udo Kern, und Gäste.",
     [("Jan Roth", "Erster Beigeordneter", ""), ("Udo Kern", "Polizeipräsident", "")]),
    ("modifier_is_another_office", "Bürgermeister Leo Haas und der stellvertretende Bürgermeister Jens Graf "
     "kamen.", [("Leo Haas", "Bürgermeister", ""), ("Jens Graf", "stellvertretender Bürgermeister", "")]),
]

PARTICIPATION_CASES = [
    ("founding_member", "Die Stadt Herten ist Gründungsmitglied des Netzwerks „Gesunde Kommune“.", ["Herten"]),
    ("kreis_by_reference", "Kreis Soest. Seit 1995 ist der Kreis Mitglied im Netzwerk „Gesunde Kommune“.",
     ["Kreis Soest"]),
    ("town_by_reference", "Die Stadt Lahr hat die Kriterien erneut erfüllt. Damit gehört die Stadt weiter zu den "
     "Kommunen der Kampagne „Fairtrade-Towns“.", ["Lahr/Schwarzwald"]),
    # the reference is read only with the programme named in the sentence itself
    ("reference_needs_programme", "Die Stadt Lahr hat die Kriterien erfüllt. Damit ist die Stadt nun Mitglied.",
     []),
    ("genitive_is_no_reference", "Die Stadt Lahr baut. Ein Mitglied der Stadt sprach im Netzwerk „Gesunde "
     "Kommune“.", []),
    ("new_arrivals", "Neuzugänge im Netzwerk „Gesunde Kommune“ sind die Städte Herne und Witten.",
     ["Herne", "Witten"]),
    # a counted admission, then a sentence that opens an enumeration naming only one of them
    ("enumeration_of_one", "Das Land hat 14 Gemeinden als neue Schwerpunktgemeinden im Rahmen der "
     "„Dorferneuerung 2024“ anerkannt. Darunter ist die Ortsgemeinde Mehren (VG Daun).", ["Mehren"]),
    ("landmark_no_participant", "Neu im Programm „Lebendige Zentren“ sind Weyher und Burrweiler bei Edenkoben.",
     ["Burrweiler", "Weyher in der Pfalz"]),
    ("outside_recognition", "Auch Gonbach erhält Geld außerhalb der Anerkennung als Schwerpunktgemeinde im Programm "
     "„Dorferneuerung 2024“.", []),
    ("destination_no_participant", "Die Mitglieder des Netzwerks „Gesunde Kommune“ wurden in das Rathaus nach "
     "Hamm eingeladen.", []),
]


@pytest.fixture(scope="module")
def run(nlp, tmp_path_factory):
    return role_and_participation_facts(nlp, tmp_path_factory.mktemp("roles-round8"), ROLE_CASES + PARTICIPATION_CASES)


@pytest.mark.parametrize(("case_id", "text", "expected"), ROLE_CASES, ids=[c[0] for c in ROLE_CASES])
def test_roles(run, case_id, text, expected):
    assert sorted(run.get(case_id, [])) == sorted(expected)


@pytest.mark.parametrize(("case_id", "text", "expected"), PARTICIPATION_CASES,
                         ids=[c[0] for c in PARTICIPATION_CASES])
def test_participation(run, case_id, text, expected):
    assert sorted(m for (m, _) in run.get(case_id, [])) == sorted(expected)


def test_retired_office_is_former(run, nlp, tmp_path):
    from fact_cases import _facts_by_case

    former = [f.qualifiers.get("former") for _, f, _ in _facts_by_case(
        nlp, tmp_path, [("retired", "Es gratulierte Bürgermeister a.D. Karl Wendler.")]) if f.predicate == "holds_role"]
    assert former == [True]


def test_kreis_reference_since(run):
    assert run["kreis_by_reference"] == [("Kreis Soest", "1995")]


def test_role_read_across_sentences_is_marked(nlp, tmp_path):
    """The rule that read a role across a sentence border travels with the fact."""
    from fact_cases import _facts_by_case

    rules = {}
    for case_id, f, _ in _facts_by_case(nlp, tmp_path, [
            ("before", "Der Landrat kam am Montag. Tobias Renner sprach."),
            ("pronoun", "Am Abend sprach Holger Fritz. Er ist seit Mai Ortsvorsteher."),
            ("direct", "Landrat Lukas Seiler sprach.")]):
        if f.predicate == "holds_role":
            rules[case_id] = f.qualifiers.get("role_rule", "")
    assert rules == {"before": "person.role_before", "pronoun": "person.pronoun", "direct": ""}
