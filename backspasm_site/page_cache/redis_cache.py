"""Django's own Redis cache backend, reusing one redis-py client per connection pool, and never waiting long
for a Redis that is down.

Django's RedisCacheClient.get_client() builds a new `redis.Redis` for every cache call, and redis-py 5+
fills a large table of response callbacks in each one: about 1 ms of CPU per call here, more than the whole
cached page costs otherwise. The client is thread-safe and the pool (which holds the sockets) was shared
already, so one client per pool changes nothing else.

Redis is a cache here, not a dependency: every page can be rendered from the database, and the feedback limit
can be counted in memory. So a Redis that refuses, or accepts and never answers, must cost a reader little:

- short timeouts (settings: CACHE_TIMEOUT_SECONDS, socket_connect_timeout and socket_timeout in OPTIONS), and
  no retries, so one call gives up within a fraction of a second;
- a circuit breaker: the first call that fails marks Redis down in this process, logs one warning, and for
  the next RETRY_AFTER seconds every call fails at once with CacheUnavailable, without touching the network.
  Then one call tries again: if it works Redis is back (one line logged), otherwise it stays down, silently.

Callers already treat any cache error as "serve it uncached" (front.py, versions.memo) or count elsewhere
(feedback/guards.py). After an outage every content version is renewed (versions.py), since an editor's save
while Redis was down could not renew it there.
"""

import functools
import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends import redis as django_redis

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds a Redis found down is left alone before one call tries it again


class CacheUnavailable(Exception):
    """The shared cache did not answer, now or recently; callers serve and count without it."""


class Breaker:
    """Whether Redis is down in this process, and when to try it again. One per cache backend."""

    def __init__(self, location: str, retry_after: float = RETRY_AFTER, clock=time.monotonic):
        self.location, self.retry_after, self.clock = location, retry_after, clock
        self.down_since: float | None = None
        self.next_try = 0.0
        self.lock = threading.Lock()

    def allow(self) -> bool:
        """True when a call may reach Redis: it is up, or it has been left alone long enough to try again
        (then only this one call tries: the others keep failing fast until it answers)."""
        if self.down_since is None:
            return True
        with self.lock:
            now = self.clock()
            if now < self.next_try:
                return False
            self.next_try = now + self.retry_after
            return True

    def failed(self, error: Exception) -> None:
        with self.lock:
            first = self.down_since is None
            if first:
                self.down_since = self.clock()
            self.next_try = self.clock() + self.retry_after
        if first:
            logger.warning(
                "Redis at %s is not answering (%s: %s): pages are served uncached and the feedback limit is "
                "counted in memory; trying again every %g s, without logging each failure",
                self.location, type(error).__name__, error, self.retry_after,
            )  # fmt: skip

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is None:
                return
            seconds = self.clock() - self.down_since
            self.down_since = None
        logger.warning("Redis at %s answers again, after %.0f s", self.location, seconds)
        for callback in list(on_recovery):
            try:
                callback()
            except Exception:
                logger.warning("After Redis came back, %r failed", callback, exc_info=True)

    @property
    def is_down(self) -> bool:
        return self.down_since is not None


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _guarded(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if not self.breaker.allow():
            raise CacheUnavailable(f"Redis at {self.breaker.location} is down")
        try:
            result = method(self, *args, **kwargs)
        except self.down_errors as error:
            self.breaker.failed(error)
            raise CacheUnavailable(f"Redis at {self.breaker.location} is down") from error
        self.breaker.succeeded()
        return result

    return call


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        retry_after = params["OPTIONS"].pop("retry_after", RETRY_AFTER)  # ours, not a redis-py option
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        import redis

        # The connection errors redis-py raises (refused, reset, timed out), and the socket's own.
        self.down_errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
        self.breaker = breaker_for(self._servers, float(retry_after))

    add = _guarded(django_redis.RedisCache.add)
    get = _guarded(django_redis.RedisCache.get)
    set = _guarded(django_redis.RedisCache.set)
    touch = _guarded(django_redis.RedisCache.touch)
    delete = _guarded(django_redis.RedisCache.delete)
    get_many = _guarded(django_redis.RedisCache.get_many)
    has_key = _guarded(django_redis.RedisCache.has_key)
    incr = _guarded(django_redis.RedisCache.incr)
    set_many = _guarded(django_redis.RedisCache.set_many)
    delete_many = _guarded(django_redis.RedisCache.delete_many)
    clear = _guarded(django_redis.RedisCache.clear)


def _where(server: str) -> str:
    """host:port of a Redis URL, for log lines: never its password."""
    parts = urlsplit(server)
    if parts.hostname:
        return f"{parts.hostname}:{parts.port or 6379}"
    return parts.path or "redis"  # unix:///path/to/redis.sock


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()
on_recovery: list = []  # called (no arguments) when a Redis answers again after an outage


def breaker_for(servers: list[str], retry_after: float) -> Breaker:
    """One breaker per Redis and process: Django builds a cache object per thread, and the page warmer's
    thread must not hammer a Redis that the serving thread found down."""
    where = ",".join(map(_where, servers))
    with _breakers_lock:
        if where not in _breakers:
            _breakers[where] = Breaker(where, retry_after)
        return _breakers[where]
