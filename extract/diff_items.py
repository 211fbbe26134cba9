"""What one diff item is: the statuses, the diff.csv columns, the item and evidence records, and the
stable item id (the same key and value give the same id in every run). :mod:`extract.diff` makes
the items, :mod:`extract.diff_files` writes and reads them, the report and review server show them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from copy import copy, deepcopy
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.registry import value_json

STATUSES = ("conflict", "new", "rejected", "confirmed", "unseen")
DIFF_COLUMNS = (
    "item_id",
    "status",
    "predicate",
    "subject",
    "subject_key",
    "object",
    "object_key",
    "key_qualifiers",
    "registry_value",
    "registry_source",
    "registry_published",
    "new_value",
    "batch_values",
    "evidence",
    "documents",
    "published",
    "sources",
    "mentions",
    "fact_ids",
    "natural_key",
    "decision_id",
    "detail",
    "registry_values",
    "new_values",
)


@dataclass
class Evidence:
    """One evidence sentence of a document, with the mentions to highlight in it."""

    doc_id: str
    sentence: str
    highlights: list[tuple[int, int]]  # [start, end) offsets into ``sentence``
    mentions: list[dict[str, Any]]  # mention_id, type, text, start, end (offsets into the source text)
    source: str = ""
    published: str = ""


@dataclass
class DocumentInfo:
    """A document that states an item's value."""

    doc_id: str
    source: str = ""
    published: str = ""
    title: str = ""


@dataclass
class DiffItem:
    """One row of the diff (see the module docstring for statuses)."""

    item_id: str
    status: str
    natural_key: str
    predicate: str
    subject: dict[str, Any]
    object: dict[str, Any] | None
    key_qualifiers: dict[str, str]
    registry_value: dict[str, str] | None = None
    registry_fact: dict[str, Any] | None = None
    new_value: dict[str, str] | None = None
    batch_values: list[dict[str, str]] = field(default_factory=list)
    qualifiers: dict[str, Any] = field(default_factory=dict)
    fact_ids: list[str] = field(default_factory=list)
    documents: list[DocumentInfo] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: str = ""
    decision_id: int | None = None
    detail: str = ""
    siblings: list[str] = field(default_factory=list)  # other items of the same key
    more_evidence: int = 0  # evidence sentences left out by :func:`capped` (all of them in review / registry)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (what diff.json and the candidates table hold): what
        :func:`dataclasses.asdict` gives, made without its deep copies (a 100k-document diff has
        millions of nested values). ``more_evidence`` only when not 0, as before it existed."""
        data = _plain(self)
        if not data["more_evidence"]:
            del data["more_evidence"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DiffItem:
        """Inverse of :meth:`to_dict`."""
        data = dict(data)
        data["documents"] = [DocumentInfo(**d) for d in data.get("documents", [])]
        data["evidence"] = [
            Evidence(**{**e, "highlights": [tuple(h) for h in e.get("highlights", [])]})
            for e in data.get("evidence", [])
        ]
        return cls(**data)

    @property
    def subject_label(self) -> str:
        """Readable subject: canonical name (and key)."""
        return _entity_label(self.subject)

    @property
    def object_label(self) -> str:
        """Readable object: canonical name (and key), or ""."""
        return _entity_label(self.object) if self.object else ""

    def csv_row(self) -> dict[str, str]:
        """The item as a diff.csv row."""
        reg = self.registry_fact or {}
        docs = self.documents
        return {
            "item_id": self.item_id,
            "status": self.status,
            "predicate": self.predicate,
            "subject": self.subject.get("canonical", ""),
            "subject_key": self.subject.get("key", ""),
            "object": (self.object or {}).get("canonical", ""),
            "object_key": (self.object or {}).get("key", ""),
            "key_qualifiers": json.dumps(self.key_qualifiers, ensure_ascii=False, sort_keys=True)
            if self.key_qualifiers
            else "",
            "registry_value": fs.format_value(self.predicate, self.registry_value),
            "registry_source": reg.get("source", ""),
            "registry_published": reg.get("published", ""),
            "new_value": fs.format_value(self.predicate, self.new_value),
            "batch_values": _batch_values_cell(self.predicate, self.batch_values),
            "evidence": "\n".join([*(e.sentence for e in self.evidence), *_more_line(self.more_evidence)]),
            "documents": "|".join(d.doc_id for d in docs),
            "published": "|".join(d.published for d in docs),
            "sources": "|".join(d.source for d in docs),
            "mentions": "|".join(
                f"{m['mention_id']}@{m['start']}-{m['end']}" for e in self.evidence for m in e.mentions
            ),
            "fact_ids": "|".join(self.fact_ids),
            "natural_key": self.natural_key,
            "decision_id": "" if self.decision_id is None else str(self.decision_id),
            "detail": self.detail,
            "registry_values": value_json(self.registry_value) if self.registry_value is not None else "",
            "new_values": value_json(self.new_value) if self.new_value is not None else "",
        }


CSV_MAX_VALUES = 20  # a key's other values listed in diff.csv; diff.json has them all


def _more_line(more: int) -> list[str]:
    return [f"… and {more} more (all in `pressextract review`)"] if more else []


def capped(item: DiffItem, shown: int) -> DiffItem:
    """The item with its first ``shown`` evidence sentences (in their order: publication date,
    document, offset) and the number left out in ``more_evidence``; ``shown`` = 0 keeps all. The
    documents stay listed."""
    if not shown or len(item.evidence) <= shown:
        return item
    return replace(item, evidence=item.evidence[:shown], more_evidence=item.more_evidence + len(item.evidence) - shown)


def cap_evidence(items: Iterable[DiffItem], shown: int) -> Iterable[DiffItem]:
    """Every item :func:`capped` (a :class:`DiffItems` gives a view of the same file, read as before)."""
    if isinstance(items, DiffItems):
        view = copy(items)
        view.shown = shown
        return view
    return [capped(i, shown) for i in items]


_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """``asdict`` for the types a diff item holds: dicts, lists and tuples copied, the records
    turned into dicts, scalars as they are; anything else goes through :func:`dataclasses.asdict`
    or a deep copy, as there."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if kind in (DiffItem, Evidence, DocumentInfo):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return asdict(value) if is_dataclass(value) else deepcopy(value)


