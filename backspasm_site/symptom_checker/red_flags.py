"""The symptom checker's triage rules: one table, one pure function. No Django imports.

Clinical safety rests here. The verdict is the most urgent level among the rules that apply, and an
answer that is missing, unknown or "not sure" never yields self-care ("When in doubt, see a doctor");
"not sure" on an emergency question gives at least "urgent". The wording people see for each question and
level is content that editors change in admin; which answer leads where is fixed in this file, tested as a
table, and listed for clinicians by `manage.py checker_rules` (docs/checker-rules.md).

Levels follow NHS.UK's care cards: emergency (call the emergency number or go to A&E), urgent (today: an
urgent GP appointment or the urgent-care line), see a doctor (book an appointment), and home care. Where
sources put a sign at different levels, the more urgent level is used (README, "Clinical rules").
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum

MAIN_SOURCE = "Back spasm source text, the site's main source"
NHS_BACK_PAIN = (
    "NHS: Back pain, when to get help (NHS wording as quoted on NHS and GP-practice pages: "
    "https://www.gatesheadhealth.nhs.uk/resources/back-pain/ and "
    "https://bridgestreetsurgery.co.uk/health-information/4205-2/back-pain)"
)
NHS_CES = "NHS: Cauda equina syndrome (https://www.nhs.uk/conditions/cauda-equina-syndrome/)"
NICE_CKS = "NICE CKS: Sciatica (lumbar radiculopathy) (https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/)"
ROYAL_FREE_CES = (
    "Royal Free London NHS Foundation Trust: Cauda equina syndrome leaflet "
    "(https://royalfree.nhs.uk/patients-and-visitors/patient-information-leaflets/cauda-equina-syndrome)"
)
NICE_RED_FLAGS = (
    "NICE CG88 red flags for spinal conditions, as NHS Gloucestershire uses them "
    "(https://g-care.glos.nhs.uk/pathway/72/resource/3)"
)
NORTHERN_TRUST = (
    "HSC Northern Trust: Low back pain (https://www.northerntrust.hscni.net/services/physiotherapy-services/"
    "physiotherapy-service-outpatient-service/low-back-pain/)"
)
NHS_GGC = (
    "NHS Greater Glasgow and Clyde: MSK physiotherapy, lower back "
    "(https://www.nhsggc.org.uk/your-health/health-services/msk-physiotherapy/lower-back/)"
)
HEALTHDIRECT = "healthdirect: Is my back pain serious? (https://www.healthdirect.gov.au/back-pain-symptoms)"
MAYO = (
    "Mayo Clinic: When to see a doctor for back pain "
    "(https://mayoclinic.org/connected-care/when-to-see-a-doctor-for-back-pain/cpt-20470965)"
)
SA_HEALTH = (
    "SA Health: When to seek help for low back pain (https://www.sahealth.sa.gov.au/wps/wcm/connect/"
    "Public+Content/SA+Health+Internet/Conditions/Pain/Low+back+pain/When+to+seek+help+for+low+back+pain)"
)


class Urgency(IntEnum):
    SELF_CARE = 0
    SEE_DOCTOR = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def disposition(self) -> str:
        """The stable name used in URLs, content files and data-disposition attributes."""
        return {0: "self-care", 1: "see-doctor", 2: "urgent", 3: "emergency"}[self.value]


# Answer values as they travel in the form.
YES, NO, NOT_SURE = "yes", "no", "not-sure"
YES_NO_NOT_SURE = ((YES, "Yes"), (NO, "No"), (NOT_SURE, "Not sure"))
SEVERITY_CHOICES = (("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe"), (NOT_SURE, "Not sure"))
DURATION_CHOICES = (
    ("under-2-weeks", "Less than 2 weeks"),
    ("2-weeks-or-more", "2 weeks or more"),
    (NOT_SURE, "Not sure"),
)
ACCIDENT_CHOICES = (
    ("serious", "Yes, a serious accident, such as a car crash or a fall from a height"),
    ("minor", "Yes, a smaller fall or a knock to my back"),
    (NO, "No"),
    (NOT_SURE, "Not sure"),
)
AGE_CHOICES = (("under-20", "Under 20"), ("20-50", "20 to 50"), ("51-70", "51 to 70"), ("over-70", "Over 70"))

# The two steps of the form: the emergency signs first, so a person who has one is told at once.
EMERGENCY_STEP, OTHER_STEP = 1, 2


@dataclass(frozen=True)
class Question:
    code: str
    choices: tuple[tuple[str, str], ...]
    default_text: str  # used until content/ or an editor gives the wording
    step: int
    group: str = ""  # a "tick any that apply" list this sign is one line of (see GROUPS)
    unsure: str = ""  # the words after "You were not sure" in the reasons


@dataclass(frozen=True)
class Group:
    """Signs asked as one "tick any that apply" list, with "None of these" and "Not sure" to tick."""

    code: str
    default_text: str
    step: int


# Group answers as they travel in the form: the codes of the signs ticked, or one of these.
NONE_OF_THESE, GROUP_NOT_SURE = "none", "not-sure"

GROUPS: tuple[Group, ...] = (
    Group("pain_signs", "Does any of this describe your pain?", OTHER_STEP),
    Group("health_signs", "Does any of this apply to you?", OTHER_STEP),
)


def _yes_no(code, text, step, unsure, group=""):
    return Question(code, YES_NO_NOT_SURE, text, step, group, unsure)


# Emergency questions come first on the page, one sign a question.
QUESTIONS: tuple[Question, ...] = (
    _yes_no("fever", "Do you have a fever as well as the back spasms?", EMERGENCY_STEP,
            "if you have a fever"),
    _yes_no("bladder_bowel", "Since the back pain started, have you lost control of your bladder or bowels?",
            EMERGENCY_STEP, "if you have lost control of your bladder or bowels"),
    _yes_no("passing_urine", "Since the back pain started, have you found it hard to pee, or stopped feeling when you need to?",
            EMERGENCY_STEP, "if you have new problems peeing"),
    _yes_no("saddle_numbness", "Is the skin around your genitals, bottom or buttocks numb or tingling?",
            EMERGENCY_STEP, "if the skin around your genitals, bottom or buttocks is numb or tingling"),
    _yes_no("both_legs", "Do you have pain, tingling, weakness or numbness in both legs?", EMERGENCY_STEP,
            "if you have pain, tingling, weakness or numbness in both legs"),
    _yes_no("unsteady", "Have your legs become unsteady, so that you trip or lose your balance when you walk?",
            EMERGENCY_STEP, "if your legs have become unsteady"),
    _yes_no("sexual_function", "Have you noticed new changes in sexual function or feeling in your genitals?",
            EMERGENCY_STEP, "if you have new changes in sexual function or feeling"),
    _yes_no("chest_pain", "Do you have chest pain?", EMERGENCY_STEP, "if you have chest pain"),
    Question("accident", ACCIDENT_CHOICES, "Did the pain start after an accident, a fall or a knock?",
             EMERGENCY_STEP, unsure="if the pain started after an accident, a fall or a knock"),
    # --- the rest: how bad and how long, and the signs of other serious causes ---
    Question("severity", SEVERITY_CHOICES, "How bad is the pain?", OTHER_STEP, unsure="how bad your pain is"),
    _yes_no("limb_weakness", "Do you have weakness or numbness in an arm or a leg?", OTHER_STEP,
            "if you have weakness or numbness in an arm or a leg"),
    _yes_no("sleep", "Does the pain stop you sleeping or wake you up?", OTHER_STEP,
            "if the pain gets in the way of your sleep"),
    Question("duration", DURATION_CHOICES, "How long have you had the pain?", OTHER_STEP,
             unsure="how long you have had the pain"),
    Question("age", AGE_CHOICES, "How old are you?", OTHER_STEP),
    # Its own question, not a line to tick: with a fall it is an emergency, so it must be answered on its own.
    _yes_no("weak_bones", "Do you have weak bones (osteoporosis), or have you taken steroid tablets for more than 3 months?",
            OTHER_STEP, "if you have weak bones or have taken steroid tablets"),
    _yes_no("leg_pain", "The pain spreads down a leg, below the knee", OTHER_STEP,
            "if the pain spreads down a leg", "pain_signs"),
    _yes_no("leg_weakness", "A leg or foot has become weak, for example your foot drags or slaps when you walk",
            OTHER_STEP, "if a leg or foot has become weak", "pain_signs"),
    _yes_no("night_rest", "It does not get better when you rest or lie down, or it is worse at night",
            OTHER_STEP, "if the pain gets better with rest", "pain_signs"),
    _yes_no("cough_sneeze", "It gets worse when you sneeze, cough or poo", OTHER_STEP,
            "if the pain gets worse when you sneeze, cough or poo", "pain_signs"),
    _yes_no("upper_back", "It is high in your back, between your shoulders", OTHER_STEP,
            "if the pain is high in your back", "pain_signs"),
    _yes_no("band_pain", "It goes around your body like a tight band", OTHER_STEP,
            "if the pain goes around your body like a band", "pain_signs"),
    _yes_no("belly_pain", "You also have pain or a throbbing feeling in your belly (tummy)", OTHER_STEP,
            "if you have pain or throbbing in your belly", "pain_signs"),
    _yes_no("lump_shape", "There is a lump or swelling on your back, or your back has changed shape", OTHER_STEP,
            "if there is a lump or swelling on your back", "pain_signs"),
    _yes_no("weight_loss", "You have lost weight without trying", OTHER_STEP,
            "if you have lost weight without trying", "health_signs"),
    _yes_no("cancer", "You have had cancer, even if it was years ago", OTHER_STEP,
            "if you have had cancer", "health_signs"),
    _yes_no("weak_immunity", "Your immune system is weak, for example from chemotherapy, HIV or a transplant",
            OTHER_STEP, "if your immune system is weak", "health_signs"),
    _yes_no("injects_drugs", "You inject drugs, or have done recently", OTHER_STEP,
            "if you inject drugs", "health_signs"),
    _yes_no("recent_infection", "You have had an infection recently, such as a urine infection (UTI)",
            OTHER_STEP, "if you have had an infection recently", "health_signs"),
)  # fmt: skip
QUESTION_CODES = tuple(q.code for q in QUESTIONS)
QUESTIONS_BY_CODE = {q.code: q for q in QUESTIONS}
VALID_ANSWERS = {q.code: frozenset(value for value, _ in q.choices) for q in QUESTIONS}
GROUP_MEMBERS = {g.code: tuple(q.code for q in QUESTIONS if q.group == g.code) for g in GROUPS}


@dataclass(frozen=True)
class RedFlag:
    code: str
    when: tuple[tuple[str, frozenset[str]], ...]  # (question, answers): the rule applies when all hold
    urgency: Urgency
    reason: str  # shown to the person: why this verdict
    source: str
    sign: str = ""  # how the sign reads in the lists of warning signs on every page ("" for "not sure")
    beyond_main_source: bool = field(init=False)  # added from a cited guideline, shown as such

    def __post_init__(self):
        object.__setattr__(self, "beyond_main_source", self.source != MAIN_SOURCE)

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(question for question, _ in self.when)

    def applies(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(question) in values for question, values in self.when)


def _rule(code, question, answers, urgency, reason, source, sign, *also):
    return RedFlag(code, ((question, frozenset(answers)), *also), urgency, reason, source, sign)


EMERGENCY, URGENT, SEE_DOCTOR = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SEE_DOCTOR
_WEAK_BONES = ("weak_bones", frozenset({YES}))
_OLDER = ("age", frozenset({"over-70"}))

RULES_FOR_SIGNS: tuple[RedFlag, ...] = (
    # --- Emergency: from the main source ---
    _rule("fever", "fever", {YES}, EMERGENCY, "You said you have a fever as well as back spasms.", MAIN_SOURCE,
          "a fever (a high temperature) as well as the back spasms"),
    _rule("bladder_bowel", "bladder_bowel", {YES}, EMERGENCY,
          "You said you have lost control of your bladder or bowels.", MAIN_SOURCE,
          "you have lost control of your bladder or bowels (you pee or poo without meaning to)"),
    # --- Emergency: cauda equina syndrome and other serious causes, beyond the main source ---
    _rule("passing_urine", "passing_urine", {YES}, EMERGENCY, "You said you have new problems peeing.",
          f"{NHS_BACK_PAIN}; {NHS_CES}; {NICE_CKS}", "since the pain started, it is hard to pee, or you no longer feel when you need to"),
    _rule("saddle_numbness", "saddle_numbness", {YES}, EMERGENCY,
          "You said the skin around your genitals, bottom or buttocks is numb or tingling.",
          f"{NHS_BACK_PAIN}; {NHS_CES}; {NICE_CKS}", "numbness or tingling around your genitals, bottom or buttocks"),
    _rule("both_legs", "both_legs", {YES}, EMERGENCY,
          "You said you have pain, tingling, weakness or numbness in both legs.",
          f"{NHS_BACK_PAIN}; {NHS_CES}; {NICE_CKS}", "pain, tingling, weakness or numbness in both legs"),
    _rule("unsteady", "unsteady", {YES}, EMERGENCY, "You said your legs have become unsteady when you walk.",
          f"{NICE_RED_FLAGS}; {NORTHERN_TRUST}", "your legs have become unsteady, so you trip or lose your balance"),
    _rule("sexual_function", "sexual_function", {YES}, EMERGENCY,
          "You said you have noticed new changes in sexual function or feeling.", ROYAL_FREE_CES,
          "new changes in sexual function or feeling in your genitals"),
    _rule("chest_pain", "chest_pain", {YES}, EMERGENCY, "You said you have chest pain.", NHS_BACK_PAIN,
          "chest pain"),
    _rule("serious_accident", "accident", {"serious"}, EMERGENCY,
          "You said the pain started after a serious accident.", f"{NHS_BACK_PAIN}; {NORTHERN_TRUST}",
          "the pain started after a serious accident, such as a car crash or a fall from a height"),
    _rule("minor_fall_weak_bones", "accident", {"minor"}, EMERGENCY,
          "You said the pain started after a fall or a knock, and you have weak bones or have taken steroid "
          "tablets.", f"{NORTHERN_TRUST}; {NICE_RED_FLAGS}; {NHS_GGC}",
          "the pain started after a fall or a knock, and you have weak bones or take steroid tablets", _WEAK_BONES),
    _rule("minor_fall_older", "accident", {"minor"}, EMERGENCY,
          "You said the pain started after a fall or a knock, and you are over 70.",
          f"{NORTHERN_TRUST}; {MAYO}", "the pain started after a fall or a knock, and you are over 70", _OLDER),
    # --- Urgent (today): an urgent GP appointment or the urgent-care line, beyond the main source ---
    _rule("minor_fall", "accident", {"minor"}, URGENT, "You said the pain started after a fall or a knock.",
          f"{MAYO}; {HEALTHDIRECT}; {SA_HEALTH}", "the pain started after a fall or a knock to your back"),
    _rule("leg_pain", "leg_pain", {YES}, URGENT, "You said the pain spreads down a leg, below the knee.",
          f"{HEALTHDIRECT}; {MAYO}", "pain that spreads down a leg, below the knee"),
    _rule("leg_weakness", "leg_weakness", {YES}, URGENT, "You said a leg or foot has become weak.",
          f"{NICE_CKS}; {MAYO}", "a leg or foot that has become weak, for example a foot that drags"),
    _rule("night_rest", "night_rest", {YES}, URGENT,
          "You said the pain does not get better with rest, or is worse at night.",
          f"{NHS_BACK_PAIN}; {NICE_RED_FLAGS}; {HEALTHDIRECT}; {MAYO}",
          "pain that does not get better when you rest or lie down, or is worse at night"),
    _rule("cough_sneeze", "cough_sneeze", {YES}, URGENT,
          "You said the pain gets worse when you sneeze, cough or poo.", NHS_BACK_PAIN,
          "pain that gets worse when you sneeze, cough or poo"),
    _rule("upper_back", "upper_back", {YES}, URGENT, "You said the pain is high in your back, between your "
          "shoulders.", NHS_BACK_PAIN, "pain high in your back, between your shoulders"),
    _rule("band_pain", "band_pain", {YES}, URGENT, "You said the pain goes around your body like a band.",
          NORTHERN_TRUST, "pain that goes around your body like a tight band"),
    _rule("belly_pain", "belly_pain", {YES}, URGENT,
          "You said you also have pain or a throbbing feeling in your belly.", MAYO,
          "pain or a throbbing feeling in your belly (tummy) as well"),
    _rule("lump_shape", "lump_shape", {YES}, URGENT,
          "You said there is a lump or swelling on your back, or it has changed shape.",
          f"{NHS_BACK_PAIN}; {NICE_RED_FLAGS}; {HEALTHDIRECT}",
          "a lump or swelling on your back, or your back has changed shape"),
    _rule("weight_loss", "weight_loss", {YES}, URGENT, "You said you have lost weight without trying.",
          f"{NHS_BACK_PAIN}; {NICE_RED_FLAGS}; {HEALTHDIRECT}; {SA_HEALTH}", "you have lost weight without trying"),
    _rule("cancer", "cancer", {YES}, URGENT, "You said you have had cancer.",
          f"{NICE_RED_FLAGS}; {HEALTHDIRECT}; {MAYO}; {SA_HEALTH}", "you have had cancer, even years ago"),
    _rule("weak_bones", "weak_bones", {YES}, URGENT,
          "You said you have weak bones or have taken steroid tablets for more than 3 months.",
          f"{HEALTHDIRECT}; {NICE_RED_FLAGS}", "you have weak bones (osteoporosis) or take steroid tablets"),
    _rule("weak_immunity", "weak_immunity", {YES}, URGENT, "You said your immune system is weak.",
          NICE_RED_FLAGS, "your immune system is weak"),
    _rule("injects_drugs", "injects_drugs", {YES}, URGENT, "You said you inject drugs.", NICE_RED_FLAGS,
          "you inject drugs"),
    _rule("recent_infection", "recent_infection", {YES}, URGENT, "You said you have had an infection recently.",
          f"{NICE_RED_FLAGS}; {HEALTHDIRECT}; {MAYO}", "you have had an infection recently, such as a urine infection"),
    # --- See a doctor: from the main source ---
    _rule("severe_pain", "severity", {"severe"}, SEE_DOCTOR, "You said your pain is severe.", MAIN_SOURCE,
          "the pain is severe"),
    _rule("limb_weakness", "limb_weakness", {YES}, SEE_DOCTOR,
          "You said you have weakness or numbness in an arm or a leg.", MAIN_SOURCE,
          "weakness or numbness in an arm or a leg"),
    _rule("sleep", "sleep", {YES}, SEE_DOCTOR, "You said the pain gets in the way of your sleep.", MAIN_SOURCE,
          "the pain stops you sleeping or wakes you up"),
    _rule("long_duration", "duration", {"2-weeks-or-more"}, SEE_DOCTOR,
          "You said you have had the pain for 2 weeks or more.", MAIN_SOURCE,
          "the pain lasts longer than about 2 weeks"),
    # --- See a doctor: beyond the main source ---
    _rule("age", "age", {"under-20", "51-70", "over-70"}, SEE_DOCTOR,
          "You are under 20 or over 50: back pain at these ages should be checked by a doctor.", NICE_RED_FLAGS,
          "you are under 20 or over 50"),
)  # fmt: skip


def _unsure_rules() -> tuple[RedFlag, ...]:
    """When in doubt, see a doctor (main source); unsure of an emergency sign: get help today."""
    emergency_questions = {
        question for rule in RULES_FOR_SIGNS if rule.urgency == EMERGENCY for question in rule.questions[:1]
    }
    return tuple(
        RedFlag(
            f"unsure_{q.code}",
            ((q.code, frozenset({NOT_SURE})),),
            URGENT if q.code in emergency_questions else SEE_DOCTOR,
            f"You were not sure {q.unsure}.",
            MAIN_SOURCE,
        )
        for q in QUESTIONS
        if NOT_SURE in VALID_ANSWERS[q.code]
    )


RULES: tuple[RedFlag, ...] = RULES_FOR_SIGNS + _unsure_rules()
RULES_BY_CODE = {rule.code: rule for rule in RULES}
# The questions of the emergency step: a "Yes" to one ends the questions.
EMERGENCY_QUESTIONS = tuple(q.code for q in QUESTIONS if q.step == EMERGENCY_STEP)

# The answers that alone make an emergency (the page marks them, so its script can show the advice at once).
EMERGENCY_ANSWERS = {
    question: frozenset().union(
        *(r.when[0][1] for r in RULES_FOR_SIGNS if r.urgency == EMERGENCY and r.questions == (question,))
    )
    for question in EMERGENCY_QUESTIONS
}

MISSING_ANSWER_REASON = "We could not read all of your answers, so we cannot rule out a problem."
EARLY_EMERGENCY_REASON = "You do not need to answer the other questions: get help now."


# The emergency signs every page names in its short emergency card (articles, search, 404, 500, the edge's
# 503): the commonest and the ones people least link with back pain. The full lists stay on "When to get help"
# and the checker's results.
HEADLINE_RULES = ("bladder_bowel", "saddle_numbness", "fever", "chest_pain")


def headline_signs() -> tuple[str, ...]:
    """The emergency signs of the short emergency card, in the table's order."""
    return tuple(rule.sign for rule in RULES_FOR_SIGNS if rule.code in HEADLINE_RULES)


