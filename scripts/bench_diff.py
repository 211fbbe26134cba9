"""Diff and review at scale without running the pipeline at scale: a big dataset made by replicating
a real run's output, then ``pressextract diff`` (wall time, peak RSS, output sizes) and the review
server (start + first page).

``python scripts/bench_diff.py --run OUT --sizes 10000 100000`` takes the dataset folder OUT of a
real ``pressextract run`` (default: a run over 1,000 documents of ``scripts/synth_corpus.py``,
made with ``--jobs 1``) and writes, per size, a dataset of that many documents: copy ``r`` of every
document, mention and fact gets ids with ``~r`` appended (a mention id ``DOC:START`` becomes
``DOC~r:START``), and every person entity is copied as ``ID~r`` with ``(r)`` after its name, so the
number of person keys grows with the corpus as in a real archive while municipalities and
programmes recur. Deterministic: same run, same datasets. The registry holds the base run's facts
of every tenth document (``registry import --hold-conflicts``), so the diff gives confirmed,
conflicting and unseen facts as well as new ones.

``--repo DIR`` runs the CLI of another checkout (e.g. the main branch, for before/after numbers).
Memory is the peak resident set size of the diff process, sampled every 0.1 s (psutil); CPU
seconds (user + system) are less disturbed than wall time by other load on the machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.synth_corpus import write_corpus  # noqa: E402

csv.field_size_limit(2**31 - 1)
FILES = ("documents.csv", "mentions.csv", "entities.csv", "facts.csv")


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _ids(cell: str, suffix: str) -> str:
    """``a|b:12`` -> ``a~r|b~r:12`` (document ids, mention ids ``DOC:START``)."""
    out = []
    for part in cell.split("|"):
        if not part:
            continue
        doc, sep, rest = part.partition(":")
        out.append(f"{doc}{suffix}{sep}{rest}")
    return "|".join(out)


def replicate(base: Path, target: Path, n_docs: int) -> None:
    """Write a dataset of ``n_docs`` documents made of copies of ``base`` (see the module docstring)."""
    tables = {name: _rows(base / name) for name in FILES}
    base_docs = len(tables["documents.csv"][1])
    copies = -(-n_docs // base_docs)
    persons = {r["entity_id"] for r in tables["entities.csv"][1] if r["type"] == "person"}
    target.mkdir(parents=True, exist_ok=True)
    handles = {}
    writers = {}
    for name in FILES:
        handles[name] = (target / name).open("w", encoding="utf-8", newline="")
        writers[name] = csv.DictWriter(handles[name], fieldnames=tables[name][0], lineterminator="\n")
        writers[name].writeheader()
    try:
        written = 0
        for r in range(copies):
            suffix = f"~{r}" if r else ""
            docs = tables["documents.csv"][1][: n_docs - written]
            keep = {d["doc_id"] for d in docs}
            written += len(docs)
            for row in docs:
                writers["documents.csv"].writerow({**row, "doc_id": row["doc_id"] + suffix})
            for row in tables["mentions.csv"][1]:
                if row["doc_id"] in keep:
                    writers["mentions.csv"].writerow({**row, "doc_id": row["doc_id"] + suffix,
                                                      "mention_id": _ids(row["mention_id"], suffix)})

            def person(eid: str, suffix: str = suffix) -> str:
                return eid + suffix if eid in persons else eid

            for row in tables["entities.csv"][1]:
                if row["type"] == "person":
                    writers["entities.csv"].writerow({**row, "entity_id": row["entity_id"] + suffix,
                                                      "canonical": row["canonical"] + (f" ({r})" if r else "")})
                elif not r:
                    writers["entities.csv"].writerow(row)
            for row in tables["facts.csv"][1]:
                docs_of = [d for d in row["doc_ids"].split("|") if d in keep]
                if not docs_of:
                    continue
                evidence = [m for m in row["evidence"].split("|") if m.partition(":")[0] in keep]
                writers["facts.csv"].writerow({**row, "fact_id": row["fact_id"] + suffix,
                                               "subject_id": person(row["subject_id"]),
                                               "object_id": person(row["object_id"]),
                                               "doc_ids": _ids("|".join(docs_of), suffix),
                                               "evidence": _ids("|".join(evidence), suffix)})
    finally:
        for handle in handles.values():
            handle.close()


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, stdout) of a command."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.1)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"bench_diff: {' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return time.perf_counter() - started, cpu_s, peak / 2**20, out.strip()


REVIEW = """
import sys, time, urllib.request
t0 = time.perf_counter()
from extract.review_server import make_server, serve_in_thread
server = make_server(sys.argv[1], sys.argv[2], port=0)
serve_in_thread(server)
with urllib.request.urlopen(server.url, timeout=600) as resp:
    body = resp.read()
