"""gunicorn's threaded worker, made to hand a slow or idle client one thread at most, never the worker
(gunicorn.conf.py names it as worker_class; tests/test_slow_clients.py measures it).

gunicorn's own gthread worker already waits for a request in its main loop (a poller) rather than in a
thread, but two things let a few slow clients keep readers out:

- A new connection first waits in a thread, up to 5 s (gthread.DEFAULT_WORKER_DATA_TIMEOUT), for its first
  bytes. A browser sends its request with the connection, so here the thread waits IDLE_WAIT_SECONDS at most
  and an idle socket then goes back to the poller, holding no thread, until it speaks or keepalive closes it.
- A worker keeps accepting connections while every thread is busy, so a reader's connection can queue behind
  slow ones in one worker while another worker has threads free. This one stops accepting while all its
  threads are busy, and the connection waits in the listen queue for a worker that can serve it.

A client that sends its headers or its body a byte a second still holds one thread while it does (gunicorn
has no deadline for a whole request head); the buffering proxy in front (deploy/varnish, or nginx) is what
stops those, since it reads each request whole before passing it on.
"""

from gunicorn.workers import gthread

IDLE_WAIT_SECONDS = 0.5


class ThreadWorker(gthread.ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy_threads = 0  # connections given to the thread pool and not finished; main thread only

    def init_process(self):
        # Read by gthread at each use; the worker is its own process, so this changes no one else.
        gthread.DEFAULT_WORKER_DATA_TIMEOUT = IDLE_WAIT_SECONDS
        super().init_process()

    def enqueue_req(self, conn):
        self.busy_threads += 1
        if self.busy_threads >= self.cfg.threads:
            self.set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.busy_threads -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled):
        # The main loop turns accepting back on whenever it has connections to spare; not while the
        # threads are all busy.
        super().set_accept_enabled(enabled and self.busy_threads < self.cfg.threads)
