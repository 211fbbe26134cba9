"""The metadata cues of ``rules/metadata.yaml``, compiled once, and the line-shape tests every
part of the metadata stage shares (word counts, body text)."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.rules import read_yaml


@lru_cache(maxsize=1)
def _metadata_rules() -> dict:
    rules = read_yaml("metadata.yaml")
    # "{office}" first: it holds "{authority}"
    subs = {"{office}": rules["office"], "{date}": rules["date_expression"],
            "{partial_date}": rules["partial_date_expression"], "{weekday}": rules["weekday"],
            "{authority}": rules["authority"]}

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
        "publisher_label": re.compile(rules["publisher_label_line"]),
        "postcode_line": re.compile(rules["postcode_line"]),
        "lone_place": re.compile(rules["lone_place"]),
        "address_block_name": re.compile(expand(rules["address_block_name"])),
        "breadcrumb_min_parts": int(rules["breadcrumb_min_parts"]),
        "nominative": dict(rules["publisher_nominative"]),
        "date_line": frozenset(r["id"] for r in rules["published"] if r.get("date_line")),
        "rubric_words": frozenset(w.lower() for w in rules["rubric_terms"] + rules["rubric_phrases"]),
        "rubric_terms": frozenset(w.lower() for w in rules["rubric_terms"]),
        "rubric_separator": re.compile(rules["rubric_separator"]),
        "rubric_glued_suffixes": tuple(rules["rubric_glued_suffixes"]),
        "rubric_glued_terms": frozenset(rules["rubric_glued_terms"]),
        "breadcrumb_item": re.compile(rules["breadcrumb_item"]),
        "subtitle_shape": re.compile(rules["subtitle_shape"]),
        "slug_max_words": int(rules["slug_max_words"]),
        "rubric_breadcrumb": re.compile(rules["rubric_breadcrumb"]),
        "rubric_line": re.compile(rules["rubric_line"]),
        "rubric_place_words": int(rules["rubric_place_words"]),
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


_LEAD_BULLET = re.compile(r"^[•·▪►»]\s*")
_BULLET = re.compile(r"^[-–•·|*]\s*")
