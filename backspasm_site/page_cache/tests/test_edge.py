"""Purging the edge (page_cache/edge.py): which keys a change purges, that purges go out only after the
change commits, and the request each documented backend sends (to a recorder on loopback)."""

import http.server
import json
import threading

import pytest
from django.db import transaction

from backspasm_site.articles.models import Article
from backspasm_site.core.models import SiteText
from backspasm_site.editorial import services
from backspasm_site.page_cache import edge

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder():
    """A loopback HTTP server that records each request it is sent (and fails the first `failures[0]`)."""
    seen, failures = [], [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, self.path, self.headers, body))
            failing = failures[0] > 0
            failures[0] -= 1
            self.send_response(503 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PURGE = do_POST = answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen, failures
    server.shutdown()


def test_an_article_change_names_its_own_keys_and_anything_else_every_page(site_content):
    article = Article.objects.get(slug="causes")
    assert edge.keys_for(Article, article) == [f"article-{article.pk}", "sitemap", "article-list"]
    edge.note_listing(Article, article)  # a save that changes nothing the lists show: its own pages only
    assert edge.keys_for(Article, article) == [f"article-{article.pk}", "sitemap"]
    article.title = "What sets off a back spasm"
    edge.note_listing(Article, article)
    assert edge.keys_for(Article, article) == [f"article-{article.pk}", "sitemap", "article-list"]
    assert edge.keys_for(SiteText, SiteText.objects.first()) == ["site"]
    assert edge.keys_for(Article.history.model, None) == []  # a history record shows on no page


@pytest.mark.parametrize(
    "query, plain",
    [("", True), ("utm_source=newsletter&fbclid=x", True), ("fbclid=1&gclid=", True), ("&utm_medium=a&", True),
     ("utm_1=x", False), ("utm_", False), ("utm_source", False), ("utm_a+b=1", False), ("fbclid", False),
     ("UTM_SOURCE=x", False), ("%75tm_source=x", False), ("q=numb", False), ("utm_source=x&q=numb", False),
     # The VCL trims a trailing "?" or "&" only beside a tracker's parameter: alone, each would be a copy.
     ("&", False), ("&&", False), ("?", False), ("?&", False)],
)  # fmt: skip
def test_only_a_query_string_the_edge_strips_whole_is_the_plain_page(query, plain):
    """As the VCL reads it (the same pattern, edge.TRACKING_PARAMETER): what it leaves is never shared."""
    assert edge.only_tracking(query) is plain


def test_pages_carry_the_keys_of_what_they_show(client, site_content):
    causes = Article.objects.get(slug="causes")
    keys = client.get("/articles/what-is-a-back-spasm/")["Surrogate-Key"].split()
    assert "site" in keys and f"article-{causes.pk}" in keys  # it links to causes
    # Lists change with `article-list` alone: a save that changes what they show of an article purges it.
    assert set(client.get("/")["Surrogate-Key"].split()) == {"site", "article-list"}
    assert client.get("/about-this-content/")["Surrogate-Key"] == "site"


def test_a_purge_goes_out_only_after_the_publish_commits(settings, site_content, reviewer):
    settings.EDGE_PURGE = "varnish:http://127.0.0.1:9"
    sent = []
    article = Article.objects.get(slug="causes")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edge, "_after_commit", sent.append)
        with transaction.atomic():
            services.unpublish(article=article, user=reviewer)
            assert sent == []
        # pytest-django's test transaction never commits: run what on_commit holds, as a commit would.
        for _, callback, _ in transaction.get_connection().run_on_commit:
            callback()
    assert sent == [[f"article-{article.pk}", "article-list", "sitemap"]]


def test_each_service_that_changes_public_pages_names_exactly_their_keys(
    site_content, reviewer, second_reviewer, monkeypatch
):
    """Publishing says what it changed (issue 28): the services name the keys, not a save signal."""
    from backspasm_site.editorial.models import PendingChange

    named = []
    monkeypatch.setattr(edge, "content_changed", lambda *, keys: named.append(sorted(keys)))
    article = Article.objects.get(slug="causes")
    own = [f"article-{article.pk}", "sitemap"]
    services.mark_reviewed(article=article, user=reviewer)
    assert named.pop() == own  # its page says when it was reviewed; the lists do not
    services.unpublish(article=article, user=reviewer)
    assert named.pop() == sorted([*own, "article-list"])
    services.publish_draft(article=Article.objects.get(slug="causes"), user=second_reviewer)
    assert named.pop() == sorted([*own, "article-list"])

    def publish_change(**fields):
        live = Article.objects.get(pk=article.pk)
        change = services.save_change(obj=live, values=fields, user=reviewer, reason="Clearer", submit=True)
        services.publish(change=PendingChange.objects.get(pk=change.pk), user=second_reviewer)
        return named.pop()

    assert publish_change(body="Muscles tighten for many reasons.") == own  # the words: its own pages
    assert publish_change(slug="triggers") == sorted([*own, "article-list"])  # renamed: the lists too
    site_text = SiteText.objects.get(key="disclaimer")
    change = services.save_change(
        obj=site_text, values={"body": "Not medical advice."}, user=reviewer, reason="", submit=True
    )
    services.publish(change=change, user=second_reviewer)
    assert named.pop() == ["site"]  # on every page
    assert named == []


