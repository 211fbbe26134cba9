"""The review page in a real (headless) Chromium: the conflict is shown, a click records the decision.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package; skipped when one is
missing, unless ``PRESSEXTRACT_REQUIRE_BROWSER=1`` (CI), which turns the skip into a failure.
Chromium talks to 127.0.0.1 only: every other host name resolves to nothing and goes to a dead proxy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time

import pytest
from workflow_data import write_dataset, write_registry_csv

from extract.diff import diff, write_diff
from extract.registry import import_csv, init_registry, open_registry
from extract.review import make_server, serve_in_thread

LEV_FUNDING = (
    "receives_funding|S=municipality/key:05316000|O=program/name:kein kind zurücklassen"
    "|funder=land nordrhein westfalen"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _require(what: str) -> None:
    if os.environ.get("PRESSEXTRACT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test needs {what}")
    pytest.skip(f"browser test needs {what}")


@pytest.fixture()
def browser():
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
    dataset = write_dataset(tmp_path / "run")
    reg = tmp_path / "registry.db"
    init_registry(reg).close()
    import_csv(write_registry_csv(tmp_path / "registry.csv"), reg)
    items = diff(dataset, reg)
    write_diff(items, tmp_path / "diff", dataset=str(dataset), registry=str(reg))
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
    assert "conflict report" in browser.title
    card = browser.find_element(By.CSS_SELECTOR, f"[data-item-id='{item.item_id}']")
    assert "30000 EUR / year" in card.text
    conflict = card.find_element(By.XPATH, "ancestor::article")
    assert "25000 EUR / year" in conflict.find_element(By.CSS_SELECTOR, ".registry").text
    assert "Leverkusen" in card.find_element(By.TAG_NAME, "mark").text
    # the malicious sentence is shown as text, not run
    assert "<script>alert('x')</script>" in browser.find_element(By.ID, "new").text

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
    card = browser.find_element(By.CSS_SELECTOR, f"[data-item-id='{item.item_id}']")
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
