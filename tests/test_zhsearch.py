"""Chinese search index: _ext/zhsearch.py's small jieba dictionary segments the book's
text exactly as jieba's full dictionary does, and glossary terms are indexed whole."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jieba
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import zhsearch  # noqa: E402

FULL = Path(jieba.__file__).parent / "dict.txt"


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory):
    runs = zhsearch.chinese_runs(ROOT)
    small_path = tmp_path_factory.mktemp("jieba") / "small.txt"
    small_path.write_text(zhsearch.small_dictionary(FULL, runs), encoding="utf-8")
    glossary = tmp_path_factory.mktemp("jieba") / "glossary.txt"
    terms = [t for t in zhsearch.glossary_terms(ROOT) if re.search(r"[\u3400-\u9fff]", t)]
    glossary.write_text("".join(f"{t} 100000 n\n" for t in terms), encoding="utf-8")
    full, small = jieba.Tokenizer(str(FULL)), jieba.Tokenizer(str(small_path))
    for tokenizer in (full, small):
        tokenizer.load_userdict(str(glossary))
    return full, small, small_path


def test_small_dictionary_is_small_and_keeps_the_total(tokenizers):
    full, small, small_path = tokenizers
    lines = small_path.read_text(encoding="utf-8").splitlines()
    assert 100 < len(lines) < 20_000, f"{len(lines)} words: not the cut-down dictionary"
    full_total = sum(int(l.split(" ")[1]) for l in FULL.read_text(encoding="utf-8").splitlines())
    assert sum(int(l.split(" ")[1]) for l in lines) == full_total


@pytest.mark.parametrize("path", zhsearch.source_files(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_segmentation_is_identical_to_the_full_dictionary(tokenizers, path):
    """The indexer calls jieba.cut_for_search on each page's text; on every source file,
    the small dictionary gives the same words, in the same order, as the full one."""
    full, small, _ = tokenizers
    text = path.read_text(encoding="utf-8", errors="ignore")
    assert list(small.cut_for_search(text)) == list(full.cut_for_search(text))


def test_the_build_made_the_current_small_dictionary(complete_html, tokenizers):
    """The complete build's cached dictionary is the one the current sources call for."""
    cached = sorted((ROOT / "_build").glob("jieba-dict-*.txt"))
    assert len(cached) == 1, f"expected one cached small dictionary in _build, found {cached}"
    assert cached[0].read_text(encoding="utf-8") == tokenizers[2].read_text(encoding="utf-8")


def test_glossary_terms_are_indexed_whole(complete_html):
    index = (complete_html / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1: index.rindex(")")])["terms"]
    for term in ("网格化管理", "整体治理", "联防联控"):
        assert term in terms, f"{term} is not in the search index as a whole term"
