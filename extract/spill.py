"""Entities and facts of a streaming run, gathered on disk instead of in memory.

The number of distinct entities and facts grows with the corpus (about two of each per document in
a press archive), so a run that kept them in memory would grow without bound. A streaming run
(:mod:`extract.pipeline`) writes each document's entity contributions
(:func:`extract.reconcile.contribution`) and fact drafts into a temporary SQLite file in its staging
folder; at the end SQLite sorts them (on disk, past its page cache) and the entities and facts are
folded one at a time, in id order, straight into the writer. The folding is the in-memory one
(:class:`extract.reconcile._Members`, :class:`extract.facts.merge._Group`), fed in input order, so
the bytes written are the same. Memory stays flat; the file is removed when the store is closed.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path

from extract.facts.merge import Draft, _fact_id, _Group
from extract.model import Entity, Fact
from extract.reconcile import Contribution, _Members
from extract.records import pack_local, unpack_local

_DRAFT = tuple(f.name for f in fields(Draft))


class _Store:
    def __init__(self, folder: Path | None, name: str, schema: str) -> None:
        fd, path = tempfile.mkstemp(prefix=f".pressextract-{name}-", suffix=".sqlite", dir=folder)
        os.close(fd)
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=FILE", "cache_size=-16384"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute(schema)

    def __enter__(self) -> _Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


class EntityStore(_Store):
    """The entity contributions of a run (:meth:`extract.reconcile.Reconciler.add` writes here)."""

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(folder, "entities", "CREATE TABLE c (entity_id TEXT, doc INTEGER, i INTEGER, type TEXT, "
                                             "canonical TEXT, kind TEXT, state TEXT, alias TEXT, key TEXT)")

    def add(self, contributions: Iterable[Contribution], doc_index: int) -> None:
        self.db.executemany("INSERT INTO c VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(c[1], doc_index, c[0], *c[2:]) for c in contributions])

    def entities(self) -> Iterator[Entity]:
        """Every entity, sorted by id, folded from its contributions in input order."""
        members: _Members | None = None
        current = None
        for entity_id, doc, i, *rest in self.db.execute("SELECT * FROM c ORDER BY entity_id, doc, i"):
            c = (i, entity_id, *rest)
            if entity_id != current:
                if members is not None:
                    yield members.entity(current)
                members, current = _Members((doc, i), c), entity_id
            members.add((doc, i), c)
        if members is not None:
            yield members.entity(current)


class FactStore(_Store):
    """The fact drafts of a run: :class:`extract.facts.merge.Merger` on disk."""

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(folder, "facts", "CREATE TABLE d (fact_id TEXT, identity BLOB, place INTEGER, draft BLOB)")

    def add_identified(self, drafts: Sequence[tuple[Draft, tuple[str, ...]]], order: int) -> None:
        self.db.executemany("INSERT INTO d VALUES (?, ?, ?, ?)", [
            (_fact_id(identity), pack_local(list(identity)), order * 1_000_000 + i,
             pack_local([getattr(d, f) for f in _DRAFT])) for i, (d, identity) in enumerate(drafts)])

    def facts(self) -> Iterator[Fact]:
        """The merged facts, sorted by fact id (what ``Merger.facts()`` returns)."""
        group: _Group | None = None
        current: tuple[str, bytes] | None = None
        identity: tuple[str, ...] = ()
        for fact_id, key, place, data in self.db.execute("SELECT * FROM d ORDER BY fact_id, identity, place"):
            draft = Draft(*unpack_local(data))
            if (fact_id, key) != current:
                if group is not None:
                    yield group.fact(identity)
                group, current, identity = _Group(draft, place), (fact_id, key), tuple(unpack_local(key))
            else:
                group.add(draft, place)
        if group is not None:
            yield group.fact(identity)


class SortedStore(_Store):
    """Records (plain data) on disk, read back in the order of their sort key (rank, text, text) and
    then of insertion: the order of Python's stable ``sorted`` on that key. SQLite compares TEXT
    with ``memcmp`` on UTF-8, which orders as code points, as Python compares ``str``.

    :meth:`finish` copies the records into a table in that order once, so every later pass reads
    them without sorting again; a pass may keep only some ranks. Other tables may live in the
    same file (:attr:`db`)."""

    BATCH = 1000

    def __init__(self, folder: Path | None = None, name: str = "sorted") -> None:
        super().__init__(folder, name, "CREATE TABLE r (a INTEGER, b TEXT, c TEXT, data BLOB)")
        self._rows: list[tuple[int, str, str, bytes]] = []
        self._finished = False
        self.size = 0

    def add(self, rank: int, first: str, second: str, record: object) -> None:
        """Add a record under the sort key (``rank``, ``first``, ``second``)."""
        if self._finished:
            raise RuntimeError("records added after SortedStore.finish()")
        self._rows.append((rank, first, second, pack_local(record)))
        self.size += 1
        if len(self._rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO r VALUES (?, ?, ?, ?)", self._rows)
        self._rows = []

    def finish(self) -> None:
        """Sort the records (once; adding more is refused afterwards)."""
        if self._finished:
            return
        self._flush()
        self.db.execute("CREATE TABLE s (a INTEGER, data BLOB)")
        self.db.execute("INSERT INTO s SELECT a, data FROM r ORDER BY a, b, c, rowid")
        self.db.execute("DROP TABLE r")
        self.db.execute("CREATE INDEX s_a ON s (a)")
        self._finished = True

    def records(self, ranks: Iterable[int] | None = None) -> Iterator[object]:
        """The records in key order (only those of ``ranks`` when given)."""
        self.finish()
        if ranks is None:
            cursor = self.db.execute("SELECT data FROM s ORDER BY rowid")
        else:
            wanted = sorted(set(ranks))
            marks = ", ".join("?" * len(wanted))
            cursor = self.db.execute(f"SELECT data FROM s WHERE a IN ({marks}) ORDER BY rowid", wanted)
        for (data,) in cursor:
            yield unpack_local(data)
