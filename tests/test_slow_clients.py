"""Slow and idle clients (issue 19): connections that send nothing, send their headers a byte a second, or
trickle a POST body (with a real CSRF cookie, or to /feedback/) must not keep readers out.

Before, 2 x workers such connections held every sync worker until its 30 s timeout, and a reader waited
15-30 s. Now gunicorn's threads (gunicorn.conf.py) give each slow connection one thread, not a worker, and
in production the buffering proxy in front (deploy/varnish) takes them before gunicorn sees anything.
Loopback only, bounded: the slow connections live for at most about 20 s, and a reader's bound (1 s straight
to gunicorn, 0.5 s through Varnish) is many times what a page takes and far below the stall they caused.
"""

import contextlib
import re
import socket
import threading
import time
import urllib.request

import pytest

from .servers import gunicorn, prepared_database, varnish

pytestmark = pytest.mark.server

WORKERS = 2
THREADS = 4  # gunicorn.conf.py's default: through Varnish, more slow bodies than all the threads together
ARTICLE = "/articles/symptoms/"
READER_BOUND = 1.0  # seconds, straight to gunicorn
EDGE_READER_BOUND = 0.5  # seconds, through Varnish


def csrf_pair(base_url: str) -> tuple[str, str]:
    """A real CSRF cookie and the form's token, as a browser holds them after opening the checker."""
    with urllib.request.urlopen(base_url + "/symptom-checker/", timeout=10) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    return cookie, token


class SlowClients:
    """`count` of each: idle sockets, headers a byte a second, and POST bodies a byte a second (half to the
    checker with a real CSRF cookie, half to the feedback endpoint). Closed on leaving."""

    def __init__(self, port: int, count: int, csrf: tuple[str, str]):
        self.port, self.count, (self.cookie, self.token) = port, count, csrf
        self.sockets: list[socket.socket] = []
        self.trickling: list[tuple[socket.socket, bytes]] = []
        self.stop = threading.Event()

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.sockets.append(sock)
        return sock

    def __enter__(self):
        host = f"127.0.0.1:{self.port}"
        for _ in range(self.count):
            self.connect()  # idle: sends nothing at all
        for _ in range(self.count):
            sock = self.connect()
            sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode())
            self.trickling.append((sock, b"X-Slow: " + b"a" * 4000))
        for number in range(self.count):
            if number % 2 == 0:
                path = "/symptom-checker/"
                body = f"csrfmiddlewaretoken={self.token}&step=1&" + "a=b&" * 500
                extra = f"Cookie: csrftoken={self.cookie}\r\nOrigin: http://{host}\r\n"
            else:
                path, body, extra = "/feedback/", "article=1&helpful=yes&" + "a=b&" * 500, ""
            sock = self.connect()
            sock.sendall(
                (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 f"Content-Length: {len(body)}\r\n{extra}\r\n").encode()
            )  # fmt: skip
            self.trickling.append((sock, body.encode()))
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()
        time.sleep(1.5)  # every connection accepted and holding whatever it can hold
        return self

    def trickle(self):
        sent = 0
        while not self.stop.wait(1) and sent < 20:  # bounded: at most about 20 s
            for sock, data in self.trickling:
                with contextlib.suppress(OSError):
                    sock.send(data[sent : sent + 1])
            sent += 1

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            status = response.status
    except OSError as error:
        status = getattr(error, "code", 0)
    return status, time.monotonic() - started


def test_readers_are_answered_while_slow_and_idle_clients_hold_connections(tmp_path):
    with gunicorn(database_url=prepared_database(tmp_path), workers=WORKERS) as server:
        for path in ["/", ARTICLE]:  # cached, as readers find them
            assert timed_get(server.url + path)[0] == 200
        # Slow headers and bodies holding half of all the threads, and as many idle sockets.
        with SlowClients(server.port, WORKERS * THREADS // 4, csrf_pair(server.url)):
            # Several rounds: each new connection may land on any worker.
            timings = [(path, *timed_get(server.url + path)) for _ in range(4) for path in ["/", ARTICLE]]
        assert all(status == 200 for _, status, _ in timings), timings
        assert max(seconds for *_, seconds in timings) < READER_BOUND, timings
        # The slow clients cost no worker its life, and nothing was logged as a crash.
        assert "WORKER TIMEOUT" not in server.output() and "Traceback" not in server.output()


@pytest.mark.edge
def test_through_varnish_slow_clients_never_reach_the_site(tmp_path):
    with (
        gunicorn(database_url=prepared_database(tmp_path), workers=WORKERS) as server,
        varnish(backend_port=server.port, folder=tmp_path) as edge,
    ):
        port = int(edge.rsplit(":", 1)[1])
        for path in ["/", ARTICLE]:
            assert timed_get(edge + path)[0] == 200
        with SlowClients(port, 2 * WORKERS * THREADS, csrf_pair(edge)):
            # Pages from the edge's store, and the checker, which always goes to the site (a pass).
            paths = ["/", ARTICLE, "/symptom-checker/"]
            timings = [(path, *timed_get(edge + path)) for _ in range(4) for path in paths]
        assert all(status == 200 for _, status, _ in timings), timings
        assert max(seconds for *_, seconds in timings) < EDGE_READER_BOUND, timings
