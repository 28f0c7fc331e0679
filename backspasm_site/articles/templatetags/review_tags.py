from django import template
from django.utils import timezone

from backspasm_site.articles.models import REVIEW_SOON_DAYS, Article
from backspasm_site.editorial.roles import REVIEW

register = template.Library()


@register.simple_tag(takes_context=True)
def review_due(context):
    """Pages overdue for clinical review and those due soon, for the admin home page."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return None
    today = timezone.localdate()
    return {
        "overdue": list(Article.objects.review_overdue(today).order_by("next_review_due")),
        "soon": list(Article.objects.review_due_soon(today).order_by("next_review_due")),
        "days": REVIEW_SOON_DAYS,
        "can_review": user.has_perm(REVIEW),
    }
