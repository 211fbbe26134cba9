"""The Python API: press releases (texts in memory, files, folders, URLs) in, pandas tables out.

::

    from pressextract import extract_texts, diff   # or: from extract.api import ...

    data = extract_texts(["Neuss, 12. Januar 2017. Die Stadt Neuss erhält 2,3 Millionen Euro."])
    data.mentions[["type", "text", "value", "unit"]]
    data.write("output/")                            # the same files as `pressextract run`
    changes = diff(data, "registry.db")              # one row per fact: new / confirmed / conflict / ...

Inputs: a ``str`` is the text of one press release (plain text or HTML); a :class:`pathlib.Path`
(or any ``os.PathLike``) is a file or a folder, read as ``pressextract run`` reads it; a ``str``
that is an ``http(s)://`` URL with no whitespace is downloaded. Texts are named ``text:1``,
``text:2``, ... (their position in the input) in ``documents.source``.

Tables have the types of ``datapackage.json``: ids, AGS keys, values, dates and names are pandas
``string`` (an AGS keeps its leading zero; missing is ``<NA>``), counts and offsets ``Int64``,
confidence ``float64``. Dates are ISO strings with their granularity in ``unit`` (also given as
``granularity``); ``value_number`` holds numeric values (amounts, counts) as ``float64``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from extract import formats
from extract.model import DocumentResult, Entity, Fact, RawDocument

__all__ = ["Dataset", "diff", "extract_texts", "read_dataset"]

TextOrPath = str | os.PathLike[str]


@dataclass
class Dataset:
    """The four tables of a run as pandas DataFrames, with :meth:`write` to save them."""

    documents: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    facts: pd.DataFrame
    _results: list[DocumentResult] = field(default_factory=list, repr=False)
    _entities: list[Entity] = field(default_factory=list, repr=False)
    _facts: list[Fact] = field(default_factory=list, repr=False)

    def write(self, out_dir: str | os.PathLike[str], *, excel: bool = False, xlsx: bool = False) -> dict[str, Path]:
        """Write the dataset files (``documents.csv`` ... ``datapackage.json``) into ``out_dir``.

        ``excel`` writes the CSVs with a byte order mark, ``xlsx`` adds ``dataset.xlsx``.
        Returns the written paths by file name.
        """
        from extract.write import write_dataset

        if not self._results and len(self.documents):
            raise ValueError("this Dataset was read from files; it is already written")
        return write_dataset(Path(out_dir), self._results, self._entities, self._facts,
                             options=formats.OutputOptions(excel=excel, xlsx=xlsx))

    def __repr__(self) -> str:
        return (f"Dataset({len(self.documents)} documents, {len(self.mentions)} mentions, "
                f"{len(self.entities)} entities, {len(self.facts)} facts)")


def _api_frames(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Typed tables plus the derived ``value_number`` and ``granularity`` columns."""
    frames = {name: formats.typed_frame(name, frame) for name, frame in tables.items()}
    for name in ("mentions", "facts"):
        raw = tables[name]
        numeric = [formats.is_numeric_value(name, row) for row in raw.to_dict(orient="records")]
        values = [formats.number(str(v)) if keep and v != "" else None
                  for v, keep in zip(raw["value"], numeric, strict=True)]
        frames[name]["value_number"] = pd.array([float(v) if v is not None else None for v in values],
                                                dtype="float64") if len(raw) else pd.Series([], dtype="float64")
    mentions = frames["mentions"]
    mentions["granularity"] = mentions["unit"].where(mentions["type"] == "date", pd.NA).astype("string")
    return frames


def _dataset(results: list[DocumentResult], entities: list[Entity], facts: list[Fact]) -> Dataset:
    from extract.write import dataset_tables

    frames = _api_frames(dataset_tables(results, entities, facts))
    return Dataset(frames["documents"], frames["mentions"], frames["entities"], frames["facts"],
                   results, entities, facts)


def read_dataset(folder: str | os.PathLike[str]) -> Dataset:
    """Read a dataset folder written by ``pressextract run`` (or :meth:`Dataset.write`) with the schema's types."""
    tables = {name: formats.read_table(Path(folder), name) for name in ("documents", "mentions", "entities", "facts")}
    plain = {name: frame.astype(object).where(frame.notna(), "") for name, frame in tables.items()}
    frames = _api_frames(plain)
    return Dataset(frames["documents"], frames["mentions"], frames["entities"], frames["facts"])


@lru_cache(maxsize=2)
def _pipeline(model: str | None) -> Any:
    from extract.nlp import build_pipeline

    return build_pipeline(model)


