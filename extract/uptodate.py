"""An unchanged re-run: the dataset in ``--out`` is up to date, and nothing is read or rewritten.

The result cache (:mod:`extract.cache`) spares a re-run every per-document stage, but the run still
reads every cached document, reconciles the corpus and writes the whole dataset again (about 3 s per
1,000 documents). When nothing changed, that work gives the same bytes it gave last time. So a run
that wrote a dataset records, beside the result cache:

- the **run key**: a hash of the content of every input file in input order (with its name), of the
  pipeline's :func:`extract.cache.fingerprint` (all code, all rules, the model, the gazetteer), of the
  library versions and of the options (model, jobs, engine, output formats);
- the sha256 of every file it wrote into the folder, and the run's summary (counts, problems).

The next run into the same folder computes the key (reading each input once, no decoding) and, when
it is the same and every recorded file still has its hash, leaves the folder as it is and reports
the recorded summary. A new, changed or removed file, a rule or code change, other options, or an
edited or deleted output file make a normal run (which reads the rest from the result cache).
Inputs whose content is known only by fetching them (URLs) or that cannot be read just now
(status ``error``) never make a run up to date. ``run --no-cache`` neither reads nor writes the record.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.ingest import expand_inputs, read_bytes
from extract.model import RawDocument
from extract.records import pack, unpack

_CHUNK = 1 << 20


@dataclass
class RunRecord:
    """What a finished run wrote into its folder, and its summary."""

    files: list[tuple[str, str]]  # (path relative to the folder, sha256)
    n_documents: int
    n_ok_documents: int
    counts: dict[str, int]
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    n_entities: int = 0
    n_facts: int = 0


def run_key(inputs: Sequence[str], settings: dict[str, Any]) -> str | None:
    """The key of a run over ``inputs`` with ``settings`` (plain JSON data), or None when no key
    can tell that its inputs are unchanged (a URL, an input that cannot be read now)."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode())
    for item in expand_inputs(inputs):
        if item.url or item.status == "error":
            return None
        if item.path is None:
            stamp = f"{item.status}\0{item.reason}"
        else:
            data = read_bytes(item.path, item.source)
            if isinstance(data, RawDocument):
                if data.status == "error":
                    return None
                stamp = f"{data.status}\0{data.error}"
            else:
                stamp = hashlib.sha256(data).hexdigest()
        digest.update(f"{item.source}\0{stamp}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def file_hashes(out_dir: Path, paths: Iterable[Path]) -> list[tuple[str, str]]:
    """(path relative to ``out_dir``, sha256) of every file at or under ``paths``, sorted."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return sorted((p.relative_to(out_dir).as_posix(), _sha256(p)) for p in files)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _unchanged(out_dir: Path, files: Sequence[tuple[str, str]]) -> bool:
    try:
        return all(_sha256(out_dir / name) == sha for name, sha in files)
    except OSError:  # a file was deleted or cannot be read: write the dataset again
        return False


class RunRecords:
    """The run records of every output folder, in a table of the result cache's SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=60)
        self.db.execute("CREATE TABLE IF NOT EXISTS runs (out_dir TEXT PRIMARY KEY, key TEXT, record BLOB)")

    def close(self) -> None:
        self.db.close()

    def up_to_date(self, out_dir: Path, key: str) -> RunRecord | None:
        """The record of the last run into ``out_dir`` if it had ``key`` and its files are unchanged."""
        row = self.db.execute("SELECT key, record FROM runs WHERE out_dir = ?", (_name(out_dir),)).fetchone()
        if row is None or row[0] != key:
            return None
        files, *rest = unpack(row[1])
        record = RunRecord([tuple(f) for f in files], *rest)
        record.problems = [tuple(p) for p in record.problems]
        return record if record.files and _unchanged(out_dir, record.files) else None

    def save(self, out_dir: Path, key: str, record: RunRecord) -> None:
        value = [[list(f) for f in record.files], record.n_documents, record.n_ok_documents,
                 dict(sorted(record.counts.items())), [list(p) for p in record.problems],
                 record.n_entities, record.n_facts]
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?)", (_name(out_dir), key, pack(value)))

    def forget(self, out_dir: Path) -> None:
        """Drop the record of ``out_dir`` (its dataset is about to be replaced)."""
        with self.db:
            self.db.execute("DELETE FROM runs WHERE out_dir = ?", (_name(out_dir),))


def _name(out_dir: Path) -> str:
    return str(Path(out_dir).resolve())
