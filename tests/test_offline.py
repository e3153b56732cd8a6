"""Layer 3: no page of either edition loads anything from another host."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import html_pages

# Elements whose address the browser fetches by itself when the page loads.
FETCHED = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
}
LINK_RELS_NOT_FETCHED = {"canonical", "alternate", "author", "license", "next", "prev", "index", "search"}
URL_IN_TEXT = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.I)


def external(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parsed = urlparse(url)
    return parsed.scheme in {"http", "https", "ftp", "ws", "wss"} and bool(parsed.netloc)


def external_loads(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for tag, attrs in FETCHED.items():
        for element in soup.find_all(tag):
            if tag == "link" and set(element.get("rel") or []) & LINK_RELS_NOT_FETCHED:
                continue
            for attr in attrs:
                value = element.get(attr)
                if not value:
                    continue
                for part in value.split(","):
                    url = part.strip().split(" ")[0]
                    if external(url):
                        found.append(f"<{tag} {attr}={url!r}>")
    # Inline scripts and styles must not name another host either (for example a
    # library URL that a script would load later).
    for element in soup.find_all(["script", "style"]):
        text = element.string or ""
        for match in URL_IN_TEXT.findall(text):
            found.append(f"inline <{element.name}> mentions {match!r}")
    return found


@pytest.mark.parametrize("edition", ["complete", "student"])
def test_no_page_loads_from_another_host(edition, request):
    site = request.getfixturevalue(f"{edition}_html")
    pages = html_pages(site)
    assert len(pages) >= 5, "too few pages were built"
    problems = {str(p.relative_to(site)): bad for p in pages if (bad := external_loads(p))}
    assert not problems, f"pages in the {edition} edition load from other hosts: {problems}"


@pytest.mark.parametrize("edition", ["complete", "student"])
def test_stylesheets_do_not_import_from_another_host(edition, request):
    site = request.getfixturevalue(f"{edition}_html")
    bad = []
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in re.findall(r"""(?:url\(|@import)\s*['"]?((?:https?:)?//[^'")\s]+)""", text):
            bad.append(f"{css.relative_to(site)}: {match}")
    assert not bad, f"stylesheets fetch from other hosts: {bad}"


def test_detector_catches_external_script(tmp_path):
    """The checker itself must be able to fail."""
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/f.css">'
        '<script>const URL = "https://unpkg.com/thebe";</script></head>'
        '<body><img src="https://example.org/a.png"><a href="https://example.org">ok</a></body></html>',
        encoding="utf-8",
    )
    found = external_loads(page)
    assert len(found) == 4, found
