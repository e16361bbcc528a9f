"""Review in a real browser (issue 12): Debian's headless Chromium, with and without JavaScript.

An editor signs in with their token, opens the event of the issue's case (a false
40-vs-6 "hit" contradiction), corrects the value where the event page shows its
evidence, sees the contradiction go and the correction in the claim's history,
and still sees it after the same documents are ingested again. The same flow runs
with JavaScript off, through the plain forms.

The screenshot test saves ``review-queue.png``, ``claim-history.png`` and
``event-merged.png`` (1,400 px wide) under ``build/screenshots/`` (or
``RASHOMON_SCREENSHOTS``); ``docs/screenshots/`` holds the copies looked at.
"""

from __future__ import annotations

import pytest
from test_browser import (
    SCREENSHOTS,
    chromium,
    screenshot_until,
    served_over_loopback,
    wait_for,
)
from test_review import AIR_FORCE, ELSEWHERE, GOVERNOR, HIT

from rashomon.store import Store


@pytest.fixture
def server(tmp_path):
    """A fresh store of the issue's case and an editor, served by uvicorn on loopback."""
    store = Store.open("sqlite:///" + str(tmp_path / "review.db"))
    store.ingest_documents([AIR_FORCE, GOVERNOR])
    secret = store.add_user("Olena", "editor")
    with served_over_loopback(store) as base:
        yield base, store, secret
    store.close()


def sign_in(driver, base: str, secret: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/sign-in")
    driver.find_element(By.ID, "token").send_keys(secret)
    driver.find_element(By.CSS_SELECTOR, "form.review-form button[type=submit]").click()
    wait_for(driver, lambda d: d.current_url.endswith("/review/"))
    assert "Olena · editor" in driver.find_element(By.CSS_SELECTOR, ".who-am-i").text


def findings_text(driver) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, "#findings-title + ul")
    return found[0].text.lower() if found else ""


def gone(element):
    """A wait condition: the element's page has been left. Chromium's driver says so
    with a stale reference, or with "Node … does not belong to the document"."""
    from selenium.common.exceptions import WebDriverException

    def check(_driver) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:  # StaleElementReferenceException is one
            return True
        return False
    return check


def correct_on_the_event_page(driver, base: str, store: Store, *, javascript: bool) -> str:
    """Open the event, correct the Air Force's 'hit' to at least 6 where its evidence is
    shown; returns the claim's id."""
    from selenium.webdriver.common.by import By

    claim = next(c for c in store.ledger().claims if c.text == HIT)
    event = store.ledger().events[0].id
    driver.get(f"{base}/events/{event}")
    assert "contradiction" in findings_text(driver) and "40" in findings_text(driver)
    if javascript:  # the value in the table opens its evidence in place, with the form
        value = next(a for a in driver.find_elements(By.CSS_SELECTOR, "table.sbs td.contested a.value")
                     if a.text.strip().endswith("40"))
        value.click()
        form = wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "tr.inplace-row form.fact-form"))
    else:  # the value links to its evidence further down the page, with the form
        form = driver.find_element(By.XPATH, f"//form[contains(@class, 'fact-form') and starts-with(@action, "
                                             f"'/claims/{claim.id}/')][.//input[@name='slot' and @value='hit']]")
    field = form.find_element(By.NAME, "value")
    field.clear()
    field.send_keys("6")
    form.find_element(By.NAME, "at_least").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # the event page was open before the post: wait for the one the post leads back to
    wait_for(driver, gone(form))
    wait_for(driver, lambda d: f"/events/{event}" in d.current_url and d.find_element(By.TAG_NAME, "h1"))
    return claim.id


def check_the_correction(driver, base: str, claim_id: str) -> None:
    from selenium.webdriver.common.by import By

    assert "contradiction" not in findings_text(driver)
    driver.get(f"{base}/claims/{claim_id}")
    history = driver.find_element(By.ID, "history").text
    assert "Olena" in history and "40 → ≥ 6" in history
    assert "Reviewed" in driver.find_element(By.CSS_SELECTOR, ".reviewed-banner").text


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_sign_in_correct_a_value_on_the_event_page_and_keep_it_through_a_re_ingest(server, chromium_paths,
                                                                                   javascript):
    base, store, secret = server
    driver = chromium(chromium_paths, javascript=javascript, width=1400, height=1000)
    try:
        sign_in(driver, base, secret)
        claim_id = correct_on_the_event_page(driver, base, store, javascript=javascript)
        check_the_correction(driver, base, claim_id)
        report = store.ingest_documents([AIR_FORCE, GOVERNOR])
        assert report.unchanged == 2
        driver.get(f"{base}/events/{store.ledger().events[0].id}")
        assert "contradiction" not in findings_text(driver)
        check_the_correction(driver, base, claim_id)
    finally:
        driver.quit()


def test_screenshots_of_the_queue_a_corrected_claim_and_a_merged_event(server, chromium_paths):
    from selenium.webdriver.common.by import By

    base, store, secret = server
    store.ingest_documents([ELSEWHERE])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver = chromium(chromium_paths, width=1400, height=900)
    try:
        sign_in(driver, base, secret)
        screenshot_until(driver, "main", SCREENSHOTS / "review-queue.png", width=1400)
        claim_id = correct_on_the_event_page(driver, base, store, javascript=False)
        driver.get(f"{base}/claims/{claim_id}")
        note = driver.find_element(By.ID, "note")
        note.send_keys("«влучили щонайменше 6»: at least 6 of the 40, not 40")
        note.find_element(By.XPATH, "./following-sibling::button").click()
        wait_for(driver, lambda d: "#history" in d.current_url)
        screenshot_until(driver, "#history", SCREENSHOTS / "claim-history.png", width=1400)
        odesa, belgorod = (e.id for e in store.ledger().events)
        driver.get(f"{base}/events/{odesa}")
        driver.find_element(By.ID, "merge-with").send_keys(belgorod)
        driver.find_element(By.ID, "merge-with").find_element(By.XPATH, "./following-sibling::button").click()
        wait_for(driver, lambda d: d.find_elements(By.ID, "history"))
        assert "merge" in driver.find_element(By.ID, "history").text
        screenshot_until(driver, "#review", SCREENSHOTS / "event-merged.png", width=1400)
    finally:
        driver.quit()
    for name in ("review-queue.png", "claim-history.png", "event-merged.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000
