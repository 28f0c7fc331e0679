from django import template

from backspasm_site.editorial import services
from backspasm_site.editorial.models import OPEN_STATES, PendingChange
from backspasm_site.editorial.roles import APPROVE

register = template.Library()


@register.simple_tag(takes_context=True)
def changes_to_act_on(context):
    """For the admin home page: changes waiting for review (to clinical reviewers, oldest first) and this
    person's own open changes (drafts, sent back, waiting), so a writer sees where each one is."""
    user = context["request"].user
    if not user.has_perm("editorial.view_pendingchange"):
        return None
    mine = PendingChange.objects.filter(author=user, state__in=OPEN_STATES)
    return {
        "waiting": list(services.waiting_for_review().order_by("submitted_at"))
        if user.has_perm(APPROVE)
        else [],
        "mine": list(mine.select_related("content_type").order_by("-updated_at")),
    }
