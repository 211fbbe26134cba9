"""Document metadata of a cleaned press release: title, publication date, publisher, dateline.

Cues are data in ``rules/metadata.yaml`` (dates, publisher lines, datelines, title filters). Dates
and publishers are looked for in the head and tail of the unfiltered lines (footers name the
press office); the title and the dateline come from the cleaned lines. Split from
:mod:`extract.clean` (the cleaning stage calls :func:`detect_metadata`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import dateparser

from extract.rules import read_yaml


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    published: str = ""
    publisher: str = ""
    dateline: str = ""
    dateline_date: str = ""  # the dateline's date, "XXXX-MM-DD" when it has no year


@lru_cache(maxsize=1)
def _metadata_rules() -> dict:
    rules = read_yaml("metadata.yaml")
    subs = {"{date}": rules["date_expression"], "{partial_date}": rules["partial_date_expression"],
            "{weekday}": rules["weekday"], "{authority}": rules["authority"]}

    def expand(pattern: str) -> str:
        for key, value in subs.items():
            pattern = pattern.replace(key, value)
        return pattern

    def compile_all(key: str) -> list[tuple[str, re.Pattern[str]]]:
        return [(r["id"], re.compile(expand(r["pattern"]))) for r in rules[key]]

    return {
        "published": compile_all("published"),
        "publisher": compile_all("publisher"),
        "dateline": compile_all("dateline"),
        "known_place": frozenset(r["id"] for r in rules["dateline"] if r.get("known_place")),
        "title_strip": re.compile(expand(rules["title_strip"])),
        "title_skip": re.compile(rules["title_skip"]),
        "title_site_suffix": re.compile(expand(rules["title_site_suffix"])),
        "byline": re.compile(rules["byline"]),
        "caption": re.compile(rules["caption"]),
        "headline_stamp": next(re.compile(expand(r["pattern"])) for r in rules["published"]
                               if r["id"] == "published.headline_stamp"),
        "title_not": re.compile(rules["title_not"]),
        "kicker_max_words": int(rules["kicker_max_words"]),
        "kicker_opening": re.compile(rules["kicker_opening"]),
        "date": re.compile(expand(rules["date_expression"])),
        "search_lines": int(rules["search_lines"]),
        "head_lines": int(rules["head_lines"]),
        "head_only": frozenset(r["id"] for r in rules["published"] if r.get("head_only")),
        # rules whose date group is a date expression (always with a digit): lines without a
        # digit are not searched with them
        "needs_digit": frozenset(r["id"] for r in rules["published"] if any(
            f"(?P<date>{start}" in r["pattern"] for start in ("{date})", "{partial_date})", "\\d"))),
        "date_labels": frozenset(label.lower() for label in rules["date_labels"]),
        "tail_lines": int(rules["tail_lines"]),
        "title_min_words": int(rules["title_min_words"]),
        "title_max_chars": int(rules["title_max_chars"]),
        "body_min_words": int(rules["body_min_words"]),
        "not_places": frozenset(rules["not_places"]),
        "not_place_suffixes": tuple(rules["not_place_suffixes"]),
        "authority": re.compile(rules["authority"]),
        "press_office": re.compile(rules["press_office_line"]),
        "nominative": dict(rules["publisher_nominative"]),
        "date_line": frozenset(r["id"] for r in rules["published"] if r.get("date_line")),
        "rubric_words": frozenset(w.lower() for w in rules["rubric_terms"] + rules["rubric_phrases"]),
        "rubric_terms": frozenset(w.lower() for w in rules["rubric_terms"]),
        "rubric_separator": re.compile(rules["rubric_separator"]),
        "rubric_breadcrumb": re.compile(rules["rubric_breadcrumb"]),
        "crawl_stamp": re.compile(rules["crawl_stamp"]),
        "release_number_prefix": re.compile(rules["release_number_prefix"]),
        "stamp_line": re.compile(expand(rules["stamp_line"])),
        "stamp_line_head": int(rules["stamp_line_head"]),
        "sentence_opening": re.compile(rules["sentence_opening"]),
        "leading_time": re.compile(rules["leading_time"]),
    }


def is_stamp_line(line: str, index: int) -> bool:
    """A lowercase byline or date stamp line ("von Anna Muster", "veröffentlicht am 12.03.2024",
    "vor 2 Stunden") at line ``index`` near the top of a page: a line of its own, not the end of
    the line above it."""
    rules = _metadata_rules()
    return index < rules["stamp_line_head"] and bool(rules["stamp_line"].fullmatch(line.strip()))


_DIGIT = re.compile(r"\d")
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
    month without a year ("03. März", "3.3.") give "XXXX-03-03".
    """
    expression = expression.strip()
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


