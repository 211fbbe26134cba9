"""The processes pressextract owns (the CLI run, its worker processes) collect the young generation
less often; a library caller's process keeps its own collector settings."""

from __future__ import annotations

import gc
from pathlib import Path

from test_scale import write_inputs

from extract.cli import main
from extract.engines import GC_THRESHOLD, ProcessEngine
from extract.pipeline import run


def test_worker_processes_use_the_pipeline_threshold() -> None:
    engine = ProcessEngine(1)
    try:
        assert engine.pool.submit(gc.get_threshold).result(timeout=120) == GC_THRESHOLD
    finally:
        engine.close()


def test_the_run_command_sets_it_and_the_library_call_does_not(tmp_path: Path, nlp) -> None:
    before = gc.get_threshold()  # another test may have run the command in this process already
    gc.set_threshold(700, 10, 10)  # CPython's default
    inputs = write_inputs(tmp_path / "in", 2)
    try:
        run([str(inputs)], tmp_path / "lib", nlp=nlp, use_cache=False)
        assert gc.get_threshold() == (700, 10, 10)
        assert main(["run", str(inputs), "--out", str(tmp_path / "cli"), "--quiet", "--no-cache"]) == 0
        assert gc.get_threshold() == GC_THRESHOLD
    finally:
        gc.set_threshold(*before)
