"""The checks that stand in for a CSRF token on the article pages' feedback form.

Article pages are cached whole for everyone (issue 6), so their form can carry nothing per visitor, not
even a CSRF token. Instead the endpoint refuses posts that a browser marks as coming from another site
(Origin, or Referer when there is no Origin), and limits how often one address can post. The limit is
counted under a keyed hash of the address, kept only in the cache and only for RATE_WINDOW_SECONDS.

The cache is Redis in production. Without Redis (`make run`: local memory, which each gunicorn worker has to
itself) the count is kept where every process on the machine sees it: a small SQLite file
(FEEDBACK_COUNTS_FILE, MachineCounts), so the limit means RATE_LIMIT per address, not per worker. While Redis
is down, or that file cannot be written (a full or read-only disk), each process counts in its own memory
instead, after one warning line: the limit is then per worker, but a post is never refused with a 500.
"""

import functools
import ipaddress
import logging
import os
import sqlite3
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.crypto import salted_hmac

from backspasm_site.core.private import private_file
from backspasm_site.core.security import client_ip

logger = logging.getLogger(__name__)

RATE_LIMIT = 10  # posts per address per window: plenty for a reader, little for a script
RATE_WINDOW_SECONDS = 10 * 60
CACHE_PREFIX = "feedback-rate:"


def is_same_site(request) -> bool:
    """False when the browser says the form was posted from another site."""
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in allowed  # "null" (sandboxed or privacy-stripped) is refused too
    referer = request.headers.get("Referer")
    if referer:
        try:
            parts = urlsplit(referer)
        except ValueError:  # "http://[::1": no browser sends it; refused, not a 500
            return False
        return f"{parts.scheme}://{parts.netloc}" in allowed
    # Neither header: old browsers and privacy tools. Cross-site posts from current browsers always send
    # Origin, and the rate limit still applies.
    return True


def counted_as(address: str) -> str:
    """What one client is counted as: its IPv4 address, or its IPv6 /64. One home connection is given a whole
    /64 (2^64 addresses, each of them its own before), so the /64 is the one client."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:  # what a dual-stack socket reports for an IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


# This process's own count, for while the shared cache is down. Bounded: Django culls a third of it when full.
_in_memory = LocMemCache("feedback-rate-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


class MachineCounts:
    """Posts per key in the current window, shared by every process on this machine through one SQLite file.

    One statement counts a post (an upsert that starts a new window when the old one has ended), so two
    workers counting at once can never both see the same number. The file holds keyed hashes and numbers
    only, is readable by the site's user only, and loses nothing that matters if deleted.
    """

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()  # one connection per thread (gunicorn's threads), made after the fork

    def connection(self) -> sqlite3.Connection:
        found = getattr(self.local, "connection", None)
        if found is not None and self.local.pid == os.getpid():
            return found
        private_file(self.path)
        connection = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
        # Switching to WAL does not wait for a lock (SQLite's busy timeout does not apply): when workers
        # open the file at the same moment, the others try again shortly.
        for attempt in range(100):
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == 99:
                    raise
                time.sleep(0.01)
        connection.execute("PRAGMA synchronous=OFF")  # counts, not records: a crash may lose a few
        connection.execute(
            "CREATE TABLE IF NOT EXISTS counts"
            " (key TEXT PRIMARY KEY, started REAL NOT NULL, n INTEGER NOT NULL)"
        )
        self.local.connection, self.local.pid = connection, os.getpid()
        return connection

    def count(self, key: str, window: float) -> int:
        """Count one post under `key`; the number of posts in its window, this one included."""
        now = time.time()
        ended = now - window
        connection = self.connection()
        (n,) = connection.execute(
            "INSERT INTO counts (key, started, n) VALUES (?, ?, 1) ON CONFLICT (key) DO UPDATE SET "
            "n = CASE WHEN started <= ? THEN 1 ELSE n + 1 END, "
            "started = CASE WHEN started <= ? THEN ? ELSE started END RETURNING n",
            (key, now, ended, ended, now),
        ).fetchone()
        if n == 1:  # a new window: forget the windows that have ended, so the file stays small
            connection.execute("DELETE FROM counts WHERE started <= ?", (ended,))
        return n

    def keys(self) -> list[str]:
        return [key for (key,) in self.connection().execute("SELECT key FROM counts")]

    def clear(self) -> None:
        self.connection().execute("DELETE FROM counts")


_machine_counts = functools.cache(MachineCounts)  # one per file


def machine_counts() -> MachineCounts:
    """The counts every process on this machine shares (each test session has its own file)."""
    return _machine_counts(settings.FEEDBACK_COUNTS_FILE)


_warned = False


def over_rate_limit(request) -> bool:
    """Count this post; True once the address has posted more than RATE_LIMIT times in the window."""
    global _warned  # noqa: PLW0603 - one warning per process, not one per post
    # Keyed with SECRET_KEY: the cache never holds an address, nor a hash that can be reversed by trying
    # every address.
    key = CACHE_PREFIX + salted_hmac("backspasm.feedback.rate", counted_as(client_ip(request))).hexdigest()
    try:
        if isinstance(caches["default"], LocMemCache):
            count = machine_counts().count(key, RATE_WINDOW_SECONDS)
        else:
            count = _count(caches["default"], key)
    except Exception as error:  # Redis down or hanging, or the file unwritable: one line, no traceback
        if not _warned:
            _warned = True
            logger.warning("Feedback limit: the shared count failed (%s: %s); counting in this process's "
                           "memory while it fails (said once)", type(error).__name__, error)  # fmt: skip
        count = _count(_in_memory, key)
    return count > RATE_LIMIT


def _count(counts, key: str) -> int:
    counts.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        return counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        return 1
