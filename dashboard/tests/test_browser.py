"""The dashboard in a real browser: `streamlit run` on a loopback port, headless Chromium driven by
Selenium, every page loaded until its charts are drawn, no error element, a PNG per page saved under
target/dashboard/."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DASHBOARD, ROOT

SHOTS = ROOT / "target" / "dashboard"
# The repository page first: a shared link is often the first request a fresh server gets.
PAGES = {"repository": ("repository?repo=kaltura/mwEmbed", 6), "overview": ("", 7), "health": ("health", 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(warehouse):
    port = free_port()
    env = dict(os.environ, GHEVENTS_DUCKDB=warehouse)
    env.pop("GHEVENTS_BACKEND", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(DASHBOARD / "app.py"),
         "--server.address=127.0.0.1", f"--server.port={port}", "--server.headless=true",
         "--browser.gatherUsageStats=false", "--client.toolbarMode=viewer"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode()[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,2200"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_draws_its_charts_without_errors(server, browser, name):
    path, expected_charts = PAGES[name]
    browser.get(f"{server}/{path}")
    wait = WebDriverWait(browser, 60)
    wait.until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid='stVegaLiteChart'] canvas, "
                                                        "[data-testid='stVegaLiteChart'] svg"))
        >= expected_charts
    )
    wait.until(ec.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid='stStatusWidget']")))
    time.sleep(1)  # let the charts finish their transitions before the screenshot
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='stException']")
    # The app's own navigation, not one Streamlit made up from a folder of scripts.
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "[data-testid='stSidebarNav'] a")]
    assert links == ["Overview", "Repository", "Data health"], links
    if name == "overview":
        metrics = browser.find_elements(By.CSS_SELECTOR, "[data-testid='stMetricValue']")
        assert metrics[0].text == "9,073"
    if name == "repository":
        merged = browser.find_element(By.CSS_SELECTOR, "a[href*='is%3Amerged']")
        assert merged.text == "9"
        assert "repo=kaltura%2FmwEmbed" in browser.current_url or "repo=kaltura/mwEmbed" in browser.current_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
