from collections.abc import Mapping

from django import forms

from backspasm_site.page_cache.versions import memo

from .models import QuestionText
from .red_flags import (
    EMERGENCY_STEP,
    GROUP_MEMBERS,
    GROUP_NOT_SURE,
    GROUPS,
    NONE_OF_THESE,
    QUESTIONS,
    QUESTIONS_BY_CODE,
    VALID_ANSWERS,
    answers_from_form_data,
    group_ticks_valid,
    ticks,
)

ANSWER_REQUIRED = "Select an answer to: {question}"
ANSWER_INVALID = "Choose one of the answers offered for: {question}"
GROUP_REQUIRED = "Tick what applies, or “None of these”, for: {question}"
GROUP_NONE_AND_SIGN = "You ticked “None of these” and a sign. Untick one of them for: {question}"
NONE_LABEL, GROUP_NOT_SURE_LABEL = "None of these", "Not sure"

# Field names in the order of the page: each step's radio questions, then its lists to tick.
STEPS = (EMERGENCY_STEP, 2)
FIELD_STEP = {
    **{q.code: q.step for q in QUESTIONS if not q.group},
    **{g.code: g.step for g in GROUPS},
}
FIELD_NAMES = tuple(FIELD_STEP)
GROUP_CODES = frozenset(GROUP_MEMBERS)


def asking_order() -> list[str]:
    """Every question's code in the order the checker asks them: a list to tick, then its signs."""
    return [code for name in FIELD_NAMES for code in (name, *GROUP_MEMBERS.get(name, ()))]


class GroupField(forms.MultipleChoiceField):
    """A "tick any that apply" list: an empty list is a missing answer, and "None of these" stands alone."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, group: str, **kwargs):
        self.group = group
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if NONE_OF_THESE in value and set(value) != {NONE_OF_THESE}:
            raise forms.ValidationError(self.error_messages["none_and_sign"], code="none_and_sign")


def _question_fields(wording: Mapping[str, QuestionText] | None = None) -> dict[str, forms.Field]:
    """The checker's fields, worded by the editors (QuestionText), or by the rule table's own default_text
    where they have not been, and for every question when `wording` is {} (the database cannot be read)."""
    if wording is None:
        wording = {q.code: q for q in QuestionText.objects.all()}

    def label(code, default):
        text = wording.get(code)
        return (text.text if text else default), (text.hint if text else "")

    fields: dict[str, forms.Field] = {
        question.code: _radio_field(question, *label(question.code, question.default_text))
        for question in QUESTIONS
        if not question.group
    }
    for group in GROUPS:
        signs = [
            (code, label(code, QUESTIONS_BY_CODE[code].default_text)[0]) for code in GROUP_MEMBERS[group.code]
        ]
        fields[group.code] = _group_field(group, *label(group.code, group.default_text), signs=signs)
    return {name: fields[name] for name in FIELD_NAMES}


def _radio_field(question, text: str, hint: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=text,
        help_text=hint,
        choices=question.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": ANSWER_REQUIRED.format(question=text),
            "invalid_choice": ANSWER_INVALID.format(question=text),
        },
    )


def _group_field(group, text: str, hint: str, *, signs: list[tuple[str, str]]) -> GroupField:
    return GroupField(
        group=group.code,
        label=text,
        help_text=hint or "Tick all that apply.",
        choices=[*signs, (NONE_OF_THESE, NONE_LABEL), (GROUP_NOT_SURE, GROUP_NOT_SURE_LABEL)],
        error_messages={
            "required": GROUP_REQUIRED.format(question=text),
            "invalid_choice": ANSWER_INVALID.format(question=text),
            "invalid_list": ANSWER_INVALID.format(question=text),
            "none_and_sign": GROUP_NONE_AND_SIGN.format(question=text),
        },
    )


class CheckerForm(forms.Form):
    """The checker's questions, worded from the editors' content: radios, and lists to tick.

    `steps` limits the form to the questions of those steps (the emergency step is checked on its own before
    the rest is shown); a form of every step gives `answers()`, one answer per sign for red_flags.evaluate.
    """

    def __init__(self, *args, steps=STEPS, wording: Mapping[str, QuestionText] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields change only with the editors' wording: built once per content version and shared by
        # every form of that version rather than deep-copied per request (a quarter of a verdict's time).
        # Fields and widgets keep no per-form state; nothing may change them on a form instance.
        # Without the database, the rule table's own wording (hazard H2: the checker still asks every sign).
        every_field = memo("checker-fields", _question_fields, fallback=lambda: _question_fields({}))
        if wording is not None:  # other wording than the live one: staff's preview of changes waiting
            every_field = _question_fields(wording)
        self.steps = tuple(steps)
        self.fields = {name: f for name, f in every_field.items() if FIELD_STEP[name] in self.steps}

    def answers(self) -> dict[str, str]:
        """One answer per sign, from a valid form."""
        assert self.is_valid()  # noqa: S101  # nosec: a programming error, never user input
        return answers_from_form_data(self.data)


def complete_answers(data: Mapping) -> dict[str, str] | None:
    """Every sign's answer, if every question is answered as CheckerForm accepts (exactly what it accepts).

    A verdict then needs no form object (building one with its bound fields was a fifth of a verdict's time);
    anything else gets the form, which says what is wrong. tests/test_views.py (beside this file) holds the
    two to the same answers. Both read the same table (red_flags.QUESTIONS, GROUPS) and the same rule for
    ticks.
    """
    for name in FIELD_NAMES:
        if name in GROUP_CODES:
            if not group_ticks_valid(ticks(data, name), name):
                return None
        # RadioSelect reads a field as data.get(name): the last value when one is sent twice.
        elif data.get(name) not in VALID_ANSWERS[name]:
            return None
    return answers_from_form_data(data)
