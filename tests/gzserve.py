"""A local static server that compresses, as a real host would.

``python -m http.server`` sends every file uncompressed, so page-weight and Lighthouse
figures measured against it would describe no real deployment. This server gzips text
responses (HTML, CSS, JS, SVG, JSON, plain text) when the browser asks for it, sends
``Content-Length`` for the compressed body, keeps connections alive (HTTP/1.1), and
answers everything else as SimpleHTTPRequestHandler does. GitHub Pages, the publishing
target, compresses the same types. Used by `make serve`, the browser tests and
`make audit`.

    python tests/gzserve.py DIRECTORY [PORT]   # serve until Ctrl-C
"""
from __future__ import annotations

import functools
import gzip
import io
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".svg", ".json", ".txt", ".xml", ".map", ".inv", ".ipynb", ".md", ".bib"}
_cache: dict[tuple[str, float], bytes] = {}


class GzipHandler(SimpleHTTPRequestHandler):
    """Serve files from ``directory``; gzip compressible ones for clients that accept it."""

    # Keep-alive connections, as every real host offers (HTTP/1.0 would open a new
    # connection per file, and Lighthouse would charge each one a round trip).
    protocol_version = "HTTP/1.1"

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript"}

    def log_message(self, *args):  # quiet: the callers report what matters
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            index = path / "index.html"
            if not self.path.split("?")[0].endswith("/") or not index.is_file():
                return super().send_head()  # redirects and listings as usual
            path = index
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix.lower() in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        stat = path.stat()
        key = (str(path), stat.st_mtime)
        body = _cache.get(key)
        if body is None:
            body = _cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, port: int = 0) -> ThreadingHTTPServer:
    """Start serving ``directory`` on 127.0.0.1 in a daemon thread; port 0 picks a free one."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    server = serve(site, int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"Serving {site} with gzip on http://127.0.0.1:{server.server_port}/ (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
