"""The insight page in admin: who may see it, what it shows, its CSV files."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from backspasm_site.articles.models import Article
from backspasm_site.feedback.models import Feedback
from backspasm_site.insight.models import DailyCount

pytestmark = pytest.mark.django_db
URL = "/admin/insight/dailycount/"


def add(topic, event, detail="", n=1, days_ago=0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    DailyCount.objects.create(day=day, topic=topic, event=event, detail=detail, n=n)


@pytest.fixture
def counted(site_content):
    article = Article.objects.published().get(slug="what-is-a-back-spasm")
    add("view", "seen", article.get_absolute_url(), n=40)
    add("view", "seen", article.get_absolute_url(), n=12, days_ago=10)
    Feedback.objects.create(article=article, helpful=False)
    Feedback.objects.create(article=article, helpful=True)
    add("search", "asked", "=cmd|' /c calc'!a0", n=5)
    add("search", "found-nothing", "=cmd|' /c calc'!a0", n=5)
    add("search", "asked", "sciatica cream", n=3)
    add("search", "found-nothing", "sciatica cream", n=3)
    add("search", "asked", "my own words", n=2)
    add("search", "found-nothing", "my own words", n=2)
    add("checker", "started", n=10)
    add("checker", "reached-step-2", n=7)
    add("checker", "reached-result", "emergency", n=1)
    add("checker", "reached-result", "self-care", n=4, days_ago=8)
    return article


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_editors_and_reviewers_see_the_plots_and_the_failed_searches(client, counted, who, request):
    client.force_login(request.getfixturevalue(who))
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 4  # failed searches, the funnel, the results by week, each page's lines
    assert "sciatica cream" in html
    assert "my own words" not in html, "asked twice: not shown"
    assert "What is a back spasm" in html or counted.title in html
    assert "Reached step 2 (70%)" in html
    assert "<script" not in html.split('id="insight"')[1]
    assert 'style="' not in html.split('id="insight"')[1], "the CSP allows no inline style"
    assert "Insight" in client.get("/admin/").content.decode()


def test_the_public_and_staff_without_the_role_never_see_it(client, counted, staff_user):
    answer = client.get(URL)
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]
    client.force_login(staff_user)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?csv=searches").status_code == 403


def test_each_table_downloads_as_csv_safe_for_spreadsheets(client, counted, reviewer):
    client.force_login(reviewer)
    files = {}
    for name in ("pages", "searches", "funnel", "results"):
        answer = client.get(URL, {"csv": name})
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
        files[name] = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    searches = {row[0]: row for row in files["searches"][1:]}
    assert "'=cmd|' /c calc'!a0" in searches, "a formula is never a formula in the spreadsheet"
    assert "my own words" not in searches
    assert files["funnel"][1:] == [
        ["Started (step 1)", "10"],
        ["Reached step 2", "7"],
        ["Reached a result", "5"],
    ]
    pages = {row[1]: row for row in files["pages"][1:]}
    assert pages[counted.get_absolute_url()][2:5] == ["52", "1", "1"]
    assert sum(int(row[1]) for row in files["results"][1:]) == 1  # emergency column
    assert sum(int(row[4]) for row in files["results"][1:]) == 4  # self-care column


def test_the_28_day_view_leaves_out_older_days(client, counted, reviewer):
    client.force_login(reviewer)
    add("view", "seen", counted.get_absolute_url(), n=1000, days_ago=40)
    answer = client.get(URL, {"csv": "pages", "days": "28"})
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[1][2] == "52"


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_a_count_has_no_page_of_its_own_so_a_search_asked_once_stays_hidden(client, counted, who, request):
    """The list is the only page: a count's change, history or delete page showed its words whatever the
    number of searches (ids count from 1)."""
    once = DailyCount.objects.create(topic="search", event="asked", detail="jo bloggs lives here", n=1)
    client.force_login(request.getfixturevalue(who))
    for page in ("change/", "history/", "delete/", ""):
        answer = client.get(f"{URL}{once.pk}/{page}", follow=True)
        assert "jo bloggs lives here" not in answer.content.decode(), page
        assert answer.status_code == 404, page
    assert client.get(URL + "add/").status_code == 404
    assert "jo bloggs lives here" not in client.get(URL).content.decode()
    assert "jo bloggs lives here" not in client.get(URL, {"csv": "searches"}).content.decode()
