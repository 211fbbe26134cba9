"""Resolve overlaps between all pressextract spans, once, at the end of the pipeline.

Longest span wins (``spacy.util.filter_spans`` semantics); among spans of equal length the
type priority below decides, so the outcome never depends on component order. Two exceptions
for organisation spans, whose borders are the least sure (issue 12):

* a municipality named inside an organisation's name ("Sparkasse Leverkusen", "Polizeipräsidium
  Tuttlingen") is a mention of its own (SCHEMA.md counts every municipality a text names): it
  stays beside the organisation span that contains it, marked ``in_name`` (facts then take the
  organisation, not the place, for a recipient);
* an organisation span from the NER model that only partly overlaps a municipality span
  ("Altmarkkreis Salzwedel Landkreis" across "Altmarkkreis Salzwedel" and "Landkreis Esslingen"
  of a list) has a wrong border: it is dropped, the gazetteer spans stay.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.components import SPAN_GROUP
from extract.components._matching import drop_token_table

# Lower number wins a tie between spans of the same length.
TYPE_PRIORITY = {"amount": 0, "date": 1, "person": 2, "municipality": 3, "program": 4, "organization": 5}


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and len(inner) < len(outer)


def _crosses(a: Span, b: Span) -> bool:
    """Overlapping, neither inside the other."""
    return a.start < b.end and b.start < a.end and not (
        (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end))


def _ner_org(span: Span) -> bool:
    return span.label_ == "organization" and span._.pe is not None and span._.pe.rule == "ner.model"


class OverlapResolver:
    """Keep a non-overlapping subset of ``doc.spans[SPAN_GROUP]``, plus municipalities nested in
    the organisation names that survive."""

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_GROUP, []))
        places = [s for s in spans if s.label_ == "municipality"]
        orgs = [s for s in spans if s.label_ == "organization"]
        nested: list[tuple[Span, list[Span]]] = []
        if places and orgs:
            spans = [s for s in spans if not (_ner_org(s) and any(_crosses(s, p) for p in places))]
            orgs = [s for s in spans if s.label_ == "organization"]
            for place in places:
                hosts = [o for o in orgs if _inside(place, o)]
                if hosts:
                    nested.append((place, hosts))
            held = {id(p) for p, _ in nested}
            spans = [s for s in spans if id(s) not in held]
        spans.sort(key=lambda s: (s.start, TYPE_PRIORITY.get(s.label_, 9)))
        # filter_spans sorts by length (desc) then start; Python's sort is stable, so our
        # priority order survives among equally long spans at the same start.
        kept = filter_spans(spans)
        for place, hosts in nested:
            alive = {(s.start, s.end, s.label_) for s in kept}
            if any((h.start, h.end, h.label_) in alive for h in hosts):
                if place._.pe is not None and not place._.pe.attrs.get("in_name"):
                    # "Sportverein Wertheim": part of the name; facts take the organisation
                    place._.pe = replace(place._.pe, attrs={**place._.pe.attrs, "in_name": True})
                kept.append(place)  # inside a kept organisation name
            elif not any(s.start < place.end and place.start < s.end for s in kept):
                kept.append(place)  # its organisation lost to another span: the place is free
        doc.spans[SPAN_GROUP] = sorted(kept, key=lambda s: (s.start, s.end, TYPE_PRIORITY.get(s.label_, 9)))
        drop_token_table(doc)  # the components' per-doc cache does not leave the pipeline
        return doc


@Language.factory("pressextract_resolve")
def make_resolver(nlp: Language, name: str) -> OverlapResolver:
    """Overlap resolution across all pressextract span types."""
    return OverlapResolver()
