"""The dashboard in headless Chromium (Debian's, never a downloaded browser), on a store filled
with hand-built documents: load, filter, map → event → the article's words, correct, export.

Screenshots go to artifacts/screenshots/ (kept by CI). Every request that leaves 127.0.0.1 is
aborted and counted: the dashboard must work offline.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("playwright")
pytest.importorskip("uvicorn")

from playwright.sync_api import expect  # noqa: E402
from web_fixtures import fill, fill_long_span  # noqa: E402

CANDIDATES = [os.environ.get("POLEMOS_CHROMIUM"), "/usr/lib/chromium/chromium", "/usr/bin/chromium",
              shutil.which("chromium") or None]
CHROMIUM = next((c for c in CANDIDATES if c and Path(c).exists()), None)
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
TOKEN = "browser-token"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium); "
                                                "set POLEMOS_CHROMIUM to its path"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app on ``db`` under uvicorn on a free 127.0.0.1 port; yields its base URL."""
    import uvicorn

    from polemos.web.app import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, token=TOKEN), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "b.db"
    fill(db)
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.outside, pg.problems, pg.dialogs = [], [], []

    def guard(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-loaded=yes]", timeout=15000)
    yield pg
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_the_dashboard_loads_offline(page):
    assert page.locator("#events-table tbody tr").count() == 5
    page.wait_for_selector("#map path.leaflet-interactive, #map .cluster")
    assert page.locator("#map svg path").count() > 150  # the Natural Earth outlines drew
    assert page.locator("#timeline rect").count() >= 5
    assert page.locator("#figures-chart circle").count() == 1
    assert page.locator("#actor-links tbody tr").count() == 5
    shot(page, "01-dashboard.png")
    assert page.outside == [] and page.problems == [] and page.dialogs == []


def test_filter_then_map_then_event_shows_the_evidence(page):
    page.fill("input[name=country]", "LY")
    page.click("#apply")
    expect(page.locator("#events-table tbody tr")).to_have_count(3)  # no eval: the CSP forbids it
    shot(page, "02-filtered-LY.png")
    page.fill("input[name=text]", "civilians")
    page.click("#apply")
    expect(page.locator("#events-table tbody tr")).to_have_count(1)
    # From the map: zoom into clusters until a place marker shows, then open it.
    for _ in range(6):
        if page.locator("#map path.place-marker").count():
            break
        page.locator("#map .cluster").first.click()  # a cluster opens its events; "zoom in" spreads it
        page.locator(".leaflet-popup a.zoom-in").first.click()
        page.wait_for_timeout(400)
    page.locator("#map path.place-marker").first.click()
    link = page.locator(".leaflet-popup a.event-link").first
    link.wait_for()
    shot(page, "03-map-popup.png")
    link.click()
    page.wait_for_selector("#event-page:not([hidden]) mark.evidence")
    mark = page.locator("mark.evidence").first
    text = page.locator(".article-text").first.inner_text()
    assert mark.inner_text() and mark.inner_text() in text
    expect(page.locator(".report")).to_have_count(2)  # two outlets reported the shelling
    assert "Attribution: Health Ministry" in page.locator(".report").first.inner_text()
    shot(page, "04-event-evidence.png")
    assert page.outside == [] and page.problems == []


def test_untrusted_article_text_is_shown_not_run(page, server):
    page.fill("input[name=place]", "Sabha")
    page.click("#apply")
    expect(page.locator("#events-table tbody tr")).to_have_count(1)  # no eval: the CSP forbids it
    page.locator("#events-table a.event-link").first.click()
    page.wait_for_selector("#event-page:not([hidden]) mark.evidence")
    assert "<script>alert('x')</script>" in page.locator(".article-text").inner_text()
    assert "Militants <b>X</b>" in page.locator("#event-head").inner_text()
    assert page.locator("#event-page script, #event-page img, #event-page b").count() == 0
    shot(page, "05-untrusted-text.png")
    assert page.dialogs == [] and page.problems == []


