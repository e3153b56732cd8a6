"""Where Chromium is: one lookup for the browser tests, the course pack and the audit.

Playwright cannot download a browser on this project's machines, so everything that
drives a browser uses Debian's Chromium, or the executable named by the environment
variable CHROMIUM_PATH (for example Google Chrome on GitHub's runners).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

HOW_TO_INSTALL = ("Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) "
                  "or set CHROMIUM_PATH to a Chromium or Chrome executable.")


def find_chromium() -> str | None:
    """The first existing of: $CHROMIUM_PATH, /usr/bin/chromium, chromium or chromium-browser on PATH."""
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).is_file()), None)
