"""`run --model NAME_OR_PATH`: a user's own spaCy pipeline replaces the shipped NER as the base.

spaCy's de_core_news_* packages cannot be installed here, so the test builds a small German
pipeline on disk (an entity_ruler that tags one person) and passes its path, which spaCy loads
exactly like an installed package name.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy

from extract.cli import main

TEXT = "Neuss, 12. Januar 2017\n\nZyra Pflumm besuchte am Montag die Kita in Neuss. Pflumm lobte das Team.\n"


@pytest.fixture()
def user_pipeline(tmp_path: Path) -> Path:
    nlp = spacy.blank("de")
    nlp.meta["name"] = "core_news_test"
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": "Zyra Pflumm"}, {"label": "PER", "pattern": "Pflumm"}])
    path = tmp_path / "de_core_news_test"
    nlp.to_disk(path)
    return path


def people(out: Path) -> list[tuple[str, str, str]]:
    with (out / "mentions.csv").open(encoding="utf-8") as f:
        return [(r["text"], r["value"], r["source_rule"]) for r in csv.DictReader(f) if r["type"] == "person"]


def test_user_pipeline_supplies_the_people(tmp_path: Path, user_pipeline: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["run", str(inputs), "--out", str(tmp_path / "rules"), "--quiet", "--model", "blank"]) == 0
    assert main(["run", str(inputs), "--out", str(tmp_path / "user"), "--quiet", "--model", str(user_pipeline)]) == 0
    assert people(tmp_path / "rules") == []  # an unknown given name: the rules alone do not take it
    assert people(tmp_path / "user") == [("Zyra Pflumm", "Zyra Pflumm", "ner.model"),
                                         ("Pflumm", "Zyra Pflumm", "ner.model")]


def test_unknown_pipeline_name_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--quiet", "--model", "de_core_news_xx"])
    assert "cannot load spaCy pipeline 'de_core_news_xx'" in str(stop.value)
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_the_shipped_ner_is_opt_in(tmp_path: Path) -> None:
    from extract.nlp import build_pipeline

    rules = build_pipeline()
    assert "ner" not in rules.pipe_names and rules.pipe_names[0] == "pressextract_sentences"
    with_ner = build_pipeline("ner")
    assert with_ner.pipe_names[:3] == ["pressextract_sentences", "pressextract_lexicon_features", "ner"]
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--quiet", "--model", "ner"]) == 0
    assert '"model": "ner"' in (tmp_path / "o" / "run.json").read_text(encoding="utf-8")
