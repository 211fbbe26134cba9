"""Sentence boundaries for press texts: punctuation (spaCy's Sentencizer) plus line breaks.

Press texts are full of unpunctuated lines (headlines, datelines, contact blocks); after
cleaning, every remaining line break is a real boundary, so it also starts a sentence.

A quoted name that ends in "!" or "?" inside a sentence ("Die Stadt Neuss erhält aus der
Landesinitiative „Kein Kind zurücklassen!“ 30.000 Euro") does not end the sentence: when the
opening quote stands after the first word of the current sentence, the "!“" is part of a name.
Quoted speech that opens a sentence („Wir sind dabei!“ Dann …) still ends there.
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

OPENING_QUOTES = frozenset("„“‚‘»«\"'")
CLOSING_QUOTES = frozenset("“”‘’«»\"'")


def _quoted_name_end(doc: Doc, i: int, sent_start: int) -> bool:
    """True when token ``i`` starts a sentence only because a quoted name ended in "!"/"?" before it."""
    j = i - 1
    if j < 1 or doc[j].text[-1:] not in CLOSING_QUOTES:
        return False
    text = doc[j].text
    # "!“" may be one token or two ("!" + "“")
    ends = text[:-1][-1:] if len(text) > 1 else doc[j - 1].text[-1:]
    if ends not in ("!", "?"):
        return False
    for k in range(j - 1, sent_start, -1):  # an opening quote after the sentence's first token
        if "\n" in doc[k].text:
            return False
        first = doc[k].text[:1]
        if first in OPENING_QUOTES and k > sent_start:
            return True
        if first in OPENING_QUOTES and k == sent_start:
            return False
    return False


class LineAwareSentencizer:
    """Sentencizer that also starts a sentence after every line break, and not after a quoted name."""

    def __init__(self) -> None:
        self._punct = Sentencizer()
        self._has_newline: dict[int, bool] = {}  # per ORTH hash; spaCy keeps a line break as a token

    def __call__(self, doc: Doc) -> Doc:
        doc = self._punct(doc)
        sent_start = 0
        for i in range(1, len(doc)):
            if doc[i].is_sent_start:
                if _quoted_name_end(doc, i, sent_start):
                    doc[i].is_sent_start = False
                else:
                    sent_start = i
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
