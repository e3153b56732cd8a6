"""Shared fixtures: the project's paths and the two built editions.

The builds are run by the fixtures themselves (incrementally, with the execution
cache), so ``make test`` on a fresh clone builds both editions before testing them.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JUPYTER_BOOK = BIN / "jupyter-book"
COMPLETE_HTML = ROOT / "_build" / "html"
STUDENT_OUT = ROOT / "_build" / "student"
STUDENT_HTML = STUDENT_OUT / "_build" / "html"
FLAGS = ["-W", "-n", "--keep-going"]


def build_book(source: Path, edition: str, path_output: Path | None = None) -> subprocess.CompletedProcess:
    """Build one edition of the book at ``source`` with warnings as errors."""
    cmd = [str(JUPYTER_BOOK), "build", str(source), *FLAGS]
    if path_output is not None:
        cmd += ["--path-output", str(path_output)]
    env = {**os.environ, "BOOK_EDITION": edition}
    return subprocess.run(cmd, cwd=source, env=env, capture_output=True, text=True)


def _build_or_fail(edition: str, path_output: Path | None, html: Path) -> Path:
    result = build_book(ROOT, edition, path_output)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the {edition} edition failed to build:\n{log[-6000:]}"
    # With -W, jupyter-book exits non-zero on any Sphinx warning; check the log as well.
    sphinx_warnings = [line for line in log.splitlines() if re.search(r"(^|: )WARNING: ", line)]
    assert not sphinx_warnings, f"the {edition} edition built with warnings:\n" + "\n".join(sphinx_warnings[:40])
    assert (html / "index.html").is_file()
    return html


@pytest.fixture(scope="session")
def complete_html() -> Path:
    return _build_or_fail("complete", None, COMPLETE_HTML)


@pytest.fixture(scope="session")
def student_html() -> Path:
    return _build_or_fail("student", STUDENT_OUT, STUDENT_HTML)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)
