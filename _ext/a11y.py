"""Small accessibility repairs of the generated HTML.

Problems solved (both found by axe-core in the browser tests):

* a *critical* violation on the bibliography page: Sphinx writes
  ``<div role="list" class="citation-list">`` whose children are citations
  (``role="doc-biblioentry"``), not list items, which screen readers announce wrongly.
  The ``role="list"`` is dropped (the entries keep their ``doc-biblioentry`` role);
* a *serious* violation on every page: the theme's navigation sidebar opens a section
  with a ``<summary>`` that holds only a decorative chevron, so it has no accessible
  name. Each such ``<summary>`` gets visually hidden text naming the section.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from sphinx.application import Sphinx

CITATION_LIST = re.compile(r'<div role="list" class="citation-list">')


def repair(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and "citation-list" in body:
        context["body"] = CITATION_LIST.sub('<div class="citation-list">', body)


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


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", repair)
    # After the theme has put its toctree function into the page context.
    app.connect("html-page-context", wrap_toctree, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
