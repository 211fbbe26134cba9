"""Review server and decisions under hostile requests and races: bad Content-Length, 100,000-deep
JSON, a batch with an unknown id, concurrent accepts of different values, reject after accept."""

from __future__ import annotations

import http.client
import json
import re
import threading
from pathlib import Path

import pytest
from robust_helpers import check_registry, cli
from workflow_data import write_dataset, write_registry_csv

from extract.diff import diff
from extract.diff_files import write_diff
from extract.registry import import_csv, init_registry, open_registry
from extract.review import resolve
from extract.review_server import make_server, serve_in_thread

LEV_FUNDING = ("receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
               "|funder=land nordrhein westfalen|project=|year=")
MEMBERS = "member_count|S=program/name:kein kind zurücklassen"


@pytest.fixture()
def server(tmp_path: Path):
    dataset = write_dataset(tmp_path / "run")
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg)
    items = diff(dataset, reg)
    write_diff(items, tmp_path / "diff", dataset=str(dataset), registry=str(reg))
    srv = make_server(reg, tmp_path / "diff", port=0, who="reviewer")
    serve_in_thread(srv)
    yield srv, items, reg, dataset
    srv.shutdown()
    srv.server_close()
    check_registry(reg)


def raw_post(srv, body: bytes, length: str | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
    conn.putrequest("POST", "/api/decide", skip_accept_encoding=True)
    conn.putheader("Host", f"127.0.0.1:{srv.port}")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("X-Review-Token", srv.token)
    conn.putheader("Content-Length", str(len(body)) if length is None else length)
    conn.endheaders(body)
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    return response.status, data


def post(srv, data: dict) -> tuple[int, dict]:
    return raw_post(srv, json.dumps(data).encode())


def page_states(srv) -> dict[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
    conn.request("GET", "/", headers={"Host": f"127.0.0.1:{srv.port}"})
    page = conn.getresponse().read().decode()
    conn.close()
    import html

    return json.loads(html.unescape(re.search(r'<meta name="review-states" content="([^"]*)">', page).group(1)))


def conflict_items(items, key: str = LEV_FUNDING):
    return [i for i in items if i.natural_key == key and i.status == "conflict"]


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", ""])
def test_a_bad_content_length_is_a_400(server, length: str) -> None:
    srv, _items, reg, _dataset = server
    status, data = raw_post(srv, b'{"ids": ["x"], "action": "note"}', length)
    assert status == 400 and data["error"] in (f"bad Content-Length {length!r}",)
    assert post(srv, {"ids": ["nope"], "action": "note"})[0] == 400  # the server still answers
    with open_registry(reg) as r:
        assert r.decisions() == []


def test_a_100000_deep_json_body_is_a_400(server) -> None:
    srv, _items, _reg, _dataset = server
    status, data = raw_post(srv, b"[" * 100_000 + b"]" * 100_000)
    assert (status, data["error"]) == (400, "bad request: JSON nested deeper than 32 levels")
    status, data = raw_post(srv, b'{"ids": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    assert status == 400


def test_a_batch_with_an_unknown_id_decides_nothing(server) -> None:
    srv, items, reg, _dataset = server
    (item,) = conflict_items(items)
    status, data = post(srv, {"ids": [item.item_id, "d000000000000"], "action": "accept"})
    assert status == 400 and data["decisions"] == [] and "no diff item 'd000000000000'" in data["error"]
    with open_registry(reg) as r:
        assert r.decisions() == [] and r.fact(LEV_FUNDING)["value"] == "25000"


def test_parallel_accepts_of_different_values_one_wins_the_rest_are_refused(server) -> None:
    srv, items, reg, _dataset = server
    states = page_states(srv)
    candidates = [i for i in items if i.natural_key == MEMBERS and i.status in ("conflict", "new")]
    assert len({json.dumps(i.new_value, sort_keys=True) for i in candidates}) == 2  # two different values
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def accept(item_id: str) -> None:
        answer = post(srv, {"ids": [item_id], "action": "accept", "states": {item_id: states[item_id]}})
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=accept, args=(candidates[n % len(candidates)].item_id,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    codes = sorted(code for code, _data in answers)
    assert codes == [200] + [409] * 11
    refused = [d for code, d in answers if code == 409]
    assert all("changed for this key since the page was loaded" in d["error"] for d in refused)
    with open_registry(reg) as r:
        accepts = [d for d in r.decisions(natural_key=MEMBERS) if d["action"] == "accept"]
        assert len(accepts) == 1 and r.fact(MEMBERS)["decision_id"] == accepts[0]["decision_id"]


def test_reject_after_accept_restores_the_previous_value(server, tmp_path: Path) -> None:
    _srv, items, reg, dataset = server
    (item,) = conflict_items(items)
    resolve(item.item_id, "accept", registry=reg, who="a")
    with open_registry(reg) as r:
        assert r.fact(LEV_FUNDING)["value"] == "30000"
    proc = cli("resolve", item.item_id, "--reject", "--note", "Bescheid zurückgezogen", "--registry", str(reg))
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"#\d+ reject .* by .*: Bescheid zurückgezogen\n#\d+ accept revert:\d+ by ", proc.stdout)
    with open_registry(reg) as r:
        fact = r.fact(LEV_FUNDING)
        log = r.decisions(natural_key=LEV_FUNDING)
    assert fact["value"] == "25000" and fact["decision_id"] == log[-1]["decision_id"]
    assert [d["action"] for d in log][-3:] == ["accept", "reject", "accept"]
    assert log[-1]["note"].startswith("auto: revert of decision #")
    again = {i.natural_key: i.status for i in diff(dataset, reg, remember=False) if i.item_id == item.item_id}
    assert again == {LEV_FUNDING: "rejected"}  # not "confirmed": the registry no longer holds it
    check_registry(reg)


def test_review_port_and_diff_folder_are_checked(tmp_path: Path) -> None:
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    proc = cli("review", "--registry", str(reg), "--diff", str(tmp_path), "--port", "99999")
    assert proc.returncode == 2 and "argument --port: 99999 is not a port number (0-65535)" in proc.stderr
    assert "Traceback" not in proc.stderr
    not_a_folder = tmp_path / "diff.json"
    not_a_folder.write_text("{}", encoding="utf-8")
    proc = cli("review", "--registry", str(reg), "--diff", str(not_a_folder), "--port", "0")
    assert proc.returncode == 1 and f"pressextract review: {not_a_folder}: no diff.json" in proc.stderr