def _words(line: str) -> int:
    """Words with a letter in them (". ." and "| |" have none)."""
    return sum(1 for w in line.split() if any(c.isalpha() for c in w))


def _is_body(line: str, min_words: int, max_chars: int) -> bool:
    """A line of running text, not a headline: too long, several sentences, a colon at its end
    ("… folgende Beschlüsse gefasst:"), or a long sentence ending in a period."""
    words = _words(line)
    # a sentence end, not an ordinal ("Sitzung vom 16. Mai 2019")
    sentences = len(re.findall(r"(?<!\d)[.!?][\"“”»«]?\s+[A-ZÄÖÜ„\"]", line))
    return (len(line) > max_chars or sentences >= 1 and words >= min_words or line.endswith(":")
            or (line.endswith(".") and words >= min_words))


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


_LEAD_BULLET = re.compile(r"^[•·▪►»]\s*")


def _is_date_line(line: str, rules: dict) -> bool:
    """A line that is only a date or a date stamp ("28.09.2023", "Datum 20.05.2020"): the rules
    marked ``date_line`` in ``rules/metadata.yaml``."""
    return any(rid in rules["date_line"] and p.match(line) for rid, p in rules["published"])


def _is_rubric(line: str, rules: dict) -> bool:
    """A site's section or column line ("Verkehr und Mobilität", "Kurz notiert"), or a breadcrumb
    ending in a section ("Landkreis Musterland / Verkehr"); the vocabulary is data."""
    if line.strip(" :").lower() in rules["rubric_words"]:
        return True  # "Kurz und bündig": a phrase, before it is split at its "und"
    parts = [p.strip(" :").lower() for p in rules["rubric_separator"].split(line) if p and p.strip(" :")]
    if parts and all(p in rules["rubric_words"] for p in parts):
        return True
    crumbs = rules["rubric_breadcrumb"].split(line)
    return len(crumbs) > 1 and crumbs[-1].strip(" :").lower() in rules["rubric_terms"]


def _headline_like(line: str, publisher: str, rules: dict) -> bool:
    """A line that can stand as a headline: a few words, no sentence or colon at its end, no
    press-office header, photo credit or navigation."""
    return (3 <= _words(line) <= 20 and not line.endswith((".", ":", ";", ","))
            and not _is_body(line, rules["body_min_words"], rules["title_max_chars"])
            and line != publisher and not rules["title_skip"].match(line)
            and not rules["title_not"].fullmatch(line) and not any(p.search(line) for _, p in rules["publisher"]))


