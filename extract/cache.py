"""Incremental runs: per-document results cached by content hash and per-stage fingerprints.

Two stages of a document are cached, each under the fingerprint of exactly what it depends on:

- **annotation** (clean, annotate, span conversion: the slim result, see :func:`extract.engines.slim`),
  keyed by ``sha256(document)`` + :func:`annotation_fingerprint`: the code the per-document stage
  runs (every module of the package but those of :data:`PARENT_ONLY`, which only the parent runs
  after it), the rule files but ``rules/facts/``, the base model and the active gazetteer;
- **outputs** (the document's fact drafts, its written rows and its entity contributions), keyed by
  the annotation key, the document's id and source name, the entity names reconcile chose for its
  person and programme names (they depend on the whole corpus) and :func:`fingerprint` (all code,
  all rules).

So an unchanged re-run reads both for every document and computes nothing per document; a new file
is the only one processed; a change in ``rules/facts/`` or in the facts or writer code recomputes the
facts and rows of every document from its cached annotation; a change in any other rule file
(``rules/dates/`` …), the model or the gazetteer recomputes everything. Reconcile, fact merging and
writing always run over the whole corpus (they are cross-document), on plain cached data.

Records are MessagePack of plain data (:mod:`extract.records`), never pickles: reading a cache
cannot run code, so a cache folder shared between users is safe to read.

The cache is one SQLite file (stdlib ``sqlite3``) in the user data folder,
``$PRESSEXTRACT_HOME/cache/results.sqlite`` (else ``~/.local/share/pressextract/cache/``, see
:func:`extract.gazetteer.data_dir`; ``$PRESSEXTRACT_CACHE_DIR`` overrides the folder), shared by every
output folder; ``run --cache-dir DIR`` puts it elsewhere (beside the output, say), ``run --no-cache``
neither reads nor writes it. Entries of old fingerprints stay until the file is deleted (``make clean``
does not touch the data folder).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract import __version__
from extract.gazetteer import _embedded_stamp, data_dir, gazetteer_source, official_index_path
from extract.model import DocumentResult, RawDocument
from extract.records import pack, pack_result, unpack, unpack_result
from extract.rules import rules_dir

PACKAGE = Path(__file__).resolve().parent
SCHEMA = 2  # bump when a cached record changes shape

CACHE_FILE = "results.sqlite"
CACHE_ENV = "PRESSEXTRACT_CACHE_DIR"

# Modules (relative to the package) that only the parent runs, after the per-document stage: a
# change in them cannot change an annotation result (tests/test_cache.py checks that the stage
# never imports one of them).
PARENT_ONLY = ("api.py", "cache.py", "cli.py", "commands/", "diff.py", "diff_dataset.py", "diff_files.py",
               "diff_items.py", "evaluate.py", "evaluate_facts.py", "facts/", "facts_schema.py",
               "formats.py", "pipeline.py", "progress.py", "reconcile.py", "records.py", "registry/",
               "report.py", "report_view.py", "review.py", "review_index.py", "review_pages.py",
               "review_server.py", "spool.py", "templates/", "write.py", "write_parquet.py",
               "write_stream.py", "csvsafe.py", "fetch.py", "spill.py", "uptodate.py")
PARENT_ONLY_RULES = ("facts/",)  # rule folders only the facts stage reads


def default_path() -> Path:
    """The cache file: in $PRESSEXTRACT_CACHE_DIR, else in the user data folder."""
    env = os.environ.get(CACHE_ENV)
    return (Path(env).expanduser() if env else data_dir() / "cache") / CACHE_FILE


def _hash_tree(digest: Any, folder: Path, pattern: str, skip: Sequence[str] = ()) -> None:
    for path in sorted(folder.rglob(pattern)):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or "__pycache__" in path.parts or relative.startswith(tuple(skip)):
            continue
        digest.update(relative.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def _model_stamp(model: str | None) -> str:
    if model in (None, "", "blank"):
        return "blank"
    from extract.nlp import NER_MODEL, SHIPPED_MODEL

    candidate = SHIPPED_MODEL if model == NER_MODEL else Path(model)
    if candidate.is_dir():
        digest = hashlib.sha256()
        _hash_tree(digest, candidate, "*")
        return digest.hexdigest()
    try:  # an installed package ("de_core_news_lg"): its name and version
        from importlib import metadata

        return f"{model}=={metadata.version(model)}"
    except Exception:  # noqa: BLE001 - unknown: the name alone
        return f"{model}"


def _gazetteer_stamp() -> str:
    """The active gazetteer: the bytes of an imported official register, else the embedded build's
    stamp (its build number and source package versions; the cached index file itself may be
    rewritten by any run, so its bytes are no identity)."""
    if gazetteer_source() == "official":
        return "official:" + hashlib.sha256(official_index_path().read_bytes()).hexdigest()
    return "embedded:" + _embedded_stamp()


@lru_cache(maxsize=16)
def annotation_fingerprint(model: str | None = None) -> str:
    """Hash of everything a document's annotation result depends on besides its bytes."""
    digest = hashlib.sha256(f"pressextract {__version__} schema {SCHEMA} annotation\0".encode())
    _hash_tree(digest, PACKAGE, "*.py", PARENT_ONLY)
    _hash_tree(digest, rules_dir(), "*", PARENT_ONLY_RULES)
    digest.update(_model_stamp(model).encode())
    digest.update(_gazetteer_stamp().encode())
    return digest.hexdigest()[:32]


