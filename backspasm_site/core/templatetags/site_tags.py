import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from backspasm_site.core.inline_style import site_style
from backspasm_site.symptom_checker.red_flags import headline_signs

register = template.Library()

# Editors write {{ emergency_number }} and {{ urgent_number }}; spacing inside the braces may vary.
# Each is filled from the setting of the same name in capitals (EMERGENCY_NUMBER, URGENT_NUMBER).
PLACEHOLDER = re.compile(r"\{\{\s*(emergency_number|urgent_number)\s*\}\}")
# And the site's reading aim, from its one setting (READING_GRADE_AIM), so the About page never disagrees.
AIM = re.compile(r"\{\{\s*(reading_grade_aim|reading_age_aim)\s*\}\}")
# How articles' sources name the main source text (content/articles/*.md), and the checker's too.
MAIN_SOURCE_NAME = "Back spasm source text"


@register.simple_tag
def inline_site_style():
    """The stylesheet in a <style> element (core/inline_style.py): its text is what the CSP hash allows."""
    return mark_safe(f"<style>{site_style().css}</style>")  # noqa: S308  # nosec B308 B703: our own stylesheet, "</" refused


@register.filter
def tel_link(number):
    """A number people can tap to call; the tel: address keeps only its digits, + * and #."""
    return format_html('<a class="tel" href="tel:{}">{}</a>', re.sub(r"[^0-9+*#]", "", str(number)), number)


@register.inclusion_tag("core/emergency_card.html", takes_context=True)
def emergency_card(context, prefix="emergency-card"):
    """The short emergency card: the headline signs and the number to call, from the rule table and the
    settings only. No database, no request: the 500 page shows it whatever broke."""
    return {
        "prefix": prefix,
        "signs": headline_signs(),
        "EMERGENCY_NUMBER": context.get("EMERGENCY_NUMBER") or settings.EMERGENCY_NUMBER,
    }


@register.filter
def lists_warning_signs(html) -> bool:
    """Whether a body shows the full lists ({{ warning_signs }}) before its first section: a short card above
    them would repeat them. A long page that lists them further down (the first-days guide) keeps the card,
    so the signs are seen before any advice."""
    from backspasm_site.symptom_checker.templatetags.checker_tags import SIGNS_PLACEHOLDER

    html = str(html)
    found = SIGNS_PLACEHOLDER.search(html)
    first_section = html.find("<h2")
    return bool(found) and (first_section == -1 or found.start() < first_section)


def reading_aim() -> dict:
    from backspasm_site.articles import readability

    return {"reading_grade_aim": round(readability.aim()), "reading_age_aim": readability.aim_as_age()}


@register.filter
def is_main_source(source: str) -> bool:
    """The main source text, which names no author: its line links to what the About page says of it."""
    return source.startswith(MAIN_SOURCE_NAME)


@register.filter
def with_emergency_number(text):
    """Fill in {{ emergency_number }} and {{ urgent_number }}, as editors write them, with tap-to-call links.

    Rendered markdown (cleaned by nh3, so safe) stays HTML; plain text is escaped first. Either way the
    result is HTML, for HTML contexts only.
    """
    html = str(text) if hasattr(text, "__html__") else escape(str(text))
    filled = PLACEHOLDER.sub(lambda m: tel_link(getattr(settings, m.group(1).upper())), html)
    filled = AIM.sub(lambda m: str(reading_aim()[m.group(1)]), filled)
    # bandit B308/B703 (mark_safe) reviewed: the text was safe or escaped above, the links are format_html.
    return mark_safe(filled)  # noqa: S308  # nosec
