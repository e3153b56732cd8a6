"""Layer 4: every page of both editions in a real browser (Chromium via Playwright).

Pages are served by tests/gzserve.py (compressed, as a real host serves them). For
every page: no console error, no failed request, no request to any host but the local
server, and no serious or critical accessibility violation (axe-core). Search
must find English and Chinese terms; a solution toggle must open. A screenshot of each
page is saved under _build/screenshots/<edition>/ for review.

Chromium comes from Debian (``apt-get install chromium``) at /usr/bin/chromium, or from
the path in the CHROMIUM_PATH environment variable. Playwright cannot download its own
browser here. Without Chromium these tests FAIL (they are never skipped) and say how to
install it.
"""
from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from chromium import HOW_TO_INSTALL, find_chromium
from conftest import ROOT, html_pages
from gzserve import serve

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SEVERE = {"serious", "critical"}
SHOTS = ROOT / "_build" / "screenshots"


def chromium_path() -> str:
    return find_chromium() or pytest.fail(f"Chromium was not found. {HOW_TO_INSTALL}", pytrace=False)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=["complete", "student"])
def site(request):
    html = request.getfixturevalue(f"{request.param}_html")
    server = serve(html)
    yield request.param, html, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class PageWatch:
    """Collects what went wrong while a page loaded."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda req: self.problems.append(f"failed request: {req.url} ({req.failure})"))
        page.on("response", self.response)
        page.on("request", self.request)

    def console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def request(self, request):
        url = urlparse(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.problems.append(f"request to another host: {request.url}")


def test_every_page_loads_cleanly_and_passes_axe(site, browser):
    edition, html, origin = site
    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Anything not served locally is refused, so a stray request cannot hang a test;
    # PageWatch still records it as a failure.
    context.route(lambda url: not url.startswith(origin), lambda route: route.abort())
    failures = {}
    pages = html_pages(html)
    assert len(pages) >= 5
    shots = SHOTS / edition
    shots.mkdir(parents=True, exist_ok=True)
    for path in pages:
        rel = path.relative_to(html).as_posix()
        page = context.new_page()
        watch = PageWatch(page, origin)
        page.goto(f"{origin}/{rel}", wait_until="load")
        page.wait_for_timeout(150)
        problems = list(watch.problems)
        for violation in axe.run(page).response["violations"]:
            if violation.get("impact") in SEVERE:
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"axe {violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
        page.screenshot(path=str(shots / (rel.replace("/", "__") + ".png")))
        if problems:
            failures[rel] = problems
        page.close()
    context.close()
    assert not failures, f"{edition} edition: " + "\n".join(f"{k}: {v}" for k, v in failures.items())


def search_results(browser, origin: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(f"{origin}/search.html?q={quote(query)}", wait_until="load")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results'); return s && /found|match|did not/i.test(s.innerText); }",
        timeout=15000,
    )
    links = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    return links


@pytest.mark.parametrize(
    "query, expected",
    [
        ("departmentalism", "book/appendix/glossary.html"),
        ("网格化管理", "book/appendix/glossary.html"),
        ("整体治理", "book/appendix/glossary.html"),
        ("Lingnan", "book/appendix/about-source.html"),
    ],
)
def test_search_finds_english_and_chinese_terms(site, browser, query, expected):
    edition, html, origin = site
    links = search_results(browser, origin, query)
    assert any(link.split("#")[0].endswith(expected) for link in links), f"{edition}: search for {query!r} gave {links}"


def test_solution_toggle_opens(complete_html, browser):
    """In the complete edition a solution starts hidden and opens on click.

    (The student edition has no solution at all; tests/test_editions.py checks that.)"""
    html = complete_html
    server = serve(html)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    pages = [p for p in html_pages(html) if 'class="solution' in p.read_text(encoding="utf-8")]
    assert pages, "no page with a solution was built"
    page = browser.new_page()
    page.goto(f"{origin}/{pages[0].relative_to(html).as_posix()}", wait_until="load")
    solution = page.locator("div.solution").first
    body = solution.locator("section").first
    assert not body.is_visible(), "solutions should start hidden behind a toggle"
    solution.locator("button.toggle-button").first.click()
    page.wait_for_timeout(300)
    assert body.is_visible(), "clicking the toggle did not reveal the solution"
    page.close()
    server.shutdown()
