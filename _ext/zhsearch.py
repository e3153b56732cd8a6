"""Chinese glossary terms stay whole in the search index.

Problem solved: Sphinx's Chinese search (``html_search_language: zh``) segments text
with jieba, which splits a term such as 网格化管理 into 网格 / 网格化 / 管理. The
browser does not segment the reader's query, so a search for the whole term found
nothing. This extension reads every Chinese term of the glossary
(``**术语**`` at the start of each entry in book/appendix/glossary.md), writes them as
a jieba user dictionary, and passes it to the indexer (``html_search_options['dict']``)
so that each term is indexed whole as well as in its parts.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

GLOSSARY = Path("book") / "appendix" / "glossary.md"
TERM = re.compile(r"^\s+\*\*([\u3400-\u9fff0-9A-Za-z+“”\"]+)\*\*", re.M)


def glossary_terms(srcdir: Path) -> list[str]:
    path = srcdir / GLOSSARY
    if not path.is_file():
        return []
    return sorted(set(TERM.findall(path.read_text(encoding="utf-8"))))


def configure(app: Sphinx, config: Config) -> None:
    terms = [t for t in glossary_terms(Path(app.srcdir)) if re.search(r"[\u3400-\u9fff]", t)]
    if not terms:
        return
    dictionary = Path(app.outdir).parent / "jieba-glossary.txt"
    dictionary.parent.mkdir(parents=True, exist_ok=True)
    # A high frequency makes jieba prefer the whole term when it segments.
    dictionary.write_text("".join(f"{term} 100000 n\n" for term in terms), encoding="utf-8")
    options = dict(config.html_search_options or {})
    options["dict"] = str(dictionary)
    config.html_search_options = options


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
