"""End to end in a real Chromium: `quotes serve` as a subprocess on a free loopback port,
the quote table's search box, a quotation page, the speaker's page. Screenshots go to
out/screenshots/ (CI keeps out/).

Needs Debian's chromium and chromium-driver (.ci/run installs them). Without them the test
skips locally and fails in CI, like the PostgreSQL tests.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from urllib.parse import quote_plus

import pytest
from conftest_pg import in_ci
from webdb import ROOT, build

from quotes.web.app import ServeError, launch

SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _browser():
    missing = [p for p in (CHROMIUM, DRIVER) if not os.access(p, os.X_OK)]
    if missing:
        problem = f"{', '.join(missing)} not found; apt-get install chromium chromium-driver"
        if in_ci():
            pytest.fail(f"the browser test is never skipped in CI, but {problem} "
                        "(.ci/run installs them)", pytrace=False)
        pytest.skip(f"browser test skipped: {problem}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def _quote_id(url: str) -> int:
    return int(url.split("/-/quotation/")[1].split("#")[0])


@pytest.fixture(scope="module")
def server(tmp_path_factory, nlp):
    db = build(tmp_path_factory.mktemp("browser"), nlp)
    try:
        process, port = launch(db)
    except ServeError as error:
        pytest.fail(str(error))
    yield f"http://127.0.0.1:{port}", db
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def test_search_quotation_and_speaker_in_chromium(server, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base, db = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(f"{base}/quotes/quote")
    box = browser.find_element(By.CSS_SELECTOR, "input#_search")
    box.send_keys("cost of living")
    box.submit()
    # the submit returns before the next page loads; on a busy machine, wait for it
    searched = f"_search={quote_plus('cost of living')}"
    WebDriverWait(browser, 30).until(lambda driver: searched in driver.current_url)
    assert searched in browser.current_url
    results = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns "
                                    "a[href*='/-/quotation/']")
    assert results, "no quotation links on the search result page"
    browser.save_screenshot(str(SHOTS / "search.png"))
    with sqlite3.connect(db) as connection:  # a result with a speaker, to follow to them
        spoken = {i for (i,) in connection.execute(
            "select id from quote where speaker_id is not null")}
    [link] = [a for a in results if _quote_id(a.get_attribute("href")) in spoken][:1]
    link.click()
    WebDriverWait(browser, 30).until(lambda driver: "/-/quotation/" in driver.current_url)

    quote_id = _quote_id(browser.current_url)
    with sqlite3.connect(db) as connection:
        text, start, end = connection.execute(
            'select text, start, "end" from quote where id = ?', (quote_id,)).fetchone()
    assert "cost of living" in text.lower()
    mark = browser.find_element(By.CSS_SELECTOR, "#article mark#quotation")
    assert mark.get_attribute("textContent") == text
    offset = browser.execute_script(
        "const article = document.getElementById('article');"
        "const range = document.createRange(); range.setStart(article, 0);"
        "range.setEndBefore(arguments[0]); return range.toString().length;", mark)
    assert (offset, offset + len(text)) == (start, end)
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top;", mark)
    height = browser.execute_script("return window.innerHeight;")
    assert 0 <= top < height, "the anchor did not scroll the quotation into view"
    browser.save_screenshot(str(SHOTS / "quotation.png"))

    browser.find_element(By.ID, "speaker-link").click()
    WebDriverWait(browser, 30).until(lambda driver: "/-/person/" in driver.current_url)
    bars = browser.find_elements(By.CSS_SELECTOR, "svg#per-month rect")
    assert bars and all(int(b.get_attribute("data-count")) > 0 for b in bars)
    browser.save_screenshot(str(SHOTS / "person.png"))
    for name in ("search", "quotation", "person"):
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000
