import re

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from backspasm_site.symptom_checker.red_flags import Urgency, signs_at

register = template.Library()

# Editors write {{ warning_signs }} on a line of its own where an article lists when to get help.
SIGNS_PLACEHOLDER = re.compile(r"(?:<p>)?\{\{\s*warning_signs\s*\}\}(?:</p>)?")


@register.inclusion_tag("symptom_checker/care_cards.html", takes_context=True, name="care_cards")
def care_cards_context(context, prefix="signs"):
    """The warning signs of every level, each in its care card, from the rule table (red_flags.py)."""
    return {
        "prefix": prefix,
        "emergency_signs": signs_at(Urgency.EMERGENCY),
        "urgent_signs": signs_at(Urgency.URGENT),
        "see_doctor_signs": signs_at(Urgency.SEE_DOCTOR),
        "EMERGENCY_NUMBER": context.get("EMERGENCY_NUMBER"),
        "URGENT_NUMBER": context.get("URGENT_NUMBER"),
        "SITE_URL": settings.SITE_URL,
    }


@register.simple_tag(takes_context=True)
def with_warning_signs(context, html, easy_read=False):
    """Article HTML with the care cards where the editors wrote {{ warning_signs }}; on an Easy Read page,
    the same lists laid out as Easy Read, a picture beside each level."""
    if not SIGNS_PLACEHOLDER.search(str(html)):
        return mark_safe(html)  # noqa: S308  # nosec: body_html is cleaned by nh3 when saved
    template = "symptom_checker/care_cards_easy_read.html" if easy_read else "symptom_checker/care_cards.html"
    cards = render_to_string(template, care_cards_context(context, "article-signs"))
    # bandit B308/B703 reviewed: cleaned article HTML and our own template's output.
    return mark_safe(SIGNS_PLACEHOLDER.sub(lambda _: cards, str(html), count=1))  # noqa: S308  # nosec
