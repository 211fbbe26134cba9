"""Context of a date in its sentence and document: tense, time of day, and the pattern rows that
the component builds from lexicons (holidays, narrative days, reference words)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from spacy.tokens import Doc

from extract.components._matching import scope_bounds
from extract.components.date_words import Lexicon

# participles, also with a separable prefix ("stattgefunden", "angekommen", "eröffnet" by -iert/-t)
_PARTICIPLE = re.compile(
    r"^(?:ab|an|auf|aus|bei|ein|fest|fort|her|hin|los|mit|nach|statt|teil|um|vor|weg|zu|zurück|zusammen|"
    r"vorbei|dabei|frei|kennen)?ge\w{3,}(?:t|en)$|^\w{3,}iert$")
# adjectives in -haft ("dauerhafte", "grundhaften") look like weak preterites; they are not
_WEAK_PRETERITE = re.compile(r"^(?!ge)(?![a-zäöüß]*haften?$)[a-zäöüß]{2,}(?:e|[bcdfghklmnprtvwxzß])ten?$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?$")
_TIME_LEADS = {",", "um", "ab", "gegen", "von", "bis"}


class Tense:
    """Past (-1), future (+1) or unknown (0) from the words of a date's sentence."""

    def __init__(self, words: Mapping[str, set[str]]) -> None:
        self.past = words["past_words"]
        self.not_past = words["not_past"]
        self.prefixes = tuple(sorted(words["past_prefixes"], key=len, reverse=True))
        self.aux = words["perfect_auxiliaries"]
        self.future = words["future_words"]

    def _is_past_word(self, word: str) -> bool:
        if word in self.past or (_WEAK_PRETERITE.match(word) and word not in self.not_past):
            return True
        return any(word.startswith(p) and word[len(p):] in self.past for p in self.prefixes if len(word) > len(p) + 2)

    def of(self, doc: Doc, i: int) -> int:
        """The tense of the date's clause; when that clause has no tensed verb (or both tenses),
        of its sentence ("Am Montag trafen sich ..., damit ... gelöst wird": past)."""
        c0, c1 = scope_bounds(doc, i, "clause")
        s0, s1 = scope_bounds(doc, i, "sentence")
        clause = self._of_tokens(doc, c0, c1)
        return clause if clause or (c0, c1) == (s0, s1) else self._of_tokens(doc, s0, s1)

    def of_clause(self, doc: Doc, i: int) -> int:
        """The tense of the date's clause alone (0 also when it has no tensed verb)."""
        c0, c1 = scope_bounds(doc, i, "clause")
        return self._of_tokens(doc, c0, c1)

    def _of_tokens(self, doc: Doc, start: int, end: int) -> int:
        low = [t.text for t in doc[start:end] if t.text.islower()]  # verbs are lower-case
        words = set(low)
        past = any(self._is_past_word(w) for w in words) or (
            bool(words & self.aux) and any(_PARTICIPLE.match(w) for w in low))
        future = bool(words & self.future)
        return -1 if past and not future else (1 if future and not past else 0)


def time_of_day(doc: Doc, start: int, end: int, lex: Lexicon) -> dict[str, str]:
    """``time`` ("20:30") and ``part_of_day`` ("evening") of a date from the words right after it
    ("am 25. Februar um 20.30 Uhr", "Montag, 5. Juli, ab 9 Uhr", "heute Abend") or inside it
    ("Dienstagabend", "heute Abend"). The value stays the day."""
    out: dict[str, str] = {}
    for t in doc[start:end]:
        low = t.lower_
        if low in lex.weekday_parts:
            out["part_of_day"] = lex.weekday_parts[low][1]
        elif low in lex.day_parts and t.i > start:  # "heute Abend", "gestern Nachmittag"
            out["part_of_day"] = lex.day_parts[low]
    j = end
    n = len(doc)
    while j < n and (doc[j].is_space or doc[j].lower_ in _TIME_LEADS) and j < end + 3:
        j += 1
    if j < n and doc[j].lower_ in lex.day_parts and "part_of_day" not in out:
        out["part_of_day"] = lex.day_parts[doc[j].lower_]
        return out
    m = _CLOCK.match(doc[j].text) if j < n else None
    if m and int(m.group(1)) < 24:
        has_uhr = j + 1 < n and doc[j + 1].lower_ == "uhr"
        if has_uhr or m.group(2):
            out["time"] = f"{int(m.group(1)):02d}:{m.group(2) or '00'}"
    return out


