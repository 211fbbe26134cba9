"""Helpers of the review page that need no server: the registry side's evidence sentences, page
links, the decision log as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from extract.diff_items import DiffItem, Evidence
from extract.registry import Registry
from extract.report import spreadsheet_safe
from extract.review_index import Page, Query

DECISION_COLUMNS = ("decision_id", "item_id", "natural_key", "action", "registry_value", "new_value", "who", "at",
                    "note", "source")


def registry_evidence(
    reg: Registry, items: Iterable[DiffItem], log: list[dict[str, Any]] | None = None
) -> dict[str, list[Evidence]]:
    """Evidence sentences of the registry's values, by natural key: the sentences of the diff item
    whose acceptance wrote the registry fact (decision log → item → its remembered candidate).
    Facts imported from a CSV have none."""
    wanted = {
        i.natural_key: (i.registry_fact or {}).get("decision_id")
        for i in items
        if i.registry_fact and (i.registry_fact or {}).get("decision_id")
    }
    if not wanted:
        return {}
    by_id = {str(d["decision_id"]): d for d in (log if log is not None else reg.decisions())}
    out: dict[str, list[Evidence]] = {}
    for nkey, decision_id in wanted.items():
        decision = by_id.get(str(decision_id))
        payload = reg.candidate(decision["item_id"]) if decision else None
        if payload:
            out[nkey] = DiffItem.from_dict(payload).evidence
    return out


def doc_ids(item: DiffItem) -> list[str]:
    return [d.doc_id for d in item.documents] + [ev.doc_id for ev in item.evidence]


def page_links(query: Query, page: Page) -> dict[str, str]:
    def link(number: int) -> str:
        return "/?" + urlencode(query.params(page=number))

    return {
        "prev": link(page.page - 1) if page.page > 1 else "",
        "next": link(page.page + 1) if page.page < page.pages else "",
        "first": link(1) if page.page > 1 else "",
        "last": link(page.pages) if page.page < page.pages else "",
    }


def decisions_csv(log: list[dict[str, Any]]) -> str:
    """The decision log as CSV text (the columns of the log, in order)."""
    buffer = io.StringIO()
    columns = list(log[0]) if log else list(DECISION_COLUMNS)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in log:
        writer.writerow(spreadsheet_safe({k: "" if v is None else str(v) for k, v in row.items()}))
    return buffer.getvalue()
