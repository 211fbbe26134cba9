"""Normalise German date expressions: parts of a date -> ISO-like values, relative dates resolved.

Pure functions on numbers and strings. The component (``extract/components/dates.py``) reads
the words of a matched span into a :class:`PartialDate`; :func:`resolve` turns it into a value:

* day ``2017-01-12``, month ``2017-01``, year ``2017``, quarter ``2020-Q1``,
  season ``2019-SU`` (ISO 8601-2 / TimeML codes SP, SU, FA, WI), half-year ``2020-H1``
  (TIMEX3; the months in :func:`half_months`); ranges join two values with ``/`` (``2012/2016``).
* Unknown parts are ``XXXX`` (year) / ``XX`` (``XXXX-11-08``); a value with no known part at
  all is not a date (``None``).
* A day or month without a year takes the year of the publication date that puts it nearest
  to it (within six months: a "15. Dezember" in a text published 2017-01-12 is 2016-12-15).
* Two-digit years follow POSIX ``strptime`` (00-68 -> 20xx, 69-99 -> 19xx).
* Weeks ``2015-W15``, weekends ``2015-W15-WE``, weekdays, holidays, decades ``199`` and
  centuries ``19`` (millennia ``2``) are computed in :mod:`extract.normalise.timex`. ``direction`` (-1 past, +1
  future: from the sentence's tense or a modifier) picks the occurrence of a weekday, weekend,
  holiday or season without a year, and moves a day/month without a year across the reference
  date when the nearest occurrence lies on the wrong side of it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from extract.normalise.timex import (
    century_value,
    decade_value,
    holiday_date,
    holiday_is_fixed,
    holiday_year,
    shift_week,
    weekday_date,
    weekend,
)

# months of a season as seen within one calendar year (winter: the December that starts it)
_SEASON_SPAN = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 12)}
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """What a date expression states: absolute parts, relative offsets and qualifiers."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    rel_year: int | None = None  # offset from the publication year
    rel_month: int | None = None  # offset from the publication month
    rel_day: int | None = None  # offset from the publication day
    part: str | None = None  # start / middle / end ("Anfang März")
    weekday: int | None = None  # 0 = Monday ("am Freitag", "vergangenen Dienstag")
    rel_week: int | None = None  # offset from the reference week ("vergangene Woche" -1)
    week: int | None = None  # ISO week number ("KW 23")
    weekend: bool = False  # "am Wochenende"
    holiday: str | None = None  # holiday rule ("12-25", "easter+1", "advent+0")
    decade: int | None = None  # first year of a decade ("in den 90er Jahren" -> 1990)
    century: int | None = None  # ordinal of a century ("im 20. Jahrhundert" -> 20)
    millennium: int | None = None  # ordinal of a millennium ("im dritten Jahrtausend" -> 3)
    rel_quarter: int | None = None  # offset from the reference quarter ("nächstes Quartal" +1)
    rel_century: int | None = None  # offset from the reference century ("des vorigen Jahrhunderts" -1)
    direction: int = 0  # -1 past / +1 future (tense or modifier); 0 unknown
    strict: bool = False  # the modifier excludes the reference day ("vergangenen Freitag")

    def is_empty(self) -> bool:
        return all(v is None for v in (
            self.year, self.month, self.day, self.quarter, self.half, self.season, self.rel_year,
            self.rel_month, self.rel_day, self.weekday, self.rel_week, self.holiday, self.decade,
            self.century, self.rel_century, self.rel_quarter, self.week, self.millennium)) and not self.weekend

    def is_deictic(self) -> bool:
        """Whether it counts from the time of writing ("heute", "dieses Jahr", "vergangene Woche",
        "letzten September"), so that only a publication date, not another date of the text, resolves it."""
        return self.strict or self.weekend or any(v is not None for v in (
            self.rel_day, self.rel_year, self.rel_month, self.rel_week, self.rel_quarter, self.rel_century))


@dataclass(frozen=True)
class Resolved:
    """A normalised date value."""

    value: str
    granularity: str
    resolved: bool  # False when a part had to stay XXXX
    anchored: bool  # True when the publication date supplied a part


