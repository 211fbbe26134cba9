"""Fact identity for the diff: two grants of one town are two facts; a restated grant is one conflict."""

from __future__ import annotations

from extract.diff import diff
from extract.pipeline import process
from extract.registry import init_registry
from extract.write import write_dataset

FIRST = ("Wertheim, 3. März 2025 – Die Stadt Wertheim erhält 200.000 Euro für die Sanierung der Grundschule "
         "und 90.000 Euro für den Neubau des Kindergartens.")
LATER = "Wertheim, 12. Juni 2025 – Für die Sanierung der Grundschule erhält Wertheim nun 240.000 Euro."


def _diff(nlp, tmp_path, new_registry, texts: dict[str, str], predicate: str = "receives_funding"):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    run = process([str(folder)], nlp=nlp)
    write_dataset(tmp_path / "out", run.results, run.entities, run.facts)
    db = new_registry()
    init_registry(db).close()
    items = [i for i in diff(tmp_path / "out", db) if i.predicate == predicate]
    return run, items


def test_two_projects_of_one_town_are_two_facts_and_no_conflict(nlp, tmp_path, new_registry):
    run, items = _diff(nlp, tmp_path, new_registry, {"first": FIRST})
    funding = sorted((f.value, f.qualifiers.get("project", "")) for f in run.facts if f.predicate == "receives_funding")
    assert funding == [("200000", "Sanierung der Grundschule"), ("90000", "Neubau des Kindergartens")]
    assert sorted(i.status for i in items) == ["new", "new"]


def test_the_same_grant_restated_with_another_amount_is_one_conflict(nlp, tmp_path, new_registry):
    _, items = _diff(nlp, tmp_path, new_registry, {"first": FIRST, "later": LATER})
    # one conflicting grant: one natural key, listed once per stated value (200.000 and 240.000 Euro)
    conflicts = [i for i in items if i.status == "conflict"]
    assert len({i.natural_key for i in conflicts}) == 1
    assert conflicts[0].natural_key.endswith("|project=sanierung der grundschule|year=")
    assert sorted(i.new_value["value"] for i in conflicts) == ["200000", "240000"]
    # the other project of the first release is not touched
    assert [i.status for i in items if i.status != "conflict"] == ["new"]


# programme volumes: the key is programme + scope (the Land or Kreis the sentence names) + year
SAXONY = "Dresden, 4. Mai 2025 – Der Freistaat fördert Dorfläden in Sachsen im Jahr 2025 mit 2,4 Millionen Euro."
THURINGIA = "Erfurt, 6. Mai 2025 – Der Freistaat fördert Dorfläden in Thüringen im Jahr 2025 mit 1,1 Millionen Euro."
SAXONY_LATER = "Leipzig, 9. Juli 2025 – Der Freistaat fördert Dorfläden in Sachsen im Jahr 2025 mit 2,6 Millionen Euro."
SAXONY_NEXT_YEAR = ("Dresden, 5. Mai 2026 – Der Freistaat fördert Dorfläden in Sachsen im Jahr 2026 mit 2,9 Millionen "
                    "Euro.")


def test_volumes_of_one_round_in_two_laender_or_years_are_no_conflict(nlp, tmp_path, new_registry):
    run, items = _diff(nlp, tmp_path, new_registry, {"sn": SAXONY, "th": THURINGIA, "next": SAXONY_NEXT_YEAR},
                       "programme_budget")
    budgets = sorted((f.value, f.qualifiers.get("scope"), f.qualifiers.get("year")) for f in run.facts
                     if f.predicate == "programme_budget")
    assert budgets == [("1100000", "Thüringen", "2025"), ("2400000", "Sachsen", "2025"),
                       ("2900000", "Sachsen", "2026")]
    assert len({f.subject_id for f in run.facts if f.predicate == "programme_budget"}) == 1  # one described round
    assert sorted(i.status for i in items) == ["new", "new", "new"]


def test_one_volume_restated_with_another_amount_is_one_conflict(nlp, tmp_path, new_registry):
    _, items = _diff(nlp, tmp_path, new_registry, {"sn": SAXONY, "later": SAXONY_LATER}, "programme_budget")
    conflicts = [i for i in items if i.status == "conflict"]
    assert len({i.natural_key for i in conflicts}) == 1
    assert conflicts[0].natural_key.endswith("|scope=sachsen|year=2025")
    assert sorted(i.new_value["value"] for i in conflicts) == ["2400000", "2600000"]
