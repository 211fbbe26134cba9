"""What the conflict report and the review page show of a diff item, as plain data for the templates.

Pure functions, no HTML: the Jinja2 templates in ``extract/templates/`` render these views with
autoescape on, so every text taken from the data is escaped by the template engine.

* amounts in the German style (``2.000.000 €``, ``0,20 €``), with the approximate qualifier found
  before the amount in the evidence sentence (``rund``; the words come from
  ``rules/amounts/qualifiers.yaml``) and the fact's confidence;
* evidence sentences as segments: plain text, a marked mention, or the *disputed* value (the
  amount of a funding fact, the role word of ``holds_role``);
* the value split into parts, each flagged when it differs from the registry's value;
* links to the sources: URLs as they are, files through the review server (``/source/<doc>``)
  or, in the static report, ``file:`` links when the source is an absolute path that exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.diff_items import DiffItem, Evidence

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
PERIOD_WORDS = {"year": "/ Jahr", "month": "/ Monat", "total": "insgesamt", "once": "einmalig"}
_URL = re.compile(r"^https?://", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# numbers


def german_number(text: str) -> str:
    """``2000000`` → ``2.000.000``, ``1234.5`` → ``1.234,50``; anything not a number is returned as it is."""
    try:
        number = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return str(text)
    if not number.is_finite():
        return str(text)
    body = f"{int(number):,}" if number == number.to_integral_value() else f"{number:,.2f}"
    return body.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def german_amount(value: str, unit: str = "") -> str:
    """``german_amount("2000000", "EUR")`` → ``2.000.000 €``; other currencies keep their code (``5 CHF``)."""
    number = german_number(value)
    if not unit:
        return number
    return f"{number} {CURRENCY_SYMBOLS.get(unit.upper(), unit)}"


def amount_sort_key(item: DiffItem) -> Decimal:
    """The numeric value of an item's batch value (registry value for unseen items); 0 when not a number."""
    values = item.new_value if item.new_value is not None else item.registry_value
    try:
        return Decimal(str((values or {}).get("value", "")).strip())
    except (InvalidOperation, ValueError):
        return Decimal(0)


def newest_published(item: DiffItem) -> str:
    """The latest publication date among the item's documents (or the registry's), "" if none."""
    dates = [d.published for d in item.documents if d.published]
    if not dates and item.registry_fact:
        dates = [p for p in (item.registry_fact.get("published") or "").split("|") if p]
    return max(dates) if dates else ""


# ---------------------------------------------------------------------------------------------
# qualifiers


