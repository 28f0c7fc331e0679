import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from backspasm_site.symptom_checker.red_flags import EMERGENCY_ANSWERS, Urgency, signs_at

register = template.Library()

# Editors write {{ warning_signs }} on a line of its own where an article lists when to get help.
SIGNS_PLACEHOLDER = re.compile(r"(?:<p>)?\{\{\s*warning_signs\s*\}\}(?:</p>)?")


@register.filter
def radio_options(field):
    """The radios of a bound ChoiceField, with the ids and `checked` Django's RadioSelect gives them.

    The form template lays them out itself: Django's per-option subwidgets (BoundWidget, attrs dicts) and
    the template lookups into them were half the checker page's time. For a list to tick (a
    MultipleChoiceField), every ticked option is checked, as CheckboxSelectMultiple checks them.
    """
    value, id_ = field.value(), field.auto_id
    # Compared as RadioSelect.format_value and optgroups compare them.
    selected = {"" if v is None else str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
    choices = [str(choice_value) for choice_value, _ in field.field.choices]
    if getattr(field.field, "group", None):
        checked = selected
    else:  # a radio: at most one is checked
        checked = {next((c for c in choices if c in selected), None)}
    emergency = EMERGENCY_ANSWERS.get(field.name, frozenset())
    return [
        {
            "id": f"{id_}_{n}",
            "value": choice_value,
            "label": label,
            "checked": choices[n] in checked,
            "emergency": choices[n] in emergency,
        }
        for n, (choice_value, label) in enumerate(field.field.choices)
    ]


def care_cards_context(context, prefix="signs"):
    return {
        "prefix": prefix,
        "emergency_signs": signs_at(Urgency.EMERGENCY),
        "urgent_signs": signs_at(Urgency.URGENT),
        "see_doctor_signs": signs_at(Urgency.SEE_DOCTOR),
        "EMERGENCY_NUMBER": context.get("EMERGENCY_NUMBER"),
        "URGENT_NUMBER": context.get("URGENT_NUMBER"),
    }


@register.inclusion_tag("symptom_checker/care_cards.html", takes_context=True)
def care_cards(context, prefix="signs"):
    """The warning signs of every level, each in its care card, from the rule table (red_flags.py)."""
    return care_cards_context(context, prefix)


@register.simple_tag(takes_context=True)
def with_warning_signs(context, html):
    """Article HTML with the care cards where the editors wrote {{ warning_signs }}."""
    if not SIGNS_PLACEHOLDER.search(str(html)):
        return mark_safe(html)  # noqa: S308  # nosec: body_html is cleaned by nh3 when saved
    cards = render_to_string("symptom_checker/care_cards.html", care_cards_context(context, "article-signs"))
    # bandit B308/B703 reviewed: cleaned article HTML and our own template's output.
    return mark_safe(SIGNS_PLACEHOLDER.sub(lambda _: cards, str(html), count=1))  # noqa: S308  # nosec
