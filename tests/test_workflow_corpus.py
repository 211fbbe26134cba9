"""Issue 6 end to end on the real sample corpus: run -> registry CSV by hand -> diff -> accept / reject -> diff."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extract.diff import diff
from extract.registry import REGISTRY_COLUMNS, import_csv, init_registry
from extract.review import resolve
from extract.write import write_dataset

KEKIZ = "program/name:kein kind zurücklassen"
LEVERKUSEN = "municipality/key:05316000"
KEYS = {
    "agree_participation": f"participates_in|S={LEVERKUSEN}|O={KEKIZ}",
    "agree_budget": f"programme_budget|S={KEKIZ}|scope=|year=",
    "conflict_funding": f"receives_funding|S={LEVERKUSEN}|O={KEKIZ}|funder=|project=|year=",
    "unseen_bielefeld": f"participates_in|S=municipality/key:05711000|O={KEKIZ}",
    "members": f"member_count|S={KEKIZ}",
}


def registry_rows() -> list[dict[str, str]]:
    """What an analyst keeps: two facts the corpus confirms, one it contradicts, one it never mentions."""
    kekiz = {"object_type": "program", "object_canonical": "Kein Kind zurücklassen!"}
    leverkusen = {"subject_type": "municipality", "subject_canonical": "Leverkusen", "subject_key": "05316000"}
    return [
        {"predicate": "participates_in", **leverkusen, **kekiz, "valid_from": "2017"},
        {"predicate": "programme_budget", "subject_type": "program", "subject_canonical": "Kein Kind zurücklassen!",
         "value": "2300000", "unit": "EUR", "period": "year"},
        {"predicate": "receives_funding", **leverkusen, **kekiz, "value": "25000", "unit": "EUR", "period": "year"},
        {"predicate": "participates_in", "subject_type": "municipality", "subject_canonical": "Bielefeld",
         "subject_key": "05711000", **kekiz},
    ]


@pytest.fixture()
def workflow(tmp_path: Path, corpus_run, new_registry):
    """The corpus run as a dataset and a registry (SQLite file or PostgreSQL database) with the analyst's rows."""
    dataset = tmp_path / "output"
    write_dataset(dataset, corpus_run.results, corpus_run.entities, corpus_run.facts)
    registry_csv = tmp_path / "registry.csv"
    with registry_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(REGISTRY_COLUMNS))
        writer.writeheader()
        for row in registry_rows():
            writer.writerow({c: row.get(c, "") for c in REGISTRY_COLUMNS})
    db = new_registry()
    init_registry(db).close()
    result = import_csv(registry_csv, db)
    assert (result.rows, result.inserted) == (4, 4)
    return dataset, db


def statuses(items) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in items:
        out.setdefault(item.natural_key, []).append(item.status)
    return out


def test_diff_on_corpus_then_accept_and_reject(workflow, corpus_run) -> None:
    dataset, db = workflow
    items = diff(dataset, db)
    by_key = statuses(items)

    assert by_key[KEYS["agree_participation"]] == ["confirmed"]
    assert by_key[KEYS["agree_budget"]] == ["confirmed"]
    assert by_key[KEYS["conflict_funding"]] == ["conflict"]
    assert by_key[KEYS["unseen_bielefeld"]] == ["unseen"]
    assert by_key[KEYS["members"]] == ["new"]
    conflict = next(i for i in items if i.natural_key == KEYS["conflict_funding"])
    assert (conflict.registry_value["value"], conflict.new_value["value"]) == ("25000", "30000")
    assert {d.source for d in conflict.documents} == {"000_2a23b8324f87768c.txt"}
    # every other fact of the batch is new; none is silently dropped
    others = [i for i in items if i.natural_key not in KEYS.values()]
    assert {i.status for i in others} <= {"new", "conflict"}
    assert set().union(*(i.fact_ids for i in items)) == {f.fact_id for f in corpus_run.facts}

    # the analyst accepts the newer amount and rejects the member count
    resolve(conflict.item_id, "accept", "Bescheid 2017 liegt vor", registry=db, who="analyst")
    members = next(i for i in items if i.natural_key == KEYS["members"])
    resolve(members.item_id, "reject", "Zahl veraltet", registry=db, who="analyst")

    again = statuses(diff(dataset, db))
    assert again[KEYS["conflict_funding"]] == ["confirmed"]
    assert again[KEYS["members"]] == ["rejected"]
    assert again[KEYS["unseen_bielefeld"]] == ["unseen"]
