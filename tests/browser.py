"""A real headless browser for the tests: Debian's chromium, driven through its chromedriver
over the W3C WebDriver protocol (plain HTTP and JSON, no client library, and nothing that
downloads a browser of its own). One browser per width, each page loaded once: a screenshot
and every measurement come from that one load.

chromium's own `--headless --window-size` cannot lay a page out narrower than 500 px, so the
phone width is the browser's device emulation (as its developer tools' phone view)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HOW_TO_GET_IT = ("needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver "
                 "(.ci/run installs them)")

#: Run in the page once it has loaded: the viewport's width, what sticks out of it
#: horizontally, and each chart's drawn size.
MEASURE = """
const width = document.documentElement.clientWidth;
const outside = [...document.querySelectorAll('body *')].filter(e => {
  const box = e.getBoundingClientRect();
  return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
}).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
         + (e.getAttribute('class') ? '.' + e.getAttribute('class') : ''));
const charts = [...document.querySelectorAll('figure.chart svg')].map(s => {
  const box = s.getBoundingClientRect();
  return [box.width, box.height];
});
return {width: width, scrollWidth: document.documentElement.scrollWidth, outside: outside, charts: charts};
"""


def require_browser() -> tuple[str, str]:
    """chromium and chromedriver, or a skip that says how to get them (a failure on CI)."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    if os.environ.get("CI") == "true":
        pytest.fail(f"this test {HOW_TO_GET_IT}; CI must run it")
    pytest.skip(f"this test {HOW_TO_GET_IT}")


class Browser:
    """One headless chromium session at one viewport width."""

    def __init__(self, url: str, session: str) -> None:
        self.url = url
        self.session = session

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(f"{self.url}/session/{self.session}{path}", method=method,
                                         data=json.dumps(body or {}).encode() if method == "POST" else None,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())["value"]

    def load(self, page: Path) -> dict[str, Any]:
        """Open the page and measure it: what MEASURE returns."""
        self._call("POST", "/url", {"url": page.resolve().as_uri()})
        measured: dict[str, Any] = self._call("POST", "/execute/sync", {"script": MEASURE, "args": []})
        return measured

    def screenshot(self, path: Path) -> bytes:
        png = base64.b64decode(self._call("GET", "/screenshot"))
        path.write_bytes(png)
        return png


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())["value"]


@contextmanager
def browser_at(width: int, height: int = 900) -> Iterator[Browser]:
    """A headless chromium whose pages are laid out `width` CSS pixels wide."""
    chromium, chromedriver = require_browser()
    port = _free_port()
    driver = subprocess.Popen([chromedriver, f"--port={port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/status", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        options: dict[str, Any] = {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     f"--window-size={width},{height}"],
            "mobileEmulation": {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0}},
        }
        created = _post(f"{url}/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})
        browser = Browser(url, created["sessionId"])
        try:
            yield browser
        finally:
            urllib.request.urlopen(urllib.request.Request(f"{url}/session/{browser.session}", method="DELETE"),
                                   timeout=60).close()
    finally:
        driver.terminate()
        driver.wait(timeout=30)


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
