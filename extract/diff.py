"""Diff a dataset (facts.csv & co., DATASET.md) against the registry: what is new, confirmed, in conflict.

Every fact of the batch is matched to the registry by its natural key
(:mod:`extract.facts_schema`), never by its run-local ids. Per natural key the batch facts are
grouped by value; values that do not contradict each other (optional columns such as
``valid_from`` may be missing on one side) are merged. Each resulting item has one status:

``new``        the registry has no fact with this key, and the batch agrees with itself;
``confirmed``  the batch states the registry's value (possibly adding an optional column the
               registry lacks; ``detail`` says so);
``conflict``   the batch states a different value than the registry, or, for a key the registry
               lacks, documents of the batch disagree with each other (one item per distinct value);
``rejected``   a ``new``/``conflict`` item whose value an analyst already rejected for this key
               (decision log); it is listed for completeness but not raised again;
``unseen``     a registry fact whose key does not occur in the batch.

``diff.csv`` holds one row per item (columns :data:`DIFF_COLUMNS`); ``diff.json`` the same
items with full structure (evidence sentences with highlight offsets), which the report and the
review server read. Decidable items (``new``, ``conflict``, ``rejected``) are also remembered in
the registry's ``candidates`` table, so ``pressextract resolve ID`` needs only the registry.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from extract import facts_schema as fs
from extract.atomic import write_file
from extract.csvsafe import guard_row
from extract.registry import (
    EntityIn,
    EntityIndex,
    Registry,
    key_qualifier_values,
    read_csv_rows,
    using,
    value_json,
)

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

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (what diff.json and the candidates table hold)."""
        return asdict(self)

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
            "evidence": "\n".join(e.sentence for e in self.evidence),
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


# ---------------------------------------------------------------------------------------------
# reading the dataset


@dataclass
class Dataset:
    """The CSV files of one dataset folder, as plain rows."""

    path: Path
    documents: dict[str, dict[str, str]]
    mentions: dict[str, dict[str, str]]
    entities: dict[str, dict[str, str]]
    facts: list[dict[str, str]]
    _by_doc: dict[str, list[dict[str, str]]] | None = None

    def mentions_by_doc(self) -> dict[str, list[dict[str, str]]]:
        """Mentions grouped by document id."""
        if self._by_doc is None:
            self._by_doc = defaultdict(list)
            for m in self.mentions.values():
                self._by_doc[m.get("doc_id", "")].append(m)
        return self._by_doc


def _mention_id(row: dict[str, str]) -> str:
    return row.get("mention_id") or f"{row.get('doc_id', '')}:{row.get('start', '')}"


def load_dataset(dataset_dir: str | Path) -> Dataset:
    """Read documents.csv, mentions.csv, entities.csv and facts.csv (missing files count as empty)."""
    path = Path(dataset_dir)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: not a dataset folder")
    if not (path / "facts.csv").is_file():
        raise FileNotFoundError(f"{path}: no facts.csv (run `pressextract run ... --out {path}` first)")

    def rows(name: str) -> list[dict[str, str]]:
        file = path / name
        return [row for _line, row in read_csv_rows(file)[1]] if file.is_file() else []

    ds = Dataset(
        path=path,
        documents={r.get("doc_id", ""): r for r in rows("documents.csv")},
        mentions={_mention_id(r): r for r in rows("mentions.csv")},
        entities={r.get("entity_id", ""): r for r in rows("entities.csv")},
        facts=rows("facts.csv"),
    )
    check_consistent(ds)
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


