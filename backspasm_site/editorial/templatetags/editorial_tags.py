from django import template

from backspasm_site.editorial import services
from backspasm_site.editorial.models import PendingChange, State
from backspasm_site.editorial.roles import APPROVE

register = template.Library()


@register.simple_tag(takes_context=True)
def changes_to_act_on(context):
    """For the admin home page: changes waiting for review (to clinical reviewers, oldest first), those
    scheduled to go live (soonest first), and this person's own changes that are drafts or were sent back."""
    user = context["request"].user
    if not user.has_perm("editorial.view_pendingchange"):
        return None
    mine = PendingChange.objects.filter(author=user, state__in=[State.DRAFT, State.SENT_BACK])
    return {
        "waiting": list(services.waiting_for_review().order_by("submitted_at"))
        if user.has_perm(APPROVE)
        else [],
        "scheduled": list(
            PendingChange.objects.filter(state=State.SCHEDULED)
            .select_related("scheduled_by", "content_type")
            .order_by("publish_at")
        ),
        "mine": list(mine.select_related("content_type").order_by("-updated_at")),
    }
