"""The pages in a real browser: Debian's headless Chromium driven by Selenium.

uvicorn serves the app on 127.0.0.1 (a free port) in a thread, over a SQLite
store filled by ``Store.ingest`` with the example reports and one hostile
document. Selenium is given Debian's chromedriver and chromium explicitly and
runs offline (SE_OFFLINE), so selenium-manager never downloads anything.

The event-page test saves ``build/screenshots/event.png`` (and a phone-sized
``event-phone.png``; ``RASHOMON_SCREENSHOTS`` sets another folder), so a run
leaves the work tree clean; ``docs/screenshots/`` holds the copies the README
shows, refreshed by hand after looking at them.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from rashomon.ledger import Document
from rashomon.store import Store
from rashomon.web import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / name for name in
            ("2025-03-09-afp-briansk.txt", "2025-03-10-communique-mod.md", "2025-03-10-wires.jsonl")]
SCREENSHOTS = Path(os.environ.get("RASHOMON_SCREENSHOTS", ROOT / "build" / "screenshots"))
HOSTILE = Document(
    id="hostile", lang="fr", publisher="<img src=x onerror=window.__pwned=1>",
    published="2025-03-09T12:00:00+00:00", title="<script>window.__pwned=1;alert(1)</script>",
    url="javascript:window.__pwned=1",
    text=("Le ministère russe de la Défense a affirmé dimanche que <script>window.__pwned=1;alert(1)</script> "
          "trois drones <img src=x onerror=\"window.__pwned=1;alert(2)\"> avaient été abattus au-dessus de la "
          "raffinerie de Novozybkov. Voir <a href=\"javascript:window.__pwned=1\">ici</a> </textarea>"
          "<svg onload=\"window.__pwned=1\"></svg>."))
WAIT = 10  # seconds, the most any page or script may take


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_over_loopback(store):
    """The app over ``store``, served by uvicorn in a thread on a free loopback port;
    yields its base URL and stops the server on leaving."""
    import uvicorn

    port = free_port()
    served = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not served.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        served.should_exit = True
        thread.join(WAIT)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over a filled store, served by uvicorn on loopback; yields its base URL."""
    store = Store.open("sqlite:///" + str(tmp_path_factory.mktemp("browser") / "t.db"))
    store.ingest(EXAMPLES)
    store.ingest_documents([HOSTILE])
    with served_over_loopback(store) as base:
        yield base, store
    store.close()


