import re

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Editors write {{ emergency_number }}; spacing inside the braces may vary.
PLACEHOLDER = re.compile(r"\{\{\s*emergency_number\s*\}\}")


@register.filter
def with_emergency_number(text):
    """Fill in the emergency number that editors write as {{ emergency_number }} in checker advice."""
    number = escape(settings.EMERGENCY_NUMBER)
    filled = PLACEHOLDER.sub(number, str(text))
    # Rendered markdown stays marked safe (it was cleaned by nh3); plain text stays escaped.
    # bandit B308/B703 (mark_safe) reviewed: only HTML that is already safe is kept safe.
    return mark_safe(filled) if hasattr(text, "__html__") else filled  # noqa: S308  # nosec
