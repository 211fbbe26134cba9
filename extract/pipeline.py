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

import contextlib
import logging
import pickle
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, astuple, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.atomic import staged_folder, writer_lock
from extract.cache import ResultCache, Summary, annotation_fingerprint, cacheable, default_path, fingerprint
from extract.engines import CHUNK, Engine, clean_one, make_engine, slim
from extract.facts import Draft, extract_facts
from extract.formats import OutputOptions, run_manifest
from extract.ingest import expand_inputs, ingest
from extract.model import CleanDocument, DocumentResult, Entity, Fact, RawDocument
from extract.progress import Progress
from extract.reconcile import Contribution, Reconciler, reconcile
from extract.records import LOCAL_PICKLE, pack, pack_result, unpack, unpack_result
from extract.spill import EntityStore, FactStore
from extract.spool import Spool
from extract.uptodate import RunRecord, RunRecords, file_hashes, run_key
from extract.write import OWNED_FILES
from extract.write_stream import Rendered, StreamWriter

if TYPE_CHECKING:
    from spacy.language import Language

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
    n_entities: int | None = None  # a streaming run's counts (it keeps no entities or facts)
    n_facts: int | None = None
    cache_hits: int = 0  # documents whose annotation came from the cache
    output_hits: int = 0  # ... and whose facts and rows did too
    up_to_date: bool = False  # nothing changed since the last run into the folder: nothing was rewritten

    @classmethod
    def from_record(cls, record: RunRecord, out_dir: Path, seconds: float) -> RunResult:
        """The summary of an up-to-date run: that of the run that wrote the dataset in ``out_dir``."""
        paths = {name.split("/")[0]: Path(out_dir) / name.split("/")[0] for name, _ in record.files}
        return cls([], [], [], seconds, paths, n_documents=record.n_documents, n_ok_documents=record.n_ok_documents,
                   counts=Counter(record.counts), problems=list(record.problems), n_entities=record.n_entities,
                   n_facts=record.n_facts, up_to_date=True)

    def record(self, out_dir: Path) -> RunRecord:
        """What this run wrote into ``out_dir`` (its file hashes) and its summary."""
        return RunRecord(file_hashes(Path(out_dir), self.paths.values()), self.n_documents, self.n_ok_documents,
                         dict(self.counts), list(self.problems), self.count_entities, self.count_facts)

    @classmethod
    def from_results(cls, results: list[DocumentResult], entities: list[Entity], facts: list[Fact],
                     seconds: float = 0.0) -> RunResult:
        run = cls(results, entities, facts, seconds)
        for r in results:
            run.note(r)
        return run

    def note(self, r: DocumentResult) -> None:
        """Count one document's result."""
        self.note_document(r.raw.status, r.raw.source, r.raw.error, r.raw.warning, (m.type for m in r.mentions))

    def note_document(self, status: str, source: str, error: str, warning: str, types: Iterable[str]) -> None:
        """Count one document from its status, messages and mention types."""
        self.n_documents += 1
        if status == "ok":
            self.n_ok_documents += 1
        if status in ("error", "empty", "skipped"):
            self.problems.append((status, source, error))
        elif warning:
            self.problems.append(("warning", source, warning))
        self.counts.update(types)

    @property
    def n_ok(self) -> int:
        return self.n_ok_documents

    @property
    def n_failed(self) -> int:
        return self.n_documents - self.n_ok_documents

    @property
    def count_entities(self) -> int:
        return self.n_entities if self.n_entities is not None else len(self.entities)

    @property
    def count_facts(self) -> int:
        return self.n_facts if self.n_facts is not None else len(self.facts)

    def mention_counts(self) -> Counter[str]:
        return Counter(self.counts)

    def summary(self) -> str:
        counts = self.mention_counts()
        by_type = ", ".join(f"{t} {counts[t]}" for t in sorted(counts)) or "none"
        cached = ", up to date (inputs, pipeline and options unchanged: nothing rewritten)" if self.up_to_date \
            else f", {self.cache_hits} from cache" if self.cache_hits else ""
        return (f"pressextract: {self.n_ok} documents ok, {self.n_failed} failed or skipped{cached}; "
                f"mentions: {by_type}; entities {self.count_entities}, facts {self.count_facts}; "
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
        records = RunRecords(cache_path or default_path()) if use_cache else None
        key = _run_key(inputs, model, jobs, options, parquet_parts) \
            if records is not None and isinstance(engine, str) else None
        try:
            if key is not None and records is not None:
                known = records.up_to_date(out_dir, key)
                if known is not None:
                    log.info("%s is up to date: inputs, pipeline and options unchanged", out_dir)
                    return RunResult.from_record(known, out_dir, time.perf_counter() - started)
                records.forget(out_dir)
            summary = _run_into(inputs, out_dir, model, progress, jobs, options, engine, scheduler, use_cache,
                                cache_path, nlp, parquet_parts, started)
            # an input changed while the run read it: the next run must not trust this record
            if key is not None and records is not None and summary.paths \
                    and _run_key(inputs, model, jobs, options, parquet_parts) == key:
                records.save(out_dir, key, summary.record(out_dir))
        finally:
            if records is not None:
                records.close()
    return summary


def _run_key(inputs: Sequence[str], model: str | None, jobs: int, options: OutputOptions,
             parquet_parts: int) -> str | None:
    """The :func:`extract.uptodate.run_key` of a run: what its dataset's bytes depend on."""
    from extract.formats import package_versions

    # the gazetteer is in the fingerprint (an imported register by its bytes, the embedded one by its stamp)
    settings = {"fingerprint": fingerprint(model), "model": model or "blank", "jobs": jobs,
                "options": asdict(options), "parquet_parts": parquet_parts, "inputs": list(inputs),
                "versions": package_versions()}
    return run_key(inputs, settings)


def _run_into(inputs: Sequence[str], out_dir: Path, model: str | None, progress: bool, jobs: int,
              options: OutputOptions, engine: str | Engine, scheduler: str | None, use_cache: bool,
              cache_path: Path | None, nlp: Language | None, parquet_parts: int, started: float) -> RunResult:
    """Process the batch into a staging folder that replaces ``out_dir`` (the caller holds its lock)."""
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


def annotated(inputs: Sequence[str], engine: Engine, cache: ResultCache | None = None,
              progress: Progress | None = None, chunk_size: int = CHUNK
              ) -> Iterator[tuple[str, str, Summary, DocumentResult | None]]:
    """(source, sha256, summary, result) of every input, in input order: the summary alone when the
    cache holds the document's result (nothing of it is read or computed then), else the result
    computed on the engine. Only the chunks in flight are held in memory; ``progress`` counts each
    document as it arrives here, whatever the engine."""
    # per chunk in flight, per document: None (computed on the engine), its cached summary, or the
    # result of a document that failed to be read (nothing to compute)
    layout: deque[list[tuple[str, str, Summary] | DocumentResult | None]] = deque()

    def to_compute() -> Iterator[list[RawDocument]]:
        for raws in _chunks(ingest(inputs), chunk_size):
            slots: list[tuple[str, str, Summary] | DocumentResult | None] = []
            for raw in raws:
                if raw.status != "ok":
                    slots.append(slim(clean_one(raw)))
                    continue
                summary = cache.summary(raw) if cache is not None else None
                slots.append(None if summary is None else (raw.source, raw.sha256, summary))
            layout.append(slots)
            yield [raw for raw, slot in zip(raws, slots, strict=True) if slot is None]

    for computed in engine.map(to_compute()):
        fresh = iter(computed)
        for slot in layout.popleft():
            result = next(fresh) if slot is None else slot if isinstance(slot, DocumentResult) else None
            if result is not None:
                yield result.raw.source, result.raw.sha256, Summary.of(result), result
            else:
                yield *slot, None
            if progress is not None:
                progress.update()


# --- spool records: plain data (extract.records); a value without a plain form is pickled (the
# spool is this run's own temporary file), marked by its first byte

def _local(pack_it: Callable[[], bytes], value: object) -> bytes:
    try:
        return pack_it()
    except (TypeError, ValueError):
        return LOCAL_PICKLE + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _read_local(data: bytes, unpack_it: Callable[[bytes], Any]) -> Any:
    return pickle.loads(data[1:]) if data[:1] == LOCAL_PICKLE else unpack_it(data)


def _head(source: str, sha: str, summary: Summary) -> bytes:
    value = [source, sha, *astuple(summary)]
    return _local(lambda: pack(value), value)


# --- cached outputs of a reconciled document: fact drafts with their identity, rendered rows,
# entity contributions

_DRAFT = tuple(f.name for f in fields(Draft))
_RENDERED = tuple(f.name for f in fields(Rendered))


def _pack_outputs(drafts: Sequence[tuple[Draft, tuple[str, ...]]], rendered: Rendered,
                  contributions: Sequence[Contribution]) -> list[Any]:
    return [[[*(getattr(d, f) for f in _DRAFT), list(identity)] for d, identity in drafts],
            [getattr(rendered, f) for f in _RENDERED], [list(c) for c in contributions]]


def _unpack_outputs(value: list[Any]) -> tuple[list[tuple[Draft, tuple[str, ...]]], Rendered, list[Any]]:
    drafts, rendered, contributions = value
    return ([(Draft(*d[:-1]), tuple(d[-1])) for d in drafts], Rendered(*rendered), contributions)


def _stream(inputs: Sequence[str], tmp: Path, summary: RunResult, model: str | None, progress: bool,
            jobs: int, options: OutputOptions, engine: str | Engine, scheduler: str | None, use_cache: bool,
            cache_path: Path | None, nlp: Language | None, parquet_parts: int, started: float) -> None:
    bar = Progress(len(expand_inputs(inputs)), progress)
    cache = ResultCache(cache_path or default_path(), fingerprint(model), annotation_fingerprint(model)) \
        if use_cache else None
    people: Counter[str] = Counter()
    programs: Counter[str] = Counter()
    runner = make_engine(engine, jobs, model, nlp, scheduler) if isinstance(engine, str) else engine
    try:
        with Spool(tmp) as spool:
            try:
                for source, sha, doc, result in annotated(inputs, runner, cache, bar):
                    data = b""
                    if result is not None:
                        data = _local(lambda r=result: pack_result(r), result)
                        if cache is not None and cacheable(result) and data[:1] != LOCAL_PICKLE:
                            with contextlib.suppress(TypeError, ValueError):
                                cache.put(sha, doc.pack(), data)
                    spool.add(doc.doc_id, _head(source, sha, doc), data)
                    summary.note_document(doc.status, source, doc.error, doc.warning, doc.types)
                    people.update(doc.people)
                    programs.update(doc.programs)
            finally:
                if cache is not None:
                    summary.cache_hits = cache.hits
                    cache.commit()
            bar.finish()
            processed = time.perf_counter() - started
            log.info("processed %d inputs in %.1f s", summary.n_documents, processed)
            if not summary.n_ok:
                raise _NothingProcessed
            with EntityStore(tmp) as entities, FactStore(tmp) as merger:
                reconciler = Reconciler(people, programs, entities)
                del people, programs
                files = _write(inputs, tmp, spool, reconciler, merger, runner, cache, model, jobs, options,
                               parquet_parts, started, summary)
    finally:
        runner.close()
        if cache is not None:
            cache.close()
    summary.paths = {name: tmp / name for name in files if "/" not in name}
    if parquet_parts:
        summary.paths["parquet"] = tmp / "parquet"


def _write(inputs: Sequence[str], tmp: Path, spool: Spool, reconciler: Reconciler, merger: FactStore,
           runner: Engine, cache: ResultCache | None, model: str | None, jobs: int, options: OutputOptions,
           parquet_parts: int, started: float, summary: RunResult) -> list[str]:
    """Reconcile, facts and writing: every spooled document in id order, then entities and facts."""
    writer = StreamWriter(tmp, options, parquet_parts, runner)
    try:
        for index, doc_id, drafts, rendered in _outputs(spool, reconciler, runner, cache):
            merger.add_identified(drafts, index)
            writer.add_rendered(doc_id, rendered)
        summary.output_hits = cache.output_hits if cache is not None else 0


        def manifest(tables: dict) -> dict:
            return run_manifest(inputs=list(inputs), tables=tables, timings={"process": time.perf_counter() - started},
                                model=model or "blank", jobs=jobs, gazetteer=gazetteer_info(), options=options,
                                files=[])

        files = writer.finish(reconciler.entities(), merger.facts(), manifest)
        summary.n_entities, summary.n_facts = writer.n_entities, writer.n_facts
        return files
    finally:
        writer.abort()


_Slot = tuple[int, str, str | None, Any, Any]  # (input position, doc id, output key, drafts or contributions, rendered)


def _outputs(spool: Spool, reconciler: Reconciler, engine: Engine, cache: ResultCache | None,
             chunk_size: int = CHUNK) -> Iterator[tuple[int, str, list[tuple[Draft, tuple[str, ...]]], Rendered]]:
    """(input position, doc id, fact drafts with identity, rendered rows) of every spooled document,
    in document id order. Reconcile assigns the ids here, one document at a time; the facts and rows
    of a document come from the cache when it has them for these ids, else they are computed on the
    engine (:func:`extract.engines.document_outputs`, in its workers), and then cached."""
    layout: deque[list[_Slot]] = deque()

    def to_compute() -> Iterator[list[DocumentResult]]:
        slots: list[_Slot] = []
        results: list[DocumentResult] = []
        for index, head, data in spool.by_doc_id():
            source, sha, *values = _read_local(head, unpack)
            doc = Summary(*values)
            key = known = None
            if cache is not None and doc.status in ("ok", "empty") and sha:
                key = cache.output_key(sha, doc.doc_id, source, reconciler.names(doc.people, doc.programs))
                known = cache.get_output(key)
            if known is not None:
                drafts, rendered, contributions = _unpack_outputs(known)
                reconciler.add(contributions, index)
                slots.append((index, doc.doc_id, None, drafts, rendered))
            else:
                result = _spooled_result(data, sha, source, cache)
                result.mentions, contributions = reconciler.assign_with(result.mentions, index)
                slots.append((index, doc.doc_id, key, contributions, None))
                results.append(result)
            if len(slots) >= chunk_size:
                layout.append(slots)
                yield results
                slots, results = [], []
        if slots:
            layout.append(slots)
            yield results

    for computed in engine.map_outputs(to_compute()):
        fresh = iter(computed)
        for index, doc_id, key, value, rendered in layout.popleft():
            if rendered is not None:  # from the cache
                yield index, doc_id, value, rendered
                continue
            drafts, rendered = next(fresh)
            if key is not None and cache is not None:
                cache.put_output(key, _pack_outputs(drafts, rendered, value))
            yield index, doc_id, drafts, rendered


def _spooled_result(data: bytes, sha: str, source: str, cache: ResultCache | None) -> DocumentResult:
    """A spooled document's result: from the spool, else (it came from the cache) from the cache."""
    if data:
        return _read_local(data, unpack_result)
    packed = cache.result(sha) if cache is not None else None
    if packed is None:
        raise RuntimeError(f"{source}: its cached result disappeared from the cache during the run")
    result = unpack_result(packed)
    if result.raw.source != source:
        result.raw = replace(result.raw, source=source)
    return result


def gazetteer_info() -> dict[str, str]:
    """Which municipality gazetteer the run used (for run.json)."""
    from extract import gazetteer as gz

    return {"source": gz.gazetteer_source(), "description": gz.describe_gazetteer()}
