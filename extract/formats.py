"""Output formats beyond the plain CSVs: typed JSON, the Frictionless schema, Excel, the run manifest.

The writer (:mod:`extract.write`) builds the four tables once; this module turns them into

- ``dataset.json`` with real JSON types (numbers, null, arrays, objects), the schema version and
  the generator version;
- ``datapackage.json``: a Frictionless Data Package describing every CSV (field types, keys,
  encoding), so that pandas, frictionless, LibreOffice & co. read AGS keys and ids as text;
- ``dataset.xlsx`` (``--xlsx``, openpyxl): one sheet per table, ids and keys stored as text so an
  AGS keeps its leading zero, numbers as numbers;
- CSV bytes with a UTF-8 byte order mark (``--excel``), which Excel needs to read umlauts;
- ``run.json``: the run manifest (inputs, versions, counts, timings, gazetteer source). It is the
  one file that differs between two runs of the same input (timings), by design.

Everything here is a pure function of the tables, except :func:`write_xlsx`, which writes a file
(with fixed zip and document timestamps, so the bytes are the same on every run).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract import __version__, facts_schema

if TYPE_CHECKING:  # pandas is imported where a table is built: the streaming writer needs none
    import pandas as pd

# Version of the dataset contract (docs/DATASET.md). Bump the minor version when columns or
# files are added, the major version when one is renamed, dropped or changes meaning.
SCHEMA_VERSION = "2.0.0"
GENERATOR = {"name": "pressextract", "version": __version__}

# Frictionless field types per table and column, in file order; unlisted columns are strings.
# ``value`` stays a string in the CSV schema: it holds AGS keys, ISO dates, names and numbers.
FIELD_TYPES: dict[str, dict[str, str]] = {
    "documents": {"n_chars_raw": "integer", "n_chars_clean": "integer"},
    "mentions": {"start": "integer", "end": "integer", "confidence": "number"},
    "entities": {"n_mentions": "integer", "n_documents": "integer"},
    "facts": {"qualifiers": "object", "confidence": "number"},
}
# columns that hold `|`-separated lists in the CSVs (arrays in dataset.json)
LIST_COLUMNS = {"entities": {"aliases"}, "facts": {"doc_ids", "evidence"}}
PRIMARY_KEYS = {"documents": "doc_id", "mentions": "mention_id", "entities": "entity_id", "facts": "fact_id"}
FOREIGN_KEYS = {
    "mentions": [("doc_id", "documents", "doc_id"), ("entity_id", "entities", "entity_id")],
    "facts": [("subject_id", "entities", "entity_id"), ("object_id", "entities", "entity_id")],
}
DESCRIPTIONS = {
    "documents": "one row per input file or URL, including failed ones",
    "mentions": "one row per extracted mention; start/end are offsets into the decoded original text",
    "entities": "one row per reconciled entity (municipalities with AGS key, people, programmes, organisations)",
    "facts": "one row per reconciled fact",
}
FIELD_DESCRIPTIONS = {
    "key": "official key (AGS: 8 digits for a Gemeinde, 5 for a Kreis); text, keep the leading zero",
    "value": "normalised value: AGS, ISO date (granularity in unit), plain decimal for amounts, canonical name",
    "unit": "currency code for amounts, granularity for dates (day, month, year, range, quarter, season)",
    "published": "ISO date YYYY-MM-DD, YYYY-MM or YYYY",
    "encoding": "the encoding the original was decoded with (offsets point into that decoded text)",
    "warning": "what was repaired while reading (e.g. a damaged UTF-8 tail), else empty",
    "aliases": "|-separated surface forms", "doc_ids": "|-separated document ids",
    "evidence": "|-separated mention ids", "qualifiers": "JSON object",
}


@dataclass(frozen=True)
class OutputOptions:
    """Optional output formats (``pressextract run --excel --xlsx``)."""

    excel: bool = False  # CSVs with a UTF-8 byte order mark
    xlsx: bool = False  # also dataset.xlsx
    parquet: bool = False  # also one Parquet file per table

    @property
    def csv_encoding(self) -> str:
        return "utf-8-sig" if self.excel else "utf-8"


# --- typed values ------------------------------------------------------------------------------

def number(text: str) -> int | float | None:
    """A plain decimal string as a JSON number: int when integral ("2300000"), else float ("0.2")."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def is_numeric_value(table: str, row: Mapping[str, Any]) -> bool:
    """Whether a row's ``value`` is a number: amount mentions, amount/integer facts."""
    if table == "mentions":
        return row.get("type") == "amount"
    if table == "facts":
        return facts_schema.spec_for(str(row.get("predicate", ""))).value_kind in ("amount", "integer")
    return False


