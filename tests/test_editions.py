"""Layer 3: the student edition leaks no solution and no instructor text.

Two kinds of test:

* a sandbox book (a copy of the configuration and extensions, with one page) in which
  sentinel words are planted in a solution, an instructor-only block and an
  instructor page; both editions are built and every output file is searched, the
  search index included;
* the real book: every solution, every ``{instructor}`` block and every page under
  ``book/instructor/`` is located in the sources, and sentences from them must be
  present in the complete edition and absent from every file of the student edition.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_book, html_pages

SENTINELS = {
    "solution": "zqxsolutionsentinel",
    "instructor_block": "zqxinstructorblocksentinel",
    "instructor_page": "zqxinstructorpagesentinel",
}


SMART = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Undo Sphinx's smart quotes and dashes, and fold white space, for comparisons."""
    return " ".join(text.translate(SMART).replace("\u2026", "...").split())


def all_output_text(site: Path) -> str:
    chunks = []
    for path in site.rglob("*"):
        if path.is_file():
            chunks.append(path.read_bytes().decode("utf-8", errors="replace"))
    return normalise("\n".join(chunks)).lower()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("sandbox")
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "_ext", book / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    (book / "book" / "instructor").mkdir(parents=True)
    shutil.copy(ROOT / "book" / "references.bib", book / "book" / "references.bib")
    shutil.copytree(ROOT / "book" / "_static", book / "book" / "_static")
    (book / "_toc.yml").write_text(
        yaml.safe_dump(
            {
                "format": "jb-book",
                "root": "book/intro",
                "parts": [
                    {"caption": "Reading", "chapters": [{"file": "book/public"}]},
                    {"caption": "Instructor guide", "chapters": [{"file": "book/instructor/secret"}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    (book / "book" / "intro.md").write_text(
        f"""# Sandbox

Public text everyone sees: zqxpublicsentinel.

```{{instructor}}
Only for instructors: {SENTINELS['instructor_block']}.
```

````{{exercise}} A task
:label: ex-sandbox-1

Do the task.
````

````{{solution}} ex-sandbox-1
:label: sol-sandbox-1
:class: dropdown

The model answer: {SENTINELS['solution']}.
````
""",
        encoding="utf-8",
    )
    (book / "book" / "public.md").write_text("# A public chapter\n\nText for everyone.\n", encoding="utf-8")
    (book / "book" / "instructor" / "secret.md").write_text(
        f"# Teaching note\n\nInstructor page text: {SENTINELS['instructor_page']}.\n", encoding="utf-8"
    )
    for edition in ("complete", "student"):
        result = build_book(book, edition, book / "_build" / edition)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return book


def test_sandbox_student_edition_has_no_sentinel(sandbox):
    text = all_output_text(sandbox / "_build" / "student" / "_build" / "html")
    assert "zqxpublicsentinel" in text
    leaked = [name for name, word in SENTINELS.items() if word in text]
    assert not leaked, f"the student edition leaks: {leaked}"


def test_sandbox_complete_edition_has_every_sentinel(sandbox):
    site = sandbox / "_build" / "complete" / "_build" / "html"
    text = all_output_text(site)
    missing = [name for name, word in SENTINELS.items() if word not in text]
    assert not missing, f"the complete edition lacks: {missing}"
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert SENTINELS["instructor_page"] in index.lower(), "instructor pages should be searchable in the complete edition"


# ---------------------------------------------------------------- the real book
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>solution|instructor)\}.*$")


def toc_files() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(items):
        for item in items or []:
            if "file" in item:
                files.append(item["file"])
            walk(item.get("chapters"))
            walk(item.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [ROOT / f"{f}.md" if not f.endswith(".md") else ROOT / f for f in files]


def hidden_blocks(text: str) -> list[str]:
    """Bodies of every {solution} and {instructor} block in a MyST source."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        match = FENCE.match(lines[i].strip())
        if not match:
            i += 1
            continue
        fence, body = match["fence"], []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        text = "\n".join(l for l in body if not l.strip().startswith(":"))
        blocks.append(re.sub(r"^\s*```.*?^\s*```\s*$", "", text, flags=re.S | re.M))  # code is not prose
        i += 1
    return blocks


PLAIN_SENTENCE = re.compile(r"[A-Z][^.!?\n]{60,}[.!?]")


def plain_sentences(text: str) -> list[str]:
    """Sentences with no markup, so that their rendered text equals their source."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(line.strip() for line in paragraph.splitlines())
        if paragraph.startswith(("|", "-", "*", "#", "`", ">", "{", ":")) or re.match(r"^\d+\.", paragraph):
            continue
        for sentence in PLAIN_SENTENCE.findall(paragraph):
            if not re.search(r"[`{}\[\]*_|$<>\\]", sentence):
                out.append(normalise(sentence))
    return out


def hidden_sentences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in toc_files():
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        bodies = [text] if rel.startswith("book/instructor/") else hidden_blocks(text)
        sentences = [s for body in bodies for s in plain_sentences(body)]
        if sentences:
            found[rel] = sentences
    return found


def page_text(site: Path) -> str:
    parts = []
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        parts.append(normalise(soup.get_text(" ")))
    return "\n".join(parts)


def test_real_book_has_hidden_material_to_check():
    found = hidden_sentences()
    assert sum(len(v) for v in found.values()) >= 3, "no solution or instructor sentences found to check"


def test_real_book_hidden_material_is_in_complete_edition(complete_html):
    text = page_text(complete_html)
    missing = {f: [s for s in ss if s not in text] for f, ss in hidden_sentences().items()}
    missing = {f: ss for f, ss in missing.items() if ss}
    assert not missing, f"sentences expected in the complete edition are missing: {missing}"


def test_real_book_student_edition_leaks_nothing(student_html):
    # Rendered text of every page (entities decoded) and the raw text of every file.
    text = page_text(student_html).lower() + "\n" + all_output_text(student_html)
    leaks = {f: [s for s in ss if s.lower() in text] for f, ss in hidden_sentences().items()}
    leaks = {f: ss for f, ss in leaks.items() if ss}
    assert not leaks, f"the student edition contains hidden text: {leaks}"


def test_student_edition_has_no_sources_solutions_or_instructor_pages(student_html):
    assert not (student_html / "_sources").exists(), "page sources are copied into the student edition"
    assert not list(student_html.rglob("book/instructor/*")), "instructor pages are in the student edition"
    for page in html_pages(student_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.select(".solution, .instructor-only"), f"{page} contains a solution or instructor block"


def test_student_edition_search_index_has_no_instructor_pages(student_html):
    index = (student_html / "searchindex.js").read_text(encoding="utf-8")
    assert "book/instructor" not in index
