"""Measure the build and the site: ``make bench`` (``python tests/bench.py``).

Prints, measured on this machine:

* the clean build time of each edition (``rm -rf`` of its output and execution cache),
* the no-change rebuild time (``make book`` twice) and the same with jupyter-book
  called directly,
* the rebuild time after editing one page (median of five edits, with the range),
* the total and per-page transfer size of the complete site, gzip-compressed, counting
  for each page its HTML and every local stylesheet, script and image it loads,
* the largest pages and assets.

Budgets (issue 8): no-change rebuild <= 3 s; one-page edit <= 6 s; a chapter page's
first load <= 400 KB compressed. The script reports each build budget as met or NOT
MET; it does not fail (timings depend on the machine). Lighthouse scores: `make audit`.
"""
from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
JB = Path(sys.executable).parent / "jupyter-book"
EDIT_PAGE = ROOT / "book" / "how-to-use.md"


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


@lru_cache(maxsize=None)
def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def page_assets(page: Path) -> set[Path]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assets = set()
    for element in soup.find_all(["link", "script", "img"]):
        if element.name == "link" and not ({"stylesheet", "preload", "icon"} & set(element.get("rel") or [])):
            continue
        url = element.get("href") or element.get("src")
        if not url or urlparse(url).scheme or url.startswith("//"):
            continue
        target = (page.parent / urlparse(url).path).resolve()
        if target.is_file():
            assets.add(target)
    return assets


def main() -> None:
    rows = []
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    rows.append(("Clean build, complete edition (make book)", timed(["make", "book"])))
    rows.append(("Clean build, student edition (make student)", timed(["make", "student"])))
    rows.append(("No-change rebuild (make book)", timed(["make", "book"])))
    rows.append(("No-change rebuild (jupyter-book build directly)", timed([str(JB), "build", ".", "-W", "-n", "--keep-going"])))
    original = EDIT_PAGE.read_text(encoding="utf-8")
    edits = []
    try:
        # Timings on a shared or virtual machine vary by a second or more from run to
        # run: the edit is timed five times and the median reported, with the range.
        for n in range(5):
            time.sleep(1)  # a visibly newer modification time for make
            EDIT_PAGE.write_text(original + f"\n<!-- bench edit {n} -->\n", encoding="utf-8")
            edits.append(timed(["make", "book"]))
    finally:
        EDIT_PAGE.write_text(original, encoding="utf-8")
        timed(["make", "book"])
    edits.sort()
    rows.append(("Rebuild after editing one page (make book)", edits[2]))
    print("\nBuild times on this machine")
    goals = {"No-change rebuild (make book)": 3.0, "Rebuild after editing one page (make book)": 6.0}
    for label, seconds in rows:
        goal = goals.get(label)
        verdict = "" if goal is None else f"   goal {goal:.0f} s: {'met' if seconds <= goal else 'NOT MET'}"
        print(f"  {label:<52} {seconds:7.2f} s{verdict}")
    print(f"  (one-page edit: median of five; range {edits[0]:.2f}–{edits[-1]:.2f} s)")

    pages = sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)
    loads = {p: gz(p) + sum(gz(a) for a in page_assets(p)) for p in pages}
    files = [p for p in SITE.rglob("*") if p.is_file()]
    total = sum(gz(p) for p in files)
    print(f"\nComplete site: {len(files)} files, {total / 1024:.0f} KB gzip-compressed in all")
    chapters = {p: s for p, s in loads.items() if "/book/" in p.as_posix() or "/exercises/" in p.as_posix()}
    print(f"First load of a page (HTML + its CSS, JS, images; gzip): median "
          f"{sorted(loads.values())[len(loads) // 2] / 1024:.0f} KB, largest chapter page "
          f"{max(chapters.values()) / 1024:.0f} KB (budget 400 KB)")
    print("\nLargest first loads")
    for page, size in sorted(loads.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {size / 1024:7.0f} KB  {page.relative_to(SITE)}")
    print("\nLargest files (gzip)")
    for path in sorted(files, key=gz, reverse=True)[:10]:
        print(f"  {gz(path) / 1024:7.0f} KB  {path.relative_to(SITE)}")


if __name__ == "__main__":
    main()
