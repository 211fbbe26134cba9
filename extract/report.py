"""The conflict report: one self-contained HTML page (inline CSS/JS, no external assets) + conflicts.csv.

Every text taken from the data is HTML-escaped; evidence sentences are split at the mention
offsets and each piece escaped on its own, the mention wrapped in ``<mark>``. A Content Security
Policy in the page forbids loading anything from elsewhere.

The same renderer serves the static report (``report.html``, written by ``pressextract diff``)
and the interactive page of ``pressextract review`` (``interactive=True``: accept / reject / note
buttons per conflict, per key and per group of identical conflicts, posting to the review server).
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract import facts_schema as fs
from extract.atomic import write_file
from extract.csvsafe import guard_row
from extract.diff import STATUSES, DiffItem, summary, write_csv

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
    "img-src data:; form-action 'none'; base-uri 'none'"
)

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em 1.5em;color:#222}
h1{margin:.2em 0}h2{border-bottom:2px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
.summary td.n{text-align:right;font-weight:bold}
article.key{border:1px solid #bbb;border-radius:6px;margin:1em 0;padding:.6em 1em;background:#fff}
article.key h3{margin:.1em 0 .5em}
.cols{display:grid;grid-template-columns:1fr 2fr;gap:1em}
.registry{background:#f3f6fb;padding:.5em .8em;border-radius:4px;align-self:start}
.candidate{background:#fdf6ec;padding:.5em .8em;border-radius:4px;margin-bottom:.8em}
.candidate.decided-accept{background:#e8f6e8}.candidate.decided-reject{background:#eee;color:#666}
.value{font-size:1.15em;font-weight:bold}
.meta{color:#555;font-size:.9em}
blockquote{margin:.4em 0;padding:.3em .6em;border-left:3px solid #d9a441;background:#fff}
mark{background:#ffe066;padding:0 .1em}
.newest{background:#2b7a0b;color:#fff;border-radius:3px;padding:0 .35em;font-size:.8em;margin-left:.3em}
.decide textarea{width:100%;min-height:2.2em;box-sizing:border-box}
.decide button{margin:.3em .3em 0 0}
.status{font-weight:bold;margin-left:.4em}
code{background:#f2f2f2;padding:0 .2em}
.muted{color:#777}
"""

_JS = """
(function () {
  var token = document.querySelector('meta[name="review-token"]').getAttribute('content');
  var stateMeta = document.querySelector('meta[name="review-states"]');
  var states = stateMeta ? JSON.parse(stateMeta.getAttribute('content')) : {};
  function mark(d) {
    document.querySelectorAll('[data-item-id="' + d.item_id + '"]').forEach(function (el) {
      if (d.action === 'note') { return; }
      el.classList.add('decided-' + d.action);
      el.querySelectorAll('button[data-action]').forEach(function (b) { b.disabled = true; });
      var s = el.querySelector('.status');
      if (s) { s.textContent = d.action + 'ed by ' + d.who + ' at ' + d.at + ' (#' + d.decision_id + ')'; }
    });
  }
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-action]');
    if (!b) { return; }
    var box = b.closest('.decide');
    var note = box.querySelector('textarea').value;
    var status = box.querySelector('.status');
    var ids = b.getAttribute('data-items').split(' ');
    b.disabled = true;
    fetch('/api/decide', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Review-Token': token},
      body: JSON.stringify({ids: ids, action: b.getAttribute('data-action'), note: note,
                            states: ids.reduce(function (m, id) { m[id] = states[id]; return m; }, {})})
    }).then(function (r) {
      return r.json().then(function (data) { return {ok: r.ok, data: data}; });
    }).then(function (res) {
      b.disabled = false;
      if (!res.ok) { status.textContent = 'error: ' + res.data.error; return; }
      Object.assign(states, res.data.states || {});
      res.data.decisions.forEach(mark);
      if (b.getAttribute('data-action') === 'note') { status.textContent = 'note saved'; }
      else if (ids.length > 1) {
        status.textContent = ids.length + ' items ' + b.getAttribute('data-action') + 'ed';
      }
    }).catch(function (e) { b.disabled = false; status.textContent = 'error: ' + e; });
  });
})();
"""


