"""Evaluation against gold annotations (``eval/SCHEMA.md``): precision, recall and F1 per type.

Matching per document, then micro-averaged over all documents:
- municipality: distinct (canonical name, is-a-Kreis) pairs;
- amount: every mention, by (value, currency);
- date: every mention, by normalised value;
- person: distinct canonical names.
Names compare case-insensitively with whitespace collapsed.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.model import Mention
from extract.pipeline import process

if TYPE_CHECKING:
    from extract.evaluate_facts import FactReport

TYPES = ("municipality", "amount", "date", "person")
GOLD_KEYS = {"municipality": "municipalities", "amount": "amounts", "date": "dates", "person": "people"}


def _norm(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _number(value: Any) -> str:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return format(d.normalize(), "f") if d == d.to_integral() else str(d.normalize())


def gold_items(gold: dict[str, Any], type_: str) -> Counter[tuple[str, ...]]:
    """The comparable items of one type in a gold document (a multiset)."""
    entries = gold.get(GOLD_KEYS[type_]) or []
    if type_ == "municipality":
        return Counter({(_norm(e["name"]), str(e.get("kind") == "Kreis")): 1 for e in entries})
    if type_ == "amount":
        return Counter((_number(e["value"]), e.get("currency") or "EUR") for e in entries)
    if type_ == "date":
        return Counter((str(e["value"]),) for e in entries)
    return Counter({(_norm(e["name"]),): 1 for e in entries})


def predicted_items(mentions: list[Mention], type_: str) -> Counter[tuple[str, ...]]:
    """The comparable items of one type among a document's mentions (a multiset)."""
    ms = [m for m in mentions if m.type == type_]
    if type_ == "municipality":
        return Counter({(_norm(m.canonical or m.attrs.get("name") or m.text), str(m.attrs.get("kind") == "Kreis")): 1
                        for m in ms})
    if type_ == "amount":
        return Counter((_number(m.value), m.unit or "EUR") for m in ms)
    if type_ == "date":
        return Counter((m.value,) for m in ms)
    return Counter({(_norm(m.canonical or m.value),): 1 for m in ms})


class GoldError(ValueError):
    """A gold folder or file that cannot be used, with the file named in the message."""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentErrors:
    doc: str
    misses: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class EvalReport:
    per_type: dict[str, Score]
    documents: list[DocumentErrors]
    n_documents: int
    gazetteer: str = ""
    municipalities_with_key: int = 0
    municipalities_resolved: int = 0
    facts: FactReport | None = None  # None when no gold document carries a "facts" list

    def scores(self) -> dict[str, dict[str, float]]:
        out = {t: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                   "tp": s.tp, "fp": s.fp, "fn": s.fn} for t, s in self.per_type.items()}
        if self.facts is not None:
            out.update({f"fact:{k}": v for k, v in self.facts.scores().items()})
        return out


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """All gold documents of a folder, sorted by file name."""
    docs = []
    for path in sorted(gold_dir.glob("*.json")):
        try:
            with path.open(encoding="utf-8") as fh:
                doc = json.load(fh)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: not a readable gold JSON file ({exc})") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise GoldError(f"{path}: a gold document needs a \"text\" string (see eval/SCHEMA.md)")
        for type_, key in GOLD_KEYS.items():
            field_ = "name" if type_ in ("municipality", "person") else "value"
            for n, entry in enumerate(doc.get(key) or [], start=1):
                if not isinstance(entry, dict) or field_ not in entry:
                    raise GoldError(f"{path}: {key}[{n}] has no \"{field_}\"")
        doc.setdefault("id", path.stem)
        docs.append(doc)
    if not docs:
        raise GoldError(f"{gold_dir}: no gold *.json files")
    return docs


def evaluate(gold_dir: Path, model: str | None = None) -> EvalReport:
    """Run the pipeline over the gold texts and score it."""
    from extract.gazetteer import gazetteer_source

    gold_docs = load_gold(gold_dir)
    with tempfile.TemporaryDirectory(prefix="pressextract-eval-") as tmp:
        for doc in gold_docs:
            (Path(tmp) / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
        run = process([tmp], model=model)
    by_source = {Path(r.raw.source).stem: r.mentions for r in run.results}
    per_type = {t: Score() for t in TYPES}
    errors = []
    for doc in gold_docs:
        mentions = by_source.get(doc["id"], [])
        doc_errors = DocumentErrors(doc["id"])
        for t in TYPES:
            if GOLD_KEYS[t] not in doc:  # a missing list is not annotated (eval/real-facts): not scored
                continue
            gold, pred = gold_items(doc, t), predicted_items(mentions, t)
            hit = gold & pred
            per_type[t].tp += sum(hit.values())
            per_type[t].fp += sum((pred - hit).values())
            per_type[t].fn += sum((gold - hit).values())
            if gold - hit:
                doc_errors.misses[t] = sorted(" / ".join(k) for k in (gold - hit).elements())
            if pred - hit:
                doc_errors.spurious[t] = sorted(" / ".join(k) for k in (pred - hit).elements())
        if doc_errors.misses or doc_errors.spurious:
            errors.append(doc_errors)
    # how many predicted municipality mentions carry an official key (AGS): the embedded
    # gazetteer must still produce keys, not just names
    municipal = [m for r in run.results for m in r.mentions if m.type == "municipality"]
    with_key = sum(1 for m in municipal if m.value.isdigit() and len(m.value) in (5, 8))
    from extract.evaluate_facts import facts_by_document, score_facts

    facts = None
    if any("facts" in doc for doc in gold_docs):
        stems = {r.raw.doc_id: Path(r.raw.source).stem for r in run.results}
        facts = score_facts(gold_docs, facts_by_document(run.facts, stems), run.entities)
    return EvalReport(per_type, errors, len(gold_docs), gazetteer_source(), with_key, len(municipal), facts)


def format_report(report: EvalReport, details: bool = True) -> str:
    """A readable table (and optionally the per-document errors)."""
    lines = []
    if details:
        for d in report.documents:
            lines.append(f"== {d.doc}")
            for t, items in sorted(d.misses.items()):
                lines.append(f"   miss     {t:<12} {'; '.join(items)}")
            for t, items in sorted(d.spurious.items()):
                lines.append(f"   spurious {t:<12} {'; '.join(items)}")
        lines.append("")
    lines.append(f"{report.n_documents} gold documents, gazetteer: {report.gazetteer}")
    if report.municipalities_resolved:
        share = report.municipalities_with_key / report.municipalities_resolved
        lines.append(f"municipality mentions with an AGS key: {report.municipalities_with_key}/"
                     f"{report.municipalities_resolved} ({share:.1%})")
    lines.append(f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for t, s in report.per_type.items():
        lines.append(f"{t:<14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    if report.facts is not None:
        from extract.evaluate_facts import format_fact_report

        lines.append("")
        lines.append(format_fact_report(report.facts, details=details))
    return "\n".join(lines)
