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

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.components import add_span, spans_of
from extract.components._matching import (
    Anchors,
    Match,
    apply_vetoes,
    expand_patterns,
    longest_first_valued,
    scope_bounds,
)
from extract.components.date_anchors import (
    DATELINE_CHARS,
    DAY_VALUE,
    INVALID,
    PassState,
    anchor_points,
    dateline_point,
    day_spans,
    headline_years,
    named_weekday,
    open_day_years,
    open_days,
    reference,
    stated_weekdays,
)
from extract.components.date_context import DEFAULT_TIMEML_EXTRAS, Tense, extras_of, generated_rows, time_of_day
from extract.components.date_prefilter import PatternIndex
from extract.components.date_ranges import (
    RangeWords,
    drop_dated_clocks,
    drop_described_weeks,
    join_day_ranges,
    listed_bare_days,
)
from extract.components.date_roles import RoleCues, left_anchor
from extract.components.date_text import TEXT_DIGIT_ANCHOR, text_regions, trie_regex
from extract.components.date_words import DAY as _DAY
from extract.components.date_words import SLASH_DATE, against_the_past, load_lexicon, pieces, read_partial
from extract.components.sentences import LineAwareSentencizer
from extract.model import SpanInfo
from extract.normalise.dates import (
    PartialDate,
    Resolved,
    half_months,
    resolve,
    resolve_range,
    season_months,
    valid_day,
)
from extract.rules import read_jsonl

_ISO = re.compile(r"^(\d{4})[-/](\d{2})(?:[-/](\d{2})(?:T[\d:.+-]*Z?)?)?$")  # "2024-03-12T10:15:00+01:00": the day
_SEPARATORS = {"bis", "-", "–", "und", "/"}
# The Matcher runs only on token windows around anchors (digits, month names, ...): a pattern
# starts at most WINDOW_LEFT tokens before its anchor and ends at most WINDOW_RIGHT after it.
# Digit anchors: a 4-digit year anywhere in the token ("2012", "12.01.2017", "2018/19"), a day
# ("12.", "12.-14.") or a quarter code ("Q1"), a decade ("90er") or a lone slash (the day of
# "21 / 04 / 2016" lies 4 tokens before the year); a bare count ("18") anchors nothing by itself.
WINDOW_LEFT, WINDOW_RIGHT = 3, 4  # ISO "2022 - 11 - 14" reaches 4 tokens right
ANCHOR_REGEX = r"(?:^|\D)(?:1\d|20)\d\d(?:\D|$)|^\d{1,2}\.|^Q[1-4]$|^\d{0,2}\d0er|^/$"
_DASHES = {"-", "–", "—"}
_NUMERIC_RANGE = re.compile(r"^(\d{1,2})\.(?:(\d{1,2})\.(\d{4})?)?[-–/](\d{1,2})\.(\d{1,2})\.?(?:(\d{4})\.?)?$")


@dataclass(frozen=True)
class TextDate:
    """A date found by :meth:`DateExtractor.find_in_text`: character offsets into the text."""

    start: int
    end: int
    text: str
    info: SpanInfo


