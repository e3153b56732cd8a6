"""Small accessibility repairs of the generated HTML.

Problem solved: axe-core reports a *critical* violation on the bibliography page,
because Sphinx writes ``<div role="list" class="citation-list">`` whose children are
citations (``role="doc-biblioentry"``), not list items. A list role with no list items
is announced wrongly by screen readers. This extension drops the ``role="list"`` from
citation lists in the page body (the entries keep their own ``doc-biblioentry`` role).
"""
from __future__ import annotations

import re

from sphinx.application import Sphinx

CITATION_LIST = re.compile(r'<div role="list" class="citation-list">')


def repair(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body and "citation-list" in body:
        context["body"] = CITATION_LIST.sub('<div class="citation-list">', body)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", repair)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
