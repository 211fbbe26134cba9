"""``de_pressextract_ner``: pressextract's German NER as a spaCy pipeline package.

``spacy.load("de_pressextract_ner")`` (or ``de_pressextract_ner.load()``) loads the model shipped in
the pressextract distribution (``extract/models/de_pressextract_ner``); its credits (GermEval 2014,
CC BY 4.0, and the lexicon sources) are in ``nlp.meta["sources"]``. The tokenizer gets
pressextract's year full-stop rule ("2017." -> "2017" "."), as the pressextract pipeline uses it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.util import get_model_meta, load_model_from_path

__all__ = ["load", "model_path", "meta"]


def model_path() -> Path:
    """The model folder inside the installed pressextract package."""
    return Path(str(files("extract") / "models" / "de_pressextract_ner"))


def meta() -> dict[str, Any]:
    """The model's meta.json (name, version, labels, sources with their licences)."""
    return get_model_meta(model_path())


def load(**overrides: Any) -> Language:
    """Load the pipeline; keyword arguments as for ``spacy.load`` (vocab, disable, enable, exclude, config)."""
    from extract.tokenizer import split_year_full_stop

    return split_year_full_stop(load_model_from_path(model_path(), **overrides))
