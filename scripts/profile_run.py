"""Whole-run cost in one process: CPU ms per document of every stage of ``pressextract run``.

Runs the real command (``extract.cli.main(["run", FOLDER, "--out", ..., "--no-cache"])``, one
process, the local engine) with a clock on every stage, and prints one table of *exclusive* CPU
time (process time: the time of a stage minus the stages it calls), from interpreter start to the
written dataset:

- start-up: the interpreter, the imports, the pipeline build (each component's constructor);
- ingest (listing, reading, hashing, decoding), clean (text steps), metadata;
- annotate: the tokenizer, each spaCy component, the conversion of spans to mentions;
- slim + spool, reconcile, facts (drafts, merge), write (render rows, CSV/JSON, finish);
- the cyclic garbage collector ("gc", whichever stage it interrupts);
- everything else ("other": the engine loop, progress, the CLI).

Next to it, spaCy's blank German tokenizer over the same files in the same process (read and
decoded from disk, as ``scripts/bench.py`` times it, but without spaCy's import), the mean of a
pass before and a pass after the run, and the ratio of the run to it.

    python scripts/profile_run.py                     # 1,000 synthetic documents (scripts/synth_corpus.py)
    python scripts/profile_run.py --folder corpus/ --cprofile 30

Never reads ``../shared/eval/dev``.
"""

from __future__ import annotations

import time

STARTED = time.process_time()  # the interpreter's own start-up, before any import of ours

import argparse  # noqa: E402
import cProfile  # noqa: E402
import functools  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from synth_corpus import add_profile_arguments, profile_corpus  # noqa: E402


class Clock:
    """Exclusive CPU time per label: at any moment the time goes to the innermost open label."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.stack: list[str] = ["other"]
        self.mark = time.process_time()

    def enter(self, label: str) -> None:
        now = time.process_time()
        self.seconds[self.stack[-1]] += now - self.mark
        self.stack.append(label)
        self.mark = now

    def leave(self) -> None:
        now = time.process_time()
        self.seconds[self.stack.pop()] += now - self.mark
        self.mark = now

    def close(self) -> None:
        self.seconds[self.stack[-1]] += time.process_time() - self.mark
        self.mark = time.process_time()


CLOCK = Clock()


def timed_function(func: Callable[..., Any], label: str) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        CLOCK.enter(label)
        try:
            return func(*args, **kwargs)
        finally:
            CLOCK.leave()

    return wrapper


def timed_generator(func: Callable[..., Iterator[Any]], label: str) -> Callable[..., Iterator[Any]]:
    """A generator function whose every step (``next``) is timed under ``label``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        CLOCK.enter(label)
        try:
            stream = func(*args, **kwargs)
        finally:
            CLOCK.leave()
        while True:
            CLOCK.enter(label)
            try:
                item = next(stream)
            except StopIteration:
                return
            finally:
                CLOCK.leave()
            yield item

    return wrapper


def patch(owner: Any, name: str, label: str, generator: bool = False) -> None:
    func = getattr(owner, name)
    setattr(owner, name, (timed_generator if generator else timed_function)(func, label))


class TimedComponent:
    """A spaCy pipeline component timed under ``label``."""

    def __init__(self, component: Callable[[Any], Any], label: str) -> None:
        self.component, self.label = component, label

    def __call__(self, doc: Any) -> Any:
        CLOCK.enter(self.label)
        try:
            return self.component(doc)
        finally:
            CLOCK.leave()


def instrument() -> None:
    """Put the clock on every stage (module attributes as the callers look them up)."""
    from spacy.language import Language

    import extract.annotate
    import extract.clean
    import extract.engines
    import extract.facts
    import extract.facts.merge
    import extract.ingest
    import extract.nlp
    import extract.pipeline
    import extract.reconcile
    import extract.spill
    import extract.spool
    import extract.write_stream

    build = extract.nlp.build_pipeline
    add_pipe = Language.add_pipe

    def timed_add_pipe(self: Language, factory_name: str, *args: Any, **kwargs: Any) -> Any:
        CLOCK.enter(f"start-up: build {factory_name.removeprefix('pressextract_')}")
        try:
            return add_pipe(self, factory_name, *args, **kwargs)
        finally:
            CLOCK.leave()

    def timed_build(model: str | None = None) -> Language:
        CLOCK.enter("start-up: base model")
        Language.add_pipe = timed_add_pipe  # type: ignore[method-assign]
        try:
            nlp = build(model)
        finally:
            Language.add_pipe = add_pipe  # type: ignore[method-assign]
            CLOCK.leave()
        nlp._components = [  # noqa: SLF001 - Language keeps (name, component) pairs
            (name, TimedComponent(proc, f"annotate: {name.removeprefix('pressextract_')}"))
            for name, proc in nlp._components  # noqa: SLF001
        ]
        nlp.make_doc = timed_function(nlp.make_doc, "annotate: tokenizer")  # type: ignore[method-assign]
        return nlp

    extract.nlp.build_pipeline = timed_build  # the engines import it when they build
    patch(extract.pipeline, "ingest", "ingest: list, read", generator=True)
    patch(extract.ingest, "doc_id_for", "ingest: sha256")
    patch(extract.ingest, "decode_text", "ingest: decode")
    patch(extract.ingest, "_looks_binary", "ingest: binary sniff")
    patch(extract.engines, "clean_one", "clean: text steps")
    patch(extract.clean, "detect_metadata", "clean: metadata")
    patch(extract.annotate, "mentions_of", "annotate: spans -> mentions")
    patch(extract.engines, "slim", "spool (slim, pickle, unpickle)")
    patch(extract.spool.Spool, "add", "spool (slim, pickle, unpickle)")
    patch(extract.spool.Spool, "by_doc_id", "spool (slim, pickle, unpickle)", generator=True)
    patch(extract.reconcile.Reconciler, "__init__", "reconcile")
    patch(extract.reconcile.Reconciler, "assign_with", "reconcile")
    patch(extract.reconcile.Reconciler, "add", "reconcile")
    patch(extract.reconcile.Reconciler, "entities", "reconcile", generator=True)
    patch(extract.engines, "document_outputs", "facts drafts + rows (per document)")
    patch(extract.spill.FactStore, "add_identified", "facts: merge")
    patch(extract.spill.FactStore, "facts", "facts: merge", generator=True)
    patch(extract.write_stream.StreamWriter, "__init__", "write: rows, CSV, JSON")
    patch(extract.write_stream.StreamWriter, "add_rendered", "write: rows, CSV, JSON")
    patch(extract.write_stream.StreamWriter, "finish", "write: finish (entities, facts, manifest)")


