"""/metrics: Prometheus text format for the bearer token only, 404 to anyone else (from 127.0.0.1 too); what
it counts, and that nothing about a reader is in it."""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from prometheus_client.parser import text_string_to_metric_families

from backspasm_site.page_cache import edge
from backspasm_site.wsgi import application
from tests.wsgi_client import Site

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-metrics-token-for-tests"


@pytest.fixture(autouse=True)
def token(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client) -> dict:
    """{(name, labels as a sorted tuple): value}."""
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in answer["Cache-Control"]
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.content.decode())
        for sample in family.samples
    }


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer wrong"},
        {"HTTP_AUTHORIZATION": TOKEN},
        {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
        {"REMOTE_ADDR": "127.0.0.1"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
    ],
)
def test_without_the_token_it_is_a_404_whoever_asks(client, headers):
    answer = client.get("/metrics", **headers)
    assert answer.status_code == 404
    assert b"backspasm_" not in answer.content


def test_with_no_token_set_it_answers_nobody(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_requests_are_counted_by_view_and_status_cache_hits_and_errors_included(
    client, site_content, monkeypatch, page_cache
):
    site = Site(application)
    before = scrape(client)
    site.get("/articles/what-is-a-back-spasm/")  # rendered by Django
    site.get("/articles/what-is-a-back-spasm/")  # answered from Django's page cache: the same view
    site.get("/no-such-page/")

    def database_away(slug):
        raise OperationalError("database is away")

    monkeypatch.setattr("backspasm_site.articles.views.published_page", database_away)
    assert site.get("/articles/prevention/").status == 500
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("backspasm_requests_total", view="articles:detail", status="200") == 1
    assert grew("backspasm_requests_total", view="page-cache", status="200") == 1
    assert grew("backspasm_requests_total", view="other", status="404") == 1
    assert grew("backspasm_requests_total", view="articles:detail", status="500") == 1
    assert grew("backspasm_database_errors_total") == 1
    assert grew("backspasm_request_duration_seconds_count", view="articles:detail") == 2
    assert grew("backspasm_request_duration_seconds_bucket", view="page-cache", le="+Inf") == 1


class FailingPurger(edge.Purger):
    def purge(self, keys):
        raise edge.PurgeFailed({"http://127.0.0.1:6081": OSError("refused")})


def test_purges_sent_and_failed_are_counted(client, monkeypatch):
    monkeypatch.setattr(edge, "purger", lambda: edge.NoEdge())
    edge.send(["site"])
    monkeypatch.setattr(edge, "purger", FailingPurger)
    edge.send(["site"])
    edge.send(["article-1"])
    samples = scrape(client)
    assert value(samples, "backspasm_edge_purges_sent_total") == 1
    assert value(samples, "backspasm_edge_purges_failed_total") == 2


def test_publish_due_runs_and_its_last_run_are_exposed(client):
    import io
    import time

    samples = scrape(client)
    assert ("backspasm_publish_due_last_run_timestamp_seconds", ()) not in samples
    call_command("publish_due", stdout=io.StringIO())
    call_command("publish_due", stdout=io.StringIO())
    samples = scrape(client)
    assert value(samples, "backspasm_publish_due_runs_total") == 2
    assert value(samples, "backspasm_publish_due_published_total") == 0
    assert abs(value(samples, "backspasm_publish_due_last_run_timestamp_seconds") - time.time()) < 3600
    assert value(samples, "backspasm_database_up") == 1


def test_prune_insight_runs_and_its_last_run_are_exposed(client):
    import io
    import time

    assert ("backspasm_prune_insight_last_run_timestamp_seconds", ()) not in scrape(client)
    call_command("prune_insight", stdout=io.StringIO())
    samples = scrape(client)
    assert value(samples, "backspasm_prune_insight_runs_total") == 1
    assert abs(value(samples, "backspasm_prune_insight_last_run_timestamp_seconds") - time.time()) < 3600
    assert ("backspasm_publish_due_last_run_timestamp_seconds", ()) not in samples  # each its own


def test_the_metrics_hold_nothing_about_a_reader(client, site_content):
    site = Site(application)
    site.get(
        "/search/?q=frobnicated+xylophone",
        headers={"User-Agent": "Marker-UA/7.7", "Cookie": "reader=cookie-marker-5150"},
        REMOTE_ADDR="203.0.113.77",
    )
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    for marker in ("Marker-UA", "cookie-marker", "203.0.113", "frobnicated", "/search/?"):
        assert marker not in text
    assert 'view="search:search"' in text or 'view="search:' in text
