"""Findable and shareable: sitemap, robots.txt, canonical links, descriptions, Open Graph and JSON-LD."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from backspasm_site.articles.models import Article, Status
from backspasm_site.seo.condition import CAUSES, SIGNS_AND_SYMPTOMS, TREATMENTS
from tests.public_pages import SEARCH_PAGES, public_urls

pytestmark = pytest.mark.django_db

SITE = "https://backspasm.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


class Head(HTMLParser):
    """The <meta>, <link> and JSON-LD blocks of a page, parsed as a crawler would."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld = {}, {}, [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content"))
        elif tag == "link" and "rel" in a:
            self.links.setdefault(a["rel"], []).append(a.get("href"))
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_ld = False if tag == "script" else self._in_ld

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_xml(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml"), path
    return ET.fromstring(response.content)


def sitemap_locations(client) -> list[str]:
    """Every address in the sitemap: the index at /sitemap.xml, then each child sitemap it names."""
    children = [
        loc.text for loc in sitemap_xml(client, "/sitemap.xml").findall("s:sitemap/s:loc", SITEMAP_NS)
    ]
    assert children and all(child.startswith(SITE + "/sitemap-") for child in children)
    return [
        loc.text
        for child in children
        for loc in sitemap_xml(client, child.removeprefix(SITE)).findall("s:url/s:loc", SITEMAP_NS)
    ]


def test_sitemap_lists_every_public_page_at_the_site_address_and_no_draft(client, site_content):
    Article.objects.filter(slug="prevention").update(status=Status.DRAFT)
    locs = sitemap_locations(client)
    assert sorted(locs) == sorted(SITE + url for url in public_urls() if url not in SEARCH_PAGES)
    assert SITE + "/articles/prevention/" not in locs


def test_sitemap_lists_every_page_of_a_long_topic_list_and_no_page_it_does_not_have(client, site_content):
    """26 pages in one topic make a second list page, which answers 200 and was left out of the sitemap."""
    from backspasm_site.articles import listing
    from tests.generated_articles import generate

    living_with = Article.objects.published().filter(topic="living-with")
    generate(26 - living_with.count(), topics=("living-with",))
    assert living_with.count() == 26
    locs = sitemap_locations(client)
    assert SITE + listing.topic_url("living-with", 2) in locs
    assert SITE + listing.topic_url("living-with", 3) not in locs
    assert SITE + listing.topic_url("treatment", 2) not in locs
    for loc in locs:
        assert client.get(loc.removeprefix(SITE)).status_code == 200, loc


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    assert "Disallow: /" not in lines


def test_every_public_page_has_one_canonical_link_and_open_graph_tags(client, site_content):
    for url in public_urls():
        page = head(client, url)
        url = url.split("?")[0]  # a search page's canonical address is the search page itself
        assert page.links["canonical"] == [SITE + url], url
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert len(page.meta.get(prop, [])) == 1 and page.meta[prop][0], (url, prop)
        assert page.meta["og:url"] == [SITE + url]
        assert page.meta["description"][0] == page.meta["og:description"][0]


def test_article_descriptions_and_titles_come_from_the_article(client, site_content):
    for article in Article.objects.published():
        page = head(client, article.get_absolute_url())
        assert page.meta["description"] == [article.summary]
        assert page.meta["og:title"] == [article.title]
        assert page.meta["og:type"] == ["article"]


def test_the_404_page_has_no_canonical_link(client, site_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "canonical" not in Head(response.content.decode()).links


def is_date(value):
    return isinstance(value, str) and datetime.date.fromisoformat(value).isoformat() == value


def assert_named_things(items, schema_type):
    assert isinstance(items, list) and items
    for item in items:
        assert item["@type"] == schema_type and isinstance(item["name"], str) and item["name"]


def test_article_json_ld_is_a_valid_medical_web_page_about_back_spasm(client, site_content):
    for article in Article.objects.published():
        page = head(client, article.get_absolute_url())
        assert len(page.json_ld) == 1
        data = json.loads(page.json_ld[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalWebPage"
        assert data["url"] == data["@id"] == SITE + article.get_absolute_url()
        assert data["name"] == article.title and data["description"] == article.summary
        if article.last_reviewed:
            assert is_date(data["lastReviewed"]) and data["lastReviewed"] == article.last_reviewed.isoformat()
        else:  # no clinician has checked it yet (the first-days guide): the page claims no review date
            assert "lastReviewed" not in data
        assert data["inLanguage"] == "en-GB"
        condition = data["about"]
        assert condition["@type"] == "MedicalCondition" and condition["name"] == "Back spasm"
        assert condition["url"] == SITE + "/articles/what-is-a-back-spasm/"
        assert_named_things(condition["signOrSymptom"], "MedicalSignOrSymptom")
        assert_named_things(condition["cause"], "MedicalCause")
        assert_named_things(condition["possibleTreatment"], "MedicalTherapy")


def test_home_json_ld_describes_the_website_and_its_search(client, site_content):
    data = json.loads(head(client, "/").json_ld[0])
    assert data["@type"] == "WebSite" and data["url"] == SITE + "/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == SITE + "/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize(
    ("name", "slug", "words"),
    [*SIGNS_AND_SYMPTOMS, *CAUSES, *TREATMENTS],
)
def test_every_sign_cause_and_treatment_in_json_ld_is_on_its_published_page(site_content, name, slug, words):
    article = Article.objects.published().get(slug=slug)
    text = " ".join(f"{article.title} {article.summary} {article.body_text()}".lower().split())
    assert words in text, f"{name!r}: {words!r} is not on /articles/{slug}/"


def test_json_ld_cannot_be_broken_out_of_by_article_text(client, site_content):
    article = Article.objects.get(slug="causes")
    article.title = "</script><script>alert(1)</script> & more"
    article.save()
    html = client.get("/articles/causes/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == article.title
    assert "<" not in block
