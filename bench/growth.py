"""`make bench-growth` (issue 16): how the site's costs grow from 100 to 1,000 to 10,000 articles.

For each size (GROWTH_SIZES, default 100,1000,10000) a throwaway site is made in a temporary folder: an SQLite
file, migrated, content/ loaded, then cloned up to that many published articles (bench/growth_site.py). The
site is served as `make run` serves it (gunicorn.conf.py, threaded, SQLite, Django's page cache in the
database's cache table) with Varnish in front (deploy/varnish/backspasm.vcl, edits purged), and measured from
outside, over HTTP, one request at a time unless said: pages' sizes and build times, cold article pages,
search, the admin's article list, a reviewer's publish and what follows it, a worker's memory after every
article page, and cached pages through Varnish against nginx. Search is measured again on PostgreSQL, in a
throwaway database on the local server (GROWTH_POSTGRES), dropped afterwards.

Figures are set side by side as ratios against the smallest size: they show how costs grow, not whether
anything passes. The table goes to bench/results.md under its own heading and is printed.
"""

import contextlib
import datetime
import gzip
import http.client
import http.cookiejar
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from tests.servers import Server, base_env, free_port, varnish  # noqa: E402

SIZES = [int(size) for size in os.environ.get("GROWTH_SIZES", "100,1000,10000").split(",")]
POSTGRES = os.environ.get("GROWTH_POSTGRES", "postgres://postgres@127.0.0.1:5432/").rstrip("/")
POSTGRES_DATABASE = "bench_growth"
WRK_DURATION = os.environ.get("GROWTH_WRK_DURATION", "5s")
SEARCH_SECONDS = float(os.environ.get("GROWTH_SEARCH_SECONDS", "20"))  # per engine and size, after one round
SEARCH_SAMPLES = 48  # enough for a p95; small sites reach it in a second or two
QUERIES = ["spasm", "pain killers", "hot water bottle", "sciatca", "when to see a doctor", "heat",
           "slipped disc", "stretches for lower back"]  # fmt: skip
COLD_ARTICLES = 40
BUILDS = 3  # uncached requests per page for its build time
ADMIN_REQUESTS = 5
ADMIN_USER = "growth-bench"  # made by growth_site.py generate
EDGE_ROUNDS = 2  # best of, as make bench: other work on a shared machine only ever lowers a run
LOAD_TIMEOUT = 600  # seconds: the longest any one step may take
READER = {"Accept-Encoding": "br, gzip"}
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
HEADING = "# make bench-growth"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- HTTP, one request at a time ------------------------------------------------------------------------


def get(url: str, headers: dict | None = None, opener=None) -> tuple[int, dict, bytes, float]:
    """(status, headers, body as sent, seconds)."""
    request = urllib.request.Request(url, headers=headers or {})
    start = time.perf_counter()
    try:
        with (opener or urllib.request.urlopen)(request, timeout=120) as response:
            body = response.read()
            status, response_headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        body, status, response_headers = error.read(), error.code, dict(error.headers)
    return status, response_headers, body, time.perf_counter() - start


def decoded(headers: dict, body: bytes) -> bytes:
    encoding = headers.get("Content-Encoding", "")
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    return body


def text_of(url: str, headers: dict | None = None) -> str:
    status, response_headers, body, _ = get(url, headers)
    if status != 200:
        text = decoded(response_headers, body).decode(errors="replace")
        raise RuntimeError(f"{url} answered {status} ({response_headers.get('Server', '')}): {text[:300]}")
    return decoded(response_headers, body).decode()


def uncached(url: str, tag: str) -> str:
    """The address with a query string of its own: Django's page cache never keeps it (pages.py)."""
    return f"{url}{'&' if '?' in url else '?'}growth-bench={tag}"


def timed_on_server(server: Server, url: str, headers: dict | None = None) -> tuple[float, float, bytes]:
    """(milliseconds, server CPU milliseconds, body) of one request."""
    before = common.server_cpu_ns(server.process.pid)
    status, _, body, seconds = get(url, headers)
    if status != 200:
        raise RuntimeError(f"{url} answered {status}")
    return seconds * 1000, (common.server_cpu_ns(server.process.pid) - before) / 1e6, body


