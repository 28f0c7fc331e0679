from collections.abc import Mapping

from django import forms

from backspasm_site.page_cache.content import memo

from .models import QuestionText
from .red_flags import QUESTION_CODES, QUESTIONS, RULES, VALID_ANSWERS, Urgency

EMERGENCY_QUESTIONS = frozenset(rule.question for rule in RULES if rule.urgency == Urgency.EMERGENCY)

ANSWER_REQUIRED = "Select an answer to: {question}"
ANSWER_INVALID = "Choose one of the answers offered for: {question}"


def _question_fields() -> dict[str, forms.ChoiceField]:
    wording = {q.code: q for q in QuestionText.objects.all()}
    fields = {}
    for question in QUESTIONS:
        text = wording.get(question.code)
        label = text.text if text else question.default_text
        fields[question.code] = forms.ChoiceField(
            label=label,
            help_text=text.hint if text else "",
            choices=question.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": ANSWER_REQUIRED.format(question=label),
                "invalid_choice": ANSWER_INVALID.format(question=label),
            },
        )
    return fields


class CheckerForm(forms.Form):
    """One required radio question per entry of red_flags.QUESTIONS, worded from the editors' content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields change only with the editors' wording: built once per content version and shared by
        # every form of that version rather than deep-copied per request (a quarter of a verdict's time).
        # Fields and widgets keep no per-form state; nothing may change them on a form instance.
        self.fields = dict(memo("checker-fields", _question_fields))


def complete_answers(data: Mapping[str, str]) -> dict[str, str] | None:
    """Every question's answer, if each is one that question offers: exactly what CheckerForm accepts.

    A verdict then needs no form object (building one with its nine bound fields was a fifth of a verdict's
    time); anything else gets the form, which says what is wrong. tests/test_checker_views.py holds the two
    to the same answers, so change both together.
    """
    # RadioSelect reads a field as data.get(name): the last value when one is sent twice.
    answers = {code: data.get(code) for code in QUESTION_CODES}
    return answers if all(answers[code] in VALID_ANSWERS[code] for code in QUESTION_CODES) else None
