"""The shipped German NER model loads offline with spacy.load and tags known sentences exactly."""

from pathlib import Path

import pytest
import spacy

import extract.components.lexicon_features  # noqa: F401  (registers the model's first component)

MODEL = Path(__file__).resolve().parents[1] / "extract" / "models" / "de_pressextract_ner"
MAX_MB = 25

CASES = [
    (
        "Bundesfamilienministerin Franziska Giffey besuchte am Montag Chemnitz.",
        [("Franziska Giffey", "PER"), ("Chemnitz", "LOC")],
    ),
    (
        "Angela Merkel traf in Berlin den französischen Präsidenten Emmanuel Macron.",
        [("Angela Merkel", "PER"), ("Berlin", "LOC"), ("Emmanuel Macron", "PER")],
    ),
    (
        "Die Deutsche Bahn und Siemens bauen einen neuen Bahnhof in München.",
        [("Deutsche Bahn", "ORG"), ("Siemens", "ORG"), ("München", "LOC")],
    ),
    (
        "Oberbürgermeister Uwe Richrath eröffnete in Leverkusen das neue Rathaus.",
        [("Uwe Richrath", "PER"), ("Leverkusen", "LOC")],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL)


def test_pipeline_is_tokenizer_lexicon_features_and_ner(nlp):
    assert nlp.lang == "de"
    assert nlp.pipe_names == ["pressextract_lexicon_features", "ner"]
    assert sorted(nlp.get_pipe("ner").labels) == ["LOC", "ORG", "OTH", "PER"]


def test_meta_carries_germeval_licence(nlp):
    meta = nlp.meta
    assert meta["name"] == "pressextract_ner"
    assert "CC BY 4.0" in meta["license"]
    assert any("GermEval 2014" in source["name"] and "CC BY 4.0" in source["license"]
               for source in meta["sources"])
    assert (MODEL / "README.md").is_file()


def test_model_size_within_limit():
    size = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file())
    assert size <= MAX_MB * 1_000_000


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_known_sentences(nlp, text, expected):
    doc = nlp(text)
    assert [(ent.text, ent.label_) for ent in doc.ents] == expected
