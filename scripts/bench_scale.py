"""Scaling benchmark: wall time, docs/s and peak memory of whole runs at growing corpus sizes, and
reconcile alone against the number of distinct person names.

``python scripts/bench_scale.py --sizes 1000 10000 [100000] --jobs 2`` writes the distinct
synthetic corpus of ``scripts/synth_corpus.py`` (each size extends the previous one), runs
``pressextract run --no-cache`` on it as one process tree and samples the resident memory of the
parent and of all its workers every 0.2 s (psutil). ``--names`` sets the name counts of the
reconcile table; the all-pairs comparison it replaced is timed too up to ``--pairs-max`` names.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.synth_corpus import write_corpus  # noqa: E402


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS of the parent, peak RSS of parent + workers at one moment), in MB."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak_parent = peak_tree = 0
    while proc.poll() is None:
        try:
            own = parent.memory_info().rss
            tree = own + sum(c.memory_info().rss for c in parent.children(recursive=True))
        except psutil.Error:
            break
        peak_parent, peak_tree = max(peak_parent, own), max(peak_tree, tree)
        time.sleep(0.2)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bench_scale: {' '.join(cmd)} failed:\n{err[-2000:]}")
    return seconds, peak_parent / 2**20, peak_tree / 2**20


def synthetic_names(n: int, rng: random.Random) -> Counter[str]:
    from faker.providers.person.de_DE import Provider

    firsts, lasts = sorted(set(Provider.first_names)), sorted(set(Provider.last_names))
    names: Counter[str] = Counter()
    while len(names) < n:
        first, last = rng.choice(firsts), rng.choice(lasts)
        if rng.random() < 0.05 and len(first) > 4:  # a typo variant of the first name
            i = rng.randrange(1, len(first) - 1)
            first = first[:i] + first[i + 1:]
        names[f"{first} {last}"] += rng.randint(1, 5)
    return names


def reconcile_table(sizes: list[int], pairs_max: int) -> None:
    from extract.reconcile import _person_groups, person_groups_all_pairs

    print(f"{'distinct names':>15}{'blocked s':>11}{'all pairs s':>13}{'groups':>9}")
    for n in sizes:
        names = synthetic_names(n, random.Random(n))
        started = time.perf_counter()
        groups = _person_groups(names)
        blocked = time.perf_counter() - started
        pairs = "-"
        if n <= pairs_max:
            started = time.perf_counter()
            reference = person_groups_all_pairs(names)
            pairs = f"{time.perf_counter() - started:.2f}"
            assert reference == groups, "blocked groups differ from all pairs"
        print(f"{n:15d}{blocked:11.2f}{pairs:>13}{len(set(groups.values())):9d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--names", type=int, nargs="+", default=[1000, 8000, 37000, 100000])
    parser.add_argument("--pairs-max", type=int, default=3000)
    parser.add_argument("--work", type=Path, default=None, help="folder for corpus and outputs (default: temp)")
    args = parser.parse_args()

    reconcile_table(args.names, args.pairs_max)
    with tempfile.TemporaryDirectory(prefix="pressextract-scale-") as tmp:
        work = args.work or Path(tmp)
        corpus = work / "corpus"
        have = len(list(corpus.glob("*.txt"))) if corpus.exists() else 0
        print(f"\n{'documents':>10}{'wall s':>9}{'docs/s':>8}{'parent MB':>11}{'all processes MB':>18}")
        for size in sorted(args.sizes):
            if size > have:
                write_corpus(corpus, size - have, start=have)
                have = size
            subset = work / f"corpus-{size}"
            if not subset.exists():
                subset.mkdir()
                for path in sorted(corpus.glob("*.txt"))[:size]:
                    (subset / path.name).symlink_to(path)
            out = work / f"out-{size}"
            cmd = [sys.executable, "-m", "extract.cli", "run", str(subset), "--out", str(out), "--quiet",
                   "--no-cache", "--jobs", str(args.jobs)]
            seconds, parent, tree = measure(cmd)
            print(f"{size:10d}{seconds:9.1f}{size / seconds:8.1f}{parent:11.0f}{tree:18.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