# --- the throwaway site -----------------------------------------------------------------------------------


def run_step(args: list[str], env: dict, what: str, output: Path) -> str:
    """A command of the site's, bounded in time; its output kept in the size's folder."""
    log(what)
    with output.open("a") as kept:
        finished = subprocess.run(
            args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=LOAD_TIMEOUT
        )
        kept.write(f"$ {' '.join(args)}\n{finished.stdout}{finished.stderr}\n")
    if finished.returncode:
        raise RuntimeError(f"{what} failed:\n{finished.stderr[-3000:]}")
    return finished.stdout


def build_site(env: dict, articles: int, folder: Path) -> dict:
    """Migrate, load content/, clone up to `articles`, and build the search index when the site has one."""
    output = folder / "commands.log"
    run_step([PYTHON, "manage.py", "migrate", "--noinput"], env, "migrate", output)
    run_step([PYTHON, "manage.py", "load_content"], env, "load_content", output)
    started = time.perf_counter()
    made = run_step(
        [PYTHON, "bench/growth_site.py", "generate", str(articles)], env, f"{articles} articles", output
    )
    generated = json.loads(made.strip().splitlines()[-1])
    generated["generate s"] = time.perf_counter() - started
    commands = run_step([PYTHON, "manage.py", "help", "--commands"], env, "the site's commands", output)
    if "rebuild_search_index" in commands.split():
        started = time.perf_counter()
        run_step([PYTHON, "manage.py", "rebuild_search_index"], env, "rebuild_search_index", output)
        generated["index s"] = time.perf_counter() - started
    return generated


@contextlib.contextmanager
def site_server(env: dict, port: int, workers: int | None = None):
    """gunicorn with the site's gunicorn.conf.py on `port`, stopped afterwards whatever happens."""
    if workers is not None:
        env = {**env, "WEB_CONCURRENCY": str(workers)}
    server = Server(env, port, int(env.get("WEB_CONCURRENCY") or 0) or default_workers())
    try:
        server.wait_until_ready(timeout=60)
        for _ in range(20):  # every worker up and connected before anything is timed
            get(server.url + "/healthz")
        yield server
    finally:
        server.stop()


def wait_for_edge(edge: str, timeout: float = 30) -> None:
    """Varnish starts before the site, so its health probe has marked the site down: wait until two probes
    (2 s apart) have seen it answer, or every uncached page through Varnish would be its 503 page."""
    deadline = time.monotonic() + timeout
    while get(edge + "/healthz")[0] != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"Varnish at {edge} still finds the site down after {timeout:.0f} s")
        time.sleep(0.5)


def server_workers(server: Server) -> int:
    return len(common.workers(server.process.pid))


