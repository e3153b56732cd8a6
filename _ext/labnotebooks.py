"""Starter notebooks (.ipynb) of the labs, without solutions, for both editions.

Problem solved: the labs are MyST Markdown notebooks (exercises/lab*.md) whose model
solutions sit in ``{solution}`` blocks. The theme's download button offers only the
Markdown source, and only in the complete edition (the student edition copies no
sources). Students need a plain Jupyter notebook they can open anywhere, and it must
not contain the solutions in either edition.

Before the build reads any page, this extension converts every lab into
``exercises/_starters/<lab>.ipynb`` (a generated folder, not under version control):

* every ``{solution}`` block is removed;
* MyST-only markup is turned into plain Markdown (exercise boxes become bold headings,
  cross-references and citations become plain text);
* a first cell says where the data and the ``labkit`` checks come from.

Each lab page links its starter with ``{download}``, so Sphinx copies it into the
site's downloads in both editions.
"""
from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
from sphinx.application import Sphinx
from sphinx.config import Config

OUT = Path("exercises") / "_starters"
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,}|~{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")

HEADER = """**Starter notebook: {title}**

This is the starter version of a lab from the open teaching package *Holistic
Governance in a City Crisis: Guangzhou and COVID-19, 2020–2021*. It has no model
answers. Replace each `...` with your code and run the cell: the check on its last
line answers *Correct* or *Not yet*, with a hint.

- **Data.** The lab reads `timeline.csv`, `figures.csv` and `measures.csv`. In the
  repository they are in `book/data/` and are found automatically when you run the
  notebook from `exercises/` (`make lab`). Otherwise download them from the book's
  page *The case data* and put them in a folder `data/` next to this notebook.
- **Checks.** The feedback comes from the `labkit` folder in the repository's
  `exercises/`; keep it next to this notebook.
"""


def strip_solutions(text: str) -> str:
    """Drop every {solution} block (any fence) from MyST Markdown."""
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i].strip())
        if match and match["name"] == "solution":
            fence = match["fence"]
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                i += 1
            i += 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def plain_markdown(text: str) -> str:
    """Turn the MyST markup the labs use into Markdown that Jupyter renders."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i].strip())
        if match and match["name"] in {"exercise", "admonition", "note", "tip", "important"}:
            fence, title = match["fence"], match["arg"].strip()
            out.append(f"**{'Exercise: ' if match['name'] == 'exercise' else ''}{title}**".replace("****", ""))
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                if not lines[i].strip().startswith(":"):
                    out.append(lines[i])
                i += 1
            i += 1
            continue
        if re.match(r"^\([\w-]+\)=\s*$", lines[i]):
            i += 1
            continue
        out.append(lines[i])
        i += 1
    text = "\n".join(out)
    text = re.sub(r"\{(?:ref|doc|numref)\}`([^`<]+?)\s*<[^`>]+>`", r"\1", text)
    text = re.sub(r"\{(?:ref|doc|numref)\}`([^`]+)`", r"the book's page '\1'", text)
    text = re.sub(r"\{term\}`([^`<]+?)(?:\s*<[^`>]+>)?`", r"\1", text)
    text = re.sub(r"\{cite:p\}`chen2022`", "(Chen, Chen and Tian 2022)", text)
    text = re.sub(r"\{cite:t\}`chen2022`", "Chen, Chen and Tian (2022)", text)
    text = re.sub(r"\{cite:[pt]\}`[^`]+`", "(see the book's references)", text)
    text = re.sub(r"\{download\}`([^`<]+?)\s*<[^`>]+>`", r"\1", text)
    return text


def starter(path: Path) -> nbformat.NotebookNode:
    notebook = jupytext.read(path)
    title = next((l[2:].strip() for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("# ")), path.stem)
    cells = [nbformat.v4.new_markdown_cell(HEADER.format(title=title))]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            source = plain_markdown(strip_solutions(cell.source)).strip()
            if source:
                cells.append(nbformat.v4.new_markdown_cell(source))
        elif cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # stable ids: an unchanged lab gives an identical file
    result = nbformat.v4.new_notebook(cells=cells)
    result.metadata["kernelspec"] = notebook.metadata.get(
        "kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"}
    )
    result.metadata["language_info"] = {"name": "python"}
    return result


def write_starters(app: Sphinx, config: Config) -> None:
    root = Path(app.srcdir)
    out = root / OUT
    out.mkdir(parents=True, exist_ok=True)
    this_module = Path(__file__).stat().st_mtime
    for lab in sorted((root / "exercises").glob("lab[0-9]*.md")):
        target = out / f"{lab.stem}.ipynb"
        # Up to date: newer than its lab and than this generator (saves 0.4 s a rebuild).
        if target.exists() and target.stat().st_mtime >= max(lab.stat().st_mtime, this_module):
            continue
        text = nbformat.writes(starter(lab))
        # Rewrite only on change, so that an unchanged build stays incremental.
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", write_starters)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
