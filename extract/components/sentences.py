"""Sentence boundaries for press texts: punctuation (spaCy's Sentencizer) plus line breaks.

Press texts are full of unpunctuated lines (headlines, datelines, contact blocks); after
cleaning, every remaining line break is a real boundary, so it also starts a sentence.
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc


class LineAwareSentencizer:
    """Sentencizer that also starts a sentence after every line break."""

    def __init__(self) -> None:
        self._punct = Sentencizer()
        self._has_newline: dict[int, bool] = {}  # per ORTH hash; spaCy keeps a line break as a token

    def __call__(self, doc: Doc) -> Doc:
        doc = self._punct(doc)
        strings = doc.vocab.strings
        cache = self._has_newline
        for i, key in enumerate(doc.to_array(ORTH).tolist()[:-1]):
            newline = cache.get(key)
            if newline is None:
                newline = cache[key] = "\n" in strings[key]
            if newline:
                doc[i + 1].is_sent_start = True
        return doc


@Language.factory("pressextract_sentences")
def make_sentences(nlp: Language, name: str) -> LineAwareSentencizer:
    """Sentence boundaries at punctuation and line breaks."""
    return LineAwareSentencizer()
