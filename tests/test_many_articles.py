"""Flat costs as content grows (issue 16): with hundreds of articles, the lists, the sitemap and an article
page stay as small and as cheap as with the site's own eleven."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backspasm_site.articles import listing
from backspasm_site.articles.models import Article, Status, Topic
from backspasm_site.page_cache import edge
from backspasm_site.seo.sitemaps import URLS_PER_SITEMAP
from backspasm_site.wsgi import application

from .generated_articles import generate
from .test_page_weight import BROWSER, BUDGET, Sent, first_view
from .wsgi_client import Site

pytestmark = pytest.mark.django_db

MANY = 300
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ARTICLE_LINK = re.compile(r'<a href="/articles/([a-z0-9-]+)/">')


@pytest.fixture
def many_articles(site_content):
    return generate(MANY)


def main_of(html: str) -> str:
    """The page's own content, without the header's and footer's links."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def linked_articles(response) -> list[str]:
    """The articles the page's lists link to (not the home page's card for the first-days guide)."""
    main = re.sub(
        r'<section class="card card--action".*?</section>', "", main_of(response.content.decode()), flags=re.S
    )
    return ARTICLE_LINK.findall(main)


def surrogate_keys(response) -> set[str]:
    return set(response[edge.HEADER].split())


def published(topic: Topic) -> int:
    return Article.objects.published().filter(topic=topic).count()


# --- home, /articles/ and each topic's pages ------------------------------------------------------------


@pytest.mark.parametrize(
    "url, per_topic", [("/", listing.HOME_PER_TOPIC), ("/articles/", listing.LIST_PER_TOPIC)]
)
def test_home_and_list_show_each_topics_first_pages_and_link_to_the_rest(
    client, many_articles, url, per_topic
):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert len(linked_articles(response)) == per_topic * len(Topic)
    for topic in Topic:
        assert (
            f'<a href="/articles/topic/{topic.value}/">See all {published(topic)} pages in {topic.label}</a>'
            in html
        )


def test_the_home_page_keeps_the_warning_signs_and_the_checker_before_the_lists(client, many_articles):
    html = main_of(client.get("/").content.decode())
    checker = html.index('<a class="button" href="/symptom-checker/">')
    assert html.index('data-sign-list="emergency"') < checker < html.index('class="link-list"')


def test_with_the_sites_own_articles_every_page_is_listed_and_there_are_no_page_links(client, site_content):
    for url in ["/", "/articles/"]:
        response = client.get(url)
        assert sorted(linked_articles(response)) == sorted(a.slug for a in Article.objects.published())
        assert "See all" not in response.content.decode()
    for topic in Topic:
        html = client.get(listing.topic_url(topic.value)).content.decode()
        assert len(ARTICLE_LINK.findall(main_of(html))) == published(topic)
        assert 'class="pagination"' not in html and "Next" not in html and "Page 1 of" not in html


def test_a_topics_pages_hold_a_bounded_number_each_and_together_list_every_page_once(client, many_articles):
    topic = Topic.TREATMENT
    pages = math.ceil(published(topic) / listing.PER_PAGE)
    assert pages > 2
    seen, url = [], listing.topic_url(topic.value)
    for number in range(1, pages + 1):
        response = client.get(url)
        assert response.status_code == 200, url
        shown = linked_articles(response)
        assert len(shown) == (listing.PER_PAGE if number < pages else published(topic) - len(seen))
        seen += shown
        html = response.content.decode()
        assert f"Page {number} of {pages}." in html
        next_link = re.search(r'<a href="([^"]+)" rel="next">Next</a>', html)
        if number < pages:
            url = next_link.group(1)
            assert url == f"/articles/topic/{topic.value}/page/{number + 1}/"
        else:
            assert next_link is None
    expected = Article.objects.published().filter(topic=topic).values_list("slug", flat=True)
    assert sorted(seen) == sorted(expected) and len(set(seen)) == len(seen)


def test_the_page_links_say_where_you_are_in_plain_words(client, many_articles):
    html = client.get("/articles/topic/treatment/page/2/").content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert nav and nav.group(1) == "Pages of this list"
    links = nav.group(2)
    assert '<a href="/articles/topic/treatment/" rel="prev">Previous</a>' in links
    assert '<a href="/articles/topic/treatment/page/3/" rel="next">Next</a>' in links
    assert re.findall(r'aria-current="page"[^>]*>(\d+)</a>', links) == ["2"]
    assert '<a href="/articles/topic/treatment/"' in links  # page 1 is the plain address


@pytest.mark.parametrize(
    "url",
    [
        "/articles/topic/treatment/page/99/",  # past the last page
        "/articles/topic/treatment/page/0/",
        "/articles/topic/treatment/page/02/",
        "/articles/topic/treatment/page/-1/",
        "/articles/topic/treatment/page/two/",
        "/articles/topic/treatment/page/99999999999999999999/",
        "/articles/topic/no-such-topic/",
        "/articles/topic/no-such-topic/page/2/",
    ],
)
def test_a_page_that_does_not_exist_is_a_404(client, many_articles, url):
    assert client.get(url).status_code == 404


def test_page_one_has_one_address_and_a_topic_with_nothing_published_has_no_page(client, site_content):
    response = client.get("/articles/topic/treatment/page/1/")
    assert response.status_code == 301 and response["Location"] == "/articles/topic/treatment/"
    Article.objects.filter(topic=Topic.GETTING_HELP).update(status=Status.DRAFT)
    assert client.get("/articles/topic/getting-help/").status_code == 404


