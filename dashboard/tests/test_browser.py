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
PAGES = {"overview": ("", 7), "health": ("health", 1)}


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
    if name == "overview":
        metrics = browser.find_elements(By.CSS_SELECTOR, "[data-testid='stMetricValue']")
        assert metrics[0].text == "9,073"
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{name}.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
