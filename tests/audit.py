"""`make audit`: Lighthouse on every page, mobile and desktop, against a compressing server.

    python tests/audit.py [complete] [student]     # default: both editions

For each edition, the built site is served on 127.0.0.1 by ``tests/gzserve.py`` (gzip,
as GitHub Pages serves it) and ``tests/lighthouse.mjs`` runs Lighthouse (npm
``lighthouse``, pinned in package.json) on every page with the mobile profile (a
throttled mid-range phone on slow 4G) and the desktop profile, driving Debian's
Chromium. The top-level ``index.html`` is only a redirect to the Welcome page, which is
audited itself, so it is left out.

It fails (exit status 1) when any page scores below (performance: the median of five
runs when the first run falls short, as Lighthouse's documentation on variability
advises):

* performance: 90 on mobile, 95 on desktop;
* accessibility, best practices and SEO: 100 on both.

It prints a table of scores, then for each failure the audits that cost points, with
Lighthouse's own figures. Full reports: ``_build/audit/<edition>/<form factor>/<n>.html``
(Lighthouse's report page; ``<n>.json`` holds the same data), numbered in the order of
the table, and a summary in ``_build/audit/summary.json``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import HOW_TO_INSTALL, find_chromium  # noqa: E402
from gzserve import serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITES = {"complete": ROOT / "_build" / "html", "student": ROOT / "_build" / "student" / "_build" / "html"}
OUT = ROOT / "_build" / "audit"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 5  # performance runs for a page that falls short on the first one (odd: a median)
THRESHOLDS = {
    "mobile": {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100},
    "desktop": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
}


def pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to the site, without the redirect."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)
    return [p for p in found if p != "index.html"]


def chrome_path() -> str:
    return find_chromium() or sys.exit(f"Chromium was not found. {HOW_TO_INSTALL}")


def run_node(urls: list[str], out: Path, form_factors: str) -> list[dict]:
    """One call of tests/lighthouse.mjs: every URL with the given profile(s), in order."""
    env = {**os.environ, "CHROME_PATH": chrome_path(), "LH_FORM_FACTORS": form_factors}
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run(["node", str(ROOT / "tests" / "lighthouse.mjs"), str(out), *urls], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    expected = len(urls) * len(form_factors.split(","))
    if proc.returncode != 0 or len(results) != expected:
        sys.exit(f"Lighthouse did not finish ({len(results)} of {expected} runs):\n{proc.stderr[-3000:]}")
    return results


def judge_on_median(result: dict, reruns: list[dict]) -> None:
    """Give ``result`` the scores of the run with the median performance of all its runs."""
    runs = sorted([result["scores"]["performance"]] + [r["scores"]["performance"] for r in reruns])
    median = runs[len(runs) // 2]
    if median != result["scores"]["performance"]:
        chosen = next(r for r in reruns if r["scores"]["performance"] == median)
        result.update({k: chosen[k] for k in ("scores", "failing", "report")})
    result["runs"] = runs


def lighthouse(site: Path, out: Path) -> list[dict]:
    """Run Lighthouse on every page of ``site``; one result dict per page and form factor.

    Performance scores vary from run to run (Lighthouse's documentation on variability
    advises several runs and the median; the median of five halves the spread). On this
    machine a long chapter's mobile score occasionally drops 5-10 points in one run,
    depending on whether the browser lays the page out before or after its scripts
    start. A page whose performance is below its threshold on the first run is run four
    more times with that profile and judged on the median of the five runs; ``runs``
    records all five scores.
    """
    if not (ROOT / "node_modules" / "lighthouse").is_dir():
        sys.exit("Lighthouse is not installed: run `npm ci` (make audit does it).")
    server = serve(site)
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        results = run_node([base + page for page in pages(site)], out, "mobile,desktop")
        for result in results:
            result["runs"] = [result["scores"]["performance"]]
        for form in ("mobile", "desktop"):
            slow = [r for r in results if r["formFactor"] == form and not r.get("runtimeError")
                    and r["scores"]["performance"] < THRESHOLDS[form]["performance"]]
            if not slow:
                continue
            again = run_node([r["url"] for r in slow] * (RUNS - 1), out / f"rerun-{form}", form)
            for result in slow:
                judge_on_median(result, [r for r in again if r["url"] == result["url"]])
    finally:
        server.shutdown()
    for result in results:
        result["page"] = result["url"].removeprefix(base)
    return results


def shortfalls(result: dict) -> list[str]:
    limits = THRESHOLDS[result["formFactor"]]
    if result.get("runtimeError"):
        return [f"Lighthouse could not audit the page: {result['runtimeError']}"]
    return [f"{c} {result['scores'][c]} < {limits[c]}" for c in CATEGORIES if result["scores"][c] < limits[c]]


def explain(result: dict) -> list[str]:
    """The audits that cost points, with Lighthouse's figures, read from the full report."""
    report = json.loads(Path(result["report"]).read_text(encoding="utf-8"))
    lines = []
    for entry in result["failing"]:
        category, audit_id = entry.split(":", 1)
        audit = report["audits"][audit_id]
        value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        lines.append(f"      {category}: {audit['title']}{value}, score {audit['score']}")
    return lines


def table(results: list[dict]) -> list[str]:
    by_page: dict[str, dict] = {}
    for result in results:
        by_page.setdefault(result["page"], {})[result["formFactor"]] = result["scores"]
    header = f"{'page':48} {'mobile perf/a11y/bp/seo':>24} {'desktop perf/a11y/bp/seo':>25}"
    rows = [header, "-" * len(header)]
    for page, forms in by_page.items():
        cells = ["/".join(str(forms[f][c]) for c in CATEGORIES) for f in ("mobile", "desktop")]
        rows.append(f"{page:48} {cells[0]:>24} {cells[1]:>25}")
    return rows


def main(editions: list[str]) -> int:
    summary, failed = {}, 0
    for edition in editions:
        site = SITES[edition]
        if not (site / "index.html").is_file():
            sys.exit(f"The {edition} edition is not built: run `make book student` first (make audit does it).")
        results = lighthouse(site, OUT / edition)
        print(f"\nLighthouse, {edition} edition ({len(results) // 2} pages, mobile and desktop)")
        print("\n".join(table(results)))
        for result in results:
            if len(result["runs"]) > 1:
                print(f"  re-run {result['page']} ({result['formFactor']}): performance {result['runs']}, "
                      f"median {result['runs'][RUNS // 2]}")
        for form in ("mobile", "desktop"):
            perf = sorted(r["scores"]["performance"] for r in results if r["formFactor"] == form)
            print(f"  {form} performance: lowest {perf[0]}, median {perf[len(perf) // 2]}")
        for result in results:
            problems = shortfalls(result)
            if problems:
                failed += 1
                print(f"\nFAIL {edition} {result['page']} ({result['formFactor']}): {'; '.join(problems)}")
                print("\n".join(explain(result)) if not result.get("runtimeError") else "")
        summary[edition] = results
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.json").write_text(json.dumps({"thresholds": THRESHOLDS, "results": summary}, indent=1), encoding="utf-8")
    print(f"\n{'FAILED' if failed else 'PASSED'}: {failed} page audit(s) below the thresholds "
          f"{json.dumps(THRESHOLDS)}")
    return 1 if failed else 0


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SITES)
    unknown = set(chosen) - set(SITES)
    if unknown:
        sys.exit(f"unknown edition(s): {', '.join(sorted(unknown))}; choose from {', '.join(SITES)}")
    sys.exit(main(chosen))
