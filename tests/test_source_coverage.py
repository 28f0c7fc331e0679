"""Every medical statement of the source text is on a published page (tests/source_statements.py)."""

import re

import pytest
from django.test import Client

from backspasm_site.articles.models import Article

from .public_pages import visible_text
from .source_statements import GUIDELINE_STATEMENTS, SOURCE_STATEMENTS

pytestmark = pytest.mark.django_db


def page_text(article: Article) -> str:
    """What a reader of the article sees of it: its words, with the warning signs where the body lists them."""
    html = Client().get(article.get_absolute_url()).content.decode()
    body = html[html.index('<div class="article__body">') : html.index("</main>")]
    return re.sub(r"\s+", " ", f"{article.title} {article.summary} {visible_text(body)}").lower()


def test_the_statement_list_covers_every_article():
    assert len(SOURCE_STATEMENTS) >= 45
    assert {slug for _, slug, _ in SOURCE_STATEMENTS} >= {
        "what-is-a-back-spasm", "symptoms", "causes", "diagnosis", "home-treatment", "medical-treatment",
        "alternative-treatments", "complications-and-chronic-pain", "recovery-time", "prevention",
        "when-to-get-help", "first-days",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("statement", "slug", "phrases"), SOURCE_STATEMENTS, ids=[s[0][:60] for s in SOURCE_STATEMENTS]
)
def test_each_source_statement_is_on_a_published_page(site_content, statement, slug, phrases):
    article = Article.objects.published().get(slug=slug)
    text = page_text(article)
    missing = [phrase for phrase in phrases if phrase.lower() not in text]
    assert not missing, f"{statement!r}: {missing} not found on /articles/{slug}/"


@pytest.mark.parametrize(
    ("statement", "slug", "phrases", "url"),
    GUIDELINE_STATEMENTS,
    ids=[s[0][:60] for s in GUIDELINE_STATEMENTS],
)
def test_each_guideline_statement_is_on_its_page_and_the_page_cites_the_guideline(
    site_content, statement, slug, phrases, url
):
    article = Article.objects.published().get(slug=slug)
    text = page_text(article)
    missing = [phrase for phrase in phrases if phrase.lower() not in text]
    assert not missing, f"{statement!r}: {missing} not found on /articles/{slug}/"
    assert any(url in source for source in article.source_list), f"/articles/{slug}/ does not cite {url}"


def test_every_page_that_names_a_pain_reliever_says_to_check_the_leaflet_or_ask_a_pharmacist(site_content):
    for article in Article.objects.published():
        text = page_text(article)
        if "paracetamol" in text or "ibuprofen" in text:
            assert "check the leaflet, or ask a pharmacist" in text, article.slug


def test_the_home_care_result_gives_the_cautions_the_pages_give(site_content):
    """The checker's home-care advice is acted on as the articles are: the same sourced cautions (H12)."""
    from backspasm_site.symptom_checker.models import Advice

    text = " ".join(Advice.objects.get(disposition="self-care").body.lower().split())
    for caution in (
        "if you have asthma or have had a stomach ulcer",
        "do not fill it with boiling water, and do not sit or lie on it, or sleep with it",
        "see a doctor if it lasts longer than about 2 weeks",
        # The NHS's "get help if" triggers, which the checker asks (see a doctor) and can arise later.
        "stops you doing your usual everyday things",
        "worried about it or find it hard to cope",
    ):
        assert caution in text, caution
