"""Each counter counts, keeps nothing about the reader, and never costs a page when it cannot count."""

import html
import io
import json
import logging
import re

import pytest
from django.core import serializers
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from backspasm_site.insight import counting, report
from backspasm_site.insight.counting import normalised
from backspasm_site.insight.models import DailyCount, OpsTotal
from tests.checker_steps import answer_checker, ticking

pytestmark = pytest.mark.django_db
NOTHING = "frobnicated xylophone"
ARTICLE = "/articles/what-is-a-back-spasm/"
SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}
# What must never be kept: a reader's address, user agent and cookies.
READER = {
    "REMOTE_ADDR": "203.0.113.77",
    "HTTP_X_FORWARDED_FOR": "198.51.100.23",
    "HTTP_USER_AGENT": "Marker-UA/7.7 (reader's phone)",
}
COOKIE_VALUE = "cookie-marker-5150"


def counts(topic, event=None):
    rows = DailyCount.objects.filter(topic=topic, **({"event": event} if event else {}))
    return {(row.event, row.detail): row.n for row in rows}


def failed_queries():
    return [row.query for row in report.searches(report.first_day(), failed_only=True)]


def test_a_search_that_finds_nothing_is_shown_to_editors_only_from_the_third_time(client, site_content):
    for time in (1, 2):
        assert client.get("/search/", {"q": "  Frobnicated,  XYLOPHONE! "}).status_code == 200
        assert failed_queries() == [], f"shown after {time} searches"
    client.get("/search/", {"q": NOTHING})
    assert failed_queries() == [NOTHING]
    assert counts("search")[("asked", NOTHING)] == 3
    assert counts("search")[("found-nothing", NOTHING)] == 3


def test_searches_that_found_something_are_counted_but_not_as_failed(client, site_content):
    for _ in range(3):
        client.get("/search/", {"q": "slipped disc"})  # a lay term: found through its synonym
        client.get("/search/", {"q": "bakc spasm"})  # found through the spelling correction
    rows = {row.query: row for row in report.searches(report.first_day())}
    assert rows["slipped disc"].found_nothing == 0 and rows["slipped disc"].by_synonym == 3
    assert rows["bakc spasm"].by_spelling == 3
    assert failed_queries() == []


def test_the_search_instead_for_link_is_not_counted_again(client, site_content):
    client.get("/search/", {"q": "bakc spasm"})
    client.get("/search/", {"q": "bakc spasm", "exact": "1"})
    assert client.head("/search/", {"q": "bakc spasm"}).status_code == 200  # a HEAD is no reader either
    assert counts("search", "asked") == {("asked", "bakc spasm"): 1}


@pytest.mark.parametrize(
    "query",
    [
        "call me on 07700 900123",
        "jo.bloggs@example.org back pain",
        "NHS 485 777 3456",
        "www.example.org",
        "john(at)gmail(dot)com",  # as the feedback scrubber reads it (was counted)
        "jo.bloggs at gmail dot com",  # written out (was counted, and shown from the third time)
        "jo.bloggs AT gmail.com",
    ],
)
def test_queries_with_digits_or_email_shapes_are_not_counted_at_all(client, site_content, query):
    client.get("/search/", {"q": query})
    assert normalised(query) == ""
    assert not DailyCount.objects.filter(topic="search").exists()


def test_a_page_view_is_counted_once_by_the_pixel_without_a_cookie(site_content):
    reader = Client()  # no cookies at all
    page = reader.get(ARTICLE)
    pixel = re.search(r'<img class="seen" src="([^"]+)"', page.content.decode())[1]
    assert counts("view") == {}, "the page itself must not count (it is served from caches)"
    answer = reader.get(html.unescape(pixel), HTTP_REFERER="http://testserver" + ARTICLE)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/gif"
    assert "no-store" in answer["Cache-Control"], "a cached pixel would count a page once per browser"
    assert not answer.cookies and not reader.cookies
    assert counts("view") == {("seen", ARTICLE): 1}
    reader.head(html.unescape(pixel))
    assert counts("view") == {("seen", ARTICLE): 1}, "a HEAD is not a view"


