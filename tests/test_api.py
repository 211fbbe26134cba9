"""The Python API: texts in memory and paths in, typed DataFrames out, write, read back, diff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from extract.api import Dataset, diff, extract_texts, read_dataset

REPO = Path(__file__).resolve().parents[1]

GREVEN = ("Greven, 4. Mai 2019\n\nDie Stadt Greven erhält aus dem Landesprogramm 1,5 Millionen Euro für "
          "den Umbau der Emsaue. Bürgermeister Peter Vennemeyer freut sich über die Förderung.")
XANTEN = "Die Stadt Xanten hat gestern 12.500 Euro für neue Spielgeräte bekommen."


@pytest.fixture(scope="module")
def data(nlp) -> Dataset:
    return extract_texts([GREVEN, XANTEN], published=[None, "2020-06-10"], nlp=nlp)


def test_texts_in_memory_give_typed_tables(data: Dataset) -> None:
    docs = data.documents.set_index("source")
    assert list(docs.index) == sorted(docs.index, key=lambda s: docs.loc[s, "doc_id"])
    assert set(docs.index) == {"text:1", "text:2"}
    assert docs.loc["text:1", "published"] == "2019-05-04"  # detected in the dateline
    assert docs.loc["text:2", "published"] == "2020-06-10"  # given
    assert docs.loc["text:2", "encoding"] == "utf-8"
    assert str(data.documents["n_chars_raw"].dtype) == "Int64"

    m = data.mentions
    assert str(m["value"].dtype) == "string" and str(m["start"].dtype) == "Int64"
    assert str(m["value_number"].dtype) == "float64" and str(m["confidence"].dtype) == "float64"
    amounts = m[m["type"] == "amount"].set_index("text")
    assert amounts.loc["1,5 Millionen Euro", "value"] == "1500000"
    assert amounts.loc["1,5 Millionen Euro", "value_number"] == 1_500_000.0
    assert amounts.loc["12.500 Euro", "value_number"] == 12_500.0
    dates = m[m["type"] == "date"].set_index("text")
    assert dates.loc["4. Mai 2019", ["value", "unit", "granularity"]].tolist() == ["2019-05-04", "day", "day"]
    # "gestern" resolved against the publication date passed in
    assert dates.loc["gestern", "value"] == "2020-06-09"
    assert pd.isna(m[m["type"] == "municipality"]["value_number"]).all()


def test_ags_keys_stay_text_with_leading_zero(data: Dataset) -> None:
    ents = data.entities.set_index("canonical")
    assert ents.loc["Greven", "key"] == "05566012"
    assert ents.loc["Xanten", "key"] == "05170052"
    assert str(data.entities["key"].dtype) == "string"
    assert str(data.entities["n_mentions"].dtype) == "Int64"
    muni = data.mentions[data.mentions["type"] == "municipality"]
    assert set(muni["value"]) == {"05566012", "05170052"}


def test_write_and_read_back(data: Dataset, tmp_path: Path) -> None:
    paths = data.write(tmp_path / "out", xlsx=True)
    assert sorted(paths) == ["datapackage.json", "dataset.json", "dataset.xlsx", "documents.csv",
                             "entities.csv", "facts.csv", "mentions.csv"]
    again = read_dataset(tmp_path / "out")
    for name in ("documents", "mentions", "entities", "facts"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(data, name), check_dtype=True)
    with pytest.raises(ValueError, match="read from files"):
        again.write(tmp_path / "other")


def test_paths_and_texts_mixed(nlp, tmp_path: Path) -> None:
    release = tmp_path / "pm.txt"
    release.write_bytes(XANTEN.replace("gestern", "am 3. März 2021").encode("cp1252"))
    data = extract_texts([release, GREVEN, GREVEN], nlp=nlp)
    docs = data.documents.set_index("source")
    assert docs.loc["pm.txt", "encoding"] == "cp1252"
    assert docs.loc["text:3", "status"] == "skipped" and docs.loc["text:3", "error"] == "duplicate of text:2"
    assert "2021-03-03" in set(data.mentions["value"])


def test_bad_arguments_are_clear(nlp) -> None:
    with pytest.raises(ValueError, match="published: 1 values for 2 inputs"):
        extract_texts([GREVEN, XANTEN], published=["2020-01-01"], nlp=nlp)
    with pytest.raises(TypeError, match="input 1: expected a str"):
        extract_texts([42], nlp=nlp)  # type: ignore[list-item]


def test_diff_against_a_registry(data: Dataset, tmp_path: Path) -> None:
    from extract.registry import init_registry

    registry = tmp_path / "registry.db"
    init_registry(registry).close()
    table = diff(data, registry)
    assert len(table) == len(data.facts) > 0
    assert set(table["status"]) == {"new"}
    assert set(table["predicate"]) == set(data.facts["predicate"])
    assert table.loc[0, ["predicate", "subject", "object", "new_value"]].tolist() == [
        "holds_role", "Peter Vennemeyer", "Greven", "Bürgermeister"]


def test_pressextract_import_alias() -> None:
    code = ("import sys, pressextract; assert 'spacy' not in sys.modules; "
            "from extract.api import extract_texts; assert pressextract.extract_texts is extract_texts; "
            "print(pressextract.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=True)
    from extract import __version__

    assert out.stdout.strip() == __version__
