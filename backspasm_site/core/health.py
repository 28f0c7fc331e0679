"""What the health checks look at, and the answer editors get when storage cannot take a save.

Two checks, for two different questions (README: "Health checks"):

- liveness, `/livez`: the process answers. Nothing else is looked at, so a database or Redis outage never
  makes an orchestrator restart instances that could still serve cached pages.
- readiness, `/readyz` and `/healthz` (the same view; `/healthz` is what load balancers and the Dockerfile
  were given first): this instance can serve readers, from the database or from cached pages. It answers 200
  while either works, and 503 when neither does. Storage that is read-only or full is reported (editors
  cannot save then) but keeps the instance in: readers are still served.

The public gets the status and one word; the details only with HEALTH_TOKEN (may_see_details), and
nothing is written to disk to find them.
"""

import errno
import logging
import os
import re
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Less free space than this where the database and the page store live is reported as "full": SQLite needs
# room for its journal, and a save that half fits is worse than one refused.
STORAGE_MIN_FREE_BYTES = 64 * 1024 * 1024
STORAGE_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM}
# What SQLite and PostgreSQL say when the database cannot be written: read-only, full, or failing storage.
STORAGE_MESSAGES = re.compile(
    r"readonly database|read-only|read only|disk is full|disk full|no space left|disk i/o error|quota",
    re.IGNORECASE,
)
# A change whose pages have waited longer than this to be rendered again means no render process runs.
RENDER_LATE_SECONDS = 60
POSTGRES_STORAGE_CODES = ("25006", "53100", "58030")  # read_only_sql_transaction, disk_full, io_error


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _sqlite_file() -> str | None:
    """The SQLite database's file, or None for another database or one in memory (the tests')."""
    name = str(connection.settings_dict["NAME"])
    if not _is_sqlite() or name == ":memory:" or "mode=memory" in name:
        return None
    return name


def database_problem() -> str | None:
    """None when the database answers a read of the site's own tables; otherwise what is wrong."""
    name = _sqlite_file()
    if name and not os.path.exists(name):
        return "missing"  # connecting would make an empty file in its place
    from backspasm_site.articles.models import Article

    try:
        Article.objects.exists()  # a table of the site's, not SELECT 1: an empty new file answers that
    except DatabaseError as error:
        return f"down ({type(error).__name__})"
    return None


def cached_pages_problem() -> str | None:
    """None when the page store answers and holds the home page, as readers at SITE_URL ask for it, for the
    current content version: readers can then be served without the database."""
    from backspasm_site.page_cache import store, versions, warm
    from backspasm_site.page_cache.front import cache_key

    key = cache_key(warm.reader_at_site_url("/"))
    if key is None:
        return "unknown (SITE_URL's host is not in ALLOWED_HOSTS)"
    try:
        entry = store.stored(key)
        current = entry is not None and versions.is_current(entry["keys"], entry["noted"])
    except Exception as error:  # Redis down (redis_cache.py logs it once) or the folder unreadable
        return f"unavailable ({type(error).__name__})"
    if not current:
        return "none stored"
    return None


def rendering_problem(now=None) -> str | None:
    """None unless a committed change has waited longer than RENDER_LATE_SECONDS for its pages to be rendered
    again (page_cache/warm.py): then the render process is not running, or cannot keep up. Readers are still
    served (their first request renders the page), so this never takes the instance out."""
    from django.utils import timezone

    from backspasm_site.page_cache import warm

    try:
        since = warm.waiting_since()
    except DatabaseError:
        return None  # the database line says so
    waited = since and ((now or timezone.now()) - since).total_seconds()
    if not waited or waited <= RENDER_LATE_SECONDS:
        return None
    return f"behind (a change has waited {waited:.0f} s: is `manage.py render_pages` running?)"


def _storage_folders() -> list[Path]:
    folders = [Path(settings.PAGE_CACHE_VERSION_FILE).parent, Path(settings.MEDIA_ROOT)]
    if _sqlite_file():
        folders.insert(0, Path(_sqlite_file()).parent)
    return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def storage_problem() -> str | None:
    """None when editors can save: the database takes writes and its folders have room; otherwise why not."""
    if _database_is_read_only():
        return "read-only (the database)"
    for folder in _storage_folders():
        if problem := _folder_problem(folder):
            return problem
    return None


def _database_is_read_only() -> bool:
    name = _sqlite_file()
    if name and not os.path.exists(name):
        return False  # the database check says "missing"; connecting here would make an empty file
    if name and not os.access(name, os.W_OK):
        return True
    query = "PRAGMA query_only" if _is_sqlite() else "SHOW transaction_read_only"
    try:
        with connection.cursor() as cursor:
            cursor.execute(query)
            setting = cursor.fetchone()[0]
    except DatabaseError:
        return False  # the database check reports it
    return setting in (1, "on")


def _folder_problem(folder: Path) -> str | None:
    """Why a file cannot be written in `folder` (read-only, full), or None. Asked of the file system, never
    by writing a file: a health check is asked every few seconds, by anyone."""
    try:
        read_only_mount = os.statvfs(folder).f_flag & os.ST_RDONLY
    except OSError:
        return f"unreadable ({folder.name}/)"
    if read_only_mount or not os.access(folder, os.W_OK):
        return f"read-only ({folder.name}/)"
    if free_bytes(folder) < STORAGE_MIN_FREE_BYTES:
        return f"full ({folder.name}/: less than {STORAGE_MIN_FREE_BYTES // 2**20} MB free)"
    return None


def may_see_details(request) -> bool:
    """Whether the request carries HEALTH_TOKEN (`Authorization: Bearer <token>`): monitoring, not anyone."""
    token = settings.HEALTH_TOKEN
    sent = request.headers.get("Authorization", "")
    return bool(token) and secrets.compare_digest(sent.encode(), f"Bearer {token}".encode())


def is_storage_failure(error: BaseException) -> bool:
    """True for the errors a read-only, full or failing disk gives a save, in the database or in files."""
    if isinstance(error, OSError) and not isinstance(error, ConnectionError):
        return error.errno in STORAGE_ERRNOS
    if isinstance(error, DatabaseError):
        cause = error.__cause__
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        return code in POSTGRES_STORAGE_CODES or bool(STORAGE_MESSAGES.search(str(error)))
    return False


class SavingUnavailableMiddleware:
    """In admin, a save (or a sign-in, which writes a session) that storage refuses gets a page that says
    so, with status 503, instead of the generic 500: the data is intact, nothing was saved, try later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith("/admin/") or not is_storage_failure(exception):
            return None
        logger.warning("Saving is unavailable: storage refused a write (%s)", exception, exc_info=True)
        response = render(request, "admin/saving_unavailable.html", status=503)
        response["Retry-After"] = "300"
        return response
