"""Fact scoring against the gold ``facts`` lists (``FACTS_SCHEMA.md`` of the shared eval docs).

Per document, then micro-averaged over all documents that carry a ``facts`` list (a document
without the key is not annotated for facts and is not scored):

- ``receives_funding``: by (municipality, amount value) over gold facts whose ``recipient_type`` is
  ``municipality`` and predicted facts whose recipient is a municipality entity;
- ``receives_funding_any``: by amount value alone, over all recipients (municipalities and others);
- ``programme_budget``: by amount value;
- ``participates_in``: by municipality;
- ``holds_role``: by (person, role folded: lower case, umlauts folded; a role that starts the other
  at a word border matches, "Leiter" ~ "Leiter der Landeskoordinierungsstelle").

Municipality keys are the ones mention scoring uses (name, is-a-Kreis); person keys the canonical
name. Programme, funder and period of the funding facts matched by amount are scored as attribute
accuracy (both empty counts as agreement; names agree when one contains the other's words).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extract.evaluate import DocumentErrors as FactErrors  # per document: missed / spurious, by predicate
from extract.evaluate import Score as FactScore
from extract.evaluate import _norm, _number, error_lines
from extract.model import Entity, Fact

PREDICATES = ("receives_funding", "receives_funding_any", "programme_budget", "participates_in", "holds_role")
ATTRIBUTES = ("programme", "funder", "period")


@dataclass
class FactReport:
    per_predicate: dict[str, FactScore]
    attributes: dict[str, tuple[int, int]]  # attribute -> (agreeing, compared)
    documents: list[FactErrors]
    n_documents: int

    def scores(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {
            p: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                "tp": s.tp, "fp": s.fp, "fn": s.fn} for p, s in self.per_predicate.items()}
        for a, (ok, n) in self.attributes.items():
            out[f"attribute:{a}"] = {"accuracy": round(ok / n, 4) if n else 0.0, "agree": ok, "compared": n}
        return out


def fold_role(role: str) -> str:
    """Role as compared: lower case, umlauts folded (ä -> ae, ß -> ss), other accents dropped."""
    text = _norm(role)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def roles_match(a: str, b: str) -> bool:
    """Equal folded roles, or one starts the other at a word border."""
    a, b = fold_role(a), fold_role(b)
    if not a or not b:
        return a == b
    short, long_ = sorted((a, b), key=len)
    return long_ == short or (long_.startswith(short) and not long_[len(short)].isalnum())


def _words(name: Any) -> list[str]:
    """Words of a name, adjective endings folded ("Bayerische"/"Bayerisches", "Europäischen"/"Europäischer")."""
    return [re.sub(r"(?<=\w{4})(e[nmrs]?)$", "", w) for w in re.findall(r"\w+", fold_role(str(name or "")))]


def names_agree(gold: Any, pred: Any) -> bool:
    """Attribute agreement: both empty, or the words of one are a contiguous run in the other's."""
    g, p = _words(gold), _words(pred)
    if not g or not p:
        return not g and not p
    short, long_ = sorted((g, p), key=len)
    return any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def _is_kreis_name(name: str) -> bool:
    return bool(re.match(r"(?i)(land)?kreis\b", name) or re.search(r"(?i)\bkreis$", name.strip()))


# --- the comparable records ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One fact reduced to what is scored: its match key, a label for the report, its attributes."""

    key: tuple[str, ...]
    label: str
    attrs: tuple[tuple[str, str], ...] = ()


def _muni_key(name: str, kinds: dict[str, str]) -> tuple[str, str]:
    kind = kinds.get(_norm(name), "")
    return _norm(name), str(kind == "Kreis" if kind else _is_kreis_name(name))


def gold_fact_items(doc: dict[str, Any]) -> dict[str, list[Item]]:
    """Gold facts of one document by scored predicate."""
    kinds = {_norm(m.get("name")): str(m.get("kind") or "") for m in doc.get("municipalities") or []}
    out: dict[str, list[Item]] = {p: [] for p in PREDICATES}
    for f in doc.get("facts") or []:
        pred = f.get("predicate")
        if pred == "receives_funding":
            amount = _number(f.get("amount"))
            attrs = tuple((a, str(f.get(a) or "")) for a in ATTRIBUTES)
            label = f"{f.get('recipient')} {amount}"
            out["receives_funding_any"].append(Item((amount,), label, attrs))
            if f.get("recipient_type") == "municipality":
                name = f.get("municipality") or f.get("recipient") or ""
                out["receives_funding"].append(Item((*_muni_key(name, kinds), amount), label, attrs))
        elif pred == "programme_budget":
            amount = _number(f.get("amount"))
            out["programme_budget"].append(Item((amount,), f"{f.get('programme')} {amount}"))
        elif pred == "participates_in":
            name = f.get("municipality") or ""
            programme = (("programme", _norm(f.get("programme"))),)
            out["participates_in"].append(Item(_muni_key(name, kinds), name, programme))
        elif pred == "holds_role":
            out["holds_role"].append(Item((_norm(f.get("person")), str(f.get("role") or "")),
                                          f"{f.get('person')} = {f.get('role')}"))
    return out


