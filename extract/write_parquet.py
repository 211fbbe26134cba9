"""Partitioned Parquet tables (``run --format parquet``), written while the documents stream by.

``OUT/parquet/documents/part-00000.parquet``, ``OUT/parquet/mentions/part-00000.parquet``, ... hold
the rows of documents.csv and mentions.csv, one part per ``docs_per_part`` documents, in document
id order; ``OUT/parquet/entities.parquet`` and ``OUT/parquet/facts.parquet`` the reconciled tables.
Values and types are those of the single-file ``--parquet`` tables (:func:`extract.formats.typed_frame`:
ids, AGS keys, values and dates as strings with leading zeros kept, counts and offsets as integers,
confidence as a double, "" as null), so ``pyarrow.parquet.read_table("OUT/parquet/mentions")``,
``pandas.read_parquet`` or Dask/Spark/DuckDB read a folder as one table. Only one part is held in
memory; the files go into the run's staging folder like every other output.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract import formats
from extract.atomic import step
from extract.write import SORT_BY, TABLE_COLUMNS, _frame

DOCS_PER_PART = 10_000


def _write(folder: Path, name: str, rows: Sequence[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = formats.typed_frame(name, _frame(list(rows), TABLE_COLUMNS[name], SORT_BY[name]))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    step(f"wrote {path.relative_to(folder.parent)}")


class ParquetParts:
    """The partitioned tables under ``folder`` (``.../parquet``), fed document by document."""

    def __init__(self, folder: Path, docs_per_part: int = DOCS_PER_PART) -> None:
        self.folder, self.docs_per_part = folder, max(1, docs_per_part)
        self.docs: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []
        self.part = 0
        self.files: list[str] = []

    def add(self, doc: dict[str, Any], mentions: Sequence[dict[str, Any]]) -> None:
        self.docs.append(doc)
        self.mentions.extend(mentions)
        if len(self.docs) >= self.docs_per_part:
            self._flush()

    def _put(self, name: str, rows: Sequence[dict[str, Any]], relative: str) -> None:
        _write(self.folder, name, rows, self.folder / relative)
        self.files.append(f"{self.folder.name}/{relative}")

    def _flush(self) -> None:
        if not self.docs:
            return
        for name, rows in (("documents", self.docs), ("mentions", self.mentions)):
            self._put(name, rows, f"{name}/part-{self.part:05d}.parquet")
        self.docs, self.mentions = [], []
        self.part += 1

    def finish(self, entity_rows: Sequence[dict[str, Any]], fact_rows: Sequence[dict[str, Any]]) -> list[str]:
        """The last part, entities and facts; the paths written (relative to the output folder)."""
        self._flush()
        self._put("entities", entity_rows, "entities.parquet")
        self._put("facts", fact_rows, "facts.parquet")
        return self.files

    def abort(self) -> None:
        self.docs, self.mentions = [], []
