"""Filtering, sorting and paging the items of a diff for the review page (``/api/items``, ``/?…``).

The items of a diff go into an SQLite file beside ``diff.json``, ``review-index.sqlite`` (one row
per item: status, predicate, folded search columns, newest date, amount, the item as compressed
JSON). ``pressextract diff`` writes it; the review server (re)builds it when it is missing or older
than ``diff.json``. A :class:`Query` becomes one SQL query with ``LIMIT``/``OFFSET``, so the first
page of a 60,000-item diff needs neither reading diff.json nor holding the items in memory. The
decision state of the items comes from the registry's decision log on every request
(:func:`latest_decisions`), so the page always shows the log's state.

Query parameters (all optional)::

    status=conflict|new|rejected|confirmed|unseen|all   (default conflict)
    state=all|open|decided                               (decision state; default all)
    predicate=receives_funding                            (exact)
    municipality=Leverkusen | 05316000                    (name or AGS, part of it, any case)
    document=d1 | leverkusen_2017.txt                     (document id or source, part of it)
    q=Kinder                                              (free text: names, values, sentences, titles)
    sort=key|newest|amount                                (default key: natural key order)
    page=1, per_page=25 (1..200)
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff_files import read_diff
from extract.diff_items import STATUSES, DiffItem
from extract.report import conflict_signature, group_label
from extract.report_view import amount_sort_key, newest_published

DECIDABLE = ("new", "conflict", "rejected")
SORTS = ("key", "newest", "amount")
STATES = ("all", "open", "decided")
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 25


class QueryError(ValueError):
    """A query parameter has a value the review page does not know."""


@dataclass(frozen=True)
class Query:
    """One request for review items (see the module docstring)."""

    status: str = "conflict"
    state: str = "all"
    predicate: str = ""
    municipality: str = ""
    document: str = ""
    q: str = ""
    sort: str = "key"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_params(cls, params: dict[str, list[str]]) -> Query:
        """From a parsed query string (``urllib.parse.parse_qs``); raises :class:`QueryError`."""

        def one(name: str, default: str) -> str:
            values = params.get(name) or [default]
            return values[-1].strip()

        status = one("status", "conflict") or "conflict"
        if status not in (*STATUSES, "all"):
            raise QueryError(f"status must be one of {', '.join((*STATUSES, 'all'))}")
        state = one("state", "all") or "all"
        if state not in STATES:
            raise QueryError(f"state must be one of {', '.join(STATES)}")
        sort = one("sort", "key") or "key"
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}")
        try:
            page = int(one("page", "1") or 1)
            per_page = int(one("per_page", str(DEFAULT_PER_PAGE)) or DEFAULT_PER_PAGE)
        except ValueError as exc:
            raise QueryError("page and per_page must be whole numbers") from exc
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise QueryError(f"page must be ≥ 1 and per_page between 1 and {MAX_PER_PAGE}")
        return cls(
            status=status,
            state=state,
            predicate=one("predicate", ""),
            municipality=one("municipality", ""),
            document=one("document", ""),
            q=one("q", ""),
            sort=sort,
            page=page,
            per_page=per_page,
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The non-default parameters of this query (with ``changes``), for links."""
        data = {**self.__dict__, **changes}
        defaults = Query().__dict__
        return {k: str(v) for k, v in data.items() if v != defaults[k] and v != ""}


@dataclass(frozen=True)
class ItemHead:
    """What the decision states of an item need (:func:`extract.review.item_states`), from the index
    table alone: no payload is read."""

    item_id: str
    status: str
    natural_key: str


@dataclass
class Group:
    """Identical open conflicts: the first item (predicate and values), every item id, every label."""

    first: DiffItem
    ids: list[str]
    labels: list[str]


