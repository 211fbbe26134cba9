"""Annotate stage: clean documents through the spaCy pipeline, spans out as :class:`Mention` records.

Offsets are translated here, once, from clean-text characters to the original text, using the
map the cleaning stage built.

Long texts: spaCy refuses a text longer than ``nlp.max_length`` (E088) and needs memory in
proportion to the text. A text longer than :data:`WINDOW_CHARS` (or ``nlp.max_length``) is cut
into windows at paragraph breaks, else line breaks, else sentence ends, else spaces (a hard cut
only for a window without any), each annotated as a document of its own with the same metadata
(title, publication date, publisher, dateline). Each window carries its slice of the offset map,
so offsets stay exact; memory is bounded by the window size.

A document whose annotation raises is not the end of the batch: it comes out as an
:class:`AnnotationFailure` in place of its mentions, and the pipeline records it as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components import _get_payload, spans_of
from extract.model import CleanDocument, Mention

_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?;:][\"'»«“”)\]]*\s+")
WINDOW_CHARS = 100_000  # characters per window of a long text; a press release has 2,000-10,000


@dataclass(frozen=True)
class AnnotationFailure:
    """Stands in for the mentions of a document whose annotation raised."""

    message: str


def to_spacy_doc(nlp: Language, clean: CleanDocument) -> Doc:
    """A tokenized Doc with the document context the components read."""
    doc = nlp.make_doc(clean.text)
    doc._.published = clean.published
    doc._.publisher = clean.publisher
    doc._.dateline = clean.dateline
    doc._.dateline_date = clean.dateline_date
    doc._.title = clean.title
    return doc


def span_to_mention(clean: CleanDocument, span: Span, sentences: dict[int, str] | None = None) -> Mention:
    """One pressextract span as a Mention with original-text offsets and its sentence.

    ``sentences`` caches the whitespace-squeezed sentence text per sentence start (one dict per
    Doc, see :func:`mentions_of`).
    """
    info = _get_payload(span)  # span._.pe without building an Underscore object
    start, end = clean.original_span(span.start_char, span.end_char)
    attrs = dict(info.attrs) if info is not None else {}
    text = clean.text  # the Doc's text (Doc.text would rebuild it from every token)
    sent = span.sent
    sentence = sentences.get(sent.start) if sentences is not None else None
    if sentence is None:
        # Span.text is the text between its first and last character (no trailing whitespace)
        sentence = _SPACES.sub(" ", text[sent.start_char:sent.end_char]).strip()
        if sentences is not None:
            sentences[sent.start] = sentence
    return Mention(
        doc_id=clean.doc_id,
        type=span.label_,
        text=text[span.start_char:span.end_char],
        start=start,
        end=end,
        sentence=sentence,
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


def mentions_of(clean: CleanDocument, doc: Doc) -> list[Mention]:
    """The pressextract spans of an annotated ``doc`` as Mentions, in text order."""
    sentences: dict[int, str] = {}
    return [span_to_mention(clean, s, sentences) for s in spans_of(doc)]


def window_bounds(text: str, limit: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """[start, end) pieces covering ``text``, each at most ``limit`` characters, cut at the last
    paragraph break, line break, sentence end or space in the second half of each piece."""
    if limit < 2:
        raise ValueError("window limit must be at least 2 characters")
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        low = start + limit // 2
        cut = -1
        for border in ("\n\n", "\n"):
            found = text.rfind(border, low, end)
            if found >= 0:
                cut = found + len(border)
                break
        if cut < 0:
            last = None
            for last in _SENTENCE_END.finditer(text, low, end):  # noqa: B007 - the last one is wanted
                pass
            if last is not None:
                cut = last.end()
        if cut < 0:
            found = max(text.rfind(" ", low, end), text.rfind("\t", low, end))
            cut = found + 1 if found >= 0 else end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def _window_limit(nlp: Language) -> int:
    return max(2, min(WINDOW_CHARS, int(nlp.max_length)))


def _windows(clean: CleanDocument, limit: int) -> list[tuple[int, CleanDocument]]:
    """The windows of a long document: (clean-text offset, a CleanDocument over that slice)."""
    return [
        (a, replace(clean, text=clean.text[a:b], origin=clean.origin[a:b]))
        for a, b in window_bounds(clean.text, limit)
    ]


def _annotate_long(nlp: Language, clean: CleanDocument, limit: int) -> list[Mention]:
    mentions: list[Mention] = []
    for offset, piece in _windows(clean, limit):
        doc = nlp(to_spacy_doc(nlp, piece))
        mentions.extend(
            replace(m, clean_start=m.clean_start + offset, clean_end=m.clean_end + offset)
            for m in mentions_of(piece, doc)
        )
    return mentions


def _failure(exc: BaseException) -> AnnotationFailure:
    return AnnotationFailure(f"annotation failed: {type(exc).__name__}: {exc}")


def annotate(
    nlp: Language, docs: Iterable[CleanDocument], batch_size: int = 32
) -> Iterator[tuple[CleanDocument, list[Mention] | AnnotationFailure]]:
    """Run the pipeline over clean documents, yielding each with its mentions in text order.

    A document longer than the window size is annotated window by window (module docstring); a
    document whose annotation raises is yielded with an :class:`AnnotationFailure`.
    """
    limit = _window_limit(nlp)
    pending: list[CleanDocument] = []

    def one(clean: CleanDocument) -> list[Mention] | AnnotationFailure:
        try:
            if len(clean.text) > limit:
                return _annotate_long(nlp, clean, limit)
            return mentions_of(clean, nlp(to_spacy_doc(nlp, clean)))
        except Exception as exc:  # noqa: BLE001 - one document (MemoryError, RecursionError, ...) must not stop the batch
            return _failure(exc)

    def flush() -> Iterator[tuple[CleanDocument, list[Mention] | AnnotationFailure]]:
        try:
            spacy_docs = [to_spacy_doc(nlp, c) for c in pending]
            results: list[list[Mention] | AnnotationFailure] = [
                mentions_of(clean, doc)
                for clean, doc in zip(pending, nlp.pipe(spacy_docs, batch_size=batch_size), strict=True)
            ]
        except Exception:  # noqa: BLE001 - find the document that broke the batch, one by one
            results = [one(c) for c in pending]
        yield from zip(pending, results, strict=True)
        pending.clear()

    for clean in docs:
        if len(clean.text) > limit:
            yield from flush()
            yield clean, one(clean)
            continue
        pending.append(clean)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
