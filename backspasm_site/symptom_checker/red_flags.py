"""The symptom checker's triage rules: one table, one pure function. No Django imports.

Clinical safety rests here. The verdict is the most urgent level among the rules that apply, and an
answer that is missing, unknown or "not sure" on a red-flag question never yields self-care
("When in doubt, see a doctor"). The wording people see for each question and level is content that
editors change in admin; which answer leads where is fixed in this file and tested as a table.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

MAIN_SOURCE = "Back spasm source text, the site's main source"
NHS_CES = "NHS: Cauda equina syndrome (https://www.nhs.uk/conditions/cauda-equina-syndrome/)"
NICE_CKS = "NICE CKS: Sciatica (lumbar radiculopathy) (https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/)"


class Urgency(IntEnum):
    SELF_CARE = 0
    SEE_DOCTOR = 1
    EMERGENCY = 2

    @property
    def disposition(self) -> str:
        """The stable name used in URLs, content files and data-disposition attributes."""
        return {0: "self-care", 1: "see-doctor", 2: "emergency"}[self.value]


# Answer values as they travel in the form.
YES, NO, NOT_SURE = "yes", "no", "not-sure"
YES_NO_NOT_SURE = ((YES, "Yes"), (NO, "No"), (NOT_SURE, "Not sure"))
SEVERITY_CHOICES = (("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe"), (NOT_SURE, "Not sure"))
DURATION_CHOICES = (
    ("under-2-weeks", "Less than 2 weeks"),
    ("2-weeks-or-more", "2 weeks or more"),
    (NOT_SURE, "Not sure"),
)


@dataclass(frozen=True)
class Question:
    code: str
    choices: tuple[tuple[str, str], ...]
    default_text: str  # used until content/ or an editor gives the wording


@dataclass(frozen=True)
class RedFlag:
    code: str
    question: str  # the Question.code whose answer this rule reads
    answers: frozenset[str]  # answers that make the rule apply
    urgency: Urgency
    reason: str  # shown to the person: why this verdict
    source: str
    beyond_main_source: bool = False  # added from a cited guideline, shown as such


# Emergency questions come first on the page.
QUESTIONS: tuple[Question, ...] = (
    Question("fever", YES_NO_NOT_SURE, "Do you have a fever as well as the back spasms?"),
    Question("bladder_bowel", YES_NO_NOT_SURE, "Have you lost control of your bladder or bowels?"),
    Question("saddle_numbness", YES_NO_NOT_SURE, "Is the skin around your genitals or bottom numb?"),
    Question("both_legs", YES_NO_NOT_SURE, "Do you have weakness or numbness in both legs?"),
    Question("passing_urine", YES_NO_NOT_SURE, "Do you have new problems peeing?"),
    Question("severity", SEVERITY_CHOICES, "How bad is the pain?"),
    Question("limb_weakness", YES_NO_NOT_SURE, "Do you have weakness or numbness in an arm or a leg?"),
    Question("sleep", YES_NO_NOT_SURE, "Does the pain stop you sleeping or wake you up?"),
    Question("duration", DURATION_CHOICES, "How long have you had the pain?"),
)
QUESTION_CODES = tuple(q.code for q in QUESTIONS)
VALID_ANSWERS = {q.code: frozenset(value for value, _ in q.choices) for q in QUESTIONS}

_UNSURE = frozenset({NOT_SURE})

RULES: tuple[RedFlag, ...] = (
    # --- Emergency: from the main source ---
    RedFlag("fever", "fever", frozenset({YES}), Urgency.EMERGENCY,
            "You said you have a fever as well as back spasms.", MAIN_SOURCE),
    RedFlag("bladder_bowel", "bladder_bowel", frozenset({YES}), Urgency.EMERGENCY,
            "You said you have lost control of your bladder or bowels.", MAIN_SOURCE),
    # --- Emergency: cauda equina syndrome warning signs, beyond the main source ---
    RedFlag("saddle_numbness", "saddle_numbness", frozenset({YES}), Urgency.EMERGENCY,
            "You said the skin around your genitals or bottom is numb.", f"{NHS_CES}; {NICE_CKS}", True),
    RedFlag("both_legs", "both_legs", frozenset({YES}), Urgency.EMERGENCY,
            "You said you have weakness or numbness in both legs.", f"{NHS_CES}; {NICE_CKS}", True),
    RedFlag("passing_urine", "passing_urine", frozenset({YES}), Urgency.EMERGENCY,
            "You said you have new problems peeing.", f"{NHS_CES}; {NICE_CKS}", True),
    # --- See a doctor: from the main source ---
    RedFlag("severe_pain", "severity", frozenset({"severe"}), Urgency.SEE_DOCTOR,
            "You said your pain is severe.", MAIN_SOURCE),
    RedFlag("limb_weakness", "limb_weakness", frozenset({YES}), Urgency.SEE_DOCTOR,
            "You said you have weakness or numbness in an arm or a leg.", MAIN_SOURCE),
    RedFlag("sleep", "sleep", frozenset({YES}), Urgency.SEE_DOCTOR,
            "You said the pain gets in the way of your sleep.", MAIN_SOURCE),
    RedFlag("long_duration", "duration", frozenset({"2-weeks-or-more"}), Urgency.SEE_DOCTOR,
            "You said you have had the pain for 2 weeks or more.", MAIN_SOURCE),
    # --- When in doubt, see a doctor (main source): "not sure" on any question ---
    RedFlag("unsure_fever", "fever", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if you have a fever.", MAIN_SOURCE),
    RedFlag("unsure_bladder_bowel", "bladder_bowel", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if you have lost control of your bladder or bowels.", MAIN_SOURCE),
    RedFlag("unsure_saddle_numbness", "saddle_numbness", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if the skin around your genitals or bottom is numb.", MAIN_SOURCE),
    RedFlag("unsure_both_legs", "both_legs", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if you have weakness or numbness in both legs.", MAIN_SOURCE),
    RedFlag("unsure_passing_urine", "passing_urine", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if you have new problems peeing.", MAIN_SOURCE),
    RedFlag("unsure_severity", "severity", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure how bad your pain is.", MAIN_SOURCE),
    RedFlag("unsure_limb_weakness", "limb_weakness", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if you have weakness or numbness in an arm or a leg.", MAIN_SOURCE),
    RedFlag("unsure_sleep", "sleep", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure if the pain gets in the way of your sleep.", MAIN_SOURCE),
    RedFlag("unsure_duration", "duration", _UNSURE, Urgency.SEE_DOCTOR,
            "You were not sure how long you have had the pain.", MAIN_SOURCE),
)  # fmt: skip

MISSING_ANSWER_REASON = "We could not read all of your answers, so we cannot rule out a problem."


@dataclass(frozen=True)
class Verdict:
    urgency: Urgency
    flags: tuple[RedFlag, ...]  # the rules that apply, most urgent first
    reasons: tuple[str, ...]  # why, in the person's terms, for the deciding level

    @property
    def disposition(self) -> str:
        return self.urgency.disposition

    @property
    def guideline_sources(self) -> tuple[str, ...]:
        """Sources beyond the main source text behind the deciding rules, to be shown as such."""
        sources = [
            rule.source for rule in self.flags if rule.urgency == self.urgency and rule.beyond_main_source
        ]
        return tuple(dict.fromkeys(part.strip() for source in sources for part in source.split(";")))


def evaluate(*, answers: Mapping[str, str]) -> Verdict:
    """The verdict for a set of answers: the most urgent level of the rules that apply.

    The form refuses incomplete answers before this is called; if one still arrives missing or with a
    value the question does not offer, it counts as "not sure", so it can never lead to self-care.
    """
    cleaned = {
        code: answers.get(code) if answers.get(code) in VALID_ANSWERS[code] else NOT_SURE
        for code in QUESTION_CODES
    }
    flags = tuple(
        sorted(
            (rule for rule in RULES if cleaned[rule.question] in rule.answers),
            key=lambda rule: -rule.urgency,
        )
    )
    urgency = flags[0].urgency if flags else Urgency.SELF_CARE
    reasons = tuple(rule.reason for rule in flags if rule.urgency == urgency)
    if (
        any(answers.get(code) not in VALID_ANSWERS[code] for code in QUESTION_CODES)
        and urgency < Urgency.EMERGENCY
    ):
        reasons += (MISSING_ANSWER_REASON,)
    return Verdict(urgency=urgency, flags=flags, reasons=reasons)
