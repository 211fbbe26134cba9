"""The main job: ingest -> clean -> annotate -> reconcile -> facts -> write, for a batch of inputs."""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from spacy.language import Language

from extract.annotate import AnnotationFailure, annotate
from extract.atomic import writer_lock
from extract.clean import clean
from extract.facts import extract_facts
from extract.formats import OutputOptions, run_manifest
from extract.ingest import expand_inputs, ingest
from extract.model import CleanDocument, DocumentResult, Entity, Fact, Mention, RawDocument
from extract.nlp import build_pipeline
from extract.progress import Progress
from extract.reconcile import reconcile
from extract.write import dataset_tables, write_dataset

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """What a run produced, for the writer, the summary and tests."""

    results: list[DocumentResult]
    entities: list[Entity]
    facts: list[Fact]
    seconds: float = 0.0
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def n_ok(self) -> int:
        return sum(1 for r in self.results if r.raw.status == "ok")

    @property
    def n_failed(self) -> int:
        return len(self.results) - self.n_ok

    def mention_counts(self) -> Counter[str]:
        return Counter(m.type for r in self.results for m in r.mentions)

    def summary(self) -> str:
        counts = self.mention_counts()
        by_type = ", ".join(f"{t} {counts[t]}" for t in sorted(counts)) or "none"
        return (f"pressextract: {self.n_ok} documents ok, {self.n_failed} failed or skipped; "
                f"mentions: {by_type}; entities {len(self.entities)}, facts {len(self.facts)}; "
                f"{self.seconds:.1f} s")


def clean_stage(raws: Iterator[RawDocument], results: list[DocumentResult]) -> Iterator[CleanDocument]:
    """Clean every ingested document; failures are recorded in ``results`` and not passed on."""
    for raw in raws:
        if raw.status != "ok":
            results.append(DocumentResult(raw, None))
            continue
        try:
            cleaned = clean(raw)
        except Exception as exc:  # one broken page must not stop the batch
            results.append(DocumentResult(replace(raw, status="error", error=f"cleaning failed: {exc}"), None))
            continue
        if not cleaned.text.strip():
            results.append(DocumentResult(replace(raw, status="empty", error="no text left after cleaning"), cleaned))
            continue
        results.append(DocumentResult(raw, cleaned))
        yield cleaned


# --- parallel annotation: each worker process holds its own pipeline --------------------------

_WORKER_NLP: Language | None = None
CHUNK = 32  # documents per task: large enough to amortise pickling, small enough for a smooth bar


def _init_worker(model: str | None) -> None:
    global _WORKER_NLP
    _WORKER_NLP = build_pipeline(model)


def _annotate_chunk(chunk: list[CleanDocument]) -> list[list[Mention] | AnnotationFailure]:
    assert _WORKER_NLP is not None
    return [mentions for _, mentions in annotate(_WORKER_NLP, chunk)]


def annotate_parallel(docs: Iterable[CleanDocument], jobs: int,
                      model: str | None = None) -> Iterator[tuple[CleanDocument, list[Mention] | AnnotationFailure]]:
    """:func:`annotate` spread over ``jobs`` processes, results in input order (so output bytes
    do not depend on ``jobs``). At most ``2 * jobs`` chunks are in flight, bounding memory."""
    # "spawn": a clean interpreter per worker, safe whatever threads the parent has started
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(model,)) as pool:
        in_flight: deque[tuple[list[CleanDocument], Future[list[list[Mention] | AnnotationFailure]]]] = deque()
        chunk: list[CleanDocument] = []

        def drain(limit: int) -> Iterator[tuple[CleanDocument, list[Mention] | AnnotationFailure]]:
            while len(in_flight) > limit:
                done_chunk, future = in_flight.popleft()
                yield from zip(done_chunk, future.result(), strict=True)

        for doc in docs:
            chunk.append(doc)
            if len(chunk) == CHUNK:
                in_flight.append((chunk, pool.submit(_annotate_chunk, chunk)))
                chunk = []
                yield from drain(2 * jobs)
        if chunk:
            in_flight.append((chunk, pool.submit(_annotate_chunk, chunk)))
        yield from drain(0)


def process(inputs: Sequence[str], nlp: Language | None = None, model: str | None = None,
            progress: bool = False, jobs: int = 1) -> RunResult:
    """Run the pipeline over files, folders and URLs; nothing is written.

    ``jobs > 1`` annotates in that many worker processes (each loads the pipeline named by
    ``model``; ``nlp`` is then not used); the result is the same as with one.
    """
    started = time.perf_counter()
    results: list[DocumentResult] = []
    total = len(expand_inputs(inputs))
    bar = Progress(total, progress)  # counts annotated documents, not ingested ones
    by_id: dict[str, DocumentResult] = {}
    cleaned = clean_stage(ingest(inputs), results)
    parallel = jobs > 1
    annotated = annotate_parallel(cleaned, jobs, model) if parallel else annotate(nlp or build_pipeline(model), cleaned)
    for clean_doc, mentions in annotated:
        by_id[clean_doc.doc_id] = next(r for r in reversed(results) if r.raw.doc_id == clean_doc.doc_id)
        if isinstance(mentions, AnnotationFailure):  # recorded as this document's error; the batch goes on
            by_id[clean_doc.doc_id].raw = replace(by_id[clean_doc.doc_id].raw, status="error", error=mentions.message)
            mentions = []
        by_id[clean_doc.doc_id].mentions = mentions
        bar.update()
    bar.finish()
    entities = reconcile(results)
    facts = extract_facts(results, entities)
    return RunResult(results, entities, facts, time.perf_counter() - started)


def run(inputs: Sequence[str], out_dir: Path, model: str | None = None, progress: bool = False,
        jobs: int = 1, options: OutputOptions | None = None) -> RunResult:
    """Process a batch and write the dataset (and the ``run.json`` manifest) into ``out_dir`` (whole,
    in one step, under a writer lock taken before processing); a batch in which no document could be
    processed writes nothing."""
    with writer_lock(out_dir):
        result = process(inputs, model=model, progress=progress, jobs=jobs)
        log.info("processed %d inputs in %.1f s", len(result.results), result.seconds)
        if result.n_ok:
            options = options or OutputOptions()
            tables = dataset_tables(result.results, result.entities, result.facts)
            manifest = run_manifest(inputs=list(inputs), tables=tables, timings={"process": result.seconds},
                                    model=model or "blank", jobs=jobs, gazetteer=gazetteer_info(),
                                    options=options, files=[])
            result.paths = write_dataset(out_dir, result.results, result.entities, result.facts, options=options,
                                         manifest=manifest, locked=True)
            log.info("wrote %s into %s", ", ".join(sorted(result.paths)), out_dir)
    return result


def gazetteer_info() -> dict[str, str]:
    """Which municipality gazetteer the run used (for run.json)."""
    from extract import gazetteer as gz

    return {"source": gz.gazetteer_source(), "description": gz.describe_gazetteer()}
