"""Write stage: the dataset files of docs/DATASET.md, atomically and byte-deterministic.

The four tables are built here (all rows in memory; a streaming run writes the same bytes with
:mod:`extract.write_stream`); their other formats (typed ``dataset.json``, the Frictionless
``datapackage.json``, ``--excel`` CSVs, ``--xlsx``, the ``run.json`` manifest) come from
:mod:`extract.formats`.

All files are first written into a temporary folder beside the output folder, which then
replaces the output folder in one step, under a writer lock (:mod:`extract.atomic`): a reader
sees the previous dataset or the new one, never a mix, and a killed run leaves the previous
one intact. Other entries of the output folder (a ``review/`` diff folder) are kept.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract import facts_schema, formats
from extract.atomic import staged_folder, step, writer_lock
from extract.csvsafe import guard
from extract.model import DocumentResult, Entity, Fact, Mention

if TYPE_CHECKING:  # imported where the tables are built (the streaming writer needs none)
    import pandas as pd

DOCUMENT_COLUMNS = ["doc_id", "source", "sha256", "status", "error", "title", "published", "publisher",
                    "n_chars_raw", "n_chars_clean", "encoding", "warning"]
MENTION_COLUMNS = ["doc_id", "mention_id", "type", "text", "start", "end", "sentence", "value", "unit", "period",
                   "entity_id", "canonical", "role", "title", "source_rule", "confidence"]
ENTITY_COLUMNS = ["entity_id", "type", "canonical", "key", "kind", "state", "aliases", "n_mentions", "n_documents"]
FACT_COLUMNS = list(facts_schema.FACT_COLUMNS)
DATASET_FILES = ("documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json", "datapackage.json")
# files a run owns in its output folder: replaced (or removed when not written) by the next run
OWNED_FILES = (*DATASET_FILES, "dataset.xlsx", "*.parquet", "parquet", "run.json")
TABLE_COLUMNS = {"documents": DOCUMENT_COLUMNS, "mentions": MENTION_COLUMNS, "entities": ENTITY_COLUMNS,
                 "facts": FACT_COLUMNS}
SORT_BY = {"documents": ["doc_id"], "mentions": ["doc_id", "start", "end", "type"], "entities": ["entity_id"],
           "facts": ["fact_id"]}


def document_row(result: DocumentResult) -> dict[str, Any]:
    """A documents.csv row. A slim result (:func:`extract.engines.slim`) has dropped the decoded
    original, whose length the clean document keeps (``n_chars_raw``)."""
    raw, clean = result.raw, result.clean
    return {
        "doc_id": raw.doc_id, "source": raw.source, "sha256": raw.sha256, "status": raw.status,
        "error": raw.error, "title": clean.title if clean else "", "published": clean.published if clean else "",
        "publisher": clean.publisher if clean else "",
        "n_chars_raw": len(raw.text) or (clean.n_chars_raw if clean else 0),
        "n_chars_clean": len(clean.text) if clean else 0, "encoding": raw.encoding, "warning": raw.warning,
    }


def mention_row(m: Mention) -> dict[str, Any]:
    return {
        "doc_id": m.doc_id, "mention_id": m.mention_id, "type": m.type, "text": m.text.replace("\n", " "),
        "start": m.start, "end": m.end, "sentence": m.sentence, "value": m.value, "unit": m.unit,
        "period": m.period, "entity_id": m.entity_id, "canonical": m.canonical, "role": m.role,
        "title": m.title, "source_rule": m.source_rule, "confidence": round(m.confidence, 3),
    }


def entity_row(e: Entity) -> dict[str, Any]:
    return {
        "entity_id": e.entity_id, "type": e.type, "canonical": e.canonical, "key": e.key, "kind": e.kind,
        "state": e.state, "aliases": "|".join(e.aliases), "n_mentions": e.n_mentions, "n_documents": e.n_documents,
    }


def fact_row(f: Fact) -> dict[str, Any]:
    return {
        "fact_id": f.fact_id, "subject_id": f.subject_id, "predicate": f.predicate, "object_id": f.object_id,
        "value": f.value, "unit": f.unit, "period": f.period, "valid_from": f.valid_from, "valid_to": f.valid_to,
        "qualifiers": json.dumps(f.qualifiers, ensure_ascii=False, sort_keys=True) if f.qualifiers else "",
        "doc_ids": "|".join(f.doc_ids), "evidence": "|".join(f.evidence), "confidence": round(f.confidence, 3),
    }


def _frame(rows: list[dict[str, Any]], columns: list[str], sort_by: list[str]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    if len(frame):
        frame = frame.sort_values(sort_by, kind="stable").reset_index(drop=True)
    return frame


def dataset_tables(results: Sequence[DocumentResult], entities: Sequence[Entity],
                   facts: Sequence[Fact]) -> dict[str, pd.DataFrame]:
    """The four CSV tables, rows sorted by their id columns."""
    mentions = [mention_row(m) for r in results for m in r.mentions]
    rows = {"documents": [document_row(r) for r in results], "mentions": mentions,
            "entities": [entity_row(e) for e in entities], "facts": [fact_row(f) for f in facts]}
    return {name: _frame(rows[name], TABLE_COLUMNS[name], SORT_BY[name]) for name in TABLE_COLUMNS}


def dataset_json(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The JSON view (documents with their mentions nested, entities, facts) in JSON types."""
    return formats.dataset_json(tables)


def write_dataset(out_dir: Path, results: Sequence[DocumentResult], entities: Sequence[Entity],
                  facts: Sequence[Fact], options: formats.OutputOptions | None = None,
                  manifest: dict[str, Any] | None = None, *, locked: bool = False) -> dict[str, Path]:
    """Write the dataset files into ``out_dir`` (created if needed), replacing the previous ones in
    one step; returns their paths. ``locked``: the caller holds :func:`extract.atomic.writer_lock`.

    ``options`` adds the byte order mark (``excel``), ``dataset.xlsx`` and one ``.parquet`` per table; ``manifest`` (see
    :func:`extract.formats.run_manifest`) is written as ``run.json``, completed with the file list.
    CSV cells are guarded against spreadsheet formulas (:mod:`extract.csvsafe`); JSON keeps raw values.
    """
    options = options or formats.OutputOptions()
    out_dir = Path(out_dir)
    tables = dataset_tables(results, entities, facts)
    files: dict[str, bytes] = {}
    for name, frame in tables.items():
        safe = frame.astype(object).map(lambda v: guard(v) if isinstance(v, str) else v)
        files[f"{name}.csv"] = safe.to_csv(index=False, lineterminator="\n").encode(options.csv_encoding)
    files["dataset.json"] = formats.json_bytes(dataset_json(tables))
    files["datapackage.json"] = formats.json_bytes(formats.datapackage(tables, options))
    if options.xlsx:
        files["dataset.xlsx"] = formats.xlsx_bytes(tables)
    if options.parquet:
        files.update({f"{name}.parquet": formats.parquet_bytes(name, frame) for name, frame in tables.items()})
    if manifest is not None:
        files["run.json"] = formats.json_bytes({**manifest, "files": sorted(files)})
    with contextlib.nullcontext() if locked else writer_lock(out_dir), staged_folder(out_dir, OWNED_FILES) as tmp:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
            step(f"wrote {name}")
    return {name: out_dir / name for name in files}