def _grouped(phrases: Sequence[str]) -> list[list[dict[str, Any]]]:
    """Few Matcher patterns for many phrases: one per phrase length, an ``IN`` list per position
    (the Matcher's cost grows with the number of patterns). The component then looks the matched
    words up, so a combination that is no phrase gives nothing."""
    by_len: dict[int, list[list[str]]] = {}
    for phrase in phrases:
        words = phrase.split()
        by_len.setdefault(len(words), []).append(words)
    return [[{"LOWER": {"IN": sorted({w[k] for w in group})}} for k in range(n)]
            for n, group in sorted(by_len.items())]


# The optional TimeML expressions (component option ``timeml_extras``): "clock" a time of day alone
# ("um 20 Uhr": the day it belongs to), "day_part" a part of the day alone ("am frühen Abend"),
# "ref" PRESENT_REF / PAST_REF / FUTURE_REF words ("jetzt", "damals"), "generic_today" a "heute"
# that means "nowadays" ("bis heute"; "heute" in a present-tense sentence without a time).
TIMEML_EXTRAS = ("clock", "day_part", "ref", "generic_today")
# On by default: "generic_today" (in a text with a publication date only). Measured on 2026-12-03 on
# the shared dev set and every own date set, it changes no score (the one "heute" it turns is a
# "nowadays" that no gold annotates, before a wrong day too); KRAUTS value F1 +0.020, Recognizers-Text
# -0.021 (assistant sentences "Ich gehe heute …"). The other groups cost precision on every own set.
DEFAULT_TIMEML_EXTRAS = ("generic_today",)


def extras_of(option: bool | Sequence[str]) -> frozenset[str]:
    """The extras an option names: True all of :data:`TIMEML_EXTRAS`, False none, else the listed ones."""
    if option is True:
        return frozenset(TIMEML_EXTRAS)
    if not option:
        return frozenset()
    unknown = sorted(set(option) - set(TIMEML_EXTRAS))  # type: ignore[arg-type]
    if unknown:
        raise ValueError(f"unknown timeml_extras {unknown}; known: {', '.join(TIMEML_EXTRAS)}")
    return frozenset(option)  # type: ignore[arg-type]


