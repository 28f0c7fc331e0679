"""Every public page of the site, for checks that must hold on all of them (accessibility, headers, weight).

Add a page here when you add one to the site. Verdict pages are POST results: see VERDICT_ANSWERS.
"""

from backspasm_site.articles.models import Article

STATIC_PAGES = ["/", "/articles/", "/symptom-checker/", "/about-this-content/"]
# The search page: empty, with results (a lay word), and with none. Search pages are not in the sitemap.
SEARCH_PAGES = ["/search/", "/search/?q=slipped+disc", "/search/?q=zzzzqx"]

# Answers that lead to each checker verdict, posted to /symptom-checker/.
ALL_CLEAR = {
    "fever": "no", "bladder_bowel": "no", "saddle_numbness": "no", "both_legs": "no", "passing_urine": "no",
    "severity": "mild", "limb_weakness": "no", "sleep": "no", "duration": "under-2-weeks",
}  # fmt: skip
VERDICT_ANSWERS = {
    "self-care": ALL_CLEAR,
    "see-doctor": {**ALL_CLEAR, "sleep": "yes"},
    "emergency": {**ALL_CLEAR, "fever": "yes"},
}


def public_urls() -> list[str]:
    """GET pages: the fixed ones and every published article (needs the database)."""
    return (
        STATIC_PAGES + [article.get_absolute_url() for article in Article.objects.published()] + SEARCH_PAGES
    )
