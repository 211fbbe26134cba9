"""Shared by the role and participation fact tests: run a table of (case id, text, expected) cases as
one folder of releases and collect each case's holds_role and participates_in facts."""

from __future__ import annotations

from pathlib import Path

from extract.pipeline import process


def role_and_participation_facts(nlp, folder: Path, cases: list[tuple]) -> dict[str, list[tuple[str, ...]]]:
    """Per case id: (person, role, organisation) for holds_role, (municipality, since) for participates_in."""
    for case_id, text, _ in cases:
        (folder / f"{case_id}.txt").write_text(text, encoding="utf-8")
    result = process([str(folder)], nlp=nlp)
    names = {e.entity_id: e.canonical for e in result.entities}
    stem = {r.raw.doc_id: Path(r.raw.source).stem for r in result.results}
    facts: dict[str, list[tuple[str, ...]]] = {}
    for f in result.facts:
        for doc_id in f.doc_ids:
            if f.predicate == "holds_role":
                facts.setdefault(stem[doc_id], []).append((names[f.subject_id], f.value, names.get(f.object_id, "")))
            elif f.predicate == "participates_in":
                facts.setdefault(stem[doc_id], []).append((names[f.subject_id], f.valid_from))
    return facts