def two_digit_year(yy: int) -> int:
    """POSIX pivot: 00-68 -> 2000-2068, 69-99 -> 1969-1999."""
    return 2000 + yy if yy < 69 else 1900 + yy


def parse_published(published: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of an ISO publication date ("2017-01-12", "2022-11", "2014" or "")."""
    m = _PUBLISHED.match(published or "")
    if not m:
        return None, None, None
    y, mo, d = m.groups()
    return int(y), int(mo) if mo else None, int(d) if d else None


def valid_day(year: int | None, month: int, day: int) -> bool:
    """Whether the day exists (an unknown year allows 29 February)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year is not None else 2000, month)[1]


# Within this many days of the reference, the nearest occurrence wins over the sentence's tense:
# "Karten für den Empfang am 1. September waren vergeben" in an August text is this September.
NEAR_DAYS = 45


def nearest_year(
    month: int, day: int | None, published: tuple[int | None, int | None, int | None], direction: int = 0,
    from_text: bool = False,
) -> int | None:
    """Year that puts month/day nearest to the reference date (six months either way); with a
    ``direction`` (tense) from a day reference, the occurrence on that side of it unless the nearest
    one lies within ``NEAR_DAYS`` (a month alone too: "Im März wird die Halle eröffnet" in an August
    text is next March, "Im Februar wurde beschlossen" in a November text this February).
    ``from_text``: the reference is another date of the text (no publication date), whose year a
    text keeps ("4. Februar 2024 ... 22. September") unless the
    date lies just across a year border (within three months: "12. Dezember 2019 ... 5. Januar")."""
    py, pm, pd = published
    if py is None:
        return None
    if pm is None:
        return py
    diff = (month - pm) * 31 + ((day or 15) - (pd or 15))
    if from_text:
        if diff < -6 * 31 and diff + 12 * 31 <= 3 * 31:
            return py + 1
        if diff > 6 * 31 and 12 * 31 - diff <= 3 * 31:
            return py - 1
        return py
    near = py - 1 if diff > 6 * 31 else py + 1 if diff < -6 * 31 else py
    offset = diff + (near - py) * 12 * 31  # days from the reference to the nearest occurrence
    if pd is not None and direction and month != pm and abs(offset) > NEAR_DAYS and (offset > 0) != (direction > 0):
        # the tense puts it on the other side: the occurrence just before / after the reference
        return near - 1 if direction < 0 else near + 1
    return near


def season_year(season: str, year: int, month: int, direction: int = 0, strict: bool = False) -> int:
    """The year of the season (TIMEX3 ``2025-WI`` = December 2025 to February 2026) meant at a
    reference month: ``strict`` with a ``direction`` the one wholly before / after it ("im
    vergangenen Sommer" in a July text is last year's, "im kommenden Winter" in a January text
    the next one); else the one the reference lies in, or the nearest on the side of the tense
    ("im Herbst" in a past-tense sentence of a spring text is last autumn)."""
    first = _SEASON_SPAN.get(season, (month, month))[0]
    ref = year * 12 + month - 1
    # the instances from two years before to the next one: (year, first, last month index)
    spans = [(y, y * 12 + first - 1, y * 12 + first + 1) for y in range(year - 2, year + 2)]
    inside = [y for y, start, end in spans if start <= ref <= end]
    if inside and not (strict and direction):
        return inside[0]
    if direction < 0:
        return max(y for y, _, end in spans if end < ref)
    if direction > 0:
        return min(y for y, start, _ in spans if start > ref)
    return year


def _ymd(year: int | None, month: int | None = None, day: int | None = None) -> str:
    out = f"{year:04d}" if year is not None else "XXXX"
    if month is not None or day is not None:
        out += f"-{month:02d}" if month is not None else "-XX"
    if day is not None:
        out += f"-{day:02d}"
    return out


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + offset
    return n // 12, n % 12 + 1