def _title(content: list[str], publisher: str, rules: dict) -> str:
    """The headline: the first headline-like line before the body starts; a byline ("von
    Redaktion") points at the line above it, past a kicker ("Die gute Nachricht"). Of several
    candidates, one printed right above a date line ("Zusammenarbeit zahlt sich aus" / "Datum
    20.05.2020") is the headline, the ones above it site debris. A headline printed after its
    teaser (a first paragraph of sentences, then a short line) is taken; a one-word first line
    directly above the body is the title when nothing else is ("Pressekonferenzen/-mitteilungen")."""
    head = content[:8]
    candidates: list[tuple[int, str]] = []
    one_word = ""
    body_start = [p for rid, p in rules["dateline"] if rid in ("dateline.place_dash", "dateline.agency")]
    for n, line in enumerate(head):
        if rules["byline"].fullmatch(line):
            if candidates:
                return candidates[-1][1]
            continue
        line = rules["crawl_stamp"].sub("", _LEAD_BULLET.sub("", line))
        for _ in range(3):  # " date 2021-10 Stand: 30.10.2021 …": stamps one after another
            stripped = _strip_stamp(rules["title_strip"].sub("", line), rules)
            if stripped == line:
                break
            line = stripped
        if rules["byline"].fullmatch(line):
            continue  # "Veröffentlicht am 12.03.2024 von Redaktion": the stamp's byline
        if n == 0 and _words(line) == 1 and len(line) >= 6 and line[:1].isupper() and not line.isupper() \
                and not rules["title_skip"].match(line) and line.rstrip(".:") not in rules["not_places"]:
            one_word = line
        if rules["date"].fullmatch(line) or _words(line) < rules["title_min_words"] or \
                _BULLET.sub("", line).rstrip(" :").lower() in rules["date_labels"]:
            continue  # a date, a rubric ("ORTSGESCHEHEN"), debris (". .") or a date field's label
        if line == publisher or rules["title_skip"].match(line) or rules["title_not"].fullmatch(line) or any(
                p.search(line) for _, p in rules["publisher"]):
            continue  # the press office's header, a site header with its contact details
        dated = next((m for rid, p in rules["published"] if rid == "published.dateline" and (m := p.search(line))),
                     None)
        if dated:
            # "Regensburg, 14. Juni 2022 – Schnelles Internet für …": the headline follows the dash
            line = line[dated.end():].strip(" -–—:")
            if len(line.split()) < rules["title_min_words"]:
                continue
        glued = rules["headline_stamp"].match(line) if n < 3 else None
        if glued:
            # "Neue Radwege für den Kreis 3. März 2024 Der Kreis baut …": headline, stamp and lead
            candidates.append((n, glued.group("title")))
            break
        if _is_body(line, rules["body_min_words"], rules["title_max_chars"]):
            byline = _byline_past_captions(head, n, rules)
            if candidates and byline:
                return candidates[-1][1]  # kicker, headline, photo captions, byline
            if not candidates and n == 0 and n + 1 < len(head):
                teaser_then_headline = head[n + 1].strip()
                after = content[n + 2].strip() if n + 2 < len(content) else ""
                if _headline_like(teaser_then_headline, publisher, rules) and \
                        not after.endswith((".", "!", "?", ":")):  # not a subheading inside the body
                    return teaser_then_headline
            break  # the body has begun: a title is never its first sentence
        sentence = line.endswith((".", "!", "?"))
        opened = next((m for p in body_start if (m := p.match(line))), None)
        if sentence and (n + 1 == len(content) or (opened and line[opened.end():][:1].isupper())):
            break  # "KREIS RAVENSBURG (sz) – Die Kliniken melden …": a dateline opens the body (not
            # "Wasserburg – kleine Perle am großen See."); a sentence that nothing follows is body
        if not candidates and line.endswith(".") and _words(line) >= 4 and rules["sentence_opening"].match(line) \
                and n + 1 < len(content) and _is_body(content[n + 1], rules["body_min_words"],
                                                      rules["title_max_chars"]):
            break  # "Der Kreis baut drei Radwege." over the body: the page starts with its first sentence
        candidates.append((n, line.rstrip(" .")))
    # rubric lines above the headline ("Förderung und Finanzen", "Kreis Musterland / Verkehr")
    while len(candidates) > 1 and _is_rubric(candidates[0][1], rules):
        candidates.pop(0)
    # a teaser printed above the headline and again, as the lead's sentence, below it
    # ("Land fördert … mit 75.000 Euro" / ministry / headline / "Land fördert … mit 75.000 Euro.")
    repeated = {line.rstrip(" .") for line in content[:12] if line.endswith(".")}
    if len(candidates) > 1 and candidates[0][1] in repeated:
        candidates.pop(0)
    if len(candidates) > 1:
        above_date = next((c for n, c in candidates if n + 1 < len(content)
                           and _is_date_line(content[n + 1], rules)), "")
        if above_date:
            return above_date
    # a keyword tag above the headline that the headline repeats ("Radwege" / "Neue Radwege für
    # den Kreis"), as news sites print their topic links
    while len(candidates) > 1 and _words(candidates[0][1]) <= 3 and re.search(
            rf"(?<!\w){re.escape(candidates[0][1].lower())}(?!\w)", candidates[1][1].lower()):
        candidates.pop(0)
    # an all-capitals kicker above the headline ("BEKANNTGABE DER STABILISIERUNGSHILFEN")
    while len(candidates) > 1 and _is_kicker(candidates[0][1], rules["kicker_max_words"]):
        candidates.pop(0)
    # a prepositional kicker in ordinary case ("Im Rahmen des Schulbauprogramms")
    if len(candidates) > 1 and rules["kicker_opening"].match(candidates[0][1]) \
            and _words(candidates[0][1]) <= min(rules["kicker_max_words"], _words(candidates[1][1]) - 1):
        candidates.pop(0)
    if candidates:
        return candidates[0][1]
    return one_word if one_word and len(content) > 1 and _is_body(
        content[1], rules["body_min_words"], rules["title_max_chars"]) else ""


