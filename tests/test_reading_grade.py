"""Plain language: every published article reads at US grade 8 or below (Flesch-Kincaid, textstat).

The figures are printed in the test output on every run, so a rise shows before it fails.
"""

from importlib.metadata import version

import pytest
import textstat

from backspasm_site.articles.models import Article

pytestmark = pytest.mark.django_db

MAX_GRADE = 8.0


def test_every_published_article_reads_at_grade_8_or_below(site_content, capsys):
    articles = list(Article.objects.published())
    assert len(articles) >= 11
    rows = [
        (a.slug, textstat.flesch_kincaid_grade(a.body_text()), len(a.body_text().split())) for a in articles
    ]
    table = "\n".join(f"  {slug:<34} grade {grade:4.1f}  ({words} words)" for slug, grade, words in rows)
    with capsys.disabled():
        print(
            f"\nReading grade (Flesch-Kincaid, textstat {version('textstat')}), limit {MAX_GRADE}:\n{table}"
        )
    too_hard = [(slug, grade) for slug, grade, _ in rows if grade > MAX_GRADE]
    assert not too_hard, f"Articles above grade {MAX_GRADE}: {too_hard}"


def test_the_grade_measure_tells_hard_text_from_plain_text():
    plain = (
        "A back spasm is when a muscle in your back goes tight. It can hurt. Most get better in a few weeks."
    )
    hard = (
        "Paraspinal musculature demonstrates involuntary sustained contraction, frequently precipitated by "
        "biomechanical overloading, consequently necessitating multimodal pharmacological intervention."
    )
    assert textstat.flesch_kincaid_grade(plain) <= MAX_GRADE < textstat.flesch_kincaid_grade(hard)
