"""Partitioned Parquet tables (``run --format parquet``), written while the documents stream by.

``OUT/parquet/documents/part-00000.parquet``, ``OUT/parquet/mentions/part-00000.parquet``, ... hold
the rows of documents.csv and mentions.csv, one part per ``docs_per_part`` documents, in document
id order; ``OUT/parquet/entities.parquet`` and ``OUT/parquet/facts.parquet`` the reconciled tables.
Values and types are those of the single-file ``--parquet`` tables (:func:`extract.formats.typed_frame`:
ids, AGS keys, values and dates as strings with leading zeros kept, counts and offsets as integers,
confidence as a double, "" as null), so ``pyarrow.parquet.read_table("OUT/parquet/mentions")``,
``pandas.read_parquet`` or Dask/Spark/DuckDB read a folder as one table.

The parts are encoded on the run's engine (:meth:`extract.engines.Engine.call`: the worker
processes or the Dask workers), which sit idle while the caller reconciles and writes. The caller
keeps each document's rows pickled (a fifth of their size as dicts) until its part is sent, and
writes the bytes that come back, so the workers need no shared file system and the files are those
of a local run. At most ``IN_FLIGHT`` parts are being encoded at once: memory stays flat. The files
go into the run's staging folder like every other output.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract import formats
from extract.atomic import step
from extract.write import SORT_BY, TABLE_COLUMNS, _frame

if TYPE_CHECKING:
    from extract.engines import Engine, Task

DOCS_PER_PART = 10_000
IN_FLIGHT = 2  # parts being encoded at once: keeps two workers busy, the caller's memory flat


def encode_table(name: str, rows: Sequence[dict[str, Any]]) -> bytes:
    """The Parquet bytes of one table (or part) of ``rows``, sorted and typed as the CSV table. Pure."""
    return formats.parquet_bytes(name, _frame(list(rows), TABLE_COLUMNS[name], SORT_BY[name]))


def encode_part(documents: Sequence[bytes]) -> tuple[bytes, bytes]:
    """The documents and mentions tables of one part, from each document's pickled
    ``(document row, mention rows)``. Pure: the same part gives the same bytes on any worker."""
    docs: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for blob in documents:
        doc, rows = pickle.loads(blob)
        docs.append(doc)
        mentions.extend(rows)
    return encode_table("documents", docs), encode_table("mentions", mentions)


def _encode_tables(*tables: tuple[str, Sequence[dict[str, Any]]]) -> tuple[bytes, ...]:
    return tuple(encode_table(name, rows) for name, rows in tables)


class ParquetParts:
    """The partitioned tables under ``folder`` (``.../parquet``), fed document by document; the parts
    are encoded on ``engine`` (none: here, at once)."""

    def __init__(self, folder: Path, docs_per_part: int = DOCS_PER_PART, engine: Engine | None = None) -> None:
        self.folder, self.docs_per_part, self.engine = folder, max(1, docs_per_part), engine
        self.docs: list[bytes] = []  # the part being filled, one pickle per document
        self.part = 0
        self.files: list[str] = []
        self.pending: deque[tuple[tuple[str, ...], Task]] = deque()  # (paths, their encoding), in order

    def add(self, doc: dict[str, Any], mentions: Sequence[dict[str, Any]]) -> None:
        self.docs.append(pickle.dumps((doc, list(mentions)), protocol=pickle.HIGHEST_PROTOCOL))
        if len(self.docs) >= self.docs_per_part:
            self._flush()

    def _call(self, paths: tuple[str, ...], fn: Any, *args: Any) -> None:
        if self.engine is None:
            from extract.engines import Task

            task = Task(fn, args)
        else:
            task = self.engine.call(fn, *args)
        self.pending.append((paths, task))
        while len(self.pending) > IN_FLIGHT:
            self._save()

    def _save(self) -> None:
        """Write the files of the oldest pending call (waiting for their bytes)."""
        paths, task = self.pending.popleft()
        for relative, data in zip(paths, task.result(), strict=True):
            path = self.folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            step(f"wrote {path.relative_to(self.folder.parent)}")
            self.files.append(f"{self.folder.name}/{relative}")

    def _flush(self) -> None:
        if not self.docs:
            return
        paths = tuple(f"{name}/part-{self.part:05d}.parquet" for name in ("documents", "mentions"))
        self._call(paths, encode_part, self.docs)
        self.docs = []
        self.part += 1

    def finish(self, entity_rows: Sequence[dict[str, Any]], fact_rows: Sequence[dict[str, Any]]) -> list[str]:
        """The last part, entities and facts; the paths written (relative to the output folder)."""
        self._flush()
        self._call(("entities.parquet", "facts.parquet"), _encode_tables, ("entities", list(entity_rows)),
                   ("facts", list(fact_rows)))
        while self.pending:
            self._save()
        return self.files

    def abort(self) -> None:
        self.docs = []
        self.pending.clear()