print(f"{time.perf_counter() - t0:.2f} {len(body)}")
server.shutdown()
"""


def base_run(work: Path, env: dict[str, str], repo: Path) -> Path:
    corpus, out = work / "corpus-1000", work / "run-1000"
    if not (out / "facts.csv").is_file():
        write_corpus(corpus, 1000)
        subprocess.run([sys.executable, "-m", "extract.cli", "run", str(corpus), "--out", str(out), "--quiet",
                        "--no-cache", "--jobs", "1"], cwd=repo, env=env, check=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=Path, default=None, help="a real run's dataset folder (default: make one)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--work", type=Path, default=None, help="folder for datasets and outputs (default: temp)")
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout whose CLI is measured (default: this)")
    args = parser.parse_args()
    repo = args.repo.resolve()
    env = {**os.environ, "PYTHONPATH": str(repo)}
    with tempfile.TemporaryDirectory(prefix="pressextract-bench-diff-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        base = args.run or base_run(work, env, repo)
        registry_csv = work / "registry-facts.csv"
        fields, facts = _rows(base / "facts.csv")
        with registry_csv.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(f for i, f in enumerate(facts) if i % 10 == 0)
        shutil.copy(base / "entities.csv", work / "entities.csv")
        registry = work / "registry.db"
        if not registry.exists():
            subprocess.run([sys.executable, "-m", "extract.cli", "registry", "init", str(registry)], cwd=repo,
                           env=env, check=True, stdout=subprocess.DEVNULL)
            subprocess.run([sys.executable, "-m", "extract.cli", "registry", "import", str(registry_csv),
                            "--registry", str(registry), "--hold-conflicts"], cwd=repo, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"{'documents':>10}{'mentions MB':>12}{'diff s':>8}{'CPU s':>7}{'peak MB':>9}{'diff.json MB':>13}"
              f"{'report MB':>10}{'review 1st page s':>18}  summary")
        for size in args.sizes:
            dataset = work / f"dataset-{size}"
            if not (dataset / "facts.csv").is_file():
                replicate(base, dataset, size)
            reg = work / f"registry-{size}.db"
            shutil.copy(registry, reg)
            out = work / f"diff-{size}"
            cmd = [sys.executable, "-m", "extract.cli", "diff", "--dataset", str(dataset), "--registry", str(reg),
                   "--out", str(out)]
            seconds, cpu, peak, summary = measure(cmd, env, repo)
            report = sum(p.stat().st_size for p in out.glob("report*.html"))
            review = subprocess.run([sys.executable, "-c", REVIEW, str(reg), str(out)], cwd=repo, env=env,
                                    check=True, capture_output=True, text=True).stdout.split()[0]
            mentions_mb = (dataset / "mentions.csv").stat().st_size / 2**20
            print(f"{size:10d}{mentions_mb:12.0f}{seconds:8.1f}{cpu:7.1f}{peak:9.0f}"
                  f"{(out / 'diff.json').stat().st_size / 2**20:13.1f}{report / 2**20:10.1f}{review:>18}  "
                  f"{summary.split(' -> ')[0]}", flush=True)
            numbers = {"seconds": seconds, "cpu": cpu, "peak_mb": peak}
            (work / f"summary-{size}.json").write_text(json.dumps(numbers) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
