"""What `make bench` (bench/run.py) and `make bench-growth` (bench/growth.py) share: wrk, nginx serving a
static copy of a page, the server's CPU from /proc, the machine's description, and results.md's sections.
Imports nothing of Django: growth.py runs each site in processes of its own, with settings of their own.
"""

import contextlib
import math
import os
import platform
import re
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def wrk_command(duration: str) -> list[str]:
    return ["wrk", "-t2", "-c32", f"-d{duration}", "--timeout", "10s", "--latency",
            "-H", "Accept-Encoding: br, gzip"]  # fmt: skip


def wrk(command: list[str], url: str, script: str | None = None, args: tuple = ()) -> dict:
    command = [*command, *(["-s", script] if script else []), url, *(["--", *args] if args else [])]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw error responses for {url}:\n{output}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {
        "rps": rps,
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
        "errors": sum(map(int, errors.groups())) if errors else 0,
    }


def latency(output: str, percentile: str) -> float:
    """Milliseconds."""
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(fraction * len(ordered)))) - 1]


def server_cpu_seconds(pid: int) -> float:
    """CPU used so far by a gunicorn master and its workers, the recycled ones included (cutime/cstime)."""

    def stat(p: int) -> list[str]:
        return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()

    fields = stat(pid)
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for child in children(pid):
        with contextlib.suppress(OSError):
            ticks += sum(int(stat(child)[i]) for i in (11, 12))
    return ticks / TICK


def server_cpu_ns(pid: int) -> int:
    """CPU time used so far by a gunicorn master and its live workers, every thread, in nanoseconds.

    /proc/<pid>/stat counts in clock ticks (10 ms), far coarser than one cached request (0.1 ms);
    schedstat's run time is exact for a task that is not running, as they all are between requests."""
    total = 0
    for process in [pid, *children(pid)]:
        for task in Path(f"/proc/{process}/task").glob("*"):
            with contextlib.suppress(OSError):
                total += int((task / "schedstat").read_text().split()[0])
    return total


def children(pid: int) -> list[int]:
    """A gunicorn master's children: its workers."""
    return list(map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))


def workers(pid: int) -> list[int]:
    """A gunicorn master's workers."""
    return children(pid)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def machine() -> str:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


NGINX_CONF = """daemon off;
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location = /page {{
            default_type "text/html; charset=utf-8";
{headers}
            alias {folder}/page.br;
        }}
    }}
}}
"""


# Headers nginx writes itself for a static file, or that belong to one connection.
NGINX_OWN_HEADERS = {"date", "server", "content-type", "content-length", "last-modified", "etag",
                     "accept-ranges", "connection", "keep-alive", "transfer-encoding", "age"}  # fmt: skip


def nginx_headers(headers) -> str:
    """add_header lines that make nginx send the other headers of the response it stands in for (Varnish's
    security headers, Cache-Control, Vary, Content-Encoding ...): the same bytes on the wire, not just the
    same body, or the baseline would be about a quarter smaller than what it is set against."""
    lines = []
    for name, value in headers:
        if name.lower() not in NGINX_OWN_HEADERS:
            if '"' in value or not re.fullmatch(r"[A-Za-z0-9-]+", name):
                raise ValueError(f"cannot hand nginx the header {name}: {value}")
            lines.append(f'            add_header {name} "{value}" always;')
    return "\n".join(lines)


@contextlib.contextmanager
def nginx_serving(body: bytes, headers=(("Content-Encoding", "br"),)):
    """Debian's nginx serving `body` (a cached page, Brotli-encoded) as a static file on loopback, with
    `headers` (name, value pairs: the response it stands in for) besides the ones nginx writes itself."""
    from tests.servers import free_port

    folder = Path(tempfile.mkdtemp(prefix="backspasm-bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers read as an unprivileged user
    (folder / "page.br").write_bytes(body)
    (folder / "page.br").chmod(0o644)
    port = free_port()
    conf = NGINX_CONF.format(folder=folder, port=port, headers=nginx_headers(headers))
    (folder / "nginx.conf").write_text(conf)
    process = subprocess.Popen(["/usr/sbin/nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)])
    url = f"http://127.0.0.1:{port}/page"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url, timeout=1).close()
                break
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def write_section(results: Path, heading: str, text: str) -> None:
    """Put `text` (which starts with a level-one heading beginning with `heading`) into results.md in place of
    the section whose heading begins so, or at the end: each bench keeps the other's tables."""
    old = results.read_text() if results.exists() else ""
    sections = re.split(r"(?m)^(?=# )", old)
    kept = [section for section in sections if section.strip() and not section.startswith(heading)]
    at = next((i for i, section in enumerate(sections) if section.startswith(heading)), None)
    new = text.rstrip("\n") + "\n"
    if at is None:
        kept.append(new)
    else:
        kept.insert(len([s for s in sections[:at] if s.strip() and not s.startswith(heading)]), new)
    results.write_text("\n".join(section.rstrip("\n") + "\n" for section in kept))
