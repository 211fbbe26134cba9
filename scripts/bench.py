"""Throughput benchmark, one run: the whole pipeline vs spaCy's blank German tokenizer, same texts.

The corpus is ``--docs`` distinct documents made from the texts of ``corpus/`` and
``eval/heldout`` with other numbers, dates and names (``scripts/synth_corpus.py``). Every row is a
whole process (``pressextract run`` from ingest to the written dataset, start-up and model load
included), timed ``--repeat`` times; the best time is kept, and the ratios are between figures of
this run only (the machine is shared and its speed varies):

- the blank tokenizer over the same texts (its own process, reading the files);
- ``run --jobs 1``, ``run --jobs 2``, ``run --engine dask --jobs 2`` (in-process LocalCluster);
- with the cache a first run filled: a re-run into a new folder (every document's results come from
  the cache; reconcile and writing run), the unchanged re-run into the same folder (the dataset is
  up to date, :mod:`extract.uptodate`), and a re-run after adding 1 % new documents.

The outputs (but that of the grown corpus) are compared byte for byte.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.synth_corpus import write_corpus  # noqa: E402

FILES = ("documents.csv", "mentions.csv", "entities.csv", "facts.csv", "dataset.json", "datapackage.json")
TOKENIZE = """
import sys
from pathlib import Path
import spacy
nlp = spacy.blank("de")
texts = (p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir()))
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=64)))
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def best(cmd: list[str], repeat: int, before: Callable[[], object] | None = None) -> tuple[float, str]:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(timed(cmd))
    return min(runs, key=lambda r: r[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000, help="number of documents (default 2000)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per row; the fastest counts (default 2)")
    parser.add_argument("--model", default=None, help="base pipeline (see `pressextract run --model`)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask row")
    args = parser.parse_args()
    py = sys.executable
    model = ["--model", args.model] if args.model else []

    with tempfile.TemporaryDirectory(prefix="pressextract-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.docs)
        n_chars = sum(p.stat().st_size for p in corpus.iterdir())

        def run_cmd(out: str, *extra: str) -> list[str]:
            return [py, "-m", "extract.cli", "run", str(corpus), "--out", str(Path(tmp) / out), "--quiet",
                    *model, *extra]

        def fresh(out: str) -> Callable[[], object]:
            return lambda: subprocess.run(["rm", "-rf", str(Path(tmp) / out)], check=True)

        rows: list[tuple[str, float]] = []
        tok_s, tok_out = best([py, "-c", TOKENIZE, str(corpus)], args.repeat)
        rows.append(("spaCy blank German tokenizer", tok_s))
        one_s, summary = best(run_cmd("one", "--no-cache"), args.repeat, fresh("one"))
        rows.append(("pipeline --jobs 1", one_s))
        two_s, _ = best(run_cmd("two", "--no-cache", "--jobs", "2"), args.repeat, fresh("two"))
        rows.append(("pipeline --jobs 2", two_s))
        if not args.no_dask:
            dask_s, _ = best(run_cmd("dask", "--no-cache", "--engine", "dask", "--jobs", "2"), args.repeat,
                             fresh("dask"))
            rows.append(("pipeline --engine dask (LocalCluster, 2 workers)", dask_s))
        cache = ["--cache-dir", str(Path(tmp) / "cache")]
        first_s, _ = timed(run_cmd("cached", *cache))  # the first run fills the cache
        again_s, _ = best(run_cmd("again", *cache), args.repeat, fresh("again"))
        rows.append(("re-run into a new folder, every document cached", again_s))
        cached_s, cached_summary = best(run_cmd("cached", *cache), args.repeat)
        rows.append(("re-run, unchanged: the dataset is up to date", cached_s))

        outs = [o for o in ("one", "two", "dask", "again", "cached") if (Path(tmp) / o / FILES[0]).exists()]
        identical = all((Path(tmp) / o / f).read_bytes() == (Path(tmp) / "one" / f).read_bytes()
                        for o in outs for f in FILES)
        n_new = max(1, args.docs // 100)
        write_corpus(corpus, n_new, start=args.docs)
        grown_s, _ = timed(run_cmd("cached", *cache))
        rows.append((f"re-run with {n_new} new documents (+1 %)", grown_s))

    print(f"corpus: {args.docs} distinct documents, {n_chars / 1e6:.1f} MB, {tok_out.strip()} tokens; "
          f"best of {args.repeat} whole-process runs each (start-up and model load included)")
    print(f"{'':52}{'seconds':>9}{'docs/s':>9}{'x tokenizer time':>18}")
    for name, seconds in rows:
        print(f"{name:52}{seconds:9.2f}{args.docs / seconds:9.1f}{seconds / tok_s:18.2f}")
    print(f"--jobs 2 / --jobs 1 speed-up: {one_s / two_s:.2f}x; pipeline --jobs 1 takes "
          f"{one_s / tok_s:.1f}x the tokenizer's time")
    print(f"against the first run that filled the cache ({first_s:.2f} s): unchanged re-run "
          f"{first_s / cached_s:.1f}x faster, re-run into a new folder {first_s / again_s:.1f}x, "
          f"+1 % new documents {first_s / grown_s:.1f}x")
    print(f"outputs of {', '.join(outs)} byte-identical: {'yes' if identical else 'NO'}")
    print(summary.strip().splitlines()[-1])
    print(cached_summary.strip().splitlines()[-1])
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
