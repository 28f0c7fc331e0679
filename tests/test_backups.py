"""`manage.py backup` / `restore` (what `make backup` and `make restore` run) give back the content, its
history tables if any, and the media folder, accents and all."""

import json
import os
import stat
import subprocess
import sys

import pytest

from .servers import ROOT, base_env, manage, prepared_database, scratch_database_url

pytestmark = pytest.mark.server

ACCENTED = "Névralgie, café, Zürich, señora: ça va? — «guillemets» 😀"

EDIT = f"""
from backspasm_site.articles.models import Article
a = Article.objects.get(slug="symptoms")
a.body = a.body + "\\n\\n{ACCENTED}"
a.title = "Symptômes"
a.save()
"""
DAMAGE = """
from backspasm_site.articles.models import Article
Article.objects.filter(slug="causes").delete()
a = Article.objects.get(slug="symptoms"); a.body = "defaced"; a.save()
"""
READ = """
import json
from django.db import connection
from backspasm_site.articles.models import Article
tables = connection.introspection.table_names()
counts = {t: connection.cursor().execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
a = Article.objects.get(slug="symptoms")
print(json.dumps({"title": a.title, "body": a.body, "html": a.body_html, "counts": counts}))
"""


def read(env, first=""):
    """Run `first` (a change), then report the article and every table's row count."""
    return json.loads(manage("shell", "-c", first + READ, env=env).stdout.strip().splitlines()[-1])


def test_backup_and_restore_round_trip_content_history_and_media(tmp_path):
    url = prepared_database(tmp_path, scratch_database_url(tmp_path, "backups"))
    media = tmp_path / "media"
    (media / "markdownx").mkdir(parents=True)
    image = media / "markdownx" / "étirement.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + "é".encode() * 100)
    env = base_env(DATABASE_URL=url, MEDIA_ROOT=str(media))
    before = read(env, first=EDIT)
    assert ACCENTED in before["body"] and before["title"] == "Symptômes"

    out = manage("backup", "--into", str(tmp_path / "backups"), env=env).stdout
    folder = tmp_path / "backups" / out.strip().rsplit("/", 1)[1]
    assert folder.is_dir() and (folder / "media" / "markdownx" / "étirement.png").exists()

    image.unlink()
    assert read(env, first=DAMAGE)["body"] == "defaced"

    manage("restore", str(folder), "--force", env=env)
    after = read(env)
    assert after == before  # every table's row count, history tables included, and the accented text
    assert image.read_bytes() == b"\x89PNG\r\n\x1a\n" + "é".encode() * 100


def test_restore_refuses_a_folder_that_holds_no_backup(tmp_path):
    env = base_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media"))
    failed = manage("restore", str(tmp_path / "nothing-here"), env=env, check=False)
    assert failed.returncode != 0 and "missing" in failed.stderr


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_and_its_backups_are_readable_by_the_sites_user_only(tmp_path):
    os.umask(0o022)  # as a Debian login shell has it: files readable by everyone unless made otherwise
    # SQLite: a new file, made by migrate (its first connection), not a copy.
    database = tmp_path / "site.sqlite3"
    env = base_env(DATABASE_URL=f"sqlite:///{database}", MEDIA_ROOT=str(tmp_path / "media"))
    manage("migrate", "--noinput", env=env)
    assert mode(database) == 0o600
    assert all(mode(p) == 0o600 for p in tmp_path.glob("site.sqlite3-*"))  # -wal, -shm, if any
    out = manage("backup", "--into", str(tmp_path / "backups"), env=env).stdout
    folder = tmp_path / "backups" / out.strip().rsplit("/", 1)[1]
    assert mode(tmp_path / "backups") == 0o700 and mode(folder) == 0o700
    assert mode(folder / "database.sqlite3") == 0o600
    database.chmod(0o644)  # as an older version left it: set right when the site next opens it
    manage("showmigrations", env=env)
    assert mode(database) == 0o600


def restore_without_a_terminal(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "restore", *args],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_restore_over_a_database_with_data_needs_force_without_a_terminal(tmp_path):
    url = prepared_database(tmp_path, scratch_database_url(tmp_path, "restore_force"))
    env = base_env(DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "media"))
    out = manage("backup", "--into", str(tmp_path / "backups"), env=env).stdout
    folder = tmp_path / "backups" / out.strip().rsplit("/", 1)[1]
    assert read(env, first=DAMAGE)["body"] == "defaced"

    refused = restore_without_a_terminal(str(folder), env=env)
    assert refused.returncode != 0 and "FORCE=1" in refused.stderr
    assert read(env)["body"] == "defaced"  # nothing was overwritten

    forced = restore_without_a_terminal(str(folder), "--force", env=env)
    assert forced.returncode == 0, forced.stderr
    assert read(env)["body"] != "defaced"


def test_make_restore_passes_force_on():
    dry_run = subprocess.run(
        ["make", "-n", "restore", "FORCE=1", "BACKUP=var/backups/x"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "manage.py restore var/backups/x --force" in dry_run.stdout
    without = subprocess.run(["make", "-n", "restore"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "--force" not in without.stdout
