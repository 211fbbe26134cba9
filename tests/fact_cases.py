"""Shared harness of the fact tables: one release per case, run once over the folder, facts per case."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract.model import Fact
from extract.pipeline import process


def _facts_by_case(nlp: Any, folder: Path, case_ids_and_texts: Iterable[tuple[str, str]]):
    """Write each (case id, text) as ``<id>.txt`` into ``folder``, run the pipeline once and yield
    (case id, fact, entity names) for every fact of every case."""
    for case_id, text in case_ids_and_texts:
        (folder / f"{case_id}.txt").write_text(text, encoding="utf-8")
    run = process([str(folder)], nlp=nlp)
    names = {e.entity_id: e.canonical for e in run.entities}
    stem = {r.raw.doc_id: Path(r.raw.source).stem for r in run.results}
    for fact in run.facts:
        for doc_id in fact.doc_ids:
            yield stem[doc_id], fact, names


def facts_per_case(nlp: Any, folder: Path, cases: list[tuple[str, str]]) -> dict[str, list[tuple[Fact, str]]]:
    """Each case's facts with the canonical name of their subject."""
    out: dict[str, list[tuple[Fact, str]]] = {case_id: [] for case_id, _ in cases}
    for case_id, fact, names in _facts_by_case(nlp, folder, cases):
        out[case_id].append((fact, names[fact.subject_id]))
    return out


def role_and_participation_facts(nlp: Any, folder: Path, cases: list[tuple]) -> dict[str, list[tuple[str, ...]]]:
    """Per case id of (case id, text, expected) rows: (person, role, organisation) for holds_role,
    (municipality, since) for participates_in."""
    facts: dict[str, list[tuple[str, ...]]] = {}
    for case_id, f, names in _facts_by_case(nlp, folder, [(c[0], c[1]) for c in cases]):
        if f.predicate == "holds_role":
            facts.setdefault(case_id, []).append((names[f.subject_id], f.value, names.get(f.object_id, "")))
        elif f.predicate == "participates_in":
            facts.setdefault(case_id, []).append((names[f.subject_id], f.valid_from))
    return facts
