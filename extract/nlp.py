"""Build the spaCy pipeline pressextract runs: base model + sentence, extractor and resolver components.

The base is spaCy's blank German tokenizer (rules only) unless the user names one: ``--model ner``
is the German NER model this project trains and ships in ``extract/models/de_pressextract_ner``,
any other name or path a spaCy pipeline (``--model de_core_news_lg``).

Why the NER is opt-in: on every gold set (shared dev, ``eval/heldout``, ``eval/real-places``,
``eval/real-places-2``, ``eval/real-dates``, ``eval/real-facts``) the rules alone score the same or
better than rules + NER, and the NER forward pass was 54 % of the annotate stage's CPU time
(``scripts/profile_doc.py``; numbers in README, *Throughput*).
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
from extract.tokenizer import YEAR_FULL_STOP, split_year_full_stop  # noqa: F401  (re-exported)

SHIPPED_MODEL = Path(__file__).resolve().parent / "models" / "de_pressextract_ner"
DEFAULT_MODEL = "blank"  # what ``--model`` means when it is not given
NER_MODEL = "ner"  # ``--model ner``: the shipped NER model as base
EXTRACTORS = ("pressextract_amounts", "pressextract_dates", "pressextract_municipalities", "pressextract_people",
              "pressextract_programs", "pressextract_organizations")


def load_base(model: str | None = None) -> Language:
    """The base pipeline: blank German (default, also ``"blank"``), the shipped NER (``"ner"``), or
    a named/installed spaCy pipeline or path."""
    model = model or DEFAULT_MODEL
    if model == "blank":
        return spacy.blank("de")
    if model == NER_MODEL:
        if (SHIPPED_MODEL / "meta.json").exists():
            return spacy.load(SHIPPED_MODEL)
        model = "de_pressextract_ner"  # the model package, when the package data is missing
    try:
        return spacy.load(model, exclude=["lemmatizer", "textcat", "textcat_multilabel"])
    except OSError as exc:
        raise SystemExit(f"pressextract: cannot load spaCy pipeline '{model}': {exc}") from exc


def date_extractor(timeml_extras: bool | list[str] | None = None) -> DateExtractor:
    """The ``pressextract_dates`` component on a blank German pipeline with pressextract's
    tokenizer, for dates straight from raw text (``date_extractor().find_in_text(text, published)``)
    without the rest of the pipeline; ``timeml_extras`` adds optional TimeML expressions (True: all;
    or a list of groups, see :data:`extract.components.date_context.TIMEML_EXTRAS`; None: the
    component's default)."""
    nlp = spacy.blank("de")
    split_year_full_stop(nlp)
    config = {} if timeml_extras is None else {"timeml_extras": timeml_extras}
    return nlp.add_pipe("pressextract_dates", config=config)


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
