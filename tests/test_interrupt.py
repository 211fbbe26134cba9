"""Ctrl-C during a run with worker processes: it stops within seconds and writes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
from conftest import REPO

sys.path.insert(0, str(REPO))
from scripts.synth_corpus import write_corpus  # noqa: E402


def test_ctrl_c_with_two_worker_processes_stops_at_once_and_leaves_the_output_folder_as_it_was(
        tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2000)  # enough work that the run is still going when both workers are busy
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("an earlier run's table\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", "run", str(tmp_path / "in"), "--out", str(out),
                             "--jobs", "2", "--no-cache", "--quiet"], cwd=REPO, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,  # its own process group, as a terminal's foreground job
                            # a foreground job's default Ctrl-C, also when the tests run as a background job
                            # (which inherits SIGINT ignored, and Python then installs no KeyboardInterrupt)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 240
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and proc.poll() is None:  # until both workers are busy with documents
        workers = _workers(parent)
        if len(workers) == 2 and all(_cpu(w) > 4 for w in workers):
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    started = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group gets it
    _, err = proc.communicate(timeout=60)
    stopped = time.monotonic() - started
    assert proc.returncode == 130
    assert stopped < 5, f"took {stopped:.1f} s to stop"
    assert f"pressextract: interrupted; nothing written, {out} left as it was" in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob(".out.tmp-*"))  # no staging folder left (.out.lock stays, as after every run)
    assert [p.name for p in out.iterdir()] == ["documents.csv"]
    assert (out / "documents.csv").read_text(encoding="utf-8") == "an earlier run's table\n"
    time.sleep(1)
    assert not [w for w in workers if _alive(w)]


def _workers(parent: psutil.Process) -> list[psutil.Process]:
    out = []
    for child in parent.children():
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                out.append(child)
        except psutil.Error:
            continue
    return out


def _cpu(process: psutil.Process) -> float:
    try:
        return process.cpu_times().user
    except psutil.Error:
        return 0.0


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
