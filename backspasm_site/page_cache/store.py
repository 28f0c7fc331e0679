"""The store of cached pages, shared by every worker (and, with Redis, every instance), and the fingerprint of
the code that rendered them.

With a shared cache (Redis, CACHE_URL) pages live in that cache, so a page one instance renders serves them
all. With Django's local-memory cache (the default, for `make run` on one machine with SQLite) each gunicorn
worker has memory of its own, so pages are kept in a folder beside the SQLite database instead, which every
worker reads. Whether a stored page is still current is versions.py's business, not this module's.
"""

import functools
import hashlib
import json
import os
from pathlib import Path

import diskcache
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def uses_machine_store() -> bool:
    """True without a shared cache: what all the workers must share is kept in files on this machine (the
    content versions, the pages, the feedback limit's counts)."""
    # From the settings' backend name, not by building the cache object: this runs on every cached page.
    return _is_local_memory(settings.CACHES["default"]["BACKEND"])


@functools.cache
def _is_local_memory(backend: str) -> bool:
    return issubclass(import_string(backend), LocMemCache)


def page_store():
    """Where cached pages are kept: the shared cache, or files every worker on this machine reads (pages
    rendered after an edit, in whichever process, must reach all of them: see warm.py)."""
    if uses_machine_store():
        return _page_files(settings.PAGE_CACHE_VERSION_FILE + ".pages")
    return caches["default"]


@functools.cache  # one per folder: tests give each session its own version file, and so its own folder
def _page_files(folder: str) -> diskcache.Cache:
    """diskcache: an SQLite index over the page files, so a write costs the same at 10 pages or 100,000
    (Django's file cache lists the whole folder on every write and, at its cap, deletes a random third). Over
    PAGE_STORE_MAX_MB, the pages stored longest ago go first; settings.py says how many pages that holds."""
    # Pages are read back with pickle, so only this site's user may write here: a folder that someone else
    # made first (say under /tmp) is refused rather than used.
    os.makedirs(folder, mode=0o700, exist_ok=True)
    found = os.stat(folder)
    if found.st_uid != os.getuid() or found.st_mode & 0o022:
        raise ImproperlyConfigured(f"{folder} must belong to this user and be writable by no one else.")
    if found.st_mode & 0o077:
        os.chmod(folder, 0o700)  # and readable by no one else either, like the database beside it
    return diskcache.Cache(
        folder,
        size_limit=settings.PAGE_STORE_MAX_MB * 2**20,
        eviction_policy="least-recently-stored",  # no write on each read, which LRU would need
        timeout=5,  # seconds to wait for the index's lock under many writers, not forever
    )


def store(key: str, value) -> None:
    if uses_machine_store():
        page_store().set(key, value, expire=settings.PAGE_CACHE_SECONDS)
    else:
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
