from django import template

register = template.Library()


@register.filter
def radio_options(field):
    """The radios of a bound ChoiceField, with the ids and `checked` Django's RadioSelect gives them.

    The form template lays them out itself: Django's per-option subwidgets (BoundWidget, attrs dicts) and
    the template lookups into them were half the checker page's time.
    """
    value, id_ = field.value(), field.auto_id
    return [
        {"id": f"{id_}_{n}", "value": choice_value, "label": label, "checked": choice_value == value}
        for n, (choice_value, label) in enumerate(field.field.choices)
    ]