def test_an_article_page_links_back_to_its_topics_list(client, site_content):
    html = client.get("/articles/home-treatment/").content.decode()
    assert '<a href="/articles/topic/treatment/">Treatment</a>' in html


# --- surrogate keys: what a list shows of an article changes only with the list key --------------------


@pytest.mark.parametrize(
    "url", ["/", "/articles/", "/articles/topic/treatment/", "/articles/topic/treatment/page/3/"]
)
def test_every_list_page_is_tagged_with_the_list_key_only(client, many_articles, url):
    """Everything a list shows of an article is in Article.LISTED_BY, whose changes purge `article-list`:
    a body edit leaves the lists cached, however many articles they show (and the header stays short)."""
    response = client.get(url)
    assert len(linked_articles(response)) > 0
    assert surrogate_keys(response) == {edge.SITE_KEY, edge.ARTICLE_LIST_KEY}


# --- the sitemap: an index and children of a bounded size -----------------------------------------------


def sitemap(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml", path
    return response, ET.fromstring(response.content)


def test_the_sitemap_is_an_index_of_children_that_together_list_every_published_page_once(
    client, many_articles, settings
):
    Article.objects.filter(slug="generated-page-7").update(status=Status.DRAFT)
    index_response, index = sitemap(client, "/sitemap.xml")
    children = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    articles = Article.objects.published().count()
    article_children = math.ceil(articles / URLS_PER_SITEMAP)
    assert article_children >= 2
    assert children == [
        settings.SITE_URL + "/sitemap-pages.xml",
        settings.SITE_URL + "/sitemap-articles.xml",
        *(settings.SITE_URL + f"/sitemap-articles-{n}.xml" for n in range(2, article_children + 1)),
    ]
    assert surrogate_keys(index_response) == {edge.SITE_KEY, edge.ARTICLE_LIST_KEY}

    listed = []
    for child in children[1:]:
        response, urlset = sitemap(client, child.removeprefix(settings.SITE_URL))
        locs = [loc.text for loc in urlset.findall("s:url/s:loc", SITEMAP_NS)]
        assert 0 < len(locs) <= URLS_PER_SITEMAP
        assert surrogate_keys(response) == {edge.SITE_KEY, edge.ARTICLE_LIST_KEY, edge.SITEMAP_KEY}
        listed += locs
    expected = [settings.SITE_URL + a.get_absolute_url() for a in Article.objects.published().order_by("pk")]
    assert listed == expected
    assert settings.SITE_URL + "/articles/generated-page-7/" not in listed


def test_the_pages_sitemap_lists_each_topics_list(client, site_content, settings):
    _, urlset = sitemap(client, "/sitemap-pages.xml")
    locs = {loc.text for loc in urlset.findall("s:url/s:loc", SITEMAP_NS)}
    assert {settings.SITE_URL + listing.topic_url(topic.value) for topic in Topic} <= locs


@pytest.mark.parametrize(
    "path",
    ["/sitemap-articles-9.xml", "/sitemap-articles-0.xml", "/sitemap-other.xml", "/sitemap-pages-2.xml"],
)
def test_a_sitemap_that_does_not_exist_is_a_404(client, many_articles, path):
    assert client.get(path).status_code == 404


def test_the_first_child_sitemap_has_one_address(client, many_articles):
    response = client.get("/sitemap-articles-1.xml")
    assert response.status_code == 301 and response["Location"] == "/sitemap-articles.xml"


# --- as served: small, compressed, cheap ----------------------------------------------------------------


def test_home_lists_and_sitemaps_are_at_most_30_kb_on_first_view_with_hundreds_of_articles(many_articles):
    site = Site(application)
    urls = ["/", "/articles/", "/articles/topic/treatment/", "/articles/topic/treatment/page/2/"]
    sitemaps = ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-articles.xml", "/sitemap-articles-2.xml"]
    for url in urls + sitemaps:
        answer = site.get(url, headers=BROWSER)
        assert answer.status == 200, url
        assert answer.get("Content-Encoding") in ("br", "gzip"), url
        page = Sent(answer.status, list(answer.headers.items()), answer.body)
        total, sizes = first_view(page) if url in urls else (page.transferred, {})
        assert total <= BUDGET, f"{url}: {total} bytes {sizes}"


def queries_for(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return [query["sql"] for query in queries]


# A read of the articles that returns a bounded number of rows: one page of them (LIMIT), named ones (by
# slug or id, or one article's related pages), or a count.
BOUNDED = re.compile(
    r'\bLIMIT \d+|"slug" = |_id" IN \(|_id" = \d+|\bCOUNT\(|\bGROUP BY\b|SELECT DISTINCT "articles_article"."topic"'
)


@pytest.mark.parametrize(
    "url",
    [
        "/articles/home-treatment/",
        "/",
        "/articles/",
        "/articles/topic/treatment/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ],
)
def test_a_page_rendered_cold_reads_no_more_with_hundreds_of_articles(client, site_content, url):
    few = queries_for(client, url)
    generate(MANY)
    many = queries_for(client, url)
    assert len(many) == len(few)
    unbounded = [sql for sql in many if '"articles_article"' in sql and not BOUNDED.search(sql)]
    assert unbounded == []
