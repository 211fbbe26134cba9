"""Streaming run, engines, result cache, partitioned Parquet: the same bytes whatever runs it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

from extract.cache import CACHE_FILE, ResultCache, annotation_fingerprint, fingerprint
from extract.cli import main
from extract.engines import FAULT_DOC_ENV, DaskEngine, ProcessEngine
from extract.formats import OutputOptions
from extract.pipeline import process, run
from extract.write import write_dataset

DATASET = ("documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json", "datapackage.json")
EVERY_FORMAT = OutputOptions(excel=True, xlsx=True, parquet=True)

TEXTS = [
    "Gütersloh, 3. März 2021\n\nDie Stadt Gütersloh erhält 45.000 Euro aus dem Programm „Zukunft Quartier“. "
    "Bürgermeisterin Dr. Helga Wendeborn sagte, das Geld fließe in die Innenstadt. Wendeborn dankte dem Land.",
    "Pressemitteilung\n\nLemgo, 17. August 2020 – Der Kreis Lippe beteiligt sich am Programm „Zukunft Quartier“. "
    "Landrat Bernd Schürmann übergab am Montag 1,2 Millionen Euro an die Stadt Lemgo.",
    "Bad Oeynhausen, 9. Mai 2019\n\nMehr als 20 Kommunen nehmen teil. Kontakt: Sabine Hollweg, Pressestelle, "
    "Telefon 05731 14-0. Die Stadt Bad Oeynhausen investiert rund 300.000 Euro jährlich.",
    "<html><body><h1>Neues Hallenbad</h1><p>Detmold, 2. Februar 2022. Bürgermeister Frank Hilker eröffnet "
    "das Bad. Die Kosten lagen bei 14 Millionen Euro.</p></body></html>",
    "",  # empty file: recorded, not processed
]


def write_inputs(folder: Path, n: int = 15) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = TEXTS[i % len(TEXTS)]
        suffix = ".html" if text.startswith("<html>") else ".txt"
        (folder / f"pm{i:03d}{suffix}").write_text(text + (f"\nMeldung {i}\n" if text else ""), encoding="utf-8")
    (folder / "kaputt.txt").write_bytes(b"\x00\x01\x02binary")  # an input error row
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``, ``run.json`` without its timings."""
    out = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    if "run.json" in out:
        manifest = json.loads(out["run.json"])
        manifest.pop("timings_s", None)
        out["run.json"] = json.dumps(manifest, sort_keys=True).encode()
    return out


def dataset_of(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in DATASET}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("in"))


@pytest.fixture(scope="module")
def local_out(tmp_path_factory, inputs: Path, nlp) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    run([str(inputs)], out, nlp=nlp, use_cache=False)
    return out


def heldout_texts(folder: Path) -> Path:
    folder.mkdir()
    for path in sorted((REPO / "eval" / "heldout").glob("*.json")):
        (folder / f"{path.stem}.txt").write_text(json.loads(path.read_text(encoding="utf-8"))["text"],
                                                 encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["inputs", "corpus", "heldout"])
