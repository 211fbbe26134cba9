"""Records and word lists of the municipality component (:mod:`extract.components.municipalities`).

``Target`` and ``Candidate`` are what the matcher finds; ``Lexicon`` holds the word lists of
``rules/municipalities/``; ``DocContext`` and :func:`home_kreise` are the document-level
evidence used to accept and disambiguate mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from extract.gazetteer import GazetteerEntry, normalise_name
from extract.rules import read_jsonl, read_yaml


@dataclass(frozen=True)
class Target:
    """One gazetteer entry a surface form can denote."""

    entry: GazetteerEntry
    rule: str
    exact: bool  # the form is the entry's canonical name
    bare_kreis: bool = False


@dataclass
class Candidate:
    """A matched mention and what the context says about it."""

    start: int
    end: int
    key: str  # normalised surface form
    targets: list[Target]
    cues: set[str] = field(default_factory=set)
    restrict_kreis: str = ""
    restrict_state: str = ""
    in_list: int = -1  # chain id of a coordinated list, -1 if none

    @property
    def entries(self) -> list[GazetteerEntry]:
        seen: dict[str, GazetteerEntry] = {}
        for t in self.targets:
            seen.setdefault(t.entry.ags, t.entry)
        return list(seen.values())


@dataclass
class Lexicon:
    """The word lists of ``rules/municipalities/``."""

    land_names: dict[str, str]
    land_abbreviations: dict[str, str]
    land_adjectives: list[tuple[str, str]]
    city_states: set[str]
    land_context: set[str]
    needs_context: set[str]
    needs_cue_word: set[str]
    gemeinde_cues: set[str]
    gemeinde_plural: set[str]
    kreis_plural: set[str]
    negative_prefixes: set[str]
    street_words: set[str]
    connectors: set[str]
    prepositions: set[str]
    determiners: set[str]
    person_roles: set[str]
    role_suffixes: tuple[str, ...]
    neutral_roles: set[str]
    cue_suffixes: tuple[str, ...]
    institution_suffixes: tuple[str, ...]
    negative_suffixes: tuple[str, ...]
    kreis_institutions: set[str]
    first_names: set[str]
    genitive_followers: set[str]
    kreis_patterns: tuple[dict[str, Any], ...]
    historical_adjectives: tuple[str, ...] = ()
    kreis_words: frozenset[str] = frozenset()
    negative_plurals: frozenset[str] = frozenset()
    part_of_heads: frozenset[str] = frozenset()
    noun_endings: tuple[str, ...] = ()
    negative_stems: tuple[str, ...] = ()
    church_words: tuple[str, ...] = ()
    kreis_after_words: frozenset[str] = frozenset()
    list_kreis_min: int = 3

    @classmethod
    def load(cls) -> Lexicon:
        laender = read_yaml("municipalities/laender.yaml")
        stop = read_yaml("municipalities/stopwords.yaml")
        ctx = read_yaml("municipalities/context.yaml")
        names, abbrevs, adjs = {}, {}, []
        for code, spec in laender["laender"].items():
            for n in spec.get("names") or ():
                names[normalise_name(n)] = code
                if "-" in n:  # "Schleswig Holstein", "Nordrhein Westfalen": the hyphen left out
                    names[normalise_name(n.replace("-", " "))] = code
            for a in spec.get("abbreviations") or ():
                abbrevs[a] = code
            for a in spec.get("adjectives") or ():
                adjs.append((a.lower(), code))
        return cls(
            land_names=names, land_abbreviations=abbrevs, land_adjectives=adjs,
            city_states={normalise_name(c) for c in laender["city_states"]},
            land_context=set(laender["land_context_words"]),
            needs_context={normalise_name(w) for w in stop["needs_context"]},
            needs_cue_word={normalise_name(w) for w in stop["needs_cue_word"]},
            gemeinde_cues=set(ctx["gemeinde_cues"]), gemeinde_plural=set(ctx["gemeinde_cues_plural"]),
            kreis_plural=set(ctx["kreis_cues_plural"]), negative_prefixes=set(ctx["negative_prefixes"]),
            street_words={w.lower() for w in ctx["street_words"]}, connectors=set(ctx["list_connectors"]),
            prepositions=set(ctx["prepositions"]), determiners={w.lower() for w in ctx["determiners"]},
            person_roles=set(ctx["person_roles"]), role_suffixes=tuple(ctx["role_suffixes"]),
            neutral_roles=set(ctx["neutral_roles"]), cue_suffixes=tuple(ctx["cue_suffixes"]),
            institution_suffixes=tuple(ctx["institution_suffixes"]), negative_suffixes=tuple(ctx["negative_suffixes"]),
            kreis_institutions=set(ctx["kreis_institutions"]),
            first_names=set(ctx["first_names"]), genitive_followers=set(ctx["genitive_followers"]),
            kreis_patterns=read_jsonl("municipalities/kreis_patterns.jsonl"),
            historical_adjectives=tuple(ctx["historical_adjectives"]), kreis_words=frozenset(ctx["kreis_words"]),
            negative_plurals=frozenset(ctx["negative_plurals"]), part_of_heads=frozenset(ctx["part_of_heads"]),
            noun_endings=tuple(ctx["noun_endings"]), negative_stems=tuple(ctx["negative_stems"]),
            church_words=tuple(ctx["church_words"]), kreis_after_words=frozenset(ctx["kreis_after_words"]),
            list_kreis_min=int(ctx["list_kreis_min"]),
        )

    def stop_tier(self, key: str) -> str:
        if key in self.needs_cue_word:
            return "cue_word"
        if key in self.needs_context:
            return "context"
        return ""


def kreis_base(entry: GazetteerEntry) -> str:
    for prefix in ("Kreis ", "Landkreis "):
        if entry.canonical.startswith(prefix):
            return entry.canonical[len(prefix):]
    return ""


@dataclass
class DocContext:
    """Document-level evidence for disambiguation (module doc, criteria 2-7)."""

    land_votes: Counter[str]
    pub_states: set[str]
    unique: set[str] = field(default_factory=set)  # AGS of the unambiguous mentions
    state_votes: Counter[str] = field(default_factory=Counter)
    kreis_votes: Counter[str] = field(default_factory=Counter)
    district_votes: Counter[str] = field(default_factory=Counter)  # first three AGS digits


def home_kreise(accepted: list[tuple[Candidate, list[GazetteerEntry]]]) -> set[str]:
    """Kreise the document is about: named ones, and those of two or more of its unambiguous
    Gemeinden."""
    named: set[str] = set()
    members: dict[str, set[str]] = defaultdict(set)
    for _cand, entries in accepted:
        if len(entries) == 1:
            entry = entries[0]
            if entry.is_kreis:
                named.add(entry.ags)
            else:
                members[entry.kreis_ags].add(entry.ags)
    return named | {k for k, ags in members.items() if len(ags) >= 2}