def signs_at(urgency: Urgency) -> tuple[str, ...]:
    """The warning signs of one level, as the lists on every page show them, in the table's order."""
    return tuple(
        dict.fromkeys(rule.sign for rule in RULES_FOR_SIGNS if rule.urgency == urgency and rule.sign)
    )


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
    answers = _strings(answers)
    cleaned = {code: answers[code] if _is_valid(answers, code) else NOT_SURE for code in QUESTION_CODES}
    flags = _rules_that_apply(cleaned)
    # A missing answer to a question with no "Not sure" (age) still counts as doubt.
    doubt = not all(_is_valid(answers, code) for code in QUESTION_CODES)
    urgency = flags[0].urgency if flags else Urgency.SELF_CARE
    if doubt:
        urgency = max(urgency, SEE_DOCTOR)
    reasons = tuple(rule.reason for rule in flags if rule.urgency == urgency)
    if doubt and urgency < EMERGENCY:
        reasons += (MISSING_ANSWER_REASON,)
    return Verdict(urgency=urgency, flags=flags, reasons=reasons)


def _rules_that_apply(answers: Mapping[str, str]) -> tuple[RedFlag, ...]:
    """Every rule the answers meet, most urgent first (the table's order within a level)."""
    return tuple(sorted((rule for rule in RULES if rule.applies(answers)), key=lambda rule: -rule.urgency))


