"""Incremental runs: per-document results cached by content hash and pipeline fingerprint.

A document's result (its clean metadata, sizes and mentions before reconcile) depends only on its
bytes and on the pipeline: the package's code, the rule files, the base model and the active
gazetteer. The key is ``sha256(document) + fingerprint(all of those)``, so an unchanged re-run
reads every result from the cache, a new file is the only one processed, and changing any rule
file, model or the gazetteer (a new fingerprint) recomputes every document, which each such
change can affect. Reconcile and write always run over the whole corpus (they are cross-document).

The cache is one SQLite file (stdlib ``sqlite3``) in the user data folder,
``$PRESSEXTRACT_HOME/cache/results.sqlite`` (else ``~/.local/share/pressextract/cache/``, see
:func:`extract.gazetteer.data_dir`; ``$PRESSEXTRACT_CACHE_DIR`` overrides the folder), shared by every
output folder; ``run --cache-dir DIR`` puts it
elsewhere (beside the output, say), ``run --no-cache`` neither reads nor writes it. Entries of old
fingerprints stay until the file is deleted (``make clean`` does not touch the data folder).
A cached record is the slim result (:func:`extract.engines.slim`): clean text, metadata, mentions.
A second table holds each reconciled document's fact drafts and written rows, keyed by its bytes,
source name and the entity ids reconcile gave its mentions (:meth:`ResultCache.output_key`): a re-run
in which reconcile gives a document the same ids skips its facts and formatting as well.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from extract import __version__
from extract.gazetteer import _embedded_stamp, data_dir, gazetteer_source, official_index_path
from extract.model import DocumentResult, RawDocument
from extract.rules import rules_dir

PACKAGE = Path(__file__).resolve().parent
SCHEMA = 1  # bump when the cached record changes shape


CACHE_FILE = "results.sqlite"


CACHE_ENV = "PRESSEXTRACT_CACHE_DIR"


def default_path() -> Path:
    """The cache file: in $PRESSEXTRACT_CACHE_DIR, else in the user data folder."""
    env = os.environ.get(CACHE_ENV)
    return (Path(env).expanduser() if env else data_dir() / "cache") / CACHE_FILE


def _hash_tree(digest: hashlib._Hash, folder: Path, pattern: str) -> None:
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")


def _model_stamp(model: str | None) -> str:
    from extract.nlp import SHIPPED_MODEL

    if model == "blank":
        return "blank"
    candidate = Path(model) if model else SHIPPED_MODEL
    if candidate.is_dir():
        digest = hashlib.sha256()
        _hash_tree(digest, candidate, "*")
        return digest.hexdigest()
    try:  # an installed package ("de_core_news_lg"): its name and version
        import spacy.util

        meta = spacy.util.get_package_version(model) if model else None
        return f"{model}=={meta}"
    except Exception:  # noqa: BLE001 - unknown: never reuse across runs
        return f"{model}"


def _gazetteer_stamp() -> str:
    """The active gazetteer: the bytes of an imported official register, else the embedded build's
    stamp (its build number and source package versions; the cached index file itself may be
    rewritten by any run, so its bytes are no identity)."""
    if gazetteer_source() == "official":
        return "official:" + hashlib.sha256(official_index_path().read_bytes()).hexdigest()
    return "embedded:" + _embedded_stamp()


@lru_cache(maxsize=16)
def fingerprint(model: str | None = None) -> str:
    """Hash of everything a document's result depends on besides its bytes."""
    digest = hashlib.sha256(f"pressextract {__version__} schema {SCHEMA}\0".encode())
    _hash_tree(digest, PACKAGE, "*.py")
    _hash_tree(digest, rules_dir(), "*")
    digest.update(_model_stamp(model).encode())
    digest.update(_gazetteer_stamp().encode())
    return digest.hexdigest()[:32]


class ResultCache:
    """Results keyed by (document sha256, fingerprint). Only the run's own process writes to it."""

    def __init__(self, path: Path, fingerprint_: str = "") -> None:
        self.path = path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fingerprint = fingerprint_
        self.db = sqlite3.connect(self.path, timeout=60)  # runs into other folders may share the file
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS results (sha TEXT, fingerprint TEXT, data BLOB, "
                        "PRIMARY KEY (sha, fingerprint))")
        self.db.execute("CREATE TABLE IF NOT EXISTS outputs (key TEXT PRIMARY KEY, data BLOB)")
        self.hits = self.misses = self.output_hits = 0
        self._pending = 0

    def get(self, raw: RawDocument) -> DocumentResult | None:
        """The cached result of an ingested document (with this run's source name), or None."""
        if raw.status != "ok":
            return None
        row = self.db.execute("SELECT data FROM results WHERE sha = ? AND fingerprint = ?",
                              (raw.sha256, self.fingerprint)).fetchone()
        if row is None:
            self.misses += 1
            return None
        result: DocumentResult = pickle.loads(row[0])
        cached = result.raw
        if (cached.doc_id, cached.media_type, cached.encoding, cached.warning) != (
                raw.doc_id, raw.media_type, raw.encoding, raw.warning):  # same bytes read another way
            self.misses += 1
            return None
        self.hits += 1
        result.raw = replace(result.raw, source=raw.source)
        return result

    def put_many(self, results: Iterable[DocumentResult]) -> None:
        rows = [(r.raw.sha256, self.fingerprint, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
                for r in results if r.raw.status in ("ok", "empty") and r.raw.sha256]
        if rows:
            self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
            self._pending += len(rows)
            if self._pending >= 2000:
                self.commit()

    def output_key(self, result: DocumentResult) -> str | None:
        """Key of a reconciled document's facts drafts and written rows: its bytes, source name and
        the ids reconcile gave its mentions (which depend on the whole corpus). None: not cached."""
        raw = result.raw
        if raw.status not in ("ok", "empty") or not raw.sha256:
            return None
        digest = hashlib.sha256("\x1f".join((self.fingerprint, raw.sha256, raw.doc_id, raw.source)).encode())
        for m in result.mentions:
            digest.update(f"\x1e{m.mention_id}\x1f{m.entity_id}\x1f{m.canonical}".encode())
        return digest.hexdigest()

    def get_output(self, key: str | None) -> object | None:
        """What :meth:`put_output` stored under ``key``, or None."""
        if key is None:
            return None
        row = self.db.execute("SELECT data FROM outputs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        self.output_hits += 1
        return pickle.loads(row[0])

    def put_output(self, key: str | None, value: object) -> None:
        if key is None:
            return
        self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?)",
                        (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        self._pending += 1
        if self._pending >= 2000:
            self.commit()

    def commit(self) -> None:
        self.db.commit()
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self.db.close()
