"""Print the course pack: one PDF per edition, through Chromium's print engine.

``python tests/coursepack.py complete|student`` reads the built site of that edition,
joins its pages in table-of-contents order into one printable document (a cover, a
table of contents, then every page, each starting on a new sheet), and prints it with
Chromium (Playwright's ``page.pdf``) with page numbers in the footer. Output:
``_build/pdf/<edition>.pdf``. The student PDF is made from the student site, so it has
no solutions and no instructor pages.
"""
from __future__ import annotations

import datetime
import html
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import HOW_TO_INSTALL, find_chromium  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITES = {"complete": ROOT / "_build" / "html", "student": ROOT / "_build" / "student" / "_build" / "html"}
OUT = ROOT / "_build" / "pdf"
TITLE = "Holistic Governance in a City Crisis: Guangzhou and COVID-19, 2020–2021"

PACK_CSS = """
body { font-size: 10.5pt; }
.pack-cover { height: 24cm; display: flex; flex-direction: column; justify-content: center; }
.pack-cover h1 { font-size: 26pt; }
.pack-page { break-before: page; }
.pack-toc li { margin: 0.2em 0; }
.pack-toc .pack-part { font-weight: bold; margin-top: 0.8em; list-style: none; }
a { color: inherit; text-decoration: none; }
.headerlink, .toggle-button, button, .prev-next-area, .bd-header-article { display: none !important; }
details > *:not(summary) { display: block !important; }
pre, .highlight { white-space: pre-wrap; word-break: break-word; }
img, svg { max-width: 100%; }
"""


def toc_pages(site: Path) -> list[tuple[str | None, Path]]:
    """(part caption, built page) in the order of _toc.yml, for pages this edition has."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [(None, toc["root"])]

    def walk(items, caption):
        for item in items or []:
            if "file" in item:
                pages.append((caption, item["file"]))
            walk(item.get("sections"), caption)

    for part in toc.get("parts", []):
        walk(part.get("chapters"), part.get("caption"))
    found = []
    for caption, file in pages:
        built = site / f"{file.removesuffix('.md')}.html"
        if built.exists():
            found.append((caption, built))
    return found


def rebase(fragment: BeautifulSoup, page: Path, site: Path) -> None:
    """Make relative addresses in a page's content relative to the site root."""
    for element in fragment.find_all(["img", "a", "source", "object"]):
        for attr in ("src", "href", "data"):
            value = element.get(attr)
            if not value or value.startswith("#"):
                continue
            parsed = urlparse(value)
            if parsed.scheme or parsed.netloc:
                continue
            target = (page.parent / parsed.path).resolve()
            try:
                element[attr] = target.relative_to(site.resolve()).as_posix() + (f"#{parsed.fragment}" if parsed.fragment else "")
            except ValueError:
                pass


def build_document(edition: str, site: Path) -> str:
    pages = toc_pages(site)
    first = BeautifulSoup(pages[0][1].read_text(encoding="utf-8"), "html.parser")
    styles = "".join(
        f'<link rel="stylesheet" href="{link["href"].replace("../", "")}">'
        for link in first.find_all("link", rel="stylesheet")
        if "togglebutton" not in link["href"]
    )
    toc_items, bodies, last_caption = [], [], None
    for number, (caption, page) in enumerate(pages):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article") or soup.select_one("main")
        rebase(article, page, site)
        title = article.find("h1").get_text(" ", strip=True).replace("#", "").strip() if article.find("h1") else page.stem
        if caption != last_caption and caption:
            toc_items.append(f'<li class="pack-part">{html.escape(caption)}</li>')
            last_caption = caption
        toc_items.append(f'<li><a href="#pack-{number}">{html.escape(title)}</a></li>')
        bodies.append(f'<section class="pack-page" id="pack-{number}">{article.decode_contents()}</section>')
    edition_name = "Complete edition (with model answers and the instructor guide)" if edition == "complete" else "Student edition"
    today = datetime.date.today().isoformat()
    cover = (
        f'<section class="pack-cover"><h1>{html.escape(TITLE)}</h1>'
        f"<p>An open teaching package for public administration: course pack.</p>"
        f"<p><strong>{edition_name}</strong></p><p>Printed {today}. Text, figures and data CC BY 4.0; code MIT.</p>"
        f"<p>Case source: Chen Xiaoyun, Chen Yuan and Tian Xinyang (2022), 岭南学刊 (Lingnan Journal), no. 1.</p></section>"
    )
    contents = f'<section class="pack-page pack-toc"><h1>Contents</h1><ul style="list-style:none;padding-left:0">{"".join(toc_items)}</ul></section>'
    return (
        f'<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8"><title>{html.escape(TITLE)}</title>'
        f"{styles}<style>{PACK_CSS}</style></head><body>{cover}{contents}{''.join(bodies)}</body></html>"
    )


def print_pdf(edition: str) -> Path:
    from playwright.sync_api import sync_playwright

    site = SITES[edition]
    if not (site / "index.html").exists():
        raise SystemExit(f"the {edition} edition is not built; run `make {'book' if edition == 'complete' else 'student'}` first")
    document = site / "_coursepack.html"
    document.write_text(build_document(edition, site), encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{edition}.pdf"
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit(f"Chromium was not found. {HOW_TO_INSTALL}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            )
            page = browser.new_page()
            page.goto(document.as_uri(), wait_until="load")
            page.pdf(
                path=str(target), format="A4", print_background=True, display_header_footer=True,
                header_template="<span></span>",
                footer_template='<div style="font-size:8px;width:100%;text-align:center;">'
                                '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            )
            browser.close()
    finally:
        document.unlink(missing_ok=True)
    return target


if __name__ == "__main__":
    editions = sys.argv[1:] or ["complete", "student"]
    for name in editions:
        print(f"{name}: {print_pdf(name)}")
