"""Reconcile stage: mentions of all documents in, entities (and facts) across the run out.

A streaming run (:mod:`extract.pipeline`) counts the person and programme names while the
documents are processed, builds a :class:`Reconciler` from the counts, then assigns the ids one
document at a time; :func:`reconcile` does the same over results held in memory.

Entity ids are derived from what identifies the entity, never from run order, so the same
input gives the same ids: ``mun:<AGS>``, ``per:<slug of canonical name>``, ``org:<slug>``,
``prg:<slug>``. Amounts and dates are values, not entities.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from extract.model import DocumentResult, Entity, Mention
from extract.normalise.people import PersonHeads, same_person
from extract.normalise.programs import program_key

ENTITY_TYPES = {"municipality": "mun", "person": "per", "organization": "org", "program": "prg"}


def slug(text: str) -> str:
    """ASCII, lowercase, dash-separated form of a name, for stable ids."""
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _canonical(m: Mention) -> str:
    if m.type == "municipality":
        return str(m.attrs.get("name") or m.text)
    return m.value or m.text


def _person_groups(names: Counter[str]) -> dict[str, str]:
    """Map every person name seen to the canonical name of its group.

    Names are visited most frequent first (ties alphabetically), so the commonest spelling
    becomes canonical and a rare variant ("Frankziska Giffey") joins it when
    :func:`extract.normalise.people.same_person` accepts the pair. The heads are indexed
    (:class:`~extract.normalise.people.PersonHeads`: by folded name, and by word shape for typo
    variants), so a name is compared with a handful of heads only: linear in the number of
    names, the same groups as all pairs (:func:`person_groups_all_pairs`).
    """
    canon: dict[str, str] = {}
    heads = PersonHeads()
    for name, _count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        head = heads.first_match(name)
        if head is None:
            heads.add(name)
            head = name
        canon[name] = head
    return canon


def person_groups_all_pairs(names: Counter[str]) -> dict[str, str]:
    """The definition :func:`_person_groups` implements by blocking: every name compared with every
    head (quadratic; the reference of ``scripts/bench_scale.py``)."""
    canon: dict[str, str] = {}
    heads: list[str] = []
    for name, _count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        head = next((h for h in heads if same_person(h, name)), None)
        if head is None:
            heads.append(name)
            head = name
        canon[name] = head
    return canon


def _program_groups(names: Counter[str]) -> dict[str, str]:
    """Map programme names to one canonical name per programme.

    A name whose words extend another's ("Kein Kind zurücklassen! Für ganz Nordrhein-Westfalen"
    after "Kein Kind zurücklassen!") is the same programme; the canonical name is the most
    frequent spelling of the shortest form.
    """
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in names.items():
        by_key[program_key(name)][name] += count
    heads: list[str] = []
    head_of: dict[str, str] = {}
    for key in sorted(by_key, key=lambda k: (len(k.split()), k)):
        head = next((h for h in heads if key == h or key.startswith(h + " ")), None)
        if head is None:
            heads.append(key)
            head = key
        head_of[key] = head
    display = {h: sorted(by_key[h].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for h in heads}
    return {name: display[head_of[program_key(name)]] for name in names}


def name_counts(mentions: Iterable[Mention]) -> tuple[Counter[str], Counter[str]]:
    """How often each person and programme name occurs: all reconcile needs to know beforehand."""
    people: Counter[str] = Counter()
    programs: Counter[str] = Counter()
    for m in mentions:
        if m.value and m.type == "person":
            people[m.value] += 1
        elif m.value and m.type == "program":
            programs[m.value] += 1
    return people, programs


Position = tuple[int, int]  # (document's place in input order, mention's place in the document)

# What an entity mention adds to its entity (plain data, so a run can cache it per document):
# (place in the document, entity id, type, canonical, kind, state, alias, key)
Contribution = tuple[int, str, str, str, str, str, str, str]


def contribution(i: int, m: Mention) -> Contribution:
    """What the ``i``-th mention of a document, reconciled, adds to its entity."""
    key = m.value if m.type == "municipality" else str(m.attrs.get("key", ""))
    return (i, m.entity_id, m.type, m.canonical, str(m.attrs.get("kind") or ""), str(m.attrs.get("state") or ""),
            m.text.replace("\n", " "), key)


class _Members:
    """Running aggregate of one entity's mentions. Ties are broken by first occurrence in input
    order (a :data:`Position`), so the entity does not depend on the order documents are added in."""

    __slots__ = ("first_pos", "first", "canonicals", "kinds", "states", "aliases", "n_mentions", "docs", "last_doc")

    def __init__(self, pos: Position, c: Contribution) -> None:
        self.first_pos, self.first = pos, c
        self.canonicals: dict[str, list[Any]] = {}
        self.kinds: dict[str, list[Any]] = {}
        self.states: dict[str, list[Any]] = {}
        self.aliases: set[str] = set()
        self.n_mentions = 0
        self.docs = 0  # documents counted as they come: each document's mentions are assigned together
        self.last_doc = -1

    @staticmethod
    def _count(table: dict[str, list[Any]], value: str, pos: Position) -> None:
        entry = table.get(value)
        if entry is None:
            table[value] = [1, pos]
        else:
            entry[0] += 1
            entry[1] = min(entry[1], pos)

    @staticmethod
    def _most_common(table: dict[str, list[Any]]) -> str:
        """Counter.most_common of the mentions in input order: the commonest, the earliest on a tie."""
        return min(table.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0] if table else ""

    def add(self, pos: Position, c: Contribution) -> None:
        if pos < self.first_pos:
            self.first_pos, self.first = pos, c
        _, _, _, canonical, kind, state, alias, _ = c
        self._count(self.canonicals, canonical, pos)
        if kind:
            self._count(self.kinds, kind, pos)
        if state:
            self._count(self.states, state, pos)
        self.aliases.add(alias)
        self.n_mentions += 1
        if pos[0] != self.last_doc:
            self.docs += 1
            self.last_doc = pos[0]

    def entity(self, entity_id: str) -> Entity:
        return Entity(
            entity_id=entity_id, type=self.first[2], canonical=self._most_common(self.canonicals), key=self.first[7],
            kind=self._most_common(self.kinds), state=self._most_common(self.states),
            aliases=tuple(sorted(self.aliases)), n_mentions=self.n_mentions, n_documents=self.docs,
        )


class Reconciler:
    """Reconcile in two steps, for runs that do not fit in memory: built from the name counts of
    the whole run (:func:`name_counts`), it assigns entity ids to one document's mentions at a time
    (:meth:`assign`, documents in any order) and collects the entities (:meth:`entities`)."""

    def __init__(self, person_names: Counter[str], program_names: Counter[str], store: Any = None) -> None:
        """``store``: an :class:`extract.spill.EntityStore` to gather the entities on disk (flat memory)."""
        self.person_canon = _person_groups(person_names)
        self.program_canon = _program_groups(program_names)
        self._members: dict[str, _Members] = {}
        self.store = store

    def names(self, people: Iterable[str], programs: Iterable[str]) -> list[str]:
        """The canonical names of a document's person and programme names (in order, people first):
        with the mentions, all that its reconciled ids depend on."""
        return [*(self.person_canon.get(n, n) for n in people), "\x1d",
                *(self.program_canon.get(n, n) for n in programs)]

    def assign(self, mentions: Sequence[Mention], doc_index: int) -> list[Mention]:
        """The mentions with ``entity_id`` and ``canonical`` set; ``doc_index`` is the document's
        position in input order (for the order-independent tie-breaking of the entities)."""
        return self.assign_with(mentions, doc_index)[0]

    def assign_with(self, mentions: Sequence[Mention], doc_index: int) -> tuple[list[Mention], list[Contribution]]:
        """:meth:`assign`, and what the mentions added to their entities (for :meth:`add`)."""
        updated: list[Mention] = []
        added: list[Contribution] = []
        for i, m in enumerate(mentions):
            prefix = ENTITY_TYPES.get(m.type)
            if prefix is None:
                updated.append(m)
                continue
            if m.type == "municipality":
                canonical = _canonical(m)
                entity_id = f"{prefix}:{m.value}" if m.value else f"{prefix}:{slug(canonical)}"
            elif m.type == "person":
                canonical = self.person_canon.get(m.value, m.value)
                entity_id = f"{prefix}:{slug(canonical)}"
            elif m.type == "program":
                canonical = self.program_canon.get(m.value, m.value)
                entity_id = f"{prefix}:{slug(canonical)}"
            else:
                canonical = _canonical(m)
                entity_id = f"{prefix}:{slug(canonical)}"
            m = replace(m, entity_id=entity_id, canonical=canonical)
            added.append(contribution(i, m))
            updated.append(m)
        self.add(added, doc_index)
        return updated, added

    def add(self, contributions: Iterable[Contribution], doc_index: int) -> None:
        """Count a document's entity mentions (from :meth:`assign_with`, maybe cached) into the entities."""
        if self.store is not None:
            self.store.add(contributions, doc_index)
            return
        members = self._members
        for c in contributions:
            pos = (doc_index, c[0])
            entity = members.get(c[1])
            if entity is None:
                entity = members[c[1]] = _Members(pos, c)
            entity.add(pos, c)

    def entities(self) -> Iterator[Entity]:
        """Every entity seen by :meth:`assign`, sorted by id."""
        if self.store is not None:
            return self.store.entities()
        return (self._members[eid].entity(eid) for eid in sorted(self._members))


def reconcile(results: Sequence[DocumentResult]) -> list[Entity]:
    """Assign ``entity_id`` and ``canonical`` to every entity mention (in place) and return the entities."""
    reconciler = Reconciler(*name_counts(m for r in results for m in r.mentions))
    for index, result in enumerate(results):
        result.mentions = reconciler.assign(result.mentions, index)
    return list(reconciler.entities())