def _batch_values_cell(predicate: str, values: list[dict[str, str]]) -> str:
    """The key's batch values for diff.csv, at most CSV_MAX_VALUES (so the file grows linearly)."""
    shown = " | ".join(fs.format_value(predicate, v) for v in values[:CSV_MAX_VALUES])
    if len(values) > CSV_MAX_VALUES:
        shown += f" | … {len(values) - CSV_MAX_VALUES} more (all {len(values)} in diff.json)"
    return shown


def _entity_label(ent: dict[str, Any] | None) -> str:
    if not ent:
        return ""
    name = ent.get("canonical") or ent.get("ref", "")
    return f"{name} ({ent['key']})" if ent.get("key") else name


def item_id_for(natural_key: str, status_group: str, values: dict[str, str] | None) -> str:
    """Stable id of a diff item: the same key and value give the same id in every run."""
    text = "\x1f".join((natural_key, status_group, value_json(values)))
    return "d" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class DiffItems:
    """The items of a diff, spooled to disk (:class:`extract.spill.SortedStore`) in diff order
    (status rank, natural key, item id): iterable any number of times, each pass reading one item
    at a time, so a big diff is never held in memory. :func:`extract.diff.diff_items` makes it; the
    writers (``write_diff``, ``build_index``, ``registry_evidence``, ``write_report``) take it as
    they take a list. Also a context manager: :meth:`close` removes the file.

    ``key_orders``: the item ids of each natural key in the order the diff made them (what
    ``siblings`` are made of); ``counts``: items per status; ``shown``: evidence sentences per item
    (0: all; :func:`cap_evidence`)."""

    shown = 0

    def __init__(self, folder: Path | None = None) -> None:
        from extract.spill import SortedStore  # the run's stores; imported only by a diff

        self._store = SortedStore(folder, "diff-items")
        self._store.db.execute("CREATE TABLE k (nkey TEXT PRIMARY KEY, items BLOB)")
        self.counts = dict.fromkeys(STATUSES, 0)

    def add(self, item: DiffItem) -> None:
        """Spool an item (its place follows from status, natural key and item id)."""
        self._store.add(STATUSES.index(item.status), item.natural_key, item.item_id, item.to_dict())
        self.counts[item.status] = self.counts.get(item.status, 0) + 1

    def set_key_order(self, natural_key: str, item_ids: list[str]) -> None:
        """Remember the order in which the diff made a key's items."""
        self._store.db.execute("INSERT OR REPLACE INTO k VALUES (?, ?)", (natural_key, json.dumps(item_ids)))

    def key_order(self, natural_key: str) -> list[str] | None:
        """A key's item ids in the order they were made (None for a key without batch items)."""
        row = self._store.db.execute("SELECT items FROM k WHERE nkey = ?", (natural_key,)).fetchone()
        return json.loads(row[0]) if row else None

    def __iter__(self) -> Iterator[DiffItem]:
        return self.of_status(*STATUSES)

    def of_status(self, *statuses: str) -> Iterator[DiffItem]:
        """The items of these statuses, in diff order."""
        ranks = None if set(statuses) >= set(STATUSES) else [STATUSES.index(s) for s in statuses]
        for data in self._store.records(ranks):
            yield capped(DiffItem.from_dict(data), self.shown)  # type: ignore[arg-type]

    def dicts(self, *statuses: str) -> Iterator[dict[str, Any]]:
        """:meth:`DiffItem.to_dict` of the items of these statuses, in diff order, as spooled (no
        evidence cap; cheaper than making the items)."""
        yield from self._store.records([STATUSES.index(s) for s in statuses])  # type: ignore[misc]

    def __len__(self) -> int:
        return self._store.size

    def close(self) -> None:
        """Remove the spool file."""
        self._store.close()

    def __enter__(self) -> DiffItems:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _KeyOrders:
    """``DiffItems.key_order`` as the mapping that ``Registry.save_candidates`` reads (``get``)."""

    def __init__(self, items: DiffItems) -> None:
        self.items = items

    def get(self, natural_key: str, default: list[str] | None = None) -> list[str] | None:
        found = self.items.key_order(natural_key)
        return default if found is None else found


def of_status(items: Iterable[DiffItem], *statuses: str) -> Iterator[DiffItem]:
    """The items of these statuses, in the order of ``items`` (read from disk alone for :class:`DiffItems`)."""
    if isinstance(items, DiffItems):
        return items.of_status(*statuses)
    return (i for i in items if i.status in statuses)
