"""schema.org JSON-LD for the pages: what search engines and link previews read about the site."""

from django.conf import settings

from backspasm_site.articles.models import Article
from backspasm_site.page_cache import edge

from .condition import CAUSES, CONDITION_DESCRIPTION_SLUG, CONDITION_NAME, SIGNS_AND_SYMPTOMS, TREATMENTS


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def website() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "inLanguage": "en-GB",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute("/search/?q={search_term_string}")},
            "query-input": "required name=search_term_string",
        },
    }


def medical_condition(request=None) -> dict:
    """The condition as the content describes it, on every article page. The page then shows the article
    that describes it (its surrogate key), or (while there is none) the list of articles, which gains it
    once published."""
    intro = Article.objects.published().filter(slug=CONDITION_DESCRIPTION_SLUG).first()
    condition = {
        "@type": "MedicalCondition",
        "name": CONDITION_NAME,
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": n} for n, _, _ in SIGNS_AND_SYMPTOMS],
        "cause": [{"@type": "MedicalCause", "name": name} for name, _, _ in CAUSES],
        "possibleTreatment": [{"@type": "MedicalTherapy", "name": name} for name, _, _ in TREATMENTS],
    }
    if request is not None:
        edge.tag(request, edge.article_key(intro.pk) if intro else edge.ARTICLE_LIST_KEY)
    if intro:
        condition.update(description=intro.summary, url=absolute(intro.get_absolute_url()))
    return condition


def medical_web_page(article: Article, request=None) -> dict:
    url = absolute(article.get_absolute_url())
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "inLanguage": "en-GB",
        "dateModified": article.updated_at.date().isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": absolute("/")},
        "about": medical_condition(request),
    }
    if article.last_reviewed:  # a page no clinician has checked claims no review date
        page["lastReviewed"] = article.last_reviewed.isoformat()
    return page
