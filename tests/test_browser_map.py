"""The map and the charts in a real browser (Debian's headless Chromium, as ``test_browser``).

The same server as ``test_browser``: the example reports and a hostile document in
a SQLite store, served by uvicorn on loopback. A mark is clicked as a reader clicks
it, with and without JavaScript; a facet click changes the marks; the counts chart's
numbers are read from the drawn SVG and from its table twin in the page the browser
laid out. The screenshots go to ``build/screenshots/`` (``RASHOMON_SCREENSHOTS``);
``docs/screenshots/`` holds the copies looked at.
"""

from __future__ import annotations

import base64
from pathlib import Path

from test_browser import (  # noqa: F401  (server and browser: the fixtures, shared)
    EXAMPLES,
    SCREENSHOTS,
    chromium,
    console_errors,
    first_event_with_contradiction,
    browser,
    server,
    wait_for,
)


def marks_on(driver) -> dict[str, str]:
    """The map's marks: event id -> link."""
    return driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('svg.events-map a.mark')]"
        ".map(a => [a.dataset.event, a.getAttribute('href')]))")


def test_a_mark_on_the_map_leads_to_its_event(server, chromium_paths):
    from selenium.webdriver.common.by import By

    base, store = server
    event = first_event_with_contradiction(store)
    for javascript in (True, False):
        driver = chromium(chromium_paths, javascript=javascript, width=1400, height=1000)
        try:
            driver.get(base + "/")
            assert marks_on(driver)[event] == f"/events/{event}"
            mark = driver.find_element(By.CSS_SELECTOR, f"svg.events-map a.mark[data-event='{event}'] circle")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
            mark.click()
            wait_for(driver, lambda d: d.current_url == f"{base}/events/{event}")
            assert driver.find_element(By.CSS_SELECTOR, "h1.page-title").text
            if javascript:
                assert console_errors(driver) == []
        finally:
            driver.quit()


def test_a_facet_click_changes_the_marks_on_the_map(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown

    base, store = server
    browser.get(base + "/")
    before = marks_on(browser)
    region = "Odesa Oblast"
    expected = {e["id"] for e in store.events(region=region).items}
    assert expected and expected < set(before)
    value = browser.find_element(By.XPATH, f"//div[@data-facet='region']//li/a[span[@class='value']='{region}']")
    table = browser.find_element(By.CSS_SELECTOR, "table.map-twin")
    value.click()
    wait_for(browser, shown.staleness_of(table))
    assert "region=Odesa+Oblast" in browser.current_url
    assert set(marks_on(browser)) == expected
    twin = browser.execute_script(
        "return [...document.querySelectorAll('table.map-twin tr[data-event]')].map(r => r.dataset.event)")
    assert set(twin) == expected
    assert console_errors(browser) == []


COUNTS = """
const drawn = {};
for (const c of document.querySelectorAll('svg.counts-chart circle.count-mark'))
  drawn[c.dataset.day + ' ' + c.dataset.side] = Number(c.dataset.value);
const sides = [...document.querySelectorAll('table.counts-twin thead th')].slice(1, -1).map(th => th.textContent.trim());
const table = {};
for (const tr of document.querySelectorAll('table.counts-twin tbody tr[data-day]'))
  [...tr.querySelectorAll('td[data-side]')].forEach((td, i) => {
    if (td.textContent.trim() !== '—') table[tr.dataset.day + ' ' + sides[i]] = Number(td.textContent); });
const marked = [...document.querySelectorAll('svg.counts-chart g.contradiction')].map(g => g.dataset.day);
const flagged = [...document.querySelectorAll('table.counts-twin tbody tr[data-day]')]
  .filter(tr => tr.textContent.includes('⚠')).map(tr => tr.dataset.day);
return [drawn, table, marked, flagged];
"""


def test_the_counts_charts_table_twin_holds_the_charts_numbers(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    for slot in ("launched", "intercepted", "hit"):
        browser.get(f"{base}/counts?slot={slot}")
        drawn, table, marked, flagged = browser.execute_script(COUNTS)
        assert drawn == table and drawn, slot
        assert marked == flagged, slot
    assert marked  # the examples' two sides contradict each other on the hits
    chart = browser.find_element(By.CSS_SELECTOR, "svg.counts-chart")
    assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
    assert chart.size["width"] > 300  # drawn, at the width of its box
    assert console_errors(browser) == []


def capture(driver, top: str, bottom: str, path: Path, *, width: int) -> None:
    """Save the page from the top of ``top`` to the bottom of ``bottom`` (CSS selectors)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": width < 600})
    box = driver.execute_script(
        "const a = document.querySelector(arguments[0]).getBoundingClientRect();"
        "const b = document.querySelector(arguments[1]).getBoundingClientRect();"
        "return [a.top + window.scrollY - 12, b.bottom + window.scrollY + 12];", top, bottom)
    height = min(box[1] - box[0], 3600)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": max(box[0], 0), "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def test_screenshots_of_the_map_and_the_charts_wide_and_narrow(server, chromium_paths, tmp_path):
    from rashomon.pipeline import analyze_paths
    from rashomon.report import write_report

    base, store = server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    event = first_event_with_contradiction(store)
    report = write_report(analyze_paths(EXAMPLES), "html", tmp_path / "report.html")
    shots = (("map-events", base + "/", "main", ".map-panel"),
             ("map-event", f"{base}/events/{event}", "#where-title", "#tl-chart-title ~ .chart-pair"),
             ("chart-counts", base + "/counts?slot=hit", "main", "table.counts-twin"),
             ("report-charts", report.as_uri(), "#counts", "#counts"))
    for width, suffix in ((1400, ""), (400, "-phone")):
        driver = chromium(chromium_paths, width=width, height=1000)
        try:
            for name, url, top, bottom in shots:
                driver.get(url)
                capture(driver, top, bottom, SCREENSHOTS / f"{name}{suffix}.png", width=width)
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (name, width, overflow)  # the SVGs scale down; nothing sticks out
        finally:
            driver.quit()
    assert all((SCREENSHOTS / f"{name}.png").stat().st_size > 10_000 for name, *_ in shots)
