"""The per-document stages (clean -> annotate) and the engines that run them.

:func:`process_chunk` turns a list of ingested documents into :class:`DocumentResult` records;
with ``slim`` the raw bytes, the decoded original and the offset map are dropped once the mentions
are found (the clean text stays: the facts stage reads it), so a spooled or cached result costs
about its clean text plus its mentions. An engine maps it over chunks and yields the results in
input order, whatever finishes first, so the output bytes never depend on the engine:

- ``local``: in this process (the pipeline passed in, or the one named by ``model``);
- ``processes``: ``jobs`` worker processes on this machine, each loading the pipeline once;
- ``dask``: the workers of a Dask cluster (``dask.distributed``): the one at ``scheduler``
  (``tcp://host:8786``), or an in-process ``LocalCluster`` of ``jobs`` workers.

:meth:`Engine.call` runs one pure function on a worker (the Parquet parts are encoded so, see
:mod:`extract.write_parquet`). Every engine keeps at most a few chunks per worker in flight, so
memory stays flat. A worker that dies (killed, out of memory, a crash in native code) does not end
the batch: its chunk is run again one document at a time, and the document that kills a worker
again gets status ``error`` with a message saying so; the other documents go on.

Fault injection for tests: with ``PRESSEXTRACT_FAULT_DOC=TEXT`` a worker exits hard (status 86, as
a ``kill -9`` would leave it) when it starts on a document whose source contains ``TEXT``.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, Protocol

from extract.atomic import FAULT_EXIT
from extract.model import CleanDocument, DocumentResult, RawDocument

if TYPE_CHECKING:  # spaCy, the cleaner and the pipeline are imported on first use: a run whose
    from spacy.language import Language  # every document comes from the cache never loads them

log = logging.getLogger(__name__)

CHUNK = 32  # documents per task: amortises pickling and keeps the NER batch full
# The pipeline makes many short-lived objects (Tokens, spans, rows) and few cycles: in the processes
# pressextract owns (the CLI, its worker processes) the young generation is collected every 50,000
# allocations instead of 700. The collector frees only unreachable cycles: no output changes.
GC_THRESHOLD = (50_000, 20, 20)
ENGINES = ("local", "processes", "dask")
FAULT_DOC_ENV = "PRESSEXTRACT_FAULT_DOC"
CRASH_MESSAGE = "worker crashed while processing this document ({reason}); the other documents went on"


def slim(result: DocumentResult) -> DocumentResult:
    """The result without raw bytes, decoded original and offset map (their sizes stay known:
    ``clean.n_chars_raw`` is the length of the original, see :func:`extract.write.document_row`)."""
    raw, cleaned = result.raw, result.clean
    if cleaned is not None and cleaned.n_chars_raw == len(raw.text):
        raw = replace(raw, text="")
        cleaned = replace(cleaned, origin=())
    return DocumentResult(replace(raw, raw=b""), cleaned, result.mentions)


def clean_one(raw: RawDocument) -> DocumentResult:
    """The clean stage of one ingested document: a result with its clean text, or its failure."""
    if raw.status != "ok":
        return DocumentResult(raw, None)
    from extract.clean import clean

    try:
        cleaned = clean(raw)
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the batch
        return DocumentResult(replace(raw, status="error", error=f"cleaning failed: {exc}"), None)
    if not cleaned.text.strip():
        return DocumentResult(replace(raw, status="empty", error="no text left after cleaning"), cleaned)
    return DocumentResult(raw, cleaned)


def process_chunk(nlp: Language, raws: Iterable[RawDocument], slim_results: bool = True) -> list[DocumentResult]:
    """Clean and annotate documents; failures are recorded in their result and do not stop the chunk."""
    from extract.annotate import AnnotationFailure, annotate

    results: list[DocumentResult] = []
    to_annotate: list[tuple[int, CleanDocument]] = []
    fault = os.environ.get(FAULT_DOC_ENV, "")
    for raw in raws:
        if fault and fault in raw.source:
            os._exit(FAULT_EXIT)
        result = clean_one(raw)
        if result.raw.status == "ok" and result.clean is not None:
            to_annotate.append((len(results), result.clean))
        results.append(result)
    annotated = annotate(nlp, (c for _, c in to_annotate))
    for (index, _), (_, mentions) in zip(to_annotate, annotated, strict=True):
        if isinstance(mentions, AnnotationFailure):  # this document's error; the batch goes on
            results[index].raw = replace(results[index].raw, status="error", error=mentions.message)
            continue
        results[index].mentions = mentions
    return [slim(r) for r in results] if slim_results else results


# --- worker side: one pipeline per process, built on first use --------------------------------

_PIPELINES: dict[str | None, Language] = {}


def worker_pipeline(model: str | None) -> Language:
    """The pipeline of this process for ``model`` (built once)."""
    if model not in _PIPELINES:
        from extract.nlp import build_pipeline

        _PIPELINES[model] = build_pipeline(model)
    return _PIPELINES[model]


def process_chunk_in_worker(model: str | None, raws: list[RawDocument], slim_results: bool = True
                            ) -> list[DocumentResult]:
    """:func:`process_chunk` with the worker's own pipeline (the task sent to processes and Dask)."""
    return process_chunk(worker_pipeline(model), raws, slim_results)


