"""Publication dates of a page: date expressions read as ISO, dates split over lines joined, and
the first date the ``published`` rules find in a page's head and tail."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import dateparser

from extract.metadata.cues import _BULLET

_DIGIT = re.compile(r"\d")
_MARCH = re.compile(r"\b(?:Maerz|Mrz\.?)(?!\w)")
_DATE_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember")
# the two shapes of nearly every stamp ("14.03.2019", "3. Oktober 2019"), read without dateparser
# (a few ms per call); ``tests/test_fast_paths.py`` checks them against dateparser
_NUMERIC_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)")
_NAMED_DAY = re.compile(rf"(\d{{1,2}})\. ({'|'.join(_MONTHS)}) ((?:19|20)\d\d)")


def _plain_day(expression: str) -> str:
    """ISO day of "14.03.2019" or "3. Oktober 2019" (a valid day), else ""."""
    match = _NUMERIC_DAY.fullmatch(expression)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
    elif match := _NAMED_DAY.fullmatch(expression):
        day, month = int(match.group(1)), _MONTHS.index(match.group(2)) + 1
    else:
        return ""
    try:
        return date(int(match.group(3)), month, day).isoformat()
    except ValueError:
        return ""


@lru_cache(maxsize=4096)
def iso_date(expression: str) -> str:
    """ISO form of a date expression from a metadata line: day, or month for "2022-11".

    Day first always; English-style dates ("November 12, 2018") are read as such. A day and
    month without a year ("03. März", "3.3.") give "XXXX-03-03". A transliterated "Maerz" and an
    abbreviated "Mrz." are "März".
    """
    # "12. Maerz 2024" as ASCII feeds spell it, "12. Mrz. 2024" as some CMS abbreviate it
    expression = _MARCH.sub("März", expression.strip())
    if re.fullmatch(r"\d{4}-\d{2}", expression):
        return expression
    partial = re.fullmatch(r"(\d{1,2})\.\s?(?:(\d{1,2})\.|([^\W\d]+))", expression)
    if partial:
        month = int(partial.group(2)) if partial.group(2) else _month_number(partial.group(3))
        day = int(partial.group(1))
        return f"XXXX-{month:02d}-{day:02d}" if month and 1 <= month <= 12 and 1 <= day <= 31 else ""
    plain = _plain_day(expression)
    if plain:
        return plain
    parsed = dateparser.parse(expression, languages=["de", "en"], settings=_DATE_SETTINGS)
    return parsed.date().isoformat() if parsed else ""


def _month_number(name: str) -> int:
    parsed = dateparser.parse(f"1. {name} 2000", languages=["de"], settings=_DATE_SETTINGS)
    return parsed.month if parsed else 0



def _strip_stamp(line: str, rules: dict) -> str:
    """The line without a date stamp that opens it ("Pressemitteilung vom 14.03.2019…",
    "Published on 3 September 2019", "Stand: 15.06.2021"); datelines are handled apart."""
    for rule_id, pattern in rules["published"]:
        if rule_id in ("published.dateline", "published.headline_stamp"):
            continue  # the headline is before these dates, not after
        match = pattern.search(line)
        if match and match.start() <= 3:
            # "Stand: 30.10.2021 14:11 Uhr Feuerwehr …": the stamp's time goes with it
            return rules["leading_time"].sub("", line[match.end():].strip(" -–—:|,")).strip(" -–—:|,")
    return line



def _is_date_line(line: str, rules: dict) -> bool:
    """A line that is only a date or a date stamp ("28.09.2023", "Datum 20.05.2020"): the rules
    marked ``date_line`` in ``rules/metadata.yaml``."""
    return any(rid in rules["date_line"] and p.match(line) for rid, p in rules["published"])


_MONTH_LINE = re.compile(rf"(?:{'|'.join(_MONTHS)})")


def _joined_date(lines: list[str], i: int, rules: dict) -> tuple[str, int]:
    """A date split over lines, starting at ``lines[i]``, as one line and the number of lines
    it took; ("", 1) if there is none. A date field's label over its value ("- Datum" /
    "- 23.02.2023", as scraped definition lists come) gives "Datum: 23.02.2023"; a calendar
    sheet ("01" / "Februar" / "2013", as blog themes show it) gives "01. Februar 2013"."""
    label = _BULLET.sub("", lines[i]).rstrip(" :").lower()
    if label in rules["date_labels"] and i + 1 < len(lines):
        value = _BULLET.sub("", lines[i + 1])
        if rules["date"].match(value):
            joiner = " " if label.endswith(" am") else ": "  # "Veröffentlicht am 23.02.2023"
            return f"{label.capitalize()}{joiner}{value}", 2
    if i + 2 < len(lines) and re.fullmatch(r"\d{1,2}\.?", lines[i]) and _MONTH_LINE.fullmatch(lines[i + 1]) \
            and re.fullmatch(r"(?:19|20)\d\d", lines[i + 2]):
        return f"{lines[i].rstrip('.')}. {lines[i + 1]} {lines[i + 2]}", 3
    return "", 1


def _join_dates(lines: list[str], rules: dict) -> list[str]:
    """The lines with every date split over lines joined into one (see :func:`_joined_date`),
    so the date rules read it."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        joined, taken = _joined_date(lines, i, rules)
        out.append(joined or lines[i])
        i += taken
    return out


def _find_published(rules: dict, zone: list[str], head: list[str]) -> tuple[str, str]:
    """The first publication date the rules find, in rule order, and the line it stands on."""
    digits = rules["needs_digit"]
    zone_digits, head_digits = [x for x in zone if _DIGIT.search(x)], [x for x in head if _DIGIT.search(x)]
    for rule_id, pattern in rules["published"]:
        if rule_id in rules["head_only"]:
            lines = head_digits if rule_id in digits else head
        else:
            lines = zone_digits if rule_id in digits else zone
        for line in lines:
            match = pattern.search(line)
            if match and (value := iso_date(match.group("date"))):
                return value, line
    return "", ""


def find_published(rules: dict, zone: list[str], head: list[str]) -> str:
    """The publication date of a page from its search ``zone`` and ``head`` lines."""
    published, line = _find_published(rules, zone, head)
    if len(published) == 7 and rules["crawl_stamp"].match(line):
        # the stored page's month stamp (" date 2019-04"): the page's own day date wins when it
        # lies in that month or before ("15:40 Uhr | 29.04.2019"), also on the stamp's own line
        # (" date 2021-10 Stand: 30.10.2021 14:11 Uhr Feuerwehr …")
        rest = rules["crawl_stamp"].sub("", line)
        day, _ = _find_published(rules, [rest if x is line else x for x in zone],
                                 [rest if x is line else x for x in head])
        if len(day) == 10 and day[:7] <= published:
            published = day
    return published
