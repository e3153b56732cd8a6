"""The course pack: one PDF per edition, printed by Chromium (tests/coursepack.py).

Text is read back with poppler's pdftotext and pdfinfo (Debian: poppler-utils).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_editions import hidden_sentences, normalise

sys.path.insert(0, str(Path(__file__).parent))
import coursepack  # noqa: E402


LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})


def read_pdf(path: Path) -> tuple[int, str]:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext was not found: install poppler-utils (apt-get install poppler-utils)", pytrace=False)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, normalise(text.translate(LIGATURES))


@pytest.fixture(scope="module")
def pdf_text(complete_html, student_html) -> dict[str, tuple[int, str]]:
    return {edition: read_pdf(coursepack.print_pdf(edition)) for edition in ("complete", "student")}


def titles(site: Path) -> list[str]:
    out = []
    for _, page in coursepack.toc_pages(site):
        h1 = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article h1")
        out.append(normalise(h1.get_text(" ", strip=True).replace("#", "")))
    return out


def test_page_counts(pdf_text):
    complete, student = pdf_text["complete"][0], pdf_text["student"][0]
    assert complete >= 150 and student >= 100, (complete, student)
    assert student < complete, "the student pack should be shorter (no solutions, no instructor guide)"


@pytest.mark.parametrize("edition", ["complete", "student"])
def test_every_chapter_title_and_page_numbers(edition, pdf_text, request):
    site = request.getfixturevalue(f"{edition}_html")
    pages, text = pdf_text[edition]
    missing = [t for t in titles(site) if t not in text]
    assert not missing, f"{edition} PDF lacks the titles {missing}"
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text, "page numbers are missing from the footer"
    assert "Contents" in text and "Holistic Governance in a City Crisis" in text


def test_chinese_is_rendered(pdf_text):
    for edition in ("complete", "student"):
        assert "网格化管理" in pdf_text[edition][1] and "岭南学刊" in pdf_text[edition][1]


def test_solutions_only_in_the_complete_pack(pdf_text):
    complete, student = pdf_text["complete"][1].lower(), pdf_text["student"][1].lower()
    sentences = [s.lower() for ss in hidden_sentences().values() for s in ss]
    leaked = [s for s in sentences if s in student]
    assert not leaked, f"the student PDF contains hidden text: {leaked[:5]}"
    present = [s for s in sentences if s in complete]
    assert len(present) >= 0.8 * len(sentences), f"only {len(present)} of {len(sentences)} hidden sentences are in the complete PDF"