def e(text: Any) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def highlighted(sentence: str, spans: Iterable[tuple[int, int]]) -> str:
    """The sentence as HTML with the given [start, end) spans in ``<mark>``; every piece escaped."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end > len(sentence) or start >= end:
            continue
        out.append(e(sentence[pos:start]))
        out.append(f"<mark>{e(sentence[start:end])}</mark>")
        pos = end
    out.append(e(sentence[pos:]))
    return "".join(out)


def _key_title(item: DiffItem) -> str:
    parts = [f"<span class=subject>{e(item.subject_label)}</span>", f"<code>{e(item.predicate)}</code>"]
    if item.object:
        parts.append(f"<span class=object>{e(item.object_label)}</span>")
    quals = ", ".join(f"{k}: {v}" for k, v in item.key_qualifiers.items() if v)
    if quals:
        parts.append(f"<span class=meta>({e(quals)})</span>")
    return " — ".join(parts)


def _decision_text(decision: dict[str, Any] | None) -> str:
    if not decision:
        return ""
    return f"{decision['action']}ed by {decision['who']} at {decision['at']} (#{decision['decision_id']})"


def _decide_box(
    ids: list[str],
    interactive: bool,
    registry_arg: str,
    decision: dict[str, Any] | None = None,
    label: str = "",
    actions: tuple[str, ...] = ("accept", "reject"),
) -> str:
    if not interactive:
        if len(ids) != 1:
            return ""
        reg = f" --registry {registry_arg}" if registry_arg else ""
        return (
            f"<div class='decide meta'>decide: <code>pressextract resolve {e(ids[0])} --accept{e(reg)}</code>"
            f" or <code>--reject --note …</code></div>"
        )
    items = e(" ".join(ids))
    disabled = " disabled" if decision else ""
    suffix = f" {e(label)}" if label else ""
    return (
        "<div class=decide>"
        "<textarea aria-label='note' placeholder='note (optional)'></textarea>"
        + "".join(
            f"<button type=button data-action={a} data-items='{items}'{disabled}>"
            f"{a.capitalize()}{suffix}</button>"
            for a in actions
        )
        + f"<button type=button data-action=note data-items='{items}'>Save note</button>"
        + f"<span class=status>{e(_decision_text(decision))}</span></div>"
    )


def _documents_html(item: DiffItem, newest: str) -> str:
    rows = []
    for d in item.documents:
        badge = "<span class=newest>newest</span>" if newest and d.published == newest else ""
        rows.append(
            f"<li><code>{e(d.doc_id)}</code> {e(d.source)} — published {e(d.published or '?')}{badge}"
            + (f" — <span class=muted>{e(d.title)}</span>" if d.title else "")
            + "</li>"
        )
    return "<ul class=docs>" + "".join(rows) + "</ul>" if rows else ""


def _evidence_html(item: DiffItem) -> str:
    parts = []
    for ev in item.evidence:
        where = "; ".join(
            f"{m['type']} “{m['text']}” at {m['start']}–{m['end']} ({m['mention_id']})" for m in ev.mentions
        )
        parts.append(
            f"<blockquote data-doc='{e(ev.doc_id)}'>{highlighted(ev.sentence, ev.highlights)}"
            f"<div class=meta>{e(ev.source or ev.doc_id)} · published {e(ev.published or '?')}"
            f" · {e(where)}</div>"
            "</blockquote>"
        )
    return "".join(parts)


def _registry_html(item: DiffItem, newest: str) -> str:
    if item.registry_value is None:
        return "<div class=registry><h4>Registry</h4><p class=muted>not in the registry</p></div>"
    reg = item.registry_fact or {}
    published = reg.get("published") or ""
    badge = "<span class=newest>newest</span>" if newest and newest in published.split("|") else ""
    return (
        "<div class=registry><h4>Registry</h4>"
        f"<div class='value registry-value'>{e(fs.format_value(item.predicate, item.registry_value))}</div>"
        f"<div class=meta>source: {e(reg.get('source') or '?')}</div>"
        f"<div class=meta>published: {e(published.replace('|', ', ') or '?')}{badge}</div>"
        f"<div class=meta>documents: {e((reg.get('doc_ids') or '').replace('|', ', ') or '–')}</div>"
        f"<div class=meta>accepted {e(reg.get('accepted_at') or '?')}"
        f" by {e(reg.get('accepted_by') or '?')}</div>"
        "</div>"
    )


def _newest_date(items: list[DiffItem]) -> str:
    dates = [d.published for i in items for d in i.documents if d.published]
    reg = items[0].registry_fact or {}
    dates += [p for p in (reg.get("published") or "").split("|") if p]
    return max(dates) if dates else ""


def _candidate_html(
    item: DiffItem, newest: str, interactive: bool, registry_arg: str, decision: dict[str, Any] | None
) -> str:
    cls = f" decided-{decision['action']}" if decision else ""
    return (
        f"<div class='candidate{cls}' data-item-id='{e(item.item_id)}'>"
        f"<div class='value new-value'>{e(fs.format_value(item.predicate, item.new_value))}</div>"
        f"<div class=meta>item <code>{e(item.item_id)}</code>"
        + (f" · {e(item.detail)}" if item.detail else "")
        + "</div>"
        + _documents_html(item, newest)
        + _evidence_html(item)
        + _decide_box([item.item_id], interactive, registry_arg, decision)
        + "</div>"
    )


def group_conflicts(items: list[DiffItem]) -> list[list[DiffItem]]:
    """Groups of identical conflicts: same predicate, registry value and new value, over several keys."""
    groups: dict[tuple[str, str, str], list[DiffItem]] = defaultdict(list)
    for item in items:
        if item.status == "conflict":
            sig = (
                item.predicate,
                json.dumps(item.registry_value, sort_keys=True),
                json.dumps(item.new_value, sort_keys=True),
            )
            groups[sig].append(item)
    return [g for _sig, g in sorted(groups.items()) if len({i.natural_key for i in g}) > 1]


def render_html(
    items: list[DiffItem],
    *,
    dataset: str = "",
    registry: str = "",
    interactive: bool = False,
    token: str = "",
    decisions: dict[str, dict[str, Any]] | None = None,
    registry_arg: str = "",
) -> str:
    """The report page. ``decisions`` maps item ids to their latest accept/reject (shown as decided)."""
    decisions = decisions or {}
    counts = summary(items)
    conflicts = [i for i in items if i.status == "conflict"]
    open_conflicts = [i for i in conflicts if i.item_id not in decisions]
    out: list[str] = [
        "<!DOCTYPE html><html lang=de><head><meta charset=utf-8>",
        f"<meta http-equiv='Content-Security-Policy' content=\"{e(CSP)}\">",
        "<meta name=viewport content='width=device-width, initial-scale=1'>",
    ]
    if interactive:
        out.append(f"<meta name=review-token content='{e(token)}'>")
    out += [
        "<title>pressextract — conflict report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header><h1>Conflict report</h1>",
        f"<p class=meta>dataset: <code>{e(dataset)}</code> · registry: <code>{e(registry)}</code></p>",
        "<table class=summary><tr>"
        + "".join(f"<th>{e(s)}</th>" for s in STATUSES)
        + "</tr><tr>"
        + "".join(f"<td class=n id='count-{e(s)}'>{counts[s]}</td>" for s in STATUSES)
        + "</tr></table>",
        f"<p>{len(open_conflicts)} open conflict(s)"
        + (f", {len(conflicts) - len(open_conflicts)} decided in this review" if interactive else "")
        + ".</p>",
        "</header>",
    ]

    groups = group_conflicts(conflicts)
    if groups:
        out.append("<section id=groups><h2>Identical conflicts</h2>")
        for group in groups:
            first = group[0]
            ids = [i.item_id for i in group]
            names = ", ".join(i.subject_label + (f" / {i.object_label}" if i.object else "") for i in group)
            out.append(
                "<article class='key group'>"
                f"<h3><code>{e(first.predicate)}</code>: "
                f"{e(fs.format_value(first.predicate, first.registry_value))}"
                f" → {e(fs.format_value(first.predicate, first.new_value))} in {len(group)} facts</h3>"
                f"<p>{e(names)}</p>"
                + _decide_box(ids, interactive, registry_arg, label=f"all {len(group)}")
                + "</article>"
            )
        out.append("</section>")

    out.append(f"<section id=conflicts><h2>Conflicts ({len(conflicts)})</h2>")
    if not conflicts:
        out.append("<p class=muted>No conflicts.</p>")
    by_key: dict[str, list[DiffItem]] = defaultdict(list)
    for item in conflicts:
        by_key[item.natural_key].append(item)
    for nkey, key_items in by_key.items():
        newest = _newest_date(key_items)
        ids = [i.item_id for i in key_items]
        out.append(f"<article class='key conflict' data-key='{e(nkey)}'><h3>{_key_title(key_items[0])}</h3>")
        out.append(
            f"<div class=cols>{_registry_html(key_items[0], newest)}"
            "<div class=candidates><h4>New value(s)</h4>"
        )
        for item in key_items:
            out.append(_candidate_html(item, newest, interactive, registry_arg, decisions.get(item.item_id)))
        out.append("</div></div>")
        if interactive and len(ids) > 1:
            out.append(_decide_box(ids, interactive, registry_arg, label="all values", actions=("reject",)))
        out.append("</article>")
    out.append("</section>")

    out.append(
        _table_section(
            "new", "New facts", [i for i in items if i.status == "new"], interactive, registry_arg, decisions
        )
    )
    out.append(
        _table_section(
            "unseen",
            "In the registry, not in this batch",
            [i for i in items if i.status == "unseen"],
            False,
            registry_arg,
            decisions,
        )
    )
    out.append(
        _table_section(
            "rejected",
            "Rejected earlier (not raised again)",
            [i for i in items if i.status == "rejected"],
            False,
            registry_arg,
            decisions,
            collapsed=True,
        )
    )
    out.append(
        _table_section(
            "confirmed",
            "Confirmed",
            [i for i in items if i.status == "confirmed"],
            False,
            registry_arg,
            decisions,
            collapsed=True,
        )
    )
    if interactive:
        out.append(f"<script>{_JS}</script>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _table_section(
    section_id: str,
    title: str,
    items: list[DiffItem],
    interactive: bool,
    registry_arg: str,
    decisions: dict[str, dict[str, Any]],
    collapsed: bool = False,
) -> str:
    head = f"<section id={e(section_id)}><h2>{e(title)} ({len(items)})</h2>"
    if not items:
        return head + "<p class=muted>none</p></section>"
    undecided = [i.item_id for i in items if i.item_id not in decisions]
    if interactive and len(undecided) > 1:
        head += _decide_box(undecided, True, registry_arg, label=f"all {len(undecided)} undecided")
    rows = [
        "<table><tr><th>fact</th><th>registry</th><th>batch</th><th>documents</th><th>evidence</th>"
        + ("<th>decision</th>" if interactive else "")
        + "</tr>"
    ]
    for item in items:
        docs = "<br>".join(f"{e(d.source or d.doc_id)} ({e(d.published or '?')})" for d in item.documents)
        evidence = "".join(
            f"<div>{highlighted(ev.sentence, ev.highlights)}</div>" for ev in item.evidence[:3]
        )
        decision = decisions.get(item.item_id)
        cls = f" class='decided-{e(decision['action'])}'" if decision else ""
        rows.append(
            f"<tr data-item-id='{e(item.item_id)}'{cls}><td>{_key_title(item)}</td>"
            f"<td>{e(fs.format_value(item.predicate, item.registry_value))}</td>"
            f"<td>{e(fs.format_value(item.predicate, item.new_value))}</td><td>{docs}</td><td>{evidence}</td>"
            + (f"<td>{_decide_box([item.item_id], True, registry_arg, decision)}</td>" if interactive else "")
            + "</tr>"
        )
    rows.append("</table>")
    body = "".join(rows)
    if collapsed:
        return f"{head}<details><summary>show</summary>{body}</details></section>"
    return f"{head}{body}</section>"


def spreadsheet_safe(row: dict[str, str]) -> dict[str, str]:
    """Cells that a spreadsheet would run as a formula ("=HYPERLINK(…)" in scraped text) get a
    leading apostrophe (:mod:`extract.csvsafe`, which every CSV writer of pressextract uses)."""
    return guard_row(row)


def write_report(
    items: list[DiffItem],
    out_dir: str | Path,
    *,
    dataset: str = "",
    registry: str = "",
    decisions: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Path]:
    """Write ``report.html`` (static) and ``conflicts.csv`` into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = render_html(items, dataset=dataset, registry=registry, decisions=decisions, registry_arg=registry)
    write_file(out / "report.html", lambda handle: handle.write(page))
    rows = [i.csv_row() for i in items if i.status == "conflict"]
    write_csv(rows, out / "conflicts.csv")  # guarded against formulas there
    return {"report.html": out / "report.html", "conflicts.csv": out / "conflicts.csv"}
