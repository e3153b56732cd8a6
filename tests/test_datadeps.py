"""Layer 3: a change to a data file re-executes the pages that read it; a change to the
book's stylesheet reaches the site.

A sandbox book (this project's configuration and extensions, one executed page that
prints a value from book/data/) is built, the data file is edited, and the book is
built again into the same folder, with the same execution cache.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import ROOT, build_book

PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Data page

```{code-cell} ipython3
import pandas as pd
value = pd.read_csv("data/values.csv")["value"].iloc[0]
print(f"VALUE-IS-{value}")
```
"""


def make_sandbox(root: Path) -> Path:
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copytree(ROOT / "_ext", root / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "book" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "book" / "references.bib", root / "book" / "references.bib")
    shutil.copytree(ROOT / "book" / "_static", root / "book" / "_static")
    (root / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "book/page"}), encoding="utf-8")
    (root / "book" / "page.md").write_text(PAGE, encoding="utf-8")
    (root / "book" / "data" / "values.csv").write_text("value\n1111\n", encoding="utf-8")
    return root


def built_text(root: Path) -> str:
    return (root / "_build" / "html" / "book" / "page.html").read_text(encoding="utf-8")


def test_editing_data_reexecutes_the_page(tmp_path):
    root = make_sandbox(tmp_path)
    first = build_book(root, "complete")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "VALUE-IS-1111" in built_text(root)

    # Nothing changed: the cached execution is used.
    again = build_book(root, "complete")
    assert again.returncode == 0
    assert "VALUE-IS-1111" in built_text(root)

    (root / "book" / "data" / "values.csv").write_text("value\n2222\n", encoding="utf-8")
    second = build_book(root, "complete")
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    html = built_text(root)
    assert "VALUE-IS-2222" in html, "the page still shows output computed from the old data"
    assert "VALUE-IS-1111" not in html


def test_editing_the_book_css_reaches_the_site(tmp_path):
    """Sphinx copies static files only when it writes a page; _ext/pageload.py marks the
    root page out of date when a file under html_static_path changes."""
    root = make_sandbox(tmp_path)
    assert build_book(root, "complete").returncode == 0
    css = root / "book" / "_static" / "book.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* CSS-EDIT-SENTINEL */\n", encoding="utf-8")
    rebuilt = build_book(root, "complete")
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    copied = (root / "_build" / "html" / "_static" / "book.css").read_text(encoding="utf-8")
    assert "CSS-EDIT-SENTINEL" in copied, "the edited stylesheet did not reach the built site"
