"""Throughput benchmark: the whole pipeline vs spaCy's blank German tokenizer, same texts, same run.

The corpus repeats the sample texts of ``corpus/`` (each copy gets a numbered last line so
its content hash, and so its document id, is unique) until it has ``--docs`` documents.
Prints documents per second for both and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import spacy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extract.nlp import build_pipeline  # noqa: E402
from extract.pipeline import process  # noqa: E402
from extract.write import write_dataset  # noqa: E402


def make_corpus(folder: Path, n_docs: int) -> list[str]:
    """Write n_docs copies of the sample texts into folder; returns the texts."""
    samples = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    texts = []
    for i in range(n_docs):
        text = f"{samples[i % len(samples)]}\n\nMeldung Nr. {i}\n"
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="number of documents (default 2000)")
    parser.add_argument("--model", default=None, help="base pipeline (see `pressextract run --model`)")
    parser.add_argument("--jobs", type=int, default=2, help="also time `run --jobs N` (default 2; 1 = skip)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pressextract-bench-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        texts = make_corpus(corpus, args.docs)
        n_chars = sum(len(t) for t in texts)

        tokenizer = spacy.blank("de")
        started = time.perf_counter()
        n_tokens = sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=64))
        base_s = time.perf_counter() - started

        started = time.perf_counter()
        nlp = build_pipeline(args.model)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        result = process([str(corpus)], nlp=nlp)
        write_dataset(out, result.results, result.entities, result.facts)
        pipe_s = time.perf_counter() - started

        jobs_s = 0.0
        if args.jobs > 1:  # worker start-up (each loads the pipeline) is included here
            started = time.perf_counter()
            parallel = process([str(corpus)], model=args.model, jobs=args.jobs)
            write_dataset(Path(tmp) / "out_jobs", parallel.results, parallel.entities, parallel.facts)
            jobs_s = time.perf_counter() - started

    n_mentions = sum(result.mention_counts().values())
    print(f"corpus: {args.docs} documents, {n_chars / 1e6:.1f} M characters, {n_tokens} tokens "
          f"(the {len(list((REPO / 'corpus').glob('*.txt')))} sample texts repeated)")
    print(f"{'':34}{'seconds':>10}{'docs/s':>10}")
    print(f"{'spaCy blank German tokenizer':34}{base_s:10.2f}{args.docs / base_s:10.1f}")
    print(f"{'pressextract pipeline (end to end)':34}{pipe_s:10.2f}{args.docs / pipe_s:10.1f}")
    if jobs_s:
        print(f"{f'pipeline, --jobs {args.jobs} (incl. start-up)':34}{jobs_s:10.2f}{args.docs / jobs_s:10.1f}")
    print(f"pipeline load (model + gazetteer): {load_s:.2f} s, not included in the single-process time")
    print(f"ratio: the pipeline runs at {base_s / pipe_s:.3f}x the tokenizer's speed "
          f"({pipe_s / base_s:.1f}x its time); {result.n_ok} docs ok, {n_mentions} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
