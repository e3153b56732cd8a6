"""Keep every page free of requests to other hosts.

Problem solved: out of the box, Jupyter Book pages can reference scripts, styles and
fonts on other hosts (MathJax from a CDN, Thebe, require.js and widget managers for
notebook outputs). A classroom without internet then gets broken pages, and every
reader's browser contacts third parties. This extension

* unhooks sphinx-thebe (always loaded by Jupyter Book), which writes the address of
  its library on unpkg into every page and a Binder configuration into every page
  with code, although the book has no live-code button; and
* removes from every page any remaining script or stylesheet whose address is not
  local, or whose inline body names another host, after all other extensions have
  added theirs.

The tests (tests/test_offline.py and tests/test_browser.py) check the result.
"""
from __future__ import annotations

from sphinx.application import Sphinx


def is_external(url: str) -> bool:
    url = str(url).strip().lower()
    return url.startswith(("http://", "https://", "//", "data:text/javascript"))


def _unwanted(asset: object) -> bool:
    filename = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return (
        is_external(filename)
        or "thebe" in filename
        or "thebe" in body
        or "http://" in body
        or "https://" in body
    )


def strip_external(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _unwanted(a)]


def unhook_thebe(app: Sphinx) -> None:
    for listeners in app.events.listeners.values():
        listeners[:] = [
            listener
            for listener in listeners
            if not getattr(listener.handler, "__module__", "").startswith("sphinx_thebe")
        ]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", unhook_thebe)
    app.connect("html-page-context", strip_external, priority=1000)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
