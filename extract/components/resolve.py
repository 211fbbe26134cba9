"""Resolve overlaps between all pressextract spans, once, at the end of the pipeline.

Longest span wins (``spacy.util.filter_spans`` semantics); among spans of equal length the
type priority below decides, so the outcome never depends on component order.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from extract.components import SPAN_GROUP

# Lower number wins a tie between spans of the same length.
TYPE_PRIORITY = {"amount": 0, "date": 1, "person": 2, "municipality": 3, "program": 4, "organization": 5}


class OverlapResolver:
    """Keep a non-overlapping subset of ``doc.spans[SPAN_GROUP]``."""

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_GROUP, []))
        spans.sort(key=lambda s: (s.start, TYPE_PRIORITY.get(s.label_, 9)))
        # filter_spans sorts by length (desc) then start; Python's sort is stable, so our
        # priority order survives among equally long spans at the same start.
        doc.spans[SPAN_GROUP] = sorted(filter_spans(spans), key=lambda s: (s.start, s.end))
        return doc


@Language.factory("pressextract_resolve")
def make_resolver(nlp: Language, name: str) -> OverlapResolver:
    """Overlap resolution across all pressextract span types."""
    return OverlapResolver()
