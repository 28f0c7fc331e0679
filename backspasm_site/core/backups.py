"""Backups of the whole database and the media folder, and restoring them.

SQLite uses its online backup API (a consistent copy while the site keeps serving); PostgreSQL uses
pg_dump's custom format and pg_restore. The whole database is copied, so any table another app adds
(history, say) comes along without changes here.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from .private import private_file, private_folder

DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def default_root() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def _run_postgres_tool(tool: str, *args: str) -> None:
    # bandit B603/ruff S603 reviewed: a fixed tool found on PATH, arguments from settings, no shell.
    executable = shutil.which(tool)
    if not executable:
        raise FileNotFoundError(f"{tool} is not installed (Debian: postgresql-client).")
    db = settings.DATABASES["default"]
    connection_args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432),
                       "--username", db.get("USER") or "postgres", "--dbname", db["NAME"]]  # fmt: skip
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    subprocess.run([executable, *args, *connection_args], env=env, check=True)  # noqa: S603  # nosec


def backup(root: Path | None = None) -> Path:
    """Write var/backups/<timestamp>/ (database file + media/) and return the folder."""
    # The copies hold password hashes and sessions: readable by the site user only (0700 folders, 0600 file).
    root = private_folder(root or default_root())
    folder = root / datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder.mkdir(mode=0o700)
    engine = connections["default"].vendor
    target = private_file(folder / DATABASE_FILE[engine])
    if engine == "sqlite":
        with sqlite3.connect(settings.DATABASES["default"]["NAME"]) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
    else:  # postgresql: DATABASE_FILE has no other engine
        _run_postgres_tool("pg_dump", "--format=custom", "--no-owner", "--file", str(target))
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, folder / "media")
    return folder


def newest(root: Path | None = None) -> Path:
    folders = sorted(p for p in (root or default_root()).glob("*") if p.is_dir())
    if not folders:
        raise FileNotFoundError(f"No backups in {root or default_root()}.")
    return folders[-1]


def restore(folder: Path) -> None:
    """Put the database and media folder back as they were in `folder`."""
    engine = connections["default"].vendor
    source = folder / DATABASE_FILE[engine]
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: this backup is not of a {engine} database.")
    connections.close_all()
    if engine == "sqlite":
        private_file(settings.DATABASES["default"]["NAME"])
        with sqlite3.connect(source) as copy, sqlite3.connect(settings.DATABASES["default"]["NAME"]) as live:
            copy.backup(live)
    else:
        _run_postgres_tool(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)
        )
    media = Path(settings.MEDIA_ROOT)
    if (folder / "media").exists():
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(folder / "media", media)
    # Pages cached before the restore show content that is no longer there.
    from backspasm_site.page_cache import edge

    edge.content_changed(keys=[edge.SITE_KEY])
