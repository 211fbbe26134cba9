"""Evaluation against gold annotations (``eval/SCHEMA.md``): precision, recall and F1 per type.

Matching per document, then micro-averaged over all documents:
- municipality: distinct (canonical name, is-a-Kreis) pairs;
- amount: every mention, by (value, currency);
- date: every mention, by normalised value;
- person: distinct canonical names.
Names compare case-insensitively with whitespace collapsed. A gold file that leaves out a
mention list (key absent) did not annotate that type: it is not scored there; an empty list
means "none". Document metadata is scored apart (:data:`META_FIELDS`): the publication date
exactly, over the gold files whose ``published`` is set; the title, the publisher and the
dateline place exactly (whitespace collapsed, trailing period dropped) over the gold files that
set them. A gold file whose key is present but ``null`` states none: a value found there is
counted as ``spurious``.
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
    from spacy.language import Language

    from extract.evaluate_facts import FactReport

TYPES = ("municipality", "amount", "date", "person")
GOLD_KEYS = {"municipality": "municipalities", "amount": "amounts", "date": "dates", "person": "people"}
# gold key -> label of the document metadata fields scored apart (CleanDocument attribute = gold key)
META_FIELDS = {"published": "publication date", "title": "title", "publisher": "publisher", "dateline": "dateline"}


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
        return Counter({(_norm(_official_name(e)), str(e.get("kind") == "Kreis")): 1 for e in entries})
    if type_ == "amount":
        return Counter((_number(e["value"]), e.get("currency") or "EUR") for e in entries)
    if type_ == "date":
        return Counter((str(e["value"]),) for e in entries)
    return Counter({(_norm(e["name"]),): 1 for e in entries})


def _official_name(entry: dict[str, Any]) -> str:
    """The gazetteer's canonical name for a gold municipality written another way ("Bad Homburg
    vor der Höhe" = "Bad Homburg v.d.Höhe", "Landkreis Heidekreis" = "Heidekreis", "Cottbus/Chóśebuz"
    = "Cottbus"): the one entry
    of that Land and level the name (or, for a Kreis, the name without "Landkreis"/"Kreis") is a
    form of; else the name as written."""
    from extract.gazetteer import load_gazetteer

    name, is_kreis = str(entry["name"]), entry.get("kind") == "Kreis"
    gaz = load_gazetteer()
    forms = [name] + ([name.split(" ", 1)[1]] if is_kreis and name.startswith(("Landkreis ", "Kreis ")) else [])
    if "/" in name and not is_kreis:
        forms.append(name.split("/", 1)[0])  # bilingual official names: "Cottbus/Chóśebuz", "Bautzen/Budyšin"
    for form in forms:
        found = {e.canonical for e in gaz.lookup(form)
                 if e.is_kreis == is_kreis and (not entry.get("state") or e.state == entry["state"])}
        if len(found) == 1:
            return found.pop()
    return name


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


def annotated(gold: dict[str, Any], type_: str) -> bool:
    """Whether a gold document annotates this type (its list key is present, even if empty)."""
    return GOLD_KEYS[type_] in gold


def _title_norm(title: str) -> str:
    return " ".join(str(title).split()).rstrip(" .")


@dataclass
class MetaScore:
    """Exact matches of one metadata field over the gold documents that state it."""

    hits: int = 0
    total: int = 0
    spurious: int = 0  # a value found where the gold key is present but null (nothing stated)
    errors: list[str] = field(default_factory=list)  # "doc: expected X, got Y"

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


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
    published: MetaScore = field(default_factory=MetaScore)
    title: MetaScore = field(default_factory=MetaScore)
    facts: FactReport | None = None  # None when no gold document carries a "facts" list
    publisher: MetaScore = field(default_factory=MetaScore)
    dateline: MetaScore = field(default_factory=MetaScore)

    def meta(self) -> dict[str, MetaScore]:
        """The metadata scores by gold key, in :data:`META_FIELDS` order."""
        return {key: getattr(self, key) for key in META_FIELDS}

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


def evaluate(gold_dir: Path, model: str | None = None, nlp: Language | None = None) -> EvalReport:
    """Run the pipeline (``nlp``, else the one ``model`` names) over the gold texts and score it."""
    from extract.gazetteer import gazetteer_source

    gold_docs = load_gold(gold_dir)
    with tempfile.TemporaryDirectory(prefix="pressextract-eval-") as tmp:
        for doc in gold_docs:
            (Path(tmp) / f"{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
        run = process([tmp], nlp=nlp, model=model)
    by_source = {Path(r.raw.source).stem: r.mentions for r in run.results}
    cleaned = {Path(r.raw.source).stem: r.clean for r in run.results if r.clean is not None}
    per_type = {t: Score() for t in TYPES}
    errors = []
    meta = {key: MetaScore() for key in META_FIELDS}
    for doc in gold_docs:
        mentions = by_source.get(doc["id"], [])
        score_metadata(doc, cleaned.get(doc["id"]), meta)
        doc_errors = DocumentErrors(doc["id"])
        for t in TYPES:
            if not annotated(doc, t):
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
    return EvalReport(per_type, errors, len(gold_docs), gazetteer_source(), with_key, len(municipal),
                      meta["published"], meta["title"], facts, meta["publisher"], meta["dateline"])


def _meta_norm(key: str, value: Any) -> str:
    return str(value or "") if key == "published" else _title_norm(value or "")


def score_metadata(doc: dict[str, Any], clean: Any, meta: dict[str, MetaScore]) -> None:
    """Add one gold document's metadata fields to ``meta`` (gold key -> score)."""
    for key, score in meta.items():
        if key not in doc:
            continue  # not annotated
        got = _meta_norm(key, getattr(clean, key, "") if clean is not None else "")
        if not doc[key]:
            if got:
                score.spurious += 1
                score.errors.append(f"{doc['id']}: expected none, got {got!r}")
            continue
        expected = _meta_norm(key, doc[key])
        score.total += 1
        if got == expected:
            score.hits += 1
        else:
            score.errors.append(f"{doc['id']}: expected {expected!r}, got {got or '-'!r}")


