"""Diff of a hand-made dataset against a registry, decisions, the HTML report and the review server.

Tests taking ``setup`` or ``new_registry`` run once on SQLite and once on PostgreSQL (conftest.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import urllib.error
import urllib.request

import pytest
from workflow_data import EVIL_TITLE, MALICIOUS, write_dataset, write_registry_csv

from extract.commands import diff as diff_command
from extract.commands import registry as registry_command
from extract.commands import resolve as resolve_command
from extract.commands import review as review_command
from extract.diff import diff
from extract.diff_files import read_diff, summary, write_diff
from extract.diff_items import DIFF_COLUMNS
from extract.registry import display_name, import_csv, init_registry, open_registry
from extract.report import highlighted, spreadsheet_safe, write_report
from extract.review import ReviewError, resolve
from extract.review_server import make_server, serve_in_thread

LEV_FUNDING = (
    "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
    "|funder=land nordrhein westfalen|project=|year="
)
MEMBERS = "member_count|S=program/name:kein kind zurücklassen"


@pytest.fixture()
def setup(tmp_path, new_registry):
    dataset = write_dataset(tmp_path / "run")
    reg = new_registry()
    init_registry(reg).close()
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg)
    return dataset, reg


def table(items) -> list[tuple[str, str, str, str, str, str]]:
    """(status, predicate, subject, object, registry value, new value) per item."""
    rows = []
    for i in items:
        row = i.csv_row()
        rows.append(
            (
                row["status"],
                row["predicate"],
                row["subject"],
                row["object"],
                row["registry_value"],
                row["new_value"],
            )
        )
    return rows


EXPECTED = [
    ("conflict", "member_count", "Kein Kind zurücklassen!", "", "", "18"),
    ("conflict", "member_count", "Kein Kind zurücklassen!", "", "", "40"),
    (
        "conflict",
        "receives_funding",
        "Leverkusen",
        "Kein Kind zurücklassen!",
        "25000 EUR / year",
        "30000 EUR / year",
    ),
    ("new", "receives_funding", "Monheim am Rhein", "Kein Kind zurücklassen!", "", "20000 EUR / year"),
    ("confirmed", "holds_role", "Uwe Richrath", "Leverkusen", "Oberbürgermeister", "Oberbürgermeister"),
    (
        "confirmed",
        "participates_in",
        "Leverkusen",
        "Kein Kind zurücklassen!",
        "since 2017-01-12",
        "since 2017-01-12",
    ),
    ("unseen", "programme_budget", "Kein Kind zurücklassen!", "", "1000000 EUR / total", ""),
]


def by_status(items, status, key=None):
    return [i for i in items if i.status == status and (key is None or i.natural_key == key)]


def test_classification(setup):
    dataset, reg = setup
    items = diff(dataset, reg)
    assert table(items) == EXPECTED
    assert summary(items) == {"conflict": 3, "new": 1, "rejected": 0, "confirmed": 2, "unseen": 1}


def test_conflict_carries_evidence_and_provenance(setup):
    dataset, reg = setup
    (item,) = by_status(diff(dataset, reg), "conflict", LEV_FUNDING)
    assert item.registry_fact["source"] == "Haushaltsplan 2016"
    assert [(d.doc_id, d.source, d.published) for d in item.documents] == [
        ("d1", "leverkusen_2017.txt", "2017-01-12")
    ]
    (ev,) = item.evidence
    assert ev.sentence == "Leverkusen erhält dafür vom Land Nordrhein-Westfalen jährlich 30.000 Euro."
    assert [ev.sentence[a:b] for a, b in ev.highlights] == ["Leverkusen", "30.000 Euro"]
    assert item.fact_ids == ["f2"]
    assert item.key_qualifiers == {"funder": "Land Nordrhein-Westfalen", "project": "", "year": ""}


def test_highlight_takes_the_right_occurrence(setup):
    """'Leverkusen' occurs twice in the sentence; the evidence mention is the second one."""
    dataset, reg = setup
    (item,) = [i for i in diff(dataset, reg) if i.predicate == "holds_role"]
    (ev,) = item.evidence
    second = ev.sentence.rindex("Leverkusen")
    assert (second, second + len("Leverkusen")) in ev.highlights
    assert (0, len("Leverkusen")) not in ev.highlights


def test_documents_of_one_batch_disagreeing(setup):
    dataset, reg = setup
    items = by_status(diff(dataset, reg), "conflict", MEMBERS)
    assert [(i.new_value["value"], i.registry_value, [d.doc_id for d in i.documents]) for i in items] == [
        ("18", None, ["d3"]),
        ("40", None, ["d1"]),
    ]
    assert items[0].siblings == [items[1].item_id]


def test_item_ids_are_stable(setup):
    dataset, reg = setup
    assert [i.item_id for i in diff(dataset, reg)] == [i.item_id for i in diff(dataset, reg)]


def test_diff_files(setup, tmp_path):
    dataset, reg = setup
    items = diff(dataset, reg)
    out = tmp_path / "diff"
    write_diff(items, out, dataset=str(dataset), registry=str(reg))
    write_report(items, out, dataset=str(dataset), registry=str(reg))
    with open(out / "diff.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == DIFF_COLUMNS
    assert [r["status"] for r in rows] == [e[0] for e in EXPECTED]
    lev = next(r for r in rows if r["natural_key"] == LEV_FUNDING)
    assert (
        lev["registry_value"],
        lev["registry_source"],
        lev["new_value"],
        lev["documents"],
        lev["published"],
        lev["sources"],
    ) == (
        "25000 EUR / year",
        "Haushaltsplan 2016",
        "30000 EUR / year",
        "d1",
        "2017-01-12",
        "leverkusen_2017.txt",
    )
    assert "jährlich 30.000 Euro" in lev["evidence"]
    with open(out / "conflicts.csv", encoding="utf-8", newline="") as handle:
        conflicts = list(csv.DictReader(handle))
    assert [r["item_id"] for r in conflicts] == [r["item_id"] for r in rows if r["status"] == "conflict"]
    header, again = read_diff(out)
    assert header["summary"]["conflict"] == 3
    assert [i.to_dict() for i in again] == [i.to_dict() for i in items]


# -- decisions -------------------------------------------------------------------------------------


def test_reject_round_trip(setup):
    dataset, reg = setup
    (item,) = by_status(diff(dataset, reg), "conflict", LEV_FUNDING)
    (decision,) = resolve(item.item_id, "reject", "Haushaltsplan gilt", registry=reg, who="analyst")
    assert (decision["action"], decision["who"], decision["note"]) == (
        "reject",
        "analyst",
        "Haushaltsplan gilt",
    )
    assert json.loads(decision["registry_value"])["value"] == "25000"
    assert json.loads(decision["new_value"])["value"] == "30000"
    items = diff(dataset, reg)
    (again,) = [i for i in items if i.natural_key == LEV_FUNDING]
    assert (again.status, again.decision_id, again.item_id) == (
        "rejected",
        decision["decision_id"],
        item.item_id,
    )
    with open_registry(reg) as r:
        assert r.fact(LEV_FUNDING)["value"] == "25000"
    assert summary(items)["conflict"] == 2


def test_accept_round_trip(setup):
    dataset, reg = setup
    (item,) = by_status(diff(dataset, reg), "conflict", LEV_FUNDING)
    (decision,) = resolve(item.item_id, "accept", "neuer Bescheid", registry=reg, who="analyst")
    with open_registry(reg) as r:
        fact = r.fact(LEV_FUNDING)
    assert (fact["value"], fact["unit"], fact["period"]) == ("30000", "EUR", "year")
    assert (fact["doc_ids"], fact["source"], fact["published"], fact["accepted_by"], fact["decision_id"]) == (
        "d1",
        "leverkusen_2017.txt",
        "2017-01-12",
        "analyst",
        decision["decision_id"],
    )
    assert fact["evidence"] == "|".join(m["mention_id"] for m in item.evidence[0].mentions)
    items = diff(dataset, reg)
    (again,) = [i for i in items if i.natural_key == LEV_FUNDING]
    assert again.status == "confirmed"


def test_accepting_one_batch_value_rejects_the_others(setup):
    dataset, reg = setup
    forty = next(
        i for i in by_status(diff(dataset, reg), "conflict", MEMBERS) if i.new_value["value"] == "40"
    )
    decisions = resolve(forty.item_id, "accept", "", registry=reg, who="analyst")
    assert [d["action"] for d in decisions] == ["accept", "reject"]
    assert decisions[1]["note"].startswith("auto: value 40 accepted")
    items = [i for i in diff(dataset, reg) if i.natural_key == MEMBERS]
    assert [(i.status, i.new_value["value"]) for i in items] == [("rejected", "18"), ("confirmed", "40")]


def test_after_all_decisions_only_undecided_items_remain(setup):
    dataset, reg = setup
    for item in by_status(diff(dataset, reg), "conflict") + by_status(diff(dataset, reg), "new"):
        if item.status == "conflict" and item.natural_key == MEMBERS and item.new_value["value"] == "18":
            continue  # decided through its sibling
        resolve(
            item.item_id, "accept" if item.natural_key != LEV_FUNDING else "reject", registry=reg, who="a"
        )
    counts = summary(diff(dataset, reg))
    assert (counts["conflict"], counts["new"]) == (0, 0)


def test_new_fact_accept(setup):
    dataset, reg = setup
    (item,) = by_status(diff(dataset, reg), "new")
    resolve(item.item_id, "accept", registry=reg, who="analyst")
    with open_registry(reg) as r:
        monheim = r.entity("municipality/key:05158026")
        assert (monheim["canonical"], monheim["kind"], monheim["state"]) == (
            "Monheim am Rhein",
            "Stadt",
            "NW",
        )
    assert [i.status for i in diff(dataset, reg) if i.natural_key == item.natural_key] == ["confirmed"]


def test_note_does_not_decide(setup):
    dataset, reg = setup
    (item,) = by_status(diff(dataset, reg), "conflict", LEV_FUNDING)
    (decision,) = resolve(item.item_id, "note", "Rückfrage beim Jugendamt", registry=reg, who="analyst")
    assert decision["action"] == "note"
    assert [i.status for i in diff(dataset, reg) if i.natural_key == LEV_FUNDING] == ["conflict"]


@pytest.mark.parametrize(
    "item_id, action, message",
    [
        ("dnope", "accept", "no diff item"),
        (None, "maybe", "unknown action"),
    ],
)
def test_resolve_errors(setup, item_id, action, message):
    dataset, reg = setup
    items = diff(dataset, reg)
    with pytest.raises(ReviewError, match=message):
        resolve(item_id or items[0].item_id, action, registry=reg)


def test_confirmed_items_cannot_be_decided(setup):
    dataset, reg = setup
    confirmed = by_status(diff(dataset, reg), "confirmed")[0]
    with pytest.raises(ReviewError):
        resolve(confirmed.item_id, "accept", registry=reg)


# -- report ----------------------------------------------------------------------------------------


def test_html_is_escaped_and_self_contained(setup, tmp_path):
    dataset, reg = setup
    items = diff(dataset, reg)
    paths = write_report(items, tmp_path / "out", dataset=str(dataset), registry=str(reg))
    page = paths["report.html"].read_text(encoding="utf-8")
    assert MALICIOUS not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert EVIL_TITLE not in page and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page  # the static report has no script at all
    assert not re.search(r"""<[^>]*\ssrc\s*=""", page)  # no tag loads anything, from anywhere
    assert "<link" not in page
    assert "Content-Security-Policy" in page
    # conflicts first, registry value beside the new value (German style), the disputed amount marked
    assert page.index('id="conflicts"') < page.index('id="new"') < page.index('id="unseen"')
    assert '<span class="part part-value differs">25.000 €</span> <span class="part part-period">/ Jahr' in page
    assert '<span class="part part-value differs">30.000 €</span>' in page
    assert '<mark class="disputed">30.000 Euro</mark>' in page
    assert '<mark class="mention">Leverkusen</mark>' in page
    # the index links every conflict key to its card
    (lev,) = by_status(items, "conflict", LEV_FUNDING)
    assert f'<a href="#k-{lev.item_id}">' in page and f'id="k-{lev.item_id}"' in page
    assert list(paths) == ["report.html", "conflicts.csv"]


def test_highlighted_escapes_every_piece():
    assert highlighted("a <b> c", [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c"
    assert highlighted("x & y", [(0, 1), (0, 3), (10, 12)]) == "<mark>x</mark> &amp; y"


def test_review_page_shows_decisions(setup, tmp_path):
    dataset, reg = setup
    items = diff(dataset, reg)
    write_diff(items, tmp_path / "diff", dataset=str(dataset), registry=str(reg))
    (item,) = by_status(items, "conflict", LEV_FUNDING)
    (decision,) = resolve(item.item_id, "reject", registry=reg, who="<b>eve</b>")
    srv = make_server(reg, tmp_path / "diff", port=0)
    srv.token = "t'ok"
    try:
        page = srv.page()
    finally:
        srv.server_close()
    assert f"rejected by &lt;b&gt;eve&lt;/b&gt; at {decision['at']} (#{decision['decision_id']})" in page
    assert 'content="t&#39;ok"' in page
    assert "<script>" in page and "fetch('/api/counts'" in page

# -- CLI modules -----------------------------------------------------------------------------------


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="pressextract")
    sub = parser.add_subparsers(dest="command")
    for module in (registry_command, diff_command, review_command, resolve_command):
        module.add_parser(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_workflow(tmp_path, capsys, new_registry):
    dataset = write_dataset(tmp_path / "run")
    reg = str(new_registry("r", password="s3cret"))  # the password must not reach any output
    assert cli("registry", "init", "--registry", reg) == 0
    assert (
        cli("registry", "import", str(write_registry_csv(tmp_path / "registry.csv")), "--registry", reg) == 0
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("predicate,subject_canonical\nnope,X\n", encoding="utf-8")
    assert cli("registry", "import", str(bad), "--registry", reg) == 1
    assert "line 2: unknown predicate 'nope'" in capsys.readouterr().err
    out = tmp_path / "diff"
    assert cli("diff", "--dataset", str(dataset), "--registry", reg, "--out", str(out)) == 0
    assert "3 conflict, 1 new, 0 rejected, 2 confirmed, 1 unseen" in capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {
        "diff.csv", "diff.json", "conflicts.csv", "report.html", "review-index.sqlite"
    }
    assert all(b"s3cret" not in p.read_bytes() for p in out.iterdir())
    assert json.loads((out / "diff.json").read_text(encoding="utf-8"))["registry"] == display_name(reg)
    assert (
        cli("diff", "--dataset", str(dataset), "--registry", reg, "--out", str(out), "--fail-on-conflict")
        == 3
    )
    _header, items = read_diff(out)
    lev = next(i for i in items if i.natural_key == LEV_FUNDING)
    assert (
        cli("resolve", lev.item_id, "--reject", "--note", "stimmt nicht", "--registry", reg, "--who", "ana")
        == 0
    )
    assert f"reject {lev.item_id} by ana" in capsys.readouterr().out
    assert cli("resolve", "dmissing", "--accept", "--registry", reg) == 1
    assert cli("resolve", lev.item_id, "--registry", reg) == 2
    assert cli("registry", "export", str(tmp_path / "export.csv"), "--registry", reg) == 0
    assert "s3cret" not in "".join(capsys.readouterr())  # the missing item's error names the registry
    assert cli("registry", "decisions", "--registry", reg) == 0
    assert "stimmt nicht" in capsys.readouterr().out
    assert cli("registry", "init", reg) == 0
    assert capsys.readouterr().out == f"registry ready: {display_name(reg)}\n"
    assert cli("diff", "--dataset", str(tmp_path / "missing"), "--registry", reg, "--out", str(out)) == 1
    assert cli("review", "--diff", str(tmp_path / "nodiff"), "--registry", reg) == 1


# -- review server (plain HTTP; the browser test is test_review_browser.py) ------------------------


@pytest.fixture()
def server(setup, tmp_path):
    dataset, reg = setup
    items = diff(dataset, reg)
    write_diff(items, tmp_path / "diff", dataset=str(dataset), registry=str(reg))
    srv = make_server(reg, tmp_path / "diff", port=0, who="reviewer")
    serve_in_thread(srv)
    yield srv, items, reg
    srv.shutdown()
    srv.server_close()


def _post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    req = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_review_server_page_and_decide(server):
    srv, items, reg = server
    with urllib.request.urlopen(srv.url, timeout=10) as resp:
        page = resp.read().decode()
        assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    assert srv.token in page and "30.000 €" in page
    (item,) = by_status(items, "conflict", LEV_FUNDING)
    url = srv.url + "api/decide"
    body = {"ids": [item.item_id], "action": "accept", "note": "ok"}
    assert _post(url, body, {})[0] == 403  # no token
    assert _post(url, body, {"X-Review-Token": srv.token, "Origin": "http://evil.example"})[0] == 403
    assert _post(url, {"ids": "x", "action": "accept"}, {"X-Review-Token": srv.token})[0] == 400
    status, data = _post(url, body, {"X-Review-Token": srv.token})
    assert status == 200
    assert [(d["action"], d["who"], d["item_id"]) for d in data["decisions"]] == [
        ("accept", "reviewer", item.item_id)
    ]
    with open_registry(reg) as r:
        assert r.fact(LEV_FUNDING)["value"] == "30000"
    with urllib.request.urlopen(srv.url, timeout=10) as resp:
        assert "accepted by reviewer" in resp.read().decode()


def test_review_server_refuses_foreign_host(server):
    srv, _items, _reg = server
    req = urllib.request.Request(srv.url, headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=10)
    assert info.value.code == 403


def test_review_group_decision(server):
    srv, items, reg = server
    ids = [i.item_id for i in by_status(items, "conflict", MEMBERS)]
    status, data = _post(
        srv.url + "api/decide",
        {"ids": ids, "action": "reject", "note": "unklar"},
        {"X-Review-Token": srv.token},
    )
    assert status == 200 and [d["action"] for d in data["decisions"]] == ["reject", "reject"]
    with open_registry(reg) as r:
        assert [d["item_id"] for d in r.decisions() if d["action"] == "reject"] == ids


def test_conflicts_csv_cells_never_run_as_spreadsheet_formulas():
    row = {"evidence": '=HYPERLINK("http://x.example","klick")', "new_values": "-5 EUR", "value": "-5",
           "note": "@SUM(A1)", "title": "Leverkusen"}
    assert spreadsheet_safe(row) == {"evidence": '\'=HYPERLINK("http://x.example","klick")', "new_values": "'-5 EUR",
                                     "value": "-5", "note": "'@SUM(A1)", "title": "Leverkusen"}
