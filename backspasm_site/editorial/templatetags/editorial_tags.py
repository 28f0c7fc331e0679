from django import template

from backspasm_site.editorial import services
from backspasm_site.editorial.models import OPEN_STATES, PendingChange, State
from backspasm_site.editorial.roles import APPROVE

register = template.Library()


@register.simple_tag(takes_context=True)
def changes_to_act_on(context):
    """For the admin home page, what each person can act on: changes waiting for review and those scheduled
    to go live (to clinical reviewers: oldest waiting first, soonest going live first), and this person's own
    open changes (drafts, sent back, waiting, scheduled), so a writer sees where each one is."""
    user = context["request"].user
    if not user.has_perm("editorial.view_pendingchange"):
        return None
    mine = PendingChange.objects.filter(author=user, state__in=OPEN_STATES)
    scheduled = PendingChange.objects.filter(state=State.SCHEDULED).order_by("publish_at")
    reviews = user.has_perm(APPROVE)
    return {
        "waiting": list(services.waiting_for_review().order_by("submitted_at")) if reviews else [],
        "scheduled": list(scheduled.select_related("scheduled_by", "content_type")) if reviews else [],
        "mine": list(mine.select_related("content_type").order_by("-updated_at")),
    }
