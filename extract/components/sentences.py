"""Sentence boundaries for press texts: punctuation (spaCy's Sentencizer) plus line breaks.

Press texts are full of unpunctuated lines (headlines, datelines, contact blocks); after
cleaning, every remaining line break is a real boundary, so it also starts a sentence.

A full stop glued to an abbreviation of a place name ("Hann. Münden", "Rothenburg o.d.T.",
``rules/sentences.yaml``) does not end the sentence either.

A quoted name that ends in "!" or "?" inside a sentence ("Die Stadt Neuss erhält aus der
Landesinitiative „Kein Kind zurücklassen!“ 30.000 Euro") does not end the sentence: when the
opening quote stands after the first word of the current sentence, the "!“" is part of a name.
Quoted speech that opens a sentence („Wir sind dabei!“ Dann …) still ends there.
"""

from __future__ import annotations

import re
from functools import cache

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extract.components._matching import token_table
from extract.rules import read_yaml

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


@cache
def _abbreviations() -> tuple[frozenset[str], re.Pattern[str]]:
    data = read_yaml("sentences.yaml")
    return frozenset(data["words"]), re.compile(data["chain"])


def _abbreviation_end(doc: Doc, texts: tuple[str, ...], i: int) -> bool:
    """True when token ``i`` starts a sentence only because of the full stop of a place-name
    abbreviation before it ("Hann" "." "Münden", "o.d" "." "T.", "(Teutob" "." ")")."""
    j = i - 1
    while j > 0 and texts[j] in (")", "“", "”", '"'):
        j -= 1
    if j < 1 or texts[j] != "." or doc[j - 1].whitespace_:
        return False
    words, chain = _abbreviations()
    word = texts[j - 1].lstrip("(/")
    return word in words or chain.match(word) is not None


class LineAwareSentencizer:
    """Sentencizer that also starts a sentence after every line break, and not after a quoted name."""

    def __init__(self) -> None:
        self._punct = Sentencizer()
        self._has_newline: dict[str, bool] = {}  # per token text; spaCy keeps a line break as a token

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return self._punct(doc)
        table = token_table(doc)
        texts = table.texts
        starts = self._punct_starts(doc, texts, table.is_punct)
        sent_start = 0
        for i in range(1, len(doc)):
            if starts[i] == 1:
                if _quoted_name_end(texts, i, sent_start) or _abbreviation_end(doc, texts, i):
                    starts[i] = -1
                else:
                    sent_start = i
        cache = self._has_newline
        for i, text in enumerate(texts[:-1]):
            newline = cache.get(text)
            if newline is None:
                newline = cache[text] = "\n" in text
            if newline:
                starts[i + 1] = 1
        doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64"))
        return doc

    def _punct_starts(self, doc: Doc, texts: tuple[str, ...], is_punct: tuple[bool, ...]) -> list[int]:
        """``SENT_START`` values (1 / -1) that spaCy's Sentencizer sets, computed from the token
        table (its ``predict`` makes a Token object per token); a value set before is kept."""
        punct_chars = self._punct.punct_chars
        guesses = [False] * len(texts)
        start, seen_period = 0, False
        guesses[0] = True
        for i, text in enumerate(texts):
            in_punct_chars = text in punct_chars
            if seen_period and not is_punct[i] and not in_punct_chars:
                guesses[start] = True
                start, seen_period = i, False
            elif in_punct_chars:
                seen_period = True
        guesses[start] = True
        current = doc.to_array(SENT_START).astype("int64").tolist()
        overwrite = self._punct.overwrite
        return [(1 if guess else -1) if (now == 0 or overwrite) else now
                for guess, now in zip(guesses, current, strict=True)]


@Language.factory("pressextract_sentences")
def make_sentences(nlp: Language, name: str) -> LineAwareSentencizer:
    """Sentence boundaries at punctuation and line breaks."""
    return LineAwareSentencizer()
