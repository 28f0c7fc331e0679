"""make lighthouse: Lighthouse (npm, pinned in package-lock.json) with Debian's Chromium, mobile defaults.

Serves the site as `make run` does (tools/measured_site.py) and prints the four category scores for the
home page, an article, the first-days guide and its Easy Read version, the checker and a verdict: the
median of LIGHTHOUSE_RUNS runs (default 3), since one run on a busy 2-core machine varies by several
points. JSON reports are kept in lighthouse-reports/.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from tools.measured_site import PAGES, measured_site

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "lighthouse-reports"
# LIGHTHOUSE_PAGES=guide,easy-read measures only those (names from tools/measured_site.py's PAGES).
ALL_PAGES = "home,article,guide,easy-read,checker,verdict-emergency"
MEASURED = os.environ.get("LIGHTHOUSE_PAGES", ALL_PAGES).split(",")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


def run_once(url: str, report: Path, chrome: str) -> dict:
    command = [
        os.environ.get("LIGHTHOUSE", str(ROOT / "node_modules/.bin/lighthouse")),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={FLAGS}",
    ]
    for attempt in (1, 2, 3):  # Chromium's trace now and then lacks its start event (NO_NAVSTART): retry
        env = {**os.environ, "CHROME_PATH": chrome}
        done = subprocess.run(command, env=env, timeout=300, check=False)  # noqa: S603 - our own arguments
        if done.returncode == 0:
            return json.loads(report.read_text())
        print(f"lighthouse failed on {url} (attempt {attempt})", file=sys.stderr)
    raise SystemExit(1)


def main() -> int:
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not chrome:
        print("Debian's chromium is needed: make chromium", file=sys.stderr)
        return 2
    runs = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
    REPORTS.mkdir(exist_ok=True)
    rows, missed, version = [], [], "?"
    with measured_site() as server:
        for name in MEASURED:
            url = server.url + PAGES[name]
            results = [run_once(url, REPORTS / f"{name}-{i}.json", chrome) for i in range(runs)]
            version = results[0]["lighthouseVersion"]
            scores = {
                c: round(statistics.median(r["categories"][c]["score"] for r in results) * 100)
                for c in CATEGORIES
            }
            rows.append((name, PAGES[name], scores))
            missed += [f"{name} {c} {s} < {GOALS[c]}" for c, s in scores.items() if s < GOALS[c]]
    load = os.getloadavg()[0]
    print(
        f"\nLighthouse {version}, mobile defaults, median of {runs} runs, {chrome}, load average {load:.1f}:"
    )
    print(f"| page | {' | '.join(CATEGORIES)} |\n| --- |{' --- |' * len(CATEGORIES)}")
    for name, path, scores in rows:
        print(f"| {name} (`{path}`) | {' | '.join(str(scores[c]) for c in CATEGORIES)} |")
    if missed:
        print("\nBelow the goal: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
