"""Two editions of the book from one source: ``complete`` and ``student``.

Problem solved: instructors must be able to host a student edition that leaks no
solution and no instructor text, while the project keeps ONE ``_config.yml`` and ONE
``_toc.yml``. The edition is chosen with the environment variable ``BOOK_EDITION``
(``complete`` by default; ``make student`` sets ``student``).

In the student edition this extension

* sets ``hide_solutions = True`` (sphinx-exercise then drops every ``{solution}`` while
  parsing, so solutions never reach a doctree, a page or the search index);
* sets ``html_copy_source = False`` so no page source is copied into ``_sources/``, and
  turns off the theme's download button, which would point into ``_sources/``;
* builds from a copy of ``_toc.yml`` without the instructor part (every file under
  ``book/instructor/``) and adds ``book/instructor/**`` to ``exclude_patterns``, so
  those files are not built at all;
* drops the body of every ``{instructor}`` block at parse time.

In the complete edition an ``{instructor}`` block renders as an admonition titled
"For instructors" (or the title given as the directive's argument).
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

EDITIONS = ("complete", "student")
INSTRUCTOR_PREFIX = "book/instructor/"


def current_edition() -> str:
    edition = os.environ.get("BOOK_EDITION", "complete").strip() or "complete"
    if edition not in EDITIONS:
        raise ValueError(f"BOOK_EDITION must be one of {EDITIONS}, not {edition!r}")
    return edition


def _is_instructor(entry: object) -> bool:
    return isinstance(entry, dict) and str(entry.get("file", "")).startswith(INSTRUCTOR_PREFIX)


def strip_instructor(toc: dict) -> dict:
    """Return the table of contents without any entry under book/instructor/."""

    def clean(items: list) -> list:
        kept = []
        for item in items:
            if _is_instructor(item):
                continue
            if isinstance(item, dict):
                item = dict(item)
                for key in ("chapters", "sections", "parts"):
                    if key in item:
                        item[key] = clean(item[key])
                if "chapters" in item and not item["chapters"] and "file" not in item:
                    continue  # a part left empty (the instructor guide) disappears
            kept.append(item)
        return kept

    toc = dict(toc)
    for key in ("parts", "chapters", "sections"):
        if key in toc:
            toc[key] = clean(toc[key])
            if not toc[key]:
                del toc[key]  # sphinx-external-toc rejects an empty list
    return toc


class InstructorDirective(SphinxDirective):
    """``{instructor}``: content for instructors only (absent from the student edition)."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        if self.config.book_edition == "student":
            return []
        title = self.arguments[0] if self.arguments else "For instructors"
        node = nodes.admonition(classes=["admonition", "instructor-only"])
        textnodes, messages = self.state.inline_text(title, self.lineno)
        node += nodes.title(title, "", *textnodes)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node, *messages]


def configure(app: Sphinx, config: Config) -> None:
    config.book_edition = current_edition()
    if config.book_edition != "student":
        return
    config.hide_solutions = True
    config.html_copy_source = False
    options = dict(config.html_theme_options or {})
    options["use_download_button"] = False
    config.html_theme_options = options
    # Build from a table of contents without the instructor guide.
    toc_path = Path(app.srcdir) / str(config.external_toc_path)
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    student_toc = Path(app.outdir).parent / "_toc.student.yml"
    student_toc.parent.mkdir(parents=True, exist_ok=True)
    student_toc.write_text(yaml.safe_dump(strip_instructor(toc), allow_unicode=True), encoding="utf-8")
    config.external_toc_path = str(student_toc)
    # The pages left out of the student table of contents are not built at all.
    config.exclude_patterns = [*config.exclude_patterns, f"{INSTRUCTOR_PREFIX}**"]


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_edition", "complete", "env")
    # Before sphinx-external-toc reads the table of contents (priority 900).
    app.connect("config-inited", configure, priority=100)
    app.add_directive("instructor", InstructorDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
