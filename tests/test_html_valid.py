"""Layer 3: every page of both editions is valid HTML (the Nu HTML Checker, vnu).

vnu comes from npm (``vnu-jar``, pinned in package.json / package-lock.json and
installed by ``make test`` with ``npm ci``) and runs on Java.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(pages: list) -> list[str]:
    if not shutil.which("java"):
        pytest.fail("java was not found: the Nu HTML Checker needs a Java runtime (apt-get install default-jre-headless)", pytrace=False)
    if not VNU.is_file():
        pytest.fail("vnu.jar was not found: run `npm ci` in the project root (make test does)", pytrace=False)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').split('/_build/')[-1]}:{m.get('lastLine', '?')}: {m['message']}" for m in messages if m.get("type") == "error"]


@pytest.mark.parametrize("edition", ["complete", "student"])
def test_every_page_is_valid_html(edition, request):
    site = request.getfixturevalue(f"{edition}_html")
    errors = vnu_errors(html_pages(site))
    assert not errors, f"{len(errors)} HTML errors in the {edition} edition:\n" + "\n".join(errors[:30])


def test_checker_reports_invalid_html(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<p id=a>one</p><p id=a>two</p>", encoding="utf-8")
    assert vnu_errors([page])