def chromium(chromium_paths, *, javascript: bool = True, width: int = 1280, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # selenium-manager must not reach the network
    browser, driver = chromium_paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", f"--window-size={width},{height}",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='rashomon-chromium-')}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


@pytest.fixture
def browser(chromium_paths):
    driver = chromium(chromium_paths)
    yield driver
    driver.quit()


def wait_for(driver, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition)


def first_event_with_contradiction(store: Store) -> str:
    return store.events(contested=True, sort="claims").items[0]["id"]


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_filter_open_an_event_click_a_value_and_read_its_evidence(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown

    base, store = server
    browser.get(base + "/")
    assert browser.title == "Events · rashomon"
    total = len(browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr"))
    place = browser.find_element(By.NAME, "place")
    place.send_keys("Novozybkov")
    first_row = browser.find_element(By.CSS_SELECTOR, "table.events tbody tr")
    place.submit()
    wait_for(browser, shown.staleness_of(first_row))
    assert "place=Novozybkov" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert 1 <= len(rows) < total
    assert all("Novozybkov" in row.text for row in rows)

    rows[0].find_element(By.CSS_SELECTOR, ".col-title a").click()
    wait_for(browser, shown.presence_of_element_located((By.CSS_SELECTOR, "table.sbs")))
    value = browser.find_element(By.CSS_SELECTOR, "table.sbs td.contested a.value")
    assert value.get_attribute("aria-expanded") == "false"
    value.click()
    panel = wait_for(browser, shown.visibility_of_element_located((By.CSS_SELECTOR, "tr.inplace-row .ev")))
    assert value.get_attribute("aria-expanded") == "true"
    assert "#" not in browser.current_url  # opened in place, no jump to the anchor
    marked = panel.find_element(By.CSS_SELECTOR, "blockquote.evidence mark").text
    assert marked and marked in panel.text
    document_link = panel.find_element(By.CSS_SELECTOR, "a[href^='/documents/']")
    value.click()  # a second click closes it
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "tr.inplace-row"))

    value.click()
    browser.find_element(By.CSS_SELECTOR, "tr.inplace-row a[href^='/documents/']").click()
    wait_for(browser, shown.url_contains("/documents/"))
    assert browser.find_elements(By.CSS_SELECTOR, ".doc-text a.hl")
    assert document_link  # the link the panel offered is the one followed
    assert console_errors(browser) == []


def test_without_javascript_a_value_links_to_its_evidence_on_the_page(server, chromium_paths):
    from selenium.webdriver.common.by import By

    base, store = server
    driver = chromium(chromium_paths, javascript=False)
    try:
        driver.get(f"{base}/events/{first_event_with_contradiction(store)}")
        value = driver.find_element(By.CSS_SELECTOR, "table.sbs a.value")
        target = value.get_attribute("href").split("#", 1)[1]
        value.click()
        assert driver.current_url.endswith("#" + target)
        evidence = driver.find_element(By.ID, target)
        assert evidence.is_displayed()
        assert evidence.find_element(By.CSS_SELECTOR, "blockquote.evidence mark").text
        assert not driver.find_elements(By.CSS_SELECTOR, "tr.inplace-row")
    finally:
        driver.quit()


def test_a_hostile_document_shows_as_text_and_runs_nothing(server, browser):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    base, store = server
    hostile_events = [e["id"] for e in store.document("hostile")["events"]]
    for path in ["/documents/hostile", "/", *(f"/events/{e}" for e in hostile_events), "/sources/ru-mod"]:
        browser.get(base + path)
        wait_for(browser, lambda d: d.execute_script("return document.readyState") == "complete")
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert browser.execute_script("return typeof window.__pwned") == "undefined", path
        # the only SVGs are the app's own map and charts (geo_map, charts), never the document's
        found = "img, svg:not(.events-map):not(.chart), iframe, textarea, [onerror], [onload]"
        assert browser.find_elements(By.CSS_SELECTOR, found) == [], path
        assert console_errors(browser) == [], path
    browser.get(base + "/documents/hostile")
    text = browser.find_element(By.CSS_SELECTOR, ".doc-text").text
    assert "<script>window.__pwned=1;alert(1)</script>" in text
    assert '<img src=x onerror="window.__pwned=1;alert(2)">' in text
    assert browser.find_element(By.TAG_NAME, "h1").text == "<script>window.__pwned=1;alert(1)</script>"


def screenshot_until(driver, selector: str, path: Path, *, width: int) -> None:
    """Save the page from its top to the bottom of ``selector``, the viewport made that tall."""
    def metrics(height: int) -> None:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    metrics(2400)
    bottom = driver.execute_script(
        "return Math.ceil(document.querySelector(arguments[0]).getBoundingClientRect().bottom"
        " + window.scrollY + 16)", selector)
    metrics(min(bottom, 3000))
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(path))


def test_screenshots_of_an_event_page_on_a_laptop_and_a_phone(server, chromium_paths):
    from selenium.webdriver.common.by import By

    base, store = server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    event = first_event_with_contradiction(store)
    for name, width in (("event.png", 1400), ("event-phone.png", 400)):
        driver = chromium(chromium_paths, width=width, height=900)
        try:
            driver.get(f"{base}/events/{event}")
            driver.find_element(By.CSS_SELECTOR, "table.sbs td.contested a.value").click()
            assert driver.find_element(By.CSS_SELECTOR, "tr.inplace-row .ev").is_displayed()
            screenshot_until(driver, "#findings-title + ul", SCREENSHOTS / name, width=width)
        finally:
            driver.quit()
    assert (SCREENSHOTS / "event.png").stat().st_size > 10_000


