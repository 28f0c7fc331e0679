"""Content versions: whether a cached page or a memo still shows the content as it is now.

What a page shows is named by keys, the same keys the edge cache purges by (edge.py): `site` (the layout, the
disclaimer, site text, the checker's wording: on every page), `article-<id>` for each article whose words it
shows, `article-list` on the pages that list articles, `sitemap` on the sitemaps.

Each change records, for each key it touches, the number of that change: a counter shared by every process
and instance (in the shared cache with CACHE_URL; in small files beside the SQLite database otherwise). A
page or a memo notes the counter *before* it reads any content, and stays current while none of its keys has
changed after that. So a page rendered from rows an editor was changing at that moment is stale as soon as
the change commits (signals.py records each change when it is made and again once committed), and an edit
to one article leaves every page that does not show it current: costs stay in proportion to what changed.

A page finds its keys by itself: every memo read while it renders adds its keys (`collecting()`), and views
add theirs with edge.tag(). If the shared cache loses the counter, it starts again from the clock in
microseconds, beyond every number given before (changes are far fewer than one a microsecond); a key whose
number is lost counts as changed now. Either way nothing rendered before a loss is current after it.
"""

import contextlib
import fcntl
import logging
import os
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection

from . import redis_cache
from .redis_cache import CacheUnavailable
from .store import uses_machine_store

SITE = "site"  # on every page: a change to it makes everything stale
COUNTER = "content-versions:counter"
KEY_PREFIX = "content-versions:changed:"
SAFE_KEY = re.compile(r"[a-z0-9-]{1,64}")
logger = logging.getLogger(__name__)


def _clock() -> int:
    return time.time_ns() // 1000


# --- where the numbers are kept ------------------------------------------------------------------------


class MachineNumbers:
    """One machine without a shared cache: the counter in PAGE_CACHE_VERSION_FILE, each key's number in a
    file of its own in the folder beside it. Changes take a lock; readers read one small file each."""

    def __init__(self, counter_file: str):
        self.counter = Path(counter_file)
        self.folder = Path(counter_file + ".keys")

    def now(self) -> int:
        number = _read_number(self.counter)
        if number is None:
            with self._locked():
                number = _read_number(self.counter)
                if number is None:
                    number = _clock()
                    _write_number(self.counter, number)
        return number

    def change(self, keys: list[str]) -> int:
        with self._locked():
            current = _read_number(self.counter)
            number = current + 1 if current is not None else _clock()  # a lost counter starts past all before
            _write_number(self.counter, number)
            for key in keys:
                _write_number(self.folder / key, number)
        return number

    def changed_at(self, keys: list[str]) -> list[int]:
        numbers = [_read_number(self.folder / key) for key in keys]
        if None in numbers:
            with self._locked():  # under the lock: a change made meanwhile is not overwritten with less
                now = _read_number(self.counter) or _clock()
                for index, key in enumerate(keys):
                    if numbers[index] is None:
                        numbers[index] = _read_number(self.folder / key)
                        if numbers[index] is None:
                            _write_number(self.folder / key, now)
                            numbers[index] = now
        return numbers

    @contextlib.contextmanager
    def _locked(self):
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock


def _read_number(path: Path) -> int | None:
    # os.open/os.read rather than open(): this runs on every request, and skips building a file object.
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        text = os.read(descriptor, 32)
    finally:
        os.close(descriptor)
    return int(text) if text.strip().isdigit() else None