def error_lines(documents: list[DocumentErrors], width: int, heading: str = "") -> list[str]:
    """Each document's missed and spurious items, one line per kind (type or predicate)."""
    lines = []
    for d in documents:
        lines.append(f"== {d.doc}{heading}")
        for kind, items in sorted(d.misses.items()):
            lines.append(f"   miss     {kind:<{width}} {'; '.join(items)}")
        for kind, items in sorted(d.spurious.items()):
            lines.append(f"   spurious {kind:<{width}} {'; '.join(items)}")
    return lines


def format_report(report: EvalReport, details: bool = True) -> str:
    """A readable table (and optionally the per-document errors)."""
    lines = []
    if details:
        lines += error_lines(report.documents, 12)
        for key, meta in report.meta().items():
            for error in meta.errors:
                lines.append(f"== {META_FIELDS[key]} {error}")
        lines.append("")
    lines.append(f"{report.n_documents} gold documents, gazetteer: {report.gazetteer}")
    if report.municipalities_resolved:
        share = report.municipalities_with_key / report.municipalities_resolved
        lines.append(f"municipality mentions with an AGS key: {report.municipalities_with_key}/"
                     f"{report.municipalities_resolved} ({share:.1%})")
    for key, meta in report.meta().items():
        if meta.total or meta.spurious:
            extra = f", {meta.spurious} stated where the gold has none" if meta.spurious else ""
            lines.append(f"{META_FIELDS[key]} exact: {meta.hits}/{meta.total} ({meta.rate * 100:.0f} %){extra}")
    lines.append(f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for t, s in report.per_type.items():
        if not s.tp + s.fp + s.fn:
            lines.append(f"{t:<14}{'no gold items':>21}")
            continue
        lines.append(f"{t:<14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}")
    if report.facts is not None:
        from extract.evaluate_facts import format_fact_report

        lines.append("")
        lines.append(format_fact_report(report.facts, details=details))
    return "\n".join(lines)