def test_a_correction_with_the_token(page):
    page.fill("input[name=place]", "Gharyan")
    page.click("#apply")
    expect(page.locator("#events-table tbody tr")).to_have_count(1)  # no eval: the CSP forbids it
    page.locator("#events-table a.event-link").first.click()
    page.wait_for_selector("#event-page:not([hidden]) #c-type")
    page.select_option("#c-type", "COERCE")
    page.fill("#correction-form input[name=note]", "the source says they besieged, not attacked")
    page.fill("#c-token", "wrong")
    page.click("#c-submit")
    page.wait_for_selector("#c-status.err")
    assert "Not saved" in page.inner_text("#c-status")
    page.fill("#c-token", TOKEN)
    page.select_option("#c-type", "COERCE")
    page.click("#c-submit")
    page.wait_for_selector("#c-status.ok")
    assert page.inner_text("#fact-type").startswith("COERCE") and "ASSAULT" in page.inner_text("#fact-type")
    assert page.locator("#event-head .reviewed").count() == 1
    shot(page, "06-correction.png")


def test_export_the_filtered_selection(page, tmp_path):
    page.fill("input[name=country]", "SD")
    page.click("#apply")
    expect(page.locator("#events-table tbody tr")).to_have_count(1)  # no eval: the CSP forbids it
    with page.expect_download() as info:
        page.click("#exports a[data-format=acled-csv]")
    path = tmp_path / "export.csv"
    info.value.save_as(path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year") and len(lines) == 2 and "Khartoum" in lines[1]


def test_from_the_map_to_the_words_of_the_article_in_three_clicks(page):
    """The issue's promise, on the default view: a marker or cluster, an event, and the article's
    own words are on screen with the evidence highlighted — three clicks at most."""
    clicks = 0
    page.wait_for_selector("#map .cluster")  # Ain Zara, Gharyan and Sabha share one at the default zoom
    page.locator("#map .cluster").first.click()
    clicks += 1
    link = page.locator(".leaflet-popup a.event-link").first
    link.wait_for()
    page.wait_for_timeout(300)  # the popup fades in
    shot(page, "07-map-cluster-popup.png")
    link.click()
    clicks += 1
    page.wait_for_selector("#event-page:not([hidden]) mark.evidence")
    mark = page.locator("mark.evidence").first
    expect(mark).to_be_visible()
    expect(page.locator(".article-text").first).to_be_visible()
    assert mark.inner_text() in page.locator(".article-text").first.inner_text()
    assert clicks <= 3
    shot(page, "08-three-clicks-article.png")
    assert page.outside == [] and page.problems == []


def test_who_acts_on_whom_shows_named_actors_only(page):
    rows = page.locator("#actor-links tbody tr")
    expect(rows).to_have_count(5)
    assert "(unknown)" not in page.locator("#actor-links").inner_text()


@pytest.fixture(scope="module")
def long_span_server(tmp_path_factory):
    """A store whose figures span thirty years, next to the stories of the other tests."""
    db = tmp_path_factory.mktemp("browser-long") / "long.db"
    fill(db)
    fill_long_span(db)
    with serving(db) as url:
        yield url


def _view_problems(browser, url: str, ready: str) -> list[str]:
    """Console errors and uncaught exceptions while one view loads, in a page of its own."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    page.wait_for_selector(ready, timeout=15000)
    page.wait_for_load_state("networkidle")
    context.close()
    return problems


def test_every_dashboard_view_is_free_of_console_errors(browser, long_span_server):
    """The figures chart once drew points past its 4,000th day at NaN (one console error per SVG
    attribute, ~1,000 on a real store); no view may log a single error."""
    import json
    import urllib.request

    with urllib.request.urlopen(long_span_server + "/api/events?place=Ain%20Zara&limit=1") as answer:
        event_id = json.load(answer)["items"][0]["id"]
    loaded, evidence = "body[data-loaded=yes]", "#event-page:not([hidden]) mark.evidence"
    views = {"dashboard": ("/", loaded), "filtered": ("/#/?country=LY&type=ASSAULT", loaded),
             "a decade": ("/#/?from=2000-01-01&to=2009-12-31", loaded), "event": (f"/#/event/{event_id}", evidence)}
    problems = {name: _view_problems(browser, long_span_server + path, ready) for name, (path, ready) in views.items()}
    assert problems == {name: [] for name in views}
