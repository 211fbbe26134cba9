"""Filtering, sorting and paging the items of a diff for the review page (``/api/items``, ``/?…``).

A :class:`ReviewIndex` is built once from ``diff.json`` (the review server rebuilds it when the file
changes) and answers :class:`Query` objects in memory: a 60,000-item diff is filtered and paged in
milliseconds. The decision state of the items comes from the registry's decision log on every
query (:func:`latest_decisions`), so the page always shows the log's state.

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

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff import STATUSES, DiffItem, read_diff
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


@dataclass
class _Entry:
    item: DiffItem
    order: int
    municipalities: str
    documents: str
    text: str
    newest: str
    amount: Decimal


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _municipalities(item: DiffItem) -> str:
    parts = []
    for ent in (item.subject, item.object):
        if ent and ent.get("type") == "municipality":
            parts += [ent.get("canonical", ""), ent.get("key", ""), *ent.get("aliases", [])]
    return _fold("\x1f".join(str(p) for p in parts))


def _entry(order: int, item: DiffItem) -> _Entry:
    docs = "\x1f".join(f"{d.doc_id}\x1f{d.source}" for d in item.documents)
    text = "\x1f".join(
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
    return _Entry(
        item, order, _municipalities(item), _fold(docs), _fold(text), newest_published(item), amount_sort_key(item)
    )


def latest_decisions(log: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The decision in force per item id, from the decision log (oldest first): the latest accept or
    reject, unless a later ``revert`` entry names it (``reverts``), which makes the item open again."""
    latest: dict[str, dict[str, Any]] = {}
    for entry in log:
        action = entry.get("action")
        if action in ("accept", "reject"):
            latest[entry["item_id"]] = entry
        elif action == "revert":
            current = latest.get(entry["item_id"])
            if current is not None and str(current["decision_id"]) == str(entry.get("reverts", "")):
                del latest[entry["item_id"]]
    return latest


class ReviewIndex:
    """The items of one diff, indexed for filtering, sorting and paging."""

    def __init__(self, header: dict[str, Any], items: list[DiffItem]):
        self.header = {k: v for k, v in header.items() if k != "items"}
        self.items = items
        self._entries = [_entry(n, i) for n, i in enumerate(items)]
        self.by_id = {i.item_id: i for i in items}
        self.predicates = sorted({i.predicate for i in items})
        self.doc_ids = {d.doc_id: d.source for i in items for d in i.documents}

    @classmethod
    def load(cls, diff_dir: str | Path) -> ReviewIndex:
        """Read ``diff.json`` of a diff folder."""
        header, items = read_diff(diff_dir)
        return cls(header, items)

    def _matching(self, query: Query, decisions: dict[str, dict[str, Any]]) -> list[_Entry]:
        muni, doc, text = _fold(query.municipality), _fold(query.document), _fold(query.q)
        out = []
        for entry in self._entries:
            item = entry.item
            if query.status != "all" and item.status != query.status:
                continue
            if query.predicate and item.predicate != query.predicate:
                continue
            if query.state != "all":
                decided = item.item_id in decisions
                if decided != (query.state == "decided") or item.status not in DECIDABLE:
                    continue
            if muni and muni not in entry.municipalities:
                continue
            if doc and doc not in entry.documents:
                continue
            if text and text not in entry.text:
                continue
            out.append(entry)
        if query.sort == "newest":
            out.sort(key=lambda e: e.order)
            out.sort(key=lambda e: e.newest, reverse=True)
        elif query.sort == "amount":
            out.sort(key=lambda e: e.order)
            out.sort(key=lambda e: e.amount, reverse=True)
        return out

    def query(self, query: Query, decisions: dict[str, dict[str, Any]]) -> Page:
        """The page of items that match ``query`` (``decisions``: latest decision per item id)."""
        matching = self._matching(query, decisions)
        pages = max(1, -(-len(matching) // query.per_page))
        page = min(query.page, pages)
        start = (page - 1) * query.per_page
        chunk = [e.item for e in matching[start : start + query.per_page]]
        return Page(chunk, len(matching), page, pages, query.per_page)

    def counts(self, decisions: dict[str, dict[str, Any]]) -> dict[str, dict[str, int]]:
        """Per status: ``total`` items, ``decided`` and ``open`` (decidable and not decided)."""
        out = {s: {"total": 0, "decided": 0, "open": 0} for s in STATUSES}
        for item in self.items:
            row = out.setdefault(item.status, {"total": 0, "decided": 0, "open": 0})
            row["total"] += 1
            if item.status in DECIDABLE:
                row["decided" if item.item_id in decisions else "open"] += 1
        return out


class IndexCache:
    """The :class:`ReviewIndex` of a diff folder, rebuilt when ``diff.json`` changes (size or mtime)."""

    def __init__(self, diff_dir: str | Path):
        self.path = Path(diff_dir) / "diff.json"
        self._stamp: tuple[int, int] | None = None
        self._index: ReviewIndex | None = None

    def get(self) -> ReviewIndex:
        """The current index."""
        stat = os.stat(self.path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._index is None or stamp != self._stamp:
            self._index = ReviewIndex.load(self.path.parent)
            self._stamp = stamp
        return self._index
