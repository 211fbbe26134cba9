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

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff_dataset import Dataset, check_folder, load_dataset
from extract.diff_items import DiffItem, DiffItems, DocumentInfo, Evidence, _KeyOrders, item_id_for
from extract.records import pack_local, unpack_local
from extract.registry import (
    EntityIn,
    EntityIndex,
    Registry,
    key_qualifier_values,
    using,
    value_json,
)


def _highlight(sentence: str, mention: dict[str, str], rank: int) -> tuple[int, int] | None:
    """Offsets of a mention inside its sentence.

    mentions.csv gives offsets into the source text, not into the cleaned sentence; the mention's
    text is searched in the sentence, taking the n-th occurrence when the same text is mentioned
    n times in that sentence (``rank``: its place among them, ordered by source offset;
    :class:`extract.diff_dataset.Dataset`).
    """
    text = (mention.get("text") or "").strip()
    if not text or not sentence:
        return None
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
        span = _highlight(sentence, m, ds.ranks.get(mid, 0))
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
    """Classify every fact of the dataset against the registry (see module docstring); sorted rows,
    in memory (:func:`diff_items` keeps them on disk, for big datasets).

    With ``remember`` (default) the decidable items are stored in the registry's candidates table.
    """
    with diff_items(dataset_dir, registry, remember=remember) as items:
        return list(items)


def diff_items(
    dataset_dir: str | Path, registry: str | Path | Registry, *, remember: bool = True, folder: Path | None = None
) -> DiffItems:
    """What :func:`diff` gives, spooled to a temporary file in ``folder`` (default: the temporary
    folder) and read back one item at a time, as often as wanted: memory does not grow with the
    dataset (its rows, too, stay on disk: :func:`extract.diff_dataset.load_dataset`). Close it
    (or use it in a ``with`` block) to remove the file."""
    check_folder(dataset_dir)
    items = DiffItems(folder)
    try:
        with using(registry) as reg:  # the cheap checks first: registry and folder before any row is read
            with load_dataset(dataset_dir, folder) as ds:
                _classify(reg, ds, items)
            if remember:
                reg.save_candidates(
                    items.dicts("new", "conflict", "rejected"),
                    str(ds.path),
                    _KeyOrders(items),  # type: ignore[arg-type]
                )
    except BaseException:
        items.close()
        raise
    return items


def _spool_facts(ds: Dataset, index: EntityIndex) -> None:
    """Every fact of the batch under its natural key and value (table ``bf``, in facts.csv order), and
    what a key shows of its subject, object and qualifiers, from its first fact (table ``keys``)."""
    db = ds.db
    db.execute("CREATE TABLE bf (nkey TEXT, seq INTEGER, vkey TEXT, data BLOB)")
    db.execute("CREATE TABLE keys (nkey TEXT PRIMARY KEY, info BLOB)")
    names = _Names(ds)
    facts, infos = [], []
    for seq, row in enumerate(ds.facts):
        predicate = (row.get("predicate") or "").strip()
        spec = fs.spec_for(predicate)
        subj = _batch_entity(ds, row.get("subject_id", ""))
        note = []
        if subj is None:
            note.append(f"subject {row.get('subject_id')!r} not in entities.csv")
            subj = EntityIn(spec.subject_types[0] if spec.subject_types else "", row.get("subject_id", ""))
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
        quals = key_qualifier_values(predicate, qualifiers, index, names)  # type: ignore[arg-type]
        nkey = fs.natural_key(predicate, subj_ref, obj_ref, quals)
        values = fs.normalise_values(predicate, fs.fact_values(predicate, row))
        facts.append((nkey, seq, value_json(values), pack_local([row, values, qualifiers, note])))
        # readable qualifiers: replace run-local entity ids by names
        clean_q = {k: (names.get(v, v) if isinstance(v, str) else v) for k, v in qualifiers.items()}
        info = {
            "predicate": predicate,
            "subject": _entity_view(subj, subj_ref),
            "object": _entity_view(obj, obj_ref) if obj else None,
            "key_qualifiers": quals,
            "qualifiers": clean_q,
        }
        infos.append((nkey, pack_local(info)))
        if len(facts) >= 1000:
            db.executemany("INSERT INTO bf VALUES (?, ?, ?, ?)", facts)
            db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", infos)  # the first fact of a key wins
            facts, infos = [], []
    db.executemany("INSERT INTO bf VALUES (?, ?, ?, ?)", facts)
    db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", infos)


