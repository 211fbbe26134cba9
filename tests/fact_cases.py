"""Shared harness of the fact tables: one release per case, run once, facts per case."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.model import Fact
from extract.pipeline import process


def facts_per_case(nlp: Any, folder: Path, cases: Sequence[tuple[str, str]]) -> dict[str, list[tuple[Fact, str]]]:
    """Write each (case id, text) as ``<id>.txt`` into ``folder``, run the pipeline once over the folder
    and return each case's facts with the canonical name of their subject."""
    for case_id, text in cases:
        (folder / f"{case_id}.txt").write_text(text, encoding="utf-8")
    run = process([str(folder)], nlp=nlp)
    names = {e.entity_id: e.canonical for e in run.entities}
    stem = {r.raw.doc_id: Path(r.raw.source).stem for r in run.results}
    out: dict[str, list[tuple[Fact, str]]] = {case_id: [] for case_id, _ in cases}
    for fact in run.facts:
        for doc_id in fact.doc_ids:
            out[stem[doc_id]].append((fact, names[fact.subject_id]))
    return out
