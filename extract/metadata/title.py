"""The title of a page: the first headline-like line before the body starts, past stamps,
rubrics, kickers, bylines and site debris (see :func:`_title`)."""

from __future__ import annotations

import re

from extract.metadata.cues import _BULLET, _LEAD_BULLET, _is_body, _words
from extract.metadata.dates import _is_date_line, _strip_stamp


def _is_rubric(line: str, rules: dict) -> bool:
    """A site's section or column line ("Verkehr und Mobilität", "Kurz notiert", "Talheim & Region",
    "Nachrichten aus Talheim"), or a breadcrumb ending in a section ("Landkreis Musterland /
    Verkehr"); the vocabulary is data."""
    if line.strip(" :").lower() in rules["rubric_words"]:
        return True  # "Kurz und bündig": a phrase, before it is split at its "und"
    if rules["rubric_line"].fullmatch(line):
        return True  # "Nachrichten aus Talheim"
    parts = [p.strip(" :") for p in rules["rubric_separator"].split(line) if p and p.strip(" :")]
    rubric = [p.lower() in rules["rubric_words"] for p in parts]
    if parts and all(rubric):
        return True
    names = [p[:1].isupper() and _words(p) <= rules["rubric_place_words"] for p in parts]
    if len(parts) > 1 and any(rubric) and all(r or n for r, n in zip(rubric, names, strict=True)):
        return True  # "Talheim & Region", "Kreis Talheim | Politik": a place's name and a rubric term
    crumbs = rules["rubric_breadcrumb"].split(line)
    return len(crumbs) > 1 and crumbs[-1].strip(" :").lower() in rules["rubric_terms"]


def _names_place_in_lower_case(line: str) -> bool:
    """True if a hyphenated word in lower case is a place's name the gazetteer knows
    ("neu-ulm", "baden-baden"): URL slugs, keywords and alt texts write them so, a
    headline never does."""
    from extract.gazetteer import load_gazetteer

    for token in line.split():
        parts = token.strip(",.;:").split("-")
        if len(parts) > 1 and all(p.isalpha() and p.islower() for p in parts):
            name = "-".join(p.capitalize() for p in parts)
            if load_gazetteer().lookup(name) or load_gazetteer().lookup(f"Landkreis {name}"):
                return True
    return False


def _is_breadcrumb(line: str, rules: dict) -> bool:
    """A breadcrumb from the site's start ("Home / Aktuelles / Neue Radwege für den Ortskern"):
    ``breadcrumb_min_parts`` parts or more, the first a rubric term."""
    crumbs = rules["rubric_breadcrumb"].split(line)
    return len(crumbs) >= rules["breadcrumb_min_parts"] and crumbs[0].strip(" :").lower() in rules["rubric_terms"]


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
                p.search(line) for _, p in rules["publisher"]) or _is_breadcrumb(line, rules):
            continue  # the press office's header, a site header with its contact details, a breadcrumb
        if _words(line) <= rules["slug_max_words"] and _names_place_in_lower_case(line):
            continue  # an image's alt text or keywords: "Radwegeförderung neu-ulm"
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
        above_date = next(((i, n, c) for i, (n, c) in enumerate(candidates) if n + 1 < len(content)
                           and _is_date_line(content[n + 1], rules)), None)
        if above_date:
            i, n, line = above_date
            if i and candidates[i - 1][0] == n - 1 and rules["subtitle_shape"].fullmatch(line):
                return candidates[i - 1][1]  # headline, then its subtitle ("Förderbescheid erhalten - die …")
            return line
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


def _is_kicker(line: str, max_words: int) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.split()) <= max_words


_LONE_WORD = re.compile(r"[A-ZÄÖÜ][\w-]+")


def _split_rubric(title: str, content: list[str], rules: dict) -> tuple[str, str]:
    """A place rubric glued before the headline ("Niedernwöhren Dorfentwicklung in … kann
    losgehen") when the same word stands alone on a line right above the body: the title without
    it, and the word (the dateline); when the headline names the place again ("Greifswald Neue
    Förderrunde für Dörfer um Greifswald"): the title without it; else the title unchanged and ""."""
    first, _, rest = title.partition(" ")
    if _is_glued_column(first, rest, rules):
        return rest, ""  # "Länderspiegel Landkreise Hof … bekommen mehr Geld": the column's name
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


def _is_glued_column(first: str, rest: str, rules: dict) -> bool:
    """True if ``first`` is a column's name glued before the headline ``rest`` ("Länderspiegel",
    "Lokales"): a word ending in a column suffix, or a section name that never opens a sentence,
    before a capitalised headline of at least three words."""
    if not (_LONE_WORD.fullmatch(first) and rest[:1].isupper() and _words(rest) >= 3):
        return False
    lower = first.lower()
    return first in rules["rubric_glued_terms"] or any(
        lower.endswith(suffix) and len(lower) > len(suffix) + 2 for suffix in rules["rubric_glued_suffixes"])


def _past_numbered_breadcrumb(content: list[str], rules: dict) -> list[str]:
    """The lines after a numbered breadcrumb at the top ("1. Startseite" / "2. Lokales (Kreis)" /
    "3. <headline>"): items numbered 1, 2, … from the first line, at least two, the first a rubric
    term; the lines unchanged if there is none."""
    n = 0
    while n < len(content) and (match := rules["breadcrumb_item"].fullmatch(content[n])) \
            and int(match.group("n")) == n + 1:
        if n == 0 and match.group("item").strip(" :").lower() not in rules["rubric_terms"]:
            return content
        n += 1
    return content[n:] if n >= 2 else content


def find_title(content: list[str], publisher: str, rules: dict) -> tuple[str, str, str]:
    """The title of the cleaned lines without a site suffix, the place rubric split off it ("" if
    none; see :func:`_split_rubric`) and the authority the site suffix names ("" if none)."""
    content = _past_numbered_breadcrumb(content, rules)
    title = _title(content, publisher, rules)
    site = ""
    suffix = rules["title_site_suffix"].search(title)
    if suffix and _words(title[:suffix.start()]) >= rules["title_min_words"]:
        # "Kreis baut Radwege | Stadt Musterstadt": the site's name, the page's publisher
        title, site = title[:suffix.start()], suffix.group(0).strip(" -–—|")
    title, rubric = _split_rubric(title, content, rules)
    return title, rubric, site
