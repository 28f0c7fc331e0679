"""Every public page of the site, for checks that must hold on all of them (accessibility, headers, weight).

Add a page here when you add one to the site. Verdict pages are POST results: see VERDICT_ANSWERS.
"""

from backspasm_site.articles.models import Article, Topic
from backspasm_site.symptom_checker.preview import ALL_CLEAR, EXAMPLE_ANSWERS

__all__ = ["ALL_CLEAR", "VERDICT_ANSWERS", "STATIC_PAGES", "TOPIC_PAGES", "SEARCH_PAGES", "public_urls"]

STATIC_PAGES = ["/", "/articles/", "/symptom-checker/", "/about-this-content/", "/accessibility/"]
# Each topic's own list (the site's content has pages in every topic).
TOPIC_PAGES = [f"/articles/topic/{topic.value}/" for topic in Topic]
# The search page: empty, with results (a lay word), with none, and for a warning sign (the emergency card
# first). Search pages are not in the sitemap.
SEARCH_PAGES = ["/search/", "/search/?q=slipped+disc", "/search/?q=zzzzqx", "/search/?q=cant+pee"]

# Answers (form data as posted) that lead to each checker verdict, posted to /symptom-checker/: the same
# examples the verdict preview pages use.
VERDICT_ANSWERS = EXAMPLE_ANSWERS


def public_urls() -> list[str]:
    """GET pages: the fixed ones, the topics' lists and every published article (needs the database)."""
    articles = [article.get_absolute_url() for article in Article.objects.published()]
    return STATIC_PAGES + TOPIC_PAGES + articles + SEARCH_PAGES


def visible_text(html: str) -> str:
    """The page's words without its tags (a tap-to-call link reads "Call 999" as it does on screen), and
    without the inline stylesheet, which is never shown."""
    import html as html_module
    import re

    html = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))