def typed_row(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """One CSV row as JSON types: "" -> null, lists -> arrays, qualifiers -> object, numbers -> numbers."""
    out: dict[str, Any] = {}
    lists = LIST_COLUMNS.get(table, set())
    types = FIELD_TYPES.get(table, {})
    for column, value in row.items():
        if column in lists:
            out[column] = [part for part in str(value).split("|") if part] if value else []
        elif types.get(column) == "object":
            out[column] = json.loads(value) if value else {}
        elif value == "" or value is None or (isinstance(value, float) and value != value):
            out[column] = None
        elif column == "value" and is_numeric_value(table, row):
            parsed = number(str(value))
            out[column] = parsed if parsed is not None else str(value)
        elif types.get(column) == "integer":
            out[column] = int(value)
        elif types.get(column) == "number":
            out[column] = float(value)
        else:
            out[column] = str(value)
    return out


def typed_records(table: str, frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [typed_row(table, row) for row in frame.to_dict(orient="records")]


def dataset_json(tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """The JSON view: documents with their mentions nested, plus entities and facts, in JSON types."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for mention in typed_records("mentions", tables["mentions"]):
        by_doc.setdefault(mention["doc_id"], []).append(mention)
    documents = []
    for doc in typed_records("documents", tables["documents"]):
        doc["mentions"] = by_doc.get(doc["doc_id"], [])
        documents.append(doc)
    return {"schema_version": SCHEMA_VERSION, "generator": dict(GENERATOR), "documents": documents,
            "entities": typed_records("entities", tables["entities"]),
            "facts": typed_records("facts", tables["facts"])}


def json_bytes(data: Any) -> bytes:
    """Deterministic, readable JSON (sorted keys, one-space indent, final newline)."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --- Frictionless Data Package -------------------------------------------------------------------

def table_schema(table: str, columns: Sequence[str]) -> dict[str, Any]:
    """Frictionless Table Schema of one table."""
    fields = []
    for column in columns:
        field: dict[str, Any] = {"name": column, "type": FIELD_TYPES.get(table, {}).get(column, "string")}
        if column in FIELD_DESCRIPTIONS:
            field["description"] = FIELD_DESCRIPTIONS[column]
        if column == PRIMARY_KEYS[table]:
            field["constraints"] = {"required": True, "unique": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": PRIMARY_KEYS[table]}
    foreign = [{"fields": column, "reference": {"resource": resource, "fields": target}}
               for column, resource, target in FOREIGN_KEYS.get(table, []) if column in columns]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def datapackage(tables: Mapping[str, pd.DataFrame], options: OutputOptions = OutputOptions()) -> dict[str, Any]:
    """``datapackage.json``: one tabular resource per CSV, with its schema and dialect."""
    resources = []
    for table, frame in tables.items():
        resources.append({
            "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource",
            "description": DESCRIPTIONS[table], "format": "csv", "mediatype": "text/csv",
            "encoding": options.csv_encoding,
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True,
                        "lineTerminator": "\n"},
            "schema": table_schema(table, list(frame.columns)),
        })
    return {"profile": "tabular-data-package", "name": "pressextract-dataset",
            "title": "pressextract dataset", "version": SCHEMA_VERSION,
            "description": "Mentions, entities and facts extracted from press releases; contract: docs/DATASET.md",
            "generator": dict(GENERATOR), "resources": resources}


def typed_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table with the schema's pandas dtypes: text columns (ids, AGS keys, values, dates) as
    ``string``, integer columns as nullable ``Int64``, number columns as ``float64``; "" is missing."""
    import pandas as pd

    types = FIELD_TYPES.get(table, {})
    out = frame.copy()
    for column in out.columns:
        kind = types.get(column, "string")
        if kind == "integer":
            out[column] = pd.to_numeric(out[column].replace("", None)).astype("Int64")
        elif kind == "number":
            out[column] = pd.to_numeric(out[column].replace("", None)).astype("float64")
        else:
            out[column] = out[column].astype("string").replace("", pd.NA)
    return out


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """Read one CSV of a dataset folder with the schema's types (:func:`typed_frame`), so AGS keys
    keep their leading zero; files written with ``--excel`` (byte order mark) read the same."""
    import pandas as pd

    frame = pd.read_csv(Path(folder) / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return typed_frame(table, frame)


# --- Parquet -------------------------------------------------------------------------------------

def parquet_bytes(table: str, frame: pd.DataFrame) -> bytes:
    """One table as Parquet (pyarrow) with the schema's types (:func:`typed_frame`): ids, AGS keys,
    values and dates as strings (leading zeros kept), counts and offsets as integers, confidence as a
    double, "" as null; same bytes for the same table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(typed_frame(table, frame), preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()


# --- Excel ---------------------------------------------------------------------------------------

FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entry and document timestamps: same bytes on every run
_CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def xlsx_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """``dataset.xlsx``: one sheet per table; text columns stored as text cells (format "@"),
    integer and number columns as numbers; control characters, which the format cannot hold,
    are left out of the cells; deterministic bytes."""
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for table, frame in tables.items():
        sheet = workbook.create_sheet(table)
        types = FIELD_TYPES.get(table, {})
        bold = Font(bold=True)
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        sheet.freeze_panes = "A2"
        for row in frame.itertuples(index=False):
            cells = []
            for column, value in zip(frame.columns, row, strict=True):
                kind = types.get(column, "string")
                if kind in ("integer", "number") and value != "" and not pd.isna(value):
                    cells.append(WriteOnlyCell(sheet, value=int(value) if kind == "integer" else float(value)))
                else:
                    # control characters (a form feed from a PDF, say) cannot be stored in .xlsx
                    text = "" if pd.isna(value) else ILLEGAL_CHARACTERS_RE.sub("", str(value))
                    cell = WriteOnlyCell(sheet, value=text)
                    cell.number_format = "@"
                    cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fix_zip_times(buffer.getvalue())


def _fix_zip_times(data: bytes) -> bytes:
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*FIXED_TIME)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(2), content.decode()).encode()
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


# --- run manifest --------------------------------------------------------------------------------

def package_versions() -> dict[str, str]:
    """Versions of pressextract, Python and the libraries that shape the output."""
    import platform
    from importlib import metadata

    versions = {"pressextract": __version__, "python": platform.python_version()}
    for name in ("spacy", "pandas", "charset-normalizer", "beautifulsoup4", "pypdf", "python-docx"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def run_manifest(*, inputs: Sequence[str], tables: Mapping[str, pd.DataFrame], timings: Mapping[str, float],
                 model: str, gazetteer: Mapping[str, Any], options: OutputOptions, files: Sequence[str],
                 jobs: int = 1) -> dict[str, Any]:
    """``run.json``: what went in, with which versions, what came out, how long it took."""
    docs = tables["documents"]
    status = {str(k): int(v) for k, v in sorted(docs["status"].value_counts().items())} if len(docs) else {}
    mentions = tables["mentions"]
    by_type = {str(k): int(v) for k, v in sorted(mentions["type"].value_counts().items())} if len(mentions) else {}
    return {
        "schema_version": SCHEMA_VERSION, "generator": dict(GENERATOR), "inputs": list(inputs),
        "options": {"excel": options.excel, "xlsx": options.xlsx, "jobs": jobs, "model": model},
        "versions": package_versions(), "gazetteer": dict(gazetteer),
        "counts": {"documents": len(docs), "documents_by_status": status, "mentions": len(mentions),
                   "mentions_by_type": by_type, "entities": len(tables["entities"]), "facts": len(tables["facts"])},
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "files": list(files),
    }
