"""The main job end to end: corpus in, DATASET.md files out, exact, deterministic, offsets into the source."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

from extract.cli import main
from extract.components import spans_of
from extract.write import DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, MENTION_COLUMNS, write_dataset


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, corpus_run) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    write_dataset(out, corpus_run.results, corpus_run.entities, corpus_run.facts)
    return out


def test_files_and_headers_follow_the_contract(dataset: Path) -> None:
    assert sorted(p.name for p in dataset.iterdir()) == sorted(
        ["documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json", "datapackage.json"])
    for name, columns in (("documents", DOCUMENT_COLUMNS), ("mentions", MENTION_COLUMNS),
                          ("entities", ENTITY_COLUMNS), ("facts", FACT_COLUMNS)):
        with (dataset / f"{name}.csv").open(encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == columns
    assert DOCUMENT_COLUMNS == ["doc_id", "source", "sha256", "status", "error", "title", "published", "publisher",
                                "n_chars_raw", "n_chars_clean", "encoding", "warning"]
    assert MENTION_COLUMNS == ["doc_id", "mention_id", "type", "text", "start", "end", "sentence", "value", "unit",
                               "period", "entity_id", "canonical", "role", "title", "source_rule", "confidence"]


def test_documents_rows(dataset: Path) -> None:
    rows = read_csv(dataset / "documents.csv")
    assert [(r["source"], r["status"], r["published"]) for r in sorted(rows, key=lambda r: r["source"])] == [
        ("000_2a23b8324f87768c.txt", "ok", "2017-01-12"),
        ("001_ac8d263e3dd2040f.txt", "ok", ""),
        ("002_7c58d223aba63b78.txt", "ok", "2017-01-12"),
        ("003_182594cb7968d520.txt", "ok", ""),
        ("004_0a0fa084873c04c0.txt", "ok", "2013-09-11"),
    ]
    assert [r["doc_id"] for r in rows] == sorted(r["doc_id"] for r in rows)


def test_every_mention_slice_of_the_original_holds_its_words(dataset: Path) -> None:
    originals = {}
    for row in read_csv(dataset / "documents.csv"):
        originals[row["doc_id"]] = (CORPUS / row["source"]).read_text(encoding="utf-8")
    mentions = read_csv(dataset / "mentions.csv")
    assert len(mentions) > 100
    for m in mentions:
        original = originals[m["doc_id"]][int(m["start"]):int(m["end"])]
        words = lambda s: re.findall(r"\w+", s.replace("\u2011", "-"))  # noqa: E731
        assert words(original) == words(m["text"]), m
        assert m["mention_id"] == f"{m['doc_id']}:{m['start']}"


def mentions_of(dataset: Path, source_prefix: str, type_: str) -> list[tuple[str, str, str, str]]:
    doc_id = next(r["doc_id"] for r in read_csv(dataset / "documents.csv") if r["source"].startswith(source_prefix))
    return [(m["text"], m["value"], m["unit"], m["period"]) for m in read_csv(dataset / "mentions.csv")
            if m["doc_id"] == doc_id and m["type"] == type_]


def test_sample_000_amounts_dates_people(dataset: Path) -> None:
    assert mentions_of(dataset, "000", "amount") == [("30.000 Euro", "30000", "EUR", "year"),
                                                     ("2,3 Millionen Euro", "2300000", "EUR", "year")]
    assert mentions_of(dataset, "000", "date") == [
        ("12. Januar 2017", "2017-01-12", "day", ""), ("2012", "2012", "year", ""),
        ("zwischen 2012 und 2016", "2012/2016", "range", ""),
        ("November des vergangenen Jahres", "2016-11", "month", ""),
    ]
    assert [(t, v) for t, v, _, _ in mentions_of(dataset, "000", "person")] == [("Julia Trick", "Julia Trick")]


def test_sample_004_amount_with_duration_and_dates(dataset: Path) -> None:
    assert mentions_of(dataset, "004", "amount") == [("48.000 Euro", "48000", "EUR", "total")]
    assert [(t, v, u) for t, v, u, _ in mentions_of(dataset, "004", "date")] == [
        ("11.09.2013", "2013-09-11", "day"), ("2000", "2000", "year"), ("2011", "2011", "year"),
        ("August 2012", "2012-08", "month"), ("2013", "2013", "year"), ("11.09.2013", "2013-09-11", "day"),
    ]


def test_entities_municipalities_people(dataset: Path) -> None:
    entities = {r["entity_id"]: r for r in read_csv(dataset / "entities.csv")}
    lev = entities["mun:05316000"]
    assert (lev["canonical"], lev["kind"], lev["state"], lev["key"]) == ("Leverkusen", "kreisfreie Stadt", "NW",
                                                                         "05316000")
    assert entities["mun:05562"]["canonical"] == "Kreis Recklinghausen"
    assert entities["mun:05378"]["canonical"] == "Rheinisch-Bergischer Kreis"
    assert entities["mun:05158026"]["canonical"] == "Monheim am Rhein"
    breuer = entities["per:reiner-breuer"]
    assert (breuer["canonical"], breuer["n_documents"]) == ("Reiner Breuer", "1")
    kekiz = entities["prg:kein-kind-zurucklassen"]
    assert kekiz["canonical"] == "Kein Kind zurücklassen!"
    assert "KeKiz" in kekiz["aliases"].split("|")
    assert kekiz["n_documents"] == "5"


def test_json_agrees_with_csv(dataset: Path) -> None:
    data = json.loads((dataset / "dataset.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 5
    assert sum(len(d["mentions"]) for d in data["documents"]) == len(read_csv(dataset / "mentions.csv"))
    assert [e["entity_id"] for e in data["entities"]] == [r["entity_id"] for r in read_csv(dataset / "entities.csv")]
    assert [f["fact_id"] for f in data["facts"]] == [r["fact_id"] for r in read_csv(dataset / "facts.csv")]


def test_same_input_same_bytes(tmp_path: Path, nlp, corpus_run) -> None:
    from extract.pipeline import process

    again = process([str(CORPUS)], nlp=nlp)
    a, b = tmp_path / "a", tmp_path / "b"
    write_dataset(a, corpus_run.results, corpus_run.entities, corpus_run.facts)
    write_dataset(b, again.results, again.entities, again.facts)
    for name in ("documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_worker_processes_give_the_same_bytes(tmp_path: Path) -> None:
    # 40 copies of the samples (2 chunks per worker in flight), annotated in 2 processes vs 1
    inputs = tmp_path / "in"
    inputs.mkdir()
    samples = sorted(CORPUS.glob("*.txt"))
    for i in range(40):
        (inputs / f"{i:02d}.txt").write_text(samples[i % 5].read_text(encoding="utf-8") + f"\nNr. {i}\n",
                                           encoding="utf-8")
    assert main(["run", str(inputs), "--out", str(tmp_path / "one"), "--quiet"]) == 0
    assert main(["run", str(inputs), "--out", str(tmp_path / "two"), "--quiet", "--jobs", "2"]) == 0
    for name in ("documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert len(read_csv(tmp_path / "two" / "documents.csv")) == 40


def test_cli_batch_with_bad_files_goes_on(tmp_path: Path, capsys) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Die Stadt Neuss erhält 30.000 Euro.", encoding="utf-8")
    (inputs / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    (inputs / "empty.html").write_bytes(b"")
    code = main(["run", str(inputs), "--out", str(tmp_path / "out"), "--quiet"])
    captured = capsys.readouterr()
    assert code == 0
    assert "pressextract: 1 documents ok, 2 failed or skipped" in captured.out
    assert "error: bad.txt: binary file, not text or HTML" in captured.err
    rows = {r["source"]: (r["status"], r["error"]) for r in read_csv(tmp_path / "out" / "documents.csv")}
    assert rows == {"good.txt": ("ok", ""), "bad.txt": ("error", "binary file, not text or HTML"),
                    "empty.html": ("empty", "file is empty")}
    amounts = [(m["value"], m["unit"]) for m in read_csv(tmp_path / "out" / "mentions.csv") if m["type"] == "amount"]
    assert amounts == [("30000", "EUR")]


def test_cli_exit_codes(tmp_path: Path, capsys) -> None:
    (tmp_path / "only_bad.txt").write_bytes(b"\x00\x00")
    assert main(["run", str(tmp_path / "only_bad.txt"), "--out", str(tmp_path / "o"), "--quiet"]) == 1
    with pytest.raises(SystemExit) as exc:
        main(["run"])
    assert exc.value.code == 2


def test_module_entry_point_help() -> None:
    out = subprocess.run([sys.executable, "-m", "extract.cli", "run", "--help"], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert "--out" in out and "--model" in out


def test_full_stop_after_a_year_ends_the_sentence(nlp):
    doc = nlp("Der Ausbau soll bis Ende 2024. Die Regierung hat am 12.01.2017. zugestimmt.")
    assert [s.text for s in doc.sents] == ["Der Ausbau soll bis Ende 2024.", "Die Regierung hat am 12.01.2017.",
                                           "zugestimmt."]
    assert [(s.text, s._.pe.value) for s in spans_of(doc, "date")] == [("Ende 2024", "2024"),
                                                                       ("12.01.2017", "2017-01-12")]
