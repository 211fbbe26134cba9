"""Facts stage: sentence-level facts from the reconciled mentions, cues in ``rules/facts.yaml``.

Each rule looks at one sentence of one document and the mentions in it (municipalities, amounts,
dates, people, programmes, organisations); what identifies a fact (its key) and what it states
(its value) is defined per predicate in :mod:`extract.facts_schema`. Facts with the same key and
value from several sentences or documents are merged into one, with all evidence; facts with the
same key but different values stay apart, which is what the registry diff reports as a conflict.

Document-level context, used where a sentence leaves it implicit and marked in the qualifiers:
- the document's *main programme* (most mentions, first mentioned on a tie) for sentences that
  say "die Landesinitiative" or nothing;
- the document's *home municipality* (dateline, else publisher) for municipal roles;
- the document's participants, for "Jede neue Kommune erhält …".
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extract.model import DocumentResult, Entity, Fact, Mention
from extract.rules import read_yaml


@dataclass(frozen=True)
class Cue:
    id: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    raw = read_yaml("facts.yaml")

    def cues(key: str) -> tuple[Cue, ...]:
        return tuple(Cue(c["id"], re.compile(c["pattern"], re.IGNORECASE)) for c in raw[key])

    return {
        "participates_in": cues("participates_in"),
        "receives_funding": cues("receives_funding"),
        "programme_budget": cues("programme_budget"),
        "member_count": cues("member_count"),
        "since": re.compile(raw["since_cues"], re.IGNORECASE),
        "every_member": re.compile(raw["every_member"], re.IGNORECASE),
        "municipal_roles": re.compile(raw["municipal_roles"], re.IGNORECASE),
    }


def _first_cue(cues: Sequence[Cue], sentence: str) -> Cue | None:
    return next((c for c in cues if c.pattern.search(sentence)), None)


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
        key_qualifiers = {k: v for k, v in self.qualifiers.items() if k in ("funder",)}
        return (self.predicate, self.subject_id, self.object_id, json.dumps(key_qualifiers, sort_keys=True),
                self.value, self.unit, self.period, self.valid_from)


@dataclass
class DocContext:
    doc_id: str
    published: str
    main_program: Mention | None
    home: Mention | None
    sentences: list[list[Mention]]


def _sentences(mentions: Sequence[Mention]) -> list[list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        groups.setdefault(m.sentence, []).append(m)
    return list(groups.values())


def _context(result: DocumentResult) -> DocContext:
    mentions = result.mentions
    programs = [m for m in mentions if m.type == "program" and m.entity_id]
    main_program = None
    if programs:
        counts = Counter(m.entity_id for m in programs)
        first_pos = {}
        for m in programs:
            first_pos.setdefault(m.entity_id, m.start)
        best = min(counts, key=lambda e: (-counts[e], first_pos[e]))
        main_program = next(m for m in programs if m.entity_id == best)
    clean = result.clean
    home = None
    municipalities = [m for m in mentions if m.type == "municipality" and m.entity_id]
    for place in (clean.dateline if clean else "", clean.publisher if clean else ""):
        if place:
            home = next((m for m in municipalities if m.text in place or m.canonical in place), None)
            if home:
                break
    return DocContext(result.raw.doc_id, clean.published if clean else "", main_program, home, _sentences(mentions))


def _is_locator(m: Mention) -> bool:
    """'Kreis Wesel' in 'Dinslaken (Kreis Wesel)' locates Dinslaken; it is not a participant itself."""
    return re.search(r"\(\s*" + re.escape(" ".join(m.text.split())) + r"\s*\)", m.sentence) is not None


def _program_for(sentence: list[Mention], ctx: DocContext) -> tuple[Mention | None, bool]:
    """The programme a sentence is about: its own programme mention, else the document's main one."""
    own = next((m for m in sentence if m.type == "program" and m.entity_id), None)
    return (own, False) if own else (ctx.main_program, ctx.main_program is not None)


def _since(sentence: list[Mention], text: str) -> str:
    if not _rules()["since"].search(text):
        return ""
    dates = [m for m in sentence if m.type == "date" and "XXXX" not in m.value and "/" not in m.value]
    return dates[0].value if dates else ""


def _participation(ctx: DocContext) -> list[Draft]:
    drafts = []
    for sentence in ctx.sentences:
        text = sentence[0].sentence
        cue = _first_cue(_rules()["participates_in"], text)
        munis = [m for m in sentence if m.type == "municipality" and m.entity_id and not _is_locator(m)]
        if cue is None or not munis:
            continue
        program, inferred = _program_for(sentence, ctx)
        if program is None:
            continue
        since = _since(sentence, text)
        for m in munis:
            qualifiers: dict[str, Any] = {"rule": cue.id}
            if inferred:
                qualifiers["programme_from"] = "document"
            drafts.append(Draft(m.entity_id, "participates_in", program.entity_id, valid_from=since,
                                qualifiers=qualifiers, doc_id=ctx.doc_id,
                                evidence=(m.mention_id, program.mention_id),
                                confidence=0.8 if not inferred else 0.7))
    return drafts


def _funder(sentence: list[Mention]) -> Mention | None:
    return next((m for m in sentence if m.type == "organization" and m.entity_id), None)


