"""The reading-age figure editors see for each article, against the site's one aim (READING_GRADE_AIM)."""

from itertools import islice

import textstat
from django.apps import apps as installed_apps
from django.conf import settings

# Flesch-Kincaid gives a US school grade; a child in grade N is about N + 5 years old.
GRADE_TO_AGE = 5


def aim() -> float:
    return float(settings.READING_GRADE_AIM)


def aim_as_age() -> int:
    return round(aim()) + GRADE_TO_AGE


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain text, to one decimal; 0.0 for no text."""
    if not text.strip():
        return 0.0
    return round(textstat.flesch_kincaid_grade(text), 1)


def describe(grade: float) -> str:
    age = max(GRADE_TO_AGE, round(grade + GRADE_TO_AGE))
    verdict = "within" if grade <= aim() else "above"
    return (
        f"Flesch-Kincaid grade {grade:.1f}, a reading age of about {age}: {verdict} the site's aim of "
        f"grade {aim():.0f} or lower (age {aim_as_age()}). Shorter sentences and shorter words lower it."
    )


def fill_reading_grades(apps=installed_apps, batch_size: int = 500) -> None:
    """Work out the grade of every article already saved (later saves keep it up to date). Called by
    migration 0004 with its historical apps, and by the tests with the installed ones."""
    from backspasm_site.core.markdown import plain_text

    Article = apps.get_model("articles", "Article")
    articles = Article.objects.only("pk", "body_html").iterator(chunk_size=batch_size)
    while batch := list(islice(articles, batch_size)):  # batch_size articles in memory at a time
        for article in batch:
            article.reading_grade = flesch_kincaid_grade(plain_text(article.body_html))
        Article.objects.bulk_update(batch, ["reading_grade"])
