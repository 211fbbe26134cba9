"""Drafts and their merging: one fact per (key, value), evidence and documents united.

A draft's identity is the fact's key (predicate, subject, object, key qualifiers as defined in
:mod:`extract.facts_schema`) plus its value; drafts with equal identity are one fact. Facts with
the same key and a different value stay apart: that is what the registry diff reports as a conflict.
"""

from __future__ import annotations

import hashlib
import json
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


def _compatible(a: Draft, b: Draft) -> bool:
    """Two drafts of one document that can be one statement: same subject and value, and every key
    part (object, key qualifiers, period) equal or stated by one of them only ("4,75 Millionen Euro
    gehen an …" and "… in Höhe von insgesamt 4,75 Millionen Euro": one volume, its period "total")."""
    if (a.predicate, a.subject_id, a.value, a.unit, a.valid_from) != \
            (b.predicate, b.subject_id, b.value, b.unit, b.valid_from):
        return False
    if a.period and b.period and a.period != b.period:
        return False
    if a.object_id and b.object_id and a.object_id != b.object_id:
        return False
    for k in spec_for(a.predicate).key_qualifiers:
        x, y = normalise_name(str(a.qualifiers.get(k) or "")), normalise_name(str(b.qualifiers.get(k) or ""))
        if x and y and x != y:
            return False
    return True


def unite_in_document(drafts: Sequence[Draft]) -> list[Draft]:
    """One release stating a grant twice ("Friedewald erhält 9000 Euro aus Landesmitteln …" in the
    headline, "… erhält … 9.000 Euro Landesmittel" in the text) states one fact: drafts of one
    document whose keys do not contradict are folded, the parts either states kept."""
    out: list[Draft] = []
    for d in drafts:
        same = next((k for k in out if _compatible(k, d)), None)
        if same is None:
            out.append(Draft(d.subject_id, d.predicate, d.object_id, d.value, d.unit, d.period, d.valid_from,
                             dict(d.qualifiers), d.doc_id, d.evidence, d.confidence))
            continue
        if not same.period and d.period:
            same.period = d.period
        if not same.object_id and d.object_id:
            same.object_id = d.object_id
            same.qualifiers.pop("programme_from", None)
            if "programme_from" in d.qualifiers:
                same.qualifiers["programme_from"] = d.qualifiers["programme_from"]
        for k, v in d.qualifiers.items():
            if k != "programme_from" and not same.qualifiers.get(k):
                same.qualifiers[k] = v
        if same.qualifiers.get("funder"):
            same.qualifiers.pop("release_funder", None)
            same.qualifiers.pop("release_funder_id", None)
        same.evidence = tuple(dict.fromkeys((*same.evidence, *d.evidence)))
        same.confidence = max(same.confidence, d.confidence)
    return out


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


def _rank(d: Draft) -> tuple[float, int, str]:
    """The draft whose qualifiers a merged fact takes: the most confident, then the fewest qualifiers."""
    return d.confidence, -len(d.qualifiers), json.dumps(d.qualifiers, sort_keys=True)


class _Group:
    """The drafts of one identity, folded as they come."""

    __slots__ = ("best", "rank", "order", "as_of", "doc_ids", "evidence", "confidence")

    def __init__(self, d: Draft, order: int) -> None:
        self.best, self.rank, self.order = d, _rank(d), order
        self.as_of: set[str] = set()
        self.doc_ids: set[str] = set()
        self.evidence: set[str] = set()
        self.confidence = d.confidence
        self._note(d)

    def _note(self, d: Draft) -> None:
        if d.qualifiers.get("as_of"):
            self.as_of.add(d.qualifiers["as_of"])
        self.doc_ids.add(d.doc_id)
        self.evidence.update(d.evidence)
        self.confidence = max(self.confidence, d.confidence)

    def add(self, d: Draft, order: int) -> None:
        rank = _rank(d)
        if rank > self.rank or (rank == self.rank and order < self.order):  # equal: the earliest, as max() does
            self.best, self.rank, self.order = d, rank, order
        self._note(d)

    def fact(self, identity: tuple[str, ...]) -> Fact:
        best = self.best
        qualifiers = dict(best.qualifiers)
        if self.as_of:
            qualifiers["as_of"] = max(self.as_of)
        return Fact(
            fact_id=_fact_id(identity), subject_id=best.subject_id, predicate=best.predicate,
            object_id=best.object_id, value=best.value, unit=best.unit, period=best.period,
            valid_from=best.valid_from, qualifiers=qualifiers,
            doc_ids=tuple(sorted(self.doc_ids)), evidence=tuple(sorted(self.evidence)),
            confidence=self.confidence,
        )


class Merger:
    """:func:`merge` for drafts that come a document at a time, in any order: memory grows with
    the facts, not with the drafts. ``order`` (the document's place in input order, drafts of one
    call in their order) decides between equally ranked drafts, so the facts equal ``merge()`` of
    all drafts in input order."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, ...], _Group] = {}
        self._n = 0

    def add(self, drafts: Sequence[Draft], order: int | None = None) -> None:
        self.add_identified([(d, d.identity()) for d in drafts], order)

    def add_identified(self, drafts: Sequence[tuple[Draft, tuple[str, ...]]], order: int | None = None) -> None:
        """:meth:`add` of drafts whose :meth:`Draft.identity` is known (a run's cache holds it)."""
        for i, (d, identity) in enumerate(drafts):
            place = (order if order is not None else self._n) * 1_000_000 + i
            group = self._groups.get(identity)
            if group is None:
                self._groups[identity] = _Group(d, place)
            else:
                group.add(d, place)
        self._n += 1

    def facts(self) -> list[Fact]:
        """The merged facts, sorted by fact id."""
        return sorted((g.fact(identity) for identity, g in self._groups.items()), key=lambda f: f.fact_id)


def merge(drafts: Sequence[Draft]) -> list[Fact]:
    """One fact per (key, value): evidence and documents united, qualifiers from the most confident draft."""
    merger = Merger()
    merger.add(drafts, 0)
    return merger.facts()
