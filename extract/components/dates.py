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
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extract.components import add_span, spans_of
from extract.components._matching import (
    Anchors,
    Match,
    PatternSet,
    apply_vetoes,
    expand_patterns,
    longest_first_valued,
    requires_word,
    scope_bounds,
)
from extract.components.sentences import LineAwareSentencizer
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
# Raw-text pre-filter of find_in_text: a regex over the lower-cased text that hits inside every
# token that can be an anchor (a superset: "2012" in "12012", "mai" in "Maier" are harmless), and
# the borders of text segments that no date pattern or scope reaches across: a blank line, or
# ".!?…" after a letter (unless the word is a tokenizer abbreviation) before an upper-case start.
TEXT_DIGIT_ANCHOR = r"(?:1\d|20)\d\d|\d{1,2}\.|q[1-4]"
TEXT_BREAK = re.compile(r"(?P<stop>[.!?…])\s+(?=[A-ZÄÖÜ\"„»(])|\n[^\S\n]*\n\s*")
_OPENERS = "([{\"'„“‚‘»«<"
# A candidate that names a day that does not exist ("29. Februar 2021"): it is not emitted and
# also keeps its shorter sub-matches ("29. Februar") from being emitted.
_INVALID = Resolved("", "", False, False)


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, factored by common prefixes ("jan(?:uar)?").

    Python's ``re`` tries an alternation's branches one by one at every position; the factored
    form rejects a position after its first character, which makes the raw-text pre-filter of
    :meth:`DateExtractor.find_in_text` about 3x faster than a flat ``a|b|c`` alternation.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + emit(node[c]) for c in sorted(node) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@dataclass(frozen=True)
