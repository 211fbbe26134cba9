"""Sentence boundaries for press texts: punctuation (spaCy's Sentencizer) plus line breaks.

Press texts are full of unpunctuated lines (headlines, datelines, contact blocks); after
cleaning, every remaining line break is a real boundary, so it also starts a sentence.

A quoted name that ends in "!" or "?" inside a sentence ("Die Stadt Neuss erhält aus der
Landesinitiative „Kein Kind zurücklassen!“ 30.000 Euro") does not end the sentence: when the
opening quote stands after the first word of the current sentence, the "!“" is part of a name.
Quoted speech that opens a sentence („Wir sind dabei!“ Dann …) still ends there.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extract.components._matching import token_table

OPENING_QUOTES = frozenset("„“‚‘»«\"'")
CLOSING_QUOTES = frozenset("“”‘’«»\"'")


def _quoted_name_end(texts: tuple[str, ...], i: int, sent_start: int) -> bool:
    """True when token ``i`` starts a sentence only because a quoted name ended in "!"/"?" before it."""
    j = i - 1
    if j < 1 or texts[j][-1:] not in CLOSING_QUOTES:
        return False
    text = texts[j]
    # "!“" may be one token or two ("!" + "“")
    ends = text[:-1][-1:] if len(text) > 1 else texts[j - 1][-1:]
    if ends not in ("!", "?"):
        return False
    for k in range(j - 1, sent_start, -1):  # an opening quote after the sentence's first token
        if "\n" in texts[k]:
            return False
        first = texts[k][:1]
        if first in OPENING_QUOTES and k > sent_start:
            return True
        if first in OPENING_QUOTES and k == sent_start:
            return False
    return False


class LineAwareSentencizer:
    """Sentencizer that also starts a sentence after every line break, and not after a quoted name."""

    def __init__(self) -> None:
        self._punct = Sentencizer()
        self._has_newline: dict[str, bool] = {}  # per token text; spaCy keeps a line break as a token

    def __call__(self, doc: Doc) -> Doc:
        doc = self._punct(doc)
        if not len(doc):
            return doc
        texts = token_table(doc).texts
        starts = doc.to_array(SENT_START).tolist()
        sent_start = 0
        for i in range(1, len(doc)):
            if starts[i] == 1:
                if _quoted_name_end(texts, i, sent_start):
                    doc[i].is_sent_start = False
                    starts[i] = -1
                else:
                    sent_start = i
        cache = self._has_newline
        for i, text in enumerate(texts[:-1]):
            newline = cache.get(text)
            if newline is None:
                newline = cache[text] = "\n" in text
            if newline and starts[i + 1] != 1:
                doc[i + 1].is_sent_start = True
        return doc


@Language.factory("pressextract_sentences")
def make_sentences(nlp: Language, name: str) -> LineAwareSentencizer:
    """Sentence boundaries at punctuation and line breaks."""
    return LineAwareSentencizer()
