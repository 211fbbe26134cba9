"""Passed to `spacy train --code` by train.py: registers pressextract's own pipeline components.

Only ``pressextract_lexicon_features`` (extract/components/lexicon_features.py) is used by a training
config (config_lex.cfg); importing it here lets `spacy train` build that pipeline.
"""

import sys
from pathlib import Path

_REPO = str(Path(__file__).resolve().parents[2])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

import extract.components.lexicon_features  # noqa: E402, F401