@pytest.mark.parametrize(
    "body",
    [
        "/articles/no-such-page/",
        "/articles/topic/anything-at-all/",  # 404s: not a topic, not a page of its list, or a redirect
        "/articles/topic/treatment/page/123456789/",
        "/articles/topic/treatment/page/2/",
        "/articles/topic/treatment/page/1/",
        "/admin/",
        "/symptom-checker/result/",
        "not a path",
        "/" + "a" * 300,
        "/\x00",
    ],
)
def test_the_pixel_counts_only_public_pages(client, site_content, body):
    answer = client.get("/insight/seen.gif", {"page": body})
    assert answer.status_code == 200
    assert not DailyCount.objects.exists()


@pytest.mark.parametrize("page", ["/", "/articles/", "/articles/topic/treatment/", ARTICLE])
def test_the_pixel_counts_each_kind_of_public_page(client, site_content, page):
    assert client.get(page).status_code == 200
    client.get("/insight/seen.gif", {"page": page})
    assert counts("view") == {("seen", page): 1}


def test_the_pixel_refuses_other_sites(client, site_content):
    client.get("/insight/seen.gif", {"page": ARTICLE}, HTTP_REFERER="https://evil.example/")
    assert not DailyCount.objects.exists()


GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
CHROME = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari"
CROSS_SITE = {"User-Agent": CHROME, "Sec-Fetch-Site": "cross-site"}
NOT_READERS = {
    "googlebot": {"User-Agent": GOOGLEBOT},
    "bingbot": {"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"},
    "a spider": {"User-Agent": "Mozilla/5.0 (compatible; Baiduspider/2.0)"},
    "a crawler": {"User-Agent": "SiteAuditCrawler/1.0"},
    "a prefetch": {"User-Agent": CHROME, "Sec-Purpose": "prefetch"},
    "a prerender": {"User-Agent": CHROME, "Sec-Purpose": "prefetch;prerender"},
    "an old prefetch": {"User-Agent": CHROME, "Purpose": "prefetch"},
    "firefox's prefetch": {"User-Agent": CHROME, "X-Moz": "prefetch"},
    "another site": {"Sec-Fetch-Site": "cross-site"},
    "another site's page": {**CROSS_SITE, "Sec-Fetch-Dest": "image"},  # its <img> of the pixel
    "another site's frame": {**CROSS_SITE, "Sec-Fetch-Dest": "iframe"},
}
READERS = {
    "a phone": {"User-Agent": CHROME, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image"},
    "no headers at all": {},
    "a cubot phone": {"User-Agent": "Mozilla/5.0 (Linux; Android 10; CUBOT X30) Chrome/126.0 Mobile"},
    # A reader who follows another site's link (a search engine's) to the checker or a search.
    "a link from another site": {**CROSS_SITE, "Sec-Fetch-Dest": "document"},
}


def count_in_each_place(client, headers):
    """The three places that count a reader: the page-view pixel, a search, the checker's first step."""
    client.get("/insight/seen.gif", {"page": "/articles/symptoms/"}, headers=headers)
    client.get("/search/", {"q": "massage"}, headers=headers)
    client.get("/symptom-checker/", headers=headers)
    return {"view": counts("view"), "search": counts("search", "asked"), "checker": counts("checker")}


@pytest.mark.parametrize("who", NOT_READERS)
def test_bots_prefetches_and_other_sites_are_not_counted_as_readers(client, site_content, who):
    assert count_in_each_place(client, NOT_READERS[who]) == {"view": {}, "search": {}, "checker": {}}
    client.cookies.pop("checker_answers", None)
    answer_checker(client, ticking("saddle_numbness"), headers=NOT_READERS[who])
    assert counts("checker") == {}, "a result shown to a bot is not a reader's either"


@pytest.mark.parametrize("who", READERS)
def test_readers_are_counted_in_each_place(client, site_content, who):
    assert count_in_each_place(client, READERS[who]) == {
        "view": {("seen", "/articles/symptoms/"): 1},
        "search": {("asked", "massage"): 1},
        "checker": {("started", ""): 1},
    }


def test_the_checker_funnel_counts_starts_steps_and_results_by_level(client, site_content):
    client.get("/symptom-checker/")
    client.get("/symptom-checker/")
    answer_checker(client, ticking())  # no warning sign: three steps, then a result
    answer_checker(client, ticking("saddle_numbness"))  # an emergency sign: the result from step 1
    funnel = report.funnel(report.first_day())
    assert (funnel.started, funnel.step_2, funnel.result) == (2, 1, 2)
    results = {detail: n for (event, detail), n in counts("checker", "reached-result").items()}
    assert results["emergency"] == 1 and sum(results.values()) == 2
    assert set(results) <= set(report.LEVELS)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_count_is_one_statement_so_no_write_lock_waits_on_python():
    """In a transaction of its own, SQLite's write lock was held while Python ran between its statements, and
    with 32 readers at once (`make bench`) the checker's first step, which counts, read p99 2.2-2.5 s against
    0.6-0.7 s as one statement, side by side."""
    counting.count("checker", "started")  # today's row is made
    with CaptureQueriesContext(connection) as queries:
        counting.count("checker", "started")
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["UPDATE"]
    assert counts("checker", "started") == {("started", ""): 2}


def test_no_answer_address_cookie_or_user_agent_is_stored_or_logged(site_content, caplog):
    reader = Client(**READER)
    reader.cookies["reader"] = COOKIE_VALUE
    caplog.set_level(logging.DEBUG)
    answer_checker(reader, ticking("saddle_numbness"), **SAME_SITE)
    answer_checker(reader, ticking(), **SAME_SITE)
    for _ in range(3):
        reader.get("/search/", {"q": NOTHING})
    reader.get("/insight/seen.gif", {"page": ARTICLE})
    stored = serializers.serialize("json", DailyCount.objects.all())
    for marker in ("203.0.113", "198.51.100", "Marker-UA", COOKIE_VALUE, "saddle", "numbness"):
        assert marker not in stored
        assert marker not in caplog.text
    checker_rows = DailyCount.objects.filter(topic="checker")
    assert {row.event for row in checker_rows} <= {"started", "reached-step-2", "reached-result"}
    assert {row.detail for row in checker_rows} <= {"", *report.LEVELS}
    assert [f.name for f in DailyCount._meta.get_fields()] == ["id", "day", "topic", "event", "detail", "n"]
    assert json.loads(stored)  # something was counted


def refusing_insight_tables(execute, sql, params, many, context):
    """The database away, for the counts only: every statement on the insight tables fails."""
    if "insight_" in sql:
        raise OperationalError("database is away")
    return execute(sql, params, many, context)


def test_a_database_that_is_away_loses_the_count_never_the_page(client, site_content, caplog):
    with connection.execute_wrapper(refusing_insight_tables):
        assert client.get("/search/", {"q": NOTHING}).status_code == 200
        assert client.get("/symptom-checker/").status_code == 200
        result = answer_checker(client, ticking("saddle_numbness"))
        assert result.status_code == 200 and b"data-disposition" in result.content
        assert client.get("/insight/seen.gif", {"page": ARTICLE}).status_code == 200
    assert not DailyCount.objects.exists()
    assert "Not counted (search asked): OperationalError" in caplog.text
    assert NOTHING not in caplog.text


def test_a_redis_that_is_away_costs_no_count(client, site_content):
    from tests.test_cache_outage import caches_for, unused_port

    with override_settings(CACHES=caches_for(f"redis://127.0.0.1:{unused_port()}/0")):
        assert client.get("/search/", {"q": NOTHING}).status_code == 200
        assert client.get("/insight/seen.gif", {"page": ARTICLE}).status_code == 200
    assert counts("search", "asked") == {("asked", NOTHING): 1}
    assert counts("view") == {("seen", ARTICLE): 1}


def test_counts_older_than_90_days_are_deleted(db):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    today = timezone.localdate()
    for age in (0, 89, 90, 400):
        DailyCount.objects.create(day=today - datetime.timedelta(days=age), topic="view", event="seen", n=1)
    call_command("prune_insight", stdout=io.StringIO())
    assert sorted((today - row.day).days for row in DailyCount.objects.all()) == [0, 89]
    assert OpsTotal.objects.get(name="prune_insight_runs").value == 1  # /metrics: the alert rules see it