def for_transfer(raw: RawDocument) -> RawDocument:
    """What a worker needs of an ingested document: the decoded text, not the bytes as well."""
    return replace(raw, raw=b"")


def crashed(raw: RawDocument, reason: str) -> DocumentResult:
    """The result of a document whose worker died on it."""
    return DocumentResult(replace(raw, raw=b"", text="", status="error", error=CRASH_MESSAGE.format(reason=reason)),
                          None)


Outputs = tuple[list[tuple[Any, tuple[str, ...]]], Any]  # (fact drafts with their identity, rendered rows)


def document_outputs(results: list[DocumentResult]) -> list[Outputs]:
    """The fact drafts (each with its :meth:`~extract.facts.merge.Draft.identity`) and the rendered rows
    (:func:`extract.write_stream.render`) of reconciled documents: the engine's second task, after
    reconcile gave the mentions their entity ids. Pure: the same results give the same outputs anywhere."""
    from extract.facts import document_drafts
    from extract.write_stream import render

    return [([(d, d.identity()) for d in document_drafts(r)], render(r)) for r in results]


def _same(item: Any) -> Any:
    return item


class Task:
    """One pure function call on an engine (:meth:`Engine.call`): :meth:`result` waits for it. If
    the worker that runs it dies, the call is made again in this process: same value, since ``fn``
    is pure; an error that ``fn`` itself raises is raised here."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], future: Any = None,
                 lost: tuple[type[BaseException], ...] = ()) -> None:
        self.fn, self.args, self.future, self.lost = fn, args, future, lost
        self.value: Any = None
        if future is None:  # run here, now: the arguments are not kept
            self.value, self.args = fn(*args), ()

    def result(self) -> Any:
        if self.future is not None:
            try:
                self.value = self.future.result()
            except self.lost:
                log.warning("a worker died while running %s; running it here", getattr(self.fn, "__name__", self.fn))
                self.value = self.fn(*self.args)
            self.future, self.args = None, ()
        return self.value


# --- engines ---------------------------------------------------------------------------------

class Engine(Protocol):
    def map(self, chunks: Iterable[list[RawDocument]]) -> Iterator[list[DocumentResult]]: ...

    def map_outputs(self, chunks: Iterable[list[DocumentResult]]) -> Iterator[list[Outputs]]: ...

    def call(self, fn: Callable[..., Any], *args: Any) -> Task: ...

    def close(self) -> None: ...


def _ordered(chunks: Iterable[list[Any]], submit: Callable[[list[Any]], Any],
             result: Callable[[Any, list[Any]], list[Any]],
             limit: int, prepare: Callable[[Any], Any] = for_transfer) -> Iterator[list[Any]]:
    """Submit chunks (each item ``prepare``d), at most ``limit`` in flight, and yield their results
    in submission order."""
    in_flight: deque[tuple[list[Any], Any]] = deque()

    def get(item: tuple[list[Any], Any]) -> list[Any]:
        chunk, task = item
        return [] if task is None else result(task, chunk)

    for chunk in chunks:
        sent = [prepare(r) for r in chunk]
        in_flight.append((sent, submit(sent) if sent else None))  # empty: every document came from the cache
        while len(in_flight) >= limit:
            yield get(in_flight.popleft())
    while in_flight:
        yield get(in_flight.popleft())


class LocalEngine:
    """In this process."""

    def __init__(self, nlp: Language | None = None, model: str | None = None, slim_results: bool = True) -> None:
        self.nlp, self.model, self.slim = nlp, model, slim_results

    def map(self, chunks: Iterable[list[RawDocument]]) -> Iterator[list[DocumentResult]]:
        for chunk in chunks:
            if not chunk:  # every document of the chunk came from the cache
                yield []
                continue
            if self.nlp is None:
                from extract.nlp import build_pipeline

                self.nlp = build_pipeline(self.model)
            yield process_chunk(self.nlp, [for_transfer(r) for r in chunk], self.slim)

    def map_outputs(self, chunks: Iterable[list[DocumentResult]]) -> Iterator[list[Outputs]]:
        for chunk in chunks:
            yield document_outputs(chunk) if chunk else []

    def call(self, fn: Callable[..., Any], *args: Any) -> Task:
        return Task(fn, args)

    def close(self) -> None:
        pass


def tune_gc() -> None:
    """Collect the young generation less often (:data:`GC_THRESHOLD`), in a process we own."""
    gc.set_threshold(*GC_THRESHOLD)


def _init_worker() -> None:
    """Worker initializer: Ctrl-C reaches the whole process group; the parent alone handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_gc()


