"""`make bench`: requests/s and latency of the site's pages against a bare WSGI hello-world.

Every server runs under the same gunicorn.conf.py (threaded, 2 x cores + 1 workers, no access log) and gets
the same bounded load, one server at a time: `wrk -t2 -c32 -d10s --latency` with a browser's Accept-Encoding.
The site runs as `make run` runs it (var/db.sqlite3, Django's page cache in the database's cache table, no
HTTP cache in front), then the article through Varnish against nginx. Writes the table to bench/results.md and
prints it. Not part of `make test`: these are figures, not pass/fail tests.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import django
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backspasm_site.settings")
django.setup()  # tests.public_pages imports the models

from bench import common  # noqa: E402
from bench.common import machine, nginx_serving, server_cpu_ns, server_cpu_seconds  # noqa: E402
from tests.checker_steps import through_the_checker_over_http  # noqa: E402
from tests.public_pages import VERDICT_ANSWERS  # noqa: E402
from tests.servers import base_env, free_port, varnish  # noqa: E402

BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_DURATION", "10s")
WRK = common.wrk_command(DURATION)
ARTICLE = "/articles/symptoms/"
SERVERS: dict[str, int] = {}  # base URL -> gunicorn master pid
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
AFTER_EDIT = "article, first request after a publish (one at a time: Django's page cache emptied)"
BARE_ONE_AT_A_TIME = "bare WSGI hello-world, one at a time (the base for the row below)"


@contextlib.contextmanager
def gunicorn(app: str, **env):
    port = free_port()
    log = open(ROOT / "bench" / f"results-gunicorn-{port}.txt", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), app],
        cwd=ROOT,
        # The same SITE_URL for every server, as `make run` has it.
        env=base_env(HOST="127.0.0.1", PORT=str(port), SITE_URL=django_settings.SITE_URL, **env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app} exited")
            time.sleep(0.2)
        SERVERS[url] = process.pid
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def wrk(url: str, script: str | None = None, args: tuple = ()) -> dict:
    return common.wrk(WRK, url, script, args)


def measured(url: str, script: str | None, args: tuple) -> dict:
    """wrk's figures, and the server's CPU time per request (steady even when the machine is shared)."""
    pid = SERVERS["/".join(url.split("/", 3)[:3])]
    before = server_cpu_seconds(pid)
    result = wrk(url, script, args)
    requests = result["rps"] * float(DURATION.rstrip("s"))
    result["cpu_us"] = (server_cpu_seconds(pid) - before) / requests * 1e6
    return result


def one_at_a_time(url: str, count: int, before_each) -> dict:
    """`count` requests for `url`, one at a time, each after `before_each()`: latency and server CPU per
    request (wrk cannot run code between requests, so these rows have no requests/s)."""
    pid = SERVERS["/".join(url.split("/", 3)[:3])]
    timings = []
    cpu_ns = 0
    for _ in range(count):
        before_each()
        before = server_cpu_ns(pid)
        start = time.perf_counter()
        response, _ = fetch(url, headers={"Accept-Encoding": "br, gzip"})
        timings.append((time.perf_counter() - start) * 1000)
        cpu_ns += server_cpu_ns(pid) - before
        assert response.status == 200
    timings.sort()
    p50, p99 = timings[count // 2], timings[int(count * 0.99)]
    return {"rps": None, "p50": p50, "p99": p99, "errors": 0, "cpu_us": cpu_ns / count / 1000}


def after_edits(url: str, count: int = 100) -> dict:
    """The first request after an editor publishes, one at a time: before each, what a publish does once it
    commits (page_cache/edge.py content_changed: Django's page cache emptied, for every worker at once),
    so the worker that answers reads and renders the page."""
    from backspasm_site.page_cache import edge

    return one_at_a_time(url, count, lambda: edge.content_changed(keys=[edge.SITE_KEY]))


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request) as response:
        return response, response.read()


def site_cases(url: str) -> list[tuple[str, str, str | None, tuple]]:
    """(row name, url, wrk script, script arguments) for the site's pages."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    stylesheet = staticfiles_storage.url("css/site.css")  # pages carry it inline; the file is still served
    _, page, cookies, body = through_the_checker_over_http(url, VERDICT_ANSWERS["see-doctor"])
    assert 'data-disposition="see-doctor"' in page, "the bench's answers do not reach a result"
    return [
        ("home page (Django's page cache)", url + "/", None, ()),
        ("article (Django's page cache)", url + ARTICLE, None, ()),
        (
            "article, rendered every time (a query string: never in the page cache)",
            url + ARTICLE,
            "bench/cold.lua",
            (),
        ),  # fmt: skip
        ("checker form (never cached: CSRF token)", url + "/symptom-checker/", None, ()),
        (
            "checker's last step (POST, CSRF checked, 303)",
            url + "/symptom-checker/step-3/",
            "bench/verdict.lua",
            (cookies, body),
        ),
        (
            "checker result (GET, answers in the signed cookie)",
            url + "/symptom-checker/result/",
            "bench/cookie.lua",
            (cookies,),
        ),
        ("stylesheet (WhiteNoise)", url + stylesheet, None, ()),
    ]


def edge_rows(site_url: str, site_port: int) -> list[tuple[str, dict]]:
    """The cached article through Varnish (deploy/varnish/backspasm.vcl) against nginx serving its bytes."""
    import tempfile

    with varnish(
        backend_port=site_port, folder=Path(tempfile.mkdtemp(prefix="backspasm-bench-varnish-"))
    ) as edge:
        request = urllib.request.Request(edge + ARTICLE, headers={"Accept-Encoding": "br, gzip"})
        for _ in range(2):  # the second is a hit
            with urllib.request.urlopen(request, timeout=10) as response:
                body, hit = response.read(), response.headers.get("X-Cache")
        assert hit == "HIT" and response.headers["Content-Encoding"] == "gzip"
        with nginx_serving(body, response.headers.items()) as static:
            results: dict[str, list[dict]] = {}
            for round_number in range(ROUNDS):
                for name, url in (("nginx, the same response as a static file", static),
                                  ("article (cached) through Varnish", edge + ARTICLE)):  # fmt: skip
                    print(f"edge round {round_number + 1}/{ROUNDS}: {name}", file=sys.stderr)
                    results.setdefault(name, []).append(wrk(url))
    return [(name, max(runs, key=lambda r: r["rps"])) for name, runs in results.items()]


def table(rows: list, against: str = "bare", cpu: bool = True) -> str:
    """The wrk rows as a markdown table, each set against the first row (named `against`)."""
    first = rows[0][1]
    head = f"| what | requests/s | × {against} | p50 ms | p99 ms | p99 × {against} |"
    if cpu:
        head += f" server CPU µs/req | × {against} (CPU) |"
    lines = [head, "| --- " + "| ---: " * (head.count("|") - 2) + "|"]
    for name, r in rows:
        base = r.get("base", first)  # one-at-a-time rows are set against the hello-world one at a time
        if r.get("errors"):
            name += f" ({r['errors']} socket errors)"
        rps = f"{r['rps']:.0f} | {r['rps'] / first['rps']:.2f}" if r["rps"] else "– | –"
        line = f"| {name} | {rps} | {r['p50']:.2f} | {r['p99']:.2f} | {r['p99'] / base['p99']:.2f} |"
        if cpu:
            line += f" {r['cpu_us']:.0f} | {base['cpu_us'] / r['cpu_us']:.2f} |"
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    off = {"GUNICORN_ACCESS_LOG": ""}
    with contextlib.ExitStack() as servers:
        hello = servers.enter_context(gunicorn("bench.hello:application", **off))
        minimal = servers.enter_context(gunicorn("bench.django_minimal:application", **off))
        site = servers.enter_context(gunicorn("backspasm_site.wsgi:application", **off))
        cases = [
            ("bare WSGI hello-world", hello + "/", None, ()),
            ("Django minimal view", minimal + "/", None, ()),
        ]
        cases += site_cases(site)
        # Rounds in turn, best round per row: other work on a shared machine lowers some runs, never raises.
        results: dict[str, list[dict]] = {}
        for round_number in range(ROUNDS):
            for name, url, script, args in cases:
                print(f"round {round_number + 1}/{ROUNDS}: {name}", file=sys.stderr)
                results.setdefault(name, []).append(measured(url, script, args))
        rows = [(name, max(runs, key=lambda r: r["rps"])) for name, runs in results.items()]
        print("first requests after an edit", file=sys.stderr)
        one_by_one = one_at_a_time(hello + "/", 100, lambda: None)
        after = after_edits(site + ARTICLE)
        one_by_one["base"] = after["base"] = one_by_one
        rows[5:5] = [(BARE_ONE_AT_A_TIME, one_by_one), (AFTER_EDIT, after)]
        print("the edge cache", file=sys.stderr)
        edge = edge_rows(site, int(site.rsplit(":", 1)[1]))
    workers = subprocess.run(
        [sys.executable, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    text = (
        f"# make bench, {datetime.date.today():%d %B %Y}\n\n"
        f"Machine: {machine()}. gunicorn: threaded, {workers} workers, gunicorn.conf.py, access log off.\n"
        f"Load: `{' '.join(WRK)}` (wrk on the same machine), best of {ROUNDS} rounds per row.\n\n"
        f"{table(rows)}\n\n"
        "× bare is requests/s against the bare hello-world's. Server CPU is the CPU time gunicorn (master\n"
        "and workers) used per request during the run, from /proc: unlike requests/s it hardly changes when\n"
        "other work shares the machine, so × bare (CPU) is the ratio if the server had the cores to itself\n"
        "(wrk's own CPU aside). One request at a time costs more CPU per request than under load (every\n"
        "worker wakes for each connection), so the row asked one at a time is set against the hello-world\n"
        "asked one at a time, CPU measured per request.\n\n"
        "The edge cache: the same article through Varnish (deploy/varnish/backspasm.vcl, in front of the\n"
        "site above), against Debian's nginx serving the bytes Varnish sent (gzip) as a static file;\n"
        "the same wrk.\n\n"
        f"{table(edge, against='nginx', cpu=False)}\n"
    )
    common.write_section(ROOT / "bench" / "results.md", "# make bench,", text)
    print(text)


if __name__ == "__main__":
    main()