def _known_place(caps: str, content: list[str]) -> bool:
    """A place in capitals ("JENA", "BAD EMS") that the gazetteer knows, or that the text names
    again in ordinary case ("Loreley"); not an acronym ("VERDI", "LEADER")."""
    from extract.gazetteer import load_gazetteer

    ordinary = " ".join(w.capitalize() for w in re.split(r"([ -])", caps.lower()) if w)
    ordinary = ordinary.replace(" - ", "-").replace("  ", " ")
    if load_gazetteer().lookup(ordinary):
        return True
    return any(re.search(rf"\b{re.escape(ordinary)}\b", line) for line in content)


def _nominative(publisher: str, rules: dict) -> str:
    """The publisher's head word in the nominative ("Landkreises Cham" → "Landkreis Cham")."""
    head, _, rest = publisher.partition(" ")
    head = rules["nominative"].get(head, head[:-1] if head.endswith("ministeriums") else head)
    return f"{head} {rest}" if rest else head


def _byline_past_captions(head: list[str], n: int, rules: dict) -> bool:
    """True if ``head[n:]`` holds only photo captions up to a byline ("Bürgermeisterin X (Mitte)
    …" twice, then "Von Redaktion Musterstadt"): the block above is kicker and headline, not body."""
    for i in range(n, len(head)):
        line = head[i]
        if rules["byline"].fullmatch(line):
            return i > n
        if not (rules["caption"].fullmatch(line) or head.count(line) > 1):
            return False
    return False


def _press_office(zone: list[str], rules: dict) -> str:
    """The authority named on the line before or after a lone press-office line ("Pressestelle" /
    "Stadt Chemnitz", "Polizeipräsidium Tuttlingen" / "Pressestelle"), or ""."""
    for i, line in enumerate(zone):
        if rules["press_office"].fullmatch(line):
            for near in (zone[i + 1] if i + 1 < len(zone) else "", zone[i - 1] if i else ""):
                if rules["authority"].fullmatch(near):
                    return near
    return ""


def _is_kicker(line: str, max_words: int) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.split()) <= max_words


_BULLET = re.compile(r"^[-–•·|*]\s*")


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