def test_each_backend_sends_the_request_its_api_documents(recorder):
    url, seen, _ = recorder
    edge.VarnishPurger([url, url], "purge-token").purge(["article-3", "article-list"])
    edge.FastlyPurger("svc1", "fastly-token", api=url).purge(["site"])
    edge.CloudflarePurger("zone9", "cf-token", api=url).purge(["article-3", "site"])
    varnish, again, fastly, cloudflare = seen
    assert (
        varnish[:2] == ("PURGE", "/")
        and varnish[2]["xkey-purge"] == "article-3 article-list"
        and again[2]["xkey-purge"] == varnish[2]["xkey-purge"]
        and varnish[2]["Authorization"] == "Bearer purge-token"
    )
    assert fastly[:2] == ("POST", "/service/svc1/purge") and fastly[2]["Surrogate-Key"] == "site"
    assert fastly[2]["Fastly-Key"] == "fastly-token"
    assert (
        cloudflare[:2] == ("POST", "/zones/zone9/purge_cache")
        and cloudflare[2]["Authorization"] == "Bearer cf-token"
    )
    assert json.loads(cloudflare[3]) == {"tags": ["article-3", "site"]}


def test_cloudfront_is_sent_the_paths_that_can_show_each_key():
    """CloudFront's CreateInvalidation, checked against botocore's model of its API by the Stubber."""
    import boto3
    from botocore.stub import ANY, Stubber

    client = boto3.client(
        "cloudfront", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    purger = edge.CloudFrontPurger("E2EXAMPLE", client=client)
    answer = {"Location": "https://cloudfront/inv", "Invalidation": {
        "Id": "I1", "Status": "InProgress", "CreateTime": "2026-12-02T00:00:00Z",
        "InvalidationBatch": {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "r"},
    }}  # fmt: skip
    with Stubber(client) as stub:
        for paths in (["/articles/*", "/sitemap*"], ["/", "/articles/*", "/sitemap*"], ["/*"]):
            batch = {"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": ANY}
            stub.add_response(
                "create_invalidation", answer, {"DistributionId": "E2EXAMPLE", "InvalidationBatch": batch}
            )
        purger.purge(["article-3", "sitemap"])  # a body edit: every article page (its address may be gone)
        purger.purge(["article-3", "article-list", "sitemap"])  # and the lists
        purger.purge(["article-3", "site"])  # anything site-wide: everything
        stub.assert_no_pending_responses()


def test_edge_purge_names_each_backend(settings):
    for setting, kind in [
        ("varnish:http://127.0.0.1:6081", edge.VarnishPurger),
        ("fastly:svc1", edge.FastlyPurger),
        ("cloudflare:zone9", edge.CloudflarePurger),
        ("cloudfront:E2EXAMPLE", edge.CloudFrontPurger),
        ("", edge.NoEdge),
    ]:
        settings.EDGE_PURGE = setting
        assert type(edge.purger()) is kind
    settings.EDGE_PURGE = "akamai:x"
    with pytest.raises(ValueError, match="unknown edge"):
        edge.purger()


def test_a_varnish_that_fails_is_asked_again_and_one_that_stays_down_is_reported(
    recorder, monkeypatch, caplog
):
    """Several Varnish hosts: a purge that fails is retried; one host down never stops the others, and is
    reported as an error naming it (what was a warning that one instance kept changed pages for a day)."""
    url, seen, failures = recorder
    monkeypatch.setattr(edge.VarnishPurger, "RETRY_AFTER", 0)
    down = "http://127.0.0.1:9"  # nothing listens there
    failures[0] = 2  # a Varnish restarting: two failures, then it answers
    with pytest.raises(edge.PurgeFailed) as failed:
        edge.VarnishPurger([down, url], "purge-token").purge(["article-3"])
    assert [command for command, *_ in seen] == ["PURGE"] * 3  # asked again until it answered
    assert list(failed.value.failed) == [down]
    monkeypatch.setattr(edge, "purger", lambda: edge.VarnishPurger([url, down], "purge-token"))
    with caplog.at_level("ERROR"):
        edge.send(["article-3"])
    assert len(seen) == 4 and "failed, after retries, at http://127.0.0.1:9" in caplog.text
    assert "purge-token" not in caplog.text


def test_a_failing_edge_is_logged_and_breaks_nothing(settings, caplog, monkeypatch):
    monkeypatch.setattr(edge.VarnishPurger, "RETRY_AFTER", 0)
    settings.EDGE_PURGE = "varnish:http://127.0.0.1:9"  # nothing listens there
    edge.send(["site"])
    assert "Edge purge of ['site'] failed" in caplog.text
    settings.EDGE_PURGE = "varnish:file:///etc/passwd"
    edge.send(["site"])
    assert "not an http(s) address" in caplog.text
