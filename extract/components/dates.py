"""Dates: day dates, months, years, ranges, quarters, seasons and relative expressions.

``pressextract_dates`` finds date expressions with a spaCy Matcher built from
``rules/dates/patterns.jsonl`` and the YAML lexicons beside it, and adds ``date`` spans whose
``SpanInfo.value`` is normalised by :mod:`extract.normalise.dates` (``unit`` = granularity:
day, month, year, range, quarter, season).

* Day first always ("12.01.2017" is 12 January). A weekday before a day date ("Dienstag,
  8. November") stays outside the span and goes to ``attrs["weekday"]``; a weekday alone is no date.
* Prepositions stay outside the span ("im November", "seit 2011", "bis 2020"), except in ranges
  ("zwischen 2012 und 2016", "von Januar bis März 2020"); part words stay inside ("Mitte August
  2014", "Ende des Jahres 2022", "Anfang März"; ``attrs["part"]``).
* A 4-digit number is a year only outside other roles: not before a currency/unit/count noun
  ("2000 Euro", "2000 Besucher"), not after "Nr."/"Az."/"rund"/"mehr als", not in file numbers
  ("2014/284") or phone numbers (veto rows in ``patterns.jsonl``). A year cue directly before it
  ("seit", "bis", "im Jahr", ...) overrides the count-noun veto ("bis 2020 Teil der Initiative").
* Missing or relative parts are resolved against ``doc._.published`` (ISO, may be day, month or
  year precision); without it they stay ``XXXX`` and ``attrs["resolved"]`` is False. Values
  with no known part at all ("gestern", "dieses Jahr" without a publication date) are not emitted.
* ``attrs["role"]``: ``publication`` (equals ``doc._.published`` or follows "Stand:"),
  ``deadline`` ("bis ... einreichen", "Einsendeschluss"), ``start`` ("seit", "ab"), ``end``
  ("bis") — see ``rules/dates/roles.yaml``. Seasons also get ``attrs["months"]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extract.components import add_span
from extract.components._matching import (
    Anchors,
    Match,
    PatternSet,
    apply_vetoes,
    expand_patterns,
    longest_first,
    scope_bounds,
)
from extract.model import SpanInfo
from extract.normalise.dates import (
    PartialDate,
    Resolved,
    resolve,
    resolve_range,
    season_months,
    two_digit_year,
    valid_day,
)
from extract.rules import read_jsonl, read_yaml

_NUMDATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?")
_DAY = re.compile(r"^(\d{1,2})\.?$")
_DAYS = re.compile(r"^(\d{1,2})\.?([-–])(\d{1,2})\.$")
_YEAR = re.compile(r"^(?:1\d|20)\d\d$")
_YEARS = re.compile(r"^((?:1\d|20)\d\d)([-–/])(\d\d(?:\d\d)?)\.?$")
_YEAR_DOT = re.compile(r"^(?:1\d|20)\d\d\.$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_QCODE = re.compile(r"^Q([1-4])$")
_SEPARATORS = {"bis", "-", "–", "und", "/"}
# The Matcher runs only on token windows around anchors (digits, month names, ...): a pattern
# starts at most WINDOW_LEFT tokens before its anchor and ends at most WINDOW_RIGHT after it.
# Digit anchors: a 4-digit year anywhere in the token ("2012", "12.01.2017", "2018/19"), a day
# ("12.", "12.-14.") or a quarter code ("Q1"); a bare count ("18") anchors nothing by itself.
WINDOW_LEFT, WINDOW_RIGHT = 3, 4  # ISO "2022 - 11 - 14" reaches 4 tokens right
ROLE_CUE_TOKENS = 4  # longest role cue phrase ("mit wirkung vom")
ANCHOR_REGEX = r"(?:^|\D)(?:1\d|20)\d\d(?:\D|$)|^\d{1,2}\.|^Q[1-4]$"
# A candidate that names a day that does not exist ("29. Februar 2021"): it is not emitted and
# also keeps its shorter sub-matches ("29. Februar") from being emitted.
_INVALID = Resolved("", "", False, False)


@dataclass
class _Lexicon:
    months: dict[str, int]
    month_names: list[str]
    weekdays: dict[str, str]
    seasons: dict[str, str]
    season_months: dict[str, tuple[int, int]]
    ordinals: dict[str, int]
    quarter_words: set[str]
    half_words: set[str]
    part_modifiers: dict[str, str]
    year_adjectives: dict[str, int]
    year_words: dict[str, int]
    month_words: set[str]
    relative_days: dict[str, int]
    relative_day_forms: list[str]
    context: dict[str, Any]
    roles: dict[str, Any]

    def lists(self) -> dict[str, list[str]]:
        ctx = self.context
        return {
            "months": sorted(self.months),
            "month_names": self.month_names,
            "weekdays": sorted(self.weekdays),
            "seasons": sorted(self.seasons),
            "ordinals": sorted(self.ordinals),
            "quarter_words": sorted(self.quarter_words),
            "half_words": sorted(self.half_words),
            "part_modifiers": sorted(self.part_modifiers),
            "year_adjectives": sorted(self.year_adjectives),
            "year_words": sorted(self.year_words),
            "month_words": sorted(self.month_words),
            "relative_day_forms": self.relative_day_forms,
            **{k: [str(w).lower() for w in ctx[k]] for k in (
                "year_cues", "month_cues", "day_cues", "number_prefixes", "count_qualifiers",
                "amount_followers", "count_adjectives")},
        }


def load_lexicon() -> _Lexicon:
    """Read the date lexicons from ``rules/dates``."""
    mo = read_yaml("dates/months.yaml")
    months = {str(w).lower(): int(n) for n, words in mo["months"].items() for w in words}
    wd = read_yaml("dates/weekdays.yaml")["weekdays"]
    weekdays = {str(w).lower(): str(name) for name, words in wd.items() for w in words}
    per = read_yaml("dates/periods.yaml")
    rel = read_yaml("dates/relative.yaml")
    days = {str(k).lower(): int(v) for k, v in rel["days"].items()}
    nouns = {str(w).lower() for w in rel.get("noun_when_capitalised", [])}
    forms = sorted(set(days) | {w.capitalize() for w in days if w not in nouns})
    return _Lexicon(
        months=months,
        month_names=[str(w).lower() for w in mo["full_names"]],
        weekdays=weekdays,
        seasons={str(k).lower(): str(v) for k, v in per["seasons"].items()},
        season_months={str(k): (int(v[0]), int(v[1])) for k, v in per["season_months"].items()},
        ordinals={str(k).lower(): int(v) for k, v in per["ordinals"].items()},
        quarter_words={str(w).lower() for w in per["quarter_words"]},
        half_words={str(w).lower() for w in per["half_words"]},
        part_modifiers={str(k).lower(): str(v) for k, v in per["part_modifiers"].items()},
        year_adjectives={str(k).lower(): int(v) for k, v in rel["year_adjectives"].items()},
        year_words={str(k).lower(): int(v) for k, v in rel["year_words"].items()},
        month_words={str(w).lower() for w in rel["month_words"]},
        relative_days=days,
        relative_day_forms=forms,
        context=read_yaml("dates/context.yaml"),
        roles=read_yaml("dates/roles.yaml"),
    )


class DateExtractor:
    """Finds date expressions and adds them as ``date`` spans (see module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.lex = load_lexicon()
        rows = expand_patterns(read_jsonl("dates/patterns.jsonl"), self.lex.lists())
        roles = self.lex.roles
        self.patterns = PatternSet(nlp.vocab, rows)
        # Role cues are looked up only just before each date, with a (C-fast) PhraseMatcher.
        self.role_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for role, key in (("start", "start"), ("end", "end"), ("publication", "publication_cues")):
            phrases = [str(p).rstrip(":").lower() for p in roles[key]]
            self.role_matcher.add(role, [Doc(nlp.vocab, words=p.split()) for p in phrases])
        lex = self.lex
        self.anchors = Anchors(
            [*lex.months, *lex.seasons, *lex.relative_days, *lex.year_words, *lex.month_words,
             *lex.quarter_words, *lex.half_words, "jahr", "jahres"], ANCHOR_REGEX)
        self.deadline_nouns = {str(w).lower() for w in roles["deadline_nouns"]}
        self.deadline_words = {str(w).lower() for w in roles["deadline_words"]}
        self.deadline_anchors = Anchors(self.deadline_nouns | self.deadline_words)

    # -- reading a span -------------------------------------------------------------------
    def _pieces(self, words: Sequence[str]) -> list[str]:
        """Split tokens that hold two parts ("2012–2016", "12.-14.") into pieces."""
        out: list[str] = []
        for w in words:
            if _YEAR_DOT.match(w) or (out and out[-1] == "/" and re.match(r"^\d\d\.$", w)):
                w = w[:-1]  # sentence-final dot kept on the year by the tokenizer
            m = _YEARS.match(w)
            if m:
                out += [m.group(1), m.group(2), m.group(3)]
                continue
            m = _DAYS.match(w)
            if m:
                out += [m.group(1) + ".", m.group(2), m.group(3) + "."]
                continue
            out.append(w)
        return out

    def _partial(self, words: Sequence[str], left_year: int | None = None) -> PartialDate:
        """Read the words of one side of a date into a PartialDate."""
        lex = self.lex
        p = PartialDate()
        n = len(words)
        i = 0
        while i < n:
            w = words[i]
            low = w.lower()
            nxt = words[i + 1].lower() if i + 1 < n else ""
            m = _NUMDATE.match(w)
            if m and (m.group(3) or w.endswith(".")) and w.count(".") >= 2:
                day, month = int(m.group(1)), int(m.group(2))
                year = m.group(3)
                y = None if not year else (int(year) if len(year) == 4 else two_digit_year(int(year)))
                p = replace(p, day=day, month=month, year=y if y is not None else p.year)
            elif _YEAR.match(w):
                p = replace(p, year=int(w))
            elif re.match(r"^\d\d$", w) and i and words[i - 1] == "/":
                if left_year is not None:
                    y = left_year // 100 * 100 + int(w)
                    p = replace(p, year=y if y > left_year else y + 100)
            elif _DAY.match(w) and nxt in lex.quarter_words:
                p = replace(p, quarter=int(_DAY.match(w).group(1)))  # type: ignore[union-attr]
            elif _DAY.match(w) and nxt in lex.half_words:
                p = replace(p, half=int(_DAY.match(w).group(1)))  # type: ignore[union-attr]
            elif _DAY.match(w):
                p = replace(p, day=int(_DAY.match(w).group(1)))  # type: ignore[union-attr]
            elif low in lex.months:
                p = replace(p, month=lex.months[low])
            elif low in lex.seasons:
                p = replace(p, season=lex.seasons[low])
            elif low in lex.ordinals and nxt in lex.quarter_words:
                p = replace(p, quarter=lex.ordinals[low])
            elif low in lex.ordinals and nxt in lex.half_words:
                p = replace(p, half=min(lex.ordinals[low], 2))
            elif _QCODE.match(w):
                p = replace(p, quarter=int(w[1]))
            elif low in lex.part_modifiers:
                p = replace(p, part=lex.part_modifiers[low])
            elif low in lex.year_adjectives and nxt in lex.month_words:
                p = replace(p, rel_month=lex.year_adjectives[low])
            elif low in lex.year_adjectives:
                p = replace(p, rel_year=lex.year_adjectives[low])
            elif low in lex.year_words:
                p = replace(p, rel_year=lex.year_words[low])
            elif low == "d." and nxt == "j.":
                p = replace(p, rel_year=0)
            elif w in lex.relative_day_forms:
                p = replace(p, rel_day=lex.relative_days[low])
            i += 1
        return p

    def _expand_list(self, m: Match, doc: Doc) -> list[tuple[Match, PartialDate]]:
        """"7. und 8. November 2007" -> one match per day; the last one lends month and year."""
        days = [t.i for t in doc[m.start:m.end] if _DAY.match(t.text) and t.text.endswith(".")]
        if not days:
            return []
        tail = self._partial(self._pieces([t.text for t in doc[days[-1]:m.end] if not t.is_space]))
        out = []
        for i in days[:-1]:
            day = int(doc[i].text[:-1])
            out.append((Match(i, i + 1, m.row), replace(tail, day=day)))
        out.append((Match(days[-1], m.end, m.row), tail))
        return out

    def _normalise(self, m: Match, doc: Doc, partial: PartialDate | None = None) -> Resolved | None:
        words = [t.text for t in doc[m.start:m.end] if not t.is_space]
        published = doc._.published or ""
        anchored = not m.row.get("unanchored")
        if partial is not None:
            if partial.day is not None and partial.month is not None and not valid_day(
                    partial.year, partial.month, partial.day):
                return _INVALID
            return resolve(partial, published, anchored)
        if m.row.get("iso"):
            iso = _ISO.match("".join(words))
            if not iso:
                return None
            y, mo, d = int(iso.group(1)), int(iso.group(2)), iso.group(3)
            return resolve(PartialDate(year=y, month=mo, day=int(d) if d else None), published, anchored)
        pieces = self._pieces(words)
        if m.row.get("range"):
            cut = next((k for k, w in enumerate(pieces) if k and w.lower() in _SEPARATORS), None)
            if cut is None:
                return None
            left = self._partial(pieces[:cut])
            right = self._partial(pieces[cut:], left_year=left.year)
            if left.is_empty() or right.is_empty():
                return None
            if pieces[cut] == "/" and not (left.year and right.year and 0 < right.year - left.year <= 10):
                return None  # "2014/2284" is no range; "2018/2019", "2018/19", "2012/2016" are
            return resolve_range(left, right, published, anchored)
        p = self._partial(pieces)
        if p.year is None and p.rel_year is None and "default_rel_year" in m.row:
            p = replace(p, rel_year=int(m.row["default_rel_year"]))
        if p.is_empty():
            return None
        if p.day is not None and p.month is not None and not valid_day(p.year, p.month, p.day):
            return _INVALID
        return resolve(p, published, anchored)

    # -- context --------------------------------------------------------------------------
    def _left_anchor(self, doc: Doc, start: int) -> tuple[int, str]:
        """Position before the date after skipping spaces and a weekday ("Dienstag,")."""
        i = start
        weekday = ""
        while i > 0 and doc[i - 1].is_space:
            i -= 1
        if i > 0 and doc[i - 1].text == ",":
            j = i - 1
            while j > 0 and doc[j - 1].is_space:
                j -= 1
            if j > 0 and doc[j - 1].lower_ in self.lex.weekdays:
                weekday = self.lex.weekdays[doc[j - 1].lower_]
                i = j - 1
        elif i > 0 and doc[i - 1].lower_ in self.lex.weekdays and doc[i - 1].is_title:
            weekday = self.lex.weekdays[doc[i - 1].lower_]
            i -= 1
        while i > 0 and (doc[i - 1].is_space or doc[i - 1].text == ":"):
            i -= 1
        return i, weekday

    def _role(self, m: Match, value: Resolved, doc: Doc, anchor: int, has_deadline_words: bool) -> str:
        published = doc._.published or ""
        if published and value.value == published:
            return "publication"
        left = max(0, anchor - ROLE_CUE_TOKENS)
        # Unlike the Matcher, spaCy's PhraseMatcher gives doc offsets for a Span argument.
        hits = self.role_matcher(doc[left:anchor])
        kinds = {doc.vocab.strings[key] for key, _, end in hits if end == anchor}
        if "publication" in kinds:
            return "publication"
        if has_deadline_words:
            c0, c1 = scope_bounds(doc, m.start, "clause")
            if {t.lower_ for t in doc[c0:c1]} & self.deadline_nouns:
                return "deadline"
            if "end" in kinds:
                s0, s1 = scope_bounds(doc, m.start, "sentence")
                if {t.lower_ for t in doc[s0:s1]} & (self.deadline_words | self.deadline_nouns):
                    return "deadline"
        if "end" in kinds:
            return "end"
        if "start" in kinds:
            return "start"
        return ""

    # -- pipeline -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        windows = self.anchors.windows(doc, WINDOW_LEFT, WINDOW_RIGHT)
        if not windows:
            return doc
        matches = self.patterns.find(doc, windows)
        cands = [m for m in matches if m.row.get("label") == "date"]
        if not cands:
            return doc
        vetoes = [m for m in matches if m.row.get("label") == "veto"]
        normalised: list[tuple[Match, Resolved]] = []
        kept = apply_vetoes(cands, vetoes)
        longest_list: dict[int, Match] = {}  # a list match with and without its optional year
        for m in kept:
            if m.row.get("list") and (m.start not in longest_list or len(m) > len(longest_list[m.start])):
                longest_list[m.start] = m
        for m in kept:
            if m.row.get("list"):
                if longest_list[m.start] is not m:
                    continue
                for sub, partial in self._expand_list(m, doc):
                    value = self._normalise(sub, doc, partial)
                    if value is not None:
                        normalised.append((sub, value))
                continue
            value = self._normalise(m, doc)
            if value is not None:
                normalised.append((m, value))
        by_match = {id(m): v for m, v in normalised}
        chosen = longest_first(m for m, _ in normalised)
        has_deadline_words = bool(chosen) and bool(self.deadline_anchors.windows(doc, 0, 0))
        for m in chosen:
            value = by_match[id(m)]
            if value is _INVALID:
                continue
            anchor, weekday = self._left_anchor(doc, m.start)
            attrs: dict[str, Any] = {"resolved": value.resolved}
            if value.anchored:
                attrs["anchor"] = "published"
            role = self._role(m, value, doc, anchor, has_deadline_words)
            if role:
                attrs["role"] = role
            if weekday:
                attrs["weekday"] = weekday
            part = next((self.lex.part_modifiers[t.lower_] for t in doc[m.start:m.end]
                         if t.lower_ in self.lex.part_modifiers), "")
            if part:
                attrs["part"] = part
            if value.granularity == "season":
                attrs["months"] = season_months(value.value, self.lex.season_months)
            info = SpanInfo(
                value=value.value,
                rule=m.rule,
                unit=value.granularity,
                confidence=float(m.row.get("confidence", 0.95 if value.resolved else 0.8)),
                attrs=attrs,
            )
            add_span(doc, m.start, m.end, "date", info)
        return doc


@Language.factory("pressextract_dates")
def make_dates(nlp: Language, name: str) -> DateExtractor:
    """Date expressions with normalised value, granularity and role (``date`` spans)."""
    return DateExtractor(nlp)
