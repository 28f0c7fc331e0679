"""The checker's questions as Django forms: one form per step, worded by the editors.

Which answer leads where is in red_flags.py; this file only asks. A step's form validates that step's
questions, and `fields_to_keep()` gives its answers as the browser keeps them between steps (views.py).
"""

from collections.abc import Mapping
from itertools import groupby

from django import forms
from django.utils.choices import flatten_choices

from backspasm_site.core.fallback import read_or_fall_back

from .models import QuestionText
from .red_flags import (
    EMERGENCY_ANSWERS,
    EMERGENCY_STEP,
    GROUP_MEMBERS,
    GROUP_NOT_SURE,
    GROUPS,
    GROUPS_BY_CODE,
    NONE_OF_THESE,
    QUESTIONS,
    QUESTIONS_BY_CODE,
    STEPS,
    VALID_ANSWERS,
    YES,
    ticks,
)

ANSWER_REQUIRED = "Select an answer to: {question}"
ANSWER_INVALID = "Choose one of the answers offered for: {question}"
GROUP_REQUIRED = "Tick what applies, or “None of these”, for: {question}"
GROUP_NONE_AND_SIGN = "You ticked “None of these” and another answer. Untick one of them for: {question}"
LIST_END = [(NONE_OF_THESE, "None of these"), (GROUP_NOT_SURE, "Not sure")]  # under every list's signs
INPUT_ATTRS = {"class": "radios__input"}  # each widget copies it

# Field names in the order of the pages: each step's radio questions, then its lists to tick.
FIELD_STEP = {**{q.code: q.step for q in QUESTIONS if not q.group}, **{g.code: g.step for g in GROUPS}}
FIELD_NAMES = tuple(sorted(FIELD_STEP, key=lambda name: FIELD_STEP[name]))
GROUP_CODES = frozenset(GROUP_MEMBERS)


def fields_of(step: int) -> tuple[str, ...]:
    return tuple(name for name in FIELD_NAMES if FIELD_STEP[name] == step)


def asking_order() -> list[str]:
    """Every question's code in the order the checker asks them: a list to tick, then its signs."""
    return [code for name in FIELD_NAMES for code in (name, *GROUP_MEMBERS.get(name, ()))]


