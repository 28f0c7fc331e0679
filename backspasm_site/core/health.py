"""What the health checks look at, and the answer editors get when storage cannot take a save.

Two checks, for two different questions (README: "Health checks"):

- liveness, `/livez`: the process answers (no database, no cache, so an outage of either never gets
  instances restarted).
- readiness, `/readyz` and `/healthz` (the same; `/healthz` is what load balancers and Varnish's probe
  were given first): this instance can serve readers. It answers 200 while the database answers, 503
  otherwise. The caches (Django's page cache, Redis) and storage that is read-only or full (editors cannot
  save) are reported but keep the instance in: readers are still served.

HealthChecksMiddleware answers all three before any other middleware, so whatever the Host: a container's
check, a load balancer and Varnish's probe ask by an address that ALLOWED_HOSTS rightly refuses for pages.
The public gets the status and one word; the details only with HEALTH_TOKEN, and nothing is written to disk
to find them.
"""

import errno
import logging
import os
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from backspasm_site.articles.models import Article
from backspasm_site.core.fallback import database_file_missing, sqlite_file
from backspasm_site.core.security import has_bearer_token
from backspasm_site.insight.metrics import VIEW_KEY

logger = logging.getLogger(__name__)

# Less free space than this where the database and the uploads live is reported as "full": SQLite needs
# room for its journal, and a save that half fits is worse than one refused.
STORAGE_MIN_FREE_BYTES = 64 * 1024 * 1024
STORAGE_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM}
# What SQLite and PostgreSQL say when the database cannot be written: read-only, full, or failing storage.
STORAGE_MESSAGES = re.compile(
    r"readonly database|read-only|read only|disk is full|disk full|no space left|disk i/o error|quota",
    re.IGNORECASE,
)
POSTGRES_STORAGE_CODES = ("25006", "53100", "58030")  # read_only_sql_transaction, disk_full, io_error


def database_problem() -> str | None:
    """None when the database answers a read of the site's own tables; otherwise what is wrong."""
    if database_file_missing():
        return "missing"  # connecting would make an empty file in its place
    try:
        Article.objects.exists()  # a table of the site's, not SELECT 1: an empty new file answers that
    except DatabaseError as error:
        return f"down ({type(error).__name__})"
    return None


def cache_problem(alias: str) -> str | None:
    """None when the cache `alias` answers a read (a missing key); otherwise what is wrong. Redis is asked
    with the settings' short timeouts, so a hung Redis costs this check a fraction of a second."""
    try:
        caches[alias].get("health-check")
    except Exception as error:  # Redis down or hanging, the cache table missing: the line says which
        return f"unavailable ({type(error).__name__})"
    return None


def _storage_folders() -> list[Path]:
    folders = [Path(settings.FEEDBACK_COUNTS_FILE).parent, Path(settings.MEDIA_ROOT)]
    if database := sqlite_file():
        folders.insert(0, Path(database).parent)
    return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def storage_problem() -> str | None:
    """None when editors can save: the database takes writes and its folders have room; otherwise why not."""
    if _database_is_read_only():
        return "read-only (the database)"
    return next(filter(None, map(_folder_problem, _storage_folders())), None)


def _database_is_read_only() -> bool:
    if database_file_missing():
        return False  # the database check says "missing"; connecting here would make an empty file
    if (name := sqlite_file()) and not os.access(name, os.W_OK):
        return True
    query = "PRAGMA query_only" if connection.vendor == "sqlite" else "SHOW transaction_read_only"
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


def is_storage_failure(error: BaseException) -> bool:
    """True for the errors a read-only, full or failing disk gives a save, in the database or in files."""
    if isinstance(error, OSError) and not isinstance(error, ConnectionError):
        return error.errno in STORAGE_ERRNOS
    if isinstance(error, DatabaseError):
        cause = error.__cause__
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        return code in POSTGRES_STORAGE_CODES or bool(STORAGE_MESSAGES.search(str(error)))
    return False


class SavingUnavailableMiddleware(MiddlewareMixin):
    """In admin, a save (or a sign-in, which writes a session) that storage refuses gets a page that says
    so, with status 503, instead of the generic 500: the data is intact, nothing was saved, try later."""

    def process_exception(self, request, exception):
        if not request.path.startswith("/admin/") or not is_storage_failure(exception):
            return None
        logger.warning("Saving is unavailable: storage refused a write (%s)", exception, exc_info=True)
        response = render(request, "admin/saving_unavailable.html", status=503)
        response["Retry-After"] = "300"
        return response


@never_cache  # a cached "ok" would hide a database that is down
@require_safe
def liveness(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def readiness(request):
    """On a 503 the edge serves its last good pages. What is wrong only with HEALTH_TOKEN, so nobody outside
    learns the weak spots."""
    problems = {"database": database_problem()}
    ready = problems["database"] is None
    status = 200 if ready else 503
    if not has_bearer_token(request, settings.HEALTH_TOKEN):  # monitoring, not anyone
        return HttpResponse("ok" if ready else "unavailable", content_type="text/plain", status=status)
    # The page cache is the database's table: asking a missing SQLite file would make an empty one.
    problems["page cache"] = cache_problem("pages") if ready else "unavailable (the database)"
    problems["cache"] = cache_problem("default")
    problems["storage"] = storage_problem()
    lines = ["ok" if ready else "unavailable"]
    lines += [f"{name}: {problem or 'ok'}" for name, problem in problems.items()]
    if problems["storage"]:
        lines.append("saving is unavailable")
    return HttpResponse("\n".join(lines), content_type="text/plain", status=status)


HEALTH_CHECKS = {"/livez": liveness, "/healthz": readiness, "/readyz": readiness}


class HealthChecksMiddleware(MiddlewareMixin):
    """Answers the health checks before any other middleware: no Host check (the container's HEALTHCHECK, a
    load balancer and Varnish's probe ask by 127.0.0.1 or the instance's address, which ALLOWED_HOSTS
    rightly refuses for pages), no HTTPS redirect, no session. The only paths Django's Host validation is
    skipped for; their answers hold nothing built from the Host."""

    def process_request(self, request):
        check = HEALTH_CHECKS.get(request.path_info)
        if check is not None:
            request.META[VIEW_KEY] = f"core:{request.path_info[1:]}"  # its name in /metrics, as a view's
            return check(request)
