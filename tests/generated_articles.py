"""Many published articles at once, for checks that costs stay flat as content grows (issue 16).

bulk_create sends no signals and skips Article.save(), so the rendered text and the reading grade are
given here, as a save would have made them.
"""

from django.utils import timezone

from backspasm_site.articles.models import Article, Status, Topic, a_year_after
from backspasm_site.core.markdown import render_markdown

BODY = (
    "Rest a little. Then move gently. Heat can help the muscle relax.\n\n## When to get help\n\nSee a doctor."
)


def generate(count: int, topics=tuple(Topic)) -> list[Article]:
    """`count` published articles spread over `topics`, in the order their ids run."""
    html, today = render_markdown(BODY), timezone.localdate()
    return Article.objects.bulk_create(
        Article(
            title=f"Generated page {n}",
            slug=f"generated-page-{n}",
            summary=f"A generated page, number {n}, about easing a back spasm at home.",
            topic=topics[n % len(topics)],
            order=50 + n % 7,
            status=Status.PUBLISHED,
            body=BODY,
            body_html=html,
            reading_grade=2.0,
            last_reviewed=today,
            next_review_due=a_year_after(today),
        )
        for n in range(count)
    )
