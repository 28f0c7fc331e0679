import urllib.error
import urllib.request

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from .servers import gunicorn, prepared_database

pytestmark = pytest.mark.server


def test_gunicorn_serves_pages_and_static_files_from_a_fresh_database(tmp_path):
    with gunicorn(database_url=prepared_database(tmp_path)) as server:
        with urllib.request.urlopen(server.url + "/articles/symptoms/") as response:
            html = response.read().decode()
        assert response.status == 200 and "<h1>Symptoms of a back spasm</h1>" in html
        with urllib.request.urlopen(server.url + staticfiles_storage.url("css/site.css")) as response:
            assert response.status == 200 and "immutable" in response.headers["Cache-Control"]


def test_metrics_add_up_every_worker_and_need_the_token(tmp_path):
    """gunicorn's several workers each count their own requests; one scrape, answered by any worker, adds
    them all up (prometheus_client's multiprocess mode, set up by gunicorn.conf.py)."""
    token = "metrics-token-for-the-gunicorn-test"
    with gunicorn(database_url=prepared_database(tmp_path), workers=3, METRICS_TOKEN=token) as server:
        requests = 30
        for _ in range(requests):
            with urllib.request.urlopen(server.url + "/livez") as response:
                response.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + "/metrics")
        assert refused.value.code == 404
        for _ in range(3):  # whichever worker answers the scrape
            scrape = urllib.request.Request(
                server.url + "/metrics", headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(scrape) as response:
                text = response.read().decode()
            counted = [line for line in text.splitlines() if line.startswith("backspasm_requests_total{")]
            livez = sum(float(line.rsplit(" ", 1)[1]) for line in counted if 'view="core:livez"' in line)
            assert livez == requests, counted
