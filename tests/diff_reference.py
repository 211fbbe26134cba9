"""A frozen copy of ``extract.diff.diff`` and its dataset loader as they were before the diff streamed
its inputs (commit a339c1d): every CSV row of the dataset held in memory, all mentions of a document
scanned for each highlight. tests/test_diff_stream.py checks that the streaming diff gives the same
items and the same bytes in every output file. Not part of the package."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff_dataset import DatasetError
from extract.diff_items import STATUSES, DiffItem, DocumentInfo, Evidence, item_id_for
from extract.registry import (
    EntityIn,
    EntityIndex,
    Registry,
    key_qualifier_values,
    read_csv_rows,
    using,
    value_json,
)


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


def mention_id(row: dict[str, str]) -> str:
    """A mentions.csv row's id (older datasets without the column: document and start offset)."""
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
        mentions={mention_id(r): r for r in rows("mentions.csv")},
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
    rank = next((i for i, m in enumerate(same) if mention_id(m) == mention_id(mention)), 0)
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


def write_diff_json(items: list[DiffItem], path: Path, *, dataset: str, registry: str) -> None:
    """diff.json as ``extract.diff_files.write_diff`` wrote it: the whole payload in memory, one dump."""
    from extract.diff_files import summary

    payload = {"dataset": dataset, "registry": registry, "summary": summary(items), **compact_payload(items)}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")


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


