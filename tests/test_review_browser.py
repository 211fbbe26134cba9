"""The review page in a real (headless) Chromium: a click records the decision; keyboard decisions
(j/k/a/r) move the focus on and update the live count; filters navigate to server-side pages; the
decision log downloads as CSV; screenshots of the report and the review page.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package; skipped when one is
missing, unless ``PRESSEXTRACT_REQUIRE_BROWSER=1`` (CI), which turns the skip into a failure.
Chromium talks to 127.0.0.1 only: every other host name resolves to nothing and goes to a dead proxy.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import time
from pathlib import Path

import pytest
from workflow_data import write_review_setup

from extract.registry import open_registry
from extract.report import write_report
from extract.review_server import make_server, serve_in_thread

LEV_FUNDING = (
    "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
    "|funder=land nordrhein westfalen|project=|year="
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _require(what: str) -> None:
    if os.environ.get("PRESSEXTRACT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test needs {what}")
    pytest.skip(f"browser test needs {what}")


@pytest.fixture()
def downloads(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture()
def browser(downloads):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _require("the selenium package (pip install selenium)")
    if not CHROMIUM or not DRIVER:
        _require("chromium and chromedriver (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="pressextract-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=127.0.0.1",
    ):
        options.add_argument(arg)
    options.add_argument("--window-size=1280,1600")
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    os.environ.setdefault("SE_AVOID_STATS", "true")
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def review(tmp_path):
    dataset, reg, items = write_review_setup(tmp_path)
    write_report(items, tmp_path / "diff", dataset=str(dataset), registry=str(reg))
    server = make_server(reg, tmp_path / "diff", port=0, who="browser-test")
    serve_in_thread(server)
    yield server, items, reg
    server.shutdown()
    server.server_close()


def _wait(predicate, timeout: float = 15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_accept_conflict_in_browser(browser, review):
    from selenium.webdriver.common.by import By

    server, items, reg = review
    (item,) = [i for i in items if i.status == "conflict" and i.natural_key == LEV_FUNDING]
    browser.get(server.url)
    assert "pressextract — review conflict" in browser.title
    card = browser.find_element(By.CSS_SELECTOR, f".candidate[data-item-id='{item.item_id}']")
    assert "30.000 € / Jahr" in card.text and "confidence 0,9" in card.text
    assert card.find_element(By.CSS_SELECTOR, ".part.differs").text == "30.000 €"
    conflict = card.find_element(By.XPATH, "ancestor::article")
    assert "25.000 € / Jahr" in conflict.find_element(By.CSS_SELECTOR, ".registry").text
    assert "Leverkusen" in card.find_element(By.CSS_SELECTOR, "mark.mention").text
    assert card.find_element(By.CSS_SELECTOR, "mark.disputed").text == "30.000 Euro"
    # the malicious sentence is shown as text, not run
    browser.get(server.url + "?status=new")
    assert "<script>alert('x')</script>" in browser.find_element(By.ID, "items").text
    browser.get(server.url)
    card = browser.find_element(By.CSS_SELECTOR, f".candidate[data-item-id='{item.item_id}']")

    card.find_element(By.TAG_NAME, "textarea").send_keys("Bescheid 2017 liegt vor")
    card.find_element(By.CSS_SELECTOR, "button[data-action=accept]").click()
    status = card.find_element(By.CSS_SELECTOR, ".status")
    _wait(lambda: "accepted by browser-test" in status.text)
    assert "decided-accept" in card.get_attribute("class")

    with open_registry(reg) as r:
        (decision,) = [d for d in r.decisions() if d["item_id"] == item.item_id]
        fact = r.fact(LEV_FUNDING)
    assert (decision["action"], decision["who"], decision["note"]) == (
        "accept",
        "browser-test",
        "Bescheid 2017 liegt vor",
    )
    assert (fact["value"], fact["decision_id"], fact["source"]) == (
        "30000",
        decision["decision_id"],
        "leverkusen_2017.txt",
    )

    # reloading shows the decision from the log
    browser.get(server.url)
    card = browser.find_element(By.CSS_SELECTOR, f".candidate[data-item-id='{item.item_id}']")
    assert "accepted by browser-test" in card.text
    assert not card.find_element(By.CSS_SELECTOR, "button[data-action=accept]").is_enabled()


def test_browser_cannot_reach_other_hosts(browser, review):
    """The launch flags keep Chromium on 127.0.0.1."""
    server, _items, _reg = review
    browser.set_page_load_timeout(10)
    try:
        browser.get("http://example.com/")
    except Exception:  # noqa: BLE001 - a timeout is as good as an error page
        return
    assert "Example Domain" not in browser.page_source


def _count(browser, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id).text


def _active_item(browser) -> str:
    return browser.execute_script(
        "var a = document.activeElement; return a && a.closest('article.item') ? "
        "a.closest('article.item').getAttribute('data-item-id') : '';"
    )


def test_keyboard_decisions_move_focus_and_update_the_live_count(browser, review):
    from selenium.webdriver.common.action_chains import ActionChains

    server, items, reg = review
    conflicts = [i.item_id for i in items if i.status == "conflict"]  # member_count 18, 40; Leverkusen funding
    browser.get(server.url)
    assert _active_item(browser) == conflicts[0]  # the first open item has the focus
    assert (_count(browser, "open-count"), _count(browser, "decided-count")) == ("3", "0")
    keys = ActionChains(browser)
    keys.send_keys("j").perform()
    assert _active_item(browser) == conflicts[1]
    keys.send_keys("k").perform()
    assert _active_item(browser) == conflicts[0]

    keys.send_keys("r").perform()  # reject member_count 18: the focus moves on to the next open item
    _wait(lambda: _count(browser, "open-count") == "2")
    assert _active_item(browser) == conflicts[1]
    assert _count(browser, "decided-conflict") == "1"
    keys.send_keys("a").perform()  # accept member_count 40
    _wait(lambda: _count(browser, "open-count") == "1")
    assert _active_item(browser) == conflicts[2]
    assert _count(browser, "decided-count") == "2"
    with open_registry(reg) as r:
        log = [(d["item_id"], d["action"], d["who"]) for d in r.decisions()]
        assert r.fact("member_count|S=program/name:kein kind zurücklassen")["value"] == "40"
    assert log == [(conflicts[0], "reject", "browser-test"), (conflicts[1], "accept", "browser-test")]
    # typing a note does not trigger the keys
    from selenium.webdriver.common.by import By

    note = browser.find_element(By.CSS_SELECTOR, f"[data-item-id='{conflicts[2]}'] textarea")
    note.send_keys("a und r und j")
    assert note.get_attribute("value") == "a und r und j"
    assert _count(browser, "open-count") == "1"


def test_filters_navigate_to_server_side_pages(browser, review):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    server, items, _reg = review
    browser.get(server.url)
    Select(browser.find_element(By.NAME, "predicate")).select_by_value("receives_funding")
    _wait(lambda: "predicate=receives_funding" in browser.current_url)
    shown = [a.get_attribute("data-item-id") for a in browser.find_elements(By.CSS_SELECTOR, "article.item")]
    assert shown == [i.item_id for i in items if i.status == "conflict" and i.predicate == "receives_funding"]
    assert _count(browser, "matching") == "1"

    Select(browser.find_element(By.NAME, "status")).select_by_value("all")
    _wait(lambda: "status=all" in browser.current_url)
    field = browser.find_element(By.NAME, "municipality")
    field.clear()
    field.send_keys("monheim")
    browser.find_element(By.ID, "apply").click()
    _wait(lambda: "municipality=monheim" in browser.current_url)
    shown = [a.get_attribute("data-item-id") for a in browser.find_elements(By.CSS_SELECTOR, "article.item")]
    assert shown == [i.item_id for i in items if i.predicate == "receives_funding" and "Monheim" in i.subject_label]

    browser.get(server.url + "?status=all&per_page=2&sort=newest")
    assert "1–2 of 7 · page 1 of 4" in browser.find_element(By.CLASS_NAME, "pager").text
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    _wait(lambda: "page=2" in browser.current_url)
    assert "3–4 of 7 · page 2 of 4" in browser.find_element(By.CLASS_NAME, "pager").text
    assert "sort=newest" in browser.current_url and "per_page=2" in browser.current_url


def test_decision_log_downloads_as_csv(browser, review, downloads):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    server, items, _reg = review
    browser.get(server.url)
    ActionChains(browser).send_keys("r").perform()
    _wait(lambda: _count(browser, "open-count") == "2")
    browser.find_element(By.ID, "export-csv").click()
    target = downloads / "decisions.csv"
    _wait(lambda: target.is_file() and target.stat().st_size > 0)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("decision_id,item_id,natural_key,action")
    first_conflict = next(i for i in items if i.status == "conflict")
    assert len(lines) == 2 and f",{first_conflict.item_id}," in lines[1] and ",reject," in lines[1]


SCREENSHOTS = os.environ.get("PRESSEXTRACT_SCREENSHOTS")  # a folder, e.g. docs/, to keep them


def test_screenshots_of_the_report_and_the_review_page(browser, review, tmp_path):
    """PNGs of the static report and the review page (kept in $PRESSEXTRACT_SCREENSHOTS, e.g. docs/)."""
    from selenium.webdriver.common.action_chains import ActionChains

    server, _items, _reg = review
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    browser.get((server.diff_dir / "report.html").resolve().as_uri())
    assert "conflict report" in browser.title
    report_png = folder / "report.png"
    browser.save_screenshot(str(report_png))
    browser.get(server.url + "?status=all&per_page=4")
    ActionChains(browser).send_keys("r").perform()
    _wait(lambda: _count(browser, "open-count") == "2")
    review_png = folder / "review.png"
    browser.save_screenshot(str(review_png))
    for png in (report_png, review_png):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert width == 1280 and height > 1000  # the window, not an empty or error page


def test_undo_with_u_takes_back_an_accept(browser, review):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    server, items, reg = review
    lev = next(i for i in items if i.status == "conflict" and i.predicate == "receives_funding")
    browser.get(server.url + "?predicate=receives_funding")
    keys = ActionChains(browser)
    keys.send_keys("a").perform()
    _wait(lambda: _count(browser, "open-count") == "2")
    card = browser.find_element(By.CSS_SELECTOR, f".candidate[data-item-id='{lev.item_id}']")
    assert card.find_element(By.CSS_SELECTOR, "button.undo").is_displayed()
    keys.send_keys("u").perform()
    _wait(lambda: "undone" in card.find_element(By.CSS_SELECTOR, ".status").text)
    assert "decided-reject" in card.get_attribute("class")
    assert not card.find_element(By.CSS_SELECTOR, "button.undo").is_displayed()
    with open_registry(reg) as r:
        assert [d["action"] for d in r.decisions()] == ["accept", "reject", "accept"]  # the last: the revert
        assert r.fact(LEV_FUNDING)["value"] == "25000"  # the registry's value before the accept


def test_accept_a_group_of_identical_conflicts(browser, tmp_path):
    from review_data import forced_group
    from selenium.webdriver.common.by import By

    from extract.diff_files import write_diff
    from extract.registry import init_registry
    from extract.review_server import make_server as make

    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    items, group = forced_group(200)
    with open_registry(reg) as r:
        r.save_candidates([i.to_dict() for i in items if i.status in ("new", "conflict", "rejected")], "synthetic")
    write_diff(items, tmp_path / "diff", dataset="synthetic", registry=str(reg))
    server = make(reg, tmp_path / "diff", port=0, who="browser-test")
    serve_in_thread(server)
    try:
        browser.get(server.url)
        assert _count(browser, "open-count") == "80"
        box = browser.find_element(By.CSS_SELECTOR, "#groups article.group .decide")
        assert "in 3 open facts" in browser.find_element(By.CSS_SELECTOR, "#groups h3").text
        box.find_element(By.CSS_SELECTOR, "button[data-action=accept]").click()
        _wait(lambda: _count(browser, "open-count") == "77")
        assert box.find_element(By.CSS_SELECTOR, ".status").text == "3 items accepted"
        for item in group:  # the cards of the group on this page show the decision too
            card = browser.find_element(By.CSS_SELECTOR, f".candidate[data-item-id='{item.item_id}']")
            assert "decided-accept" in card.get_attribute("class")
        with open_registry(reg) as r:
            assert [(d["item_id"], d["action"]) for d in r.decisions()] == [(i.item_id, "accept") for i in group]
    finally:
        server.shutdown()
        server.server_close()
