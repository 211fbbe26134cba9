"""Facts stage: facts from the reconciled mentions, one module per step, cues in ``rules/facts/``.

- :mod:`.context` — the document: sentences, home municipality, main programme, cue rules;
- :mod:`.candidates` — recipients and amounts of a sentence with their features;
- :mod:`.funding` — receives_funding and programme_budget (pairing and decision);
- :mod:`.participation` — participates_in and member_count;
- :mod:`.roles` — holds_role;
- :mod:`.merge` — drafts, fact identity (key per predicate in :mod:`extract.facts_schema`), merging.

Design and reasons: ``docs/FACTS.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.facts.context import document_context
from extract.facts.funding import funding_and_budget
from extract.facts.merge import Draft, Merger, merge, most_specific_roles, unite_in_document
from extract.facts.participation import member_counts, participation
from extract.facts.roles import roles
from extract.model import DocumentResult, Entity, Fact, Mention

__all__ = ["Draft", "Merger", "document_drafts", "extract_facts", "merge"]


def document_drafts(result: DocumentResult) -> list[Draft]:
    """The fact drafts of one document whose mentions carry their entity ids (after reconcile)."""
    if not result.mentions:
        return []
    ctx = document_context(result)
    joined = participation(ctx)
    by_id = {m.mention_id: m for m in result.mentions}
    participants: dict[str, Mention] = {}
    for d in joined:
        participants.setdefault(d.subject_id, by_id[d.evidence[0]])
    return [*joined, *unite_in_document(funding_and_budget(ctx, participants)), *member_counts(ctx),
            *most_specific_roles(roles(ctx))]


def extract_facts(results: Sequence[DocumentResult], entities: Sequence[Entity]) -> list[Fact]:
    """All facts of a run, merged across documents, sorted by fact id (a streaming run feeds
    :func:`document_drafts` of each document to a :class:`~extract.facts.merge.Merger` instead)."""
    merger = Merger()
    for index, result in enumerate(results):
        merger.add(document_drafts(result), index)
    return merger.facts()
