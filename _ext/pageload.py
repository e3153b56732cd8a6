"""Let pages paint before every script and font has arrived.

Problem solved: Lighthouse's mobile profile (a slow 4G phone) measured a chapter's
first paint at 3.5 s, mostly spent waiting for things the first paint does not need:

* eleven scripts in ``<head>`` without ``defer``, each blocking rendering;
* the whole search index (``searchindex.js``, 50 KB compressed, plus
  ``searchtools.js`` and ``language_data.js``) on every page, for the theme's
  search-as-you-type, which this book leaves off: the search page loads them itself;
* 1,881 Font Awesome ``.fa-NAME:before`` rules (20 KB of the theme's compressed,
  render-blocking stylesheet) for icons that ``_ext/icons.py`` already draws as CSS masks;
* the 156 KB Font Awesome solid font, fetched for some sixteen glyphs (admonition
  and breadcrumb icons) that the theme's CSS draws with it.

After the HTML is written, this extension

* adds ``defer`` to the external scripts in each page's ``<head>``, keeping their order
  (deferred scripts run in document order, after parsing and before
  ``DOMContentLoaded``, which is when they set themselves up). The one exception is
  ``documentation_options.js``: inline scripts in the head assign to the object it
  defines, so it stays synchronous (it is 0.4 KB);
* removes the three search scripts from every page but ``search.html``, as long as
  search-as-you-type is off (the theme's code returns early when it is);
* starts the theme's two scripts (``bootstrap.js``, ``pydata-sphinx-theme.js``) only
  after the first paint. Both measure the page as they start (the header's and the
  sidebar's position), which forces a layout of the whole page; when they ran before
  the first paint, that layout (0.3 s on Lighthouse's slowed-down phone) delayed the
  paint and made the mobile score swing between 87 and 97 from run to run. A small
  inline script loads them, in order, from a ``requestAnimationFrame`` callback's
  ``setTimeout`` (they still set themselves up as on a loaded page: both wait for
  ``DOMContentLoaded`` only while the document is loading);
* writes ``pydata-sphinx-theme.lean.css``, the theme's stylesheet without the
  ``.fa-NAME:before`` rules and pointing at a subset of the solid font,
  ``fa-solid-900.subset.woff2``, which holds only the glyphs that some stylesheet still
  names (cached by content, so an incremental build does not redo it); every page links
  the lean stylesheet instead of the original.

One more repair: Sphinx copies static files only in a build that writes some page, so
an edit of ``book/_static/book.css`` alone never reached the site ("no targets are out
of date"). When a file under ``html_static_path`` has changed since the last build, the
extension marks the root page out of date, which makes Sphinx write it and copy the
static files.

The theme's own files are left as Sphinx copies them (so it never reports overwriting
changed files); the lean copies are rewritten only when their content changes. Pages
that a build did not rewrite keep their earlier processing (the rules are idempotent).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx

HEAD = re.compile(r"<head>.*?</head>", re.S)
SCRIPT_SRC = re.compile(r'<script[^>]*?\ssrc="(?P<src>[^"]+)"[^>]*></script>')
SEARCH_SCRIPTS = re.compile(
    r'\s*<script(?: defer)? src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)
KEEP_SYNC = ("documentation_options.js",)
THEME_SCRIPTS = re.compile(
    r'<script defer src="(?P<bootstrap>[^"]*_static/scripts/bootstrap\.js[^"]*)"></script>\s*'
    r'<script defer src="(?P<theme>[^"]*_static/scripts/pydata-sphinx-theme\.js[^"]*)"></script>'
)
AFTER_FIRST_PAINT = """<script>/* _ext/pageload.py: the theme's scripts start after the first paint */
requestAnimationFrame(function () {{ setTimeout(function () {{
  ["{bootstrap}", "{theme}"].forEach(function (src) {{
    var script = document.createElement("script"); script.src = src; script.async = false;
    document.body.appendChild(script);
  }});
}}, 0); }});
</script>"""
FA_CLASS_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}')
GLYPH_STRING = re.compile(r'"((?:\\f[0-9a-fA-F]{3}|[\uf000-\uf8ff])+)"')
THEME_CSS = Path("_static/styles/pydata-sphinx-theme.css")
LEAN_CSS = THEME_CSS.with_name("pydata-sphinx-theme.lean.css")
THEME_CSS_LINK = re.compile(r'(href="[^"]*_static/styles/)pydata-sphinx-theme\.css\b')
SOLID_FONT = Path("_static/vendor/fontawesome/webfonts/fa-solid-900.woff2")
SUBSET_FONT = SOLID_FONT.with_name("fa-solid-900.subset.woff2")


def defer_scripts(head: str, keep_search: bool) -> str:
    if not keep_search:
        head = SEARCH_SCRIPTS.sub("", head)

    def add_defer(match: re.Match) -> str:
        tag = match.group(0)
        if any(name in match["src"] for name in KEEP_SYNC) or re.search(r"\s(defer|async)\b", tag):
            return tag
        return tag.replace("<script", "<script defer", 1)

    return SCRIPT_SRC.sub(add_defer, head)


def process_page(path: Path, search_as_you_type: bool) -> None:
    text = path.read_text(encoding="utf-8")
    match = HEAD.search(text)
    if not match:
        return
    keep_search = search_as_you_type or path.name == "search.html"
    head = defer_scripts(match.group(0), keep_search)
    head = THEME_CSS_LINK.sub(r"\1pydata-sphinx-theme.lean.css", head)
    rest = THEME_SCRIPTS.sub(lambda m: AFTER_FIRST_PAINT.format(**m.groupdict()), text[match.end():], count=1)
    new = text[: match.start()] + head + rest
    if new != text:
        path.write_text(new, encoding="utf-8")


def glyphs_named(css: str) -> set[int]:
    """Private-use code points (Font Awesome's range) that a stylesheet puts in ``content``."""
    found = set()
    for match in GLYPH_STRING.finditer(css):
        value = match.group(1)
        found |= {int(code, 16) for code in re.findall(r"\\(f[0-9a-fA-F]{3})", value)}
        found |= {ord(ch) for ch in value if 0xF000 <= ord(ch) <= 0xF8FF}
    return found


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def subset_font(font: Path, codepoints: set[int], cache: Path) -> bytes:
    data = font.read_bytes()
    key = hashlib.sha256(data + repr(sorted(codepoints)).encode()).hexdigest()[:16]
    cached = cache / f"{font.stem}-{key}.woff2"
    if not cached.exists():
        from fontTools import subset  # imported only when the cache misses
        from fontTools.ttLib import TTFont

        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = []
        ttfont = TTFont(font)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(ttfont)
        cache.mkdir(parents=True, exist_ok=True)
        ttfont.flavor = "woff2"
        ttfont.save(cached)
    return cached.read_bytes()


def process_static(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    theme_css = outdir / THEME_CSS
    if not theme_css.exists():
        return
    lean = FA_CLASS_RULES.sub("", theme_css.read_text(encoding="utf-8"))
    lean = lean.replace(SOLID_FONT.name, SUBSET_FONT.name)
    write_if_changed(outdir / LEAN_CSS, lean.encode("utf-8"))
    font = outdir / SOLID_FONT
    if font.exists():
        codepoints = glyphs_named(lean)
        for sheet in (outdir / "_static").rglob("*.css"):
            if sheet.name not in {THEME_CSS.name, LEAN_CSS.name}:
                codepoints |= glyphs_named(sheet.read_text(encoding="utf-8", errors="replace"))
        write_if_changed(outdir / SUBSET_FONT, subset_font(font, codepoints, Path(app.doctreedir) / "pageload-cache"))


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    # The theme's default is off; the book does not turn it on.
    option = app.config.html_theme_options.get("search_as_you_type", False)
    search_as_you_type = str(option).lower() in {"true", "1"}
    for page in Path(app.outdir).rglob("*.html"):
        if "_static" not in page.parts:
            process_page(page, search_as_you_type)
    process_static(app)


def static_changed(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """Mark the root page out of date when the book's own static files have changed."""
    stamp = []
    for folder in app.config.html_static_path:
        for path in sorted(Path(app.confdir, folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                stamp.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(stamp).encode()).hexdigest()
    if getattr(env, "pageload_static_digest", None) == digest:
        return []
    env.pageload_static_digest = digest
    return [app.config.root_doc]


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", static_changed)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
