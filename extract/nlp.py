"""Build the spaCy pipeline pressextract runs: base model + sentence, extractor and resolver components.

The base is, in order of preference: the pipeline the user names (``--model de_core_news_lg``
or a path), else the German NER model this project trains and ships in
``extract/models/de_pressextract_ner``, else spaCy's blank German tokenizer (rules only).
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

# Importing the modules registers their @Language.factory components.
import extract.components.amounts  # noqa: F401
import extract.components.dates  # noqa: F401
import extract.components.lexicon_features  # noqa: F401  (first component of the shipped NER model)
import extract.components.municipalities  # noqa: F401
import extract.components.people  # noqa: F401
import extract.components.programs  # noqa: F401
import extract.components.resolve  # noqa: F401
import extract.components.sentences  # noqa: F401
from extract.components.dates import DateExtractor

SHIPPED_MODEL = Path(__file__).resolve().parent / "models" / "de_pressextract_ner"
EXTRACTORS = ("pressextract_amounts", "pressextract_dates", "pressextract_municipalities", "pressextract_people",
              "pressextract_programs", "pressextract_organizations")


def load_base(model: str | None = None) -> Language:
    """The base pipeline: a named/installed spaCy pipeline, the shipped NER, or blank German.

    ``model="blank"`` forces the rules-only blank German pipeline.
    """
    if model == "blank":
        return spacy.blank("de")
    if model:
        try:
            return spacy.load(model, exclude=["lemmatizer", "textcat", "textcat_multilabel"])
        except OSError as exc:
            raise SystemExit(f"pressextract: cannot load spaCy pipeline '{model}': {exc}") from exc
    if (SHIPPED_MODEL / "meta.json").exists():
        return spacy.load(SHIPPED_MODEL)
    return spacy.blank("de")


# A full stop after a year ends the sentence ("… bis Ende 2024. Die Regierung …"); spaCy's German
# tokenizer keeps "2024." as one ordinal-like token, which hides the sentence boundary.
YEAR_FULL_STOP = r"(?<=\b(?:1[5-9]|20)\d\d)\."


def split_year_full_stop(nlp: Language) -> None:
    """Make the tokenizer split the full stop off a year ("2024." -> "2024" ".")."""
    suffixes = [*nlp.Defaults.suffixes, YEAR_FULL_STOP]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def date_extractor(timeml_extras: bool = False) -> DateExtractor:
    """The ``pressextract_dates`` component on a blank German pipeline with pressextract's
    tokenizer, for dates straight from raw text (``date_extractor().find_in_text(text, published)``)
    without the rest of the pipeline; ``timeml_extras`` adds PRESENT_REF / PAST_REF / FUTURE_REF."""
    nlp = spacy.blank("de")
    split_year_full_stop(nlp)
    return nlp.add_pipe("pressextract_dates", config={"timeml_extras": timeml_extras})


def build_pipeline(model: str | None = None) -> Language:
    """The full pressextract pipeline on top of :func:`load_base`."""
    nlp = load_base(model)
    split_year_full_stop(nlp)
    nlp.add_pipe("pressextract_sentences", first=True)
    for name in EXTRACTORS:
        nlp.add_pipe(name)
    nlp.add_pipe("pressextract_resolve")
    return nlp


def model_name(nlp: Language) -> str:
    """Short description of the base model, for summaries and provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'de')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
