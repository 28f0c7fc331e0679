"""The site keeps answering while editors save and while gunicorn reloads or loses a worker.

Load is bounded (a fixed number of reader threads, a time limit, loopback only) and stops by itself.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .servers import ROOT, base_env, gunicorn, prepared_database, scratch_database_url

pytestmark = pytest.mark.server

PAGES = ["/", "/articles/", "/articles/symptoms/", "/articles/causes/", "/symptom-checker/"]


class Readers:
    """A few threads GETting pages over keep-alive connections until stopped; every answer is counted."""

    def __init__(self, port: int, threads: int = 3, limit_seconds: float = 60):
        self.port, self.limit = port, limit_seconds
        self.ok = 0
        self.failures: list[str] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def run(self, offset: int):
        deadline = time.monotonic() + self.limit
        conn, n = None, offset
        while not self.stopping.is_set() and time.monotonic() < deadline:
            path = PAGES[n % len(PAGES)]
            n += 1
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200 or b"</html>" not in body:
                    self.record_failure(f"{path}: {response.status}")
                else:
                    with self.lock:
                        self.ok += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
                time.sleep(0.01)  # a steady stream, not a flood that starves the rest of the suite of CPU
            except (OSError, http.client.HTTPException) as error:
                self.record_failure(f"{path}: {type(error).__name__} {error}")
                conn = None

    def record_failure(self, what: str):
        with self.lock:
            self.failures.append(what)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)


# An editor saving articles through the ORM as admin does: each save is its own transaction.
WRITER = """
import json, sys, django
django.setup()
from django.db import OperationalError, transaction
from backspasm_site.articles.models import Article
saves, locked, errors = 0, 0, []
slugs = ["symptoms", "causes", "prevention", "recovery-time"]
for i in range(int(sys.argv[1])):
    try:
        with transaction.atomic():
            article = Article.objects.select_for_update().get(slug=slugs[i % len(slugs)])
            article.summary = f"Edited by writer {sys.argv[2]}, save {i}."
            article.save()
        saves += 1
    except OperationalError as error:
        locked += "locked" in str(error)
        errors.append(str(error))
print(json.dumps({"saves": saves, "locked": locked, "errors": errors}))
"""


def test_concurrent_editors_and_readers_see_no_lock_errors_and_no_failed_request(tmp_path):
    url = prepared_database(tmp_path, scratch_database_url(tmp_path, "concurrency"))
    writers, saves_each = 3, 15
    with gunicorn(database_url=url, workers=2) as server, Readers(server.port) as readers:
        env = base_env(DATABASE_URL=url)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(saves_each), str(n)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for n in range(writers)
        ]
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err[-2000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        log = server.output()
    saves = sum(r["saves"] for r in results)
    print(f"\n{writers} writers: {saves} saves, {sum(r['locked'] for r in results)} 'database is locked'; "
          f"readers: {readers.ok} pages served, {len(readers.failures)} failed")  # fmt: skip
    assert [r["errors"] for r in results] == [[]] * writers
    assert saves == writers * saves_each
    assert readers.ok > 0 and readers.failures == []
    assert "database is locked" not in log and "Traceback" not in log


def worker_pids(master_pid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            pids.append(int(stat.parent.name))
    return pids


def wait_for_workers(master_pid: int, count: int, not_in=(), timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = [p for p in worker_pids(master_pid) if p not in not_in]
        if len(pids) >= count:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not bring back {count} workers")


def test_three_reloads_and_a_killed_worker_lose_no_request(tmp_path):
    url = prepared_database(tmp_path)
    with gunicorn(database_url=url, workers=2) as server:
        master = server.process.pid
        with Readers(server.port) as readers:
            time.sleep(1)
            for _ in range(3):
                before = wait_for_workers(master, 2)
                server.signal(signal.SIGHUP)  # new workers start, old ones finish what they hold, then go
                wait_for_workers(master, 2, not_in=before)
                time.sleep(1)
            # A worker told to stop (as an orchestrator or the OOM guard's first signal would) finishes its
            # request; the master replaces it.
            victim = wait_for_workers(master, 2)[0]
            os.kill(victim, signal.SIGTERM)
            wait_for_workers(master, 2, not_in=[victim])
            time.sleep(1)
            served, failures = readers.ok, list(readers.failures)
            # A worker that crashes outright (SIGKILL) loses the requests it held: one per thread busy at that
            # moment (gunicorn.conf.py: threads), so at most one per reader here; the master starts a
            # replacement and the site goes on.
            crashed = wait_for_workers(master, 2)[0]
            os.kill(crashed, signal.SIGKILL)
            wait_for_workers(master, 2, not_in=[crashed])
            time.sleep(1)
        lost_in_crash = len(readers.failures) - len(failures)
        print(f"\n3 x HUP + 1 worker stopped: {served} pages served, {len(failures)} failed; "
              f"then 1 worker SIGKILLed: {lost_in_crash} lost, {readers.ok} served in all")  # fmt: skip
        assert served > 0 and failures == []
        assert lost_in_crash <= len(readers.threads) and readers.ok > served
        assert "Traceback" not in server.output()
