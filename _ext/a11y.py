"""Small accessibility repairs of the generated HTML.

Problems solved (both found by axe-core in the browser tests):

* a *critical* violation on the bibliography page: Sphinx writes
  ``<div role="list" class="citation-list">`` whose children are citations
  (``role="doc-biblioentry"``), not list items, which screen readers announce wrongly.
  The ``role="list"`` is dropped. So is each entry's ``role="doc-biblioentry"``:
  WAI-ARIA 1.3 deprecates that role, and Lighthouse's axe flags it as deprecated and as
  not allowed on a ``<div>``; the entries read as plain paragraphs;
* a *serious* violation on every page: the theme's navigation sidebar opens a section
  with a ``<summary>`` that holds only a decorative chevron, so it has no accessible
  name. Each such ``<summary>`` gets visually hidden text naming the section.

It also repairs what the Nu HTML validator reports as errors, because invalid markup
is what assistive technology has to guess about:

* sphinx-exercise gives every exercise and solution body the same ``id``
  (``exercise-content``, ``solution-content``); each gets a unique one;
* pandas tables in notebook output carry ``<style scoped>`` blocks inside the body
  (``scoped`` no longer exists in HTML); the block is dropped and book.css styles
  ``.dataframe`` tables instead;
* sphinx-external-toc writes the top-level ``index.html`` redirect without a doctype
  or title; it is rewritten as a valid page.

And it gives the two pages Sphinx generates itself (search and general index) the
``<meta name="description">`` that every authored page has (Lighthouse's SEO audit).
"""
from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from sphinx.application import Sphinx

CITATION_LIST = re.compile(r'<div role="list" class="citation-list">')
BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"')


DUPLICATE_IDS = re.compile(r'id="(exercise-content|solution-content)"')
PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>\s*", re.S)


def unique_ids(body: str) -> str:
    counter = iter(range(1, 10_000))
    return DUPLICATE_IDS.sub(lambda m: f'id="{m.group(1)}-{next(counter)}"', body)


def repair(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    if "citation-list" in body:
        body = CITATION_LIST.sub('<div class="citation-list">', body)
        body = BIBLIOENTRY.sub(r"\1", body)
    body = unique_ids(body)
    body = PANDAS_STYLE.sub("", body)
    context["body"] = body


REDIRECT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def valid_redirect(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    index = Path(app.outdir) / "index.html"
    if not index.exists():
        return
    match = re.search(r'url=([^"\s]+)"', index.read_text(encoding="utf-8"))
    if match and "<!DOCTYPE" not in index.read_text(encoding="utf-8")[:50]:
        index.write_text(REDIRECT.format(title=app.config.html_title or app.config.project, target=match.group(1)), encoding="utf-8")


SUMMARY = re.compile(
    r'(<a class="reference internal"[^>]*>(?P<title>[^<]*)</a>\s*<details[^>]*>\s*)<summary>(?=<span class="toctree-toggle")'
)
BARE_SUMMARY = re.compile(r'<summary>(?=<span class="toctree-toggle")')


def name_summaries(html: str) -> str:
    html = SUMMARY.sub(
        lambda m: f'{m.group(1)}<summary><span class="visually-hidden">Show or hide the pages under {m.group("title")}</span>',
        html,
    )
    return BARE_SUMMARY.sub('<summary><span class="visually-hidden">Show or hide the pages of this section</span>', html)


def wrap_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    original = context.get("generate_toctree_html")
    if original is None or getattr(original, "_a11y_wrapped", False):
        return

    def generate_toctree_html(*args, **kwargs):
        # The theme returns a BeautifulSoup tree or a string; the template prints str().
        return Markup(name_summaries(str(original(*args, **kwargs))))

    generate_toctree_html._a11y_wrapped = True
    context["generate_toctree_html"] = generate_toctree_html


GENERATED_DESCRIPTIONS = {
    "search": "Search the whole book, in English or Chinese (for example 网格化管理).",
    "genindex": "Alphabetical index of the terms the book indexes.",
}


def describe_generated(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    description = GENERATED_DESCRIPTIONS.get(pagename)
    if description and 'name="description"' not in context.get("metatags", ""):
        context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{description}" />\n'


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", repair)
    app.connect("html-page-context", describe_generated)
    # After sphinx-external-toc has written its redirect (build-finished, priority 500).
    app.connect("build-finished", valid_redirect, priority=900)
    # After the theme has put its toctree function into the page context.
    app.connect("html-page-context", wrap_toctree, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
