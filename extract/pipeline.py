"""The main job: ingest -> clean -> annotate -> reconcile -> facts -> write, for a batch of inputs.

Documents stream through :func:`run`: the per-document stages (clean, annotate, span conversion)
run on an engine (this process, worker processes or a Dask cluster, :mod:`extract.engines`); each
result is cached (:mod:`extract.cache`) and parked on disk (:mod:`extract.spool`, in the staging
folder of the output) with only the person and programme name counts kept in memory; then
reconcile, facts and the writer (:mod:`extract.write_stream`) take the results back one document
at a time, in document id order. Memory stays flat and the bytes written never depend on the
engine, the number of jobs or the cache. :func:`process` keeps every result in memory instead
(evaluation, the API, tests).
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from extract.atomic import staged_folder, writer_lock
from extract.cache import ResultCache, default_path, fingerprint
from extract.engines import CHUNK, Engine, clean_one, make_engine
from extract.facts import Merger, document_drafts, extract_facts
from extract.formats import OutputOptions, run_manifest
from extract.ingest import expand_inputs, ingest
from extract.model import CleanDocument, DocumentResult, Entity, Fact, RawDocument
from extract.progress import Progress
from extract.reconcile import Reconciler, name_counts, reconcile
from extract.spool import Spool
from extract.write import OWNED_FILES
from extract.write_stream import StreamWriter

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """What a run produced, for the summary and tests.

    :func:`process` keeps every result in ``results``; the streaming :func:`run` keeps only the
    counts and ``problems`` (status or "warning", source, message) of the documents.
    """

    results: list[DocumentResult]
    entities: list[Entity]
    facts: list[Fact]
    seconds: float = 0.0
    paths: dict[str, Path] = field(default_factory=dict)
    n_documents: int = 0
    n_ok_documents: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    cache_hits: int = 0

    @classmethod
    def from_results(cls, results: list[DocumentResult], entities: list[Entity], facts: list[Fact],
                     seconds: float = 0.0) -> RunResult:
        run = cls(results, entities, facts, seconds)
        for r in results:
            run.note(r)
        return run

    def note(self, r: DocumentResult) -> None:
        """Count one document's result."""
        self.n_documents += 1
        if r.raw.status == "ok":
            self.n_ok_documents += 1
        if r.raw.status in ("error", "empty", "skipped"):
            self.problems.append((r.raw.status, r.raw.source, r.raw.error))
        elif r.raw.warning:
            self.problems.append(("warning", r.raw.source, r.raw.warning))
        self.counts.update(m.type for m in r.mentions)

    @property
    def n_ok(self) -> int:
        return self.n_ok_documents

    @property
    def n_failed(self) -> int:
        return self.n_documents - self.n_ok_documents

    def mention_counts(self) -> Counter[str]:
        return Counter(self.counts)

    def summary(self) -> str:
        counts = self.mention_counts()
        by_type = ", ".join(f"{t} {counts[t]}" for t in sorted(counts)) or "none"
        cached = f", {self.cache_hits} from cache" if self.cache_hits else ""
        return (f"pressextract: {self.n_ok} documents ok, {self.n_failed} failed or skipped{cached}; "
                f"mentions: {by_type}; entities {len(self.entities)}, facts {len(self.facts)}; "
                f"{self.seconds:.1f} s")


def clean_stage(raws: Iterator[RawDocument], results: list[DocumentResult]) -> Iterator[CleanDocument]:
    """Clean every ingested document; failures are recorded in ``results`` and not passed on."""
    for raw in raws:
        result = clean_one(raw)
        results.append(result)
        if result.raw.status == "ok" and result.clean is not None:
            yield result.clean


