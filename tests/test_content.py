"""Layer 2: content rules from STYLE.md, checked on whatever pages exist.

New chapters under book/framework, book/case and book/analysis are held to the chapter
shape automatically, as soon as they are listed in _toc.yml.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from conftest import ROOT
from test_editions import toc_files

CHAPTER_DIRS = ("book/framework/", "book/case/", "book/analysis/")
PAGES = [p for p in toc_files() if p.exists()]
CHAPTERS = [p for p in PAGES if p.relative_to(ROOT).as_posix().startswith(CHAPTER_DIRS)]
CJK = re.compile(r"[\u3400-\u9fff]")
TONE_MARKS = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def strip_code(text: str) -> str:
    """Remove fenced code cells and code blocks, whose '#' lines are not headings."""
    return re.sub(r"^```(?:\{code-cell\}|python|bash|text)?.*?^```\s*$", "", text, flags=re.S | re.M)


def headings(text: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+?)\s*$", strip_code(text), flags=re.M)


def section(text: str, title: str) -> str:
    """The text of the H2 section with this title, up to the next H2."""
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    return match.group(1) if match else ""


def test_toc_lists_existing_pages():
    missing = [rel(p) for p in toc_files() if not p.exists()]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_one_h1_per_page(page):
    text = page.read_text(encoding="utf-8")
    assert len(headings(text, 1)) == 1, f"{rel(page)} must have exactly one H1"


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_headings_do_not_skip_levels(page):
    text = strip_code(page.read_text(encoding="utf-8"))
    levels = [len(m) for m in re.findall(r"^(#{1,6}) ", text, flags=re.M)]
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"{rel(page)} skips from H{before} to H{after}"


def test_there_are_chapters_to_check():
    assert CHAPTERS, "no chapter is listed in _toc.yml yet"


CHAPTER_SECTIONS = [
    "Key terms",
    "Summary",
    "Check your understanding",
    "Discussion questions",
    "Exercises",
    "Further reading",
]


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_chapter_shape(page):
    text = page.read_text(encoding="utf-8")
    h2 = headings(text, 2)
    missing = [s for s in CHAPTER_SECTIONS if s not in h2]
    assert not missing, f"{rel(page)} lacks the sections {missing}"
    order = [h2.index(s) for s in CHAPTER_SECTIONS]
    assert order == sorted(order), f"{rel(page)}: sections out of order: {h2}"
    assert h2[-1] == "Further reading", f"{rel(page)} must end with Further reading"


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_learning_objectives_box(page):
    text = page.read_text(encoding="utf-8")
    box = re.search(r"^```\{admonition\} Learning objectives\n:class: [^\n]*learning-objectives[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    assert box, f"{rel(page)} has no learning-objectives box"
    items = re.findall(r"^\d+\. (\S+)", box.group(1), flags=re.M)
    assert 3 <= len(items) <= 5, f"{rel(page)} has {len(items)} learning objectives (3 to 5 expected)"
    assert box.start() < text.find("## Key terms"), f"{rel(page)}: objectives must come before the key terms"


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_key_terms_link_to_glossary(page):
    terms = re.findall(r"\{term\}`", section(page.read_text(encoding="utf-8"), "Key terms"))
    assert len(terms) >= 3, f"{rel(page)}: the key terms must link at least three glossary terms"


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_self_check_has_five_questions_with_answers(page):
    body = section(page.read_text(encoding="utf-8"), "Check your understanding")
    questions = re.findall(r"^\d+\. ", body, flags=re.M)
    answers = re.findall(r"```\{admonition\} Answer\n\s*:class: dropdown", body)
    assert len(questions) == 5, f"{rel(page)} has {len(questions)} self-check questions (5 expected)"
    assert len(answers) == len(questions), f"{rel(page)}: every self-check question needs a dropdown answer"


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_discussion_questions(page):
    body = section(page.read_text(encoding="utf-8"), "Discussion questions")
    assert len(re.findall(r"^\d+\. ", body, flags=re.M)) >= 5, f"{rel(page)} needs at least 5 discussion questions"


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_every_exercise_has_a_solution(page):
    body = section(page.read_text(encoding="utf-8"), "Exercises")
    exercises = re.findall(r"^`{3,}\{exercise\}.*\n:label: (\S+)", body, flags=re.M)
    solutions = re.findall(r"^`{3,}\{solution\} (\S+)", body, flags=re.M)
    assert len(exercises) >= 4, f"{rel(page)} has {len(exercises)} exercises (at least 4 expected)"
    assert sorted(exercises) == sorted(solutions), f"{rel(page)}: exercises {exercises} vs solutions {solutions}"


@pytest.mark.parametrize("page", CHAPTERS, ids=rel)
def test_further_reading(page):
    body = section(page.read_text(encoding="utf-8"), "Further reading")
    items = re.findall(r"^- .*\{cite:[tp]\}`", body, flags=re.M)
    assert 3 <= len(items) <= 6, f"{rel(page)} has {len(items)} further-reading items (3 to 6 expected)"


@pytest.mark.parametrize("page", [p for p in CHAPTERS if "/case/" in rel(p)], ids=rel)
def test_case_chapters_state_what_the_source_does_not_tell(page):
    text = page.read_text(encoding="utf-8")
    box = text.find("{admonition} What the source does not tell us")
    assert box != -1, f"{rel(page)} lacks the box 'What the source does not tell us'"
    assert box < text.find("## Summary"), f"{rel(page)}: the box must close the body, before the summary"


def test_no_solution_is_referenced_by_label():
    labels = set()
    for page in PAGES:
        labels |= set(re.findall(r"^`{3,}\{solution\}.*\n(?::[^\n]*\n)*?:label: (\S+)", page.read_text(encoding="utf-8"), flags=re.M))
    bad = []
    for page in PAGES:
        for target in re.findall(r"\{(?:ref|numref|prf:ref)\}`(?:[^`<]*<)?([^`>]+)>?`", page.read_text(encoding="utf-8")):
            if target in labels or target.startswith("sol-"):
                bad.append(f"{rel(page)} -> {target}")
    assert not bad, f"solutions must never be referenced (the student edition drops them): {bad}"


# ------------------------------------------------------------------ glossary
GLOSSARY = ROOT / "book" / "appendix" / "glossary.md"


def glossary_entries() -> dict[str, str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)^```", text, flags=re.S | re.M)
    assert block, "the glossary page has no {glossary} block"
    entries, term = {}, None
    for line in block.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if not line.startswith(" "):
            term = line.strip()
            entries[term] = ""
        elif term:
            entries[term] += " " + line.strip()
    return entries


def test_glossary_has_enough_terms():
    assert len(glossary_entries()) >= 40


def test_glossary_entries_have_characters_pinyin_and_definition():
    bad = []
    for term, body in glossary_entries().items():
        match = re.match(r"\s*\*\*(?P<zh>[^*]+)\*\* · \*(?P<pinyin>[^*]+)\* · (?P<definition>.+)", body)
        if not match or not CJK.search(match["zh"]):
            bad.append(f"{term}: no characters")
        elif not TONE_MARKS.search(match["pinyin"]) and not re.search(r"[A-Z]", match["pinyin"]):
            bad.append(f"{term}: pinyin without tone marks: {match['pinyin']}")
        elif len(match["definition"].split()) < 12:
            bad.append(f"{term}: definition too short")
        if not re.search(r"[A-Za-z]", term):
            bad.append(f"{term}: no English rendering")
    assert not bad, bad


def test_every_term_role_names_a_glossary_entry():
    entries = {t.lower() for t in glossary_entries()}
    bad = []
    for page in PAGES:
        for target in re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`", page.read_text(encoding="utf-8")):
            if target.lower() not in entries:
                bad.append(f"{rel(page)}: {target}")
    assert not bad, f"terms not in the glossary: {bad}"


# --------------------------------------------------------------- references
BIB = ROOT / "book" / "references.bib"


def test_no_reference_field_is_unverified():
    bad = [line.strip() for line in BIB.read_text(encoding="utf-8").splitlines() if "UNVERIFIED" in line.upper()]
    assert not bad, f"references.bib carries unverified fields: {bad}"


def test_every_citation_resolves():
    keys = set(parse_file(str(BIB)).entries.keys())
    bad = []
    for page in PAGES:
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            for key in group.split(","):
                if key.strip() not in keys:
                    bad.append(f"{rel(page)}: {key.strip()}")
    assert not bad, f"citations without a bibliography entry: {bad}"


def test_source_article_is_cited_in_every_chapter():
    bad = [rel(p) for p in CHAPTERS if "chen2022" not in p.read_text(encoding="utf-8")]
    assert not bad, f"chapters that present the source without citing it: {bad}"


PROMOTIONAL = re.compile(r"\b(remarkabl[ey]|outstanding|impressive(?:ly)?|brilliant(?:ly)?|world-class)\b", re.I)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_no_promotional_adjectives(page):
    text = page.read_text(encoding="utf-8")
    hits = [m.group(0) for m in PROMOTIONAL.finditer(text)]
    assert not hits, f"{rel(page)} uses promotional words in the book's own voice: {hits}"


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_no_backtick_fence_holds_a_role_in_its_first_line(page):
    """A ```{directive} line containing a backtick is not a fence in CommonMark: the
    directive silently swallows the page up to the next fence. Use ~~~ or ::: there."""
    bad = [line for line in page.read_text(encoding="utf-8").splitlines() if re.match(r"^`{3,}\{[^}]+\}.*`", line)]
    assert not bad, f"{rel(page)}: {bad}"
