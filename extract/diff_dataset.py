"""The dataset side of a diff: what the diff needs of one dataset folder, read as streams, refused when
its files do not belong together (facts naming documents or mentions the folder does not hold).

A 100k-document run has a mentions.csv of some 700 MB, of which the diff needs only the evidence
mentions of the facts. So facts.csv is read first; mentions.csv is then streamed once, keeping the
rows of the evidence mentions (their columns the diff shows), and a second time only for the
evidence whose surface occurs more than once in its sentence: the highlight takes the n-th
occurrence when it is the n-th mention of that surface in the sentence (by offset), which needs
the other mentions of that sentence and surface. Documents keep only source, published and title.
What is kept goes into a temporary SQLite file (:class:`Dataset`), not into memory: at 100k
documents the evidence mentions, documents and entities alone took over a gigabyte as dicts.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from extract.csvsafe import unguard
from extract.records import pack_local, unpack_local
from extract.registry.csv_io import _FIELD_LIMIT, CsvFormatError, _sniff_delimiter
from extract.spill import _Store

MENTION_FIELDS = ("doc_id", "type", "text", "start", "end", "sentence")
DOCUMENT_FIELDS = ("source", "published", "title")


class _Table:
    """The rows of one dataset file that the diff keeps, by id, in the spool file (a dict that stays
    on disk: ``get``, ``in``, ``items``); the most recent look-ups are cached."""

    def __init__(self, db: sqlite3.Connection, name: str) -> None:
        self.db, self.name = db, name
        db.execute(f"CREATE TABLE {name} (id TEXT PRIMARY KEY, data BLOB)")
        self._rows: list[tuple[str, bytes]] = []
        self._get = lru_cache(maxsize=4096)(self._lookup)

    def put(self, key: str, row: dict[str, str]) -> None:
        """Store a row (a later row of the same id replaces it, as in a dict)."""
        self._rows.append((key, pack_local(row)))
        if len(self._rows) >= 1000:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(f"INSERT OR REPLACE INTO {self.name} VALUES (?, ?)", self._rows)
        self._rows = []
        self._get.cache_clear()

    def _lookup(self, key: str) -> dict[str, str] | None:
        row = self.db.execute(f"SELECT data FROM {self.name} WHERE id = ?", (key,)).fetchone()
        return unpack_local(row[0]) if row else None

    def get(self, key: str, default: Any = None) -> Any:
        """The row of ``key`` (do not change it), else ``default``."""
        found = self._get(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._get(key) is not None

    def items(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Every (id, row), in id order."""
        for key, data in self.db.cursor().execute(f"SELECT id, data FROM {self.name} ORDER BY id"):
            yield key, unpack_local(data)


class _Facts:
    """facts.csv as a stream that can be read again (each pass reads the file); ``len`` is its rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = 0

    def __iter__(self) -> Iterator[dict[str, str]]:
        return _stream(self.path, "facts.csv")

    def __len__(self) -> int:
        return self.size


@dataclass
class Dataset:
    """What the diff reads of one dataset folder, kept on disk in a temporary spool file beside the
    diff's other stores (so its memory does not grow with the folder); close it when done.

    ``facts`` streams facts.csv, ``mentions`` holds the evidence mentions only (columns
    :data:`MENTION_FIELDS`), ``documents`` the columns :data:`DOCUMENT_FIELDS` by document id,
    ``entities`` the rows of entities.csv by id; ``ranks`` the rank of an evidence mention among the
    mentions of its document with the same sentence and surface (ordered by offset), for those
    whose surface occurs more than once in the sentence. ``db`` is the spool, where the diff adds
    its own tables."""

    path: Path
    documents: _Table
    mentions: _Table
    entities: _Table
    facts: _Facts
    store: _Store
    ranks: dict[str, int] = field(default_factory=dict)

    @property
    def db(self) -> sqlite3.Connection:
        return self.store.db

    def close(self) -> None:
        """Remove the spool file."""
        self.store.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def mention_id(row: dict[str, str]) -> str:
    """A mentions.csv row's id (older datasets without the column: document and start offset)."""
    return row.get("mention_id") or f"{row.get('doc_id', '')}:{row.get('start', '')}"


def check_folder(dataset_dir: str | Path) -> Path:
    """The dataset folder, refused before anything is read when it is no folder or has no facts.csv."""
    path = Path(dataset_dir)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: not a dataset folder")
    if not (path / "facts.csv").is_file():
        raise FileNotFoundError(f"{path}: no facts.csv (run `pressextract run ... --out {path}` first)")
    return path