def detect_metadata(raw_lines: list[str], clean_lines: list[str]) -> Metadata:
    """Title, publication date, publisher and dateline of a document.

    Dates and publishers are looked for in the head and tail of the unfiltered lines (footers
    name the press office); the title and dateline come from the cleaned lines.
    """
    rules = _metadata_rules()
    nonempty = _join_dates([line.strip() for line in raw_lines if line.strip()], rules)
    zone = nonempty[: rules["search_lines"]] + nonempty[-rules["tail_lines"]:]
    head = nonempty[: rules["head_lines"]]

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

    publisher = ""
    for _rule_id, pattern in rules["publisher"]:
        for line in zone:
            match = pattern.search(line)
            if match:
                publisher = match.group("publisher").strip(" ,-")
                break
        if publisher:
            break
    if not publisher:
        publisher = _press_office(zone, rules)
    publisher = _nominative(publisher, rules)

    content = [line.strip() for line in clean_lines if line.strip()]
    title = _title(content, publisher, rules)
    suffix = rules["title_site_suffix"].search(title)
    if suffix and _words(title[:suffix.start()]) >= rules["title_min_words"]:
        title = title[:suffix.start()]  # "Kreis baut Radwege | Stadt Musterstadt": the site's name
    title, rubric = _split_rubric(title, content, rules)

    dateline, dateline_date = "", ""
    place_rules = [(rid, p) for rid, p in rules["published"] if rid.startswith("published.dateline")]
    place_rules += rules["dateline"]
    # the headline line last: "Frankenpost: Kulmbach – Glücklich …" is followed by the dateline
    # "Kulmbach – Der Freistaat …"; "Leverkusen: Präventionsprogramm …" may be the only one
    head = content[:6]
    for line in sorted(head, key=lambda x: bool(title) and x.rstrip(" .") == title):  # stable: order kept
        # "date 2018-05 Berlin (AFP) …", "PRESSEMITTEILUNG 45 Chemnitz, den 19.01.2018"
        line = rules["release_number_prefix"].sub("", rules["crawl_stamp"].sub("", line))
        for rule_id, pattern in place_rules:
            match = pattern.search(line)
            place = (match.groupdict().get("place") or "") if match else ""
            if place and rule_id in rules["known_place"] and not _known_place(place, content):
                place = ""
            first = place.split()[0].rstrip(".") if place else ""  # "Di., 12.03.2024": a weekday
            if place and place not in rules["not_places"] and first not in rules["not_places"] \
                    and first.capitalize() not in rules["not_places"] \
                    and not place.lower().endswith(rules["not_place_suffixes"]):
                dateline = match.group("place")
                if match.groupdict().get("date"):
                    dateline_date = iso_date(match.group("date"))
                break
        if dateline:
            break
    if not dateline and rubric:
        dateline = rubric  # the rubric's place stands alone above the body: the dateline
    return Metadata(title, published, publisher, dateline, dateline_date)


_LONE_WORD = re.compile(r"[A-ZÄÖÜ][\w-]+")


def _split_rubric(title: str, content: list[str], rules: dict) -> tuple[str, str]:
    """A place rubric glued before the headline ("Niedernwöhren Dorfentwicklung in … kann
    losgehen") when the same word stands alone on a line right above the body: the title without
    it, and the word (the dateline); when the headline names the place again ("Greifswald Neue
    Förderrunde für Dörfer um Greifswald"): the title without it; else the title unchanged and ""."""
    first, _, rest = title.partition(" ")
    if not (rest[:1].isupper() and _words(rest) >= rules["title_min_words"]) or first in rules["not_places"]:
        return title, ""
    if not _LONE_WORD.fullmatch(first):
        return title, ""
    for i, line in enumerate(content[:15]):
        if line == first and i + 1 < len(content) and _is_body(
                content[i + 1], rules["body_min_words"], rules["title_max_chars"]):
            return rest, first
    if re.search(rf"\b{re.escape(first)}\b", rest) and _words(rest) >= 3:
        return rest, ""  # "Greifswald Neue Förderrunde für Dörfer um Greifswald": the rubric repeats
    return title, ""
