"""Shared fixtures: paths, the sample corpus, and one pipeline built per test session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def find_shared() -> Path:
    """The read-only ``shared`` folder of gold data and registers that some tests read.

    Looked up as $PRESSEXTRACT_SHARED, then ``../shared`` beside the checkout, then ``../shared``
    beside the repository this checkout was cloned from (CI clones into a scratch folder).
    Tests that need it skip with a reason when none exists; the project itself never needs it.
    """
    candidates = [os.environ.get("PRESSEXTRACT_SHARED", ""), str(REPO.parent / "shared")]
    origin = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True, check=False).stdout.strip()
    if origin and "://" not in origin:
        candidates.append(str(Path(origin).resolve().parent / "shared"))
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), REPO.parent / "shared")


SHARED = find_shared()


def sample(name: str) -> Path:
    """Path of a sample text in corpus/ by its number prefix, e.g. sample("000")."""
    return next(CORPUS.glob(f"{name}_*.txt"))


@pytest.fixture(scope="session")
def nlp():
    from extract.nlp import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def corpus_run(nlp):
    """The whole pipeline over the five sample texts, once per session."""
    from extract.pipeline import process

    return process([str(CORPUS)], nlp=nlp)
