"""Drafts and their merging: one fact per (key, value), evidence and documents united.

A draft's identity is the fact's key (predicate, subject, object, key qualifiers as defined in
:mod:`extract.facts_schema`) plus its value; drafts with equal identity are one fact. Facts with
the same key and a different value stay apart: that is what the registry diff reports as a conflict.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extract.facts_schema import normalise_name, spec_for
from extract.model import Fact


@dataclass
class Draft:
    """A fact before merging: key fields, value fields, evidence."""

    subject_id: str
    predicate: str
    object_id: str = ""
    value: str = ""
    unit: str = ""
    period: str = ""
    valid_from: str = ""
    qualifiers: dict[str, Any] = field(default_factory=dict)
    doc_id: str = ""
    evidence: tuple[str, ...] = ()
    confidence: float = 0.8

    def identity(self) -> tuple[str, ...]:
        """Key and value: drafts with equal identity are one fact."""
        keys = spec_for(self.predicate).key_qualifiers
        key_qualifiers = {k: normalise_name(str(self.qualifiers.get(k) or "")) for k in keys}
        return (self.predicate, self.subject_id, self.object_id, json.dumps(key_qualifiers, sort_keys=True),
                self.value, self.unit, self.period, self.valid_from)


def most_specific_roles(drafts: list[Draft]) -> list[Draft]:
    """Within one document, "Leiter" and "Leiter der Landeskoordinierungsstelle" for the same person and
    organisation are one statement: keep the most specific (longest) role that contains the others."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (-len(d.value), d.value)):
        if any(k.subject_id == d.subject_id and k.object_id == d.object_id and k.doc_id == d.doc_id
               and k.value.casefold().startswith(d.value.casefold()) for k in kept):
            continue
        kept.append(d)
    return kept


def _fact_id(identity: tuple[str, ...]) -> str:
    return "fact:" + hashlib.sha1("\x1f".join(identity).encode()).hexdigest()[:16]


def merge(drafts: Sequence[Draft]) -> list[Fact]:
    """One fact per (key, value): evidence and documents united, qualifiers from the most confident draft."""
    groups: dict[tuple[str, ...], list[Draft]] = defaultdict(list)
    for d in drafts:
        groups[d.identity()].append(d)
    facts = []
    for identity, group in groups.items():
        best = max(group, key=lambda d: (d.confidence, -len(d.qualifiers), json.dumps(d.qualifiers, sort_keys=True)))
        qualifiers = dict(best.qualifiers)
        as_of = sorted({d.qualifiers["as_of"] for d in group if d.qualifiers.get("as_of")})
        if as_of:
            qualifiers["as_of"] = as_of[-1]
        facts.append(Fact(
            fact_id=_fact_id(identity), subject_id=best.subject_id, predicate=best.predicate,
            object_id=best.object_id, value=best.value, unit=best.unit, period=best.period,
            valid_from=best.valid_from, qualifiers=qualifiers,
            doc_ids=tuple(sorted({d.doc_id for d in group})),
            evidence=tuple(sorted({e for d in group for e in d.evidence})),
            confidence=max(d.confidence for d in group),
        ))
    return sorted(facts, key=lambda f: f.fact_id)
