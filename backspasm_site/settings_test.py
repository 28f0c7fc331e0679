"""The test suite's settings (pyproject.toml's DJANGO_SETTINGS_MODULE): the site's own, with what tests need
different. Servers the tests start in other processes use backspasm_site.settings (tests/servers.py)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .settings import *  # noqa: F403 - everything as the site runs, then the changes below

# This session's content versions and cached pages, apart from a running `make run` and any other test
# session: every test records a change, which would make the others' cached pages stale under them.
_SESSION_FOLDER = tempfile.mkdtemp(prefix="backspasm-tests-")
atexit.register(shutil.rmtree, _SESSION_FOLDER, ignore_errors=True)
PAGE_CACHE_VERSION_FILE = str(Path(_SESSION_FOLDER) / "version")

# Committed changes ask for no renders (page_cache/warm.py), except in the tests of that
# (backspasm_site/page_cache/tests/test_warm.py, and the gunicorn servers', which start a render process).
PAGE_CACHE_WARM_AFTER_EDITS = False

# Tests sign in many times (and the lockout tests fail on purpose); what they test is who may do what, not the
# cost of hashing. The production hasher costs about a second a try on these machines.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
