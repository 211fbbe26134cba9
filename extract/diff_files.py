"""diff.csv and diff.json: writing the items of a diff (whole or not at all) and reading them back.

diff.json (format 2) stores what items share once — documents, evidence sentences, each key's batch
values — so it grows linearly with the facts. The writers read the items as a stream (a list or
:class:`extract.diff_items.DiffItems`), one at a time."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from extract.atomic import write_file
from extract.csvsafe import guard_row
from extract.diff_items import DIFF_COLUMNS, STATUSES, DiffItem, DiffItems


def summary(items: Iterable[DiffItem]) -> dict[str, int]:
    """Number of items per status (every status present, 0 if none)."""
    if isinstance(items, DiffItems):
        return {**dict.fromkeys(STATUSES, 0), **items.counts}
    counts = dict.fromkeys(STATUSES, 0)
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def write_csv(rows: Iterable[dict[str, str]], path: str | Path, columns: tuple[str, ...] = DIFF_COLUMNS) -> None:
    """Write rows as RFC 4180 CSV (UTF-8, header row), whole or not at all, every cell guarded
    against spreadsheet formulas (:func:`extract.csvsafe.unguard` gives the raw value back)."""

    def write(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(guard_row(row) for row in rows)

    write_file(Path(path), write, newline="")


class _Shared:
    """What the items of diff.json share, gathered while they are written, in a temporary SQLite
    file: the documents table (an item's documents, the last item's entry winning, else the source
    and date of an evidence document, the first one), the evidence sentences (by id), each key's
    batch values (from its first item) and what :meth:`key_items` needs to put a key's items in order."""

    def __init__(self) -> None:
        from extract.spill import _Store  # imported by the diff only

        self.store = _Store(None, "diff-json", "CREATE TABLE docs (doc_id TEXT PRIMARY KEY, value BLOB)")
        self.db = self.store.db
        for schema in ("CREATE TABLE ev_docs (doc_id TEXT PRIMARY KEY, value BLOB)",
                       "CREATE TABLE sentences (sid TEXT PRIMARY KEY, sentence TEXT)",
                       "CREATE TABLE keys (nkey TEXT PRIMARY KEY, value BLOB, first TEXT)",
                       "CREATE TABLE siblings (item_id TEXT PRIMARY KEY, siblings BLOB)"):
            self.db.execute(schema)
        self.pending: dict[str, list[tuple[Any, ...]]] = {}

    _INSERT = {"docs": "INSERT OR REPLACE INTO docs VALUES (?, ?)",
               "ev_docs": "INSERT OR IGNORE INTO ev_docs VALUES (?, ?)",
               "sentences": "INSERT OR IGNORE INTO sentences VALUES (?, ?)",
               "keys": "INSERT OR IGNORE INTO keys VALUES (?, ?, ?)",
               "siblings": "INSERT OR REPLACE INTO siblings VALUES (?, ?)"}

    def put(self, table: str, *row: Any) -> None:
        rows = self.pending.setdefault(table, [])
        rows.append(row)
        if len(rows) >= 1000:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.pending.items():  # in the order of first use: each table on its own
            self.db.executemany(self._INSERT[table], rows)
        self.pending = {}

    def documents(self) -> Iterator[tuple[str, dict[str, str]]]:
        """The documents table, in id order."""
        self.flush()
        for doc_id, value in self.db.cursor().execute(
            "SELECT doc_id, value FROM docs UNION ALL SELECT doc_id, value FROM ev_docs"
            " WHERE doc_id NOT IN (SELECT doc_id FROM docs) ORDER BY doc_id"):
            yield doc_id, json.loads(value)

    def sentences(self) -> Iterator[tuple[str, str]]:
        """The sentence table, in id order."""
        self.flush()
        yield from self.db.cursor().execute("SELECT sid, sentence FROM sentences ORDER BY sid")

    def _siblings(self, item_id: str) -> list[str]:
        row = self.db.execute("SELECT siblings FROM siblings WHERE item_id = ?", (item_id,)).fetchone()
        if row is None:
            raise KeyError(item_id)
        return json.loads(row[0])

    def keys(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Per key, in key order: its batch values and its items in the order they were made (F):
        every item's siblings are F without it, so F[0] heads the siblings of every other item, e.g.
        of the second sibling of any item."""
        self.flush()
        for nkey, value, first in self.db.cursor().execute("SELECT nkey, value, first FROM keys ORDER BY nkey"):
            siblings = self._siblings(first)
            if len(siblings) >= 2:
                head = self._siblings(siblings[1])[0]
                order = [head, *self._siblings(head)]
            else:  # one or two items: either order gives the same siblings
                order = [first, *siblings]
            yield nkey, {"items": order, "values": json.loads(value)}

    def close(self) -> None:
        self.store.close()


def _sentence_id(doc_id: str, sentence: str) -> str:
    return "s" + hashlib.sha1(f"{doc_id}\x1f{sentence}".encode()).hexdigest()[:12]


def _compact_items(items: Iterable[DiffItem], shared: _Shared) -> Iterator[dict[str, Any]]:
    """The items of diff.json format 2, one at a time; fills the shared tables (:class:`_Shared`)."""
    for item in items:
        data = item.to_dict()
        for doc in data.pop("documents"):
            shared.put("docs", doc["doc_id"], json.dumps(
                {"source": doc["source"], "published": doc["published"], "title": doc["title"]}))
        data["documents"] = [d.doc_id for d in item.documents]
        evidence = []
        for ev in data.pop("evidence"):
            shared.put("ev_docs", ev["doc_id"], json.dumps(
                {"source": ev["source"], "published": ev["published"], "title": ""}))
            sid = _sentence_id(ev["doc_id"], ev["sentence"])
            shared.put("sentences", sid, ev["sentence"])
            evidence.append({"doc_id": ev["doc_id"], "sentence": sid, "highlights": ev["highlights"],
                             "mentions": ev["mentions"]})
        data["evidence"] = evidence
        values, siblings = data.pop("batch_values"), data.pop("siblings")
        if item.status != "unseen":
            shared.put("keys", item.natural_key, json.dumps(values), item.item_id)
            shared.put("siblings", item.item_id, json.dumps(siblings))
        elif values or siblings:  # never made by diff(); kept as they are
            data["batch_values"], data["siblings"] = values, siblings
        yield data


def _dumps(value: Any, level: int) -> str:
    """``value`` as ``json.dump(..., indent=1, sort_keys=True, ensure_ascii=False)`` writes it at
    nesting ``level`` (the encoder escapes newlines in strings, so every raw newline is indentation)."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + " " * level)


def _write_table(handle: IO[str], pairs: Iterable[tuple[str, Any]]) -> None:
    """A dict of (key, value) pairs given in key order, as :func:`_dumps` writes it at level 1."""
    n = -1
    for n, (key, value) in enumerate(pairs):
        handle.write(("," if n else "{") + "\n  " + json.dumps(key, ensure_ascii=False) + ": " + _dumps(value, 2))
    handle.write("{}" if n < 0 else "\n }")


def write_payload(handle: IO[str], header: dict[str, Any], items: Iterable[DiffItem]) -> None:
    """diff.json: the bytes of ``json.dump({**header, "format": 2, "documents": …, "sentences": …,
    "keys": …, "items": …}, indent=1, sort_keys=True, ensure_ascii=False)`` and a newline, where
    what the items share is stored once — documents and evidence sentences in tables referenced by
    id, each key's batch values and item order once per key (an item's ``batch_values`` and
    ``siblings`` are rebuilt from it) — so it grows linearly with the facts, however many values a
    key has. ``items`` is read once, an item at a time; the items part goes to a temporary file
    and the shared tables to a temporary SQLite file until the tables before it are known, so a
    big diff is never held in memory."""
    shared = _Shared()
    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as part:
            n = -1
            for n, data in enumerate(_compact_items(items, shared)):
                part.write(("," if n else "[") + "\n  " + _dumps(data, 2))
            part.write("[]" if n < 0 else "\n ]")
            tables = {"format": 2, "documents": shared.documents, "items": None, "keys": shared.keys,
                      "sentences": shared.sentences}
            members = {**header, **tables}
            handle.write("{")
            for i, name in enumerate(sorted(members)):
                handle.write(("," if i else "") + "\n " + json.dumps(name, ensure_ascii=False) + ": ")
                if name == "items":
                    part.seek(0)
                    shutil.copyfileobj(part, handle)
                elif name in ("documents", "keys", "sentences"):
                    _write_table(handle, members[name]())
                else:
                    handle.write(_dumps(members[name], 1))
            handle.write("\n}\n")
    finally:
        shared.close()


def expand_payload(payload: dict[str, Any]) -> list[DiffItem]:
    """Items of a diff.json payload (format 2 or the earlier one with everything per item)."""
    if payload.get("format") != 2:
        return [DiffItem.from_dict(d) for d in payload.get("items", [])]
    documents, sentences, keys = payload["documents"], payload["sentences"], payload["keys"]
    items = []
    for data in payload["items"]:
        data = dict(data)
        data["documents"] = [{"doc_id": d, **documents.get(d, {"source": "", "published": "", "title": ""})}
                             for d in data["documents"]]
        data["evidence"] = [
            {"doc_id": ev["doc_id"], "sentence": sentences[ev["sentence"]], "highlights": ev["highlights"],
             "mentions": ev["mentions"], "source": documents.get(ev["doc_id"], {}).get("source", ""),
             "published": documents.get(ev["doc_id"], {}).get("published", "")}
            for ev in data["evidence"]
        ]
        key = keys.get(data["natural_key"]) if data["status"] != "unseen" else None
        if key is not None:
            data["batch_values"] = key["values"]
            data["siblings"] = [i for i in key["items"] if i != data["item_id"]]
        items.append(DiffItem.from_dict(data))
    return items


def write_diff(
    items: Iterable[DiffItem], out_dir: str | Path, *, dataset: str = "", registry: str = ""
) -> dict[str, Path]:
    """Write ``diff.csv`` and ``diff.json`` into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_csv((i.csv_row() for i in items), out / "diff.csv")
    header = {"dataset": dataset, "registry": registry, "summary": summary(items)}
    write_file(out / "diff.json", lambda handle: write_payload(handle, header, items))
    return {"diff.csv": out / "diff.csv", "diff.json": out / "diff.json"}


def read_diff(diff_dir: str | Path) -> tuple[dict[str, Any], list[DiffItem]]:
    """Read ``diff.json`` of a diff folder: (header fields, items)."""
    with open(Path(diff_dir) / "diff.json", encoding="utf-8") as handle:
        payload = json.load(handle)
    return payload, expand_payload(payload)
