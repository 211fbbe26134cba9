"""The references of a date extraction pass: the publication date, the dateline's date and the
document's own dates (fully specified ones, every day date, short ranges of days), and the
lookups that resolve a date without a year or a lone weekday against them. Pure functions on
the doc's tokens and the pass state."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc

from extract.components._matching import Match
from extract.components.date_roles import left_anchor
from extract.normalise.dates import PartialDate, Resolved, nearest_year, parse_published

DATELINE_CHARS = 1000  # a dateline in parentheses counts within the first characters of a text
NAMED_WEEKDAY_DAYS = 7  # with a publication date, a lone weekday repeats a named day only this near it
SPAN_DAYS = 10  # a lone weekday inside a range of this many days named before it is that range's day
PAST_YEAR_CHARS = 400  # a fully specified date of an earlier year lends its year this far on
_DAY_RANGE = re.compile(r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_OPEN_DAY = re.compile(r"^XXXX-\d{2}-\d{2}(?:/|$)")
_DASHES = {"-", "–", "—"}


@dataclass
class PassState:
    """One extraction pass over a doc: the publication date, the document's fully specified
    dates (None in the first pass), the doc's character offset in the whole text, and whether a
    match asked for a reference the first pass could not give."""

    published: str
    anchors: list[tuple[int, str]] | None  # fully specified dates the text states
    base: int
    days: list[tuple[int, str]] = field(default_factory=list)  # every day date found (narrative anchors)
    spans: list[tuple[int, str]] = field(default_factory=list)  # short ranges of days ("vom 24. bis 27. August")
    # days without a known year whose weekday the text states ("Montag, 16. März"): (offset, value, weekday)
    stated: list[tuple[int, str, int]] = field(default_factory=list)
    # days and day ranges without a year in the first pass ("vom 27. bis 30. Dezember"): (offset, "XXXX-MM-DD")
    open_days: list[tuple[int, str]] = field(default_factory=list)
    needs: bool = False
    used_anchor: set[int] = field(default_factory=set)
    pending: list[tuple[Match, PartialDate | None]] | None = None  # the Matcher's candidates
    dateline: str = ""  # the dateline's day date: the reference when there is no publication date
    asks: int = 0  # how often a match asked for the second pass's references
    # values of the first pass that asked nothing: the second pass takes them as they are
    settled: dict[tuple[int, int, str], Resolved | None] = field(default_factory=dict)

    def ask(self) -> None:
        self.needs = True
        self.asks += 1


# A candidate that names a day that does not exist ("29. Februar 2021"): it is not emitted and
# also keeps its shorter sub-matches ("29. Februar") from being emitted.
INVALID = Resolved("", "", False, False)


def day_spans(doc: Doc, chosen: list[tuple[Match, Resolved]], base: int) -> list[tuple[int, str]]:
    """(character offset, value) of the ranges of at most ``SPAN_DAYS`` days the text names."""
    out = []
    for m, v in chosen:
        if v.granularity == "range" and _DAY_RANGE.match(v.value):
            first, last = (dt.date.fromisoformat(x) for x in v.value.split("/"))
            if 0 < (last - first).days <= SPAN_DAYS:
                out.append((base + doc[m.start].idx, v.value))
    return out


def reference(m: Match, doc: Doc, st: PassState, narrative: bool = False, looking_back: bool = False) -> str:
    """The reference date for a match that lacks a year or is relative.

    The publication date; without one (or for a narrative "am nächsten Tag") the last fully
    specified date before the match (a dateline counts), else the first one after it; with
    ``looking_back`` (a past-tense day or month), a close date of an earlier year first. The
    document's dates are known only after a first pass (``st.anchors`` None): the match then
    marks the state as needing a second pass.
    """
    if st.published and not narrative:
        return (looking_back and past_year_anchor(m, doc, st)) or st.published
    year = "" if narrative else sentence_year(doc, m.start)
    if year:  # "Das Jahr 2024 … durch das Hochwasser im Juni": that year
        st.used_anchor.add(m.start)
        return year
    if st.anchors is None:
        st.ask()
        return st.published
    if st.dateline and not narrative:
        return st.dateline
    pos = st.base + doc[m.start].idx
    points = st.days if narrative else st.anchors
    k = bisect_right([p for p, _ in points], pos - 1)  # anchors starting before the match
    if k:
        st.used_anchor.add(m.start)
        return points[k - 1][1]
    if narrative or st.published:
        return st.published
    if st.anchors:
        st.used_anchor.add(m.start)
        return st.anchors[0][1]
    return ""



YEAR_NOUNS = frozenset({"jahr", "jahres"})


def sentence_year(doc: Doc, start: int) -> str:
    """The last year named with its noun ("im Jahr 2019", "das Jahr 2024") before token
    ``start`` in its sentence, or "": the reference of a date without a year in a text without a
    publication date."""
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    for i in range(start - 1, max(sent_start, 1) - 1, -1):
        if _YEAR.match(doc[i].text) and doc[i - 1].lower_ in YEAR_NOUNS:
            return doc[i].text
    return ""


def past_year_anchor(m: Match, doc: Doc, st: PassState) -> str:
    """With a publication date, a day or month without a year that follows closely on a fully
    specified date of an earlier year takes that date as its reference: a text looking back
    ("am 5. Mai 1955 eröffnete … am 9. September gastierte") keeps telling that year, also further
    on when the next stated date is of that year again ("21. August 2018 … bis zum 31. August …
    am 12. September 2018"). Known only
    in the second pass (the first marks the state as needing it)."""
    if st.anchors is None:
        st.ask()
        return ""
    pos = st.base + doc[m.start].idx
    k = bisect_right([p for p, _ in st.anchors], pos - 1)
    if not k:
        return ""
    at, value = st.anchors[k - 1]
    if not value[:4].isdigit() or value[:4] >= st.published[:4]:
        return ""
    if pos - at > PAST_YEAR_CHARS and not (
            k < len(st.anchors) and st.anchors[k][1][:4] == value[:4] and st.anchors[k][0] - pos <= PAST_YEAR_CHARS):
        return ""  # far on, unless the narrative's next stated date is of that year too
    st.used_anchor.add(m.start)
    return value


def named_weekday(weekday: int, m: Match, doc: Doc, st: PassState) -> str:
    """The last day date before a lone weekday that falls on that weekday, if the text names
    one (known only in the second pass; the first marks the state as needing it); with a
    publication date, only within ``NAMED_WEEKDAY_DAYS`` of it."""
    if st.anchors is None:
        st.ask()
        return ""
    pos = st.base + doc[m.start].idx
    ref = st.published or st.dateline
    near = dt.date.fromisoformat(ref) if DAY_VALUE.match(ref) else None
    named = sorted([(at, value, False) for at, value in st.days] + [(at, value, True) for at, value in st.spans])
    for at, value, is_span in reversed(named):
        if at >= pos or not value[:4].isdigit():
            continue
        if is_span:  # "vom 24. bis 27. August ... am Samstagabend": the Saturday of that range
            first, last = (dt.date.fromisoformat(v) for v in value.split("/"))
            day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
            if day <= last:
                return day.isoformat()
            continue
        day = dt.date.fromisoformat(value)
        if day.weekday() != weekday:
            continue
        # with a publication date, only a day of its fortnight: a far one is another day
        return value if near is None or abs((day - near).days) <= NAMED_WEEKDAY_DAYS else ""
    if not ref:  # "Am Montag, 16. März, … am Montag": the day of unknown year the text named
        return next((value for at, value, day in reversed(st.stated) if at < pos and day == weekday), "")
    return ""


def open_days(doc: Doc, chosen: list[tuple[Match, Resolved]], base: int) -> list[tuple[int, str]]:
    """(character offset, first day) of the day dates and day ranges the first pass leaves without
    a year ("XXXX-12-27"): the years they will take count when a text's year is asked."""
    return [(base + doc[m.start].idx, v.value.split("/")[0]) for m, v in chosen
            if v.granularity in ("day", "range") and _OPEN_DAY.match(v.value)]


def open_day_years(st: PassState) -> set[str]:
    """The years the open days of ``st`` take from the text's stated dates (each from the last one
    before it, else the first one), as the second pass resolves them."""
    years = set()
    points = [p for p, _ in st.anchors or []]
    for pos, value in st.open_days:
        if not st.anchors:
            break
        k = bisect_right(points, pos - 1)
        ref = st.anchors[k - 1 if k else 0][1]
        month, day = int(value[5:7]), int(value[8:10])
        year = nearest_year(month, day, parse_published(ref), from_text=True)
        if year is not None:
            years.add(f"{year:04d}")
    return years


def stated_weekdays(doc: Doc, chosen: list[tuple[Match, Resolved]], base: int,
                    weekdays: Mapping[str, str], index: Mapping[str, int]) -> list[tuple[int, str, int]]:
    """(character offset, value, weekday) of the day dates without a known year ("XXXX-03-16")
    whose weekday the text states right before them ("Montag, 16. März")."""
    out = []
    for m, v in chosen:
        if v.granularity == "day" and v.value.startswith("XXXX-"):
            weekday = left_anchor(doc, m.start, weekdays)[1]
            if weekday:
                out.append((base + doc[m.start].idx, v.value, index[weekday]))
    return out



def anchor_points(doc: Doc, chosen: list[tuple[Match, Resolved]], base: int
                   ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(character offset, value) of the fully specified day and month dates the text states,
    and of every day date found (resolved ones included, narrative ones not: narrative anchors)."""
    explicit = [(base + doc[m.start].idx, v.value) for m, v in chosen
                if not v.anchored and v.resolved and _FULL_DATE.match(v.value)]
    days = [(base + doc[m.start].idx, v.value) for m, v in chosen
            if not m.row.get("clock") and m.row.get("lookup") != "narrative" and DAY_VALUE.match(v.value)]
    return explicit, days


def headline_years(doc: Doc, chosen: list[tuple[Match, Resolved]], base: int, line_end: int
                   ) -> list[tuple[int, str]]:
    """(character offset, value) of the bare years the text's first line states (a headline
    "Fasching 2024: Ämter geschlossen"; ``line_end`` is that line's end in the whole text, -1 when
    the text is one line): the anchors of a text that states no fuller date and no publication
    date or dateline."""
    return [(base + doc[m.start].idx, v.value) for m, v in chosen
            if v.granularity == "year" and v.resolved and not v.anchored and _YEAR.match(v.value)
            and base + doc[m.start].idx < line_end]


def dateline_point(doc: Doc, chosen: list[tuple[Match, Resolved]]) -> str:
    """The day date of a dateline in parentheses near the start ("Hooksiel (14. 2. 2024) –",
    "(03. Juni 2017) Krumbach –"): a stated day date between "(" and ")" followed by a dash."""
    for m, v in chosen:
        if doc[m.start].idx >= DATELINE_CHARS:
            break
        if v.anchored or not DAY_VALUE.match(v.value) or m.start == 0 or m.end >= len(doc):
            continue
        if doc[m.start - 1].text != "(" or doc[m.end].text != ")":
            continue
        after = [t.text for t in doc[m.end + 1:m.end + 6] if not t.is_space][:2]
        if any(w in _DASHES for w in after):
            return v.value
    return ""
