"""Ranges of two day dates that the Matcher found apart ("von Montag, den 3. Juni, bis
voraussichtlich Freitag, 21. Juni"): joined after matching, by the words around them
(``rules/dates/ranges.yaml``). Pure function on the doc's tokens and the chosen dates."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from extract.components._matching import Match
from extract.normalise.dates import Resolved
from extract.rules import read_yaml

_DAY = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])(?:[.:][0-5]\d)?$")
ROW = {"id": "date.range_days_apart", "label": "date", "range": True}
LISTED_ROW = {"id": "date.day_listed_before", "label": "date"}
_BARE_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])\.$")
_LIST_JOINERS = frozenset({",", "und", "sowie", "oder", "bzw."})


@dataclass(frozen=True)
class RangeWords:
    openers: frozenset[str]
    before_first: frozenset[str]
    joiners: frozenset[str]
    joiners_after_zwischen: frozenset[str]
    before_joiner: frozenset[str]
    after_joiner: frozenset[str]

    @classmethod
    def load(cls) -> RangeWords:
        rows = read_yaml("dates/ranges.yaml")
        return cls(*(frozenset(str(w).lower() for w in rows[k]) for k in (
            "openers", "before_first", "joiners", "joiners_after_zwischen", "before_joiner", "after_joiner")))


def _opener(doc: Doc, start: int, weekdays: Mapping[str, str],
            words: RangeWords) -> tuple[int, str] | None:
    """(token index, word) of the opener before a date, over a weekday and ``before_first`` words
    (",", "den", "dem", "morgigen", "Abend des")."""
    i = start - 1
    skipped = 0
    while i >= 0 and skipped < 5:
        low = doc[i].lower_
        if doc[i].is_space or low in words.before_first or low in weekdays:
            i -= 1
            skipped += 1
            continue
        return (i, low) if low in words.openers else None
    return None


def _joined(doc: Doc, end: int, start: int, weekdays: Mapping[str, str], words: RangeWords,
            opener: str) -> bool:
    """Whether the tokens between two dates are filler words around exactly one joiner."""
    joiners = words.joiners | (words.joiners_after_zwischen if opener == "zwischen" else frozenset())
    seen_joiner = False
    for t in doc[end:start]:
        low = t.lower_
        if t.is_space:
            continue
        if not seen_joiner and low in joiners:
            seen_joiner = True
            continue
        filler = (low in words.after_joiner or low in weekdays) if seen_joiner else (
            low in words.before_joiner or bool(_CLOCK.match(low)))
        if not filler:
            return False
    return seen_joiner


def _earlier_year(value: str) -> str:
    year, rest = value.split("-", 1)
    return f"{int(year) - 1:04d}-{rest}"


def join_day_ranges(doc: Doc, chosen: Sequence[tuple[Match, Resolved]], weekdays: Mapping[str, str],
                    words: RangeWords) -> list[tuple[Match, Resolved]]:
    """``chosen`` (in text order) with each pair of day dates that form a range replaced by one range."""
    items = sorted(chosen, key=lambda mv: mv[0].start)
    out: list[tuple[Match, Resolved]] = []
    k = 0
    while k < len(items):
        m, v = items[k]
        if k + 1 < len(items) and _DAY.match(v.value) and _DAY.match(items[k + 1][1].value):
            m2, v2 = items[k + 1]
            opener = _opener(doc, m.start, weekdays, words)
            if opener and m2.start - m.end <= 12 and _joined(doc, m.end, m2.start, weekdays, words, opener[1]):
                first = v.value
                if first[:4] != "XXXX" and v2.value[:4] != "XXXX" and first > v2.value and v.anchored:
                    first = _earlier_year(first)  # "vom 30. Dezember bis 3. Januar 2019"
                if first[:4] == "XXXX" or v2.value[:4] == "XXXX" or first <= v2.value:
                    out.append((Match(opener[0], m2.end, ROW), Resolved(
                        f"{first}/{v2.value}", "range", v.resolved and v2.resolved, v.anchored or v2.anchored)))
                    k += 2
                    continue
        out.append((m, v))
        k += 1
    return out


_WEEK_UNITS = {"week", "weekend"}
_DATE_UNITS = {"day", "range"}
_BEFORE_DATE = {"(", ",", ":", "vom", "von", "den", "dem", "am"}


def drop_described_weeks(doc: Doc, chosen: Sequence[tuple[Match, Resolved]]) -> list[tuple[Match, Resolved]]:
    """``chosen`` without a week or weekend that the day or range right after it states ("am
    Wochenende vom 11. bis 12. Mai", "am vergangenen Wochenende (21. - 23.02.2020)"): one mention,
    the stated dates."""
    starts = {m.start for m, v in chosen if v.granularity in _DATE_UNITS}
    if not starts:
        return list(chosen)
    out = []
    for m, v in chosen:
        if v.granularity in _WEEK_UNITS and _date_follows(doc, m.end, starts):
            continue
        out.append((m, v))
    return out


def _date_follows(doc: Doc, i: int, starts: set[int]) -> bool:
    """Whether a chosen day or range starts at token ``i`` or after at most three filler tokens."""
    for _ in range(4):
        if i in starts:
            return True
        if i >= len(doc) or not (doc[i].is_space or doc[i].lower_ in _BEFORE_DATE):
            return False
        i += 1
    return False


def drop_dated_clocks(doc: Doc, chosen: Sequence[tuple[Match, Resolved]]) -> list[tuple[Match, Resolved]]:
    """``chosen`` without the clock times and parts of the day (TimeML extras) whose sentence
    names a date: "Am 3. Mai wird um 18 Uhr eröffnet" is one mention, the day (the time is an
    attribute of its date, not a second date)."""
    if not any(m.row.get("clock") for m, _ in chosen):
        return list(chosen)
    has_sents = doc.has_annotation("SENT_START")
    dated = {doc[m.start].sent.start if has_sents else 0 for m, _ in chosen if not m.row.get("clock")}
    return [(m, v) for m, v in chosen
            if not (m.row.get("clock") and (doc[m.start].sent.start if has_sents else 0) in dated)]


def listed_bare_days(doc: Doc, chosen: Sequence[tuple[Match, Resolved]]) -> list[tuple[Match, Resolved]]:
    """``chosen`` with the bare day numbers listed right before a day or day range ("an den
    Brückentagen 24. sowie 27. bis 30. Dezember 2022", "am 2., 5. und 9. Mai" is the Matcher's):
    each a day of that date's month and year, when it lies before that date's first day."""
    taken = {i for m, _ in chosen for i in range(m.start, m.end)}
    out = list(chosen)
    for m, v in chosen:
        first = _DAY.match(v.value.split("/")[0]) if v.granularity in ("day", "range") else None
        i = m.start
        while first and i >= 2 and doc[i - 1].lower_ in _LIST_JOINERS and _BARE_DAY.match(doc[i - 2].text) \
                and (i - 2) not in taken and int(doc[i - 2].text[:-1]) < int(first.group(3)):
            day = int(doc[i - 2].text[:-1])
            out.append((Match(i - 2, i - 1, LISTED_ROW),
                        Resolved(f"{first.group(1)}-{first.group(2)}-{day:02d}", "day", v.resolved, v.anchored)))
            i -= 2
    return sorted(out, key=lambda mv: mv[0].start)
