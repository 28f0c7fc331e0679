"""First paint on an emulated slow 3G connection (issue 29), part of `make bench`.

The site runs as `make run` serves it (gunicorn on a free loopback port, tools/measured_site.py). Debian's
Chromium loads each page with an empty cache over a connection emulated through the DevTools protocol
(Network.emulateNetworkConditions): 2 s latency, 50 KB/s down and up. For each page, the median of
FIRST_PAINT_RUNS loads (default 3) of when the page arrived (navigation timing's responseEnd) and of its first
contentful paint. A page that needs no second round trip paints about when it has arrived; a page whose
stylesheet is a file of its own waits another 2 s for it. Writes a section of bench/results.md.
"""

import datetime
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from tools.measured_site import measured_site  # noqa: E402

PAGES = {
    "home": "/",
    "article": "/articles/symptoms/",
    "guide (first days)": "/articles/first-days/",
    "checker": "/symptom-checker/",
}
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024}
RUNS = int(os.environ.get("FIRST_PAINT_RUNS", "3"))
GOAL_MS = 2500
TIMINGS = """() => new Promise(resolve => {
  // The paint entries can come after the load event: wait for them (buffered, so none is missed).
  const done = entries => {
    const paint = Object.fromEntries(entries.map(e => [e.name, e.startTime]));
    const [navigation] = performance.getEntriesByType('navigation');
    resolve({
      arrived: navigation.responseEnd,
      paint: paint['first-contentful-paint'] ?? paint['first-paint'],
      stylesheets: performance.getEntriesByType('resource')
        .filter(e => e.initiatorType === 'link' && e.name.includes('.css')).length,
    });
  };
  new PerformanceObserver((list, observer) => {
    if (list.getEntries().length) { observer.disconnect(); done(performance.getEntriesByType('paint')); }
  }).observe({type: 'paint', buffered: true});
})"""


def load_once(browser, url: str) -> dict:
    """One load in a fresh browser context (empty cache) over the emulated connection."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        page.goto(url, wait_until="load", timeout=60_000)
        return page.evaluate(TIMINGS)
    finally:
        context.close()


def measure(base_url: str, runs: int = RUNS) -> list[tuple[str, str, float, float, int]]:
    """(name, path, median arrival ms, median first paint ms, stylesheet files fetched) per page."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        try:
            for name, path in PAGES.items():
                loads = [load_once(browser, base_url + path) for _ in range(runs)]
                print(f"first paint: {name} {[round(load['paint']) for load in loads]} ms", file=sys.stderr)
                rows.append((
                    name,
                    path,
                    statistics.median(load["arrived"] for load in loads),
                    statistics.median(load["paint"] for load in loads),
                    max(load["stylesheets"] for load in loads),
                ))  # fmt: skip
        finally:
            browser.close()
    return rows


def table(rows) -> str:
    lines = [
        "| page | page arrived (ms) | first paint (ms) | goal ≤ 2500 ms | stylesheet files fetched |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for name, path, arrived, paint, stylesheets in rows:
        verdict = "met" if paint <= GOAL_MS else "missed"
        lines.append(f"| {name} (`{path}`) | {arrived:.0f} | {paint:.0f} | {verdict} | {stylesheets} |")
    return "\n".join(lines)


def main() -> None:
    if not shutil.which("chromium"):
        raise SystemExit("Debian's chromium is needed: make chromium")
    with measured_site() as server:
        rows = measure(server.url)
    text = (
        f"# make bench: first paint on slow 3G, {datetime.date.today():%d %B %Y}\n\n"
        "bench/first_paint.py: Debian's Chromium, a fresh context (empty cache, cache disabled) per load,\n"
        "Network.emulateNetworkConditions at 2000 ms latency and 50 KB/s down and up, 390 px wide; the\n"
        f"site under gunicorn as `make run` serves it. Median of {RUNS} loads per page: when the page had\n"
        "arrived (responseEnd) and its first contentful paint, both from the start of navigation.\n\n"
        f"{table(rows)}\n"
    )
    common.write_section(ROOT / "bench" / "results.md", "# make bench: first paint", text)
    print(text)


if __name__ == "__main__":
    main()
