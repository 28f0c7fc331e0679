"""The test suite's settings (pyproject.toml's DJANGO_SETTINGS_MODULE): the site's own, with what tests need
different. Servers the tests start in other processes use backspasm_site.settings (tests/servers.py)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .settings import *  # noqa: F403 - everything as the site runs, then the changes below

# This session's feedback counts, apart from a running `make run` and any other test session.
_SESSION_FOLDER = tempfile.mkdtemp(prefix="backspasm-tests-")
atexit.register(shutil.rmtree, _SESSION_FOLDER, ignore_errors=True)
FEEDBACK_COUNTS_FILE = str(Path(_SESSION_FOLDER) / "feedback-counts.sqlite3")

# No Django page cache, so tests see each change they make at once; the tests of the page cache itself ask
# for it (conftest.py's `page_cache`, this process's memory), and the servers tests start use the site's own.
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405

# Tests sign in many times (and the lockout tests fail on purpose); what they test is who may do what, not the
# cost of hashing. The production hasher costs about a second a try on these machines.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