class TextDate:
    """A date found by :meth:`DateExtractor.find_in_text`: character offsets into the text."""

    start: int
    end: int
    text: str
    info: SpanInfo


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
        # Windows around digits only skip the patterns that need a month/season/... word: a third
        # fewer patterns for the Matcher to step through on most windows.
        self.patterns_without_words = PatternSet(
            nlp.vocab, [r for r in rows if not requires_word(r, self.anchors.words)])
        self.tokenizer = nlp.tokenizer
        self.sentencizer = LineAwareSentencizer()  # as pressextract_sentences in the pipeline
        words = {w.rstrip(".") for w in self.anchors.words}
        self.text_anchor = re.compile(rf"{TEXT_DIGIT_ANCHOR}|\b{trie_regex(words)}\b")
        self.text_anchor_any_case = re.compile(self.text_anchor.pattern, re.IGNORECASE)
        self.abbreviations = frozenset(k for k in getattr(nlp.tokenizer, "rules", None) or {} if k.endswith("."))

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
        parts: dict[str, Any] = {}  # collected first: one PartialDate, not one per word
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
                parts.update(day=day, month=month, year=y if y is not None else parts.get("year"))
            elif _YEAR.match(w):
                parts["year"] = int(w)
            elif re.match(r"^\d\d$", w) and i and words[i - 1] == "/":
                if left_year is not None:
                    y = left_year // 100 * 100 + int(w)
                    parts["year"] = y if y > left_year else y + 100
            elif _DAY.match(w) and nxt in lex.quarter_words:
                parts["quarter"] = int(_DAY.match(w).group(1))  # type: ignore[union-attr]
            elif _DAY.match(w) and nxt in lex.half_words:
                parts["half"] = int(_DAY.match(w).group(1))  # type: ignore[union-attr]
            elif _DAY.match(w):
                parts["day"] = int(_DAY.match(w).group(1))  # type: ignore[union-attr]
            elif low in lex.months:
                parts["month"] = lex.months[low]
            elif low in lex.seasons:
                parts["season"] = lex.seasons[low]
            elif low in lex.ordinals and nxt in lex.quarter_words:
                parts["quarter"] = lex.ordinals[low]
            elif low in lex.ordinals and nxt in lex.half_words:
                parts["half"] = min(lex.ordinals[low], 2)
            elif _QCODE.match(w):
                parts["quarter"] = int(w[1])
            elif low in lex.part_modifiers:
                parts["part"] = lex.part_modifiers[low]
            elif low in lex.year_adjectives and nxt in lex.month_words:
                parts["rel_month"] = lex.year_adjectives[low]
            elif low in lex.year_adjectives:
                parts["rel_year"] = lex.year_adjectives[low]
            elif low in lex.year_words:
                parts["rel_year"] = lex.year_words[low]
            elif low == "d." and nxt == "j.":
                parts["rel_year"] = 0
            elif w in lex.relative_day_forms:
                parts["rel_day"] = lex.relative_days[low]
            i += 1
        return PartialDate(**parts)

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

    # -- raw text -------------------------------------------------------------------------
    def text_regions(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of ``text`` that can hold a date: the sentences with an anchor.

        Adjacent sentences with anchors form one region. Region borders are sentence ends or
        blank lines, where the tokenizer makes a sentence-end or paragraph token, so patterns,
        vetoes and role scopes see inside a region exactly what they see in the whole text.
        """
        lower = text.lower()
        if len(lower) == len(text):
            hits = sorted({m.start() for m in self.text_anchor.finditer(lower)})
        else:  # lower-casing changed offsets ("İ"): search the text itself
            hits = sorted({m.start() for m in self.text_anchor_any_case.finditer(text)})
        if not hits:
            return []
        # Candidate borders; whether one is a real sentence end is decided only for the borders
        # next to an anchor (most sentences hold none).
        borders = [(m.start(), m.end(), bool(m.group("stop"))) for m in TEXT_BREAK.finditer(text)]
        ends = [b[1] for b in borders]
        valid: dict[int, bool] = {}

        def is_border(k: int) -> bool:
            if k not in valid:
                valid[k] = self._is_sentence_end(text, borders[k][0]) if borders[k][2] else True
            return valid[k]

        regions: list[tuple[int, int]] = []
        for h in hits:
            if regions and h < regions[-1][1]:
                continue  # inside the region found for an earlier anchor
            k = bisect_right(ends, h) - 1  # last border ending at or before h
            while k >= 0 and not is_border(k):
                k -= 1
            start = borders[k][1] if k >= 0 else 0
            k = bisect_right(ends, h)  # first border ending after h
            while k < len(borders) and not is_border(k):
                k += 1
            end = borders[k][1] if k < len(borders) else len(text)
            if regions and regions[-1][1] == start:
                regions[-1] = (regions[-1][0], end)  # adjacent sentences: one region
            else:
                regions.append((start, end))
        return regions

    def _is_sentence_end(self, text: str, stop: int) -> bool:
        """Whether the ".!?…" at ``stop`` (before white space and an upper-case start) is a token
        of its own for the tokenizer, i.e. a sentence end."""
        if not text[stop - 1:stop].isalpha():
            return False  # "3. Mai", "2012. Die": the tokenizer may keep the dot on the number
        if text[stop] == ".":
            word_start = max(text.rfind(" ", 0, stop), text.rfind("\n", 0, stop)) + 1
            chunk = text[word_start:stop + 1].lstrip(_OPENERS)  # "(inkl." -> "inkl."
            if chunk in self.abbreviations or "." in chunk[:-1]:
                return False  # "bzw. Die", "z.B. Am": one token, no sentence end
        return True

    def find_in_text(self, text: str, published: str = "") -> list[TextDate]:
        """Dates of a raw text, without a Doc of the whole text.

        Only :meth:`text_regions` are tokenized, split into sentences and searched, which gives
        the same dates as ``pressextract_sentences`` + this component on the whole text (tested)
        in a fraction of the time: most sentences of a press release hold no date.
        ``published`` (ISO) resolves relative dates.
        """
        found: list[TextDate] = []
        for start, end in self.text_regions(text):
            doc = self.sentencizer(self.tokenizer(text[start:end]))
            doc._.published = published
            for span in spans_of(self(doc), "date"):
                found.append(TextDate(start + span.start_char, start + span.end_char, span.text, span._.pe))
        return found

    # -- pipeline -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        windows = self.anchors.windows_with_kinds(doc, WINDOW_LEFT, WINDOW_RIGHT)
        if not windows:
            return doc
        matches = [m for s, e, has_word in windows
                   for m in (self.patterns if has_word else self.patterns_without_words).find(doc, [(s, e)])]
        cands = [m for m in matches if m.row.get("label") == "date"]
        if not cands:
            return doc
        vetoes = [m for m in matches if m.row.get("label") == "veto"]
        kept = apply_vetoes(cands, vetoes)
        longest_list: dict[int, Match] = {}  # a list match with and without its optional year
        for m in kept:
            if m.row.get("list") and (m.start not in longest_list or len(m) > len(longest_list[m.start])):
                longest_list[m.start] = m
        pending: list[tuple[Match, PartialDate | None]] = []
        for m in kept:
            if not m.row.get("list"):
                pending.append((m, None))
            elif longest_list[m.start] is m:
                pending.extend(self._expand_list(m, doc))
        # Only a candidate whose tokens are still free is normalised (the costly step).
        chosen = longest_first_valued(pending, lambda m, partial: self._normalise(m, doc, partial))
        has_deadline_words = bool(chosen) and bool(self.deadline_anchors.windows(doc, 0, 0))
        for m, value in chosen:
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


@Language.factory("pressextract_dates", default_config={"split_year_full_stop": True})
def make_dates(nlp: Language, name: str, split_year_full_stop: bool) -> DateExtractor:
    """Date expressions with normalised value, granularity and role (``date`` spans).

    ``split_year_full_stop`` (default on) adds pressextract's suffix rule to the pipeline's
    tokenizer, so that "2017." at a sentence end becomes "2017" "." (see :mod:`extract.tokenizer`).
    """
    if split_year_full_stop:
        from extract.tokenizer import split_year_full_stop as add_rule

        add_rule(nlp)
    return DateExtractor(nlp)
