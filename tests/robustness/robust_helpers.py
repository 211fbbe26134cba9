"""Inputs made in the tests, and the invariants every robustness test ends with.

The texts are written here for these tests (they occur in no gold file); :func:`paragraph` varies
them by a number so a long text is not one line repeated.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATASET_FILES = ("documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json")
PLACES = ("Neuss", "Brühl", "Leverkusen", "Dormagen", "Grevenbroich", "Meerbusch", "Kaarst", "Jüchen")


def paragraph(i: int) -> str:
    """One short German press paragraph with a municipality, an amount and a date."""
    place = PLACES[i % len(PLACES)]
    amount = f"{(i % 90 + 10) * 1000:,}".replace(",", ".")
    return (f"Die Stadt {place} erhält für die Sanierung der Turnhalle {amount} Euro aus dem Landesprogramm. "
            f"Die Arbeiten beginnen am {i % 27 + 1}. März 2025 und sollen im Herbst abgeschlossen sein.")


def press_text(n_paragraphs: int, start: int = 0) -> str:
    """A release of ``n_paragraphs`` paragraphs separated by blank lines."""
    return "\n\n".join(paragraph(i) for i in range(start, start + n_paragraphs)) + "\n"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def snapshot(folder: Path) -> dict[str, bytes]:
    """The bytes of every file of a folder (recursively), for "left untouched" checks."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def check_dataset(out: Path) -> dict[str, list[dict[str, str]]]:
    """A dataset folder is whole and consistent: all five files, every fact's documents and evidence
    mentions exist, every mention's document exists, dataset.json agrees with the CSVs, and no
    temporary folder is left. Returns the tables."""
    for name in DATASET_FILES:
        assert (out / name).is_file(), f"{name} missing in {out}"
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert not [p for p in leftovers if not p.endswith(".lock")], f"temporary folders left: {leftovers}"
    tables = {n: read_csv(out / f"{n}.csv") for n in ("documents", "mentions", "entities", "facts")}
    doc_ids = {d["doc_id"] for d in tables["documents"]}
    assert len(doc_ids) == len(tables["documents"]), "documents.csv has repeated doc ids"
    mention_ids = {m["mention_id"] for m in tables["mentions"]}
    entity_ids = {e["entity_id"] for e in tables["entities"]}
    for m in tables["mentions"]:
        assert m["doc_id"] in doc_ids
    for f in tables["facts"]:
        assert set(f["doc_ids"].split("|")) <= doc_ids, f"fact {f['fact_id']} names a missing document"
        assert set(filter(None, f["evidence"].split("|"))) <= mention_ids, f"fact {f['fact_id']}: missing mention"
        assert f["subject_id"] in entity_ids
    data = json.loads((out / "dataset.json").read_text(encoding="utf-8"))
    assert sorted(d["doc_id"] for d in data["documents"]) == sorted(doc_ids)
    assert len(data["facts"]) == len(tables["facts"])
    assert sum(len(d["mentions"]) for d in data["documents"]) == len(tables["mentions"])
    return tables


def check_registry(path: Path) -> None:
    """A SQLite registry passes ``PRAGMA integrity_check`` and its log agrees with its facts: every
    fact written by a decision names an accept or revert whose new value is the fact's value, and
    a key whose latest deciding entry is an accept holds that value."""
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.row_factory = sqlite3.Row
        decisions = {r["decision_id"]: dict(r) for r in con.execute("SELECT * FROM decisions")}
        facts = {r["natural_key"]: dict(r) for r in con.execute("SELECT * FROM facts")}
    from extract import facts_schema as fs
    from extract.registry import value_json

    def value_of(fact: dict) -> str:
        return value_json(fs.normalise_values(fact["predicate"], fs.fact_values(fact["predicate"], fact)))

    for key, fact in facts.items():
        if fact["decision_id"] is not None:
            d = decisions[fact["decision_id"]]
            assert d["natural_key"] == key and d["action"] in ("accept", "revert", "import")
            assert d["new_value"] == value_of(fact), f"{key}: log says {d['new_value']}, fact {value_of(fact)}"
    latest: dict[str, dict] = {}
    for d in sorted(decisions.values(), key=lambda d: d["decision_id"]):
        if d["action"] in ("accept", "revert", "import"):
            latest[d["natural_key"]] = d
    for key, d in latest.items():
        if d["new_value"] == "null":
            assert key not in facts, f"{key}: reverted to nothing but still in facts"
        else:
            assert key in facts and value_of(facts[key]) == d["new_value"], f"{key}: log and facts disagree"


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``pressextract ARGS`` in a subprocess (this worktree first on the path)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=cwd or REPO, check=False)
