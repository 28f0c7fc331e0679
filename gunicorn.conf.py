"""gunicorn settings (gunicorn reads this file by itself from the working directory).

Every page is a short, CPU-bound render or a cache hit, with no slow upstream calls to wait on, so
(2 x cores) + 1 worker processes keep both cores busy while one waits on I/O. Each worker runs a few threads
(gthread) so that a slow or idle client holds one thread, never a whole worker: with sync workers, 2 x workers
connections that sent nothing, or sent their headers or a POST body a byte a second, kept every reader out
for up to the 30 s timeout (tests/test_slow_clients.py). Production still puts a buffering proxy in front
(deploy/varnish, or nginx), which reads each request whole before gunicorn sees it: threads only limit the
damage when something reaches gunicorn directly.
Every value can be overridden from the environment for a bigger or smaller machine.
"""

import gc
import multiprocessing
import os

bind = (
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# gunicorn's gthread worker, handing a slow or idle client one thread at most (see the module).
worker_class = "backspasm_site.core.gunicorn_worker.ThreadWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads per worker: how many slow connections one worker can hold and still answer readers. A thread that
# never runs a request costs little; one that has run Django keeps its database connection (conn_max_age).
# 4, not 8: the article's p99 under `make bench` read 44-47 ms with 4 and 54-62 ms with 8, side by side
# (README "Speed"); likely because fewer threads in a worker wait less on each other for its one interpreter
# lock (not measured: counted with ss, 4 threads do not spread the connections more evenly than 8).
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that takes longer than this is stuck: kill the worker and start a fresh one.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5

# Recycle workers now and then so a slow leak cannot grow; jitter stops them all restarting at once.
# Not too often: a new worker starts with empty per-process caches (compiled templates, the URL conf),
# and at a few thousand requests a second, 2,000 requests would restart every worker every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000

# The static files are all small (a few KB): one read and one write costs less than setting up sendfile()
# (measured with `make bench`: stylesheet 0.67x bare with sendfile, 0.73x without).
sendfile = False

# Load Django once in the master: workers fork with it ready and share its memory pages.
preload_app = True

# Limits on request size: an oversized request line or header gets a 4xx from gunicorn itself.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190


# /metrics adds up every worker (prometheus_client multiprocess mode: insight/metrics.py): each worker writes
# its counts to files in one folder per address served, which must exist before the app loads (preload_app,
# below): made here, emptied of earlier runs' files when the server starts, removed when it stops.
# `gunicorn --check-config` and tools that read these settings reuse the same folder and delete nothing.
_made_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")  # else the operator's: never removed
if _made_metrics_dir:
    _shared = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"  # noqa: S108  # nosec B108
    _name = "backspasm-metrics-" + "".join(c if c.isalnum() else "-" for c in f"{os.getuid()}-{bind}")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(_shared, _name)
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], mode=0o700, exist_ok=True)


def on_starting(server):
    """Counts left by an earlier run on this address are not this run's (the master's own files stay)."""
    mine = f"_{os.getpid()}.db"
    for stale in os.scandir(os.environ["PROMETHEUS_MULTIPROC_DIR"]):
        if stale.name.endswith(".db") and not stale.name.endswith(mine):
            os.unlink(stale.path)


# Shared memory, not disk, for worker heartbeats (disk in containers can stall them).
# bandit B108 (temp dir) reviewed: gunicorn docs recommend /dev/shm for this; it holds no data.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  # nosec B108

# Several instances can run side by side on one machine; none needs the control socket.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Method, path and status only: no client address, no query string (search terms), never a POST body.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# What the proxy in front (Varnish: deploy/varnish/backspasm.vcl, which drops a client's own) may tell
# gunicorn: only whether the reader's connection was HTTPS. Never a path prefix: gunicorn's default
# forwarder_headers believed a SCRIPT_NAME header, with which anyone could have an article's address
# stored as the home page (issue 31). X-Forwarded-For is read by the site itself (core/security.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
forwarder_headers = ""
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}


def pre_fork(server, worker):
    """Just before each worker is forked from the master (which has the app loaded: preload_app).

    gc.freeze() moves every object that exists now (Django, the settings, the URL conf, the templates) out of
    the cyclic garbage collector's reach. Without it, each worker's occasional full collection walks all of
    them: about 30 ms, a worker stalled mid-request, seen as the cached pages' p99 in `make bench`. Frozen
    objects are also never written to by a collection, so they stay in memory pages shared with the master.
    """
    gc.freeze()


def on_exit(server):
    if _made_metrics_dir:
        import shutil

        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)  # this address's counts


def child_exit(server, worker):
    """A worker that stopped: its live gauges are dropped from /metrics (its counters stay summed)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
