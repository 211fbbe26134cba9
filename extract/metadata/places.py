"""Publisher and dateline of a page: the issuing authority from press-office, header and footer
lines; the dateline's place (and date) from the first lines of the cleaned text."""

from __future__ import annotations

import re

from extract.metadata.dates import _is_date_line, iso_date


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


def _press_office(zone: list[str], rules: dict) -> str:
    """The authority named on the line before or after a lone press-office line ("Pressestelle" /
    "Stadt Chemnitz", "Polizeipräsidium Tuttlingen" / "Pressestelle"), or ""."""
    for i, line in enumerate(zone):
        if rules["press_office"].fullmatch(line):
            for near in (zone[i + 1] if i + 1 < len(zone) else "", zone[i - 1] if i else ""):
                if rules["authority"].fullmatch(near):
                    return near
    return ""


def _labelled_authority(zone: list[str], rules: dict) -> str:
    """The authority named on the line under a lone imprint or contact label ("Impressum" /
    "Gemeinde Hohenfurt" / "Rathausplatz 1"), or ""."""
    for i, line in enumerate(zone[:-1]):
        if rules["publisher_label"].fullmatch(line) and rules["authority"].fullmatch(zone[i + 1]):
            return zone[i + 1]
    return ""


def _address_block(zone: list[str], rules: dict) -> str:
    """The authority heading an address block ("Stadt Ebersfeld" / "Marktplatz 1" / "71234
    Ebersfeld"): its name with a postcode line one or two lines under it, or ""."""
    for i, line in enumerate(zone):
        if rules["address_block_name"].fullmatch(line) and any(
                rules["postcode_line"].fullmatch(near) for near in zone[i + 1:i + 3]):
            return line
    return ""


def find_publisher(zone: list[str], rules: dict) -> str:
    """The issuing authority the first ``publisher`` rule finds in the search zone (in the
    nominative), else the authority under a lone imprint or contact label, else the one heading an
    address block, else the one next to a lone press-office line, else ""."""
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
        publisher = _labelled_authority(zone, rules) or _address_block(zone, rules) or _press_office(zone, rules)
    return _nominative(publisher, rules)


def find_dateline(content: list[str], title: str, rubric: str, rules: dict) -> tuple[str, str]:
    """The dateline's place and its date ("XXXX-MM-DD" without a year) from the first cleaned
    lines; the place rubric split off the title when no line has a dateline."""
    dateline, dateline_date = "", ""
    place_rules = [(rid, p) for rid, p in rules["published"] if rid.startswith("published.dateline")]
    place_rules += rules["dateline"]
    # the headline line last: a press review's "Zeitung: Talheim – Glücklich …" is followed by the
    # dateline "Talheim – Das Land …"; a headline "Talheim: Neues Programm …" may be the only one
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
    if not dateline and title:
        dateline = _lone_place(content[:8], title, rules)
    return dateline, dateline_date


def _lone_place(head: list[str], title: str, rules: dict) -> str:
    """A place the gazetteer knows, alone on a line between the headline and its repetition
    ("Zwei Kreise erhalten Geld …" / "Talheim" / "Zwei Kreise erhalten Geld …", as news portals
    show an agency item's dateline) or right over a lone date line (a news CMS's place field:
    "Talheim" / "04.03.2024"), or ""."""
    from extract.gazetteer import load_gazetteer

    for i in range(1, len(head) - 1):
        line = head[i]
        framed = head[i - 1].rstrip(" .") == title == head[i + 1].rstrip(" .")
        if (framed or _is_date_line(head[i + 1], rules)) and rules["lone_place"].fullmatch(line) \
                and line not in rules["not_places"] and load_gazetteer().lookup(line):
            return line
    return ""