def test_streaming_writer_gives_the_bytes_of_the_in_memory_writer_in_every_format(
        tmp_path: Path, inputs: Path, nlp, which: str) -> None:
    folder = {"inputs": inputs, "corpus": CORPUS}.get(which) or heldout_texts(tmp_path / "heldout")
    result = process([str(folder)], nlp=nlp)
    manifest = {"schema_version": "x"}  # run.json is compared apart, below
    write_dataset(tmp_path / "memory", result.results, result.entities, result.facts, options=EVERY_FORMAT,
                  manifest=manifest)
    streamed = run([str(folder)], tmp_path / "stream", nlp=nlp, use_cache=False, options=EVERY_FORMAT)
    memory, stream = files_of(tmp_path / "memory"), files_of(tmp_path / "stream")
    assert sorted(memory) == sorted(stream)
    assert len(memory) == 12  # 4 CSVs, dataset.json, datapackage.json, dataset.xlsx, 4 .parquet, run.json
    for name in memory:
        if name != "run.json":
            assert memory[name] == stream[name], name
    assert stream["documents.csv"].startswith(b"\xef\xbb\xbf")  # --excel: the byte order mark
    manifest = json.loads((tmp_path / "stream" / "run.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == len(result.results)
    assert manifest["counts"]["mentions"] == sum(len(r.mentions) for r in result.results)
    assert manifest["counts"]["mentions_by_type"] == dict(sorted(result.mention_counts().items()))
    assert (manifest["counts"]["entities"], manifest["counts"]["facts"]) == (len(result.entities), len(result.facts))
    assert manifest["files"] == sorted(n for n in memory if n != "run.json")
    assert streamed.n_ok == result.n_ok and streamed.problems == result.problems
    assert not [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]  # no staging folder left
    assert not list((tmp_path / "stream").glob(".pressextract-spool-*"))


def test_run_json_of_a_streaming_run_equals_the_in_memory_manifest(tmp_path: Path, inputs: Path, nlp) -> None:
    from extract.formats import run_manifest
    from extract.pipeline import gazetteer_info
    from extract.write import dataset_tables

    result = process([str(inputs)], nlp=nlp)
    tables = dataset_tables(result.results, result.entities, result.facts)
    expected = run_manifest(inputs=[str(inputs)], tables=tables, timings={"process": 1.0}, model="blank",
                            gazetteer=gazetteer_info(), options=OutputOptions(), files=[])
    run([str(inputs)], tmp_path / "out", nlp=nlp, use_cache=False)
    got = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert set(got.pop("timings_s")) == {"process"}
    expected.pop("timings_s")
    assert got == {**expected, "files": sorted(DATASET)}


def test_two_worker_processes_give_the_same_bytes(tmp_path: Path, inputs: Path, local_out: Path) -> None:
    assert main(["run", str(inputs), "--out", str(tmp_path / "out"), "--quiet", "--jobs", "2", "--no-cache"]) == 0
    assert dataset_of(tmp_path / "out") == dataset_of(local_out)


def test_a_dask_local_cluster_of_two_workers_gives_the_same_bytes(tmp_path: Path, inputs: Path,
                                                                   local_out: Path) -> None:
    engine = DaskEngine(jobs=2, model=None, processes=False)
    assert engine.n_workers == 2
    result = run([str(inputs)], tmp_path / "out", engine=engine, use_cache=False)
    assert result.n_ok == 12
    assert dataset_of(tmp_path / "out") == dataset_of(local_out)


def test_a_worker_crash_on_one_document_is_that_documents_error_and_the_batch_goes_on(
        tmp_path: Path, inputs: Path, local_out: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(FAULT_DOC_ENV, "pm006.txt")  # the worker exits hard (as if killed) on this one
    result = run([str(inputs)], tmp_path / "out", engine=ProcessEngine(2), use_cache=False, progress=True)
    assert result.n_documents == 16 and result.n_ok == 11
    rows = {r["source"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out" / "documents.csv").read_text()))}
    assert rows["pm006.txt"]["status"] == "error"
    assert rows["pm006.txt"]["error"] == ("worker crashed while processing this document (the worker process "
                                          "died); the other documents went on")
    reference = {r["source"]: r for r in csv.DictReader(io.StringIO((local_out / "documents.csv").read_text()))}
    assert {s: r["status"] for s, r in rows.items() if s != "pm006.txt"} == {
        s: r["status"] for s, r in reference.items() if s != "pm006.txt"}
    mentions = list(csv.DictReader(io.StringIO((tmp_path / "out" / "mentions.csv").read_text())))
    expected = [m for m in csv.DictReader(io.StringIO((local_out / "mentions.csv").read_text()))
                if m["doc_id"] != rows["pm006.txt"]["doc_id"]]
    assert [(m["mention_id"], m["type"], m["value"]) for m in mentions] == [
        (m["mention_id"], m["type"], m["value"]) for m in expected]
    assert ("error", "pm006.txt", rows["pm006.txt"]["error"]) in result.problems
    err = capsys.readouterr().err
    assert "pressextract: 16/16 documents, " in err  # progress counts every document, the crashed one too


def test_a_rerun_into_another_folder_reads_every_document_from_the_cache_and_gives_the_same_bytes(
        tmp_path: Path, inputs: Path, local_out: Path, nlp) -> None:
    cache = tmp_path / "cache" / CACHE_FILE
    first = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert first.cache_hits == 0 and cache.is_file()
    again = run([str(inputs)], tmp_path / "again", nlp=nlp, cache_path=cache)
    assert again.cache_hits == 12  # 16 files: 3 empty ones and the binary one are not cached
    assert dataset_of(tmp_path / "again") == dataset_of(local_out)
    assert "12 from cache" in again.summary()


def test_the_cache_recomputes_only_a_changed_or_new_document(tmp_path: Path, nlp) -> None:
    folder = write_inputs(tmp_path / "in", 8)
    cache = tmp_path / CACHE_FILE
    run([str(folder)], tmp_path / "out", nlp=nlp, cache_path=cache)
    (folder / "pm000.txt").write_text(TEXTS[0].replace("45.000", "46.000"), encoding="utf-8")
    (folder / "pm100.txt").write_text(TEXTS[1] + "\nNachtrag\n", encoding="utf-8")
    again = run([str(folder)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert again.cache_hits == 8 - 1 - 1  # 8 files, one empty, one changed; the new one is computed too
    mentions = (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8")
    assert mentions.count(",46000,EUR,") == 1 and mentions.count(",45000,EUR,") == 1  # pm005 still has 45.000
    run([str(folder)], tmp_path / "fresh", nlp=nlp, use_cache=False)
    assert dataset_of(tmp_path / "out") == dataset_of(tmp_path / "fresh")


def test_changing_a_rule_file_changes_the_fingerprint_and_misses_the_cache(tmp_path: Path, monkeypatch,
                                                                          inputs: Path, nlp) -> None:
    from extract.rules import rules_dir

    fingerprint.cache_clear()
    annotation_fingerprint.cache_clear()
    before = fingerprint(None)
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    monkeypatch.setenv("PRESSEXTRACT_RULES", str(copy))
    fingerprint.cache_clear()
    annotation_fingerprint.cache_clear()
    assert fingerprint(None) == before  # the same rule bytes elsewhere: the same results
    cache = tmp_path / CACHE_FILE
    run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    with (copy / "amounts" / "qualifiers.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment is a change too\n")
    fingerprint.cache_clear()
    annotation_fingerprint.cache_clear()
    changed = fingerprint(None)
    assert changed != before
    assert run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache).cache_hits == 0
    assert fingerprint("blank") == changed != fingerprint("de_core_news_sm")  # no model given: blank
    db = ResultCache(cache, changed, annotation_fingerprint(None))
    assert db.db.execute("SELECT COUNT(DISTINCT fingerprint) FROM annotations").fetchone()[0] == 2
    db.close()
    fingerprint.cache_clear()
    annotation_fingerprint.cache_clear()


def test_partitioned_parquet_tables_hold_the_csv_rows(tmp_path: Path, inputs: Path, local_out: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "--quiet", "--no-cache", "--format", "parquet",
                 "--part-size", "5"]) == 0
    assert dataset_of(out) == dataset_of(local_out)
    assert sorted(p.name for p in (out / "parquet" / "documents").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"]  # 16 documents
    with (local_out / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    mentions = pq.read_table(out / "parquet" / "mentions").to_pylist()
    assert len(mentions) == len(rows) > 20
    assert [(m["mention_id"], m["start"], m["value"] or "", m["confidence"]) for m in mentions] == [
        (r["mention_id"], int(r["start"]), r["value"], float(r["confidence"])) for r in rows]
    documents = pq.read_table(out / "parquet" / "documents").to_pylist()
    with (local_out / "documents.csv").open(encoding="utf-8", newline="") as fh:
        assert [(d["doc_id"], d["status"], d["n_chars_raw"]) for d in documents] == [
            (r["doc_id"], r["status"], int(r["n_chars_raw"])) for r in csv.DictReader(fh)]
    entities = pq.read_table(out / "parquet" / "entities.parquet").to_pylist()
    with (local_out / "entities.csv").open(encoding="utf-8", newline="") as fh:
        assert [(e["entity_id"], e["key"] or "") for e in entities] == [
            (r["entity_id"], r["key"]) for r in csv.DictReader(fh)]
    facts = pq.read_table(out / "parquet" / "facts.parquet")
    assert facts.num_rows == len(list(csv.DictReader((local_out / "facts.csv").open(encoding="utf-8"))))
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "parquet/mentions/part-00003.parquet" in manifest["files"]
    # a later run without parquet removes the old tables (the run owns its parquet/ folder)
    assert main(["run", str(inputs), "--out", str(out), "--quiet"]) == 0
    assert not (out / "parquet").exists()


def parquet_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "parquet").rglob("*.parquet"))}


@pytest.fixture(scope="module")
def local_parquet(tmp_path_factory, inputs: Path, nlp) -> Path:
    out = tmp_path_factory.mktemp("local-parquet") / "out"
    run([str(inputs)], out, nlp=nlp, use_cache=False, parquet_parts=5)
    return out


def test_worker_processes_encode_the_parquet_parts_with_the_bytes_of_a_local_run(
        tmp_path: Path, inputs: Path, local_parquet: Path) -> None:
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "--quiet", "--no-cache", "--jobs", "2",
                 "--format", "parquet", "--part-size", "5"]) == 0
    assert list(parquet_of(out)) == [
        "parquet/documents/part-00000.parquet", "parquet/documents/part-00001.parquet",
        "parquet/documents/part-00002.parquet", "parquet/documents/part-00003.parquet",
        "parquet/entities.parquet", "parquet/facts.parquet",
        "parquet/mentions/part-00000.parquet", "parquet/mentions/part-00001.parquet",
        "parquet/mentions/part-00002.parquet", "parquet/mentions/part-00003.parquet"]
    assert parquet_of(out) == parquet_of(local_parquet)
    assert dataset_of(out) == dataset_of(local_parquet)


def test_dask_workers_encode_the_parquet_parts_with_the_bytes_of_a_local_run(
        tmp_path: Path, inputs: Path, local_parquet: Path) -> None:
    engine = DaskEngine(jobs=2, model=None, processes=False)
    calls: list[str] = []
    submit = engine.client.submit

    def counted(fn, *args, **kwargs):
        calls.append(fn.__name__)
        return submit(fn, *args, **kwargs)

    engine.client.submit = counted
    run([str(inputs)], tmp_path / "out", engine=engine, use_cache=False, parquet_parts=5)
    assert calls.count("encode_part") == 4 and calls.count("_encode_tables") == 1  # 16 documents, parts of 5
    assert parquet_of(tmp_path / "out") == parquet_of(local_parquet)
    assert dataset_of(tmp_path / "out") == dataset_of(local_parquet)


def exit_unless_in(pid: int, value: int) -> int:
    """``value`` in process ``pid``; anywhere else the process dies hard (as if killed)."""
    import os

    if os.getpid() != pid:
        os._exit(86)
    return value


def test_a_call_whose_worker_dies_is_made_again_in_the_calling_process(caplog) -> None:
    import os

    engine = ProcessEngine(1)
    try:
        task = engine.call(exit_unless_in, os.getpid(), 7)
        assert task.result() == 7
        assert task.result() == 7  # taken once, kept
        assert "a worker died while running exit_unless_in; running it here" in caplog.text
        assert engine.call(pow, 2, 10).result() == 1024  # the broken pool was replaced
    finally:
        engine.close()
