"""Document context for the fact steps: sentences, home municipality, main programme, cue rules.

A sentence is the list of a document's mentions that share one sentence, in text order. The
document's *main programme* (most mentions, first mentioned on a tie; a round the release only
describes, ``program.round``, never is one) stands in for sentences that say "die Landesinitiative"
or nothing; its *main round* (the first described round) for volumes that name no programme; its
*home municipality* (dateline, else publisher) for "die Gemeinde" and municipal roles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from extract.model import DocumentResult, Mention
from extract.normalise.programs import is_round
from extract.rules import read_yaml


@dataclass(frozen=True)
class Cue:
    id: str
    pattern: re.Pattern[str]


def _compile(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


@cache
def rules(name: str) -> dict[str, Any]:
    """``rules/facts/<name>.yaml`` with every pattern compiled (lists of cues become ``Cue`` tuples)."""
    raw = read_yaml(f"facts/{name}.yaml")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, list):
            out[key] = tuple(Cue(c["id"], _compile(c["pattern"])) for c in value)
        elif isinstance(value, str):
            out[key] = _compile(value)
        else:
            out[key] = value
    return out


def first_cue(cues: Sequence[Cue], text: str) -> Cue | None:
    """The first cue that occurs in ``text``."""
    return next((c for c in cues if c.pattern.search(text)), None)


@dataclass
class DocContext:
    doc_id: str
    text: str  # the cleaned text; mentions' clean offsets point into it
    published: str
    main_program: Mention | None
    home: Mention | None
    sentences: list[list[Mention]]
    publisher: str = ""
    main_round: Mention | None = None  # the first funding round the release only describes (program.round)

    def between(self, left: Mention, right: Mention) -> str:
        """The cleaned text between two mentions (empty when they touch or overlap)."""
        return self.text[left.clean_end:right.clean_start] if left.clean_end < right.clean_start else ""

    def before(self, m: Mention, chars: int = 80) -> str:
        """Up to ``chars`` characters before a mention, cut at the start of its sentence or line."""
        window = self.text[max(0, m.clean_start - chars):m.clean_start]
        cut = max(window.rfind("\n"), *(window.rfind(p) for p in (". ", "! ", "? ")))
        return window[cut + 1:] if cut >= 0 else window

    def after(self, m: Mention, chars: int = 60) -> str:
        """Up to ``chars`` characters after a mention, cut at the end of its sentence or line."""
        window = self.text[m.clean_end:m.clean_end + chars]
        cuts = [i for i in (window.find("\n"), *(window.find(p) for p in (". ", "! ", "? "))) if i >= 0]
        return window[:min(cuts)] if cuts else window


def sentences_of(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions grouped by sentence, sentences in text order, mentions in text order."""
    groups: dict[tuple[str, int], list[Mention]] = {}
    order = sorted(mentions, key=lambda m: (m.clean_start, m.clean_end))
    last_key: dict[str, tuple[str, int]] = {}
    for m in order:
        # the same sentence text twice in a document is two sentences: a new group starts when
        # the previous mention of this text is far away
        key = last_key.get(m.sentence)
        if key is None or m.clean_start - groups[key][-1].clean_end > len(m.sentence):
            key = (m.sentence, m.clean_start)
            last_key[m.sentence] = key
        groups.setdefault(key, []).append(m)
    return list(groups.values())


def document_context(result: DocumentResult) -> DocContext:
    mentions = result.mentions
    rounds = [m for m in mentions if m.type == "program" and m.entity_id and is_round(m.source_rule)]
    programs = [m for m in mentions if m.type == "program" and m.entity_id and not is_round(m.source_rule)]
    main_program = None
    # a named programme, else a described one with a topic ("Landes-Kita-Investitionsprogramm"
    # before "Förderprogrammen"), else any described one
    generic = set(read_yaml("programs.yaml")["generic_described"])
    named = [m for m in programs if m.source_rule != "program.described"] or [
        m for m in programs if (m.canonical or m.value) not in generic] or programs
    if named:
        counts = Counter(m.entity_id for m in named)
        first_pos: dict[str, int] = {}
        for m in named:
            first_pos.setdefault(m.entity_id, m.start)
        best = min(counts, key=lambda e: (-counts[e], first_pos[e]))
        main_program = next(m for m in named if m.entity_id == best)
    clean = result.clean
    home = None
    municipalities = [m for m in mentions if m.type == "municipality" and m.entity_id]
    for place in (clean.dateline if clean else "", clean.publisher if clean else ""):
        if place:
            home = next((m for m in municipalities if m.text in place or m.canonical in place), None)
            if home:
                break
    text = clean.text if clean else ""
    if home is None:
        home = _dateline_place(mentions, text)
    main_round = min(rounds, key=lambda m: m.clean_start) if rounds else None
    return DocContext(result.raw.doc_id, text, clean.published if clean else "", main_program, home,
                      sentences_of(mentions), clean.publisher if clean else "", main_round)


def _dateline_place(mentions: Sequence[Mention], text: str) -> Mention | None:
    """"Külsheim, 4. März 2025. Die Gemeinde …": a municipality that opens the text, followed by a date."""
    ordered = sorted(mentions, key=lambda m: m.clean_start)
    if len(ordered) < 2 or ordered[0].type != "municipality" or not ordered[0].entity_id:
        return None
    place, date = ordered[0], ordered[1]
    if text[:place.clean_start].strip() or date.type != "date":
        return None
    return place if re.fullmatch(r"\s*[,(/–-]?\s*(den\s+)?", text[place.clean_end:date.clean_start]) else None
