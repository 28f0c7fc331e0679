"""The content version (one token that changes whenever an editor changes content, seen by every instance)
and the store of cached pages.

With a shared cache (Redis, CACHE_URL) both live in that cache, so a change saved on one instance is seen by
all the others on their next request, and a page one instance renders serves them all. With Django's
local-memory cache (the default, for `make run` on one machine with SQLite) each gunicorn worker has memory of
its own, so the token lives in a small file next to the SQLite database instead, and pages in a folder beside
it (Django's file-based cache), which every worker reads.

The token is random, never a counter: if the cache loses it, a fresh one cannot bring old pages back.

When Redis is down (redis_cache.py), pages are rendered from the database for every reader, and an editor's
save still succeeds although the token cannot be changed there; so whenever Redis answers again after an
outage the token is renewed, and no page cached before the outage is served after it.
"""

import contextlib
import functools
import hashlib
import json
import logging
import os
import secrets
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string

from . import redis_cache

VERSION_KEY = "page-cache:version"


def _new_token() -> str:
    return secrets.token_hex(8)


def cache():
    return caches["default"]


def _uses_version_file() -> bool:
    """True without a shared cache: the version, and the pages, are then kept in files on this machine."""
    # From the settings' backend name, not by building the cache object: this runs twice per cached page.
    return _is_local_memory(settings.CACHES["default"]["BACKEND"])


def uses_machine_store() -> bool:
    """True without a shared cache: what all the workers must share is kept in files on this machine (the
    content version, the pages, the feedback limit's counts)."""
    return _uses_version_file()


@functools.cache
def _is_local_memory(backend: str) -> bool:
    return issubclass(import_string(backend), LocMemCache)


def _version_file() -> Path:
    return Path(settings.PAGE_CACHE_VERSION_FILE)


def bump_version() -> str:
    token = _new_token()
    if _uses_version_file():
        path = _version_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{token}")
        temporary.write_text(token)
        os.replace(temporary, path)  # atomic: readers see the old token or the new one, never half
    else:
        # Redis down: logged once by the breaker, renewed when Redis is back (below); the save goes through.
        with contextlib.suppress(redis_cache.CacheUnavailable):
            cache().set(VERSION_KEY, token, timeout=None)
    return token


redis_cache.on_recovery.append(bump_version)


def _read_version_file() -> str:
    # os.open/os.read rather than open(): this runs on every request, and skips building a file object.
    try:
        descriptor = os.open(settings.PAGE_CACHE_VERSION_FILE, os.O_RDONLY)
    except FileNotFoundError:
        return bump_version()
    try:
        token = os.read(descriptor, 64).decode()
    finally:
        os.close(descriptor)
    return token or bump_version()


def current_version() -> str:
    if _uses_version_file():
        return _read_version_file()
    return cache().get(VERSION_KEY) or _start_version()


def _start_version() -> str:
    cache().add(VERSION_KEY, _new_token(), timeout=None)  # if two instances race, the first one wins
    return cache().get(VERSION_KEY)


def page_store():
    """Where cached pages are kept: the shared cache, or files every worker on this machine reads (pages
    rendered after an edit, in whichever process, must reach all of them: see warm.py)."""
    if _uses_version_file():
        return _page_files(settings.PAGE_CACHE_VERSION_FILE + ".pages")
    return cache()


@functools.cache  # one per folder: tests give each session its own version file, and so its own folder
def _page_files(folder: str) -> FileBasedCache:
    # Pages are read back with pickle, so only this site's user may write here: a folder that someone else
    # made first (say under /tmp) is refused rather than used.
    os.makedirs(folder, mode=0o700, exist_ok=True)
    found = os.stat(folder)
    if found.st_uid != os.getuid() or found.st_mode & 0o022:
        raise ImproperlyConfigured(f"{folder} must belong to this user and be writable by no one else.")
    if found.st_mode & 0o077:
        os.chmod(folder, 0o700)  # and readable by no one else either, like the database beside it
    return FileBasedCache(folder, {"OPTIONS": {"MAX_ENTRIES": 2000}})


def store(key: str, value) -> None:
    page_store().set(key, value, settings.PAGE_CACHE_SECONDS)


def stored(key: str):
    return page_store().get(key)


def _same_in_every_process(value) -> str:
    # Functions are named, not repr()'d: their repr holds a memory address, different in every process.
    if hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, set | frozenset):
        return repr(sorted(map(repr, value)))
    return repr(value)


def _code_fingerprint() -> str:
    """A hash of code, templates, the static manifest and the settings: a deploy never serves pages the old
    code built, and a process set up otherwise (a management command without the production environment,
    say, rendering pages after an edit into the shared store) never serves its pages to this one: a page
    stored for plain HTTP by a process without SECURE_SSL_REDIRECT must not skip this one's redirect."""
    digest = hashlib.sha256()
    named = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    digest.update(json.dumps(named, sort_keys=True, default=_same_in_every_process).encode())
    roots = [Path(settings.BASE_DIR) / "backspasm_site", *map(Path, settings.TEMPLATES[0]["DIRS"])]
    files = sorted(p for root in roots for p in root.rglob("*") if p.suffix in {".py", ".html"})
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


CODE_FINGERPRINT = _code_fingerprint()


_memo: dict[str, tuple[str, object]] = {}
_building = threading.local()  # whether a fallback was used in the build under way (nested memos included)
_warned_fallback: set[str] = set()
logger = logging.getLogger(__name__)


def memo(name: str, build, fallback=None):
    """`build()` once per content version in this process, for content that pages read on every render.

    The checker's form and verdicts are rendered for every request, but the editors' wording they show only
    changes with the content version; the disclaimer is on every page; an article is read once per version.
    Read-only use only. A build that finds nothing (None) is not kept, so names made from addresses (an
    unknown article's slug) cannot grow the memo.

    `fallback()` stands in when the database cannot be read (the SQLite file gone, the server down): the
    checker then answers from the rule table's own wording (hazard H2). What a fallback built, or any build
    that used one inside it (a page rendered with fallback wording), is never kept: the next request tries
    the database again, so the editors' wording is back as soon as it is.
    """
    try:
        version = current_version()
    except Exception:  # the shared cache is down: the checker must still answer, from the database
        return _build(name, build, fallback)
    found = _memo.get(name)
    if found is not None and found[0] == version:
        return found[1]
    outer = getattr(_building, "degraded", False)
    _building.degraded = False
    try:
        value = _build(name, build, fallback)
        degraded = _building.degraded
    finally:
        _building.degraded = outer or _building.degraded
    if value is not None and not degraded:
        _memo[name] = (version, value)
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
