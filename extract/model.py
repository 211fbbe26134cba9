"""Typed records that flow through the pipeline: ingest -> clean -> annotate -> reconcile -> write.

Every stage takes and returns these dataclasses; no stage reaches back into an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Mention types written to mentions.csv (DATASET.md).
MENTION_TYPES = ("municipality", "amount", "date", "person", "organization", "program")


@dataclass(frozen=True)
class RawDocument:
    """One input file or URL after ingest: raw bytes decoded (or the reason it could not be)."""

    doc_id: str
    source: str
    sha256: str
    raw: bytes
    text: str  # decoded original text; mention offsets point into this string
    encoding: str
    media_type: str  # "text" or "html"
    status: str  # ok | empty | skipped | error
    error: str = ""
    warning: str = ""  # what was repaired in a usable document (a damaged UTF-8 tail), else ""


@dataclass(frozen=True)
class CleanDocument:
    """Cleaned text plus a map from every clean character back to the original text."""

    doc_id: str
    text: str
    origin: tuple[int, ...]  # origin[i] = index in RawDocument.text of clean char i
    title: str = ""
    published: str = ""  # ISO YYYY-MM-DD / YYYY-MM / YYYY, or ""
    publisher: str = ""
    dateline: str = ""  # place named in the dateline ("Leverkusen, 12. Januar 2017")
    n_chars_raw: int = 0
    # the dateline's own date, a reference-date fallback: "2017-01-12", or "XXXX-03-03" for
    # "Erfurt / Kahla, 03. März –" (no year); "" without a dated dateline
    dateline_date: str = ""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean-text span [start, end) to the original text."""
        if end <= start:
            pos = self.origin[start] if start < len(self.origin) else self.n_chars_raw
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True)
class SpanInfo:
    """Normalised payload a pressextract spaCy component attaches to a span (``span._.pe``)."""

    value: str
    rule: str
    unit: str = ""
    period: str = ""
    confidence: float = 1.0
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """One extracted mention, with provenance, as written to mentions.csv."""

    doc_id: str
    type: str
    text: str
    start: int  # offsets into RawDocument.text
    end: int
    sentence: str
    value: str
    unit: str = ""
    period: str = ""
    role: str = ""
    title: str = ""
    source_rule: str = ""
    confidence: float = 1.0
    entity_id: str = ""
    canonical: str = ""
    clean_start: int = 0  # offsets into CleanDocument.text (not written to CSV)
    clean_end: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def mention_id(self) -> str:
        return f"{self.doc_id}:{self.start}"


@dataclass(frozen=True)
class Entity:
    """A reconciled entity across the whole run (entities.csv)."""

    entity_id: str
    type: str
    canonical: str
    key: str = ""
    kind: str = ""
    state: str = ""
    aliases: tuple[str, ...] = ()
    n_mentions: int = 0
    n_documents: int = 0


@dataclass(frozen=True)
class Fact:
    """A reconciled fact (facts.csv)."""

    fact_id: str
    subject_id: str
    predicate: str
    object_id: str = ""
    value: str = ""
    unit: str = ""
    period: str = ""
    valid_from: str = ""
    valid_to: str = ""
    qualifiers: dict[str, Any] = field(default_factory=dict)
    doc_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    confidence: float = 1.0


@dataclass
class DocumentResult:
    """Everything the pipeline learned about one input, ready for the writer."""

    raw: RawDocument
    clean: CleanDocument | None
    mentions: list[Mention] = field(default_factory=list)
