"""`manage.py backup` / `restore` (what `make backup` and `make restore` run) give back the content, its
history tables if any, and the media folder, accents and all."""

import json

import pytest

from .servers import base_env, manage, prepared_database, scratch_database_url

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

    manage("restore", str(folder), env=env)
    after = read(env)
    assert after == before  # every table's row count, history tables included, and the accented text
    assert image.read_bytes() == b"\x89PNG\r\n\x1a\n" + "é".encode() * 100


def test_restore_refuses_a_folder_that_holds_no_backup(tmp_path):
    env = base_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media"))
    failed = manage("restore", str(tmp_path / "nothing-here"), env=env, check=False)
    assert failed.returncode != 0 and "missing" in failed.stderr
