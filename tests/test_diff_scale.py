"""Diff at scale: a key with many values gives a diff.json that grows linearly and reads back exactly."""

from __future__ import annotations

import json
from pathlib import Path

from workflow_data import write_dataset

from extract.diff import _BatchFact, _cluster, diff
from extract.diff_files import read_diff, write_diff
from extract.facts_schema import compatible
from extract.registry import init_registry


def member_counts(n: int) -> list[tuple]:
    """n facts of one key (member count of one programme), each from a document with its own value."""
    return [(f"f{i}", "prg:kkz", "member_count", "", str(100 + i), "", "", "", {}, ["d1"],
             [("d1", 0, "Kein Kind zurücklassen!", 0)]) for i in range(n)]


def as_json(data: dict) -> dict:
    """What a stored payload reads back as (tuples become lists)."""
    return json.loads(json.dumps(data))


def run_diff(tmp_path: Path, n: int) -> tuple[list, Path]:
    dataset = write_dataset(tmp_path / f"run{n}", facts=member_counts(n))
    reg = init_registry(tmp_path / f"reg{n}.db")
    items = diff(dataset, reg, remember=False)
    reg.close()
    out = tmp_path / f"diff{n}"
    write_diff(items, out)
    return items, out


def test_diff_json_grows_linearly_with_the_values_of_one_key(tmp_path: Path) -> None:
    small_items, small = run_diff(tmp_path, 60)
    big_items, big = run_diff(tmp_path, 240)
    assert len(small_items) == 60 and len(big_items) == 240
    assert all(i.status == "conflict" and len(i.batch_values) == 240 for i in big_items)
    ratio = (big / "diff.json").stat().st_size / (small / "diff.json").stat().st_size
    assert ratio < 4.6  # 4x the items; all-values-per-item would make it about 14x
    ratio_csv = (big / "diff.csv").stat().st_size / (small / "diff.csv").stat().st_size
    assert ratio_csv < 4.6
    _header, again = read_diff(big)
    assert [i.to_dict() for i in again] == [i.to_dict() for i in big_items]


def test_blocked_clusters_equal_comparing_with_every_cluster() -> None:
    def value(amount: str, period: str, valid_from: str) -> str:
        return json.dumps({"period": period, "unit": "EUR", "valid_from": valid_from, "value": amount})

    values = [value("100", "year", ""), value("100", "year", "2017"), value("100", "year", "2018"),
              value("100", "total", ""), value("200", "year", "2017"), value("200", "year", ""),
              value("100", "year", "2017-03")]
    groups = {v: [_BatchFact({}, {}, {})] * (i % 3 + 1) for i, v in enumerate(values)}

    order = sorted(groups, key=lambda v: (-len(groups[v]), v))
    reference: list[list[str]] = []
    for v in order:
        for cluster in reference:
            if all(compatible("programme_budget", json.loads(v), json.loads(o)) for o in cluster):
                cluster.append(v)
                break
        else:
            reference.append([v])
    assert _cluster("programme_budget", groups) == reference
    assert len(reference) >= 3


def test_the_registry_remembers_each_keys_values_once_and_gives_back_every_item(tmp_path: Path) -> None:
    sizes = {}
    for n in (60, 240):
        dataset = write_dataset(tmp_path / f"run{n}", facts=member_counts(n))
        reg = init_registry(tmp_path / f"reg{n}.db")
        items = diff(dataset, reg, remember=True)
        assert [reg.candidate(i.item_id) for i in items] == [as_json(i.to_dict()) for i in items]
        assert reg.candidates_for_key(items[0].natural_key) == sorted(
            (as_json(i.to_dict()) for i in items), key=lambda d: d["item_id"]
        )
        sizes[n] = reg.execute("SELECT sum(length(payload)) AS n FROM candidates")[0]["n"]
        assert reg.execute("SELECT count(*) AS n FROM candidate_keys")[0]["n"] == 1
        reg.close()
    assert sizes[240] / sizes[60] < 4.2  # 4x the items; a copy of all values per item made it about 14x


def test_candidates_saved_by_an_older_registry_are_read_as_they_are(tmp_path: Path) -> None:
    dataset = write_dataset(tmp_path / "run", facts=member_counts(3))
    reg = init_registry(tmp_path / "reg.db")
    items = diff(dataset, reg, remember=True)
    old = as_json(items[1].to_dict())  # the old format: every payload with its key's values and siblings
    reg.execute("UPDATE candidates SET payload = :p WHERE item_id = :i",
                {"p": json.dumps(old, sort_keys=True, ensure_ascii=False), "i": old["item_id"]})
    reg.execute("DROP TABLE candidate_keys")
    assert reg.candidate(old["item_id"]) == old
    diff(dataset, reg, remember=True)  # the next diff makes the table
    assert "candidate_keys" in reg.table_names()
    assert [reg.candidate(i.item_id) for i in items] == [as_json(i.to_dict()) for i in items]
    reg.close()
