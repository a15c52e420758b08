"""The dashboard in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium against the server on a free local port.

Loads the page, checks the six panels render with their charts, ticks qualification tier =
tier_1 and checks a figure changes to what the query gives for that filter, and saves a
screenshot to data/test-artifacts/dashboard.png.
"""

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from cli.bench_dashboard import build_warehouse
from pipeline.dashboard.app import make_dashboard_server
from pipeline.dashboard.queries import PANELS, Filters, connect, panel_business

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = Path(__file__).parents[1] / "data" / "test-artifacts" / "dashboard.png"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason=f"Chromium is not installed ({CHROMIUM} and {CHROMEDRIVER}: Debian packages "
           "chromium and chromium-driver)")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path, Filters]]:
    """A month of generated calls, served as of the end of the last day; the page's default
    filters (last 7 days)."""
    db = tmp_path_factory.mktemp("browser") / "warehouse.duckdb"
    as_of = build_warehouse(db, 4_000, days=30)
    server = make_dashboard_server(db, "127.0.0.1", 0, now=as_of)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    week = Filters.days(as_of.date() - timedelta(days=6), as_of.date(), now=as_of)
    try:
        yield f"http://127.0.0.1:{server.server_port}/", db, week
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--window-size=1400,5600"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_page_renders_and_a_filter_changes_a_figure(served, browser) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, db, week = served
    with connect(db) as con:
        everything = panel_business(con, week)["meetings_booked"]
        tier_1 = panel_business(con, replace(week, qualification_tier=("tier_1",)))
    assert tier_1["meetings_booked"] != everything

    browser.get(url)
    # Panels re-render as a whole when filters change: an element read mid-way goes stale.
    wait = WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException,))
    titles = [title for title, _ in PANELS.values()]
    wait.until(lambda d: [h.text for h in d.find_elements(By.CSS_SELECTOR, "h2.panel-title")]
               == titles)

    def meetings(d) -> str:
        found = d.find_elements(By.CSS_SELECTOR, "#w-business-meetings_booked .kpi-value")
        return found[0].text if found else ""

    wait.until(lambda d: meetings(d) == f"{everything:,}")
    # Every panel filled in, charts drawn, nothing failed.
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))
               >= 20)
    assert "could not be read" not in browser.page_source

    browser.find_element(
        By.XPATH, "//div[@id='filter-qualification_tier']//label[contains(., 'tier_1')]").click()
    wait.until(lambda d: meetings(d) == f"{tier_1['meetings_booked']:,}")
    wait.until(lambda d: d.find_element(
        By.CSS_SELECTOR, "#w-business-qualified_leads_tier_1 .kpi-value").text
        == f"{tier_1['qualified_leads_tier_1']:,}")

    wait.until(lambda d: "Loading" not in d.find_element(By.TAG_NAME, "main").text)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, height + 150)  # the whole page in one screenshot
    wait.until(lambda d: d.execute_script("return window.innerHeight") >= height)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 50_000
