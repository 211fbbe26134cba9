"""The conflict report: self-contained HTML pages (inline CSS, no script, no external assets) + conflicts.csv.

All HTML comes from the Jinja2 templates in ``extract/templates/`` with autoescape on; the views
they render are built by :mod:`extract.report_view` (German amounts, qualifiers, the disputed value,
source links). A Content Security Policy in every page forbids loading anything from elsewhere.

A report with many conflicts is split into pages of at most ``page_bytes`` (default 2 MB) of
conflict cards: ``report.html`` (the summary, an index of all pages and the first cards) and
``report-002.html``, ``report-003.html``, … Each page starts with an index of its own conflicts.
The tables of new, unseen, rejected and confirmed facts on the first page hold at most
:data:`TABLE_ROWS` rows each (the rest is in ``diff.csv`` and in ``pressextract review``).

The interactive page of ``pressextract review`` is rendered by :func:`render_review` from the
same card macros.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from extract.atomic import write_file
from extract.csvsafe import guard_row
from extract.diff_files import summary, write_csv
from extract.diff_items import STATUSES, DiffItem, DiffItems, Evidence, of_status
from extract.report_view import ItemView, item_view, newest_published, segments, value_text

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
    "img-src data:; form-action 'none'; base-uri 'none'"
)
DEFAULT_PAGE_BYTES = 2_000_000
TABLE_ROWS = 200
GROUP_NAMES = 20
MAX_GROUPS = 50
PAGE_FRAME = 12_000  # bytes of a page besides its cards: style, summary, navigation, list of pages
INDEX_LINE = 120  # bytes of markup around a card's line in the page's index


@cache
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on, undefined names are errors)."""
    return Environment(
        loader=PackageLoader("extract", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def e(text: Any) -> str:
    """HTML-escape any value (quotes included)."""
    return str(escape("" if text is None else str(text)))


def highlighted(sentence: str, spans: Iterable[tuple[int, int]]) -> str:
    """The sentence as HTML with the given [start, end) spans in ``<mark>``; every piece escaped."""
    out = []
    for seg in segments(sentence, sorted(spans)):
        out.append(Markup("<mark>{}</mark>").format(seg.text) if seg.mark else escape(seg.text))
    return str(Markup("").join(out))


def conflict_signature(item: DiffItem) -> str:
    """What identical conflicts share: predicate, registry value and new value ("" for other statuses)."""
    if item.status != "conflict":
        return ""
    text = "\x1f".join(
        (item.predicate, json.dumps(item.registry_value, sort_keys=True), json.dumps(item.new_value, sort_keys=True))
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def group_conflicts(items: Iterable[DiffItem]) -> list[list[DiffItem]]:
    """Groups of identical conflicts: same predicate, registry value and new value, over several keys."""
    groups: dict[str, list[DiffItem]] = defaultdict(list)
    for item in items:
        if item.status == "conflict":
            groups[conflict_signature(item)].append(item)
    return [g for _sig, g in sorted(groups.items()) if len({i.natural_key for i in g}) > 1]


def group_label(item: DiffItem) -> str:
    """How a group of identical conflicts names one of its items: subject (and object)."""
    return item.subject_label + (f" / {item.object_label}" if item.object else "")


def group_view(first: DiffItem, ids: list[str], labels: list[str]) -> dict[str, Any]:
    """What the report and the review page show of a group of identical conflicts (``first``: one of
    them; ``labels``: :func:`group_label` of each, the first :data:`GROUP_NAMES` are named)."""
    return {
        "predicate": first.predicate,
        "registry": value_text(first.predicate, first.registry_value),
        "new": value_text(first.predicate, first.new_value),
        "size": len(ids),
        "ids": ids,
        "names": labels[:GROUP_NAMES],
        "more": max(0, len(labels) - GROUP_NAMES),
    }


# ---------------------------------------------------------------------------------------------
# the static report


@dataclass
class _Article:
    anchor: str
    title: str
    summary: str
    html: Markup
    items: int


def _key_groups(items: Iterable[DiffItem]) -> Iterator[list[DiffItem]]:
    """The conflicts of each natural key, keys in order of their first conflict. The items of a
    :class:`DiffItems` come in key order, so a key's conflicts follow each other and only one key
    is held at a time."""
    if isinstance(items, DiffItems):
        group: list[DiffItem] = []
        for item in items.of_status("conflict"):
            if group and item.natural_key != group[0].natural_key:
                yield group
                group = []
            group.append(item)
        if group:
            yield group
        return
    by_key: dict[str, list[DiffItem]] = defaultdict(list)
    for item in of_status(items, "conflict"):
        by_key[item.natural_key].append(item)
    yield from by_key.values()


def _key_article(
    key_items: list[DiffItem],
    decisions: dict[str, dict[str, Any]],
    registry_arg: str,
    registry_evidence: dict[str, list[Evidence]],
) -> _Article:
    """The card of one key's conflicts."""
    newest = key_newest(key_items[0], key_items[1:])
    nkey = key_items[0].natural_key
    views = [
        item_view(i, decision=decisions.get(i.item_id), registry_evidence=registry_evidence.get(nkey), newest=newest)
        for i in key_items
    ]
    first = views[0]
    html = Markup(environment().get_template("_key.html.j2").render(first=first, views=views,
                                                                      registry_arg=registry_arg))
    title = first.subject + (f" / {first.object}" if first.object else "") + f" — {first.predicate}"
    summary_text = (first.registry_text or "not in the registry") + " → " + " | ".join(v.new_text for v in views)
    return _Article(first.anchor, title, summary_text, html, len(key_items))


class _Cards:
    """The conflict cards of a report, rendered once into a temporary SQLite file and read back a
    page at a time (the index of pages on page 1 needs every card's size before any page is
    written)."""

    def __init__(self) -> None:
        from extract.spill import _Store  # imported by the report only

        self.store = _Store(None, "report", "CREATE TABLE a (n INTEGER PRIMARY KEY, anchor TEXT, title TEXT, "
                                            "summary TEXT, html TEXT, items INTEGER, size INTEGER)")
        self.count = 0

    def add(self, article: _Article) -> None:
        # the card and its line in the page's index
        size = sum(len(text.encode("utf-8")) for text in (article.html, article.title, article.summary)) + INDEX_LINE
        self.count += 1
        self.store.db.execute("INSERT INTO a VALUES (?, ?, ?, ?, ?, ?, ?)", (
            self.count, article.anchor, article.title, article.summary, str(article.html), article.items, size))

    def split(self, page_bytes: int, first_page_used: int = 0) -> list[dict[str, Any]]:
        """The cards into pages of at most ``page_bytes`` (the first page already holds
        ``first_page_used``): per page its first card's number, cards, items, first and last title."""
        pages = [{"start": 1, "keys": 0, "items": 0, "first": "", "last": ""}]
        size = PAGE_FRAME + first_page_used
        for n, title, items, n_bytes in self.store.db.execute("SELECT n, title, items, size FROM a ORDER BY n"):
            if pages[-1]["keys"] and page_bytes and size + n_bytes > page_bytes:
                pages.append({"start": n, "keys": 0, "items": 0, "first": "", "last": ""})
                size = PAGE_FRAME
            page = pages[-1]
            page["first"] = page["first"] if page["keys"] else title
            page["keys"] += 1
            page["items"] += items
            page["last"] = title
            size += n_bytes
        return pages

    def page(self, start: int, keys: int) -> list[_Article]:
        """``keys`` cards from number ``start`` on."""
        rows = self.store.db.execute("SELECT anchor, title, summary, html, items FROM a WHERE n >= ? AND n < ? "
                                     "ORDER BY n", (start, start + keys))
        return [_Article(anchor, title, summary, Markup(html), n) for anchor, title, summary, html, n in rows]

    def close(self) -> None:
        self.store.close()


class _Groups:
    """Groups of identical conflicts (what :func:`group_conflicts` gives), gathered an item at a
    time: per signature one item (without its evidence) and every member's id, label and key."""

    def __init__(self) -> None:
        self.by_signature: dict[str, tuple[DiffItem, list[str], list[str], set[str]]] = {}

    def add(self, item: DiffItem) -> None:
        signature = conflict_signature(item)
        entry = self.by_signature.get(signature)
        if entry is None:
            entry = self.by_signature[signature] = (replace(item, evidence=[], documents=[]), [], [], set())
        entry[1].append(item.item_id)
        entry[2].append(group_label(item))
        entry[3].add(item.natural_key)

    def views(self) -> list[dict[str, Any]]:
        return [group_view(first, ids, labels)
                for _sig, (first, ids, labels, keys) in sorted(self.by_signature.items()) if len(keys) > 1]


def page_name(number: int) -> str:
    """``report.html`` for page 1, ``report-002.html`` for page 2, …"""
    return "report.html" if number == 1 else f"report-{number:03d}.html"


def _sections(
    items: Iterable[DiffItem], counts: dict[str, int], decisions: dict[str, dict[str, Any]], budget: int = 0
) -> list[dict[str, Any]]:
    """The tables of new, unseen, rejected and confirmed facts: at most :data:`TABLE_ROWS` rows each,
    fewer when they would take more than ``budget`` bytes (0: no limit); ``counts``: items per status."""
    spec = (
        ("new", "New facts", False),
        ("unseen", "In the registry, not in this batch", False),
        ("rejected", "Rejected earlier (not raised again)", True),
        ("confirmed", "Confirmed", True),
    )
    first_rows = {status: list(islice(of_status(items, status), TABLE_ROWS)) for status, _t, _c in spec}
    table = environment().get_template("_macros.html.j2").module.table  # type: ignore[attr-defined]
    limit = TABLE_ROWS
    while True:
        out = []
        for status, title, collapsed in spec:
            rows = [item_view(i, decision=decisions.get(i.item_id)) for i in first_rows[status][:limit]]
            out.append(
                {
                    "id": status,
                    "title": title,
                    "total": counts.get(status, 0),
                    "shown": len(rows),
                    "html": Markup(table(rows)) if rows else Markup(""),
                    "collapsed": collapsed,
                }
            )
        size = sum(len(sec["html"].encode("utf-8")) for sec in out)
        if not budget or size <= budget or limit == 0:
            return out
        limit //= 2


def render_pages(
    items: Iterable[DiffItem],
    *,
    dataset: str = "",
    registry: str = "",
    decisions: dict[str, dict[str, Any]] | None = None,
    registry_arg: str = "",
    registry_evidence: dict[str, list[Evidence]] | None = None,
    page_bytes: int = DEFAULT_PAGE_BYTES,
) -> list[tuple[str, str]]:
    """The static report as (file name, HTML) pages; ``page_bytes`` = 0 keeps everything on one page.

    ``decisions`` maps item ids to their latest accept/reject (shown as decided);
    ``registry_evidence`` maps natural keys to the evidence sentences of the registry's value.
    """
    return list(_pages(items, dataset=dataset, registry=registry, decisions=decisions or {},
                       registry_arg=registry_arg, registry_evidence=registry_evidence or {}, page_bytes=page_bytes))


def _pages(
    items: Iterable[DiffItem],
    *,
    dataset: str,
    registry: str,
    decisions: dict[str, dict[str, Any]],
    registry_arg: str,
    registry_evidence: dict[str, list[Evidence]],
    page_bytes: int,
) -> Iterator[tuple[str, str]]:
    """:func:`render_pages` a page at a time: ``items`` is read as a stream (a list or
    :class:`DiffItems`), the cards wait in a temporary file, one page is in memory at a time."""
    counts = summary(items)
    groups_of = _Groups()
    open_conflicts = 0
    for item in of_status(items, "conflict"):
        groups_of.add(item)
        open_conflicts += item.item_id not in decisions
    groups = groups_of.views()
    del groups_of
    sections = _sections(items, counts, decisions, page_bytes // 2)
    cards = _Cards()
    try:
        for key_items in _key_groups(items):
            cards.add(_key_article(key_items, decisions, registry_arg, registry_evidence))
        first_used = sum(len(sec["html"].encode("utf-8")) for sec in sections) + 300 * len(groups)
        chunks = cards.split(page_bytes, first_used)
        count = len(chunks)
        pages_meta = []
        first_key = 1
        for number, chunk in enumerate(chunks, 1):
            pages_meta.append({"number": number, "href": page_name(number), "items": chunk["items"],
                               "keys": chunk["keys"], "first": chunk["first"], "last": chunk["last"],
                               "first_key": first_key})
            first_key += chunk["keys"]
        template = environment().get_template("report.html.j2")
        common = {
            "csp": CSP,
            "dataset": dataset,
            "registry": registry,
            "statuses": STATUSES,
            "counts": counts,
            "open_conflicts": open_conflicts,
            "n_conflicts": counts.get("conflict", 0),
            "n_keys": cards.count,
            "pages": pages_meta,
        }
        for number, chunk in enumerate(chunks, 1):
            meta = pages_meta[number - 1]
            page = {
                "number": number,
                "count": count,
                "first": page_name(1),
                "prev": page_name(number - 1) if number > 1 else "",
                "next": page_name(number + 1) if number < count else "",
                "first_key": meta["first_key"],
                "last_key": meta["first_key"] + chunk["keys"] - 1,
            }
            html = template.render(
                **common,
                page=page,
                articles=cards.page(chunk["start"], chunk["keys"]),
                groups=groups[:MAX_GROUPS] if number == 1 else [],
                more_groups=max(0, len(groups) - MAX_GROUPS) if number == 1 else 0,
                sections=sections if number == 1 else [],
            )
            yield page_name(number), html
    finally:
        cards.close()


def render_html(
    items: Iterable[DiffItem],
    *,
    dataset: str = "",
    registry: str = "",
    decisions: dict[str, dict[str, Any]] | None = None,
    registry_arg: str = "",
    registry_evidence: dict[str, list[Evidence]] | None = None,
) -> str:
    """The whole static report as one page (no size limit)."""
    return render_pages(
        items,
        dataset=dataset,
        registry=registry,
        decisions=decisions,
        registry_arg=registry_arg,
        registry_evidence=registry_evidence,
        page_bytes=0,
    )[0][1]


# ---------------------------------------------------------------------------------------------
# the review page


def render_review(context: dict[str, Any]) -> str:
    """The interactive review page (``review.html.j2``); ``context`` is built by :mod:`extract.review`."""
    return environment().get_template("review.html.j2").render(csp=CSP, statuses=STATUSES, **context)


def key_newest(item: DiffItem, siblings: Iterable[DiffItem] = ()) -> str:
    """The newest publication date of a key: over the item, the other items of its key and the registry."""
    dates = [newest_published(i) for i in (item, *siblings)]
    dates += [p for p in ((item.registry_fact or {}).get("published") or "").split("|") if p]
    return max(dates, default="")


def review_views(
    items: list[DiffItem],
    decisions: dict[str, dict[str, Any]],
    registry_evidence: dict[str, list[Evidence]] | None = None,
    files: set[str] | None = None,
    newest: dict[str, str] | None = None,
) -> list[ItemView]:
    """Card views of one page of review items (``newest``: the date to badge, per item id)."""
    registry_evidence = registry_evidence or {}
    newest = newest or {}
    return [
        item_view(
            i,
            interactive=True,
            decision=decisions.get(i.item_id),
            registry_evidence=registry_evidence.get(i.natural_key),
            files=files,
            newest=newest.get(i.item_id),
        )
        for i in items
    ]


# ---------------------------------------------------------------------------------------------
# files

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def spreadsheet_safe(row: dict[str, str]) -> dict[str, str]:
    """Cells that a spreadsheet would run as a formula ("=HYPERLINK(…)" in scraped text) get a
    leading apostrophe (:mod:`extract.csvsafe`, which every CSV writer of pressextract uses)."""
    return guard_row(row)


def write_report(
    items: Iterable[DiffItem],
    out_dir: str | Path,
    *,
    dataset: str = "",
    registry: str = "",
    decisions: dict[str, dict[str, Any]] | None = None,
    registry_evidence: dict[str, list[Evidence]] | None = None,
    page_bytes: int = DEFAULT_PAGE_BYTES,
) -> dict[str, Path]:
    """Write ``report.html`` (+ ``report-NNN.html`` pages past ``page_bytes``) and ``conflicts.csv``
    into ``out_dir``; pages of an earlier, longer report are removed. Returns the paths by file name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = _pages(
        items,
        dataset=dataset,
        registry=registry,
        decisions=decisions or {},
        registry_arg=registry,
        registry_evidence=registry_evidence or {},
        page_bytes=page_bytes,
    )
    paths: dict[str, Path] = {}
    for name, html in pages:  # one page in memory at a time
        write_file(out / name, lambda handle, html=html: handle.write(html))
        paths[name] = out / name
    for stale in out.glob("report-[0-9][0-9][0-9].html"):
        if stale.name not in paths:
            stale.unlink()
    rows = (i.csv_row() for i in of_status(items, "conflict"))  # write_csv guards them
    write_csv(rows, out / "conflicts.csv")
    paths["conflicts.csv"] = out / "conflicts.csv"
    return paths