class ProcessEngine:
    """``jobs`` worker processes ("spawn": a clean interpreter each, safe whatever threads run here).

    Ctrl-C (or any exception in the parent) while chunks are in flight: :meth:`close` terminates the
    workers instead of waiting for their chunks, so the run stops at once (its staging folder is
    removed, the output folder is left as it was)."""

    def __init__(self, jobs: int, model: str | None = None, slim_results: bool = True) -> None:
        self.jobs, self.model, self.slim = jobs, model, slim_results
        self.live: set[Future[list[DocumentResult]]] = set()  # submitted, result not taken yet
        self.pool = self._pool()

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=get_context("spawn"), initializer=_init_worker)

    def _submit(self, chunk: list[RawDocument]) -> tuple[ProcessPoolExecutor, Future[list[DocumentResult]]]:
        try:
            future = self.pool.submit(process_chunk_in_worker, self.model, chunk, self.slim)
        except BrokenProcessPool:  # a worker died since the last submit
            self._renew(self.pool)
            future = self.pool.submit(process_chunk_in_worker, self.model, chunk, self.slim)
        self.live.add(future)
        return self.pool, future

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        """A fresh pool in place of ``broken`` (unless that was replaced already)."""
        if broken is self.pool:
            broken.shutdown(wait=False, cancel_futures=True)
            self.pool = self._pool()

    def _run(self, task: tuple[ProcessPoolExecutor, Future[list[DocumentResult]]]) -> list[DocumentResult] | None:
        pool, future = task
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):
            self._renew(pool)
            return None
        finally:
            self.live.discard(future)

    def _result(self, task: tuple[ProcessPoolExecutor, Future[list[DocumentResult]]],
                chunk: list[RawDocument]) -> list[DocumentResult]:
        done = self._run(task)
        if done is None:  # its pool broke (maybe because of another chunk): once more, whole
            done = self._run(self._submit(chunk))
        if done is not None:
            return done
        log.warning("a worker process died twice on a chunk; running its %d documents one by one", len(chunk))
        out = []
        for raw in chunk:  # one at a time, so the document that kills its worker is found
            one = self._run(self._submit([raw]))
            if one is None:
                log.warning("%s: the worker process died on this document", raw.source)
                one = [crashed(raw, "the worker process died")]
            out.extend(one)
        return out

    def map(self, chunks: Iterable[list[RawDocument]]) -> Iterator[list[DocumentResult]]:
        return _ordered(chunks, self._submit, self._result, 2 * self.jobs + 1)

    def _submit_outputs(self, chunk: list[DocumentResult]) -> Future[list[Outputs]]:
        try:
            future = self.pool.submit(document_outputs, chunk)
        except BrokenProcessPool:
            self._renew(self.pool)
            future = self.pool.submit(document_outputs, chunk)
        self.live.add(future)
        return future

    def _outputs(self, future: Future[list[Outputs]], chunk: list[DocumentResult]) -> list[Outputs]:
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):  # a worker died: this chunk in this process
            self._renew(self.pool)
            log.warning("a worker process died; computing the facts of %d documents here", len(chunk))
            return document_outputs(chunk)
        finally:
            self.live.discard(future)

    def map_outputs(self, chunks: Iterable[list[DocumentResult]]) -> Iterator[list[Outputs]]:
        return _ordered(chunks, self._submit_outputs, self._outputs, 2 * self.jobs + 1, _same)

    def call(self, fn: Callable[..., Any], *args: Any) -> Task:
        try:
            future = self.pool.submit(fn, *args)
        except BrokenProcessPool:
            self._renew(self.pool)
            future = self.pool.submit(fn, *args)
        return Task(fn, args, future, (BrokenProcessPool, CancelledError))

    def close(self) -> None:
        if any(not f.done() for f in self.live):  # interrupted: do not wait for the chunks in flight
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
        else:
            self.pool.shutdown(cancel_futures=True)
        self.live.clear()


