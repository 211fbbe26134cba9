"""Shared fixtures: paths, the sample corpus, and one pipeline built per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"


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
