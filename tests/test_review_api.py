"""The review server's read side over plain HTTP: filters, sorting and server-side pages
(``/``, ``/api/items``), live counts (``/api/counts``), the decision-log export and source files."""

from __future__ import annotations

import csv
import html
import io
import json
import urllib.error
import urllib.request

import pytest
from review_data import forced_group, synthetic_items
from workflow_data import FACTS, write_dataset, write_review_setup

from extract.diff import diff
from extract.diff_files import write_diff
from extract.registry import init_registry
from extract.report import conflict_signature, group_conflicts
from extract.review import resolve
from extract.review_index import (
    INDEX_FILE,
    ItemHead,
    Query,
    QueryError,
    ReviewIndex,
    build_index,
    latest_decisions,
)
from extract.review_server import make_server, serve_in_thread

LEV_FUNDING = (
    "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
    "|funder=land nordrhein westfalen|project=|year="
)


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _json(url: str) -> dict:
    status, _headers, body = _get(url)
    assert status == 200, body
    return json.loads(body)


@pytest.fixture()
def workflow(tmp_path):
    _dataset, reg, items = write_review_setup(tmp_path)
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "monheim.txt").write_text("Monheim am Rhein erhält 20.000 Euro.", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("geheim", encoding="utf-8")
    server = make_server(reg, tmp_path / "diff", port=0, who="api-test", sources=[tmp_path / "releases"])
    serve_in_thread(server)
    yield server, items, reg
    server.shutdown()
    server.server_close()


@pytest.fixture()
def large(tmp_path):
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    items = synthetic_items(1000)
    write_diff(items, tmp_path / "diff", dataset="synthetic", registry=str(reg))
    server = make_server(reg, tmp_path / "diff", port=0)  # builds review-index.sqlite from diff.json
    serve_in_thread(server)
    yield server, items
    server.shutdown()
    server.server_close()


def _ids(data: dict) -> list[str]:
    return [i["item_id"] for i in data["items"]]


def test_server_side_pages(large):
    server, items = large
    conflicts = [i.item_id for i in items if i.status == "conflict"]
    assert len(conflicts) == 400
    page2 = _json(server.url + "api/items?status=conflict&page=2&per_page=50")
    assert (page2["total"], page2["page"], page2["pages"], page2["per_page"]) == (400, 2, 8, 50)
    assert _ids(page2) == conflicts[50:100]
    last = _json(server.url + "api/items?status=conflict&page=99&per_page=50")
    assert last["page"] == 8 and _ids(last) == conflicts[350:400]  # past the end: the last page
    everything = _json(server.url + "api/items?status=all&per_page=200&page=5")
    assert everything["total"] == 1000 and _ids(everything) == [i.item_id for i in items][800:1000]
    status, _h, body = _get(server.url + "?status=conflict&page=3")
    page = body.decode()
    assert status == 200 and "51–75 of 400 · page 3 of 16" in page
    assert page.count('<article class="item conflict"') == 25
    assert 'href="/?page=4"' in page and 'href="/?page=2"' in page


def test_filters_and_sorts(large):
    server, items = large
    by_muni = _json(server.url + "api/items?status=all&municipality=gemeinde%2000012")
    assert sorted(i["subject"]["canonical"] for i in by_muni["items"]) == [f"Gemeinde 00012{d}" for d in range(10)]
    by_ags = _json(server.url + "api/items?status=all&municipality=05000999")
    assert [i["subject"]["canonical"] for i in by_ags["items"]] == ["Gemeinde 000999"]
    by_doc = _json(server.url + "api/items?status=all&document=doc000007")
    assert [i["subject"]["canonical"] for i in by_doc["items"]] == ["Gemeinde 000007"]
    text = _json(server.url + "api/items?status=new&q=KLIMASCHUTZ&per_page=200")
    klima = [i for i in items if i.status == "new" and i.object["canonical"] == "Klimaschutz vor Ort"]
    assert text["total"] == len(klima) > 0
    amounts = _json(server.url + "api/items?status=conflict&sort=amount&per_page=200")
    values = [int(i["new_value"]["value"]) for i in amounts["items"]]
    assert values == sorted(values, reverse=True) and len(values) == 200
    newest = _json(server.url + "api/items?status=all&sort=newest&per_page=100")
    dates = [max(d["published"] for d in i["documents"]) for i in newest["items"]]
    assert dates == sorted(dates, reverse=True)
    none = _json(server.url + "api/items?predicate=holds_role")
    assert none["total"] == 0 and none["items"] == []


@pytest.mark.parametrize(
    "query",
    ["status=bogus", "sort=random", "page=0", "per_page=500", "page=zwei", "state=maybe"],
)
def test_bad_parameters_are_400_with_a_message(large, query):
    server, _items = large
    for path in ("api/items", "api/counts", ""):
        status, _h, body = _get(f"{server.url}{path}?{query}")
        assert status == 400 and json.loads(body)["error"]


def test_counts_and_state_filter_follow_the_decision_log(workflow):
    server, items, reg = workflow
    before = _json(server.url + "api/counts")
    assert before["counts"]["conflict"] == {"total": 3, "decided": 0, "open": 3}
    assert (before["matching"], before["matching_open"], before["decisions"]) == (3, 3, 0)
    lev = next(i for i in items if i.status == "conflict" and i.predicate == "receives_funding")
    resolve(lev.item_id, "reject", registry=reg, who="ana")
    after = _json(server.url + "api/counts")
    assert after["counts"]["conflict"] == {"total": 3, "decided": 1, "open": 2}
    assert (after["matching"], after["matching_open"], after["decisions"]) == (3, 2, 1)
    decided = _json(server.url + "api/items?state=decided")
    assert _ids(decided) == [lev.item_id] and decided["items"][0]["decision"]["who"] == "ana"
    assert lev.item_id not in _ids(_json(server.url + "api/items?state=open"))


def test_decision_log_export(workflow):
    server, items, reg = workflow
    lev = next(i for i in items if i.status == "conflict" and i.predicate == "receives_funding")
    resolve(lev.item_id, "reject", "=HYPERLINK(\"http://x.example\")", registry=reg, who="ana")
    status, headers, body = _get(server.url + "api/decisions?format=csv")
    assert status == 200 and headers["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [(r["item_id"], r["action"], r["who"]) for r in rows] == [(lev.item_id, "reject", "ana")]
    assert rows[0]["note"] == "'=HYPERLINK(\"http://x.example\")"  # a spreadsheet does not run it
    status, headers, body = _get(server.url + "api/decisions?format=json&download=1")
    assert headers["Content-Disposition"] == 'attachment; filename="decisions.json"'
    assert [d["note"] for d in json.loads(body)["decisions"]] == ["=HYPERLINK(\"http://x.example\")"]
    assert _get(server.url + "api/decisions?format=xml")[0] == 400


def test_source_files_are_served_from_the_sources_folders_only(workflow):
    server, items, _reg = workflow
    monheim = next(d for i in items for d in i.documents if d.source == "monheim.txt")
    status, headers, body = _get(server.url + f"source/{monheim.doc_id}")
    assert status == 200 and body.decode() == "Monheim am Rhein erhält 20.000 Euro."
    assert headers["Content-Type"] == "text/plain; charset=utf-8" and headers["X-Content-Type-Options"] == "nosniff"
    assert _get(server.url + "source/d1")[0] == 404  # leverkusen_2017.txt is not in the folder
    assert _get(server.url + "source/..%2Fsecret.txt")[0] == 404  # not a document of the diff
    page = _get(server.url + "?status=new")[2].decode()
    assert f'href="/source/{monheim.doc_id}"' in page


def test_review_page_shows_registry_evidence_of_an_accepted_value(workflow, tmp_path):
    server, items, reg = workflow
    monheim = next(i for i in items if i.status == "new")
    resolve(monheim.item_id, "accept", registry=reg, who="ana")
    # a later batch says something else about Monheim: the registry side shows the accepted sentence
    facts = [f if f[0] != "f3" else (*f[:4], "25000", *f[5:]) for f in FACTS]
    again = diff(write_dataset(tmp_path / "run2", facts), reg)
    write_diff(again, tmp_path / "diff", dataset="run2", registry=str(reg))
    page = _get(server.url + "?status=conflict&municipality=monheim")[2].decode()
    registry_side = page[page.index('<div class="registry">'):page.index('<div class="candidates">')]
    assert "20.000 €" in registry_side and "Monheim am Rhein</mark> erhält jährlich" in registry_side


def test_index_is_rebuilt_when_the_diff_changes(tmp_path):
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    write_diff(synthetic_items(20), tmp_path, dataset="a", registry=str(reg))
    first = ReviewIndex.open(tmp_path)
    assert first.size == 20 and (tmp_path / INDEX_FILE).is_file()
    write_diff(synthetic_items(30), tmp_path, dataset="b", registry=str(reg))
    second = ReviewIndex.open(tmp_path)
    assert second.size == 30 and second.header["dataset"] == "b"
    assert build_index(tmp_path) == tmp_path / INDEX_FILE
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_query_from_params_and_back():
    query = Query.from_params({"status": ["new"], "q": [" Kita "], "page": ["3"]})
    assert (query.status, query.q, query.page, query.sort) == ("new", "Kita", 3, "key")
    assert query.params(page=4) == {"status": "new", "q": "Kita", "page": "4"}
    with pytest.raises(QueryError, match="sort must be one of key, newest, amount"):
        Query.from_params({"sort": ["x"]})


def test_latest_decisions_replays_the_log():
    log = [
        {"decision_id": 1, "item_id": "a", "action": "accept"},
        {"decision_id": 2, "item_id": "b", "action": "reject"},
        {"decision_id": 3, "item_id": "a", "action": "note"},
        {"decision_id": 4, "item_id": "c", "action": "reject"},
        {"decision_id": 5, "item_id": "c", "action": "accept"},
        {"decision_id": 6, "item_id": "b", "action": "note"},
    ]
    assert {k: v["decision_id"] for k, v in latest_decisions(log).items()} == {"a": 1, "b": 2, "c": 5}


def _post(server, path: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Review-Token": server.token},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_undo_refuses_what_cannot_be_undone(workflow):
    server, items, reg = workflow
    lev = next(i for i in items if i.status == "conflict" and i.predicate == "receives_funding")
    (note,) = resolve(lev.item_id, "note", "nachfragen", registry=reg)
    (first,) = resolve(lev.item_id, "accept", registry=reg)
    second = resolve(lev.item_id, "reject", "doch nicht", registry=reg)[0]
    from extract.registry import open_registry

    with open_registry(reg) as r:
        logged = len(r.decisions())
    assert _post(server, "api/undo", {"decision_id": 999}) == (400, {"error": f"no decision #999 in {reg}"})
    status, data = _post(server, "api/undo", {"decision_id": note["decision_id"]})
    assert status == 400 and "is a note: only an accept can be undone" in data["error"]
    status, data = _post(server, "api/undo", {"decision_id": second["decision_id"]})
    assert status == 400 and "is a reject: only an accept can be undone" in data["error"]
    status, data = _post(server, "api/undo", {"decision_id": first["decision_id"]})
    assert status == 400 and data["error"] == (
        f"decision #{first['decision_id']} is no longer in force (decision #{second['decision_id']} came later)"
    )
    assert _post(server, "api/undo", {"decision_id": "1"})[0] == 400
    assert _post(server, "api/undo", {"decision_id": True})[0] == 400
    with open_registry(reg) as r:
        assert len(r.decisions()) == logged  # the refusals logged nothing


def test_undo_an_accept_restores_the_registry_value(workflow):
    server, items, reg = workflow
    lev = next(i for i in items if i.status == "conflict" and i.predicate == "receives_funding")
    status, data = _post(server, "api/decide", {"ids": [lev.item_id], "action": "accept"})
    accept_id = data["decisions"][0]["decision_id"]
    from extract.registry import open_registry

    with open_registry(reg) as r:
        assert r.fact(LEV_FUNDING)["value"] == "30000"
    status, data = _post(server, "api/undo", {"decision_id": accept_id})
    assert status == 200 and data["reopened"] == []
    assert [(d["item_id"], d["action"], d["note"]) for d in data["decisions"]] == [
        (lev.item_id, "reject", f"undo of #{accept_id}")
    ]
    with open_registry(reg) as r:
        assert r.fact(LEV_FUNDING)["value"] == "25000"  # the value before the accept
        assert [d["action"] for d in r.decisions()] == ["accept", "reject", "accept"]  # the last: the revert


def test_groups_of_identical_conflicts_are_offered_on_the_first_conflict_page(tmp_path):
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    items, _group = forced_group(200)  # three municipalities: registry 104.000 €, batch 99.000 €
    conflicts = [i for i in items if i.status == "conflict"]
    write_diff(items, tmp_path / "diff", dataset="synthetic", registry=str(reg))
    index = ReviewIndex.open(tmp_path / "diff")
    expected = sorted(group_conflicts(items), key=lambda g: (-len(g), conflict_signature(g[0])))
    groups, total = index.groups({})
    assert total == len(expected) > 1  # the three made here, and pairs that happen to share amounts
    assert [g.ids for g in groups] == [[i.item_id for i in g] for g in expected]
    assert [g.first for g in groups] == [g[0] for g in expected]
    assert groups[0].ids == [i.item_id for i in conflicts[:3]]
    assert groups[0].labels == [i.subject_label + " / " + i.object_label for i in conflicts[:3]]
    assert groups[0].labels[0] == "Gemeinde 000000 (05000000) / Kein Kind zurücklassen"
    # the members' keys come from the index table alone (the page needs only them for the decision states)
    assert index.heads([*reversed(groups[0].ids), "no-such-item"]) == [
        ItemHead(i.item_id, "conflict", i.natural_key) for i in sorted(conflicts[:3], key=lambda i: i.item_id)]
    groups, total = index.groups({conflicts[0].item_id: {}, conflicts[1].item_id: {}})
    assert total == len(expected) - 1  # decided items leave their group; a group of one is none
    assert all(conflicts[2].item_id not in g.ids for g in groups)
    server = make_server(reg, tmp_path / "diff", port=0)
    try:
        page = server.page()
        assert "receives_funding</code>: 104.000 € / Jahr → 99.000 € / Jahr in 3 open facts" in page
        assert f'data-items="{" ".join(i.item_id for i in conflicts[:3])}">Accept all 3</button>' in page
        states = json.loads(html.unescape(page.split('<meta name="review-states" content="')[1].split('"')[0]))
        assert all(i.item_id in states for i in conflicts[:3])  # every member can be decided against its state
        assert 'id="groups"' not in server.page(Query(status="conflict", page=2))
    finally:
        server.server_close()
