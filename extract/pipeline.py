"""The main job: ingest -> clean -> annotate -> reconcile -> facts -> write, for a batch of inputs."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from extract.annotate import annotate
from extract.clean import clean
from extract.facts import extract_facts
from extract.ingest import expand_inputs, ingest
from extract.model import CleanDocument, DocumentResult, Entity, Fact, RawDocument
from extract.nlp import build_pipeline
from extract.reconcile import reconcile
from extract.write import write_dataset


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


def process(inputs: Sequence[str], nlp: Language | None = None, model: str | None = None,
            progress: bool = False) -> RunResult:
    """Run the pipeline over files, folders and URLs; nothing is written."""
    started = time.perf_counter()
    nlp = nlp or build_pipeline(model)
    results: list[DocumentResult] = []
    total = len(expand_inputs(inputs))
    bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=not progress or total < 2, desc="pressextract")
    by_id: dict[str, DocumentResult] = {}
    for clean_doc, mentions in annotate(nlp, clean_stage(ingest(inputs), results)):
        by_id[clean_doc.doc_id] = next(r for r in reversed(results) if r.raw.doc_id == clean_doc.doc_id)
        by_id[clean_doc.doc_id].mentions = mentions
        bar.n = len(results)
        bar.refresh()
    bar.n = len(results)
    bar.close()
    entities = reconcile(results)
    facts = extract_facts(results, entities)
    return RunResult(results, entities, facts, time.perf_counter() - started)


def run(inputs: Sequence[str], out_dir: Path, model: str | None = None, progress: bool = False) -> RunResult:
    """Process a batch and write the dataset into ``out_dir``."""
    result = process(inputs, model=model, progress=progress)
    result.paths = write_dataset(out_dir, result.results, result.entities, result.facts)
    return result