def default_workers() -> int:
    """gunicorn.conf.py's own number of workers (Server needs one; this passes the config's through)."""
    found = subprocess.run(
        [PYTHON, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60, env=base_env(),
    ).stdout  # fmt: skip
    return int(found.strip())


# --- what is measured -------------------------------------------------------------------------------------


def article_paths(site: str) -> list[str]:
    """Every article's path, from the sitemap (and its sections, if it has become an index)."""
    sitemap = text_of(site + "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    if "<sitemapindex" in sitemap:
        locations = [
            loc
            for section in locations
            for loc in re.findall(r"<loc>([^<]+)</loc>", text_of(site + urllib.parse.urlsplit(section).path
                                                                  + query_of(section)))
        ]  # fmt: skip
    paths = [urllib.parse.urlsplit(location).path for location in locations]
    return [path for path in paths if re.fullmatch(r"/articles/[^/]+/", path)]


def query_of(url: str) -> str:
    query = urllib.parse.urlsplit(url).query
    return f"?{query}" if query else ""


def page_figures(server: Server, workers: int) -> dict:
    """Home, list and sitemap: body bytes as a browser gets them (br) and uncompressed, and build time."""
    figures = {}
    for name, path in (("home", "/"), ("list", "/articles/"), ("sitemap", "/sitemap.xml")):
        url = server.url + path
        for _ in range(2):  # the second request is the cached page, compressed once when stored
            status, headers, compressed, _ = get(url, READER)
        _, _, plain, _ = get(url, {"Accept-Encoding": "identity"})
        figures[f"{name} sent bytes"] = len(compressed)
        figures[f"{name} bytes"] = len(plain)
        figures[f"{name} encoding"] = headers.get("Content-Encoding", "none")
        # A worker's first build of a page also loads its templates: about one request per worker first.
        builds = [
            timed_on_server(server, uncached(url, f"build-{n}"), READER) for n in range(workers + BUILDS)
        ]
        builds = builds[workers:]
        figures[f"{name} build ms"] = common.percentile([ms for ms, _, _ in builds], 0.5)
        figures[f"{name} build cpu ms"] = common.percentile([cpu for _, cpu, _ in builds], 0.5)
        if name == "sitemap" and b"<sitemapindex" in decoded(headers, compressed):
            figures["sitemap is an index"] = True
    return figures


def cold_articles(server: Server, paths: list[str]) -> dict:
    """Distinct articles, each asked for once with a query string: rendered for the request, its content read
    for the first time in that worker."""
    sample = random.Random(16).sample(paths, min(COLD_ARTICLES, len(paths)))
    timings = [timed_on_server(server, uncached(server.url + path, "cold"), READER) for path in sample]
    return {
        "cold p50 ms": common.percentile([ms for ms, _, _ in timings], 0.5),
        "cold p95 ms": common.percentile([ms for ms, _, _ in timings], 0.95),
        "cold cpu ms": common.percentile([cpu for _, cpu, _ in timings], 0.5),
    }


def search_figures(site: str, engine: str) -> dict:
    """Every query once, then rounds of them until SEARCH_SAMPLES or SEARCH_SECONDS: p50 and p95."""
    timings = []
    started = time.monotonic()
    while not timings or (len(timings) < SEARCH_SAMPLES and time.monotonic() - started < SEARCH_SECONDS):
        for query in QUERIES:
            status, _, body, seconds = get(f"{site}/search/?{urllib.parse.urlencode({'q': query})}", READER)
            if status != 200:
                raise RuntimeError(f"search for {query!r} answered {status}")
            timings.append(seconds * 1000)
    return {
        f"search {engine} p50 ms": common.percentile(timings, 0.5),
        f"search {engine} p95 ms": common.percentile(timings, 0.95),
        f"search {engine} samples": len(timings),
    }


def admin_list(site: str, password: str, workers: int) -> dict:
    """/admin/articles/article/ as a signed-in superuser, through the admin's own sign-in form."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies)).open
    _, _, form, _ = get(site + "/admin/login/?next=/admin/", opener=opener)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1).decode()
    fields = {
        "csrfmiddlewaretoken": token,
        "username": ADMIN_USER,
        "password": password,
        "next": "/admin/",
    }
    request = urllib.request.Request(
        site + "/admin/login/?next=/admin/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": site},
    )
    with opener(request, timeout=60) as response:
        if "/login/" in response.url:
            raise RuntimeError("could not sign in to the admin")
    timings = []
    # The first list in each worker loads what the reading grades need (a pronouncing dictionary, ~1 s):
    # about one request per worker first, then the ones timed.
    for _ in range(workers + ADMIN_REQUESTS):
        status, _, body, seconds = get(site + "/admin/articles/article/", opener=opener)
        if status != 200 or b"result_list" not in body:
            raise RuntimeError(f"the admin's article list answered {status}")
        timings.append(seconds * 1000)
    return {
        "admin list ms": common.percentile(timings[workers:], 0.5),
        "admin first ms": timings[0],
    }


def pages_showing(site: str, paths: list[str]) -> dict[str, str]:
    """An article to edit and the pages that show it: its own, one that links to it under "Related pages",
    and the list page it is on (following the list's pages, if it has become paginated)."""
    linker = paths[len(paths) // 2]
    page = text_of(site + linker)
    related = re.search(r'aria-labelledby="related-heading">.*?href="(/articles/[^"/]+/)"', page, re.S)
    if related is None:
        raise RuntimeError(f"{linker} shows no related pages")
    edited = related.group(1)
    seen, queue = set(), ["/articles/"]
    while queue and len(seen) < 2000:
        list_page = queue.pop(0)
        seen.add(list_page)
        listing = text_of(site + list_page)
        if f'href="{edited}"' in listing:
            return {"article": edited, "related": linker, "list": list_page}
        # The topics' own lists and their later pages (articles/listing.py), or an older ?page= list.
        for more in re.findall(r'href="(/articles/(?:topic/[^"]+|\?[^"]+))"', listing):
            more = more.replace("&amp;", "&")
            if more not in seen and more not in queue:
                queue.append(more)
    raise RuntimeError(f"no list page shows {edited}")


def wait_until_idle(server: Server, seconds: float = LOAD_TIMEOUT) -> float:
    """Waits until the server's processes have used no CPU for a second (work after an edit has ended)."""
    deadline = time.monotonic() + seconds
    before = common.server_cpu_seconds(server.process.pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = common.server_cpu_seconds(server.process.pid)
        if now - before < 0.02:
            return now
        before = now
    return before


def purged_pages(folder: Path) -> int:
    """How many pages Varnish's last purge dropped: its answer, "Purged <n>", read from its log."""
    found = subprocess.run(
        ["varnishlog", "-n", str(folder / "varnish"), "-d", "-q", 'ReqMethod eq "PURGE"', "-i", "RespReason"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    return int(re.findall(r"Purged (\d+)", found)[-1])


def edit_figures(server: Server, edge: str, env: dict, paths: list[str], folder: Path) -> dict:
    """A reviewer's publish (bench/growth_site.py edit) and what follows: the keys it purges and how many of
    the pages Varnish held it dropped (every article page, home, /articles/ and the sitemap were asked for
    first), the CPU of the saving process after the publish plus that of the site's workers until they are
    idle again, and how long until the edit shows on the article, on a page linking to it and on its list
    page, asked for directly and through Varnish (as readers would, once every 20 ms)."""
    pages = pages_showing(server.url, paths)
    ask_every(edge, [*paths, "/", "/articles/", "/sitemap.xml"])
    marker = f"edited{secrets.token_hex(4)}"
    watched = {(way, name): base + path for way, base in (("direct", server.url), ("varnish", edge))
               for name, path in pages.items()}  # fmt: skip
    for url in watched.values():  # cached before the edit, in Django's page cache and in Varnish
        for _ in range(2):
            text_of(url, READER)
    seen: dict[tuple, float] = {}
    stop = threading.Event()

    def watch():
        while not stop.is_set() and len(seen) < len(watched):
            for key, url in watched.items():
                if key not in seen and marker in text_of(url, READER):
                    seen[key] = time.time()
            stop.wait(0.02)

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_before = usage.ru_utime + usage.ru_stime
    saver = subprocess.Popen(
        [PYTHON, "bench/growth_site.py", "edit", pages["article"].strip("/").split("/")[-1], marker],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=(folder / "edit.log").open("w"), text=True,
    )  # fmt: skip
    try:
        for line in saver.stdout:  # until the saver is set up and about to save
            if line.strip() == "saving":
                break
        else:
            raise RuntimeError(f"the edit did not start, see {folder / 'edit.log'}")
        server_before = common.server_cpu_seconds(server.process.pid)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        output = saver.communicate(timeout=LOAD_TIMEOUT)[0]
        exited_at = time.time()
    finally:
        if saver.poll() is None:
            saver.kill()
            saver.wait()
    if saver.returncode:
        raise RuntimeError(f"the edit failed, see {folder / 'edit.log'}")
    saved = json.loads(output.strip().splitlines()[-1])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    saver_cpu = usage.ru_utime + usage.ru_stime - children_before - saved["cpu before save s"]
    server_cpu = wait_until_idle(server) - server_before
    watcher.join(timeout=LOAD_TIMEOUT)
    stop.set()
    if len(seen) < len(watched):
        raise RuntimeError(f"the edit never showed on {sorted(set(watched) - set(seen))}")
    shown = {key: (at - saved["saved at"]) * 1000 for key, at in seen.items()}
    return {
        "edit keys": saved["purged keys"],
        "edit purged pages": purged_pages(folder),
        "edit cpu s": saver_cpu + server_cpu,
        "edit saver cpu s": saver_cpu,
        "edit work s": exited_at - saved["saved at"],
        "edit visible direct ms": max(ms for (way, _), ms in shown.items() if way == "direct"),
        "edit visible varnish ms": max(ms for (way, _), ms in shown.items() if way == "varnish"),
        "edit pages": pages,
    }


def ask_every(site: str, paths: list[str]) -> None:
    """Every path asked for once, four at a time, on kept-alive connections."""
    address = urllib.parse.urlsplit(site)
    local = threading.local()

    def ask(path: str) -> None:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        local.connection.request("GET", path, headers=READER)
        response = local.connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")

    with ThreadPoolExecutor(max_workers=4) as clients:
        list(clients.map(ask, paths, timeout=LOAD_TIMEOUT))


def worker_memory(env: dict, paths: list[str]) -> dict:
    """One worker (the site's gunicorn.conf.py otherwise) asked for every article page once, four at a time:
    its resident memory before and after."""
    with site_server(env, free_port(), workers=1) as server:
        worker = common.workers(server.process.pid)[0]
        before = resident_mb(worker)
        started = time.perf_counter()
        ask_every(server.url, paths)
        return {
            "rss start mb": before,
            "rss mb": resident_mb(worker),
            "every article s": time.perf_counter() - started,
        }


def resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def edge_figures(edge: str, article: str) -> dict:
    """A cached article through Varnish against nginx serving the same bytes as a static file (make bench's
    edge rows, shorter): requests/s of each."""
    status, headers, body, _ = get(edge + article, READER)
    status, headers, body, _ = get(edge + article, READER)
    if headers.get("X-Cache") != "HIT" or "Content-Encoding" not in headers:
        raise RuntimeError(f"Varnish did not answer {article} from its cache, compressed: {headers}")
    command = common.wrk_command(WRK_DURATION)
    runs: dict[str, list[dict]] = {"nginx": [], "varnish": []}
    with common.nginx_serving(body, headers.items()) as static:
        for _ in range(EDGE_ROUNDS):
            runs["nginx"].append(common.wrk(command, static))
            runs["varnish"].append(common.wrk(command, edge + article))
    nginx, through_varnish = (max(runs[name], key=lambda run: run["rps"]) for name in ("nginx", "varnish"))
    return {
        "varnish rps": through_varnish["rps"],
        "nginx rps": nginx["rps"],
        "varnish x nginx": through_varnish["rps"] / nginx["rps"],
        "edge encoding": headers["Content-Encoding"],
        "varnish p99 ms": through_varnish["p99"],
        "nginx p99 ms": nginx["p99"],
    }


# --- one size, on SQLite and then PostgreSQL ----------------------------------------------------------------


def measure_sqlite(articles: int, folder: Path, password: str) -> dict:
    port = free_port()
    with varnish(backend_port=port, folder=folder) as edge:
        env = base_env(
            DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
            EDGE_PURGE=f"varnish:{edge}",
            GROWTH_ADMIN_PASSWORD=password,
        )
        figures = build_site(env, articles, folder)
        with site_server(env, port) as server:
            wait_for_edge(edge)
            paths = article_paths(server.url)
            figures["sitemap articles"] = len(paths)
            log("home, list and sitemap")
            figures.update(page_figures(server, server_workers(server)))
            log("cold articles")
            figures.update(cold_articles(server, paths))
            log("search (SQLite)")
            figures.update(search_figures(server.url, "sqlite"))
            log("admin article list")
            figures.update(admin_list(server.url, password, server_workers(server)))
            log("an edit")
            figures.update(edit_figures(server, edge, env, paths, folder))
            log(f"Varnish and nginx, {WRK_DURATION} each")
            figures.update(edge_figures(edge, figures["edit pages"]["related"]))
        log("a worker after every article page")
        figures.update(worker_memory(env, paths))
    return figures


def postgres_available() -> bool:
    with contextlib.suppress(Exception):
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            return True
    return False


@contextlib.contextmanager
def throwaway_postgres():
    import psycopg

    def run(statement: str) -> None:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=10) as connection:
            connection.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')
    run(f'CREATE DATABASE "{POSTGRES_DATABASE}"')
    try:
        yield f"{POSTGRES}/{POSTGRES_DATABASE}"
    finally:
        run(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')


def measure_postgres(articles: int, folder: Path, password: str) -> dict:
    port = free_port()
    with throwaway_postgres() as database_url:
        env = base_env(
            DATABASE_URL=database_url,
            GROWTH_ADMIN_PASSWORD=password,
        )
        built = build_site(env, articles, folder)
        with site_server(env, port, workers=2) as server:
            log("search (PostgreSQL)")
            figures = search_figures(server.url, "postgres")
    figures["postgres generate s"] = built["generate s"]
    return figures


# --- the table ----------------------------------------------------------------------------------------------

ROWS = [
    # (what, figure, unit)
    ("An edit: pages its purge dropped from Varnish (every article page, home, list, sitemap held)",
     "edit purged pages", "pages"),
    ("An edit: CPU, the publishing process after Publish and the site's processes until idle", "edit cpu s",
     "s"),
    ("An edit: of which the publishing process", "edit saver cpu s", "s"),
    ("An edit: until the publishing process has finished its work (purge sent)", "edit work s", "s"),
    ("An edit: until it shows on its page, a related page and its list page (gunicorn)",
     "edit visible direct ms", "ms"),
    ("An edit: the same, through Varnish", "edit visible varnish ms", "ms"),
    ("Search, SQLite: p50", "search sqlite p50 ms", "ms"),
    ("Search, SQLite: p95", "search sqlite p95 ms", "ms"),
    ("Search, PostgreSQL: p50", "search postgres p50 ms", "ms"),
    ("Search, PostgreSQL: p95", "search postgres p95 ms", "ms"),
    ("Article rendered cold (uncached, content read): p50", "cold p50 ms", "ms"),
    ("Article rendered cold: p95", "cold p95 ms", "ms"),
    ("Article rendered cold: server CPU, median", "cold cpu ms", "ms"),
    ("Home page: bytes sent (compressed)", "home sent bytes", "B"),
    ("Home page: bytes uncompressed", "home bytes", "B"),
    ("Home page: build (uncached request)", "home build ms", "ms"),
    ("Home page: build, server CPU", "home build cpu ms", "ms"),
    ("List page: bytes sent (compressed)", "list sent bytes", "B"),
    ("List page: bytes uncompressed", "list bytes", "B"),
    ("List page: build (uncached request)", "list build ms", "ms"),
    ("List page: build, server CPU", "list build cpu ms", "ms"),
    ("Sitemap: bytes sent (compressed)", "sitemap sent bytes", "B"),
    ("Sitemap: bytes uncompressed", "sitemap bytes", "B"),
    ("Sitemap: build (uncached request)", "sitemap build ms", "ms"),
    ("Sitemap: build, server CPU", "sitemap build cpu ms", "ms"),
    ("Admin article list, signed in (each worker's first left out)", "admin list ms", "ms"),
    ("Worker memory (RSS) after every article page once", "rss mb", "MB"),
    ("Cached article through Varnish", "varnish rps", "req/s"),
    ("The same bytes from nginx (static file)", "nginx rps", "req/s"),
    ("Varnish × nginx", "varnish x nginx", "×"),
]  # fmt: skip


def number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: dict[int, dict]) -> str:
    sizes = list(results)
    base = sizes[0]
    header = "| what | unit | " + " | ".join(
        f"{size:,}" if size == base else f"{size:,} | × {base:,}" for size in sizes
    ) + " |"  # fmt: skip
    lines = [header, "| --- | --- |" + " ---: |" * (2 * len(sizes) - 1)]
    for what, figure, unit in ROWS:
        cells = []
        for size in sizes:
            value = results[size].get(figure)
            cells.append(number(value))
            if size != base:
                first = results[base].get(figure)
                cells.append(f"{value / first:.2f}" if value is not None and first else "–")
        lines.append(f"| {what} | {unit} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def notes(results: dict[int, dict]) -> str:
    lines = []
    for size, figures in results.items():
        pages = figures["edit pages"]
        index = f", search index built in {figures['index s']:.1f} s" if "index s" in figures else ""
        index_note = (
            " The sitemap is an index (its sizes are the index's)."
            if "sitemap is an index" in figures
            else ""
        )
        lines.append(
            f"- {size:,} articles: {figures['sitemap articles']:,} article pages in the sitemap, made in "
            f"{figures['generate s']:.1f} s (PostgreSQL {figures.get('postgres generate s', 0):.1f} s)"
            f"{index}. "
            f"Edited {pages['article']} (linked from {pages['related']}, listed on {pages['list']}); "
            f"the purge named {', '.join(figures['edit keys'])}. Admin list, a worker's first: "
            f"{figures['admin first ms']:.0f} ms. One worker served every article page in "
            f"{figures['every article s']:.0f} s (RSS {figures['rss start mb']:.0f} MB at start). Searches: "
            f"{figures['search sqlite samples']} on SQLite, {figures.get('search postgres samples', 0)} on "
            f"PostgreSQL. Pages sent {figures['home encoding']} directly, {figures['edge encoding']} by "
            f"Varnish.{index_note}"
        )
    return "\n".join(lines)


def report(results: dict[int, dict], seconds: float) -> str:
    queries = ", ".join(f'"{query}"' for query in QUERIES)
    return f"""{HEADING}, {datetime.date.today():%d %B %Y}

Machine: {common.machine()}; the run took {seconds / 60:.1f} minutes (load average at the end
{os.getloadavg()[0]:.1f}: other work on the machine slows the times). Each size is a throwaway
site (bench/growth.py): content/ loaded, then cloned up to that many published articles (sections of real
articles shuffled, 2-4 related pages each), served by gunicorn.conf.py (threaded, SQLite, Django's page
cache in the database) behind Varnish. Requests one at a time over loopback unless said; × is the ratio to the
{next(iter(results)):,}-article figure. Figures of growth, not pass/fail timings.

{table(results)}

- An edit: one article's new title, written and submitted by one reviewer, then published by another
  through editorial/services/ in a process of its own, as in an editor's worker (history, Django's page cache
  emptied at the commit, the purge sent to Varnish). Pages dropped: Varnish's answer to the purge, after
  every article page, the home page, /articles/ and the sitemap were asked for through it. CPU: the
  publishing process from just before Publish to its exit, plus the site's gunicorn workers until idle
  (rendering again the pages the watching readers ask for). Shown: from Publish until the new title is on
  all three pages, each asked for every 20 ms.
- Search: {queries}; every query once, then rounds of them up to {SEARCH_SAMPLES} searches or
  {SEARCH_SECONDS:.0f} s. PostgreSQL: a
  throwaway database on the local server, its own gunicorn.
- Cold article: {COLD_ARTICLES} different articles, each once with a query string (never cached).
- Build: the page with a query string (never cached), median of {BUILDS} after one per worker. Bytes: the body
  only; the list page is /articles/ as served (its first page, should it be paginated).
- Worker memory: one worker (WEB_CONCURRENCY=1, the site's gunicorn.conf.py otherwise) asked for every
  article page once, four at a time.
- Varnish against nginx: `{" ".join(common.wrk_command(WRK_DURATION))}`, best of {EDGE_ROUNDS} runs each.

{notes(results)}
"""


def stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # so every server started is stopped on the way out


def main() -> None:
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started = time.monotonic()
    use_postgres = postgres_available()
    if not use_postgres:
        log(f"no PostgreSQL at {POSTGRES}: search on PostgreSQL is left out")
    results: dict[int, dict] = {}
    top = Path(tempfile.mkdtemp(prefix="backspasm-growth-"))
    try:
        for articles in SIZES:
            folder = top / str(articles)
            folder.mkdir()
            password = secrets.token_urlsafe(18)
            log(f"--- {articles:,} articles, SQLite ({folder})")
            results[articles] = measure_sqlite(articles, folder, password)
            if use_postgres:
                log(f"--- {articles:,} articles, PostgreSQL")
                results[articles].update(measure_postgres(articles, folder, password))
    finally:
        if os.environ.get("GROWTH_KEEP"):
            log(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)
    text = report(results, time.monotonic() - started)
    common.write_section(RESULTS, HEADING, text)
    print(text)


if __name__ == "__main__":
    main()
