"""Golden files of ``pressextract diff``: for a synthetic dataset with repeated surfaces (fictional
releases, tests/test_diff_stream.py) — with and without mention ids, and again after a rejection — the
command's diff.csv, diff.json, conflicts.csv, report.html and the
registry's candidates (their digests) must be the bytes under ``tests/data/diff_golden/CASE/``
(a spreadsheet-saved copy diffs the same: tests/test_diff_stream.py).
(The sample corpus run is compared streamed against in memory in tests/test_diff_stream.py: its
texts must not be copied into test data.)

The files were written by the in-memory diff of main 2f6e886 (before the items were spooled to
disk) and are rewritten only for a deliberate change of the output:
``PYTHONPATH=. python tests/test_diff_golden.py`` (then review ``git diff tests/data``).
Timestamps of the registry are fixed (``utc_now``), paths are relative (the test runs in its folder).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from test_diff_stream import synthetic_dataset, synthetic_registry  # noqa: E402

from extract.cli import main  # noqa: E402
from extract.registry import using  # noqa: E402
from extract.review import resolve  # noqa: E402

GOLDEN = TESTS / "data" / "diff_golden"
FILES = ("diff.csv", "diff.json", "conflicts.csv", "report.html", "candidates.tsv")
NOW = "2026-01-02T03:04:05Z"


def _synthetic(folder: Path, mention_ids: bool = True) -> None:
    synthetic_dataset(folder / "run", n_docs=12, mention_ids=mention_ids)
    assert synthetic_registry(folder / "registry.csv") == folder / "registry.db"


def _rejected(folder: Path) -> None:
    """The synthetic dataset diffed once, its first conflict rejected: the next diff gives it as rejected."""
    _synthetic(folder)
    assert main(["diff", "--dataset", "run", "--registry", "registry.db", "--out", "first"]) == 0
    first = json.loads((folder / "first" / "diff.json").read_text(encoding="utf-8"))
    conflict = next(i for i in first["items"] if i["status"] == "conflict")
    resolve(conflict["item_id"], "reject", registry=folder / "registry.db", who="test")
    shutil.rmtree(folder / "first")


CASES: dict[str, Callable[[Path], None]] = {
    "synthetic": _synthetic,
    "synthetic-no-mention-ids": lambda folder: _synthetic(folder, mention_ids=False),
    "synthetic-rejected": _rejected,
}
SAME_AS = {"synthetic-no-mention-ids": "synthetic"}  # an older mentions.csv without ids diffs the same


def run_case(name: str, folder: Path) -> dict[str, bytes]:
    """The outputs of ``pressextract diff`` on case ``name``, made in ``folder`` (the working directory)."""
    CASES[name](folder)
    assert main(["diff", "--dataset", "run", "--registry", "registry.db", "--out", "out"]) in (0, 3)
    out = {f: (folder / "out" / f).read_bytes() for f in FILES if f != "candidates.tsv"}
    assert sorted(p.name for p in (folder / "out").glob("report*.html")) == ["report.html"]
    with using(folder / "registry.db") as reg:
        rows = reg.execute("SELECT item_id, status, natural_key, payload, dataset FROM candidates ORDER BY item_id")
    # the payloads are the items of diff.json, so their digests suffice
    lines = ["\t".join((r["item_id"], r["status"], r["natural_key"], r["dataset"],
                        hashlib.sha256(r["payload"].encode("utf-8")).hexdigest())) for r in rows]
    out["candidates.tsv"] = "".join(f"{line}\n" for line in lines).encode("utf-8")
    return out


@pytest.fixture()
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.registry.decisions
    import extract.registry.store

    for module in (extract.registry.store, extract.registry.decisions):
        monkeypatch.setattr(module, "utc_now", lambda: NOW)


@pytest.mark.parametrize("name", list(CASES))
def test_the_diff_gives_the_golden_files(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         fixed_clock: None) -> None:
    monkeypatch.chdir(tmp_path)
    got = run_case(name, tmp_path)
    for file in FILES:
        assert got[file] == (GOLDEN / SAME_AS.get(name, name) / file).read_bytes(), f"{name}/{file}"


def test_the_cases_cover_every_status_and_the_highlights() -> None:
    statuses = {name: {i["status"] for i in json.loads((GOLDEN / name / "diff.json").read_bytes())["items"]}
                for name in CASES if name not in SAME_AS}
    assert statuses["synthetic"] == {"new", "confirmed", "conflict", "unseen"}
    assert statuses["synthetic-rejected"] == {"new", "confirmed", "conflict", "unseen", "rejected"}
    payload = json.loads((GOLDEN / "synthetic" / "diff.json").read_bytes())
    assert sum(len(ev["highlights"]) for i in payload["items"] for ev in i["evidence"]) == 49


def regenerate() -> None:
    """Rewrite the golden files with the code on PYTHONPATH (a deliberate change of the output)."""
    import os
    import tempfile

    import extract.registry.decisions
    import extract.registry.store

    for module in (extract.registry.store, extract.registry.decisions):
        module.utc_now = lambda: NOW  # type: ignore[attr-defined]
    home = Path.cwd()
    print("extract from", Path(extract.__file__).parent)
    for name in (n for n in CASES if n not in SAME_AS):
        with tempfile.TemporaryDirectory() as tmp:
            os.chdir(tmp)
            try:
                files = run_case(name, Path(tmp))
            finally:
                os.chdir(home)
        (GOLDEN / name).mkdir(parents=True, exist_ok=True)
        for file, data in files.items():
            (GOLDEN / name / file).write_bytes(data)
        print(name, {f: len(d) for f, d in files.items()})


if __name__ == "__main__":
    regenerate()