def _highlight(
    sentence: str, mention: dict[str, str], all_mentions: list[dict[str, str]]
) -> tuple[int, int] | None:
    """Offsets of a mention inside its sentence.

    mentions.csv gives offsets into the source text, not into the cleaned sentence; the mention's
    text is searched in the sentence, taking the n-th occurrence when the same text is mentioned
    n times in that sentence (ordered by source offset).
    """
    text = (mention.get("text") or "").strip()
    if not text or not sentence:
        return None
    same = sorted(
        (m for m in all_mentions if m.get("sentence") == sentence and (m.get("text") or "").strip() == text),
        key=lambda m: _int(m.get("start")),
    )
    rank = next((i for i, m in enumerate(same) if _mention_id(m) == _mention_id(mention)), 0)
    positions = []
    pos = sentence.find(text)
    while pos >= 0:
        positions.append(pos)
        pos = sentence.find(text, pos + 1)
    if not positions:
        return None
    start = positions[min(rank, len(positions) - 1)]
    return start, start + len(text)


def _int(text: Any) -> int:
    try:
        return int(str(text))
    except ValueError:
        return 0


# ---------------------------------------------------------------------------------------------
# the diff


@dataclass
class _BatchFact:
    row: dict[str, str]
    values: dict[str, str]
    qualifiers: dict[str, Any]


def _entity_view(ent: EntityIn, ref: str) -> dict[str, Any]:
    return {"ref": ref, **ent.as_dict()}


def _batch_entity(ds: Dataset, entity_id: str) -> EntityIn | None:
    row = ds.entities.get(entity_id)
    return EntityIn.from_entities_row(row) if row else None


def _strict_key(predicate: str, value: dict[str, str]) -> tuple[str, ...]:
    """The strict value columns: two values with different strict keys are never compatible."""
    spec = fs.spec_for(predicate)
    fold = spec.value_kind == "text"
    return tuple(value.get(c, "").casefold() if fold and c == "value" else value.get(c, "") for c in spec.strict)


def _cluster(predicate: str, groups: dict[str, list[_BatchFact]]) -> list[list[str]]:
    """Greedy clustering of value groups into mutually compatible sets (most documents first).

    Every member of a cluster has the strict key of its first one, so a value is only compared
    with the clusters of its own strict key (blocking): the same clusters as comparing with all,
    in linear time when the values differ in their strict columns (one amount per document).
    """
    order = sorted(groups, key=lambda v: (-len(groups[v]), v))
    clusters: list[list[str]] = []
    parsed: dict[str, dict[str, str]] = {}
    by_strict: dict[tuple[str, ...], list[list[str]]] = defaultdict(list)
    for vkey in order:
        value = parsed[vkey] = json.loads(vkey)
        block = by_strict[_strict_key(predicate, value)]
        for cluster in block:
            if all(fs.compatible(predicate, value, parsed[other]) for other in cluster):
                cluster.append(vkey)
                break
        else:
            block.append([vkey])
            clusters.append(block[-1])
    return clusters


def _fill_provenance(item: DiffItem, facts: list[_BatchFact], ds: Dataset) -> None:
    doc_ids: list[str] = []
    mention_ids: list[str] = []
    for bf in sorted(facts, key=lambda f: f.row.get("fact_id", "")):
        item.fact_ids.append(bf.row.get("fact_id", ""))
        for d in (bf.row.get("doc_ids") or "").split("|"):
            if d and d not in doc_ids:
                doc_ids.append(d)
        for m in (bf.row.get("evidence") or "").split("|"):
            if m and m not in mention_ids:
                mention_ids.append(m)
    for m in mention_ids:  # documents named only through their evidence
        doc = ds.mentions.get(m, {}).get("doc_id") or m.rsplit(":", 1)[0]
        if doc and doc not in doc_ids:
            doc_ids.append(doc)
    item.documents = [
        DocumentInfo(
            d,
            ds.documents.get(d, {}).get("source", ""),
            ds.documents.get(d, {}).get("published", ""),
            ds.documents.get(d, {}).get("title", ""),
        )
        for d in doc_ids
    ]
    by_doc_mentions = ds.mentions_by_doc()
    grouped: dict[tuple[str, str], Evidence] = {}
    for mid in mention_ids:
        m = ds.mentions.get(mid)
        if m is None:
            continue
        doc_id = m.get("doc_id", "")
        sentence = m.get("sentence") or ""
        ev = grouped.get((doc_id, sentence))
        if ev is None:
            doc = ds.documents.get(doc_id, {})
            ev = Evidence(doc_id, sentence, [], [], doc.get("source", ""), doc.get("published", ""))
            grouped[(doc_id, sentence)] = ev
        span = _highlight(sentence, m, by_doc_mentions[doc_id])
        if span and span not in ev.highlights:
            ev.highlights.append(span)
        ev.mentions.append(
            {
                "mention_id": mid,
                "type": m.get("type", ""),
                "text": m.get("text", ""),
                "start": _int(m.get("start")),
                "end": _int(m.get("end")),
            }
        )
    for ev in grouped.values():
        ev.highlights.sort()
    item.evidence = sorted(grouped.values(), key=lambda e: (e.published, e.doc_id, e.mentions[0]["start"]))
    confidences = [float(bf.row["confidence"]) for bf in facts if _is_float(bf.row.get("confidence"))]
    item.confidence = f"{max(confidences):g}" if confidences else ""