def _write_number(path: Path, number: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(str(number))
    os.replace(temporary, path)  # atomic: readers see the old number or the new one, never half


class SharedNumbers:
    """Several instances: the numbers in the shared cache (Redis), one round trip per read."""

    def now(self) -> int:
        number = caches["default"].get(COUNTER)
        if number is None:
            caches["default"].add(COUNTER, _clock(), timeout=None)  # if two instances race, the first wins
            number = caches["default"].get(COUNTER)
        return number

    def change(self, keys: list[str]) -> int:
        cache = caches["default"]
        try:
            number = cache.incr(COUNTER)
        except ValueError:  # no counter (new, or lost): start past every number given before
            cache.add(COUNTER, _clock(), timeout=None)
            number = cache.incr(COUNTER)
        cache.set_many({KEY_PREFIX + key: number for key in keys}, timeout=None)
        return number

    def changed_at(self, keys: list[str]) -> list[int]:
        cache = caches["default"]
        found = cache.get_many([KEY_PREFIX + key for key in keys])
        missing = [key for key in keys if KEY_PREFIX + key not in found]
        if missing:
            now = self.now()
            for key in missing:  # add, never set: a change recorded meanwhile keeps its own number
                cache.add(KEY_PREFIX + key, now, timeout=None)
            found.update(cache.get_many([KEY_PREFIX + key for key in missing]))
        return [found.get(KEY_PREFIX + key, self.now()) for key in keys]


def numbers():
    if uses_machine_store():
        return _machine_numbers(settings.PAGE_CACHE_VERSION_FILE)
    return _SHARED


_SHARED = SharedNumbers()
_machine = {}


def _machine_numbers(counter_file: str) -> MachineNumbers:
    found = _machine.get(counter_file)  # tests give each session its own file
    if found is None:
        found = _machine[counter_file] = MachineNumbers(counter_file)
    return found


# --- the interface the site uses -------------------------------------------------------------------------


def now() -> int:
    """The counter: note it before reading content, to tell later whether that content is still current."""
    return numbers().now()


def change(keys: Iterable[str]) -> int:
    """Record a change to what these keys name. Redis down: logged once by its breaker, and every key is
    renewed when it is back (below), since this change could not be recorded there."""
    keys = sorted({SITE if key is None else key for key in keys})
    for key in keys:
        if not SAFE_KEY.fullmatch(key):
            raise ValueError(f"not a content key: {key!r}")
    with contextlib.suppress(CacheUnavailable):
        return numbers().change(keys)
    return 0


def everything_changed() -> int:
    """Every page and memo stale at once (a restore, a Redis outage, code that used queryset.update())."""
    return change([SITE])


redis_cache.on_recovery.append(everything_changed)


def is_current(keys: Iterable[str], noted: int) -> bool:
    """True when none of these keys changed after `noted` (the counter read before the content was)."""
    keys = list(keys)
    return all(number <= noted for number in numbers().changed_at(keys))


class Current:
    """Something built from content, with the counter noted before it was read and the keys it shows.

    Checking it reads the counter alone while nothing has changed since it was last found current, and
    each key's number only after a change somewhere."""

    __slots__ = ("value", "keys", "noted", "checked_at")

    def __init__(self, value, keys: Iterable[str], noted: int):
        self.value, self.keys, self.noted = value, sorted({SITE, *keys}), noted
        self.checked_at = noted

    def still_current(self) -> bool:
        counter = now()
        if counter <= self.checked_at:
            return True
        if not is_current(self.keys, self.noted):
            return False
        self.checked_at = counter
        return True


# --- the keys a page reads -----------------------------------------------------------------------------

_reading = threading.local()


@contextlib.contextmanager
def collecting():
    """Collect the keys of every memo read inside (nested collections each get them too)."""
    found: set[str] = set()
    stack = getattr(_reading, "stack", None)
    if stack is None:
        stack = _reading.stack = []
    stack.append(found)
    try:
        yield found
    finally:
        stack.pop()  # this one: collections nest, one thread's at a time


def reads(keys: Iterable[str]) -> None:
    """What is being rendered shows these keys."""
    for found in getattr(_reading, "stack", ()):
        found.update(keys)


# --- memos ------------------------------------------------------------------------------------------------

_memo: dict[str, Current] = {}
# Names made from addresses (one per article) would otherwise grow with the site: at most this many are
# kept, the oldest dropped first (rebuilt on its next use), so a worker's memory stays flat at 10,000 pages.
# As many as the rendered pages a worker keeps (front.CachedPages.KEEP_AT_MOST): an article's memo is read
# only to render its page, which is then kept. With 1,000, a worker held 1.45-1.53 × its memory at 100
# articles once it had served 1,000 or more; with 500, 1.28 × (make bench-growth), a cold article as fast.
MEMO_AT_MOST = 500
_building = threading.local()  # whether a fallback was used in the build under way (nested memos included)
_warned_fallback: set[str] = set()


def memo(name: str, build, fallback=None, keys=None):
    """`build()` once while what it shows is unchanged, for content that pages read on every render.

    The checker's form and verdicts are rendered for every request, but the editors' wording they show only
    changes with the content; the disclaimer is on every page; an article is read once per change to it.
    `keys(value)` names what the value shows besides `site` (e.g. an article and the articles it links to);
    memos read inside the build add theirs. Read-only use only. A build that finds nothing (None) is not
    kept, so names made from addresses (an unknown article's slug) cannot grow the memo.

    `fallback()` stands in when the database cannot be read (the SQLite file gone, the server down): the
    checker then answers from the rule table's own wording (hazard H2). What a fallback built, or any build
    that used one inside it (a page rendered with fallback wording), is never kept: the next request tries
    the database again, so the editors' wording is back as soon as it is.
    """
    try:
        found = _memo.get(name)
        if found is not None and found.still_current():
            reads(found.keys)
            return found.value
        noted = now()
    except Exception:  # the shared cache is down: the checker must still answer, from the database
        return _build(name, build, fallback)
    outer = getattr(_building, "degraded", False)
    _building.degraded = False
    try:
        with collecting() as inner_keys:
            value = _build(name, build, fallback)
        degraded = _building.degraded
    finally:
        _building.degraded = outer or _building.degraded
    shown = {*inner_keys, *(keys(value) if keys and value is not None else ())}
    reads({SITE, *shown})
    if value is not None and not degraded:
        if len(_memo) >= MEMO_AT_MOST:
            with contextlib.suppress(RuntimeError, StopIteration, KeyError):  # another thread changed it
                _memo.pop(next(iter(_memo)))
        _memo[name] = Current(value, shown, noted)
    return value


def _build(name: str, build, fallback):
    if fallback is None:
        return build()
    if database_file_missing():  # connecting would make an empty database in its place
        return _fall_back(name, fallback, "the database file is missing")
    try:
        return build()
    except DatabaseError as error:
        return _fall_back(name, fallback, f"{type(error).__name__}: {error}")


def _fall_back(name: str, fallback, why: str):
    _building.degraded = True
    if name not in _warned_fallback:  # once per process and name, not once a request
        _warned_fallback.add(name)
        logger.warning("%s: the database cannot be read (%s); using the built-in wording", name, why)
    return fallback()


def database_file_missing() -> bool:
    """True when the database is an SQLite file that is not there (moved, deleted, its disk unmounted)."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return False
    return not os.path.exists(name)