@lru_cache(maxsize=16)
def fingerprint(model: str | None = None) -> str:
    """Hash of everything a document's outputs depend on besides its bytes and reconcile's names:
    all code, all rule files, the model and the gazetteer."""
    digest = hashlib.sha256(f"pressextract {__version__} schema {SCHEMA}\0".encode())
    _hash_tree(digest, PACKAGE, "*.py")
    _hash_tree(digest, rules_dir(), "*")
    digest.update(annotation_fingerprint(model).encode())
    return digest.hexdigest()[:32]


@dataclass
class Summary:
    """What the parent needs of a document before reconcile (and of a cached one, all it reads
    unless its outputs are not cached): the result's record fields and its names."""

    doc_id: str
    media_type: str
    encoding: str
    warning: str
    status: str
    error: str
    types: list[str]  # the mentions' types, in order
    people: list[str]  # person names (mention values), in order
    programs: list[str]  # programme names, in order

    @classmethod
    def of(cls, result: DocumentResult) -> Summary:
        raw = result.raw
        people = [m.value for m in result.mentions if m.type == "person" and m.value]
        programs = [m.value for m in result.mentions if m.type == "program" and m.value]
        return cls(raw.doc_id, raw.media_type, raw.encoding, raw.warning, raw.status, raw.error,
                   [m.type for m in result.mentions], people, programs)

    def pack(self) -> bytes:
        return pack([self.doc_id, self.media_type, self.encoding, self.warning, self.status, self.error,
                     self.types, self.people, self.programs])

    @classmethod
    def unpack(cls, data: bytes) -> Summary:
        return cls(*unpack(data))


class ResultCache:
    """Annotation results and outputs of documents. Only the run's own process writes to it."""

    def __init__(self, path: Path, fingerprint_: str = "", annotation: str = "") -> None:
        self.path = path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fingerprint = fingerprint_
        self.annotation = annotation or fingerprint_
        self.db = sqlite3.connect(self.path, timeout=60)  # runs into other folders may share the file
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS annotations (sha TEXT, fingerprint TEXT, summary BLOB, "
                        "data BLOB, PRIMARY KEY (sha, fingerprint))")
        self.db.execute("CREATE TABLE IF NOT EXISTS document_outputs (key TEXT PRIMARY KEY, data BLOB)")
        self.hits = self.misses = self.output_hits = 0
        self._pending = 0

    # --- annotation results ---------------------------------------------------------------------

    def summary(self, raw: RawDocument) -> Summary | None:
        """The cached summary of an ingested document's result, or None (then it is computed)."""
        if raw.status != "ok":
            return None
        row = self.db.execute("SELECT summary FROM annotations WHERE sha = ? AND fingerprint = ?",
                              (raw.sha256, self.annotation)).fetchone()
        summary = Summary.unpack(row[0]) if row is not None else None
        if summary is None or (summary.doc_id, summary.media_type, summary.encoding, summary.warning) != (
                raw.doc_id, raw.media_type, raw.encoding, raw.warning):  # same bytes read another way
            self.misses += 1
            return None
        self.hits += 1
        return summary

    def result(self, sha: str) -> bytes | None:
        """The packed result (:func:`extract.records.pack_result`) cached for a document's bytes."""
        row = self.db.execute("SELECT data FROM annotations WHERE sha = ? AND fingerprint = ?",
                              (sha, self.annotation)).fetchone()
        return None if row is None else row[0]

    def get(self, raw: RawDocument) -> DocumentResult | None:
        """The cached result of an ingested document (with this run's source name), or None."""
        if self.summary(raw) is None:
            return None
        data = self.result(raw.sha256)
        if data is None:
            return None
        result = unpack_result(data)
        result.raw = _with_source(result.raw, raw.source)
        return result

    def put(self, sha: str, summary: bytes, data: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO annotations VALUES (?, ?, ?, ?)", (sha, self.annotation, summary, data))
        self._count()

    def put_many(self, results: Iterable[DocumentResult]) -> None:
        for r in results:
            if cacheable(r):
                try:
                    self.put(r.raw.sha256, Summary.of(r).pack(), pack_result(r))
                except (TypeError, ValueError):  # no plain form (see extract.records): not cached
                    continue

    # --- outputs of a reconciled document ----------------------------------------------------------

    def output_key(self, sha: str, doc_id: str, source: str, names: Iterable[str]) -> str:
        """Key of a reconciled document's outputs: its bytes, id, source name and the canonical
        names reconcile gave its person and programme names (in order), under :attr:`fingerprint`."""
        digest = hashlib.sha256("\x1f".join((self.fingerprint, self.annotation, sha, doc_id, source)).encode())
        for name in names:
            digest.update(f"\x1e{name}".encode())
        return digest.hexdigest()

    def get_output(self, key: str | None) -> Any | None:
        """What :meth:`put_output` stored under ``key``, or None."""
        if key is None:
            return None
        row = self.db.execute("SELECT data FROM document_outputs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        self.output_hits += 1
        return unpack(row[0])

    def put_output(self, key: str | None, value: Any) -> None:
        if key is None:
            return
        try:
            data = pack(value)
        except (TypeError, ValueError):
            return
        self.db.execute("INSERT OR REPLACE INTO document_outputs VALUES (?, ?)", (key, data))
        self._count()

    def _count(self) -> None:
        self._pending += 1
        if self._pending >= 2000:
            self.commit()

    def commit(self) -> None:
        self.db.commit()
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self.db.close()


def cacheable(result: DocumentResult) -> bool:
    """Whether a computed result is cached (failures are not: they may be transient)."""
    return result.raw.status in ("ok", "empty") and bool(result.raw.sha256)


def _with_source(raw: RawDocument, source: str) -> RawDocument:
    from dataclasses import replace

    return raw if raw.source == source else replace(raw, source=source)