class _Names:
    """Canonical names of the dataset's entities by id (``get``, as a dict)."""

    def __init__(self, ds: Dataset) -> None:
        self.entities = ds.entities

    def get(self, entity_id: Any, default: Any = None) -> Any:
        row = self.entities.get(entity_id) if isinstance(entity_id, str) else None
        return default if row is None else row.get("canonical", "")


def _batch_keys(ds: Dataset) -> Iterator[tuple[str, dict[str, Any], dict[str, list[_BatchFact]], list[str]]]:
    """Per natural key, in key order: its info, its facts grouped by value (groups in order of their
    first fact, facts in facts.csv order) and the problems its facts had."""
    cursor = ds.db.cursor().execute(
        "SELECT bf.nkey, vkey, data, info FROM bf JOIN keys ON keys.nkey = bf.nkey ORDER BY bf.nkey, seq"
    )
    current: str | None = None
    info: dict[str, Any] = {}
    groups: dict[str, list[_BatchFact]] = defaultdict(list)
    problems: list[str] = []
    for nkey, vkey, data, info_data in cursor:
        if nkey != current:
            if current is not None:
                yield current, info, groups, problems
            current, info, groups, problems = nkey, unpack_local(info_data), defaultdict(list), []
        row, values, qualifiers, note = unpack_local(data)
        groups[vkey].append(_BatchFact(row, values, qualifiers))
        problems.extend(n for n in note if n not in problems)
    if current is not None:
        yield current, info, groups, problems


def _classify(reg: Registry, ds: Dataset, out: DiffItems) -> None:
    """The diff proper: the items of every batch key, then the registry's unseen facts, into ``out``."""
    index: EntityIndex = reg.entity_index()
    _spool_facts(ds, index)
    rejections = reg.rejections()
    for nkey, info, groups, problems in _batch_keys(ds):
        predicate = info["predicate"]
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
                detail="; ".join(problems),
            )
            _fill_provenance(item, facts, ds)
            if status == "confirmed" and reg_value is not None:
                adds = [
                    f"{c}={value[c]}" for c in fs.spec_for(predicate).optional if value.get(c) and not reg_value.get(c)
                ]
                if adds:
                    item.detail = "; ".join(filter(None, [item.detail, "batch adds " + ", ".join(adds)]))
            if status in ("new", "conflict"):
                rejected = rejections.get((nkey, value_json(value)))
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
            out.add(item)
        out.set_key_order(nkey, [o.item_id for o in key_items])

    entities = {e["entity_id"]: e for e in reg.entities()}
    in_batch = ds.db.cursor()
    for fact in reg.facts():
        if in_batch.execute("SELECT 1 FROM keys WHERE nkey = ?", (fact["natural_key"],)).fetchone():
            continue
        subj = entities.get(fact["subject_id"], {"type": "", "canonical": fact["subject_id"], "key": ""})
        obj = entities.get(fact["object_id"]) if fact["object_id"] else None
        reg_value = _registry_value(fact)
        try:
            qualifiers = fs.parse_qualifiers(fact.get("qualifiers") or "")
        except ValueError:
            qualifiers = {}
        out.add(
            DiffItem(
                item_id=item_id_for(fact["natural_key"], "unseen", reg_value),
                status="unseen",
                natural_key=fact["natural_key"],
                predicate=fact["predicate"],
                subject=_entity_view(EntityIn(subj["type"], subj["canonical"], subj["key"]), fact["subject_id"]),
                object=_entity_view(EntityIn(obj["type"], obj["canonical"], obj["key"]), fact["object_id"])
                if obj
                else None,
                key_qualifiers=key_qualifier_values(fact["predicate"], qualifiers, index),
                registry_value=reg_value,
                registry_fact=_registry_view(fact),
                qualifiers=qualifiers,
            )
        )
