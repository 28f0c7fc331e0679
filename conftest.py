"""Fixtures for every test: the whole-site suites in tests/ and the unit tests beside their code in
backspasm_site/<app>/tests/ (pytest reads this file first, from the project's root)."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Generated cases are judged by what they return, not by how fast a loaded 2-core machine runs them.
hypothesis_settings.register_profile(
    "backspasm", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hypothesis_settings.load_profile("backspasm")

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same
# thread are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    """In the main process: one folder for the run's template databases (tests/servers.py), which the test
    processes pytest-xdist starts inherit, so the first to need one makes it for all."""
    import tempfile

    from tests.servers import TEMPLATES_FOLDER

    if not hasattr(config, "workerinput"):
        os.environ[TEMPLATES_FOLDER] = config.stash[TEMPLATES_KEY] = tempfile.mkdtemp(
            prefix="backspasm-templates-"
        )


def pytest_unconfigure(config):
    from tests.servers import remove_templates

    if TEMPLATES_KEY in config.stash:
        remove_templates(config.stash[TEMPLATES_KEY])


TEMPLATES_KEY = pytest.StashKey[str]()
SLOW_MARKERS = {"browser", "server", "edge"}


def pytest_collection_modifyitems(config, items):
    """The tests of files that start browsers, servers or Varnish first, each file's tests kept together and
    in order: `make test` hands tests out in this order (pytest-xdist, --dist load), so the long ones do not
    start last while the other process has nothing to do."""
    slow_files = {item.path for item in items if SLOW_MARKERS & {mark.name for mark in item.iter_markers()}}
    items.sort(key=lambda item: item.path not in slow_files)


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Pages name hashed static files from WhiteNoise's manifest, so it must exist (make test builds it)."""
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def page_cache(settings):
    """Django's page cache as the site runs it, in this process's memory and empty (settings_test.py has
    none), for the tests of what it keeps and forgets."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches["pages"].clear()
    return caches["pages"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test database, with every connection this thread opened to it closed before it is
    dropped. While Playwright runs, whether its event loop counts as running in this thread changes with its
    last call, and Django (asgiref) keeps a separate set of connections for each case: closing the visible
    set left the other open, and PostgreSQL would not drop a database in use ("accessed by other users")."""
    import contextlib
    import gc

    from django.db import DatabaseError
    from django.db.backends.base.base import BaseDatabaseWrapper

    yield
    # type(), not isinstance(): that would ask lazy objects (the CSP nonce) to evaluate themselves.
    for wrapper in [o for o in gc.get_objects() if issubclass(type(o), BaseDatabaseWrapper)]:
        with contextlib.suppress(DatabaseError):  # another thread's: refused, and that thread closes it
            wrapper.close()


@pytest.fixture(scope="session")
def content_rows(django_db_setup, django_db_blocker):
    """The rows that loading content/ adds to the database, loaded once per test session and then rolled back.

    Loading content/ (markdown, reading grades, the search index, history) took 2-5 s, and 270 tests use it;
    putting its rows back is a few milliseconds. tests that test the loader itself call content_files.load().
    """
    from django.apps import apps
    from django.db import transaction

    from backspasm_site.core import content_files

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
        content_files.load()
        rows = [
            (
                model,
                [
                    row
                    for row in model._base_manager.values()
                    if row[model._meta.pk.attname] not in before[model]
                ],
            )
            for model in models
        ]
        transaction.set_rollback(True)
    return [(model, added) for model, added in rows if added]


@pytest.fixture
def site_content(db, content_rows):
    """The content/ folder in the test database, as `make run` loads it (the rows content_rows keeps)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    # In one transaction, so foreign keys are checked once every row is in (tests on a live server have none).
    with transaction.atomic():
        for model, added in content_rows:
            model._base_manager.bulk_create([model(**row) for row in added])
    # PostgreSQL's id sequences do not move for rows given their ids: move them past these, as loaddata does.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in content_rows]):
            cursor.execute(statement)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium. Missing it is a failure, not a skip: browser tests are part of the suite."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct horse battery", is_staff=True
    )


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving the application as gunicorn does (backspasm_site/wsgi.py).

    Its default handler serves /static/ from the source folders by unhashed names, which cannot find the
    hashed names the pages link to; the site's WhiteNoise middleware serves the collected files instead.
    """
    from unittest import mock

    from pytest_django.live_server_helper import LiveServer

    with mock.patch(
        "django.contrib.staticfiles.handlers.StaticFilesHandler", lambda application: application
    ):
        server = LiveServer("localhost")
    request.addfinalizer(server.stop)
    return server


@pytest.fixture
def editor_roles(db):
    """The "Editor" and "Clinical reviewer" groups, made by the same function the migration calls (a flush
    by a transactional test empties the table, so they are made again)."""
    from backspasm_site.editorial.roles import bring_groups_in_line

    bring_groups_in_line()


def _member(django_user_model, username, group):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "correct horse battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(editor_roles, django_user_model):
    """A member of the "Editor" group: writes and previews drafts."""
    return _member(django_user_model, "eddie", "Editor")


@pytest.fixture
def reviewer(editor_roles, django_user_model):
    """A member of the "Clinical reviewer" group: also publishes and marks pages reviewed."""
    return _member(django_user_model, "rita", "Clinical reviewer")


@pytest.fixture
def second_reviewer(editor_roles, django_user_model):
    """Another "Clinical reviewer": the second person who checks a reviewer's own change."""
    return _member(django_user_model, "ravi", "Clinical reviewer")