def _is_valid(answers: Mapping[str, str], code: str) -> bool:
    """Whether the question is answered with a value it offers."""
    return answers.get(code) in VALID_ANSWERS[code]


def _strings(answers: Mapping) -> dict[str, str]:
    """Only text answers count: anything else (a list, a number) is no answer, so it counts as "not sure"."""
    return {code: value for code, value in answers.items() if isinstance(value, str)}


def emergency_in(answers: Mapping[str, str]) -> Verdict | None:
    """The emergency verdict if the answers given so far already hold an emergency sign, else None.

    Used before every question is answered: a person who has told us of an emergency sign is told to get
    help now, never asked to answer the rest first.
    """
    given = {code: value for code, value in _strings(answers).items() if code in VALID_ANSWERS}
    flags = tuple(rule for rule in RULES_FOR_SIGNS if rule.urgency == EMERGENCY and rule.applies(given))
    if not flags:
        return None
    missing = any(given.get(code) not in VALID_ANSWERS[code] for code in QUESTION_CODES)
    reasons = tuple(rule.reason for rule in flags) + ((EARLY_EMERGENCY_REASON,) if missing else ())
    return Verdict(urgency=EMERGENCY, flags=flags, reasons=reasons)


def answers_from_form_data(data: Mapping) -> dict[str, str]:
    """Each sign's answer from posted form data, where a group's signs arrive as one list of ticks.

    A ticked sign is "yes". The signs not ticked are "not sure" when "Not sure" is ticked, and otherwise "no"
    once anything the list offers is ticked (a sign, or "None of these"). A list with nothing ticked leaves
    its signs unanswered: a missing answer, never "no". `data` is a QueryDict or a dict of lists.
    """
    answers = {q.code: data.get(q.code) for q in QUESTIONS if not q.group}
    for group, members in GROUP_MEMBERS.items():
        ticked = set(ticks(data, group))
        for code in members:
            if code in ticked:
                answers[code] = YES
            elif GROUP_NOT_SURE in ticked:
                answers[code] = NOT_SURE
            elif ticked & {NONE_OF_THESE, *members}:
                answers[code] = NO
    return {code: value for code, value in answers.items() if value is not None}


def ticks(data: Mapping, name: str) -> list[str]:
    """A list's ticks as Django's CheckboxSelectMultiple reads them (anything but a list is no ticks)."""
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    return list(value) if isinstance(value, (list, tuple)) else []


def group_ticks_valid(ticked: list[str], group: str) -> bool:
    """A group's ticks as the form accepts them: some ticks, all offered, "None of these" alone."""
    offered = {*GROUP_MEMBERS[group], NONE_OF_THESE, GROUP_NOT_SURE}
    return (
        bool(ticked)
        and set(ticked) <= offered
        and (NONE_OF_THESE not in ticked or set(ticked) == {NONE_OF_THESE})
    )