def _is_url(item: str) -> bool:
    return item.startswith(("http://", "https://")) and not any(c.isspace() for c in item)


def _published_for(published: str | Sequence[str | None] | None, n_items: int) -> list[str | None]:
    if published is None or isinstance(published, str):
        return [published] * n_items
    values = list(published)
    if len(values) != n_items:
        raise ValueError(f"published: {len(values)} values for {n_items} inputs (give one per input, or one str)")
    return values


def _raw_documents(items: Sequence[TextOrPath]) -> Iterator[tuple[RawDocument, int]]:
    """RawDocuments with the index of the input item they came from; repeated content is skipped."""
    from extract.ingest import from_bytes_record, ingest

    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        if isinstance(item, os.PathLike) or (isinstance(item, str) and _is_url(item)):
            records: Iterable[RawDocument] = ingest([os.fspath(item)])
        elif isinstance(item, str):
            records = [from_bytes_record(f"text:{index + 1}", item.encode("utf-8"))]
        else:
            raise TypeError(f"input {index + 1}: expected a str (text or URL) or a path, got {type(item).__name__}")
        for record in records:
            if record.doc_id in seen and record.status == "ok":
                record = RawDocument(f"{record.doc_id}-dup{index + 1}", record.source, record.sha256, record.raw,
                                     "", "", "", "skipped", f"duplicate of {seen[record.doc_id]}")
            else:
                seen.setdefault(record.doc_id, record.source)
            yield record, index


def extract_texts(texts_or_paths: TextOrPath | Iterable[TextOrPath],
                  published: str | Sequence[str | None] | None = None, *, model: str | None = None,
                  nlp: Any = None) -> Dataset:
    """Run the pipeline over texts in memory, files, folders and URLs; nothing is written.

    ``published`` sets the publication date (ISO ``YYYY-MM-DD``) that relative dates ("gestern")
    are resolved against: one str for all inputs, or one value per input (``None`` keeps the date
    detected in the text). ``model`` is the spaCy base pipeline as for ``pressextract run --model``
    (default: blank German, the rules only; ``"ner"`` the shipped NER; the pipeline is built once
    per process and model); ``nlp`` a ready pipeline from :func:`extract.nlp.build_pipeline` instead.
    """
    from extract.annotate import annotate
    from extract.facts import extract_facts
    from extract.pipeline import clean_stage
    from extract.reconcile import reconcile

    items = [texts_or_paths] if isinstance(texts_or_paths, str | os.PathLike) else list(texts_or_paths)
    dates = _published_for(published, len(items))
    results: list[DocumentResult] = []
    item_of: dict[str, int] = {}

    def raws() -> Iterator[RawDocument]:
        for record, index in _raw_documents(items):
            item_of[record.doc_id] = index
            yield record

    def with_dates(docs: Iterable[Any]) -> Iterator[Any]:
        for clean in docs:
            date = dates[item_of[clean.doc_id]]
            yield replace(clean, published=date) if date else clean

    by_id: dict[str, DocumentResult] = {}
    for clean, mentions in annotate(nlp or _pipeline(model), with_dates(clean_stage(raws(), results))):
        by_id.setdefault(clean.doc_id, next(r for r in reversed(results) if r.raw.doc_id == clean.doc_id))
        by_id[clean.doc_id].clean = clean
        by_id[clean.doc_id].mentions = mentions
    entities = reconcile(results)
    facts = extract_facts(results, entities)
    return _dataset(results, entities, facts)


def diff(dataset: Dataset | str | os.PathLike[str], registry: str | os.PathLike[str], *,
         remember: bool = True) -> pd.DataFrame:
    """Compare a dataset's facts with a registry (a SQLite path or a SQLAlchemy URL).

    ``dataset`` is a :class:`Dataset` or a dataset folder. Returns one row per fact in the
    ``diff.csv`` layout (``status``: new, confirmed, conflict, rejected, unseen), as strings.
    With ``remember`` (default) the decidable items are stored in the registry, so that
    ``pressextract resolve ID`` can decide them, as after ``pressextract diff``.
    """
    from extract.diff import diff as diff_folder
    from extract.diff_items import DIFF_COLUMNS

    if isinstance(dataset, Dataset):
        with tempfile.TemporaryDirectory(prefix="pressextract-diff-") as tmp:
            dataset.write(tmp)
            items = diff_folder(tmp, os.fspath(registry), remember=remember)
    else:
        items = diff_folder(os.fspath(dataset), os.fspath(registry), remember=remember)
    return pd.DataFrame([i.csv_row() for i in items], columns=list(DIFF_COLUMNS), dtype="string")