def _funding_and_budget(ctx: DocContext, participants: dict[str, Mention]) -> list[Draft]:
    rules = _rules()
    drafts = []
    for sentence in ctx.sentences:
        text = sentence[0].sentence
        amounts = [m for m in sentence if m.type == "amount"]
        if not amounts:
            continue
        program, inferred = _program_for(sentence, ctx)
        funder = _funder(sentence)
        munis = [m for m in sentence if m.type == "municipality" and m.entity_id and not _is_locator(m)]
        funding_cue = _first_cue(rules["receives_funding"], text)
        every = rules["every_member"].search(text)
        recipients: list[tuple[Mention, str]] = []
        if funding_cue and len(munis) == 1:
            recipients = [(munis[0], "")]
        elif funding_cue and not munis and every:
            recipients = [(m, every.group(0)) for m in participants.values()]
        elif funding_cue and not munis and len(participants) == 1:
            recipients = [(next(iter(participants.values())), "single participant")]
        if recipients and program is not None:
            for amount in amounts:
                for muni, inferred_from in recipients:
                    qualifiers: dict[str, Any] = {"rule": funding_cue.id if funding_cue else ""}
                    if funder:
                        qualifiers["funder"] = funder.canonical
                    if amount.attrs.get("duration"):
                        qualifiers["duration"] = amount.attrs["duration"]
                    if inferred:
                        qualifiers["programme_from"] = "document"
                    if inferred_from:
                        qualifiers["inferred"] = inferred_from
                    evidence = tuple(m.mention_id for m in (muni, amount, program, funder) if m is not None)
                    drafts.append(Draft(muni.entity_id, "receives_funding", program.entity_id, amount.value,
                                        amount.unit, amount.period, qualifiers=qualifiers, doc_id=ctx.doc_id,
                                        evidence=evidence,
                                        confidence=0.8 if not (inferred or inferred_from) else 0.6))
            continue
        budget_cue = _first_cue(rules["programme_budget"], text)
        if budget_cue and program is not None and not munis and not every:
            for amount in amounts:
                qualifiers = {"rule": budget_cue.id}
                if inferred:
                    qualifiers["programme_from"] = "document"
                drafts.append(Draft(program.entity_id, "programme_budget", "", amount.value, amount.unit,
                                    amount.period, qualifiers=qualifiers, doc_id=ctx.doc_id,
                                    evidence=(amount.mention_id, program.mention_id),
                                    confidence=0.8 if not inferred else 0.7))
    return drafts


def _member_counts(ctx: DocContext) -> list[Draft]:
    drafts = []
    for sentence in ctx.sentences:
        text = sentence[0].sentence
        for cue in _rules()["member_count"]:
            match = cue.pattern.search(text)
            if not match:
                continue
            program, inferred = _program_for(sentence, ctx)
            if program is None:
                break
            qualifiers: dict[str, Any] = {"rule": cue.id}
            if ctx.published:
                qualifiers["as_of"] = ctx.published
            if inferred:
                qualifiers["programme_from"] = "document"
            drafts.append(Draft(program.entity_id, "member_count", "", str(int(match.group("count"))),
                                qualifiers=qualifiers, doc_id=ctx.doc_id, evidence=(program.mention_id,),
                                confidence=0.7))
            break
    return drafts


def _roles(ctx: DocContext) -> list[Draft]:
    drafts = []
    for sentence in ctx.sentences:
        for person in (m for m in sentence if m.type == "person" and m.entity_id and m.role):
            organization = str(person.attrs.get("organization") or "")
            object_id = ""
            if organization:
                match = next((m for s in ctx.sentences for m in s if m.type in ("municipality", "organization")
                              and m.entity_id and (m.canonical in organization or m.text in organization)), None)
                object_id = match.entity_id if match else ""
            elif ctx.home is not None and _rules()["municipal_roles"].search(person.role):
                object_id = ctx.home.entity_id
            qualifiers: dict[str, Any] = {"rule": person.source_rule}
            if ctx.published:
                qualifiers["as_of"] = ctx.published
            if organization and not object_id:
                qualifiers["organization"] = organization
            drafts.append(Draft(person.entity_id, "holds_role", object_id, person.role, qualifiers=qualifiers,
                                doc_id=ctx.doc_id, evidence=(person.mention_id,), confidence=0.8))
    return drafts


def _most_specific_roles(drafts: list[Draft]) -> list[Draft]:
    """Within one document, "Leiter" and "Leiter der Landeskoordinierungsstelle" for the same person and
    organisation are one statement: keep the most specific (longest) role that contains the others."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: -len(d.value)):
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
        best = max(group, key=lambda d: (d.confidence, -len(d.qualifiers)))
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


def extract_facts(results: Sequence[DocumentResult], entities: Sequence[Entity]) -> list[Fact]:
    """All facts of a run, merged across documents, sorted by fact id."""
    drafts: list[Draft] = []
    for result in results:
        if not result.mentions:
            continue
        ctx = _context(result)
        participation = _participation(ctx)
        participants = {}
        for d in participation:
            mention = next(m for m in result.mentions if m.mention_id == d.evidence[0])
            participants.setdefault(d.subject_id, mention)
        drafts += participation
        drafts += _funding_and_budget(ctx, participants)
        drafts += _member_counts(ctx)
        drafts += _most_specific_roles(_roles(ctx))
    return merge(drafts)
