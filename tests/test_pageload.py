"""Fast pages: what _ext/pageload.py promises, checked on both built editions, and the
parts of `make audit` that can be checked without running Lighthouse.

The Lighthouse scores themselves are measured by `make audit` (tests/audit.py), which CI
runs after this suite because it takes minutes per edition.
"""
from __future__ import annotations

import gzip
import json
import re
import urllib.request
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from audit import RUNS, THRESHOLDS, judge_on_median, pages, shortfalls
from conftest import html_pages
from gzserve import serve

SEARCH_SCRIPTS = ("searchindex.js", "_static/searchtools.js", "_static/language_data.js")


@pytest.fixture(scope="module", params=["complete", "student"])
def site(request) -> Path:
    return request.getfixturevalue(f"{request.param}_html")


def reader_pages(site: Path) -> list[Path]:
    """Every page but the top-level index.html, a bare redirect with no scripts at all."""
    return [site / page for page in pages(site)]


def head_of(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<head>"): text.index("</head>")]


def test_no_render_blocking_script_in_any_head(site):
    """Every external script in <head> is deferred, except the 0.4 KB options file that
    the head's inline scripts write to."""
    blocking = {}
    for page in html_pages(site):
        for tag in re.findall(r"<script\b[^>]*\bsrc=\"[^\"]+\"[^>]*>", head_of(page)):
            if " defer" not in tag and " async" not in tag and "documentation_options.js" not in tag:
                blocking.setdefault(page.relative_to(site).as_posix(), []).append(tag)
    assert not blocking, f"scripts that block the first paint: {json.dumps(blocking, indent=1)[:2000]}"


def test_search_index_only_on_the_search_page(site):
    for page in reader_pages(site):
        head = head_of(page)
        present = [name for name in SEARCH_SCRIPTS if f'{name}"' in head]
        if page.name == "search.html":
            assert present == list(SEARCH_SCRIPTS), f"search.html lacks search scripts: {present}"
        else:
            assert not present, f"{page.relative_to(site)} loads {present}"


def lean_css(site: Path) -> str:
    return (site / "_static" / "styles" / "pydata-sphinx-theme.lean.css").read_text(encoding="utf-8")


def test_pages_link_the_lean_theme_css_without_font_awesome_class_rules(site):
    css = lean_css(site)
    # A bare Font Awesome class rule (".fa-bars:before{content:"\f0c9"}"), not the theme's
    # own compound rules that reuse an icon variable.
    assert not re.search(r'(?:^|[{},])\.fa-[a-z0-9-]+:before\{content:"', css)
    # The admonition icons the theme draws with the font are still declared.
    assert "--pst-icon-admonition-note" in css and "fa-solid-900.subset.woff2" in css
    for page in reader_pages(site):
        head = head_of(page)
        assert "pydata-sphinx-theme.css" not in head, f"{page.relative_to(site)} links the full theme CSS"


def test_icon_font_is_subset_to_the_glyphs_the_css_names(site):
    font_path = site / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.subset.woff2"
    assert font_path.stat().st_size < 10_000, f"icon font not subset: {font_path.stat().st_size} bytes"
    cmap = TTFont(font_path).getBestCmap()
    css = lean_css(site)
    # The theme's icon variables, except the two brand logos (drawn with the brands font).
    icon = r'--pst-icon-(?!github|gitlab)[a-z-]+:"'
    named = {int(m, 16) for m in re.findall(icon + r'\\(f[0-9a-f]{3})"', css)}
    named |= {ord(c) for m in re.findall(icon + r'([^"\\])"', css) for c in m if 0xF000 <= ord(c) <= 0xF8FF}
    assert len(named) >= 10, f"only {len(named)} icon code points found in the theme CSS (has its format changed?)"
    missing = sorted(hex(c) for c in named - set(cmap))
    assert not missing, f"glyphs the CSS uses but the subset font lacks: {missing}"


def test_every_page_names_an_icon_and_a_description(site):
    """No 404 for /favicon.ico (a console error) and a meta description on every page (SEO)."""
    for page in reader_pages(site):
        head = head_of(page)
        assert 'rel="icon"' in head, f"{page.relative_to(site)}: no icon link"
        assert 'name="description"' in head, f"{page.relative_to(site)}: no meta description"


def test_gzserve_compresses_and_keeps_connections(complete_html):
    server = serve(complete_html)
    try:
        url = f"http://127.0.0.1:{server.server_port}/book/intro.html"
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = response.read()
            assert int(response.headers["Content-Length"]) == len(body)
            assert response.version == 11  # HTTP/1.1: keep-alive
        assert gzip.decompress(body) == (complete_html / "book" / "intro.html").read_bytes()
        with urllib.request.urlopen(url) as response:  # no Accept-Encoding: plain bytes
            assert response.headers.get("Content-Encoding") is None
            assert response.read() == (complete_html / "book" / "intro.html").read_bytes()
    finally:
        server.shutdown()


def test_audit_covers_every_page_but_the_redirect(complete_html):
    audited = pages(complete_html)
    assert "index.html" not in audited
    assert "book/case/phases.html" in audited and "search.html" in audited
    assert len(audited) == len(html_pages(complete_html)) - 1


def test_audit_thresholds_are_the_issue_s_and_fail_below_them():
    assert THRESHOLDS["mobile"] == {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
    assert THRESHOLDS["desktop"] == {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    good = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    assert shortfalls({"formFactor": "mobile", "scores": good}) == []
    assert shortfalls({"formFactor": "desktop", "scores": {**good, "performance": 94}}) == ["performance 94 < 95"]
    assert shortfalls({"formFactor": "mobile", "scores": {**good, "seo": 92}}) == ["seo 92 < 100"]
    assert shortfalls({"formFactor": "mobile", "scores": good, "runtimeError": "404"})


def test_theme_scripts_start_after_the_first_paint(site):
    """bootstrap.js and pydata-sphinx-theme.js measure the page as they start; they are
    loaded, in that order, by the after-first-paint loader, never by a plain tag."""
    for page in reader_pages(site):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(site).as_posix()
        assert not re.search(r'<script[^>]*src="[^"]*_static/scripts/(bootstrap|pydata-sphinx-theme)\.js', text), name
        loader = re.search(r"requestAnimationFrame\(function \(\) \{ setTimeout\(function \(\) \{\s*\[(.*?)\]", text, re.S)
        assert loader, f"{name}: no after-first-paint loader"
        sources = re.findall(r'"([^"]+)"', loader.group(1))
        assert [s.split("/")[-1].split("?")[0] for s in sources] == ["bootstrap.js", "pydata-sphinx-theme.js"], name


def test_a_slow_first_run_is_judged_on_the_median_of_five():
    def run(perf):
        return {"formFactor": "mobile", "scores": {"performance": perf, "accessibility": 100,
                "best-practices": 100, "seo": 100}, "failing": [], "report": f"r{perf}"}
    assert RUNS == 5
    one_bad_run = run(84)
    judge_on_median(one_bad_run, [run(p) for p in (94, 95, 96, 97)])
    assert one_bad_run["runs"] == [84, 94, 95, 96, 97] and one_bad_run["scores"]["performance"] == 95
    assert shortfalls(one_bad_run) == []
    mostly_bad = run(84)
    judge_on_median(mostly_bad, [run(p) for p in (86, 88, 95, 97)])
    assert mostly_bad["scores"]["performance"] == 88
    assert shortfalls(mostly_bad) == ["performance 88 < 90"]