def generated_rows(lex: Lexicon, extras: frozenset[str], rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pattern rows built from lexicons: holidays (alone, with a year, with a relative year),
    narrative days ("am nächsten Tag"), and the TimeML extras named in ``extras`` (see
    :data:`TIMEML_EXTRAS`): clock times and parts of the day alone, reference words ("jetzt").
    Each row names the lexicon (``lookup``) in which the component finds the matched phrase."""
    year = next(r for r in rows if r["id"] == "date.year")["pattern"][0]
    reladj = {"LOWER": {"IN": sorted(lex.year_adjectives)}}
    out: list[dict[str, Any]] = []
    tails = [
        ("date.holiday", [{**year, "OP": "?"}]),  # the Matcher gives both, the longer one wins
        ("date.holiday_rel_year", [{"LOWER": {"IN": ["im", "des"]}, "OP": "?"}, reladj,
                                   {"LOWER": {"IN": ["jahr", "jahres"]}}]),
    ]
    for rule_id, tail in tails:
        for pattern in _grouped(list(lex.holidays)):
            out.append({"id": rule_id, "label": "date", "lookup": "holiday", "phrase_len": len(pattern),
                        "pattern": [*pattern, *tail]})
    greeting = {"LOWER": {"IN": lex.greeting_words}}
    single = [h for h in lex.holidays if " " not in h]  # "frohe Weihnachten", "frohe Ostern"
    out.append({"id": "veto.holiday_greeting", "label": "veto", "pattern": [greeting, {"LOWER": {"IN": single}}],
                "blocks": ["date.holiday", "date.holiday_rel_year"]})
    # "neben Weihnachten und Ostern", "Feste wie Ostern oder Pfingsten": holidays named as kinds, no date
    generic_cue = {"LOWER": {"IN": ["neben", "wie"]}}
    pair_joiner = {"LOWER": {"IN": ["und", "oder", ","]}}
    grouped = _grouped(list(lex.holidays))
    for first in grouped:
        for second in grouped:
            out.append({"id": "veto.holiday_generic_pair", "label": "veto",
                        "blocks": ["date.holiday", "date.holiday_rel_year"],
                        "pattern": [generic_cue, *first, pair_joiner, *second]})
    # "Nikolaus Muster", "der heilige Nikolaus": a holiday that is also a first name is a date only
    # after a cue word ("am Nikolaus", "bis Nikolaus") or opening the text
    out.append({"id": "veto.holiday_first_name", "label": "veto", "blocks": ["date.holiday", "date.holiday_rel_year"],
                "pattern": [{"LOWER": {"NOT_IN": lex.name_holiday_cues}}, {"LOWER": {"IN": lex.name_holidays}}],
                "trim": [1, 0]})
    # "am Karfreitag (18.4.)", "Ostermontag, 21. April", "am Unsinnigen Donnerstag, dem 8. Februar":
    # the day date names the day; the holiday is no second mention
    day = {"TEXT": {"REGEX": "^(0?[1-9]|[12]\\d|3[01])\\."}}
    article = {"LOWER": {"IN": ["dem", "den"]}, "OP": "?"}
    for pattern in _grouped(list(lex.holidays)):
        out.append({"id": "veto.holiday_of_date", "label": "veto", "blocks": ["date.holiday"],
                    "pattern": [*pattern, {"ORTH": {"IN": [",", "("]}}, article, day]})
    for pattern in _grouped(list(lex.narrative_days)):
        out.append({"id": "date.narrative_day", "label": "date", "lookup": "narrative", "phrase_len": len(pattern),
                    "pattern": pattern})
    before, after = lex.generic_today["before"], lex.generic_today["after"]
    generic = [[{"LOWER": {"IN": before}}, {"LOWER": "heute"}], [{"LOWER": "heute"}, {"LOWER": {"IN": after}}]]
    for pattern, trim in zip(generic, ([1, 0], [0, 1]), strict=True):
        out.append({"id": "veto.generic_today", "label": "veto", "blocks": ["date.relative_day"], "pattern": pattern})
        if "generic_today" in extras:
            out.append({"id": "date.ref_generic_today", "label": "date", "ref": "PRESENT_REF", "trim": trim,
                        "pattern": pattern})
    if "clock" in extras:
        hour = {"TEXT": {"REGEX": "^([01]?\\d|2[0-3])([.:][0-5]\\d)?$"}}
        hour_minute = {"TEXT": {"REGEX": "^([01]?\\d|2[0-3])[.:][0-5]\\d$"}}
        out.append({"id": "date.time_of_day", "label": "date", "clock": True, "pattern": [hour, {"LOWER": "uhr"}]})
        out.append({"id": "date.time_of_day", "label": "date", "clock": True, "trim": [1, 0],
                    "pattern": [{"LOWER": {"IN": ["um", "ab", "gegen", "bis"]}}, hour_minute]})
    if "day_part" in extras:
        # a part of the day alone ("am frühen Abend", "in der Nacht"): the day it belongs to, like a
        # time of day; "morgen" only with an article form before it ("am Morgen", not "morgen")
        parts = sorted(lex.day_parts)
        part_adjectives = {"LOWER": {"IN": ["frühen", "späten", "späteren", "selben", "gleichen"]}, "OP": "?"}
        out.append({"id": "date.part_of_day", "label": "date", "clock": True, "trim": [1, 0],
                    "pattern": [{"LOWER": {"IN": ["am", "gegen", "bis", "zum"]}}, part_adjectives,
                                {"LOWER": {"IN": parts}, "IS_TITLE": True}]})
        out.append({"id": "date.part_of_day", "label": "date", "clock": True, "trim": [2, 0],
                    "pattern": [{"LOWER": "in"}, {"LOWER": "der"}, part_adjectives, {"LOWER": "nacht"}]})
    if "ref" in extras:
        for pattern in _grouped(list(lex.ref_words)):
            out.append({"id": "date.ref", "label": "date", "lookup": "ref", "phrase_len": len(pattern),
                        "pattern": pattern})
    return out
