"""Outputs whole or untouched: a run or diff killed after any step, concurrent writers, runs that
process nothing, --out that is a file, stale temporary folders, mixed datasets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from robust_helpers import DATASET_FILES, check_dataset, paragraph, snapshot
from workflow_data import write_dataset as write_workflow_dataset
from workflow_data import write_registry_csv

from extract import atomic, pipeline
from extract.atomic import FAULT_ENV, FAULT_EXIT, writer_lock
from extract.cli import main
from extract.diff import diff
from extract.diff_files import read_diff
from extract.pipeline import process
from extract.registry import import_csv, init_registry
from extract.write import write_dataset

DIFF_FILES = ("diff.csv", "diff.json", "conflicts.csv", "report.html", "review-index.sqlite")


@pytest.fixture(scope="module")
def batches(tmp_path_factory, nlp):
    base = tmp_path_factory.mktemp("batches")
    for name, first in (("a", 0), ("b", 10)):
        (base / name).mkdir()
        for i in range(first, first + 3 + (name == "b")):
            (base / name / f"pm{i}.txt").write_text(paragraph(i), encoding="utf-8")
    return base, process([str(base / "a")], nlp=nlp), process([str(base / "b")], nlp=nlp)


def dataset_part(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items() if k in DATASET_FILES}


def killed_after(n: int, write) -> int:
    """Run ``write()`` in a forked child that stops dead after writer step ``n``; its exit code."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            os.environ[FAULT_ENV] = str(n)
            atomic._steps = 0
            write()
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_run_killed_after_any_step_leaves_the_old_dataset_or_the_new_one(tmp_path: Path, batches) -> None:
    _base, first, second = batches
    out, ref = tmp_path / "out", tmp_path / "ref"
    write_dataset(ref, second.results, second.entities, second.facts)
    new = dataset_part(ref)
    write_dataset(out, first.results, first.entities, first.facts)
    (out / "review").mkdir()
    (out / "review" / "diff.json").write_text('{"items": []}\n', encoding="utf-8")
    old = dataset_part(out)
    assert old != new
    outcomes = []
    for n in range(1, 30):
        code = killed_after(n, lambda: write_dataset(out, second.results, second.entities, second.facts))
        now = dataset_part(out)
        outcomes.append((code, "old" if now == old else "new" if now == new else "MIXED"))
        with writer_lock(out):  # the next writer undoes what the killed one left
            pass
        assert (out / "review" / "diff.json").read_text(encoding="utf-8") == '{"items": []}\n'
        check_dataset(out)
        if code == 0:
            break
        if now == new:  # back to the old dataset for the next kill
            write_dataset(out, first.results, first.entities, first.facts)
    assert outcomes == [(FAULT_EXIT, "old")] * 8 + [(FAULT_EXIT, "new")] * 2 + [(0, "new")]


def test_a_second_writer_is_refused_and_changes_nothing(tmp_path: Path, batches, capsys) -> None:
    base, first, _second = batches
    out = tmp_path / "out"
    write_dataset(out, first.results, first.entities, first.facts)
    before = snapshot(out)
    with writer_lock(out):
        code = main(["run", str(base / "b"), "--out", str(out), "--quiet", "--model", "blank"])
    assert code == 1
    assert f"pressextract: {out}: another pressextract (pid {os.getpid()}) is writing there" in capsys.readouterr().err
    assert snapshot(out) == before
    check_dataset(out)


@pytest.mark.parametrize("what", ["typo", "empty folder", "only bad files"])
def test_a_run_that_processes_nothing_writes_nothing(tmp_path: Path, batches, capsys, what: str) -> None:
    _base, first, _second = batches
    out = tmp_path / "out"
    write_dataset(out, first.results, first.entities, first.facts)
    before = snapshot(out)
    given = tmp_path / "input"
    if what != "typo":
        given.mkdir()
    if what == "only bad files":
        (given / "leer.txt").write_text("", encoding="utf-8")
        (given / "bild.png").write_bytes(b"\x89PNG")
    code = main(["run", str(given), "--out", str(out), "--quiet", "--model", "blank"])
    assert code == 1
    assert f"nothing written, {out} left as it was" in capsys.readouterr().err
    assert snapshot(out) == before


