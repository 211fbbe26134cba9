"""``pressextract diff --evidence N``: diff.json, diff.csv, conflicts.csv and the report show an item's
first N evidence sentences and count the rest; the review index and the registry's candidates keep
them all (docs/REGISTRY.md, "Evidence per item")."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from test_diff_stream import synthetic_dataset, synthetic_registry

from extract.cli import main
from extract.commands.diff import EVIDENCE_SHOWN
from extract.diff import diff
from extract.diff_files import read_diff
from extract.diff_items import DiffItem, cap_evidence, capped
from extract.registry import using
from extract.review_index import ReviewIndex


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    """The synthetic dataset, its registry, and every item's number of evidence sentences."""
    dataset, db = synthetic_dataset(tmp_path / "run"), synthetic_registry(tmp_path / "registry.csv")
    full = {i.item_id: len(i.evidence) for i in diff(dataset, db, remember=False)}
    assert max(full.values()) == 6
    assert sum(n > 2 for n in full.values()) == 12
    return dataset, db, full


def _csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["item_id"]: row for row in csv.DictReader(handle)}


def test_the_diff_files_show_the_first_sentences_and_count_the_rest(tmp_path: Path, setup) -> None:
    dataset, db, full = setup
    assert main(["diff", "--dataset", str(dataset), "--registry", str(db), "--out", str(tmp_path / "out"),
                 "--evidence", "1"]) == 0
    _header, items = read_diff(tmp_path / "out")
    assert {i.item_id: (len(i.evidence), i.more_evidence) for i in items} == {
        item_id: (min(n, 1), max(0, n - 1)) for item_id, n in full.items()}
    rows = _csv(tmp_path / "out" / "diff.csv")
    conflicts = _csv(tmp_path / "out" / "conflicts.csv")
    six = next(item_id for item_id, n in full.items() if n == 6)
    assert rows[six]["evidence"].split("\n")[1:] == ["… and 5 more (all in `pressextract review`)"]
    assert len(rows[six]["mentions"].split("|")) == sum(len(ev.mentions) for ev in next(
        i for i in items if i.item_id == six).evidence)
    assert all(conflicts[k] == rows[k] for k in conflicts)
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert report.count('<p class="muted more-evidence">') == sum(
        n > 1 for item_id, n in full.items() if item_id in conflicts) == 16
    assert "… and 1 more evidence sentence (all in <code>pressextract review</code>)" in report
    # everything stays reachable: the review index and the registry's candidates keep all sentences
    by_id = ReviewIndex.open(tmp_path / "out").by_ids(list(full))
    assert {k: len(v.evidence) for k, v in by_id.items()} == full
    with using(db) as reg:
        assert len(DiffItem.from_dict(reg.candidate(six)).evidence) == 6


def test_by_default_ten_sentences_are_shown_and_0_shows_all(tmp_path: Path, setup) -> None:
    dataset, db, full = setup
    assert EVIDENCE_SHOWN == 10
    for flag, folder in (([], "default"), (["--evidence", "0"], "all")):
        assert main(["diff", "--dataset", str(dataset), "--registry", str(db), "--out", str(tmp_path / folder),
                     *flag]) == 0
    assert (tmp_path / "default" / "diff.json").read_bytes() == (tmp_path / "all" / "diff.json").read_bytes()
    assert "more_evidence" not in (tmp_path / "all" / "diff.json").read_text(encoding="utf-8")


def test_capping_keeps_the_order_and_adds_to_an_earlier_count(tmp_path: Path, setup) -> None:
    dataset, db, _full = setup
    items = diff(dataset, db, remember=False)
    item = next(i for i in items if len(i.evidence) == 6)
    once = capped(item, 4)
    assert [e.sentence for e in once.evidence] == [e.sentence for e in item.evidence[:4]]
    assert (once.more_evidence, capped(once, 1).more_evidence, capped(once, 0).more_evidence) == (2, 5, 2)
    assert capped(item, 6) is item
    assert item.more_evidence == 0 and len(item.evidence) == 6  # the item itself is left as it was
    assert [i.to_dict() for i in cap_evidence(items, 3)] == [capped(i, 3).to_dict() for i in items]
    assert DiffItem.from_dict(once.to_dict()).more_evidence == 2
    assert "more_evidence" not in item.to_dict()