def predicted_fact_items(facts: Sequence[Fact], entities: dict[str, Entity]) -> dict[str, list[Item]]:
    """Predicted facts (of one document) by scored predicate."""
    out: dict[str, list[Item]] = {p: [] for p in PREDICATES}

    def name(entity_id: str) -> str:
        e = entities.get(entity_id)
        return e.canonical if e else ""

    for f in facts:
        subject = entities.get(f.subject_id)
        if f.predicate == "receives_funding":
            amount = _number(f.value)
            # the funder stated with the grant, else the one the release states elsewhere
            funder = f.qualifiers.get("funder") or f.qualifiers.get("release_funder") or ""
            attrs = (("programme", name(f.object_id)), ("funder", str(funder)), ("period", f.period))
            label = f"{name(f.subject_id)} {amount}"
            out["receives_funding_any"].append(Item((amount,), label, attrs))
            if subject is not None and subject.type == "municipality":
                key = (_norm(subject.canonical), str(subject.kind == "Kreis"), amount)
                out["receives_funding"].append(Item(key, label, attrs))
        elif f.predicate == "programme_budget":
            amount = _number(f.value)
            out["programme_budget"].append(Item((amount,), f"{name(f.subject_id)} {amount}"))
        elif f.predicate == "participates_in" and subject is not None:
            out["participates_in"].append(Item((_norm(subject.canonical), str(subject.kind == "Kreis")),
                                               subject.canonical, (("programme", _norm(name(f.object_id))),)))
        elif f.predicate == "holds_role" and subject is not None:
            out["holds_role"].append(Item((_norm(subject.canonical), f.value), f"{subject.canonical} = {f.value}"))
    return out


Pairs = list[tuple[Item, Item]]


def _match(gold: list[Item], pred: list[Item], predicate: str) -> tuple[Pairs, list[Item], list[Item]]:
    """Pairs, unmatched gold, unmatched predicted (a gold item matches at most one predicted item)."""
    remaining = list(pred)
    pairs, missed = [], []
    for g in gold:
        if predicate == "holds_role":
            hit = next((p for p in remaining if p.key[0] == g.key[0] and p.key[1] == g.key[1]), None) or next(
                (p for p in remaining if p.key[0] == g.key[0] and roles_match(p.key[1], g.key[1])), None)
        else:
            hit = next((p for p in remaining if p.key == g.key), None)
        if hit is None:
            missed.append(g)
        else:
            remaining.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, remaining


def _dedupe_distinct(items: list[Item], predicate: str) -> list[Item]:
    """participates_in and holds_role count distinct statements: one per (municipality, programme),
    one per (person, folded role); validity dates and organisations do not make a second one."""
    if predicate not in ("participates_in", "holds_role"):
        return items
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        key = (item.key[0], fold_role(item.key[1])) if predicate == "holds_role" else (item.key, item.attrs)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def score_facts(gold_docs: Sequence[dict[str, Any]], facts_by_doc: dict[str, list[Fact]],
                entities: Sequence[Entity]) -> FactReport:
    """Score predicted facts per document against the gold documents that carry a ``facts`` list."""
    by_id = {e.entity_id: e for e in entities}
    per = {p: FactScore() for p in PREDICATES}
    attributes = {a: [0, 0] for a in ATTRIBUTES}
    documents = []
    n = 0
    for doc in gold_docs:
        if "facts" not in doc:
            continue
        n += 1
        gold = gold_fact_items(doc)
        pred = predicted_fact_items(facts_by_doc.get(doc["id"], []), by_id)
        errors = FactErrors(doc["id"])
        for p in PREDICATES:
            pairs, missed, spurious = _match(gold[p], _dedupe_distinct(pred[p], p), p)
            per[p].tp += len(pairs)
            per[p].fn += len(missed)
            per[p].fp += len(spurious)
            if missed:
                errors.misses[p] = sorted(i.label for i in missed)
            if spurious:
                errors.spurious[p] = sorted(i.label for i in spurious)
            if p == "receives_funding_any":
                for g, hit in pairs:
                    ga, pa = dict(g.attrs), dict(hit.attrs)
                    for a in ATTRIBUTES:
                        attributes[a][1] += 1
                        agree = (ga[a] or "") == (pa[a] or "") if a == "period" else names_agree(ga[a], pa[a])
                        attributes[a][0] += int(agree)
                        if not agree:
                            errors.spurious.setdefault(f"attribute:{a}", []).append(
                                f"{g.label}: {ga[a] or '-'} != {pa[a] or '-'}")
        if errors.misses or errors.spurious:
            documents.append(errors)
    return FactReport(per, {a: (ok, total) for a, (ok, total) in attributes.items()}, documents, n)


def facts_by_document(facts: Sequence[Fact], doc_stem: dict[str, str]) -> dict[str, list[Fact]]:
    """Facts of a run grouped by gold document id (``doc_stem`` maps run doc ids to gold ids)."""
    out: dict[str, list[Fact]] = {}
    for f in facts:
        for doc_id in f.doc_ids:
            if doc_id in doc_stem:
                out.setdefault(doc_stem[doc_id], []).append(f)
    return out


def format_fact_report(report: FactReport, details: bool = True) -> str:
    """Per-document misses/spurious facts (optional) and the per-predicate table."""
    lines = []
    if details:
        lines += error_lines(report.documents, 21, " (facts)")
        lines.append("")
    lines.append(f"facts: {report.n_documents} gold documents with a facts list")
    lines.append(f"{'predicate':<23}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for p, s in report.per_predicate.items():
        lines.append(f"{p:<23}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    for a, (ok, total) in report.attributes.items():
        share = f"{ok / total:.3f}" if total else "  -  "
        lines.append(f"funding attribute {a:<10} accuracy {share} ({ok}/{total})")
    return "\n".join(lines)
