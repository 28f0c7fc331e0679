from django import template
from django.urls import reverse
from django.utils import timezone

from backspasm_site.articles.models import REVIEW_SOON_DAYS, Article
from backspasm_site.editorial.roles import REVIEW

register = template.Library()

# The admin home lists the pages due first; the rest are one click away in the filtered article list.
PANEL_ROWS = 20


def _due_list(queryset, review_filter: str) -> dict:
    """The first PANEL_ROWS pages, the one due first at the top; how many more are not shown; and the
    article list filtered to all of them."""
    ordered = queryset.order_by("next_review_due", "pk").only(
        "title", "status", "last_reviewed", "next_review_due"
    )
    rows = list(ordered[:PANEL_ROWS])
    more = ordered.count() - len(rows) if len(rows) == PANEL_ROWS else 0
    url = f"{reverse('admin:articles_article_changelist')}?review={review_filter}"
    return {"rows": rows, "more": more, "url": url}


@register.simple_tag(takes_context=True)
def review_due(context):
    """Pages overdue for clinical review and those due soon, for the admin home page of those who review
    them (an Editor cannot act on the list; the article list's "review due" filter shows it to anyone)."""
    user = context["request"].user
    if not user.has_perm(REVIEW):
        return None
    today = timezone.localdate()
    return {
        "overdue": _due_list(Article.objects.review_overdue(today), "overdue"),
        "soon": _due_list(Article.objects.review_due_soon(today), "soon"),
        "days": REVIEW_SOON_DAYS,
    }
