"""Output formats: typed dataset.json, datapackage.json, --excel (BOM), --xlsx, run.json, encoding column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import sample

from extract.cli import main
from extract.formats import SCHEMA_VERSION, OutputOptions, number, read_table, typed_row
from extract.write import write_dataset


@pytest.fixture(scope="module")
def out(tmp_path_factory, corpus_run) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    write_dataset(folder, corpus_run.results, corpus_run.entities, corpus_run.facts,
                  options=OutputOptions(xlsx=True))
    return folder


def rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def test_numbers_from_plain_decimals() -> None:
    assert (number("2300000"), number("0.2"), number("1.50"), number("abc"), number("NaN")) == (
        2300000, 0.2, 1.5, None, None)
    assert typed_row("facts", {"predicate": "member_count", "value": "40", "qualifiers": '{"as_of": "2017"}',
                               "doc_ids": "a|b", "evidence": "", "valid_to": "", "confidence": 0.7}) == {
        "predicate": "member_count", "value": 40, "qualifiers": {"as_of": "2017"}, "doc_ids": ["a", "b"],
        "evidence": [], "valid_to": None, "confidence": 0.7}
    # a role is text, whatever it looks like
    assert typed_row("facts", {"predicate": "holds_role", "value": "1"})["value"] == "1"


def test_dataset_json_has_real_types_and_versions(out: Path) -> None:
    data = json.loads((out / "dataset.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["generator"]["name"] == "pressextract"
    mentions = [m for d in data["documents"] for m in d["mentions"]]
    amounts = [m for m in mentions if m["type"] == "amount"]
    assert amounts and all(isinstance(m["value"], int | float) for m in amounts)
    assert all(isinstance(m["start"], int) and isinstance(m["confidence"], float) for m in mentions)
    municipalities = [m for m in mentions if m["type"] == "municipality"]
    assert all(isinstance(m["value"], str) and len(m["value"]) in (5, 8) for m in municipalities)
    assert all(m["role"] is None for m in municipalities)  # empty -> null
    essen = next(e for e in data["entities"] if e["entity_id"] == "mun:05113000")
    assert (essen["key"], essen["aliases"], essen["n_mentions"]) == ("05113000", ["Essen"], 1)
    facts = data["facts"]
    assert all(isinstance(f["qualifiers"], dict) and isinstance(f["doc_ids"], list) for f in facts)
    funding = [f for f in facts if f["predicate"] == "receives_funding" and f["value"] is not None]
    assert funding and all(isinstance(f["value"], int | float) for f in funding)
    # the CSV and the JSON agree, value by value
    csv_amounts = {r["mention_id"]: r["value"] for r in rows(out / "mentions.csv") if r["type"] == "amount"}
    assert {m["mention_id"]: number(csv_amounts[m["mention_id"]]) for m in amounts} == {
        m["mention_id"]: m["value"] for m in amounts}


def test_datapackage_describes_every_csv(out: Path) -> None:
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["version"] == SCHEMA_VERSION
    resources = {r["name"]: r for r in package["resources"]}
    assert sorted(resources) == ["documents", "entities", "facts", "mentions"]
    for resource in resources.values():
        with (out / resource["path"]).open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert resource["encoding"] == "utf-8"
    fields = {f["name"]: f["type"] for f in resources["entities"]["schema"]["fields"]}
    assert (fields["key"], fields["n_mentions"]) == ("string", "integer")
    assert resources["mentions"]["schema"]["foreignKeys"][0] == {
        "fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}}
    # pandas with the schema's types: AGS keys keep their leading zero
    entities = read_table(out, "entities").set_index("entity_id")
    assert entities.loc["mun:05113000", "key"] == "05113000"


def test_datapackage_validates_with_frictionless(out: Path, tmp_path: Path) -> None:
    from frictionless import validate

    report = validate(str(out / "datapackage.json"))
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]
    # a mention pointing at an entity that does not exist is caught by the schema's foreign key
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("datapackage.json", "documents.csv", "entities.csv", "facts.csv"):
        (broken / name).write_bytes((out / name).read_bytes())
    mentions = (out / "mentions.csv").read_text(encoding="utf-8")
    (broken / "mentions.csv").write_text(mentions.replace(",mun:05113000,", ",mun:99999999,", 1), encoding="utf-8")
    errors = [[task.name, error.type] for task in validate(str(broken / "datapackage.json")).tasks
              for error in task.errors]
    assert errors == [["mentions", "foreign-key"]]


def test_xlsx_keeps_keys_as_text_and_same_bytes(out: Path, tmp_path: Path, corpus_run) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO((out / "dataset.xlsx").read_bytes()))
    assert book.sheetnames == ["documents", "mentions", "entities", "facts"]
    sheet = book["entities"]
    header = [c.value for c in sheet[1]]
    essen = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "mun:05113000")
    key = essen[header.index("key")]
    assert (key.value, key.data_type, key.number_format) == ("05113000", "s", "@")
    assert essen[header.index("n_mentions")].value == 1
    assert sheet.max_row == len(corpus_run.entities) + 1
    again = tmp_path / "again"
    write_dataset(again, corpus_run.results, corpus_run.entities, corpus_run.facts, options=OutputOptions(xlsx=True))
    assert (again / "dataset.xlsx").read_bytes() == (out / "dataset.xlsx").read_bytes()


def test_xlsx_drops_control_characters_it_cannot_hold() -> None:
    import pandas as pd
    from openpyxl import load_workbook

    from extract.formats import xlsx_bytes

    frame = pd.DataFrame([{"doc_id": "a1", "title": "Seite 1\x0cSeite 2", "n_chars_raw": 12}])
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"documents": frame})))["documents"]
    assert [c.value for c in sheet[2]] == ["a1", "Seite 1Seite 2", 12]


def test_cli_excel_xlsx_and_run_manifest(tmp_path: Path, capsys) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "pm.txt").write_bytes(sample("001").read_text(encoding="utf-8").encode("cp1252"))
    target = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(target), "--quiet", "--excel", "--xlsx", "-v"]) == 0
    log = capsys.readouterr().err.splitlines()
    assert log[0].startswith("pressextract INFO: processed 1 inputs in ")
    assert log[1] == (f"pressextract INFO: wrote datapackage.json, dataset.json, dataset.xlsx, documents.csv, "
                      f"entities.csv, facts.csv, mentions.csv, run.json into {target}")
    raw = (target / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,")
    docs = rows(target / "documents.csv", encoding="utf-8-sig")
    assert (docs[0]["source"], docs[0]["encoding"]) == ("pm.txt", "cp1252")
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["encoding"] for r in package["resources"]} == {"utf-8-sig"}
    assert read_table(target, "documents").loc[0, "encoding"] == "cp1252"
    manifest = json.loads((target / "run.json").read_text(encoding="utf-8"))
    assert manifest["inputs"] == [str(inputs)]
    assert manifest["options"] == {"excel": True, "xlsx": True, "jobs": 1, "model": "blank"}
    assert manifest["counts"]["documents"] == 1 and manifest["counts"]["documents_by_status"] == {"ok": 1}
    assert manifest["counts"]["mentions"] == len(rows(target / "mentions.csv", encoding="utf-8-sig"))
    assert manifest["gazetteer"]["source"] in ("embedded", "official")
    assert manifest["versions"]["pressextract"] == manifest["generator"]["version"]
    assert manifest["timings_s"]["process"] > 0
    assert manifest["files"] == ["datapackage.json", "dataset.json", "dataset.xlsx", "documents.csv",
                                 "entities.csv", "facts.csv", "mentions.csv"]
    assert sorted(p.name for p in target.iterdir()) == sorted([*manifest["files"], "run.json"])



def test_parquet_tables_are_typed_and_hold_the_csv_rows(tmp_path: Path, corpus_run) -> None:
    import pandas as pd

    target = tmp_path / "pq"
    write_dataset(target, corpus_run.results, corpus_run.entities, corpus_run.facts,
                  options=OutputOptions(parquet=True))
    entities = pd.read_parquet(target / "entities.parquet")
    assert str(entities["key"].dtype) == "string" and str(entities["n_mentions"].dtype) == "Int64"
    leverkusen = entities[entities["canonical"] == "Leverkusen"]
    assert leverkusen["key"].tolist() == ["05316000"]  # the leading zero survives
    mentions = pd.read_parquet(target / "mentions.parquet")
    csv_rows = rows(target / "mentions.csv")
    assert [(m, int(s)) for m, s in zip(mentions["mention_id"], mentions["start"], strict=True)] == [
        (r["mention_id"], int(r["start"])) for r in csv_rows]
    assert str(mentions["confidence"].dtype) == "float64"
    again = tmp_path / "again"
    write_dataset(again, corpus_run.results, corpus_run.entities, corpus_run.facts, options=OutputOptions(parquet=True))
    for name in ("documents", "mentions", "entities", "facts"):
        assert (again / f"{name}.parquet").read_bytes() == (target / f"{name}.parquet").read_bytes()
    # a later run without --parquet removes the old Parquet files with the rest of the dataset
    write_dataset(target, corpus_run.results, corpus_run.entities, corpus_run.facts)
    assert not list(target.glob("*.parquet"))
