"""Layer 3: no broken internal link or anchor in either edition.

Every ``href`` and ``src`` that points inside the site must name a file that exists,
and a ``#fragment`` must name an ``id`` on the target page. Links to other hosts are
not followed (the site must work offline; the offline tests check what is loaded).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import html_pages


@lru_cache(maxsize=None)
def ids_of(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return frozenset(str(e["id"]) for e in soup.find_all(id=True)) | frozenset(
        str(a["name"]) for a in soup.find_all("a", attrs={"name": True}))


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "img", "script", "source"]):
            url = element.get("href") or element.get("src")
            if not url or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            parsed = urlparse(url)
            if parsed.scheme or parsed.netloc:
                continue  # another host: not followed
            target = page if not parsed.path else (page.parent / unquote(parsed.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)} -> {url}"
            if not target.exists():
                broken.append(f"{where} (no such file)")
            elif parsed.fragment and target.suffix == ".html" and unquote(parsed.fragment) not in ids_of(target):
                broken.append(f"{where} (no such anchor)")
    return broken


@pytest.mark.parametrize("edition", ["complete", "student"])
def test_no_broken_internal_links(edition, request):
    site = request.getfixturevalue(f"{edition}_html")
    broken = broken_links(site)
    assert not broken, f"{len(broken)} broken links in the {edition} edition:\n" + "\n".join(broken[:40])


def test_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#x">b</a><a href="missing.html">m</a><p id="y"></p><a href="#y">ok</a>')
    (tmp_path / "b.html").write_text('<p id="z"></p>')
    assert len(broken_links(tmp_path)) == 2
