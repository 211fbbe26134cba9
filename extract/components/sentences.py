"""Sentence boundaries for press texts: punctuation (spaCy's Sentencizer) plus line breaks.

Press texts are full of unpunctuated lines (headlines, datelines, contact blocks); after
cleaning, every remaining line break is a real boundary, so it also starts a sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc


class LineAwareSentencizer:
    """Sentencizer that also starts a sentence after every line break."""

    def __init__(self) -> None:
        self._punct = Sentencizer()

    def __call__(self, doc: Doc) -> Doc:
        doc = self._punct(doc)
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                doc[i].is_sent_start = True
        return doc


@Language.factory("pressextract_sentences")
def make_sentences(nlp: Language, name: str) -> LineAwareSentencizer:
    """Sentence boundaries at punctuation and line breaks."""
    return LineAwareSentencizer()
