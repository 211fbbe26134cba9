"""Document metadata of a cleaned press release: title, publication date, publisher, dateline.

Cues are data in ``rules/metadata.yaml`` (dates, publisher lines, datelines, title filters). Dates
and publishers are looked for in the head and tail of the unfiltered lines (footers name the
press office); the title and the dateline come from the cleaned lines. Split from
:mod:`extract.clean` (the cleaning stage calls :func:`detect_metadata`). By concern:
:mod:`.cues` (the compiled rules, line shapes), :mod:`.dates` (publication date), :mod:`.title`,
:mod:`.places` (publisher, dateline).
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.metadata.cues import _metadata_rules, is_stamp_line
from extract.metadata.dates import _DATE_SETTINGS, _join_dates, _plain_day, find_published, iso_date
from extract.metadata.places import find_dateline, find_publisher
from extract.metadata.title import _is_rubric, find_title

__all__ = ["Metadata", "detect_metadata", "is_stamp_line", "iso_date", "_metadata_rules", "_is_rubric",
           "_DATE_SETTINGS", "_plain_day"]


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    published: str = ""
    publisher: str = ""
    dateline: str = ""
    dateline_date: str = ""  # the dateline's date, "XXXX-MM-DD" when it has no year


def detect_metadata(raw_lines: list[str], clean_lines: list[str]) -> Metadata:
    """Title, publication date, publisher and dateline of a document.

    Dates and publishers are looked for in the head and tail of the unfiltered lines (footers
    name the press office); the title and dateline come from the cleaned lines.
    """
    rules = _metadata_rules()
    nonempty = _join_dates([line.strip() for line in raw_lines if line.strip()], rules)
    zone = nonempty[: rules["search_lines"]] + nonempty[-rules["tail_lines"]:]
    head = nonempty[: rules["head_lines"]]
    published = find_published(rules, zone, head)
    publisher = find_publisher(zone, rules)
    content = [line.strip() for line in clean_lines if line.strip()]
    title, rubric, site = find_title(content, publisher, rules)
    publisher = publisher or site  # "Kreis baut Radwege - Landkreis Musterland": the site names it
    dateline, dateline_date = find_dateline(content, title, rubric, rules)
    return Metadata(title, published, publisher, dateline, dateline_date)
