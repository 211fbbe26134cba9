"""participates_in and member_count: a municipality takes part in / joins / is a member of a programme."""

from __future__ import annotations

import re
from typing import Any

from extract.facts.candidates import agency_dateline_place, dateline_place, institution_place, is_locator
from extract.facts.context import DocContext, first_cue, rules
from extract.facts.funding import programme_of
from extract.facts.merge import Draft
from extract.model import Mention

# "gefördert", "profitieren": participation only in a named programme (being paid from the
# Ausgleichsstock or the Städtebauförderung is not membership)
WEAK_CUES = frozenset({"participates.gefoerdert"})


def _since(sentence: list[Mention], text: str) -> str:
    if not rules("participation")["since_cues"].search(text):
        return ""
    dates = [m for m in sentence if m.type == "date" and "XXXX" not in m.value and "/" not in m.value]
    return dates[0].value if dates else ""


# "Gemeinden im Landkreis Würzburg", "Kommunen aus den Landkreisen Cham und Regen": a Kreis after
# a locative preposition is the members' region, not a participant; so is a Kreis listed after one
_REGION_BEFORE = re.compile(r"(?i)\b(?:im|in(?: den)?|aus(?: de[mn])?|vom|von den)\s+(?:(?:land)?kreis(?:en|es)?\s+)?$")
_TOWARDS = re.compile(r"(?i)\b(?:nach|bei)\s+$")  # a destination or a landmark ("Göcklingen bei Landau") is none
_LIST_JOINER = re.compile(r"^\s*(?:,|und|sowie|oder|, sowie|, und)\s*$")


def _places(sentence: list[Mention], ctx: DocContext) -> list[Mention]:
    out, previous, previous_region = [], None, None
    for m in sentence:
        if m.type != "municipality" or not m.entity_id:
            continue
        region = m.attrs.get("kind") == "Kreis" and (
            _REGION_BEFORE.search(ctx.before(m, 30)) is not None
            or (previous_region is not None and previous_region is previous
                and _LIST_JOINER.match(ctx.between(previous, m)) is not None))
        towards = _TOWARDS.search(ctx.before(m, 12)) is not None  # "ins Kreishaus nach Unna eingeladen"
        if not is_locator(m, previous, ctx) and not region and not institution_place(ctx.before(m, 40)) \
                and not agency_dateline_place(m, ctx) and not dateline_place(m, ctx) and not towards:
            out.append(m)
        previous, previous_region = m, (m if region else None)
    return out


def _antecedent(ctx: DocContext, sentence: list[Mention], kreis: bool) -> Mention | None:
    """The municipality "der Kreis" / "die Stadt" speaks of: the last one of that kind in the three
    sentences before, else the release's home municipality of that kind."""
    index = next(n for n, s in enumerate(ctx.sentences) if s is sentence)
    for previous in reversed(ctx.sentences[max(0, index - 3):index]):
        found = [m for m in previous if m.type == "municipality" and m.entity_id
                 and (m.attrs.get("kind") == "Kreis") == kreis]
        if found:
            return found[-1]
    home = ctx.home
    return home if home is not None and (home.attrs.get("kind") == "Kreis") == kreis else None


def _by_reference(ctx: DocContext, sentence: list[Mention], text: str) -> list[Draft]:
    """"Seit 1989 ist der Kreis Gründungsmitglied des „Gesunde Städte-Netzwerkes“": a sentence that
    names no place but a definite "der Kreis", "die Stadt", "die Gemeinde" as the member, and the
    programme itself (never one inferred from the document)."""
    r = rules("participation")
    match = r["place_reference"].search(text)
    cue = first_cue(r["participates_in"], text) if match else None
    if cue is None or cue.id in WEAK_CUES or r["not_participation"].search(text):
        return []
    program, inferred = programme_of(sentence, ctx)
    if program is None or inferred:
        return []
    place = _antecedent(ctx, sentence, kreis="kreis" in match.group(0).lower())
    if place is None:
        return []
    return _drafts(ctx, [place], program, False, cue.id, _since(sentence, text))


def participation(ctx: DocContext) -> list[Draft]:
    r = rules("participation")
    drafts = []
    # a counted admission naming nobody, for the first sentence within three that names places
    admitted: tuple[Mention, bool, Any] | None = None
    admitted_age = 0
    for sentence in ctx.sentences:
        text = sentence[0].sentence
        admitted_age += 1
        if admitted_age > 3:
            admitted = None
        if not any(m.type == "municipality" and m.entity_id for m in sentence) or not _places(sentence, ctx):
            if not any(m.type == "municipality" for m in sentence):
                drafts += _by_reference(ctx, sentence, text)
            cue = first_cue(r["participates_in"], text)
            if cue is not None and cue.id not in WEAK_CUES and r["counted_admission"].search(text) \
                    and not r["not_participation"].search(text):
                program, inferred = programme_of(sentence, ctx)
                if program is not None:
                    admitted, admitted_age = (program, inferred, cue), 0
            continue  # no place that could take part (``_places`` would be empty)
        pending, admitted = admitted, None
        cue = first_cue(r["participates_in"], text)
        munis = _places(sentence, ctx) if cue is not None else []
        listed = len(_places(sentence, ctx)) >= 2 or r["enumeration_start"].match(text) is not None
        if pending is not None and listed and _places(sentence, ctx) and not r["not_participation"].search(text):
            # "… zehn Kommunen neu aufgenommen. Gefördert werden A (Kreis X), B (Kreis Y) …"
            program, inferred, cue = pending
            drafts += _drafts(ctx, _places(sentence, ctx), program, inferred, cue.id, _since(sentence, text))
            continue
        if cue is None or not munis or r["not_participation"].search(text):
            continue
        program, inferred = programme_of(sentence, ctx)
        if program is None or (cue.id in WEAK_CUES and program.source_rule == "program.described"):
            continue
        if cue.id in WEAK_CUES:
            # "die Sanierung des Hallenbads in Stockach wird gefördert": a project's place, not a member
            munis = [m for m in munis if not re.search(r"(?i)\b(in|im|bei|nach|aus)\s+(der\s+|dem\s+)?$",
                                                       ctx.before(m, 12))]
        drafts += _drafts(ctx, munis, program, inferred, cue.id, _since(sentence, text))
    return drafts


def _drafts(ctx: DocContext, munis: list[Mention], program: Mention, inferred: bool, rule: str,
            since: str) -> list[Draft]:
    out = []
    for m in munis:
        qualifiers: dict[str, Any] = {"rule": rule}
        if inferred:
            qualifiers["programme_from"] = "document"
        out.append(Draft(m.entity_id, "participates_in", program.entity_id, valid_from=since,
                         qualifiers=qualifiers, doc_id=ctx.doc_id, evidence=(m.mention_id, program.mention_id),
                         confidence=0.8 if not inferred else 0.7))
    return out


def member_counts(ctx: DocContext) -> list[Draft]:
    drafts = []
    for sentence in ctx.sentences:
        text = sentence[0].sentence
        for cue in rules("participation")["member_count"]:
            match = cue.pattern.search(text)
            if not match:
                continue
            program, inferred = programme_of(sentence, ctx)
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