class Checklist(forms.CheckboxSelectMultiple):
    """Django's checkboxes, laid out as the site's lists (with a heading per section), the emergency signs
    marked for the page's script, and "None of these" marked as the tick that stands alone."""

    template_name = "symptom_checker/widgets/checklist.html"
    option_template_name = "symptom_checker/widgets/choice.html"

    def __init__(self, *args, section_buttons: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_buttons = section_buttons  # a button under each section (the emergency list)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["section_buttons"] = self.section_buttons
        return context

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if YES in EMERGENCY_ANSWERS.get(str(value), ()):
            option["attrs"]["data-emergency-answer"] = "true"
        if value == NONE_OF_THESE:
            option["attrs"]["data-exclusive"] = "true"
        return option


class Radios(forms.RadioSelect):
    template_name = "symptom_checker/widgets/radios.html"
    option_template_name = "symptom_checker/widgets/choice.html"


class GroupField(forms.MultipleChoiceField):
    """A "tick any that apply" list: an empty list is a missing answer, and "None of these" stands alone."""

    def validate(self, value):
        super().validate(value)
        if NONE_OF_THESE in value and set(value) != {NONE_OF_THESE}:
            raise forms.ValidationError(self.error_messages["none_and_sign"], code="none_and_sign")


def live_wording() -> dict[str, QuestionText]:
    """The editors' wording; without the database, none, so the table's own wording asks every sign
    (hazard H2)."""
    return read_or_fall_back(
        name="checker-wording", read=lambda: {q.code: q for q in QuestionText.objects.all()}, fallback=dict
    )


def _fields(step: int, wording: Mapping[str, QuestionText]) -> dict[str, forms.Field]:
    def label(code: str, default: str) -> tuple[str, str]:
        text = wording.get(code)
        return (text.text, text.hint) if text else (default, "")

    fields: dict[str, forms.Field] = {}
    for name in fields_of(step):
        item = GROUPS_BY_CODE.get(name) or QUESTIONS_BY_CODE[name]
        text, hint = label(name, item.default_text)
        invalid = ANSWER_INVALID.format(question=text)
        # Django fills "invalid_choice" with %-formatting (the value posted): an editor's "100%" stays text.
        invalid_choice = ANSWER_INVALID.format(question=text.replace("%", "%%"))
        if name in GROUP_CODES:
            fields[name] = GroupField(
                label=text,
                help_text=hint or "Tick all that apply.",
                choices=[*_signs(name, label), *LIST_END],
                widget=Checklist(attrs=INPUT_ATTRS, section_buttons=item.step == EMERGENCY_STEP),
                error_messages={
                    "required": GROUP_REQUIRED.format(question=text),
                    "invalid_choice": invalid_choice,
                    "invalid_list": invalid,
                    "none_and_sign": GROUP_NONE_AND_SIGN.format(question=text),
                },
            )
        else:
            fields[name] = forms.ChoiceField(
                label=text,
                help_text=hint,
                choices=item.choices,
                widget=Radios(attrs=INPUT_ATTRS),
                error_messages={
                    "required": ANSWER_REQUIRED.format(question=text),
                    "invalid_choice": invalid_choice,
                },
            )
    return fields


def _signs(group: str, label) -> list:
    """A list's signs as choices, under their sections' headings (Django's option groups) if they have one."""
    choices: list = []
    for section, codes in groupby(GROUP_MEMBERS[group], key=lambda code: QUESTIONS_BY_CODE[code].section):
        signs = [(code, label(code, QUESTIONS_BY_CODE[code].default_text)[0]) for code in codes]
        choices += [(section, signs)] if section else signs
    return choices


class CheckerStepForm(forms.Form):
    """The questions of one step, worded by the editors (or by `wording`: the preview of waiting changes)."""

    def __init__(self, *args, step: int, wording: Mapping[str, QuestionText] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if step not in STEPS:
            raise ValueError(f"No step {step}.")
        self.step = step
        self.fields.update(_fields(step, live_wording() if wording is None else wording))

    def fields_to_keep(self) -> dict[str, str | list[str]]:
        """This step's answers as field values, from a valid form."""
        assert self.is_valid()  # noqa: S101  # nosec: a programming error, never user input
        return {name: self.cleaned_data[name] for name in self.fields}


def offered_values(data: Mapping, step: int) -> dict[str, str | list[str]]:
    """What `data` gives for a step's questions, only values they offer (for an invalid step that still names
    an emergency sign: the sign is kept, and the rest is asked again)."""
    kept: dict[str, str | list[str]] = {}
    for name in fields_of(step):
        if name in GROUP_CODES:
            offered = {*GROUP_MEMBERS[name], NONE_OF_THESE, GROUP_NOT_SURE}
            values = [v for v in dict.fromkeys(ticks(data, name)) if isinstance(v, str) and v in offered]
            if values:
                kept[name] = values
        elif data.get(name) in VALID_ANSWERS[name]:
            kept[name] = data.get(name)
    return kept


def summary(kept: Mapping, step_urls: Mapping[int, str]) -> list[dict]:
    """ "Your answers": each question answered, as worded, what was answered, and where to change it."""
    wording = live_wording()
    rows = []
    for step in STEPS:
        for name, field in _fields(step, wording).items():
            if name not in kept:
                continue
            labels = dict(flatten_choices(field.choices))
            given = kept[name] if isinstance(kept[name], list) else [kept[name]]
            rows.append(
                {
                    "question": field.label,
                    "answers": [labels[value] for value in given if value in labels],
                    "change_url": f"{step_urls[step]}#q-{name}",
                }
            )
    return rows
