"""An unchanged re-run into the same folder finds its dataset up to date and rewrites nothing;
any change of input, output file, option, rule or cache setting makes a normal run again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_cache import _touch, rules_copy  # noqa: F401 - the fixture
from test_scale import TEXTS, dataset_of, write_inputs

from extract.cache import CACHE_FILE
from extract.formats import OutputOptions
from extract.pipeline import run
from extract.uptodate import run_key


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file: a rewritten file gets a new inode (atomic replace) or time."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unchanged_rerun_rewrites_nothing_and_reports_the_same_summary(tmp_path: Path, nlp) -> None:
    inputs = write_inputs(tmp_path / "in")
    cache = tmp_path / CACHE_FILE
    first = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert not first.up_to_date
    stamps = _stamps(tmp_path / "out")
    again = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert again.up_to_date and again.cache_hits == 0
    assert _stamps(tmp_path / "out") == stamps
    assert (again.n_documents, again.n_ok, again.mention_counts(), again.count_entities, again.count_facts) == (
        first.n_documents, first.n_ok, first.mention_counts(), first.count_entities, first.count_facts)
    assert again.problems == first.problems
    assert ("error", "kaputt.txt", "binary file, not text or HTML") in again.problems
    assert sorted(again.paths) == sorted(first.paths)
    assert "up to date (inputs, pipeline and options unchanged: nothing rewritten)" in again.summary()


def test_a_changed_input_file_makes_a_normal_run_that_reads_the_rest_from_the_cache(tmp_path: Path, nlp) -> None:
    inputs = write_inputs(tmp_path / "in", 6)
    cache = tmp_path / CACHE_FILE
    run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    (inputs / "pm001.txt").write_text(TEXTS[1] + "\nNachtrag: 7.500 Euro für den Spielplatz.\n", encoding="utf-8")
    changed = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert not changed.up_to_date and changed.cache_hits == 6 - 1 - 1  # one empty file, one changed
    run([str(inputs)], tmp_path / "fresh", nlp=nlp, use_cache=False)
    assert dataset_of(tmp_path / "out") == dataset_of(tmp_path / "fresh")
    assert run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache).up_to_date
    (inputs / "pm001.txt").unlink()  # a removed file too
    assert not run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache).up_to_date


def test_an_edited_or_deleted_output_file_is_written_again(tmp_path: Path, nlp) -> None:
    inputs = write_inputs(tmp_path / "in", 4)
    cache = tmp_path / CACHE_FILE
    out = tmp_path / "out"
    run([str(inputs)], out, nlp=nlp, cache_path=cache)
    expected = dataset_of(out)
    with (out / "mentions.csv").open("a", encoding="utf-8") as fh:
        fh.write("an analyst's row\n")
    assert not run([str(inputs)], out, nlp=nlp, cache_path=cache).up_to_date
    assert dataset_of(out) == expected
    (out / "facts.csv").unlink()
    assert not run([str(inputs)], out, nlp=nlp, cache_path=cache).up_to_date
    assert dataset_of(out) == expected
    assert run([str(inputs)], out, nlp=nlp, cache_path=cache).up_to_date


def test_other_options_another_folder_or_no_cache_are_never_up_to_date(tmp_path: Path, nlp) -> None:
    inputs = write_inputs(tmp_path / "in", 4)
    cache = tmp_path / CACHE_FILE
    out = tmp_path / "out"
    run([str(inputs)], out, nlp=nlp, cache_path=cache)
    assert not run([str(inputs)], out, nlp=nlp, cache_path=cache, options=OutputOptions(excel=True)).up_to_date
    assert (out / "mentions.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # written again, with the BOM
    assert run([str(inputs)], out, nlp=nlp, cache_path=cache, options=OutputOptions(excel=True)).up_to_date
    assert not run([str(inputs)], out, nlp=nlp, cache_path=cache).up_to_date  # back without the BOM
    assert not run([str(inputs)], tmp_path / "other", nlp=nlp, cache_path=cache).up_to_date
    assert not run([str(inputs)], out, nlp=nlp, use_cache=False).up_to_date
    assert not run([str(inputs)], out, nlp=nlp, cache_path=cache, parquet_parts=2).up_to_date


def test_a_rule_change_makes_a_normal_run(tmp_path: Path, rules_copy: Path, nlp) -> None:  # noqa: F811
    inputs = write_inputs(tmp_path / "in", 4)
    cache = tmp_path / CACHE_FILE
    run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache).up_to_date
    _touch(rules_copy / "facts" / "funding.yaml")
    changed = run([str(inputs)], tmp_path / "out", nlp=nlp, cache_path=cache)
    assert not changed.up_to_date and changed.cache_hits == 4  # every annotation stays


def test_the_run_key_follows_names_and_bytes_and_refuses_urls(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Lemgo, 3. Mai 2024 – Die Stadt erhält 40.000 Euro.\n", encoding="utf-8")
    key = run_key([str(folder)], {"jobs": 1})
    assert key == run_key([str(folder)], {"jobs": 1}) and len(key) == 64
    assert run_key([str(folder)], {"jobs": 2}) != key
    (folder / "a.txt").rename(folder / "b.txt")
    assert run_key([str(folder)], {"jobs": 1}) != key  # the name is in the dataset
    assert run_key([str(folder), "https://example.org/pm.html"], {"jobs": 1}) is None
    assert run_key([str(tmp_path / "missing")], {"jobs": 1}) is None  # cannot be read now


def test_the_command_says_the_dataset_is_up_to_date(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in", 3)
    env = {**os.environ, "PRESSEXTRACT_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "extract.cli", "run", str(inputs), "--quiet", "--out", str(tmp_path / "out")]
    first = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=True)
    again = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert "up to date" not in first.stdout
    assert again.stdout.startswith("pressextract: 3 documents ok, 1 failed or skipped, up to date (")
    assert again.stderr == first.stderr == "pressextract: error: kaputt.txt: binary file, not text or HTML\n"