def _is_float(text: Any) -> bool:
    try:
        float(str(text))
    except ValueError:
        return False
    return True


def _registry_view(fact: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "fact_id",
        "source",
        "published",
        "doc_ids",
        "evidence",
        "accepted_at",
        "accepted_by",
        "decision_id",
    )
    return {k: fact.get(k) for k in keys}


def _registry_value(fact: dict[str, Any]) -> dict[str, str]:
    return fs.normalise_values(fact["predicate"], fs.fact_values(fact["predicate"], fact))


def diff(
    dataset_dir: str | Path, registry: str | Path | Registry, *, remember: bool = True
) -> list[DiffItem]:
    """Classify every fact of the dataset against the registry (see module docstring); sorted rows.

    With ``remember`` (default) the decidable items are stored in the registry's candidates table.
    """
    ds = load_dataset(dataset_dir)
    with using(registry) as reg:
        index: EntityIndex = reg.entity_index()
        entity_names = {eid: row.get("canonical", "") for eid, row in ds.entities.items()}
        by_key: dict[str, dict[str, list[_BatchFact]]] = defaultdict(lambda: defaultdict(list))
        key_info: dict[str, dict[str, Any]] = {}
        problems: dict[str, list[str]] = defaultdict(list)
        for row in ds.facts:
            predicate = (row.get("predicate") or "").strip()
            spec = fs.spec_for(predicate)
            subj = _batch_entity(ds, row.get("subject_id", ""))
            note = []
            if subj is None:
                note.append(f"subject {row.get('subject_id')!r} not in entities.csv")
                subj = EntityIn(
                    spec.subject_types[0] if spec.subject_types else "", row.get("subject_id", "")
                )
            obj = _batch_entity(ds, row.get("object_id", "")) if row.get("object_id") else None
            if row.get("object_id") and obj is None:
                note.append(f"object {row.get('object_id')!r} not in entities.csv")
                obj = EntityIn(spec.object_types[0] if spec.object_types else "", row.get("object_id", ""))
            subj_ref = index.resolve(subj.type, subj.canonical, subj.key)
            obj_ref = index.resolve(obj.type, obj.canonical, obj.key) if obj else ""
            try:
                qualifiers = fs.parse_qualifiers(row.get("qualifiers", ""))
            except ValueError:
                qualifiers = {}
                note.append("qualifiers are not a JSON object")
            quals = key_qualifier_values(predicate, qualifiers, index, entity_names)
            nkey = fs.natural_key(predicate, subj_ref, obj_ref, quals)
            values = fs.normalise_values(predicate, fs.fact_values(predicate, row))
            by_key[nkey][value_json(values)].append(_BatchFact(row, values, qualifiers))
            problems[nkey].extend(n for n in note if n not in problems[nkey])
            if nkey not in key_info:
                # readable qualifiers: replace run-local entity ids by names
                clean_q = {
                    k: (entity_names.get(v, v) if isinstance(v, str) else v) for k, v in qualifiers.items()
                }
                key_info[nkey] = {
                    "predicate": predicate,
                    "subject": _entity_view(subj, subj_ref),
                    "object": _entity_view(obj, obj_ref) if obj else None,
                    "key_qualifiers": quals,
                    "qualifiers": clean_q,
                }

        items: list[DiffItem] = []
        key_orders: dict[str, list[str]] = {}
        for nkey in sorted(by_key):
            info = key_info[nkey]
            predicate = info["predicate"]
            groups = by_key[nkey]
            reg_fact = reg.fact(nkey)
            reg_value = _registry_value(reg_fact) if reg_fact else None
            clusters = _cluster(predicate, groups)
            merged = [
                (fs.merge_values(predicate, [json.loads(v) for v in c]), [bf for v in c for bf in groups[v]])
                for c in clusters
            ]
            all_values = [value for value, _facts in merged]
            key_items: list[DiffItem] = []
            for value, facts in merged:
                if reg_value is not None and fs.compatible(predicate, reg_value, value):
                    status = "confirmed"
                elif reg_value is None and len(merged) == 1:
                    status = "new"
                else:
                    status = "conflict"
                item = DiffItem(
                    item_id=item_id_for(nkey, "batch", value),
                    status=status,
                    natural_key=nkey,
                    predicate=predicate,
                    subject=info["subject"],
                    object=info["object"],
                    key_qualifiers=info["key_qualifiers"],
                    registry_value=reg_value,
                    registry_fact=_registry_view(reg_fact) if reg_fact else None,
                    new_value=value,
                    batch_values=all_values,
                    qualifiers=info["qualifiers"],
                    detail="; ".join(problems[nkey]),
                )
                _fill_provenance(item, facts, ds)
                if status == "confirmed" and reg_value is not None:
                    adds = [
                        f"{c}={value[c]}"
                        for c in fs.spec_for(predicate).optional
                        if value.get(c) and not reg_value.get(c)
                    ]
                    if adds:
                        item.detail = "; ".join(filter(None, [item.detail, "batch adds " + ", ".join(adds)]))
                if status in ("new", "conflict"):
                    rejected = reg.rejection(nkey, value)
                    if rejected:
                        item.status = "rejected"
                        item.decision_id = int(rejected["decision_id"])
                key_items.append(item)
            # confirmed clusters of one key collapse into one item
            confirmed = [i for i in key_items if i.status == "confirmed"]
            if len(confirmed) > 1:
                first = confirmed[0]
                for extra in confirmed[1:]:
                    first.fact_ids += extra.fact_ids
                    first.documents += [d for d in extra.documents if d not in first.documents]
                    first.evidence += extra.evidence
                    key_items.remove(extra)
            for item in key_items:
                item.siblings = [o.item_id for o in key_items if o is not item]
            key_orders[nkey] = [o.item_id for o in key_items]
            items.extend(key_items)

        entities = {e["entity_id"]: e for e in reg.entities()}
        for fact in reg.facts():
            if fact["natural_key"] in by_key:
                continue
            subj = entities.get(fact["subject_id"], {"type": "", "canonical": fact["subject_id"], "key": ""})
            obj = entities.get(fact["object_id"]) if fact["object_id"] else None
            reg_value = _registry_value(fact)
            try:
                qualifiers = fs.parse_qualifiers(fact.get("qualifiers") or "")
            except ValueError:
                qualifiers = {}
            items.append(
                DiffItem(
                    item_id=item_id_for(fact["natural_key"], "unseen", reg_value),
                    status="unseen",
                    natural_key=fact["natural_key"],
                    predicate=fact["predicate"],
                    subject=_entity_view(
                        EntityIn(subj["type"], subj["canonical"], subj["key"]), fact["subject_id"]
                    ),
                    object=_entity_view(
                        EntityIn(obj["type"], obj["canonical"], obj["key"]), fact["object_id"]
                    )
                    if obj
                    else None,
                    key_qualifiers=key_qualifier_values(fact["predicate"], qualifiers, index),
                    registry_value=reg_value,
                    registry_fact=_registry_view(fact),
                    qualifiers=qualifiers,
                )
            )

        items.sort(key=lambda i: (STATUSES.index(i.status), i.natural_key, i.item_id))
        if remember:
            reg.save_candidates(
                [i.to_dict() for i in items if i.status in ("new", "conflict", "rejected")],
                str(ds.path),
                key_orders,
            )
        return items


