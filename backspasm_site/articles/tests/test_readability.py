"""Plain language: every published article reads at the site's aim or below (Flesch-Kincaid, textstat).

The grade is the one editors see in admin (articles/readability.py). The figures are printed in the test
output on every run, so a rise shows before it fails.
"""

from importlib.metadata import version

import pytest

from backspasm_site.articles import readability
from backspasm_site.articles.models import Article
from backspasm_site.articles.readability import flesch_kincaid_grade

pytestmark = pytest.mark.django_db

MAX_GRADE = readability.aim()  # settings.READING_GRADE_AIM: the figure admin and the About page give


def test_every_published_article_reads_at_the_sites_aim_or_below(site_content, capsys):
    articles = list(Article.objects.published())
    assert len(articles) >= 11
    rows = [(a.slug, flesch_kincaid_grade(a.body_text()), len(a.body_text().split())) for a in articles]
    table = "\n".join(f"  {slug:<34} grade {grade:4.1f}  ({words} words)" for slug, grade, words in rows)
    with capsys.disabled():
        print(
            f"\nReading grade (Flesch-Kincaid, textstat {version('textstat')}), limit {MAX_GRADE}:\n{table}"
        )
    too_hard = [(slug, grade) for slug, grade, _ in rows if grade > MAX_GRADE]
    assert not too_hard, f"Articles above grade {MAX_GRADE}: {too_hard}"
