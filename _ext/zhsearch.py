"""Chinese search: glossary terms stay whole, and jieba starts in milliseconds.

Problem 1: Sphinx's Chinese search (``html_search_language: zh``) segments text with
jieba, which splits a term such as 网格化管理 into 网格 / 网格化 / 管理. The browser does
not segment the reader's query, so a search for the whole term found nothing. This
extension reads every Chinese term of the glossary (``**术语**`` at the start of each
entry in book/appendix/glossary.md), writes them as a jieba user dictionary, and passes
it to the indexer (``html_search_options['dict']``) so that each term is indexed whole
as well as in its parts.

Problem 2: jieba loads its 349,046-word dictionary on every build that writes a page
(1.4 s of a one-page rebuild), although the book's 3,000-odd Chinese characters can
only ever match a few hundred of those words. jieba segments a text using only the
dictionary words that occur in it (plus the dictionary's frequency total), so the
extension gives jieba a dictionary of exactly those words: every word of jieba's own
dictionary that occurs in a run of Chinese text anywhere in the book's sources, jieba's
five words without Chinese characters, and one filler entry (private-use characters
that never occur in text) that keeps the frequency total equal to the full
dictionary's. Segmentation of the book's text is therefore identical, word for word;
``tests/test_zhsearch.py`` checks this against the full dictionary on every source file.
The small dictionary is cached under ``_build`` by a hash of the book's Chinese text,
so it is rebuilt (reading the full dictionary once) only when that text changes.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

GLOSSARY = Path("book") / "appendix" / "glossary.md"
TERM = re.compile(r"^\s+\*\*([\u3400-\u9fff0-9A-Za-z+“”\"]+)\*\*", re.M)
HAN = re.compile(r"[\u4E00-\u9FD5]")
# jieba's own pattern for the runs it segments with its dictionary (jieba.re_han_default).
RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
MAX_WORD = 16  # the longest word in jieba's dictionary has 16 characters
FILLER = "\ue000\ue001"  # private-use characters: never in any text
# Every file whose text can reach a page, and so the search index.
SOURCE_GLOBS = ("book/**/*.md", "book/**/*.csv", "book/**/*.json", "book/**/*.bib",
                "exercises/**/*.md", "exercises/**/*.py", "_toc.yml", "_config.yml")


def glossary_terms(srcdir: Path) -> list[str]:
    path = srcdir / GLOSSARY
    if not path.is_file():
        return []
    return sorted(set(TERM.findall(path.read_text(encoding="utf-8"))))


def source_files(srcdir: Path) -> list[Path]:
    """Every file whose text can reach a page (SOURCE_GLOBS), without build output."""
    return sorted({path for pattern in SOURCE_GLOBS for path in srcdir.glob(pattern)
                   if "_build" not in path.parts and "_starters" not in path.parts})


def chinese_runs(srcdir: Path) -> list[str]:
    """The distinct runs (in jieba's sense) of the sources that hold a Chinese character."""
    runs: set[str] = set()
    for path in source_files(srcdir):
        text = path.read_text(encoding="utf-8", errors="ignore")
        runs.update(run for run in RUN.findall(text) if HAN.search(run))
    return sorted(runs)


def small_dictionary(full_dictionary: Path, runs: list[str]) -> str:
    """jieba's dictionary cut down to the words that occur in ``runs`` (see above)."""
    candidates = {
        run[start:end]
        for run in runs
        for start in range(len(run))
        for end in range(start + 1, min(len(run), start + MAX_WORD) + 1)
    }
    kept, total, kept_total = [], 0, 0
    with full_dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq = line.split(" ", 2)[:2]
            total += int(freq)
            if word in candidates or not HAN.search(word):
                kept.append(line if line.endswith("\n") else line + "\n")
                kept_total += int(freq)
    kept.append(f"{FILLER} {total - kept_total} x\n")
    return "".join(kept)


def use_small_dictionary(srcdir: Path, cache_dir: Path) -> Path | None:
    try:
        import jieba
    except ImportError:
        return None
    full = Path(jieba.__file__).parent / "dict.txt"
    runs = chinese_runs(srcdir)
    version = f"{getattr(jieba, '__version__', '')}:{full.stat().st_size}"
    key = hashlib.sha256(("\n".join(runs) + version).encode()).hexdigest()[:16]
    path = cache_dir / f"jieba-dict-{key}.txt"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("jieba-dict-*.txt"):
            old.unlink()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(small_dictionary(full, runs), encoding="utf-8")
        os.replace(tmp, path)
    jieba.setLogLevel(30)  # no "Building prefix dict..." lines in the build log
    jieba.set_dictionary(str(path))
    return path


def configure(app: Sphinx, config: Config) -> None:
    build_dir = Path(app.outdir).parent
    use_small_dictionary(Path(app.srcdir), build_dir)
    terms = [t for t in glossary_terms(Path(app.srcdir)) if re.search(r"[\u3400-\u9fff]", t)]
    if not terms:
        return
    dictionary = build_dir / "jieba-glossary.txt"
    dictionary.parent.mkdir(parents=True, exist_ok=True)
    # A high frequency makes jieba prefer the whole term when it segments.
    dictionary.write_text("".join(f"{term} 100000 n\n" for term in terms), encoding="utf-8")
    options = dict(config.html_search_options or {})
    options["dict"] = str(dictionary)
    config.html_search_options = options


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