def _records(path: Path, name: str) -> Iterator[tuple[dict[str, int], list[str]]]:
    """The records of a CSV of the folder, streamed (the reading of
    :func:`extract.registry.read_csv_rows`: UTF-8 with optional BOM, comma/semicolon/tab, strict
    quoting), with the header's column positions; blank records are skipped, a missing file is empty."""
    file = path / name
    if not file.is_file():
        return
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    with file.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        reader = csv.reader(chain([first], handle), delimiter=_sniff_delimiter(first.split("\n", 1)[0]),
                            strict=True)
        try:
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                return
            columns = {h: i for i, h in reversed(list(enumerate(header)))}
            columns["__width__"] = len(header)
            for record in reader:
                if any(record):
                    yield columns, record
        except csv.Error as exc:
            raise CsvFormatError(reader.line_num, f"not valid CSV: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise CsvFormatError(reader.line_num + 1, "not UTF-8 text (save the spreadsheet as 'CSV UTF-8')") from exc


def _as_row(columns: dict[str, int], record: list[str]) -> dict[str, str]:
    """A record as the row :func:`extract.registry.read_csv_rows` gives (``{}`` for a blank one)."""
    width = columns["__width__"]
    if not any(cell.strip() for cell in record):
        return {}
    if any(c.strip() for c in record[width:]):
        return {"__extra__": "|".join(record[width:])}
    return {h: unguard(record[i]) if i < len(record) else "" for h, i in columns.items() if h != "__width__"}


def _stream(path: Path, name: str) -> Iterator[dict[str, str]]:
    for columns, record in _records(path, name):
        row = _as_row(columns, record)
        if row:
            yield row


def _mention_ids(path: Path) -> Iterator[tuple[str, dict[str, int], list[str]]]:
    """(mention id, columns, record) of every mentions.csv row, without making a dict per row."""
    for columns, record in _records(path, "mentions.csv"):
        width = len(record)
        if width > columns["__width__"] or not all(
            i < width for i in (columns.get("mention_id", 0), columns.get("doc_id", 0), columns.get("start", 0))
        ):
            row = _as_row(columns, record)
            if row:
                yield mention_id(row), columns, record
            continue
        i = columns.get("mention_id")
        mid = unguard(record[i]) if i is not None else ""
        if not mid:
            doc = unguard(record[columns["doc_id"]]) if "doc_id" in columns else ""
            start = unguard(record[columns["start"]]) if "start" in columns else ""
            mid = f"{doc}:{start}"
            if mid == ":" and not _as_row(columns, record):
                continue
        yield mid, columns, record


def repeats(sentence: str, text: str) -> bool:
    """Whether ``text`` occurs at two positions of ``sentence`` (overlapping occurrences count)."""
    first = sentence.find(text)
    return first >= 0 and sentence.find(text, first + 1) >= 0


def _ranks(path: Path, mentions: _Table) -> dict[str, int]:
    """Ranks of the evidence mentions whose surface repeats in their sentence (see :class:`Dataset`)."""
    wanted: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for mid, m in mentions.items():
        text, sentence = (m.get("text") or "").strip(), m.get("sentence") or ""
        if text and repeats(sentence, text):
            wanted[(m.get("doc_id", ""), sentence, text)].append(mid)
    if not wanted:
        return {}
    docs = {doc for doc, _s, _t in wanted}
    members: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for mid, columns, record in _mention_ids(path):
        i = columns.get("doc_id")
        if i is None or i >= len(record) or unguard(record[i]) not in docs:
            continue
        row = _as_row(columns, record)
        key = (row.get("doc_id", ""), row.get("sentence", ""), (row.get("text") or "").strip())
        if key in wanted:
            members[key][mid] = _int(row.get("start"))
    ranks: dict[str, int] = {}
    for key, mids in wanted.items():
        order = [mid for mid, _start in sorted(members[key].items(), key=lambda kv: kv[1])]
        for mid in mids:
            ranks[mid] = order.index(mid) if mid in order else 0
    return ranks


def _int(text: object) -> int:
    try:
        return int(str(text))
    except ValueError:
        return 0


def load_dataset(dataset_dir: str | Path, folder: Path | None = None) -> Dataset:
    """Read facts.csv and entities.csv, the documents and evidence mentions the facts need (missing
    files count as empty) into a spool file in ``folder`` (default: the temporary folder), and refuse
    an inconsistent folder (:func:`check_consistent`)."""
    path = check_folder(dataset_dir)
    store = _Store(folder, "diff-dataset", "CREATE TABLE needed (id TEXT PRIMARY KEY)")
    try:
        facts = _Facts(path)
        batch: list[tuple[str]] = []
        for fact in facts:
            facts.size += 1
            batch.extend((m,) for m in (fact.get("evidence") or "").split("|") if m)
            if len(batch) >= 1000:
                store.db.executemany("INSERT OR IGNORE INTO needed VALUES (?)", batch)
                batch = []
        store.db.executemany("INSERT OR IGNORE INTO needed VALUES (?)", batch)
        ds = Dataset(path, _Table(store.db, "documents"), _Table(store.db, "mentions"),
                     _Table(store.db, "entities"), facts, store)
        needed = store.db.cursor()
        for mid, columns, record in _mention_ids(path):
            if needed.execute("SELECT 1 FROM needed WHERE id = ?", (mid,)).fetchone():
                row = _as_row(columns, record)
                ds.mentions.put(mid, {k: row[k] for k in MENTION_FIELDS if k in row})
        ds.mentions.flush()
        store.db.execute("DROP TABLE needed")
        for row in _stream(path, "documents.csv"):
            ds.documents.put(row.get("doc_id", ""), {k: row.get(k) or "" for k in DOCUMENT_FIELDS})
        ds.documents.flush()
        for row in _stream(path, "entities.csv"):
            ds.entities.put(row.get("entity_id", ""), row)
        ds.entities.flush()
        check_consistent(ds)
        ds.ranks = _ranks(path, ds.mentions)
    except BaseException:
        store.close()
        raise
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
