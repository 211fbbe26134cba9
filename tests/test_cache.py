"""The result cache: per-stage fingerprints invalidate exactly what they must; a cached run loads no
spaCy; records are plain data that read back equal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_scale import TEXTS, dataset_of, write_inputs

from extract.cache import CACHE_FILE, PARENT_ONLY, annotation_fingerprint, fingerprint
from extract.model import CleanDocument, DocumentResult, Mention, RawDocument
from extract.pipeline import run
from extract.records import pack, pack_result, unpack, unpack_result


@pytest.fixture()
def rules_copy(tmp_path: Path, monkeypatch) -> Path:
    from extract.rules import rules_dir

    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    monkeypatch.setenv("PRESSEXTRACT_RULES", str(copy))
    _clear()
    yield copy
    monkeypatch.delenv("PRESSEXTRACT_RULES")
    _clear()


def _clear() -> None:
    fingerprint.cache_clear()
    annotation_fingerprint.cache_clear()
    from extract.facts.context import rules
    from extract.rules import read_jsonl, read_yaml

    read_yaml.cache_clear()
    read_jsonl.cache_clear()
    rules.cache_clear()


def _touch(path: Path) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment is a change too\n")
    _clear()


def test_a_change_in_the_facts_rules_keeps_every_annotation_and_recomputes_every_documents_facts(
        tmp_path: Path, rules_copy: Path, nlp) -> None:
    inputs = write_inputs(tmp_path / "in")
    cache = tmp_path / CACHE_FILE
    first = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert (first.cache_hits, first.output_hits) == (0, 0)
    # into another folder (into "out" the run would find its dataset up to date, see test_uptodate.py)
    again = run([str(inputs)], tmp_path / "again", nlp=nlp, cache_path=cache)
    assert (again.cache_hits, again.output_hits) == (12, 15)  # 16 files: 3 empty ones (their rows cached), 1 binary

    annotation, outputs = annotation_fingerprint(None), fingerprint(None)
    _touch(rules_copy / "facts" / "funding.yaml")
    assert annotation_fingerprint(None) == annotation and fingerprint(None) != outputs
    changed = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert (changed.cache_hits, changed.output_hits) == (12, 0)
    run([str(inputs)], tmp_path / "fresh", nlp=nlp, use_cache=False)
    assert dataset_of(tmp_path / "out") == dataset_of(tmp_path / "fresh")


def test_a_change_in_the_date_rules_recomputes_every_annotation(tmp_path: Path, rules_copy: Path, nlp) -> None:
    inputs = write_inputs(tmp_path / "in", 8)
    cache = tmp_path / CACHE_FILE
    run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    annotation = annotation_fingerprint(None)
    _touch(rules_copy / "dates" / "months.yaml")
    assert annotation_fingerprint(None) != annotation
    changed = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert (changed.cache_hits, changed.output_hits) == (0, 0)
    _touch(rules_copy / "programs.yaml")  # read by the programme component and by the facts: both
    assert run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache).cache_hits == 0


def test_a_new_document_recomputes_the_outputs_of_the_documents_whose_names_it_regroups(
        tmp_path: Path, nlp) -> None:
    """A person's canonical name depends on the corpus: a document whose names get another
    canonical form gets its facts and rows again, the others come from the cache."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Lemgo, 17. August 2020 – Landrat Bernnd Schürmann übergab 1,2 Millionen Euro "
                                  "an die Stadt Lemgo.\n", encoding="utf-8")
    (folder / "b.txt").write_text(TEXTS[2] + "\n", encoding="utf-8")
    cache = tmp_path / CACHE_FILE
    run([str(folder)], tmp_path / "out", nlp=nlp, cache_path=cache)
    for i in range(3):  # the right spelling of the man's name, now commoner: it becomes his canonical name
        (folder / f"c{i}.txt").write_text(f"Detmold, {i + 2}. Mai 2021 – Landrat Bernd Schürmann eröffnete die "
                                          f"Ausstellung Nr. {i}.\n", encoding="utf-8")
    again = run([str(folder)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert "Bernd Schürmann" in (tmp_path / "out" / "entities.csv").read_text(encoding="utf-8")
    assert "Bernnd Schürmann" in (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8")
    assert (again.cache_hits, again.output_hits) == (2, 1)  # b.txt's outputs stay; a.txt's name is regrouped
    run([str(folder)], tmp_path / "fresh", nlp=nlp, use_cache=False)
    assert dataset_of(tmp_path / "out") == dataset_of(tmp_path / "fresh")


def test_a_fully_cached_run_does_not_load_spacy_and_writes_the_same_bytes(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in", 10)
    code = ("import sys\nfrom extract.cli import main\n"
            "code = main(sys.argv[1:])\n"
            "print(sorted(m for m in ('spacy', 'pandas', 'numpy', 'bs4', 'dateparser', 'httpx') if m in sys.modules))\n"
            "sys.exit(code)\n")
    args = ["run", str(inputs), "--quiet", "--cache-dir", str(tmp_path / "cache")]
    first = subprocess.run([sys.executable, "-c", code, *args, "--out", str(tmp_path / "one")], cwd=REPO,
                           capture_output=True, text=True, check=True)
    assert "spacy" in first.stdout
    again = subprocess.run([sys.executable, "-c", code, *args, "--out", str(tmp_path / "two")], cwd=REPO,
                           capture_output=True, text=True, check=True)
    assert again.stdout.splitlines()[-1] == "[]"  # none of the heavy libraries
    assert ", 8 from cache;" in again.stdout
    assert dataset_of(tmp_path / "one") == dataset_of(tmp_path / "two")


def test_the_per_document_stage_imports_no_module_the_annotation_fingerprint_leaves_out(tmp_path: Path) -> None:
    code = """
import json, sys
from extract.engines import process_chunk
from extract.ingest import from_bytes_record
from extract.nlp import build_pipeline
texts = [t.encode() for t in json.loads(sys.argv[1])]
results = process_chunk(build_pipeline(None), [from_bytes_record(f"d{i}.txt", t) for i, t in enumerate(texts)])
assert sum(len(r.mentions) for r in results) > 10
print(json.dumps(sorted(m for m in sys.modules if m.startswith("extract."))))
"""
    done = subprocess.run([sys.executable, "-c", code, json.dumps([t for t in TEXTS if t])], cwd=REPO,
                          capture_output=True, text=True, check=True)
    loaded = {m.removeprefix("extract.").replace(".", "/") for m in json.loads(done.stdout)}
    excluded = {m for m in loaded for p in PARENT_ONLY if (m + ".py" == p or m.startswith(p) or m + "/" == p)}
    assert excluded == set()
    assert {"clean", "annotate", "components/dates", "normalise/people"} <= loaded


def test_records_read_back_equal_and_refuse_what_has_no_plain_form() -> None:
    raw = RawDocument("abc", "x.txt", "f" * 64, b"", "", "utf-8", "text", "ok", "", "")
    clean = CleanDocument("abc", "Text", (0, 1, 2, 3), "T", "2021-03-03", n_chars_raw=4)
    mention = Mention("abc", "amount", "45.000 Euro", 0, 4, "s", "45000", "EUR", confidence=0.9,
                      attrs={"approx": True, "parts": ("a", 1), "list": [1.5, None]})
    result = DocumentResult(raw, clean, [mention])
    back = unpack_result(pack_result(result))
    assert back == result and isinstance(back.mentions[0].attrs["parts"], tuple)
    assert isinstance(back.mentions[0].attrs["list"], list)
    assert unpack(pack({"a": (1, (2, "x")), "b": b"\x00"})) == {"a": (1, (2, "x")), "b": b"\x00"}
    with pytest.raises(TypeError):
        pack({"a": object()})
    with pytest.raises(ValueError):
        pack("lone surrogate \udc80")
