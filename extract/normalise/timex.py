"""TIMEX3 values that need a calendar: weeks, weekends, weekdays, holidays, decades, centuries.

Pure functions on ``datetime.date``. Values follow TimeML/TIMEX3 (ISO 8601 where it has a form):

* week ``2015-W15`` (ISO week of the year), weekend ``2015-W15-WE``;
* a weekday resolves to a day (``2015-04-10``) before or after the reference date;
* holidays resolve to their day in a year: fixed ones (``12-25``) or movable ones counted from
  Easter Sunday (``dateutil.easter``, Western) or from the Sundays before Christmas (Advent);
* decade ``199`` (the 1990s), century ``19`` (the 20th century: years 1900-1999, as TimeML).
"""

from __future__ import annotations

import datetime as dt

from dateutil.easter import easter


def iso_week(day: dt.date) -> str:
    """ISO week value of a day: 2015-04-10 -> "2015-W15"."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def shift_week(ref: dt.date, weeks: int) -> str:
    """The ISO week ``weeks`` weeks from the week of ``ref``."""
    return iso_week(ref + dt.timedelta(weeks=weeks))


def weekend(ref: dt.date, direction: int) -> str:
    """The weekend meant by "am Wochenende" said on ``ref``: the last one when ``direction`` < 0
    (past tense: the latest Saturday before ``ref``, or this weekend when ``ref`` is a Sunday),
    else the coming one (the next Saturday on or after ``ref``; its Sunday when ``ref`` is one)."""
    if direction < 0:
        back = (ref.weekday() - 5) % 7 or 7  # days back to the latest Saturday before ref
        day = ref - dt.timedelta(days=back)
    else:
        day = ref if ref.weekday() == 6 else ref + dt.timedelta(days=(5 - ref.weekday()) % 7)
    return iso_week(day) + "-WE"


def weekday_date(ref: dt.date, weekday: int, direction: int, strict: bool = False) -> dt.date:
    """The ``weekday`` (0 = Monday) nearest to ``ref`` in ``direction``.

    ``direction`` < 0: the latest such day before ``ref``; > 0: the next one after it;
    0: the one in the ISO week of ``ref``. Unless ``strict`` ("vergangenen", "kommenden"), a
    ``ref`` that is that weekday is itself the answer.
    """
    if direction == 0:
        return ref + dt.timedelta(days=weekday - ref.weekday())
    if not strict and ref.weekday() == weekday:
        return ref
    if direction < 0:
        return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7 or 7)
    return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)


def holiday_date(rule: str, year: int) -> dt.date:
    """The day of a holiday rule in ``year``.

    Rules: ``MM-DD`` (fixed), ``easter+N`` / ``easter-N`` (days from Easter Sunday),
    ``week:<rule>`` (a named week: the day of its rule),
    ``advent+N`` (days from the first Sunday of Advent: the fourth Sunday before 25 December),
    ``advent-N``, ``sunday:MM:N`` (the N-th Sunday of month MM: "Muttertag" is ``sunday:05:2``).
    """
    rule = rule.removeprefix("week:")  # a named week ("week:easter-2"): the day that fixes it
    if rule.startswith("sunday:"):
        _, month, nth = rule.split(":")
        first = dt.date(year, int(month), 1)
        return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (int(nth) - 1))
    if rule.startswith("easter"):
        return easter(year) + dt.timedelta(days=int(rule[6:] or 0))
    if rule.startswith("advent"):
        christmas = dt.date(year, 12, 25)
        fourth = christmas - dt.timedelta(days=(christmas.weekday() + 1) % 7 or 7)
        return fourth - dt.timedelta(weeks=3) + dt.timedelta(days=int(rule[6:] or 0))
    month, day = (int(x) for x in rule.split("-"))
    return dt.date(year, month, day)


def holiday_is_fixed(rule: str) -> bool:
    """Whether the holiday falls on the same month and day every year."""
    return rule[:1].isdigit()


def holiday_year(rule: str, ref: dt.date, direction: int) -> int:
    """The year of a holiday named without one: the occurrence before ``ref`` in past tense
    (``direction`` < 0), after it in future tense (> 0), else the nearer one (ties: the coming one)."""
    this = holiday_date(rule, ref.year)
    if direction < 0:
        return ref.year if this <= ref else ref.year - 1
    if direction > 0:
        return ref.year if this >= ref else ref.year + 1
    before = ref.year if this <= ref else ref.year - 1
    after = ref.year if this >= ref else ref.year + 1
    d_before = (ref - holiday_date(rule, before)).days
    d_after = (holiday_date(rule, after) - ref).days
    return before if d_before < d_after else after


def decade_value(year: int) -> str:
    """TIMEX3 decade: 1990 -> "199"."""
    return f"{year // 10:03d}"


def century_value(ordinal: int) -> str:
    """TIMEX3 century of an ordinal ("20. Jahrhundert" = years 1900-1999) -> "19"."""
    return f"{ordinal - 1:02d}"