@dataclass
class Page:
    """One page of matching items."""

    items: list[DiffItem]
    total: int
    page: int
    pages: int
    per_page: int

    @property
    def first(self) -> int:
        """1-based position of the first item on the page (0 when nothing matches)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        """1-based position of the last item on the page."""
        return self.first + len(self.items) - 1 if self.items else 0


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _municipalities(item: DiffItem) -> str:
    parts = []
    for ent in (item.subject, item.object):
        if ent and ent.get("type") == "municipality":
            parts += [ent.get("canonical", ""), ent.get("key", ""), *ent.get("aliases", [])]
    return _fold("\x1f".join(str(p) for p in parts))


def _search_text(item: DiffItem) -> str:
    return _fold(
        "\x1f".join(
            [
                item.subject_label,
                item.object_label,
                item.predicate,
                fs.format_value(item.predicate, item.new_value),
                fs.format_value(item.predicate, item.registry_value),
                *(d.title for d in item.documents),
                *(ev.sentence for ev in item.evidence),
                *(str(v) for v in item.key_qualifiers.values()),
            ]
        )
    )


def latest_decisions(log: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The decision in force per item id, from the decision log (oldest first): the latest accept or
    reject of the item (notes decide nothing)."""
    latest: dict[str, dict[str, Any]] = {}
    for entry in log:
        if entry.get("action") in ("accept", "reject"):
            latest[entry["item_id"]] = entry
    return latest


# ---------------------------------------------------------------------------------------------
# the index file

INDEX_FILE = "review-index.sqlite"
INDEX_VERSION = "5"
_SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE items (ord INTEGER PRIMARY KEY, item_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL,"
    " predicate TEXT NOT NULL, natural_key TEXT NOT NULL, municipalities TEXT NOT NULL, documents TEXT NOT NULL,"
    " search TEXT NOT NULL, newest TEXT NOT NULL, amount REAL NOT NULL, signature TEXT NOT NULL,"
    " label TEXT NOT NULL)",
    "CREATE INDEX items_signature ON items (signature, ord)",
    "CREATE INDEX items_status ON items (status, ord)",
    "CREATE INDEX items_status_id ON items (status, item_id)",
    # the items' JSON apart, so that counting and filtering scan only the narrow table
    "CREATE TABLE payloads (ord INTEGER PRIMARY KEY, payload BLOB NOT NULL)",
    "CREATE TABLE docs (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL)",
)


def _stamp(diff_json: Path) -> str:
    stat = os.stat(diff_json)
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _payload(item: DiffItem) -> bytes:
    """The item as JSON (what :meth:`DiffItem.to_dict` gives, without its deep copy: 10× faster)."""
    return json.dumps(item, default=vars, ensure_ascii=False).encode("utf-8")


def _fallback_path(folder: Path) -> Path:
    digest = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"pressextract-review-{digest}.sqlite"


def _insert(con: sqlite3.Connection, rows: list[tuple[Any, ...]], payloads: list[tuple[int, bytes]]) -> None:
    con.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("INSERT INTO payloads VALUES (?, ?)", payloads)