def _chunks(raws: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    chunk: list[RawDocument] = []
    for raw in raws:
        chunk.append(raw)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def document_results(inputs: Sequence[str], engine: Engine, cache: ResultCache | None = None,
                     progress: Progress | None = None, chunk_size: int = CHUNK) -> Iterator[DocumentResult]:
    """Every input's per-document result, in input order: from the cache when it has it, else
    computed on the engine (and then cached). Only the chunks in flight are held in memory;
    ``progress`` counts each document as its result arrives here, whatever the engine."""
    layout: deque[list[DocumentResult | None]] = deque()  # per chunk in flight: cached results or None

    def to_compute() -> Iterator[list[RawDocument]]:
        for raws in _chunks(ingest(inputs), chunk_size):
            slots = [cache.get(raw) if cache is not None else None for raw in raws]
            layout.append(slots)
            yield [raw for raw, slot in zip(raws, slots, strict=True) if slot is None]

    for computed in engine.map(to_compute()):
        slots = layout.popleft()
        if cache is not None:
            cache.put_many(computed)
        fresh = iter(computed)
        for slot in slots:
            yield slot if slot is not None else next(fresh)
            if progress is not None:
                progress.update()
    if cache is not None:
        cache.commit()


def process(inputs: Sequence[str], nlp: Language | None = None, model: str | None = None,
            progress: bool = False, jobs: int = 1, engine: str | Engine = "local", scheduler: str | None = None
            ) -> RunResult:
    """Run the pipeline over files, folders and URLs, keeping every result in memory; nothing is
    written. ``jobs > 1`` or another ``engine`` runs the per-document stages there (each worker
    loads the pipeline named by ``model``; ``nlp`` is then not used); the result is the same.
    ``engine`` is a name of :data:`extract.engines.ENGINES` or an engine object (closed here)."""
    started = time.perf_counter()
    bar = Progress(len(expand_inputs(inputs)), progress)
    runner = make_engine(engine, jobs, model, nlp, scheduler, slim_results=False) if isinstance(engine, str) \
        else engine
    try:
        results = list(document_results(inputs, runner, progress=bar))
    finally:
        runner.close()
    bar.finish()
    entities = reconcile(results)
    facts = extract_facts(results, entities)
    return RunResult.from_results(results, entities, facts, time.perf_counter() - started)


class _NothingProcessed(Exception):
    """No document could be processed: the staged output is dropped."""


def run(inputs: Sequence[str], out_dir: Path, model: str | None = None, progress: bool = False,
        jobs: int = 1, options: OutputOptions | None = None, *, engine: str | Engine = "local",
        scheduler: str | None = None, use_cache: bool = True, cache_path: Path | None = None,
        nlp: Language | None = None, parquet_parts: int = 0) -> RunResult:
    """Process a batch and write the dataset (and the ``run.json`` manifest) into ``out_dir``,
    streaming (flat memory): under a writer lock taken before processing, into a staging folder
    that replaces ``out_dir`` in one step at the end (:mod:`extract.atomic`); the spool lives in
    it, so a failed run leaves nothing behind. A batch in which no document could be processed
    writes nothing. ``parquet_parts``: also the partitioned Parquet tables, a part per that many
    documents (:mod:`extract.write_parquet`). ``use_cache``: read and fill the result cache
    (``cache_path``, default :func:`extract.cache.default_path`)."""
    options = options or OutputOptions()
    with writer_lock(out_dir):
        started = time.perf_counter()
        summary = RunResult([], [], [])
        try:
            with staged_folder(out_dir, OWNED_FILES) as tmp:
                _stream(inputs, tmp, summary, model, progress, jobs, options, engine, scheduler,
                        use_cache, cache_path, nlp, parquet_parts, started)
        except _NothingProcessed:
            pass
        summary.seconds = time.perf_counter() - started
        if summary.paths:
            summary.paths = {name: Path(out_dir) / name for name in summary.paths}
            log.info("wrote %s into %s", ", ".join(sorted(summary.paths)), out_dir)
    return summary


def _stream(inputs: Sequence[str], tmp: Path, summary: RunResult, model: str | None, progress: bool,
            jobs: int, options: OutputOptions, engine: str | Engine, scheduler: str | None, use_cache: bool,
            cache_path: Path | None, nlp: Language | None, parquet_parts: int, started: float) -> None:
    bar = Progress(len(expand_inputs(inputs)), progress)
    cache = ResultCache(cache_path or default_path(), fingerprint(model)) if use_cache else None
    people: Counter[str] = Counter()
    programs: Counter[str] = Counter()
    runner = make_engine(engine, jobs, model, nlp, scheduler) if isinstance(engine, str) else engine
    try:
        with Spool(tmp) as spool:
            try:
                for result in document_results(inputs, runner, cache, bar):
                    spool.add(result)
                    summary.note(result)
                    p, g = name_counts(result.mentions)
                    people.update(p)
                    programs.update(g)
            finally:
                runner.close()
                if cache is not None:
                    summary.cache_hits = cache.hits
                    cache.commit()
            bar.finish()
            processed = time.perf_counter() - started
            log.info("processed %d inputs in %.1f s", summary.n_documents, processed)
            if not summary.n_ok:
                raise _NothingProcessed
            reconciler = Reconciler(people, programs)
            merger = Merger()
            writer = StreamWriter(tmp, options, parquet_parts)
            try:
                for index, result in spool.by_doc_id():
                    result.mentions = reconciler.assign(result.mentions, index)
                    key = cache.output_key(result) if cache is not None else None
                    known = cache.get_output(key) if cache is not None else None
                    drafts, rendered = known if isinstance(known, tuple) else (document_drafts(result), None)
                    merger.add(drafts, index)
                    rendered_now = writer.add(result, rendered)
                    if cache is not None and known is None:
                        cache.put_output(key, (drafts, rendered_now))
                summary.entities = reconciler.entities()
                summary.facts = merger.facts()

                def manifest(tables: dict) -> dict:
                    return run_manifest(inputs=list(inputs), tables=tables,
                                        timings={"process": time.perf_counter() - started},
                                        model=model or "blank", jobs=jobs, gazetteer=gazetteer_info(),
                                        options=options, files=[])

                files = writer.finish(summary.entities, summary.facts, manifest)
            finally:
                writer.abort()
    finally:
        runner.close()
        if cache is not None:
            cache.close()
    summary.paths = {name: tmp / name for name in files if "/" not in name}
    if parquet_parts:
        summary.paths["parquet"] = tmp / "parquet"


def gazetteer_info() -> dict[str, str]:
    """Which municipality gazetteer the run used (for run.json)."""
    from extract import gazetteer as gz

    return {"source": gz.gazetteer_source(), "description": gz.describe_gazetteer()}