def summary(items: list[DiffItem]) -> dict[str, int]:
    """Number of items per status (every status present, 0 if none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def write_csv(rows: list[dict[str, str]], path: str | Path, columns: tuple[str, ...] = DIFF_COLUMNS) -> None:
    """Write rows as RFC 4180 CSV (UTF-8, header row), whole or not at all, every cell guarded
    against spreadsheet formulas (:func:`extract.csvsafe.unguard` gives the raw value back)."""

    def write(handle: IO[str]) -> None:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(guard_row(row) for row in rows)

    write_file(Path(path), write, newline="")


def compact_payload(items: list[DiffItem]) -> dict[str, Any]:
    """The items with what they share stored once (diff.json format 2): documents and evidence
    sentences in tables referenced by id, each key's batch values and item order once per key
    (an item's ``batch_values`` and ``siblings`` are rebuilt from it). Grows linearly with the
    facts, however many values a key has."""
    documents: dict[str, dict[str, str]] = {}
    sentences: dict[str, str] = {}
    keys: dict[str, dict[str, Any]] = {}
    compact = []
    for item in items:
        data = item.to_dict()
        for doc in data.pop("documents"):
            documents[doc["doc_id"]] = {k: doc[k] for k in ("source", "published", "title")}
        data["documents"] = [d.doc_id for d in item.documents]
        evidence = []
        for ev in data.pop("evidence"):
            sid = "s" + hashlib.sha1(f"{ev['doc_id']}\x1f{ev['sentence']}".encode()).hexdigest()[:12]
            sentences.setdefault(sid, ev["sentence"])
            documents.setdefault(ev["doc_id"], {"source": ev["source"], "published": ev["published"], "title": ""})
            evidence.append({"doc_id": ev["doc_id"], "sentence": sid, "highlights": ev["highlights"],
                             "mentions": ev["mentions"]})
        data["evidence"] = evidence
        values, siblings = data.pop("batch_values"), data.pop("siblings")
        if item.status != "unseen":
            key = keys.setdefault(item.natural_key, {"values": values, "items": []})
            key["items"].append(item.item_id)
        elif values or siblings:  # never made by diff(); kept as they are
            data["batch_values"], data["siblings"] = values, siblings
        compact.append(data)
    # a key's items in the order they were made (F): every item's siblings are F without it, so
    # F[0] heads the siblings of every other item, e.g. of the second sibling of any item
    by_id = {item.item_id: item for item in items}
    for key in keys.values():
        some = by_id[key["items"][0]]
        if len(some.siblings) >= 2:
            head = by_id[by_id[some.siblings[1]].siblings[0]]
            key["items"] = [head.item_id, *head.siblings]
        else:  # one or two items: either order gives the same siblings
            key["items"] = [some.item_id, *some.siblings]
    return {"format": 2, "documents": documents, "sentences": sentences, "keys": keys, "items": compact}


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
    write_csv([i.csv_row() for i in items], out / "diff.csv")
    payload = {
        "dataset": dataset,
        "registry": registry,
        "summary": summary(items),
        **compact_payload(items),
    }

    def write(handle: IO[str]) -> None:
        json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")

    write_file(out / "diff.json", write)
    return {"diff.csv": out / "diff.csv", "diff.json": out / "diff.json"}


def read_diff(diff_dir: str | Path) -> tuple[dict[str, Any], list[DiffItem]]:
    """Read ``diff.json`` of a diff folder: (header fields, items)."""
    with open(Path(diff_dir) / "diff.json", encoding="utf-8") as handle:
        payload = json.load(handle)
    return payload, expand_payload(payload)
