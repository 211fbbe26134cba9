"""spaCy components of pressextract and the span contract they share.

Every extractor is a ``@Language.factory`` component that adds spans to the span group
``doc.spans[SPAN_GROUP]``; ``span.label_`` is the mention type (``amount``, ``date``,
``municipality``, ``person``, ...) and ``span._.pe`` holds a :class:`extract.model.SpanInfo`
with the normalised value and the id of the rule that produced it. Overlaps between all
extractors are resolved once, by the ``pressextract_resolve`` component at the end.

Document context that some extractors use (the publication date to resolve "gestern", the
publisher and dateline to disambiguate "Monheim") is read from ``doc._.published``,
``doc._.publisher`` and ``doc._.dateline``; in a user's own pipeline these may stay unset.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.model import SpanInfo

SPAN_GROUP = "pressextract"

for _name in ("published", "publisher", "dateline", "dateline_date", "title"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default="")


def _payload_key(span: Span) -> tuple[str, int, int, str]:
    # spaCy keys plain span extension values by (start, end) only, so two spans with the
    # same boundaries but different labels ("Rheinisch-Bergische Kreis" as municipality and
    # as organisation) would share one payload. Keying by label too keeps them apart.
    return ("pressextract.pe", span.start_char, span.end_char, span.label_)


def _get_payload(span: Span) -> SpanInfo | None:
    return span.doc.user_data.get(_payload_key(span))


def _set_payload(span: Span, info: SpanInfo | None) -> None:
    span.doc.user_data[_payload_key(span)] = info


if not Span.has_extension("pe"):
    Span.set_extension("pe", getter=_get_payload, setter=_set_payload)


def add_span(doc: Doc, start: int, end: int, label: str, info: SpanInfo) -> Span:
    """Add a token span [start, end) with its payload to the shared span group."""
    span = Span(doc, start, end, label=label)
    _set_payload(span, info)  # = ``span._.pe = info`` without building an Underscore object
    doc.spans.setdefault(SPAN_GROUP, []).append(span)
    return span


def spans_of(doc: Doc, label: str | None = None) -> list[Span]:
    """The pressextract spans of a doc, optionally of one type, in text order."""
    group = doc.spans.get(SPAN_GROUP, [])
    return sorted((s for s in group if label is None or s.label_ == label), key=lambda s: (s.start, s.end))
