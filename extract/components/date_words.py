"""The date lexicons (``rules/dates/*.yaml``) and the reading of a matched span's words into a
:class:`~extract.normalise.dates.PartialDate` (used by :mod:`extract.components.dates`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from extract.normalise.dates import PartialDate, two_digit_year
from extract.rules import read_yaml

NUMDATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?")
DAY = re.compile(r"^(\d{1,2})\.?$")
DAYS = re.compile(r"^(\d{1,2})\.?([-–/])(\d{1,2})\.$")
YEAR = re.compile(r"^(?:1\d|20)\d\d$")
YEARS = re.compile(r"^((?:1\d|20)\d\d)([-–/])(\d\d(?:\d\d)?)\.?$")
YEAR_DOT = re.compile(r"^(?:1\d|20)\d\d\.$")
QCODE = re.compile(r"^Q([1-4])$")
GLUED_DAY_MONTH = re.compile(r"^(\d{1,2}\.)([A-Za-zÄÖÜäöü]+\.?)$")  # "7.Mai", "28.Oktober"
# "crdate10.12.2022", "Ringlokschuppen.24.08.2007Foto"
DEBRIS_NUMDATE = re.compile(
    r"^[A-Za-z][\w.-]*?[A-Za-z.](\d{1,2}\.\d{1,2}\.(?:19|20)\d\d)(?:[\"“„']?[A-ZÄÖÜ][a-zäöüß]\w*)?$")
DECADE_NUM = re.compile(r"^((?:1\d|20)?\d0)er(?:-?(?:jahre|jahren))?$")  # "90er", "1990er-Jahren"
SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/((?:1\d|20)\d\d)$")
ORDINAL_ENDINGS = ("e", "en", "er", "es", "em")
# "20er" ... "90er" (of the 1900s), "1800er" ... "2090er"
_DECADE_NUMBERS = [f"{d}0er" for d in range(2, 10)] + [f"{y}er" for y in range(1800, 2100, 10)]


@dataclass
class Lexicon:
    months: dict[str, int]
    month_names: list[str]
    weekdays: dict[str, str]
    weekday_names: list[str]
    weekday_index: dict[str, int]
    week_number_words: set[str]
    day_parts: dict[str, str]
    weekday_parts: dict[str, tuple[str, str]]  # "dienstagabend" -> (dienstag, evening)
    weekday_cues: list[str]
    seasons: dict[str, str]
    season_months: dict[str, tuple[int, int]]
    ordinals: dict[str, int]
    day_ordinals: dict[str, int]
    quarter_words: set[str]
    half_words: set[str]
    part_modifiers: dict[str, str]
    year_adjectives: dict[str, int]
    year_words: dict[str, int]
    month_words: set[str]
    week_words: dict[str, int]
    relative_days: dict[str, int]
    relative_day_forms: list[str]
    day_adjectives: dict[str, int]
    narrative_days: dict[str, int]
    decade_words: dict[str, int]
    decade_nouns: set[str]
    century_words: set[str]
    millennium_words: set[str]
    holidays: dict[str, str]
    greeting_words: list[str]
    name_holidays: list[str]  # holidays that are also first names: a date only after a cue word
    name_holiday_cues: list[str]
    tense: dict[str, set[str]]
    ref_words: dict[str, str]
    generic_today: dict[str, list[str]]
    context: dict[str, Any]
    roles: dict[str, Any]

    def lists(self) -> dict[str, list[str]]:
        ctx = self.context
        return {
            "months": sorted(self.months),
            "month_names": self.month_names,
            "weekdays": sorted(self.weekdays),
            "weekday_names": self.weekday_names,
            "weekday_parts": sorted(self.weekday_parts),
            "day_parts": sorted(self.day_parts),
            "weekday_cues": self.weekday_cues,
            "seasons": sorted(self.seasons),
            "ordinals": sorted(self.ordinals),
            "day_ordinals": sorted(self.day_ordinals),
            "quarter_words": sorted(self.quarter_words),
            "half_words": sorted(self.half_words),
            "part_modifiers": sorted(self.part_modifiers),
            "year_adjectives": sorted(self.year_adjectives),
            "year_words": sorted(self.year_words),
            "month_words": sorted(self.month_words),
            "week_words": sorted(self.week_words),
            "relative_day_forms": self.relative_day_forms,
            "day_adjectives": sorted(self.day_adjectives),
            "day_adjective_nouns": sorted({*self.weekday_names, *self.weekday_parts, *self.day_parts}),
            "decade_words": sorted(self.decade_words),
            "decade_nouns": sorted(self.decade_nouns),
            "century_words": sorted(self.century_words),
            "millennium_words": sorted(self.millennium_words),
            "glued_day_months": [f"{d}.{m}" for d in [*range(1, 32), *(f"0{k}" for k in range(1, 10))]
                                 for m in self.months if m.isalpha()],
            "decade_words_numbers": sorted(self.decade_words) + _DECADE_NUMBERS,
            "month_halves": [f"{m}hälfte" for m in self.month_names],
            "modified_words": sorted({*self.weekday_names, *self.weekday_parts, "woche", "wochenende",
                                      *self.quarter_words, *self.month_names, *self.century_words}),
            "decade_tokens": [f"{n}{sep}{noun}" for n in _DECADE_NUMBERS for sep in ("-", "")
                              for noun in ("jahre", "jahren")],
            "week_number_words": sorted(self.week_number_words),
            "generic_today_before": self.generic_today["before"],
            "generic_today_after": self.generic_today["after"],
            **{k: [str(w).lower() for w in ctx[k]] for k in (
                "year_cues", "month_cues", "day_cues", "number_prefixes", "count_qualifiers",
                "amount_followers", "count_adjectives", "cue_hedges", "year_start_verbs", "day_cue_nouns",
                "year_hedges", "year_after_words")},
        }

    def extra_anchor_words(self, extras: frozenset[str] = frozenset()) -> list[str]:
        """The anchor words of the issue-12 forms (weekdays, weeks, holidays, decades, centuries,
        narrative days, TimeML extras): windows without one skip their patterns."""
        core = {*self.months, *self.seasons, *self.relative_days, *self.year_words, *self.month_words,
                *self.quarter_words, *self.half_words, "jahr", "jahres"}
        return sorted(w for w in self.anchor_words(extras) if w not in core)

    def anchor_words(self, extras: frozenset[str] = frozenset()) -> list[str]:
        """Lower-case words that can anchor a date pattern (besides digits): for a phrase one
        distinctive word (see :func:`_holiday_key`; for narrative days "tag"), so that no common short
        word ("in", "der")
        makes every sentence a candidate. Day ordinals need a month, which anchors them."""
        def key(phrase: str) -> str:
            return max(phrase.split(), key=len)

        narrative = [next((w for w in p.split() if w in ("tag", "tags", "tage")), p) for p in self.narrative_days]
        words = [*self.months, *self.seasons, *self.relative_days, *self.year_words, *self.month_words,
                 *self.quarter_words, *self.half_words, "jahr", "jahres", *self.weekday_names,
                 *self.weekday_parts, "woche", "wochenende", *self.week_words, *self.week_number_words,
                 *self.decade_words,
                 *self.century_words, *self.millennium_words, *narrative, *self.day_adjectives,
                 *(f"{m}hälfte" for m in self.month_names),
                 *(_holiday_key(w) for w in self.holidays)]
        if "ref" in extras:
            words += [key(w) for w in self.ref_words]
        if "clock" in extras:
            words += ["uhr", "um", "ab", "gegen"]
        if "day_part" in extras:
            words += sorted(self.day_parts)
        return words


def _holiday_key(phrase: str) -> str:
    """The anchor word of a holiday name: "tag" when it has one ("Tag der Arbeit": "tag" anchors
    the narrative days anyway), else its last word unless that is a common one ("Heiliger Abend")."""
    words = phrase.split()
    if "tag" in words:
        return "tag"
    return words[0] if words[-1] in ("abend", "martin") else words[-1]


def _words(values: Any) -> list[str]:
    return [str(w).lower() for w in values]


def counted_narrative_days(spec: dict[str, Any]) -> dict[str, int]:
    """The phrases of ``rules/dates/narrative.yaml`` with their offsets: "zwei tage später" 2,
    "drei tage zuvor" -3, and each count also in digits ("3 tage danach")."""
    out: dict[str, int] = {}
    for word, n in spec["counts"].items():
        for count in (str(word).lower(), str(n)):
            for unit in spec["units"]:
                for direction, sign in spec["directions"].items():
                    out[f"{count} {str(unit).lower()} {str(direction).lower()}"] = int(n) * int(sign)
    return out


def load_lexicon() -> Lexicon:
    """Read the date lexicons from ``rules/dates``."""
    mo = read_yaml("dates/months.yaml")
    months = {str(w).lower(): int(n) for n, words in mo["months"].items() for w in words}
    wd_file = read_yaml("dates/weekdays.yaml")
    wd = wd_file["weekdays"]
    weekdays = {str(w).lower(): str(name) for name, words in wd.items() for w in words}
    names = list(wd)  # montag ... sonntag, in order
    weekday_names = sorted({str(w).lower() for w in weekdays if not w.endswith(".") and len(w) > 2})
    weekday_index = {w: names.index(weekdays[w]) for w in weekdays}
    day_parts = {str(k).lower(): str(v) for k, v in wd_file["day_parts"].items()}
    weekday_parts = {w + p: (w, v) for w in weekday_names for p, v in day_parts.items()}
    per = read_yaml("dates/periods.yaml")
    rel = read_yaml("dates/relative.yaml")
    days = {str(k).lower(): int(v) for k, v in rel["days"].items()}
    nouns = {str(w).lower() for w in rel.get("noun_when_capitalised", [])}
    forms = sorted(set(days) | {w.capitalize() for w in days if w not in nouns})
    day_ordinals = {f"{stem}{end}": int(n) for n, stem in per["day_ordinals"].items() for end in ORDINAL_ENDINGS}
    tense = {k: set(_words(v)) for k, v in rel["tense"].items()}
    hol = read_yaml("dates/holidays.yaml")
    return Lexicon(
        months=months,
        month_names=_words(mo["full_names"]),
        weekdays=weekdays,
        weekday_names=weekday_names,
        weekday_index=weekday_index,
        day_parts=day_parts,
        weekday_parts=weekday_parts,
        weekday_cues=_words(wd_file["weekday_cues"]),
        seasons={str(k).lower(): str(v) for k, v in per["seasons"].items()},
        season_months={str(k): (int(v[0]), int(v[1])) for k, v in per["season_months"].items()},
        ordinals={str(k).lower(): int(v) for k, v in per["ordinals"].items()},
        day_ordinals=day_ordinals,
        quarter_words=set(_words(per["quarter_words"])),
        half_words=set(_words(per["half_words"])),
        part_modifiers={str(k).lower(): str(v) for k, v in per["part_modifiers"].items()},
        year_adjectives={str(k).lower(): int(v) for k, v in rel["year_adjectives"].items()},
        year_words={str(k).lower(): int(v) for k, v in rel["year_words"].items()},
        month_words=set(_words(rel["month_words"])),
        week_words={str(k).lower(): int(v) for k, v in rel["week_words"].items()},
        week_number_words=set(_words(rel["week_number_words"])),
        relative_days=days,
        relative_day_forms=forms,
        day_adjectives={str(k).lower(): int(v) for k, v in rel["day_adjectives"].items()},
        narrative_days={**{str(k).lower(): int(v) for k, v in rel["narrative_days"].items()},
                        **counted_narrative_days(read_yaml("dates/narrative.yaml"))},
        decade_words={str(k).lower(): int(v) for k, v in per["decade_words"].items()},
        decade_nouns=set(_words(per["decade_nouns"])),
        century_words=set(_words(per["century_words"])),
        millennium_words=set(_words(per["millennium_words"])),
        holidays={str(k).lower(): str(v) for k, v in hol["holidays"].items()},
        greeting_words=_words(hol["greeting_words"]),
        name_holidays=_words(hol["name_holidays"]),
        name_holiday_cues=_words(hol["name_holiday_cues"]),
        tense=tense,
        ref_words={str(k).lower(): str(v) for k, v in rel["ref_words"].items()},
        generic_today={k: _words(v) for k, v in rel["generic_today"].items()},
        context=read_yaml("dates/context.yaml"),
        roles=read_yaml("dates/roles.yaml"),
    )


def pieces(words: Sequence[str], lex: Lexicon) -> list[str]:
    """Split tokens that hold two parts ("2012–2016", "12.-14.", "7.Mai") into pieces."""
    out: list[str] = []
    for w in words:
        if YEAR_DOT.match(w) or (out and out[-1] == "/" and re.match(r"^\d\d\.$", w)):
            w = w[:-1]  # sentence-final dot kept on the year by the tokenizer
        m = YEARS.match(w)
        if m:
            out += [m.group(1), m.group(2), m.group(3)]
            continue
        m = DAYS.match(w)
        if m:
            out += [m.group(1) + ".", m.group(2), m.group(3) + "."]
            continue
        m = GLUED_DAY_MONTH.match(w)
        if m and m.group(2).lower() in lex.months:
            out += [m.group(1), m.group(2)]
            continue
        if w.lower().endswith("hälfte") and w.lower()[:-6] in lex.months:  # "Septemberhälfte": the month
            out.append(w[:-6])
            continue
        m = DEBRIS_NUMDATE.match(w)
        if m:
            out.append(m.group(1))
            continue
        out.append(w)
    return out


def read_partial(words: Sequence[str], lex: Lexicon, left_year: int | None = None) -> PartialDate:
    """Read the words of one side of a date into a PartialDate."""
    parts: dict[str, Any] = {}  # collected first: one PartialDate, not one per word
    described = False
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        low = w.lower()
        nxt = words[i + 1].lower() if i + 1 < n else ""
        m = NUMDATE.match(w)
        slash = SLASH_DATE.match(w)
        if m and (m.group(3) or w.endswith(".")) and w.count(".") >= 2:
            day, month = int(m.group(1)), int(m.group(2))
            year = m.group(3)
            y = None if not year else (int(year) if len(year) == 4 else two_digit_year(int(year)))
            parts.update(day=day, month=month, year=y if y is not None else parts.get("year"))
        elif slash:
            parts.update(day=int(slash.group(1)), month=int(slash.group(2)), year=int(slash.group(3)))
        elif YEAR.match(w):
            parts["year"] = int(w)
        elif re.match(r"^\d\d$", w) and i and words[i - 1] == "/":
            if left_year is not None:
                y = left_year // 100 * 100 + int(w)
                parts["year"] = y if y > left_year else y + 100
        elif DAY.match(w) and nxt in lex.quarter_words:
            parts["quarter"] = int(DAY.match(w).group(1))  # type: ignore[union-attr]
        elif DAY.match(w) and nxt in lex.half_words:
            parts["half"] = int(DAY.match(w).group(1))  # type: ignore[union-attr]
        elif DAY.match(w) and nxt in lex.week_number_words:
            parts["week"] = int(DAY.match(w).group(1))  # type: ignore[union-attr]
            i += 1
        elif low in lex.week_number_words and re.match(r"^\d{1,2}\.?$", nxt):
            parts["week"] = int(nxt.rstrip("."))
            i += 1
        elif DAY.match(w) and nxt in lex.century_words:
            parts["century"] = int(DAY.match(w).group(1))  # type: ignore[union-attr]
        elif low in lex.day_ordinals and nxt in lex.century_words:  # "im zwanzigsten Jahrhundert"
            parts["century"] = lex.day_ordinals[low]
        elif (DAY.match(w) or low in lex.day_ordinals) and nxt in lex.millennium_words:
            parts["millennium"] = int(DAY.match(w).group(1)) if DAY.match(w) else lex.day_ordinals[low]  # type: ignore[union-attr]
        elif DAY.match(w):
            parts["day"] = int(DAY.match(w).group(1))  # type: ignore[union-attr]
        elif low in lex.months:
            parts["month"] = lex.months[low]
        elif low in lex.seasons:
            parts["season"] = lex.seasons[low]
        elif low in lex.ordinals and nxt in lex.quarter_words:
            parts["quarter"] = lex.ordinals[low]
        elif low in lex.ordinals and nxt in lex.half_words:
            parts["half"] = min(lex.ordinals[low], 2)
        elif low in lex.day_ordinals and nxt in lex.months:
            parts["day"] = lex.day_ordinals[low]
        elif QCODE.match(w):
            parts["quarter"] = int(w[1])
        elif low in lex.part_modifiers:
            parts["part"] = lex.part_modifiers[low]
        elif low in lex.year_adjectives:
            offset = lex.year_adjectives[low]
            if nxt in lex.month_words:
                parts["rel_month"] = offset
            elif nxt in ("woche", "wochenende"):
                parts["rel_week"] = offset
            elif nxt in lex.century_words:
                parts["rel_century"] = offset
            elif nxt in lex.quarter_words:
                parts["rel_quarter"] = offset
            elif nxt in lex.months:
                parts["direction"] = (offset > 0) - (offset < 0)  # "letzten September"
                parts["strict"] = True
            elif nxt in lex.seasons:
                # "im vergangenen Sommer": the last one wholly before the reference; "diesen Winter":
                # the one the reference lies in (else the nearest, by tense)
                parts["direction"] = (offset > 0) - (offset < 0)
                parts["strict"] = offset != 0
            elif nxt in lex.weekday_index or nxt in lex.weekday_parts:
                # "vergangenen Dienstag": the one before; "übernächsten Montag": a week further
                parts["direction"] = (offset > 0) - (offset < 0)
                parts["strict"] = True
                if abs(offset) > 1:
                    parts["rel_day"] = 7 * (offset - parts["direction"])
            else:
                parts["rel_year"] = offset
        elif low in lex.year_words:
            parts["rel_year"] = lex.year_words[low]
        elif low in lex.week_words:
            parts["rel_week"] = lex.week_words[low]
        elif low == "wochenende":
            parts["weekend"] = True
        elif low == "woche" and "part" in parts:
            parts.setdefault("rel_week", 0)  # "Anfang der Woche": the reference's week
        elif low in lex.weekday_parts:
            parts["weekday"] = lex.weekday_index[lex.weekday_parts[low][0]]
        elif low in lex.weekday_index and (len(low) > 3 or w[:1].isupper()):
            parts["weekday"] = lex.weekday_index[low]
        elif low in lex.decade_words and (nxt in lex.decade_nouns or n == 1):  # n == 1: "siebziger [und …]"
            parts["decade"] = lex.decade_words[low]
        elif DECADE_NUM.match(low):
            digits = DECADE_NUM.match(low).group(1)  # type: ignore[union-attr]
            parts["decade"] = int(digits) if len(digits) == 4 else 1900 + int(digits)
        elif low == "d." and nxt == "j.":
            parts["rel_year"] = 0
        elif w in lex.relative_day_forms:
            parts.setdefault("rel_day", lex.relative_days[low])  # "heute Morgen" is today
        elif low in lex.day_adjectives:
            parts["rel_day"] = lex.day_adjectives[low]
            described = True  # "am gestrigen Mittwoch": the weekday only describes the day
        i += 1
    if described:
        parts.pop("weekday", None)
    return PartialDate(**parts)



_AGO_UNITS = ("jahren", "jahrzehnten", "jahrhunderten")


def against_the_past(sentence: Sequence[str], before: Sequence[str], lex: Lexicon,
                     past_word: Callable[[str], bool]) -> bool:
    """Whether a sentence sets its present against the past, which makes its "heute" TimeML's
    "nowadays" (PRESENT_REF): a PAST_REF word anywhere in it ("damals", "früher", "einst"), or,
    in the words ``before`` the clause of "heute", "vor 20 Jahren" or a verb in the past tense
    ("Vor 20 Jahren gab es hier Wiesen, heute steht dort …", "Was als Verein begann, ist heute …";
    not a past clause after it: "Heute stellt die Stadt den Plan vor, der 2025 beschlossen wurde")."""
    if any(lex.ref_words.get(w.lower()) == "PAST_REF" for w in sentence):
        return True
    low = [w.lower() for w in before]
    if any(w == "vor" and k + 2 < len(low) and low[k + 2] in _AGO_UNITS for k, w in enumerate(low)):
        return True
    return any(past_word(w) for w in before if w.islower())