def resolve(p: PartialDate, published: str | None = "", anchored: bool = True,
            from_text: bool = False) -> Resolved | None:
    """Normalise one (non-range) date; ``anchored=False`` never uses the publication date;
    ``from_text``: ``published`` is another date of the text, not the publication date."""
    pub = parse_published(published) if anchored else (None, None, None)
    py, pm, pd = pub
    used_pub = False
    calendar_value = _resolve_calendar(p, pub)
    if calendar_value is not False:
        return calendar_value  # type: ignore[return-value]
    if p.rel_day is not None:
        if py is None or pm is None or pd is None:
            return None
        d = dt.date(py, pm, pd) + dt.timedelta(days=p.rel_day)
        return Resolved(d.isoformat(), "day", True, True)
    if p.rel_month is not None:
        if py is None or pm is None:
            return None
        y, m = _shift_month(py, pm, p.rel_month)
        return Resolved(_ymd(y, m), "month", True, True)
    year = p.year
    if year is None and p.rel_year is not None and py is not None:
        year, used_pub = py + p.rel_year, True
    elif year is None and p.rel_year is None and py is not None:
        if p.month is not None and p.strict and pm is not None:
            # "letzten September" / "nächsten März": the one strictly before / after this month
            year, used_pub = py + (p.direction < 0 and p.month >= pm and -1 or 0) + (
                p.direction > 0 and p.month <= pm and 1 or 0), True
        elif p.month is not None:
            year, used_pub = nearest_year(p.month, p.day, pub, p.direction, from_text), True
        elif p.season is not None and pm is not None:
            year, used_pub = season_year(p.season, py, pm, p.direction, p.strict), True
        elif p.quarter is not None or p.half is not None or p.season is not None:
            year, used_pub = py, True
    known = year is not None
    if p.day is not None and p.month is not None:
        if not valid_day(year, p.month, p.day):
            return None
        return Resolved(_ymd(year, p.month, p.day), "day", known, used_pub)
    if p.month is not None:
        return Resolved(_ymd(year, p.month), "month", known, used_pub)
    ytext = _ymd(year)
    if p.quarter is not None:
        return Resolved(f"{ytext}-Q{p.quarter}", "quarter", known, used_pub)
    if p.half is not None:  # TIMEX3 "2020-H2"; its months are half_months()
        return Resolved(f"{ytext}-H{p.half}", "half", known, used_pub)
    if p.season is not None:
        return Resolved(f"{ytext}-{p.season}", "season", known, used_pub)
    if known:
        return Resolved(ytext, "year", True, used_pub)
    return None