class DateExtractor:
    """Finds date expressions and adds them as ``date`` spans (see module docstring)."""

    def __init__(self, nlp: Language, timeml_extras: bool | Sequence[str] = DEFAULT_TIMEML_EXTRAS) -> None:
        self.lex = load_lexicon()
        self.extras = extras = extras_of(timeml_extras)
        rows = expand_patterns(read_jsonl("dates/patterns.jsonl") + read_jsonl("dates/timex.jsonl"), self.lex.lists())
        rows += generated_rows(self.lex, extras, rows)
        roles = self.lex.roles
        # per window, only the pattern rows whose required words and forms occur in it are run
        self.patterns = PatternIndex(nlp.vocab, rows)
        self.roles = RoleCues(nlp.vocab, roles)
        lex = self.lex
        extra = lex.extra_anchor_words(extras)
        self.anchors = Anchors([w for w in lex.anchor_words(extras) if w not in extra], ANCHOR_REGEX,
                               extra=extra)
        self.deadline_anchors = Anchors(self.roles.deadline_nouns | self.roles.deadline_words)
        self.tokenizer = nlp.tokenizer
        self.sentencizer = LineAwareSentencizer()  # as pressextract_sentences in the pipeline
        words = {w.rstrip(".") for w in self.anchors.words if w.rstrip(".").isalpha()}
        self.text_anchor = re.compile(rf"{TEXT_DIGIT_ANCHOR}|\b{trie_regex(words)}\b")
        self.text_anchor_any_case = re.compile(self.text_anchor.pattern, re.IGNORECASE)
        self.abbreviations = frozenset(k for k in getattr(nlp.tokenizer, "rules", None) or {} if k.endswith("."))
        self.tense = Tense(lex.tense)
        self.range_words = RangeWords.load()

    # -- reading a span -------------------------------------------------------------------
    def _pieces(self, words: Sequence[str]) -> list[str]:
        return pieces(words, self.lex)

    def _partial(self, words: Sequence[str], left_year: int | None = None) -> PartialDate:
        return read_partial(words, self.lex, left_year)

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

    def _with_tense(self, p: PartialDate, doc: Doc, m: Match) -> PartialDate:
        if p.direction or p.strict or p.year is not None:
            return p
        return replace(p, direction=self.tense.of(doc, m.start))

    def _normalise(self, m: Match, doc: Doc, partial: PartialDate | None, st: PassState) -> Resolved | None:
        words = [t.text for t in doc[m.start:m.end] if not t.is_space]
        if m.row.get("lowercase"):  # "Morgen" opening a sentence: the adverb
            words = [w.lower() for w in words]
        anchored = not m.row.get("unanchored")
        row = m.row
        lookup = row.get("lookup")
        phrase = " ".join(w.lower() for w in words[:row.get("phrase_len", 0)])
        if "ref" in row or lookup == "ref":
            value = row.get("ref") or self.lex.ref_words.get(phrase)
            return Resolved(str(value), "reference", False, False) if value else None
        if row.get("clock"):  # a time of day alone: the day it belongs to (TimeML extras)
            ref = reference(m, doc, st, narrative=True)
            return Resolved(ref, "day", True, True) if DAY_VALUE.match(ref) else None
        if lookup == "narrative":
            if phrase not in self.lex.narrative_days:
                return None
            ref = reference(m, doc, st, narrative=True)
            return resolve(PartialDate(rel_day=self.lex.narrative_days[phrase]), ref)
        if partial is not None:
            if partial.day is not None and partial.month is not None and not valid_day(
                    partial.year, partial.month, partial.day):
                return INVALID
            ref = reference(m, doc, st, looking_back=self._looks_back(doc, m)) if partial.year is None \
                else st.published
            value = resolve(self._with_tense(partial, doc, m), ref, anchored, m.start in st.used_anchor)
            return self._stated_weekday(value, doc, m)
        if row["id"] == "date.numeric_slash":
            sm = SLASH_DATE.match("".join(words))
            if not sm or not valid_day(int(sm.group(3)), int(sm.group(2)), int(sm.group(1))):
                return None
            return resolve(PartialDate(year=int(sm.group(3)), month=int(sm.group(2)), day=int(sm.group(1))))
        if row.get("month_year"):  # "05/2016", "05.2016"
            month, year = re.split(r"[./]", "".join(words))
            return resolve(PartialDate(year=int(year), month=int(month)), st.published, anchored)
        if row.get("iso"):
            iso = _ISO.match("".join(words))
            if not iso:
                return None
            y, mo, d = int(iso.group(1)), int(iso.group(2)), iso.group(3)
            return resolve(PartialDate(year=y, month=mo, day=int(d) if d else None), st.published, anchored)
        if row.get("join"):  # "14. 2. 2024"
            words = ["".join(words)]
        if row.get("numeric_range"):  # "08.07.-20.08", "8.7.2024-20.8.2024"
            nr = _NUMERIC_RANGE.match(words[0])
            if not nr:
                return None
            d1, m1, y1, d2, m2, y2 = (int(g) if g else None for g in nr.groups())
            m1 = m1 or m2  # "2.–4.12.": the left day takes the right month
            right = PartialDate(year=y2, month=m2, day=d2)
            if not valid_day(y2, m2, d2) or not valid_day(y1 or y2, m1, d1):  # type: ignore[arg-type]
                return None
            ref = reference(m, doc, st, looking_back=self._looks_back(doc, m)) if y2 is None else st.published
            return resolve_range(PartialDate(year=y1, month=m1, day=d1), self._with_tense(right, doc, m), ref,
                                 anchored, m.start in st.used_anchor)
        pieces = self._pieces(words)
        if row.get("range"):
            # a weekday on either side ("vom Montag, 22. bis Freitag, 26. April") names no part of the value
            pieces = [w for w in pieces if w != "," and w.lower() not in self.lex.weekday_index]
            cut = next((k for k, w in enumerate(pieces) if k and w.lower() in _SEPARATORS), None)
            if cut is None:
                return None
            left = self._partial(pieces[:cut])
            right = self._partial(pieces[cut:], left_year=left.year)
            if left.is_empty() or right.is_empty():
                return None
            if pieces[cut] == "/" and left.day is None and left.month is None and not (
                    left.year and right.year and 0 < right.year - left.year <= 10):
                return None  # "2014/2284" is no range; "2018/2019", "2018/19", "2012/2016" are
            ref = reference(m, doc, st, looking_back=self._looks_back(doc, m)) if right.year is None \
                else st.published
            return resolve_range(left, self._with_tense(right, doc, m), ref, anchored, m.start in st.used_anchor)
        p = self._partial(pieces)
        if lookup == "holiday":
            rule = self.lex.holidays.get(phrase)
            if rule is None:
                return None
            p = replace(p, holiday=rule, day=None)
        if p.year is None and p.rel_year is None and "default_rel_year" in row:
            p = replace(p, rel_year=int(row["default_rel_year"]))
        if p.month is None and p.rel_month is None and "default_rel_month" in row:
            p = replace(p, rel_month=int(row["default_rel_month"]))
        if p.is_empty():
            return None
        if p.day is not None and p.month is not None and not valid_day(p.year, p.month, p.day):
            return INVALID
        if p.year is not None or p.century is not None or p.decade is not None:
            return resolve(p, st.published, anchored)
        if "generic_today" in self.extras and st.published and p.rel_day == 0 and len(words) == 1 \
                and not time_of_day(doc, m.start, m.end, self.lex) and self._nowadays(doc, m.start):
            # TimeML: a "heute" in a present-tense sentence without a time set against the past
            # ("Früher war hier ein Bahnhof. Heute steht dort die Schule") is "nowadays"; with the
            # "ref" extras (TimeML's scheme) any such "heute", also "Heute eröffnet die Ausstellung"
            return Resolved("PRESENT_REF", "reference", False, False)
        if p.is_deictic():  # "heute", "dieses Jahr", "vergangene Woche": the time of writing only
            if not st.published and st.anchors is None:
                st.ask()  # a dateline date, known in the second pass, may stand in for it
            this_year = self._this_year_of_text(p, st)
            if this_year:
                return Resolved(this_year, "year", True, True)
            return resolve(self._with_tense(p, doc, m), st.published or st.dateline, anchored)
        if p.weekday is not None and p.day is None and p.month is None and p.rel_week is None and not p.strict:
            named = named_weekday(p.weekday, m, doc, st)
            if named:  # "Samstag, 29. Juni ... Am Samstag": the day the text named
                return Resolved(named, "day", True, True)
        back = p.month is not None and p.rel_month is None and p.rel_year is None and self._looks_back(doc, m)
        ref = reference(m, doc, st, looking_back=back) if anchored else ""
        p = self._with_tense(p, doc, m)
        if m.start in st.used_anchor and p.weekday is not None and not p.strict:
            # a weekday told against a date of the text (no publication date): that date's week
            p = replace(p, direction=0, strict=True)
        return self._stated_weekday(resolve(p, ref, anchored, m.start in st.used_anchor), doc, m)

    @staticmethod
    def _this_year_of_text(p: PartialDate, st: PassState) -> str:
        """ "in diesem Jahr", "heuer" in a text with neither publication date nor dateline, whose
        stated dates all lie in one year ("Pfingsten 2020 … in diesem Jahr"): that year. The days
        that take their year from those dates count too: "vom 27. bis 30. Dezember … am 2. Januar
        2023" lies in two years, and "in diesem Jahr" stays open."""
        if st.published or st.dateline or not st.anchors or replace(p, direction=0) != PartialDate(rel_year=0):
            return ""
        values = [v for _, v in st.anchors] + [v for _, v in st.days] + [y for _, v in st.spans for y in v.split("/")]
        years = {value[:4] for value in values} | open_day_years(st)
        return years.pop() if len(years) == 1 and next(iter(years)).isdigit() else ""

    def _nowadays(self, doc: Doc, i: int) -> bool:
        """Whether the "heute" at token ``i`` means "nowadays": its clause is not past and its
        sentence sets it against the past (:func:`~extract.components.date_words.against_the_past`:
        "damals"; before its clause "vor 20 Jahren" or a past tense; only the sentence: raw-text
        extraction sees the sentences that can hold a date); with the "ref" extras (TimeML's scheme)
        any "heute" of a present-tense sentence."""
        if "ref" in self.extras:
            return not self.tense.of(doc, i)
        s0, s1 = scope_bounds(doc, i, "sentence")
        c0 = scope_bounds(doc, i, "clause")[0]
        return not self.tense.of_clause(doc, i) and against_the_past(
            [t.text for t in doc[s0:s1]], [t.text for t in doc[s0:c0]], self.lex, self.tense._is_past_word)

    def _looks_back(self, doc: Doc, m: Match) -> bool:
        """A date in a past-tense clause: it may continue a narrative about an earlier year."""
        return self.tense.of(doc, m.start) < 0

    def _stated_weekday(self, value: Resolved | None, doc: Doc, m: Match) -> Resolved | None:
        """A day without a year whose weekday the text states ("Donnerstag, 11. Dezember"): of the
        reference year and the years beside it, the one in which that day is that weekday."""
        if value is None or not value.anchored or value.granularity != "day" or not DAY_VALUE.match(value.value):
            return value
        weekday = left_anchor(doc, m.start, self.lex.weekdays)[1]
        if not weekday:
            return value
        want = self.lex.weekday_index[weekday]
        year, month, day = (int(x) for x in value.value.split("-"))
        for y in (year, year - 1, year + 1):
            if valid_day(y, month, day) and dt.date(y, month, day).weekday() == want:
                return replace(value, value=f"{y:04d}-{month:02d}-{day:02d}")
        return value

    # -- context --------------------------------------------------------------------------
    # -- raw text -------------------------------------------------------------------------
    def text_regions(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of ``text`` that can hold a date (see :func:`date_text.text_regions`)."""
        return text_regions(text, self.text_anchor, self.text_anchor_any_case, self.abbreviations)

    def find_in_text(self, text: str, published: str = "", dateline: str = "") -> list[TextDate]:
        """Dates of a raw text, without a Doc of the whole text.

        Only :meth:`text_regions` are tokenized, split into sentences and searched, which gives
        the same dates as ``pressextract_sentences`` + this component on the whole text (tested)
        in a fraction of the time: most sentences of a press release hold no date.
        ``published`` (ISO) resolves relative dates; without it, the dateline's date (``dateline``,
        else a dateline the text shows: "Hooksiel (14. 2. 2024) –"), else the document's own fully
        specified dates do (see :func:`~extract.components.date_anchors.reference`), as in the component.
        """
        regions = []
        for start, end in self.text_regions(text):
            doc = self.sentencizer(self.tokenizer(text[start:end]))
            doc._.published = published
            st = PassState(published, None, start)
            regions.append((doc, st, self._extract(doc, st)))
        if any(st.needs for _, st, _ in regions):
            anchors: list[tuple[int, str]] = []
            days: list[tuple[int, str]] = []
            line_date = DAY_VALUE.match(dateline) and dateline or ""
            spans: list[tuple[int, str]] = []
            headline: list[tuple[int, str]] = []
            stated: list[tuple[int, str, int]] = []
            unyeared: list[tuple[int, str]] = []
            for doc, st, chosen in regions:
                explicit, found_days = anchor_points(doc, chosen, st.base)
                anchors += explicit
                days += found_days
                spans += day_spans(doc, chosen, st.base)
                headline += headline_years(doc, chosen, st.base, text.find("\n"))
                stated += stated_weekdays(doc, chosen, st.base, self.lex.weekdays, self.lex.weekday_index)
                unyeared += open_days(doc, chosen, st.base)
                if not line_date and st.base < DATELINE_CHARS:
                    line_date = dateline_point(doc, chosen)
            if not (anchors or published or line_date):
                anchors = headline
            if anchors or published or days or line_date or stated:
                for k, (doc, st, _) in enumerate(regions):
                    if st.needs:
                        st2 = PassState(published, anchors, st.base, days, spans, pending=st.pending,
                                        dateline=line_date, settled=st.settled, stated=stated,
                                        open_days=unyeared)
                        regions[k] = (doc, st2, self._extract(doc, st2))
        found: list[TextDate] = []
        for doc, st, chosen in regions:
            self._emit(doc, chosen, st)
            for span in spans_of(doc, "date"):
                found.append(TextDate(st.base + span.start_char, st.base + span.end_char, span.text, span._.pe))
        return found

    # -- pipeline -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published or ""
        st = PassState(published, None, 0)
        chosen = self._extract(doc, st)
        if st.needs:
            anchors, days = anchor_points(doc, chosen, 0)
            dateline = doc._.dateline_date if DAY_VALUE.match(doc._.dateline_date or "") else ""
            dateline = dateline or dateline_point(doc, chosen)
            if not (anchors or published or dateline):
                anchors = headline_years(doc, chosen, 0, doc.text.find("\n"))
            stated = stated_weekdays(doc, chosen, 0, self.lex.weekdays, self.lex.weekday_index)
            if anchors or published or days or dateline or stated:
                st = PassState(published, anchors, 0, days, day_spans(doc, chosen, 0), pending=st.pending,
                               dateline=dateline, settled=st.settled, stated=stated,
                               open_days=open_days(doc, chosen, 0))
                chosen = self._extract(doc, st)
        self._emit(doc, chosen, st)
        return doc

    def _extract(self, doc: Doc, st: PassState) -> list[tuple[Match, Resolved]]:
        """The chosen (match, value) pairs of a doc; the Matcher's candidates are kept on the doc's
        state for a second pass, which only normalises again."""
        if st.pending is None:
            st.pending = self._candidates(doc)
        # Only a candidate whose tokens are still free is normalised (the costly step).

        def value(m: Match, partial: PartialDate | None) -> Resolved | None:
            key = (m.start, m.end, m.rule)
            if key in st.settled:
                return st.settled[key]
            asks = st.asks
            found = self._normalise(m, doc, partial, st)
            if st.anchors is None and st.asks == asks:
                st.settled[key] = found
            return found

        chosen = longest_first_valued(st.pending, value)
        chosen = [(m, v) for m, v in chosen if v is not INVALID]
        if not chosen:
            return chosen
        chosen = drop_described_weeks(doc, join_day_ranges(doc, chosen, self.lex.weekdays, self.range_words))
        chosen = listed_bare_days(doc, chosen)
        return drop_dated_clocks(doc, chosen) if self.extras & {"clock", "day_part"} else chosen

    def _candidates(self, doc: Doc) -> list[tuple[Match, PartialDate | None]]:
        windows = self.anchors.windows_with_kinds(doc, WINDOW_LEFT, WINDOW_RIGHT)
        if not windows:
            return []
        matches = [m for s, e, _ in windows for m in self.patterns.find(doc, s, e)]
        cands = [m for m in matches if m.row.get("label") == "date"]
        if not cands:
            return []
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
        return pending

    def _emit(self, doc: Doc, chosen: list[tuple[Match, Resolved]], st: PassState) -> None:
        has_deadline_words = bool(chosen) and bool(self.deadline_anchors.windows(doc, 0, 0))
        for m, value in chosen:
            anchor, weekday = left_anchor(doc, m.start, self.lex.weekdays)
            attrs: dict[str, Any] = {"resolved": value.resolved}
            if value.anchored:
                attrs["anchor"] = "document" if m.start in st.used_anchor else (
                    "published" if st.published or not st.dateline else "dateline")
            role = self.roles.role(m, value, doc, anchor, has_deadline_words)
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
            elif value.granularity == "half":
                attrs["months"] = half_months(value.value)
            attrs.update(time_of_day(doc, m.start, m.end, self.lex))
            info = SpanInfo(
                value=value.value,
                rule=m.rule,
                unit=value.granularity,
                confidence=float(m.row.get("confidence", 0.95 if value.resolved else 0.8)),
                attrs=attrs,
            )
            add_span(doc, m.start, m.end, "date", info)


@Language.factory("pressextract_dates", default_config={"timeml_extras": list(DEFAULT_TIMEML_EXTRAS),
                                                        "split_year_full_stop": True})
def make_dates(nlp: Language, name: str, timeml_extras: bool | list[str],
               split_year_full_stop: bool) -> DateExtractor:
    """Date expressions with normalised value, granularity and role (``date`` spans).

    ``timeml_extras`` names the optional TimeML expressions: ``true`` all of them, ``false`` none, or
    a list of :data:`~extract.components.date_context.TIMEML_EXTRAS` ("clock", "day_part", "ref",
    "generic_today"; default ``["generic_today"]``); "ref" are the PRESENT_REF / PAST_REF /
    FUTURE_REF words ("jetzt", "damals").
    ``split_year_full_stop`` (default on) adds pressextract's suffix rule to the pipeline's
    tokenizer, so that "2017." at a sentence end becomes "2017" "." (see :mod:`extract.tokenizer`).
    """
    if split_year_full_stop:
        from extract.tokenizer import split_year_full_stop as add_rule

        add_rule(nlp)
    return DateExtractor(nlp, timeml_extras)
