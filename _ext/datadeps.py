"""Re-execute the executed pages when the case data change.

Problem solved: MyST-NB's execution cache (jupyter-cache) keys a page on its code
cells only, and Sphinx re-reads a page only when the page itself changes. A page that
reads ``book/data/*.csv`` would therefore keep showing figures computed from old data.

For every executed page (a MyST text notebook with ``{code-cell}`` blocks) this
extension

* records each file of ``book/data/`` as a dependency of the page, so Sphinx re-reads
  the page when a data file is newer than the last build; and
* appends a hidden code cell holding a fingerprint (SHA-256) of the data files, so the
  execution cache misses, and the page is executed again, exactly when their content
  changes.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

DATA_DIR = Path("book") / "data"


def data_files(srcdir: Path) -> list[Path]:
    folder = srcdir / DATA_DIR
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def fingerprint(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def inject(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if "```{code-cell}" not in text:
        return
    root = Path(app.srcdir)
    files = data_files(root)
    for path in files:
        app.env.note_dependency(str(path))
    cell = (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        f"# fingerprint of book/data/ (added by _ext/datadeps.py): {fingerprint(files, root)}\n```\n"
    )
    source[0] = text.rstrip("\n") + cell


def setup(app: Sphinx) -> dict:
    app.connect("source-read", inject)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