def test_a_facet_click_filters_the_list_and_the_address_keeps_it(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown

    base, store = server
    browser.get(base + "/claims/")
    russia = store.claims(side="russia").total
    assert 0 < russia < store.claims().total
    value = browser.find_element(By.XPATH, "//div[@data-facet='side']//li/a[span[@class='value']='russia']")
    table = browser.find_element(By.CSS_SELECTOR, "table.claims")
    value.click()
    wait_for(browser, shown.staleness_of(table))
    assert browser.current_url == base + "/claims/?side=russia"
    assert f"of {russia} claim" in browser.find_element(By.CSS_SELECTOR, ".pager .count").text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    assert rows and {row.get_attribute("class") for row in rows} == {"side-russia"}
    browser.refresh()  # the filter is the address: a reload or a shared link shows the same list
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")) == len(rows)
    browser.find_element(By.CSS_SELECTOR, "ul.chips a.remove").click()
    wait_for(browser, shown.url_to_be(base + "/claims/"))
    assert console_errors(browser) == []


def test_the_csv_download_holds_the_filtered_rows(server, browser, tmp_path):
    import csv

    from selenium.webdriver.common.by import By

    base, store = server
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(base + "/claims/?side=ukraine")
    browser.find_element(By.XPATH, "//p[@class='downloads']/a[text()='CSV']").click()
    saved = tmp_path / "claims.csv"
    wait_for(browser, lambda d: saved.exists() and not list(tmp_path.glob("*.crdownload")))
    with saved.open(encoding="utf-8", newline="") as rows:
        ids = [row["id"] for row in csv.DictReader(rows)]
    assert ids == [c["id"] for c in store.claims(side="ukraine", limit=500).items]
    assert ids


LIST_PAGES = (("events", "/", "table.events"), ("claims", "/claims/", "table.claims"),
              ("sources", "/sources/", "table.sources"), ("documents", "/documents/", "table.documents"),
              ("findings", "/findings/", "table.findings"))


def test_screenshots_of_the_list_pages_wide_and_narrow(server, chromium_paths):
    base, _ = server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, suffix in ((1400, ""), (400, "-phone")):
        driver = chromium(chromium_paths, width=width, height=900)
        try:
            for name, path, table in LIST_PAGES:
                driver.get(base + path + ("?side=russia" if name == "claims" else ""))
                screenshot_until(driver, table, SCREENSHOTS / f"list-{name}{suffix}.png", width=width)
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (name, width, overflow)  # nothing sticks out sideways
        finally:
            driver.quit()
    assert (SCREENSHOTS / "list-claims.png").stat().st_size > 10_000


PINNED = """
const wrap = document.querySelector(arguments[0]);
const source = () => wrap.querySelector('th.source').getBoundingClientRect().left;
const before = source();
wrap.scrollLeft = wrap.scrollWidth;
return [wrap.scrollWidth > wrap.clientWidth, wrap.scrollLeft > 0, before, source(),
        document.documentElement.scrollWidth <= window.innerWidth];
"""


def test_a_wide_event_table_scrolls_in_its_card_with_the_source_column_pinned(server, chromium_paths):
    base, store = server
    event = first_event_with_contradiction(store)
    driver = chromium(chromium_paths, width=900, height=900)
    try:
        driver.get(f"{base}/events/{event}")
        wide, scrolled, before, after, page_fits = driver.execute_script(PINNED, ".sbs-wrap")
        assert wide and scrolled and page_fits  # the card scrolls, not the page
        assert abs(after - before) < 1  # the source column stays where it was
    finally:
        driver.quit()


def test_the_html_report_pins_the_source_column_of_a_wide_table(server, chromium_paths, tmp_path):
    from rashomon.pipeline import analyze_paths
    from rashomon.report import write_report

    report = write_report(analyze_paths(EXAMPLES), "html", tmp_path / "report.html")
    driver = chromium(chromium_paths, width=800, height=900)  # above the phone layout's 700 px
    try:
        driver.get(report.as_uri())
        found = driver.execute_script(PINNED, ".table-wrap:has(table.sbs)")
        wide, scrolled, before, after, page_fits = found
        assert wide and scrolled and page_fits, found
        assert abs(after - before) < 1
    finally:
        driver.quit()