def test_out_that_is_a_file_is_refused_before_processing(tmp_path: Path, batches, capsys, monkeypatch) -> None:
    base, _first, _second = batches
    target = tmp_path / "out.csv"
    target.write_text("keep me\n", encoding="utf-8")

    def no_processing(*_args, **_kwargs):
        raise AssertionError("processed before checking --out")

    monkeypatch.setattr(pipeline, "process", no_processing)
    assert main(["run", str(base / "a"), "--out", str(target), "--quiet"]) == 1
    assert capsys.readouterr().err == f"pressextract: {target}: exists and is not a folder\n"
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_stale_temporary_folders_are_removed_and_carried_entries_restored(tmp_path: Path, batches) -> None:
    _base, first, _second = batches
    out = tmp_path / "out"
    write_dataset(out, first.results, first.entities, first.facts)
    dead = tmp_path / ".out.tmp-dead"  # a killed run: half its files, and out/review already carried over
    dead.mkdir()
    (dead / "documents.csv").write_text("doc_id\n", encoding="utf-8")
    (dead / "review").mkdir()
    (dead / "review" / "note.txt").write_text("mine\n", encoding="utf-8")
    (dead / atomic.CARRIED).write_text("review", encoding="utf-8")
    write_dataset(out, first.results, first.entities, first.facts)
    assert not dead.exists()
    assert (out / "review" / "note.txt").read_text(encoding="utf-8") == "mine\n"
    check_dataset(out)


# --- diff ------------------------------------------------------------------------------------


@pytest.fixture()
def diff_setup(tmp_path: Path):
    dataset = write_workflow_dataset(tmp_path / "run")
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg)
    return dataset, reg


def test_a_diff_killed_after_any_step_leaves_the_old_files_or_the_new_ones(tmp_path: Path, diff_setup) -> None:
    dataset, reg = diff_setup
    out = tmp_path / "review"
    out.mkdir()
    for name in DIFF_FILES[:4]:  # an older diff, readable
        (out / name).write_text("{}\n" if name == "diff.json" else "old\n", encoding="utf-8")
    old = snapshot(out)
    args = ["diff", "--dataset", str(dataset), "--registry", str(reg), "--out", str(out)]
    outcomes = []
    for n in range(1, 20):
        code = killed_after(n, lambda: os._exit(main(args)))
        now = snapshot(out)
        complete = set(now) == set(DIFF_FILES) and now != old
        outcomes.append((code, "old" if now == old else "new" if complete else "MIXED"))
        read_diff(out)  # review can always read it
        if code == 0:
            break
        if complete:
            shutil.rmtree(out)
            out.mkdir()
            for name, data in old.items():
                (out / name).write_bytes(data)
    assert outcomes[-1] == (0, "new") and "MIXED" not in {state for _c, state in outcomes}
    assert outcomes[0] == (FAULT_EXIT, "old") and len(outcomes) > 5
    with writer_lock(out):
        pass
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".review.") and not p.name.endswith(".lock")]
    assert len(read_diff(out)[1]) == len(diff(dataset, reg, remember=False))


def test_diff_refuses_a_mixed_dataset(tmp_path: Path, diff_setup, batches, capsys) -> None:
    dataset, reg = diff_setup
    _base, first, _second = batches
    other = tmp_path / "other"
    write_dataset(other, first.results, first.entities, first.facts)
    for name in ("documents.csv", "mentions.csv"):  # two runs' files in one folder
        shutil.copy(other / name, dataset / name)
    out = tmp_path / "review"
    code = main(["diff", "--dataset", str(dataset), "--registry", str(reg), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert err.startswith(f"pressextract diff: {dataset}: not a consistent dataset: ")
    assert "facts name documents not in documents.csv" in err and "from different runs" in err


def test_diff_out_that_is_a_file_is_refused_before_the_diff(tmp_path: Path, diff_setup, capsys) -> None:
    dataset, reg = diff_setup
    target = tmp_path / "review.html"
    target.write_text("x", encoding="utf-8")
    assert main(["diff", "--dataset", str(dataset), "--registry", str(reg), "--out", str(target)]) == 1
    assert capsys.readouterr().err == f"pressextract diff: {target}: exists and is not a folder\n"


def test_a_symlinked_out_is_replaced_at_its_target(tmp_path: Path, batches) -> None:
    _base, first, second = batches
    real = tmp_path / "real"
    write_dataset(real, first.results, first.entities, first.facts)
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)
    write_dataset(link, second.results, second.entities, second.facts)
    assert link.is_symlink() and link.resolve() == real.resolve()
    tables = check_dataset(real)
    assert {d["doc_id"] for d in tables["documents"]} == {r.raw.doc_id for r in second.results}