class DaskEngine:
    """The workers of a Dask cluster: ``scheduler`` ("tcp://host:8786"), else a LocalCluster of
    ``jobs`` single-threaded workers started here (``processes=False``: threads of this process)."""

    def __init__(self, jobs: int = 2, model: str | None = None, scheduler: str | None = None,
                 processes: bool = True, slim_results: bool = True) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - declared dependency
            raise SystemExit("pressextract: --engine dask needs dask[distributed] (pip install 'dask[distributed]')"
                             ) from exc
        self.model, self.slim = model, slim_results
        self.cluster: Any = None
        self.client: Any
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=processes,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.n_workers = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs)

    def _submit(self, chunk: list[RawDocument]) -> Any:
        return self.client.submit(process_chunk_in_worker, self.model, chunk, self.slim, pure=False)

    def _result(self, future: Any, chunk: list[RawDocument]) -> list[DocumentResult]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            log.warning("Dask workers died on a chunk; running its %d documents again one by one", len(chunk))
        out = []
        for raw in chunk:
            try:
                out.extend(self._submit([raw]).result())
            except KilledWorker:
                log.warning("%s: the Dask worker died on this document", raw.source)
                out.append(crashed(raw, "the Dask worker died"))
        return out

    def map(self, chunks: Iterable[list[RawDocument]]) -> Iterator[list[DocumentResult]]:
        return _ordered(chunks, self._submit, self._result, 2 * self.n_workers + 1)

    def _outputs(self, future: Any, chunk: list[DocumentResult]) -> list[Outputs]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            log.warning("Dask workers died; computing the facts of %d documents here", len(chunk))
            return document_outputs(chunk)

    def map_outputs(self, chunks: Iterable[list[DocumentResult]]) -> Iterator[list[Outputs]]:
        return _ordered(chunks, lambda c: self.client.submit(document_outputs, c, pure=False), self._outputs,
                        2 * self.n_workers + 1, _same)

    def call(self, fn: Callable[..., Any], *args: Any) -> Task:
        from distributed import KilledWorker

        return Task(fn, args, self.client.submit(fn, *args, pure=False), (KilledWorker,))

    def close(self) -> None:
        if self.client is None:
            return
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None


def make_engine(engine: str = "local", jobs: int = 1, model: str | None = None, nlp: Language | None = None,
                scheduler: str | None = None, slim_results: bool = True) -> Engine:
    """The engine named ``engine`` (``local`` with ``jobs > 1`` means ``processes``; a scheduler means ``dask``)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
    if engine == "dask" or scheduler:
        return DaskEngine(jobs, model, scheduler, slim_results=slim_results)
    if engine == "processes" or jobs > 1:
        return ProcessEngine(max(jobs, 1), model, slim_results)
    return LocalEngine(nlp, model, slim_results)
