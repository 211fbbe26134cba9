"""Per-document cost: CPU seconds of every pipeline component, against spaCy's blank German tokenizer.

Makes (or reads) a corpus of distinct documents, ingests and cleans it, then runs the annotate
stage with every component of the pipeline timed on its own (process CPU time, so other load on
the machine does not count), and prints one table: tokenizer, each component, the conversion of
spans to mentions, and the ratio of the whole annotate stage to the blank tokenizer on the same
texts in the same run.

    python scripts/profile_doc.py                       # 1,000 synthetic documents (scripts/synth_corpus.py)
    python scripts/profile_doc.py --docs 2000 --model blank
    python scripts/profile_doc.py --folder corpus/ --cprofile 25   # also the 25 hottest functions

Never reads ``../shared/eval/dev``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from synth_corpus import add_profile_arguments, profile_corpus  # noqa: E402

from extract.annotate import annotate  # noqa: E402
from extract.clean import clean  # noqa: E402
from extract.ingest import ingest  # noqa: E402
from extract.model import CleanDocument  # noqa: E402
from extract.nlp import build_pipeline  # noqa: E402


class Timed:
    """Wraps a pipeline component; adds the process CPU seconds of each call to ``seconds``."""

    def __init__(self, component: Callable[[Doc], Doc]) -> None:
        self.component = component
        self.seconds = 0.0

    def __call__(self, doc: Doc) -> Doc:
        started = time.process_time()
        doc = self.component(doc)
        self.seconds += time.process_time() - started
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        pipe = getattr(self.component, "pipe", None)
        if pipe is None:
            for doc in docs:
                yield self(doc)
            return
        # a batched component (the NER) consumes a batch before it yields the first doc; time the
        # work between yields, which is the component's own (the docs come from earlier pipes)
        source = iter(docs)
        stream = pipe(_untimed(source, self), batch_size=batch_size)
        while True:
            started = time.process_time()
            try:
                doc = next(stream)
            except StopIteration:
                self.seconds += time.process_time() - started
                return
            self.seconds += time.process_time() - started
            yield doc


def _untimed(source: Iterator[Doc], timer: Timed) -> Iterator[Doc]:
    """Docs from the earlier pipes; the time spent producing them is taken off ``timer``."""
    while True:
        started = time.process_time()
        try:
            doc = next(source)
        except StopIteration:
            timer.seconds -= time.process_time() - started
            return
        timer.seconds -= time.process_time() - started
        yield doc


def load_corpus(folder: Path) -> list[CleanDocument]:
    docs = []
    for raw in ingest([str(folder)]):
        if raw.status == "ok":
            cleaned = clean(raw)
            if cleaned.text.strip():
                docs.append(cleaned)
    return docs


def profile(nlp: Language, docs: list[CleanDocument], cprofile: int = 0) -> list[tuple[str, float]]:
    """Rows (stage, CPU seconds) of one annotate pass over ``docs``."""
    tokenizer = spacy.blank("de")
    started = time.process_time()
    for _ in tokenizer.pipe([d.text for d in docs], batch_size=64):
        pass
    blank_s = time.process_time() - started

    timers = {name: Timed(proc) for name, proc in nlp.pipeline}
    originals = list(nlp._components)  # noqa: SLF001
    # swap the component objects in place (replace_pipe would need a factory): Language keeps
    # (name, component) pairs
    nlp._components = [(name, timers.get(name, proc)) for name, proc in originals]  # noqa: SLF001
    make_doc = nlp.make_doc
    tok_s = [0.0]

    def timed_make_doc(text: str) -> Doc:
        started = time.process_time()
        doc = make_doc(text)
        tok_s[0] += time.process_time() - started
        return doc

    nlp.make_doc = timed_make_doc  # type: ignore[method-assign]
    profiler = cProfile.Profile() if cprofile else None
    try:
        started = time.process_time()
        if profiler:
            profiler.enable()
        for _ in annotate(nlp, docs):
            pass
        if profiler:
            profiler.disable()
        total_s = time.process_time() - started
    finally:
        nlp._components = originals  # noqa: SLF001
        nlp.make_doc = make_doc  # type: ignore[method-assign]
    rows = [("tokenizer (pipeline's)", tok_s[0])]
    rows += [(name, timer.seconds) for name, timer in timers.items()]
    rows.append(("spans -> mentions, rest", total_s - sum(s for _, s in rows)))
    rows.append(("annotate total", total_s))
    rows.append(("blank German tokenizer", blank_s))
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(cprofile)
        print(out.getvalue())
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_profile_arguments(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pressextract-profile-") as tmp:
        docs = load_corpus(profile_corpus(args.folder, args.docs, tmp))
    nlp = build_pipeline(args.model)
    for _ in annotate(nlp, docs[:20]):  # warm-up: lazy loads, first-call caches
        pass
    rows = profile(nlp, docs, args.cprofile)
    total = dict(rows)["annotate total"]
    blank = dict(rows)["blank German tokenizer"]
    n_chars = sum(len(d.text) for d in docs)
    print(f"{len(docs)} documents, {n_chars / 1e6:.2f} M characters; model {args.model or 'blank (default)'}")
    print(f"{'stage':34}{'CPU s':>9}{'ms/doc':>9}{'share':>8}")
    for name, seconds in rows:
        share = f"{100 * seconds / total:7.1f}%" if name not in ("annotate total", "blank German tokenizer") else ""
        print(f"{name:34}{seconds:9.2f}{1000 * seconds / len(docs):9.2f}{share:>8}")
    print(f"annotate / blank tokenizer: {total / blank:.1f}x its time "
          f"({len(docs) / total:.1f} vs {len(docs) / blank:.1f} docs/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
