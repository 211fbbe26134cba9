"""Streaming writer: the dataset files of :mod:`extract.write`, one document at a time.

Same bytes as :func:`extract.write.write_dataset` (same row functions, columns, sort order, CSV
dialect and formula guard, JSON layout; a test compares every file), but only open files are held:
a run of any size adds its documents in document id order and finishes with the entities and
facts. The writer writes into the run's staging folder (:func:`extract.atomic.staged_folder`),
which replaces the output folder in one step when everything is written.

``dataset.xlsx`` and the single-file ``.parquet`` tables (``--xlsx``, ``--parquet``) are built
from whole tables: with those options the rows are kept in memory until the end. For large corpora
use the partitioned Parquet tables instead (``--format parquet``, :mod:`extract.write_parquet`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, Any

from extract import formats
from extract.atomic import step
from extract.csvsafe import guard
from extract.model import DocumentResult, Entity, Fact
from extract.write import (
    SORT_BY,
    TABLE_COLUMNS,
    _frame,
    document_row,
    entity_row,
    fact_row,
    mention_row,
)
from extract.write_parquet import ParquetParts

if TYPE_CHECKING:
    from extract.engines import Engine

COLUMNS = TABLE_COLUMNS
FLOAT_COLUMNS = {"confidence"}  # pandas writes such a column as floats (1 as 1.0)

_encode_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C string encoder


def _dump(value: Any, depth: int) -> str:
    """``value`` exactly as ``json.dumps(indent=1, sort_keys=True, ensure_ascii=False)`` writes it
    ``depth`` levels deep (its first line not indented), several times faster (the C string encoder)."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    inner = "\n" + " " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{_encode_str(k)}: {_dump(value[k], depth + 1)}" for k in sorted(value))
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * depth + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_dump(v, depth + 1) for v in value) + "\n" + " " * depth + "]"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _JsonList:
    """A JSON list under a top-level key of ``dataset.json``, written item by item."""

    def __init__(self, fh: IO[str], key: str) -> None:
        self.fh, self.n = fh, 0
        fh.write(f"\n {_encode_str(key)}: [")

    def add(self, item: dict[str, Any]) -> None:
        self.add_text(_dump(item, 2))

    def add_text(self, text: str) -> None:
        """An item already dumped two levels deep."""
        self.fh.write(("\n  " if self.n == 0 else ",\n  ") + text)
        self.n += 1

    def close(self, last: bool = False) -> None:
        self.fh.write(("\n ]" if self.n else "]") + ("" if last else ","))


def _floats(row: dict[str, Any]) -> dict[str, Any]:
    for key in FLOAT_COLUMNS & row.keys():
        if row[key] is not None:
            row[key] = float(row[key])
    return row


def _cells(table: str, row: dict[str, Any]) -> list[Any]:
    return [guard(v) if isinstance(v, str) else v for v in (row[c] for c in COLUMNS[table])]


class CountedTable:
    """What :func:`extract.formats.run_manifest` reads of a table: its length and the
    ``value_counts()`` of a column, from counters (``len`` is their total unless given)."""

    def __init__(self, counts: Mapping[str, Counter[str]], n_rows: int | None = None) -> None:
        self.counts = counts
        self.n_rows = n_rows if n_rows is not None else sum(next(iter(counts.values()), Counter()).values())

    def __len__(self) -> int:
        return self.n_rows

    def __getitem__(self, column: str) -> SimpleNamespace:
        return SimpleNamespace(value_counts=lambda: dict(self.counts[column]))


@dataclass
class Rendered:
    """One document as the writer writes it: its rows and their CSV lines and JSON text. It depends
    only on the reconciled document, so a run can cache it (:meth:`extract.cache.ResultCache.get_output`)."""

    doc: dict[str, Any]
    mentions: list[dict[str, Any]]
    csv_doc: str
    csv_mentions: str
    json_item: str


