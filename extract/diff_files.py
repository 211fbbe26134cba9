"""diff.csv and diff.json: writing the items of a diff (whole or not at all) and reading them back.

diff.json (format 2) stores what items share once — documents, evidence sentences, each key's batch
values — so it grows linearly with the facts."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from extract.atomic import write_file
from extract.csvsafe import guard_row
from extract.diff_items import DIFF_COLUMNS, STATUSES, DiffItem


def summary(items: list[DiffItem]) -> dict[str, int]:
    """Number of items per status (every status present, 0 if none)."""
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


def _documents(items: list[DiffItem]) -> dict[str, dict[str, str]]:
    """The documents table of diff.json: an item's documents (the last item's entry wins), else the
    source and date of an evidence document (the first one)."""
    documents: dict[str, dict[str, str]] = {}
    from_evidence: dict[str, dict[str, str]] = {}
    for item in items:
        for doc in item.documents:
            documents[doc.doc_id] = {"source": doc.source, "published": doc.published, "title": doc.title}
        for ev in item.evidence:
            from_evidence.setdefault(ev.doc_id, {"source": ev.source, "published": ev.published, "title": ""})
    return {**{d: v for d, v in from_evidence.items() if d not in documents}, **documents}


def _compact_items(
    items: list[DiffItem], sentences: dict[str, str], keys: dict[str, dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """The items of diff.json format 2, one at a time; fills the sentence table and each key's
    values and items (:func:`_key_orders` then puts a key's items in order)."""
    for item in items:
        data = item.to_dict()
        data.pop("documents")
        data["documents"] = [d.doc_id for d in item.documents]
        evidence = []
        for ev in data.pop("evidence"):
            sid = "s" + hashlib.sha1(f"{ev['doc_id']}\x1f{ev['sentence']}".encode()).hexdigest()[:12]
            sentences.setdefault(sid, ev["sentence"])
            evidence.append({"doc_id": ev["doc_id"], "sentence": sid, "highlights": ev["highlights"],
                             "mentions": ev["mentions"]})
        data["evidence"] = evidence
        values, siblings = data.pop("batch_values"), data.pop("siblings")
        if item.status != "unseen":
            key = keys.setdefault(item.natural_key, {"values": values, "items": []})
            key["items"].append(item.item_id)
        elif values or siblings:  # never made by diff(); kept as they are
            data["batch_values"], data["siblings"] = values, siblings
        yield data


def _key_orders(items: list[DiffItem], keys: dict[str, dict[str, Any]]) -> None:
    """A key's items in the order they were made (F): every item's siblings are F without it, so
    F[0] heads the siblings of every other item, e.g. of the second sibling of any item."""
    by_id = {item.item_id: item for item in items}
    for key in keys.values():
        some = by_id[key["items"][0]]
        if len(some.siblings) >= 2:
            head = by_id[by_id[some.siblings[1]].siblings[0]]
            key["items"] = [head.item_id, *head.siblings]
        else:  # one or two items: either order gives the same siblings
            key["items"] = [some.item_id, *some.siblings]


def compact_payload(items: list[DiffItem]) -> dict[str, Any]:
    """The items with what they share stored once (diff.json format 2): documents and evidence
    sentences in tables referenced by id, each key's batch values and item order once per key
    (an item's ``batch_values`` and ``siblings`` are rebuilt from it). Grows linearly with the
    facts, however many values a key has."""
    sentences: dict[str, str] = {}
    keys: dict[str, dict[str, Any]] = {}
    compact = list(_compact_items(items, sentences, keys))
    _key_orders(items, keys)
    return {"format": 2, "documents": _documents(items), "sentences": sentences, "keys": keys, "items": compact}


def _dumps(value: Any, level: int) -> str:
    """``value`` as ``json.dump(..., indent=1, sort_keys=True, ensure_ascii=False)`` writes it at
    nesting ``level`` (the encoder escapes newlines in strings, so every raw newline is indentation)."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + " " * level)


def write_payload(handle: IO[str], header: dict[str, Any], items: list[DiffItem]) -> None:
    """diff.json: the bytes of ``json.dump({**header, **compact_payload(items)}, indent=1,
    sort_keys=True, ensure_ascii=False)`` and a newline, written an item at a time, so a big diff
    never holds a second copy of its items as dicts."""
    sentences: dict[str, str] = {}
    keys: dict[str, dict[str, Any]] = {}
    tables = {"format": 2, "documents": _documents(items), "items": None, "keys": keys, "sentences": sentences}
    members = {**header, **tables}
    handle.write("{")
    for n, name in enumerate(sorted(members)):
        handle.write(("," if n else "") + "\n " + json.dumps(name, ensure_ascii=False) + ": ")
        if name != "items":
            handle.write(_dumps(members[name], 1))
            continue
        if not items:
            handle.write("[]")
            continue
        handle.write("[")
        for i, data in enumerate(_compact_items(items, sentences, keys)):
            handle.write(("," if i else "") + "\n  " + _dumps(data, 2))
        handle.write("\n ]")
        _key_orders(items, keys)
    handle.write("\n}\n")


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
    items: list[DiffItem], out_dir: str | Path, *, dataset: str = "", registry: str = ""
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