def build_index(
    diff_dir: str | Path,
    items: Iterable[DiffItem] | None = None,
    header: dict[str, Any] | None = None,
    into: Path | None = None,
) -> Path:
    """Write ``review-index.sqlite`` beside ``diff.json`` (or to ``into``) from ``items`` when given, else
    from diff.json; written to a temporary file and moved into place, so a reader never sees half an index."""
    folder = Path(diff_dir)
    diff_json = folder / "diff.json"
    if items is None:
        header, items = read_diff(folder)
    header = header or {}
    target = into or folder / INDEX_FILE
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        for statement in _SCHEMA:
            con.execute(statement)
        docs = con.cursor()
        rows: list[tuple[Any, ...]] = []
        payloads: list[tuple[int, bytes]] = []
        con.execute("CREATE TEMP TABLE seen (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL)")
        for order, item in enumerate(items):
            docs.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)",
                             [*((d.doc_id, d.source) for d in item.documents),
                              *((ev.doc_id, ev.source) for ev in item.evidence)])
            payloads.append((order, zlib.compress(_payload(item), 1)))
            doc_text = _fold("\x1f".join(f"{d.doc_id}\x1f{d.source}" for d in item.documents))
            rows.append(
                (order, item.item_id, item.status, item.predicate, item.natural_key, _municipalities(item), doc_text,
                 _search_text(item), newest_published(item), float(amount_sort_key(item)), conflict_signature(item),
                 group_label(item))
            )
            if len(rows) >= 1000:  # a batch at a time: a big diff is never held as rows
                _insert(con, rows, payloads)
                rows, payloads = [], []
        _insert(con, rows, payloads)
        con.execute("INSERT INTO docs SELECT doc_id, source FROM seen ORDER BY doc_id")
        con.execute("DROP TABLE seen")
        meta = {
            "version": INDEX_VERSION,
            "stamp": _stamp(diff_json),
            "dataset": str(header.get("dataset", "")),
            "registry": str(header.get("registry", "")),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    return target


def _read_meta(path: Path) -> dict[str, str]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT name, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error:
        return {}


class ReviewIndex:
    """The items of one diff in ``review-index.sqlite``, queried with SQL for filters, sorting and pages."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        meta = _read_meta(self.path)
        self.stamp = meta.get("stamp", "")
        self.header = {"dataset": meta.get("dataset", ""), "registry": meta.get("registry", "")}
        with self._connect() as con:
            self.predicates = [r[0] for r in con.execute("SELECT DISTINCT predicate FROM items ORDER BY predicate")]
            self.size = con.execute("SELECT count(*) FROM items").fetchone()[0]

    @classmethod
    def open(cls, diff_dir: str | Path) -> ReviewIndex:
        """The index of a diff folder, (re)built first when it is missing or older than diff.json
        (into a temporary folder when the diff folder is read-only)."""
        folder = Path(diff_dir)
        stamp = _stamp(folder / "diff.json")
        for path in (folder / INDEX_FILE, _fallback_path(folder)):
            meta = _read_meta(path) if path.is_file() else {}
            if meta.get("version") == INDEX_VERSION and meta.get("stamp") == stamp:
                return cls(path)
        try:
            return cls(build_index(folder))
        except OSError:
            return cls(build_index(folder, into=_fallback_path(folder)))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield con
        finally:
            con.close()

    @staticmethod
    def _decided_table(con: sqlite3.Connection, decisions: dict[str, dict[str, Any]]) -> None:
        con.execute("CREATE TEMP TABLE decided (item_id TEXT PRIMARY KEY)")
        con.executemany("INSERT INTO decided VALUES (?)", ((i,) for i in decisions))

    @staticmethod
    def _payloads(con: sqlite3.Connection, orders: list[int]) -> list[DiffItem]:
        """Items by position, in the order given."""
        found: dict[int, bytes] = {}
        for start in range(0, len(orders), 500):
            chunk = orders[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(con.execute(f"SELECT ord, payload FROM payloads WHERE ord IN ({marks})", chunk).fetchall())
        return [DiffItem.from_dict(json.loads(zlib.decompress(found[o]))) for o in orders if o in found]

    def query(self, query: Query, decisions: dict[str, dict[str, Any]]) -> Page:
        """The page of items that match ``query`` (``decisions``: decision in force per item id)."""
        where, params = [], []
        if query.status != "all":
            where.append("status = ?")
            params.append(query.status)
        if query.predicate:
            where.append("predicate = ?")
            params.append(query.predicate)
        if query.state != "all":
            where.append("status IN ('new', 'conflict', 'rejected')")
            where.append(("" if query.state == "decided" else "NOT ") + "item_id IN (SELECT item_id FROM decided)")
        for column, text in (("municipalities", query.municipality), ("documents", query.document),
                             ("search", query.q)):
            if _fold(text):
                where.append(f"instr({column}, ?) > 0")
                params.append(_fold(text))
        clause = " WHERE " + " AND ".join(where) if where else ""
        order = {"key": "ord", "newest": "newest DESC, ord", "amount": "amount DESC, ord"}[query.sort]
        with self._connect() as con:
            if query.state != "all":
                self._decided_table(con, decisions)
            total = con.execute(f"SELECT count(*) FROM items{clause}", params).fetchone()[0]
            pages = max(1, -(-total // query.per_page))
            page = min(query.page, pages)
            rows = con.execute(
                f"SELECT ord FROM items{clause} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, query.per_page, (page - 1) * query.per_page],
            ).fetchall()
            items = self._payloads(con, [r[0] for r in rows])
        return Page(items, total, page, pages, query.per_page)

    def by_ids(self, item_ids: Iterable[str]) -> dict[str, DiffItem]:
        """Items by id (unknown ids are left out)."""
        ids = sorted(set(item_ids))
        out: dict[str, DiffItem] = {}
        with self._connect() as con:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                orders = [r[0] for r in con.execute(f"SELECT ord FROM items WHERE item_id IN ({marks})", chunk)]
                out.update((i.item_id, i) for i in self._payloads(con, orders))
        return out

    def heads(self, item_ids: Iterable[str]) -> list[ItemHead]:
        """Id, status and key of items by id, in id order (unknown ids are left out)."""
        ids = sorted(set(item_ids))
        out: list[ItemHead] = []
        with self._connect() as con:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                out.extend(ItemHead(*row) for row in con.execute(
                    f"SELECT item_id, status, natural_key FROM items WHERE item_id IN ({marks}) ORDER BY item_id",
                    chunk))
        return out

    def groups(self, decisions: dict[str, dict[str, Any]], limit: int = 20) -> tuple[list[Group], int]:
        """Groups of identical open conflicts (same predicate, registry and new value over several keys),
        largest first, at most ``limit``; and how many such groups there are in all."""
        with self._connect() as con:
            self._decided_table(con, decisions)
            rows = con.execute(
                "SELECT signature, count(*) AS n FROM items WHERE signature != ''"
                " AND item_id NOT IN (SELECT item_id FROM decided)"
                " GROUP BY signature HAVING count(DISTINCT natural_key) > 1 ORDER BY n DESC, signature"
            ).fetchall()
            out = []
            for signature, _n in rows[:limit]:
                members = con.execute(
                    "SELECT ord, item_id, label FROM items WHERE signature = ?"
                    " AND item_id NOT IN (SELECT item_id FROM decided) ORDER BY ord", (signature,)).fetchall()
                (first,) = self._payloads(con, [members[0][0]])
                out.append(Group(first, [m[1] for m in members], [m[2] for m in members]))
        return out, len(rows)

    def source_of(self, doc_id: str) -> str | None:
        """The source (file name or URL) of a document of the diff, None if the diff has no such document."""
        with self._connect() as con:
            row = con.execute("SELECT source FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def counts(self, decisions: dict[str, dict[str, Any]]) -> dict[str, dict[str, int]]:
        """Per status: ``total`` items, ``decided`` and ``open`` (decidable and not decided)."""
        out = {s: {"total": 0, "decided": 0, "open": 0} for s in STATUSES}
        with self._connect() as con:
            self._decided_table(con, decisions)
            rows = con.execute(
                "SELECT status, count(*), sum(item_id IN (SELECT item_id FROM decided)) FROM items GROUP BY status"
            ).fetchall()
        for status, total, decided in rows:
            row = out.setdefault(status, {"total": 0, "decided": 0, "open": 0})
            row["total"] = total
            if status in DECIDABLE:
                row["decided"] = int(decided or 0)
                row["open"] = total - row["decided"]
        return out


class IndexCache:
    """The :class:`ReviewIndex` of a diff folder, rebuilt when ``diff.json`` changes (size or mtime)."""

    def __init__(self, diff_dir: str | Path):
        self.folder = Path(diff_dir)
        self._index: ReviewIndex | None = None

    def get(self) -> ReviewIndex:
        """The current index."""
        if self._index is None or self._index.stamp != _stamp(self.folder / "diff.json"):
            self._index = ReviewIndex.open(self.folder)
        return self._index