def _resolve_calendar(p: PartialDate, pub: tuple[int | None, int | None, int | None]) -> Resolved | None | bool:
    """Weekdays, weeks, weekends, holidays, decades and centuries; False when ``p`` is none of them."""
    py, pm, pd = pub
    ref = dt.date(py, pm, pd) if py is not None and pm is not None and pd is not None else None
    if p.holiday is not None:
        year = p.year
        if year is None and p.rel_year is not None and py is not None:
            year = py + p.rel_year
        if year is None and ref is not None:
            year = holiday_year(p.holiday, ref, p.direction)
        if year is None and py is not None and pm is not None:
            # a month-precision reference (a page's " date 2024-03" stamp): its middle stands in
            year = holiday_year(p.holiday, dt.date(py, pm, 15), p.direction)
        if year is None and py is not None and not holiday_is_fixed(p.holiday):
            year = py  # a year-precision reference: that year's holiday
        if year is None and py is not None and holiday_is_fixed(p.holiday):
            year = py
        if year is None:
            return Resolved(f"XXXX-{p.holiday}", "day", False, False) if holiday_is_fixed(p.holiday) else None
        day = holiday_date(p.holiday, year)
        if p.holiday.startswith("week:"):  # "Karwoche": the ISO week of its day
            iso_year, week, _ = day.isocalendar()
            return Resolved(f"{iso_year:04d}-W{week:02d}", "week", True, p.year is None)
        return Resolved(day.isoformat(), "day", True, p.year is None)
    if p.week is not None:  # "KW 23": the ISO week of the year given, else of the reference year
        year = p.year if p.year is not None else py
        if not 1 <= p.week <= 53 or (year is not None and p.week > dt.date(year, 12, 28).isocalendar()[1]):
            return None
        return Resolved(f"{_ymd(year)}-W{p.week:02d}", "week", year is not None, p.year is None and year is not None)
    if p.rel_quarter is not None:
        if py is None or pm is None:
            return None
        n = py * 4 + (pm - 1) // 3 + p.rel_quarter
        return Resolved(f"{n // 4:04d}-Q{n % 4 + 1}", "quarter", True, True)
    if p.century is not None:
        return Resolved(century_value(p.century), "century", True, False)
    if p.millennium is not None:  # TIMEX3 "2": the years 2000-2999 ("das dritte Jahrtausend")
        return Resolved(str(p.millennium - 1), "millennium", True, False) if p.millennium > 0 else None
    if p.rel_century is not None:
        return None if py is None else Resolved(f"{py // 100 + p.rel_century:02d}", "century", True, True)
    if p.decade is not None:
        return Resolved(decade_value(p.decade), "decade", True, False)
    if p.weekend:
        if ref is None:
            return None
        # "dieses Wochenende": the one of this week; "vergangenes"/"kommendes": the last/next one
        if p.rel_week == 0:
            value = shift_week(ref, 0) + "-WE"
        elif p.rel_week is not None:
            value = weekend(ref, -1 if p.rel_week < 0 else 1)
        else:
            value = weekend(ref, p.direction)
        return Resolved(value, "weekend", True, True)
    if p.rel_week is not None:
        if ref is None:
            return None
        if p.weekday is not None:  # "nächste Woche Montag"
            day = weekday_date(ref + dt.timedelta(weeks=p.rel_week), p.weekday, 0)
            return Resolved(day.isoformat(), "day", True, True)
        return Resolved(shift_week(ref, p.rel_week), "week", True, True)
    if p.weekday is not None and p.day is None and p.month is None:
        if ref is None:
            return None
        shift = dt.timedelta(days=p.rel_day or 0)
        # no modifier and no tense: the coming one (an announcement's "am Freitag")
        direction = p.direction if (p.direction or p.strict) else 1
        day = weekday_date(ref, p.weekday, direction, p.strict) + shift
        return Resolved(day.isoformat(), "day", True, True)
    return False


def half_months(value: str) -> str:
    """Month range of a half-year value: "2020-H2" -> "2020-07/2020-12"."""
    year_text, code = value.split("-", 1)
    first, last = (1, 6) if code == "H1" else (7, 12)
    return f"{year_text}-{first:02d}/{year_text}-{last:02d}"


def season_months(value: str, season_months_map: dict[str, tuple[int, int]]) -> str:
    """Month range of a season value: "2019-SU" -> "2019-06/2019-08" (winter ends next year)."""
    year_text, code = value.split("-", 1)
    first, last = season_months_map[code]
    if year_text == "XXXX":
        return f"XXXX-{first:02d}/XXXX-{last:02d}"
    year = int(year_text)
    end_year = year + 1 if last < first else year
    return f"{_ymd(year, first)}/{_ymd(end_year, last)}"


def resolve_range(left: PartialDate, right: PartialDate, published: str | None = "",
                  anchored: bool = True, from_text: bool = False) -> Resolved | None:
    """Normalise "<left> bis <right>": the left side borrows the year/month it leaves out."""
    if left.year is None and left.rel_year is None:
        left = replace(left, year=right.year, rel_year=right.rel_year)
        if right.year is not None and left.month is not None and right.month is not None and (
                (left.month, left.day or 0) > (right.month, right.day or 0)):
            left = replace(left, year=right.year - 1)  # "vom 27. Dezember bis zum 2. Januar 2026"
    if left.day is not None and left.month is None:
        left = replace(left, month=right.month)
    a = resolve(left, published, anchored, from_text)
    b = resolve(right, published, anchored, from_text)
    if a is None or b is None:
        return None
    both_known = a.value.split("-")[0] != "XXXX" and b.value.split("-")[0] != "XXXX"
    if both_known and b.value[:len(a.value)] < a.value[:len(b.value)]:
        return None  # "2016 bis 2012" is no range
    return Resolved(f"{a.value}/{b.value}", "range", a.resolved and b.resolved, a.anchored or b.anchored)
