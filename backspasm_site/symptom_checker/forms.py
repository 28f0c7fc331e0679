from django import forms

from backspasm_site.page_cache.content import memo

from .models import QuestionText
from .red_flags import QUESTIONS, RULES, Urgency

EMERGENCY_QUESTIONS = frozenset(rule.question for rule in RULES if rule.urgency == Urgency.EMERGENCY)

ANSWER_REQUIRED = "Select an answer to: {question}"
ANSWER_INVALID = "Choose one of the answers offered for: {question}"


class CheckerForm(forms.Form):
    """One required radio question per entry of red_flags.QUESTIONS, worded from the editors' content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wording = memo("checker-wording", lambda: {q.code: q for q in QuestionText.objects.all()})
        for question in QUESTIONS:
            text = wording.get(question.code)
            label = text.text if text else question.default_text
            self.fields[question.code] = forms.ChoiceField(
                label=label,
                help_text=text.hint if text else "",
                choices=question.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": ANSWER_REQUIRED.format(question=label),
                    "invalid_choice": ANSWER_INVALID.format(question=label),
                },
            )
