import urllib.request

import pytest

from .servers import gunicorn, prepared_database

pytestmark = pytest.mark.server


def test_gunicorn_serves_pages_and_static_files_from_a_fresh_database(tmp_path):
    with gunicorn(database_url=prepared_database(tmp_path)) as server:
        with urllib.request.urlopen(server.url + "/articles/symptoms/") as response:
            html = response.read().decode()
        assert response.status == 200 and "<h1>Symptoms of a back spasm</h1>" in html
        css = html.split('href="/static/css/')[1].split('"')[0]
        with urllib.request.urlopen(f"{server.url}/static/css/{css}") as response:
            assert response.status == 200 and "immutable" in response.headers["Cache-Control"]
