"""pressextract's one tokenizer change for German, as spaCy registry functions.

A full stop after a year ends the sentence ("… bis Ende 2024. Die Regierung …"); spaCy's German
tokenizer keeps "2024." as one ordinal-like token, which hides the sentence boundary and the year.
The fix adds one suffix rule. It reaches a user's own pipeline in the ecosystem's usual ways (both
are found through entry points, so no ``import extract`` is needed):

- in a config: ``[nlp.tokenizer] @tokenizers = "pressextract.Tokenizer.v1"``, or
  ``[nlp.after_creation] @callbacks = "pressextract.split_year_full_stop.v1"``;
- in code: ``split_year_full_stop(nlp)`` on an existing pipeline (the shipped model package
  ``de_pressextract_ner`` applies it when loaded);
- ``nlp.add_pipe("pressextract_dates")`` applies it too (its config ``split_year_full_stop``,
  default true), since the date extractor needs the year as a token of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

YEAR_FULL_STOP = r"(?<=\b(?:1[5-9]|20)\d\d)\."


def split_year_full_stop(nlp: Language) -> Language:
    """Make ``nlp``'s tokenizer split the full stop off a year ("2024." -> "2024" "."); returns ``nlp``.

    The rule is added to the tokenizer's current suffix rules (a pipeline's own customisations are
    kept); applying it twice changes nothing. A tokenizer that is not spaCy's rule-based one is
    left alone.
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return nlp
    current = getattr(tokenizer.suffix_search, "__self__", None)
    if isinstance(current, re.Pattern):
        if YEAR_FULL_STOP not in current.pattern:
            tokenizer.suffix_search = re.compile(f"{current.pattern}|{YEAR_FULL_STOP}$").search
    else:
        tokenizer.suffix_search = spacy.util.compile_suffix_regex([*nlp.Defaults.suffixes, YEAR_FULL_STOP]).search
    return nlp


@spacy.registry.callbacks("pressextract.split_year_full_stop.v1")
def create_split_year_full_stop() -> Callable[[Language], Language]:
    """``[nlp.after_creation]`` callback: :func:`split_year_full_stop` on the new pipeline."""
    return split_year_full_stop


@spacy.registry.tokenizers("pressextract.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """``[nlp.tokenizer]``: the language's default tokenizer plus the year full-stop suffix."""
    default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = default(nlp)
        tokenizer.suffix_search = spacy.util.compile_suffix_regex([*nlp.Defaults.suffixes, YEAR_FULL_STOP]).search
        return tokenizer

    return make
