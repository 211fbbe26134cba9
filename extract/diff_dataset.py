"""The dataset side of a diff: the CSV files of one dataset folder read as plain rows, refused when
its files do not belong together (facts naming documents or mentions the folder does not hold)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from extract.registry import read_csv_rows


@dataclass
class Dataset:
    """The CSV files of one dataset folder, as plain rows."""

    path: Path
    documents: dict[str, dict[str, str]]
    mentions: dict[str, dict[str, str]]
    entities: dict[str, dict[str, str]]
    facts: list[dict[str, str]]
    _by_doc: dict[str, list[dict[str, str]]] | None = None

    def mentions_by_doc(self) -> dict[str, list[dict[str, str]]]:
        """Mentions grouped by document id."""
        if self._by_doc is None:
            self._by_doc = defaultdict(list)
            for m in self.mentions.values():
                self._by_doc[m.get("doc_id", "")].append(m)
        return self._by_doc


def mention_id(row: dict[str, str]) -> str:
    """A mentions.csv row's id (older datasets without the column: document and start offset)."""
    return row.get("mention_id") or f"{row.get('doc_id', '')}:{row.get('start', '')}"


def load_dataset(dataset_dir: str | Path) -> Dataset:
    """Read documents.csv, mentions.csv, entities.csv and facts.csv (missing files count as empty)."""
    path = Path(dataset_dir)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: not a dataset folder")
    if not (path / "facts.csv").is_file():
        raise FileNotFoundError(f"{path}: no facts.csv (run `pressextract run ... --out {path}` first)")

    def rows(name: str) -> list[dict[str, str]]:
        file = path / name
        return [row for _line, row in read_csv_rows(file)[1]] if file.is_file() else []

    ds = Dataset(
        path=path,
        documents={r.get("doc_id", ""): r for r in rows("documents.csv")},
        mentions={mention_id(r): r for r in rows("mentions.csv")},
        entities={r.get("entity_id", ""): r for r in rows("entities.csv")},
        facts=rows("facts.csv"),
    )
    check_consistent(ds)
    return ds


def check_consistent(ds: Dataset) -> None:
    """Refuse a dataset whose facts name documents or evidence mentions it does not hold (files of
    two runs mixed, or a file missing): :class:`DatasetError` says how many and gives examples."""
    if not ds.facts:
        return
    bad_docs: list[str] = []
    bad_mentions: list[str] = []
    for fact in ds.facts:
        fid = fact.get("fact_id", "?")
        if any(d not in ds.documents for d in (fact.get("doc_ids") or "").split("|") if d):
            bad_docs.append(fid)
        if any(m not in ds.mentions for m in (fact.get("evidence") or "").split("|") if m):
            bad_mentions.append(fid)
    problems = []
    if bad_docs:
        problems.append(f"{len(bad_docs)} of {len(ds.facts)} facts name documents not in documents.csv "
                        f"(e.g. {', '.join(bad_docs[:3])})")
    if bad_mentions:
        problems.append(f"{len(bad_mentions)} of {len(ds.facts)} facts name evidence mentions not in mentions.csv "
                        f"(e.g. {', '.join(bad_mentions[:3])})")
    if problems:
        raise DatasetError(f"{ds.path}: not a consistent dataset: {'; '.join(problems)}. Its files come from "
                           f"different runs or were edited; run `pressextract run ... --out {ds.path}` again")


class DatasetError(ValueError):
    """A dataset folder cannot be diffed (missing, or its files do not belong together)."""