@cache
def _qualifier_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase, kind) from the amount qualifier lexicon, longest first."""
    from extract.rules import read_yaml

    try:
        data = read_yaml("amounts/qualifiers.yaml")["qualifiers"]
    except (OSError, KeyError, TypeError):
        return ()
    pairs = [(str(p).lower(), kind) for kind, phrases in data.items() for p in phrases]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def qualifier_before(sentence: str, start: int) -> tuple[str, str]:
    """The qualifier phrase that ends right before ``start`` in the sentence: (as written, kind), or ("", "")."""
    before = sentence[:start].rstrip()
    lowered = before.lower()
    for phrase, kind in _qualifier_phrases():
        if lowered.endswith(phrase):
            begin = len(before) - len(phrase)
            if begin == 0 or not before[begin - 1].isalnum():
                return before[begin:], kind
    return "", ""


def amount_qualifier(item: DiffItem) -> tuple[str, str]:
    """The qualifier of an amount fact: from its qualifiers if the pipeline recorded one, else the word
    before the amount in its evidence (``rund`` → ("rund", "approx"))."""
    if item.qualifiers.get("qualifier"):
        return str(item.qualifiers["qualifier"]), str(item.qualifiers.get("qualifier_kind", ""))
    if fs.spec_for(item.predicate).value_kind != "amount":
        return "", ""
    for ev in item.evidence:
        for start, _end in _disputed_spans(item, ev):
            found = qualifier_before(ev.sentence, start)
            if found[0]:
                return found
    return "", ""


# ---------------------------------------------------------------------------------------------
# values


@dataclass
class ValuePart:
    """One part of a displayed value (the amount, the period, the validity); ``differs`` from the registry."""

    text: str
    kind: str
    differs: bool = False


def value_parts(
    predicate: str, values: dict[str, str] | None, other: dict[str, str] | None = None
) -> list[ValuePart]:
    """The value as display parts; with ``other`` (the registry value), parts that differ are flagged."""
    if values is None:
        return []
    spec = fs.spec_for(predicate)

    def differs(*cols: str) -> bool:
        if other is None:
            return False
        for col in cols:
            a, b = values.get(col, ""), other.get(col, "")
            if col in spec.optional and not (a and b):
                continue
            if spec.value_kind == "text" and col == "value":
                a, b = a.casefold(), b.casefold()
            if a != b:
                return True
        return False

    parts: list[ValuePart] = []
    value, unit = values.get("value", ""), values.get("unit", "")
    if predicate == "participates_in":
        since, until = values.get("valid_from", ""), values.get("valid_to", "")
        text = (f"since {since}" if since else "") + (f" until {until}" if until else "")
        return [ValuePart(text.strip() or "(no date)", "validity", differs("valid_from", "valid_to"))]
    if value or unit:
        if spec.value_kind == "amount":
            text = german_amount(value, unit)
        elif spec.value_kind == "integer":
            text = german_number(value)
        else:
            text = " ".join(p for p in (value, unit) if p)
        parts.append(ValuePart(text, "value", differs("value", "unit")))
    period = values.get("period", "")
    if period and "period" in spec.strict:
        parts.append(ValuePart(PERIOD_WORDS.get(period, period), "period", differs("period")))
    elif "period" in spec.strict and other is not None and other.get("period"):
        parts.append(ValuePart("(no period)", "period", True))
    since, until = values.get("valid_from", ""), values.get("valid_to", "")
    if since or until:
        parts.append(
            ValuePart(f"({since or '…'} – {until})".replace(" )", ")"), "validity", differs("valid_from", "valid_to"))
        )
    return parts or [ValuePart("(empty)", "value")]


def value_text(predicate: str, values: dict[str, str] | None, qualifier: str = "") -> str:
    """The displayed value as one line: ``rund 2.000.000 € / Jahr``; "" for None."""
    if values is None:
        return ""
    text = " ".join(p.text for p in value_parts(predicate, values))
    return f"{qualifier} {text}" if qualifier else text


# ---------------------------------------------------------------------------------------------
# evidence


@dataclass
class Segment:
    """A piece of an evidence sentence: ``mark`` is "", "mention" or "disputed"."""

    text: str
    mark: str = ""


@dataclass
class EvidenceView:
    """One evidence sentence, split into segments, with where it comes from."""

    segments: list[Segment]
    doc_id: str
    source: str
    published: str
    link: str
    mentions: str


def _disputed_spans(item: DiffItem, ev: Evidence, values: dict[str, str] | None = None) -> list[tuple[int, int]]:
    """Spans of the sentence that carry the value in dispute (``values``: the value the sentence
    states, default the item's batch value)."""
    spec = fs.spec_for(item.predicate)
    values = values if values is not None else (item.new_value or item.registry_value or {})
    if spec.value_kind == "amount":
        texts = {m.get("text", "") for m in ev.mentions if m.get("type") == "amount"}
        spans = [(s, e) for s, e in ev.highlights if ev.sentence[s:e] in texts]
        if spans:
            return spans
        value = values.get("value", "")
        return [(s, e) for s, e in ev.highlights if value and ev.sentence[s:e].strip() == value]
    if item.predicate == "holds_role" or spec.value_kind == "text":
        role = (values.get("value") or "").strip()
        if not role:
            return []
        spans = []
        for match in re.finditer(re.escape(role), ev.sentence, re.IGNORECASE):
            spans.append((match.start(), match.end()))
        return spans
    if spec.value_kind == "integer":
        value = values.get("value", "")
        return [(s, e) for s, e in ev.highlights if value and ev.sentence[s:e].strip() == value]
    return []


def segments(sentence: str, spans: list[tuple[int, int]], disputed: list[tuple[int, int]] = ()) -> list[Segment]:
    """Split a sentence at the spans (marked "mention") and the disputed spans (marked "disputed").

    Overlapping or out-of-range spans are skipped; a disputed span wins over a mention span it overlaps.
    """
    marks = [(s, e, "disputed") for s, e in disputed] + [(s, e, "mention") for s, e in spans]
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in marks:
        if start >= end or start < 0 or end > len(sentence):
            continue
        if any(start < e and s < end for s, e, _k in chosen):
            continue
        chosen.append((start, end, kind))
    out: list[Segment] = []
    pos = 0
    for start, end, kind in sorted(chosen):
        if start > pos:
            out.append(Segment(sentence[pos:start]))
        out.append(Segment(sentence[start:end], kind))
        pos = end
    if pos < len(sentence):
        out.append(Segment(sentence[pos:]))
    return out


def source_link(source: str, doc_id: str, *, interactive: bool, known_files: bool = False) -> str:
    """Where a click on a document's source goes: its URL; a file through the review server
    (``/source/<doc_id>``, when the server can find it); in the static report a ``file:`` URL when the
    source is an absolute path that exists; else "" (no link)."""
    if _URL.match(source or ""):
        return source
    if interactive:
        return f"/source/{doc_id}" if known_files else ""
    path = Path(source) if source else None
    if path is not None and path.is_absolute() and path.is_file():
        return path.as_uri()
    return ""


def evidence_views(
    item: DiffItem,
    evidence: list[Evidence],
    *,
    interactive: bool,
    files: set[str] | None = None,
    values: dict[str, str] | None = None,
) -> list[EvidenceView]:
    """Views of evidence sentences; ``files`` are the doc ids whose source file the server can serve;
    ``values`` the value the sentences state (default the item's batch value)."""
    views = []
    for ev in evidence:
        disputed = _disputed_spans(item, ev, values)
        where = "; ".join(f"{m.get('type', '')} “{m.get('text', '')}” at {m.get('start')}–{m.get('end')}"
                          for m in ev.mentions)
        views.append(
            EvidenceView(
                segments(ev.sentence, list(ev.highlights), disputed),
                ev.doc_id,
                ev.source or ev.doc_id,
                ev.published,
                source_link(ev.source, ev.doc_id, interactive=interactive, known_files=ev.doc_id in (files or ())),
                where,
            )
        )
    return views


# ---------------------------------------------------------------------------------------------
# the item view


@dataclass
class DocumentView:
    """A document stating an item's value."""

    doc_id: str
    source: str
    published: str
    title: str
    link: str
    newest: bool


@dataclass
class ItemView:
    """Everything a card of the report or the review page shows of one diff item."""

    item_id: str
    status: str
    natural_key: str
    anchor: str
    predicate: str
    subject: str
    object: str
    key_qualifiers: str
    registry_parts: list[ValuePart]
    registry_text: str
    registry_source: str
    registry_published: str
    registry_by: str
    registry_evidence: list[EvidenceView]
    new_parts: list[ValuePart]
    new_text: str
    qualifier: str
    qualifier_kind: str
    confidence: str
    documents: list[DocumentView]
    evidence: list[EvidenceView]
    other_values: list[str]
    detail: str
    decision: dict[str, Any] | None = None
    decision_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    more_evidence: int = 0  # evidence sentences not shown (diff --evidence)


def decision_text(decision: dict[str, Any] | None) -> str:
    """``accepted by ana at 2026-… (#3)``; "" without a decision."""
    if not decision:
        return ""
    return f"{decision['action']}ed by {decision['who']} at {decision['at']} (#{decision['decision_id']})"


def german_confidence(text: str) -> str:
    """``0.8`` → ``0,8``; "" stays ""."""
    return str(text).replace(".", ",") if text else ""


def item_view(
    item: DiffItem,
    *,
    interactive: bool = False,
    decision: dict[str, Any] | None = None,
    registry_evidence: list[Evidence] | None = None,
    files: set[str] | None = None,
    newest: str | None = None,
) -> ItemView:
    """The view of one diff item (``newest``: the date to badge as newest, default the item's own newest)."""
    newest = newest_published(item) if newest is None else newest
    reg = item.registry_fact or {}
    quals = ", ".join(f"{k}: {v}" for k, v in item.key_qualifiers.items() if v)
    qualifier, kind = amount_qualifier(item)
    compare_to = item.registry_value if item.status in ("conflict", "rejected") else None
    if item.status == "conflict" and item.registry_value is None:
        compare_to = next((v for v in item.batch_values if v != item.new_value), None)
    others = [value_text(item.predicate, v) for v in item.batch_values if v != item.new_value]
    docs = [
        DocumentView(
            d.doc_id,
            d.source or d.doc_id,
            d.published,
            d.title,
            source_link(d.source, d.doc_id, interactive=interactive, known_files=d.doc_id in (files or ())),
            bool(newest) and d.published == newest,
        )
        for d in item.documents
    ]
    return ItemView(
        item_id=item.item_id,
        status=item.status,
        natural_key=item.natural_key,
        anchor="k-" + item.item_id,
        predicate=item.predicate,
        subject=item.subject_label,
        object=item.object_label,
        key_qualifiers=quals,
        registry_parts=value_parts(item.predicate, item.registry_value, item.new_value if compare_to else None),
        registry_text=value_text(item.predicate, item.registry_value),
        registry_source=reg.get("source") or "",
        registry_published=(reg.get("published") or "").replace("|", ", "),
        registry_by=" ".join(p for p in (reg.get("accepted_by") or "", reg.get("accepted_at") or "") if p),
        registry_evidence=evidence_views(
            item, registry_evidence or [], interactive=interactive, files=files, values=item.registry_value or {}
        ),
        new_parts=value_parts(item.predicate, item.new_value, compare_to),
        new_text=value_text(item.predicate, item.new_value, qualifier),
        qualifier=qualifier,
        qualifier_kind=kind,
        confidence=german_confidence(item.confidence),
        documents=docs,
        evidence=evidence_views(item, item.evidence, interactive=interactive, files=files),
        other_values=others,
        detail=item.detail,
        decision=decision,
        decision_text=decision_text(decision),
        more_evidence=item.more_evidence,
    )