def render(result: DocumentResult) -> Rendered:
    """The rows, CSV lines and ``dataset.json`` item of one document (mentions sorted as in the tables)."""
    doc = document_row(result)
    mentions = [_floats(mention_row(m)) for m in result.mentions]
    mentions.sort(key=lambda r: (r["start"], r["end"], r["type"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_cells("documents", doc))
    csv_doc = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    writer.writerows(_cells("mentions", row) for row in mentions)
    item = formats.typed_row("documents", doc)
    item["mentions"] = [formats.typed_row("mentions", row) for row in mentions]
    return Rendered(doc, mentions, csv_doc, buffer.getvalue(), _dump(item, 2))


class _Csv:
    """One CSV table: the header, then guarded rows (``to_csv`` of :func:`extract.write.write_dataset`)."""

    def __init__(self, folder: Path, table: str, encoding: str) -> None:
        self.name, self.table = f"{table}.csv", table
        self.fh = (folder / self.name).open("w", encoding=encoding, newline="")
        self.writer = csv.writer(self.fh, lineterminator="\n")
        self.writer.writerow(COLUMNS[table])

    def add(self, row: dict[str, Any]) -> None:
        self.writer.writerow(_cells(self.table, row))

    def write(self, text: str) -> None:
        self.fh.write(text)

    def close(self) -> None:
        self.fh.close()
        step(f"wrote {self.name}")


class StreamWriter:
    """Write the dataset files into ``folder`` (a staging folder) incrementally.

    Call :meth:`add` for every document in document id order (its mentions reconciled), then
    :meth:`finish` with the entities, facts and the run manifest. ``parts``: also the partitioned
    Parquet tables (``parquet/``), a part per that many documents (0: none), encoded on ``engine``.
    """

    def __init__(self, folder: Path, options: formats.OutputOptions | None = None, parts: int = 0,
                 engine: Engine | None = None) -> None:
        self.folder = folder
        self.options = options or formats.OutputOptions()
        self.keep = self.options.xlsx or self.options.parquet  # whole tables needed at the end
        self.kept: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
        self.csv = {name: _Csv(folder, name, self.options.csv_encoding) for name in ("documents", "mentions")}
        self.json = (folder / "dataset.json").open("w", encoding="utf-8")
        self.json.write("{")
        self.docs = _JsonList(self.json, "documents")
        self.parquet = ParquetParts(folder / "parquet", parts, engine) if parts else None
        self.statuses: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self._last_id: str | None = None
        self.n_entities = self.n_facts = 0

    def add(self, result: DocumentResult, rendered: Rendered | None = None) -> Rendered:
        """One document and its mentions (``rendered``: :func:`render` of it, if the caller has it)."""
        out = rendered or render(result)
        self.add_rendered(result.raw.doc_id, out)
        return out

    def add_rendered(self, doc_id: str, out: Rendered) -> None:
        """One document as :func:`render` gave it (from a run's cache, say)."""
        if self._last_id is not None and doc_id <= self._last_id:
            raise ValueError(f"documents must come in id order ({doc_id} after {self._last_id})")
        self._last_id = doc_id
        self.csv["documents"].write(out.csv_doc)
        self.csv["mentions"].write(out.csv_mentions)
        self.docs.add_text(out.json_item)
        if self.parquet is not None:
            self.parquet.add(out.doc, out.mentions)
        if self.keep:
            self.kept["documents"].append(out.doc)
            self.kept["mentions"].extend(out.mentions)
        self.statuses[out.doc["status"]] += 1
        self.types.update(row["type"] for row in out.mentions)

    def _table(self, name: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Write one table's rows (as they come); the rows when a whole-table file needs them, else []."""
        table = _Csv(self.folder, name, self.options.csv_encoding)
        items = _JsonList(self.json, name)
        kept: list[dict[str, Any]] = []
        whole = self.keep or self.parquet is not None
        for row in rows:
            table.add(row)
            items.add(formats.typed_row(name, row))
            if whole:
                kept.append(row)
        items.close()
        table.close()
        return kept

    def finish(self, entities: Iterable[Entity], facts: Iterable[Fact],
               manifest: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> list[str]:
        """Write entities and facts (sorted by id; an iterator is read once, so they need not be in
        memory), the files built from whole tables and ``run.json`` (from ``manifest(tables)``, tables
        holding what its counts need); the names of the files written."""
        self.docs.close()
        for table in self.csv.values():
            table.close()
        self.n_entities = self.n_facts = 0

        def counted(rows: Iterable[Any], attr: str,
                    to_row: Callable[[Any], dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for item in rows:
                setattr(self, attr, getattr(self, attr) + 1)
                yield _floats(to_row(item))

        entity_rows = self._table("entities", counted(entities, "n_entities", entity_row))
        fact_rows = self._table("facts", counted(facts, "n_facts", fact_row))
        self.json.write(f"\n {_encode_str('generator')}: {_dump(formats.GENERATOR, 1)},"
                        f"\n {_encode_str('schema_version')}: {_dump(formats.SCHEMA_VERSION, 1)}\n}}\n")
        self.json.close()
        step("wrote dataset.json")
        files = [f"{name}.csv" for name in COLUMNS] + ["dataset.json"]
        empty = {name: SimpleNamespace(columns=columns) for name, columns in COLUMNS.items()}
        (self.folder / "datapackage.json").write_bytes(formats.json_bytes(formats.datapackage(empty, self.options)))
        step("wrote datapackage.json")
        files.append("datapackage.json")
        if self.keep:
            self.kept["entities"], self.kept["facts"] = entity_rows, fact_rows
            tables = {name: _frame(rows, COLUMNS[name], SORT_BY[name]) for name, rows in self.kept.items()}
            if self.options.xlsx:
                (self.folder / "dataset.xlsx").write_bytes(formats.xlsx_bytes(tables))
                step("wrote dataset.xlsx")
                files.append("dataset.xlsx")
            if self.options.parquet:
                for name, frame in tables.items():
                    (self.folder / f"{name}.parquet").write_bytes(formats.parquet_bytes(name, frame))
                    step(f"wrote {name}.parquet")
                    files.append(f"{name}.parquet")
        if self.parquet is not None:
            files += self.parquet.finish(entity_rows, fact_rows)
        if manifest is not None:
            data = manifest(self.count_tables(self.n_entities, self.n_facts))
            (self.folder / "run.json").write_bytes(formats.json_bytes({**data, "files": sorted(files)}))
            step("wrote run.json")
            files.append("run.json")
        return files

    def count_tables(self, n_entities: int, n_facts: int) -> dict[str, Any]:
        """Tables that hold just what :func:`extract.formats.run_manifest` counts (no pandas needed)."""
        return {"documents": CountedTable({"status": self.statuses}), "mentions": CountedTable({"type": self.types}),
                "entities": CountedTable({}, n_entities), "facts": CountedTable({}, n_facts)}

    def abort(self) -> None:
        """Close every file (the staging folder is removed by its owner)."""
        for table in self.csv.values():
            if not table.fh.closed:
                table.fh.close()
        if not self.json.closed:
            self.json.close()
        if self.parquet is not None:
            self.parquet.abort()
