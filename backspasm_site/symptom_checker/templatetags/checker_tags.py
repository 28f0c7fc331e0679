from django import template

register = template.Library()


@register.filter
def radio_options(field):
    """The radios of a bound ChoiceField, with the ids and `checked` Django's RadioSelect gives them.

    The form template lays them out itself: Django's per-option subwidgets (BoundWidget, attrs dicts) and
    the template lookups into them were half the checker page's time.
    """
    value, id_ = field.value(), field.auto_id
    # Compared as RadioSelect.format_value and optgroups compare them: at most one radio is checked.
    selected = {"" if v is None else str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
    choices = [str(choice_value) for choice_value, _ in field.field.choices]
    checked = next((c for c in choices if c in selected), None)
    return [
        {"id": f"{id_}_{n}", "value": choice_value, "label": label, "checked": choices[n] == checked}
        for n, (choice_value, label) in enumerate(field.field.choices)
    ]