def _gc_callback(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        CLOCK.enter("gc (cyclic collector)")
    else:
        CLOCK.leave()


def blank_tokenizer_seconds(folder: Path) -> tuple[float, int]:
    """CPU seconds of spaCy's blank German tokenizer over the files of ``folder`` (read from disk)."""
    import spacy

    started = time.process_time()
    nlp = spacy.blank("de")
    texts = (p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return time.process_time() - started, n_tokens


ORDER = ("interpreter", "imports", "start-up: base model", "start-up: build", "ingest", "clean", "annotate",
         "spool", "reconcile", "facts", "write", "gc", "other")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_profile_arguments(parser)
    parser.add_argument("--stats", type=Path, help="with --cprofile: also save the raw cProfile stats here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pressextract-profile-") as tmp:
        folder = profile_corpus(args.folder, args.docs, tmp)
        interpreter = STARTED
        before_imports = time.process_time()
        import extract.cli
        import extract.pipeline  # noqa: F401 - what `run` imports
        imports = time.process_time() - before_imports
        first_blank_s, _ = blank_tokenizer_seconds(folder)  # once before the run and once after it:
        # the machine's speed drifts, and the ratio should not depend on when the tokenizer ran
        instrument()
        gc.callbacks.append(_gc_callback)
        CLOCK.mark = time.process_time()
        profiler = cProfile.Profile() if args.cprofile else None
        argv = ["run", str(folder), "--out", str(Path(tmp) / "out"), "--no-cache", "--quiet"]
        argv += ["--model", args.model] if args.model else []
        if profiler:
            profiler.enable()
        code = extract.cli.main(argv)
        if profiler:
            profiler.disable()
        gc.callbacks.remove(_gc_callback)
        CLOCK.close()
        if code:
            raise SystemExit(f"profile_run: run failed ({code})")
        n_docs = sum(1 for p in folder.iterdir() if p.is_file())
        n_chars = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        second_blank_s, n_tokens = blank_tokenizer_seconds(folder)
        blank_s = (first_blank_s + second_blank_s) / 2

    rows = dict(CLOCK.seconds)
    rows["interpreter"] = interpreter
    rows["imports"] = imports
    total = sum(rows.values())
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.cprofile)
        if args.stats:
            profiler.dump_stats(args.stats)
        print(out.getvalue())

    def rank(name: str) -> tuple[int, str]:
        return next((i for i, prefix in enumerate(ORDER) if name.startswith(prefix)), len(ORDER)), name

    print(f"{n_docs} documents, {n_chars / 1e6:.2f} MB, {n_tokens} tokens; model {args.model or 'blank (default)'}; "
          "exclusive CPU time of each stage, one process")
    print(f"blank tokenizer passes before / after the run: {first_blank_s:.2f} / {second_blank_s:.2f} CPU s")
    print(f"{'stage':44}{'CPU s':>8}{'ms/doc':>9}{'share':>8}{'x tok':>7}")
    for name in sorted(rows, key=rank):
        seconds = rows[name]
        print(f"{name:44}{seconds:8.2f}{1000 * seconds / n_docs:9.2f}{100 * seconds / total:7.1f}%"
              f"{seconds / blank_s:7.2f}")
    groups: Counter[str] = Counter()
    for name, seconds in rows.items():
        groups[ORDER[rank(name)[0]] if rank(name)[0] < len(ORDER) else name] += seconds
    print("by stage: " + ", ".join(f"{g} {1000 * groups[g] / n_docs:.2f}" for g in ORDER if g in groups) + " ms/doc")
    per_doc = total - sum(groups[g] for g in ORDER[:4])
    for name, seconds in (("whole run", total), ("whole run after start-up", per_doc),
                          ("blank German tokenizer, same files", blank_s)):
        print(f"{name:44}{seconds:8.2f}{1000 * seconds / n_docs:9.2f}{'':8}{seconds / blank_s:7.2f}")
    print(f"whole run / blank tokenizer: {total / blank_s:.2f}x its CPU time ({n_docs / total:.1f} vs "
          f"{n_docs / blank_s:.1f} docs/s); after start-up {per_doc / blank_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
