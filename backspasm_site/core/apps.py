from django.apps import AppConfig
from django.db.backends.signals import connection_created


def keep_the_sqlite_file_private(sender, connection, **kwargs):
    """The SQLite file (password hashes, sessions) and its -wal and -shm files readable by the site's user
    only, set when a connection opens (migrate makes the file; settings.py writes nothing)."""
    from .fallback import sqlite_file
    from .private import private_file_if_there

    if name := sqlite_file(connection):
        for suffix in ("", "-wal", "-shm"):
            private_file_if_there(name + suffix)


class CoreConfig(AppConfig):
    name = "backspasm_site.core"
    verbose_name = "Site pages and shared text"

    def ready(self):
        # The inline stylesheet and its CSP hash, read once at start-up: gunicorn loads the app before it
        # forks (preload_app), so every worker starts with them (core/inline_style.py).
        from backspasm_site.core.inline_style import site_style

        site_style()
        connection_created.connect(keep_the_sqlite_file_private, dispatch_uid="core_private_sqlite")
