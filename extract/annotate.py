"""Annotate stage: clean documents through the spaCy pipeline, spans out as :class:`Mention` records.

Offsets are translated here, once, from clean-text characters to the original text, using the
map the cleaning stage built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components import spans_of
from extract.model import CleanDocument, Mention

_SPACES = re.compile(r"\s+")


def to_spacy_doc(nlp: Language, clean: CleanDocument) -> Doc:
    """A tokenized Doc with the document context the components read."""
    doc = nlp.make_doc(clean.text)
    doc._.published = clean.published
    doc._.publisher = clean.publisher
    doc._.dateline = clean.dateline
    doc._.title = clean.title
    return doc


def span_to_mention(clean: CleanDocument, span: Span) -> Mention:
    """One pressextract span as a Mention with original-text offsets and its sentence."""
    info = span._.pe
    start, end = clean.original_span(span.start_char, span.end_char)
    attrs = dict(info.attrs) if info is not None else {}
    return Mention(
        doc_id=clean.doc_id,
        type=span.label_,
        text=span.text,
        start=start,
        end=end,
        sentence=_SPACES.sub(" ", span.sent.text).strip(),
        value=info.value if info else span.text,
        unit=info.unit if info else "",
        period=info.period if info else "",
        role=str(attrs.get("role") or ""),
        title=str(attrs.get("title") or ""),
        source_rule=info.rule if info else "unknown",
        confidence=info.confidence if info else 0.5,
        clean_start=span.start_char,
        clean_end=span.end_char,
        attrs=attrs,
    )


def annotate(
    nlp: Language, docs: Iterable[CleanDocument], batch_size: int = 32
) -> Iterator[tuple[CleanDocument, list[Mention]]]:
    """Run the pipeline over clean documents, yielding each with its mentions in text order."""
    pending: list[CleanDocument] = []

    def flush() -> Iterator[tuple[CleanDocument, list[Mention]]]:
        spacy_docs = (to_spacy_doc(nlp, c) for c in pending)
        for clean, doc in zip(pending, nlp.pipe(spacy_docs, batch_size=batch_size), strict=True):
            yield clean, [span_to_mention(clean, s) for s in spans_of(doc)]
        pending.clear()

    for clean in docs:
        pending.append(clean)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
