"""The clinical specification of the symptom checker, as a table of scenarios and properties over all answers."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backspasm_site.symptom_checker.red_flags import (
    MAIN_SOURCE,
    NOT_SURE,
    QUESTION_CODES,
    QUESTIONS,
    RULES,
    VALID_ANSWERS,
    Urgency,
    evaluate,
)

EMERGENCY, SEE_DOCTOR, SELF_CARE = Urgency.EMERGENCY, Urgency.SEE_DOCTOR, Urgency.SELF_CARE

ALL_CLEAR = {
    "fever": "no",
    "bladder_bowel": "no",
    "saddle_numbness": "no",
    "both_legs": "no",
    "passing_urine": "no",
    "severity": "mild",
    "limb_weakness": "no",
    "sleep": "no",
    "duration": "under-2-weeks",
}


def answers(**changes):
    return {**ALL_CLEAR, **changes}


# (name, answers, expected urgency, a reason that must be shown)
SCENARIOS = [
    ("all clear", answers(), SELF_CARE, None),
    ("moderate pain alone", answers(severity="moderate"), SELF_CARE, None),
    # Emergency, each rule alone (main source)
    ("fever", answers(fever="yes"), EMERGENCY, "You said you have a fever as well as back spasms."),
    ("bladder or bowel control", answers(bladder_bowel="yes"), EMERGENCY, "lost control of your bladder or bowels"),
    # Emergency, cauda equina syndrome signs (NHS, NICE CKS)
    ("saddle numbness", answers(saddle_numbness="yes"), EMERGENCY, "genitals or bottom is numb"),
    ("both legs", answers(both_legs="yes"), EMERGENCY, "weakness or numbness in both legs"),
    ("new problems peeing", answers(passing_urine="yes"), EMERGENCY, "new problems peeing"),
    # See a doctor, each rule alone
    ("severe pain", answers(severity="severe"), SEE_DOCTOR, "You said your pain is severe."),
    ("weakness in a limb", answers(limb_weakness="yes"), SEE_DOCTOR, "an arm or a leg"),
    ("disturbs sleep", answers(sleep="yes"), SEE_DOCTOR, "sleep"),
    ("two weeks or more", answers(duration="2-weeks-or-more"), SEE_DOCTOR, "2 weeks or more"),
    # Not sure: when in doubt, see a doctor
    *[
        (f"not sure: {code}", answers(**{code: NOT_SURE}), SEE_DOCTOR, "You were not sure")
        for code in QUESTION_CODES
    ],
    # The most urgent rule wins
    ("fever and severe pain", answers(fever="yes", severity="severe"), EMERGENCY, "fever"),
    ("bladder and long duration", answers(bladder_bowel="yes", duration="2-weeks-or-more"), EMERGENCY, "bladder"),
    ("fever but unsure of bladder", answers(fever="yes", bladder_bowel=NOT_SURE), EMERGENCY, "fever"),
    ("unsure of fever and severe pain", answers(fever=NOT_SURE, severity="severe"), SEE_DOCTOR, "severe"),
    ("every see-doctor sign", answers(severity="severe", limb_weakness="yes", sleep="yes",
                                      duration="2-weeks-or-more"), SEE_DOCTOR, "sleep"),
    ("every red flag", {code: "yes" for code in QUESTION_CODES} | {"severity": "severe",
                                                                  "duration": "2-weeks-or-more"}, EMERGENCY, "fever"),
    ("all not sure", {code: NOT_SURE for code in QUESTION_CODES}, SEE_DOCTOR, "not sure"),
    # Missing or tampered answers never give self-care
    ("nothing answered", {}, SEE_DOCTOR, "We could not read all of your answers"),
    ("one answer missing", {k: v for k, v in ALL_CLEAR.items() if k != "sleep"}, SEE_DOCTOR, None),
    ("tampered value", answers(fever="maybe"), SEE_DOCTOR, None),
    ("tampered with a yes elsewhere", answers(duration="forever", fever="yes"), EMERGENCY, "fever"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "given_answers", "expected", "reason"), SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
def test_scenario(name, given_answers, expected, reason):
    verdict = evaluate(answers=given_answers)
    assert verdict.urgency == expected
    if reason:
        assert any(reason.lower() in r.lower() for r in verdict.reasons), verdict.reasons
    if expected != SELF_CARE:
        assert verdict.reasons, "a verdict above self-care always says why"


def every_combination():
    return itertools.product(*[[value for value, _ in q.choices] for q in QUESTIONS])


def test_properties_hold_for_every_combination_of_answers():
    """All 26,244 combinations: most urgent wins, adding a red flag never lowers, not sure never self-care."""
    count = 0
    for combination in every_combination():
        given_answers = dict(zip(QUESTION_CODES, combination, strict=True))
        verdict = evaluate(answers=given_answers)
        applying = [rule for rule in RULES if given_answers[rule.question] in rule.answers]
        assert verdict.urgency == max((rule.urgency for rule in applying), default=SELF_CARE)
        if NOT_SURE in combination:
            assert verdict.urgency >= SEE_DOCTOR
        # Turning an answer that raised no flag into a red flag never lowers the verdict.
        for rule in RULES:
            if any(
                given_answers[rule.question] in other.answers
                for other in RULES
                if other.question == rule.question
            ):
                continue
            worse = dict(given_answers, **{rule.question: sorted(rule.answers)[0]})
            assert evaluate(answers=worse).urgency >= max(verdict.urgency, rule.urgency)
        count += 1
    assert count == 3**8 * 4


@given(st.dictionaries(st.sampled_from([*QUESTION_CODES, "other"]), st.text(max_size=20) | st.sampled_from(
    sorted({v for values in VALID_ANSWERS.values() for v in values}))))  # fmt: skip
def test_any_incomplete_or_tampered_answers_never_give_self_care(given_answers):
    complete = all(given_answers.get(code) in VALID_ANSWERS[code] for code in QUESTION_CODES)
    verdict = evaluate(answers=given_answers)
    if not complete:
        assert verdict.urgency >= SEE_DOCTOR


def test_rule_table_is_complete_and_sourced():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)), "rule codes are unique"
    for rule in RULES:
        assert rule.question in QUESTION_CODES
        assert rule.answers <= VALID_ANSWERS[rule.question]
        assert rule.reason.endswith(".") and rule.source
        assert rule.beyond_main_source == (rule.source != MAIN_SOURCE)
    # Every question's "not sure" is covered, and every question can raise the verdict.
    for code in QUESTION_CODES:
        assert any(rule.question == code and NOT_SURE in rule.answers for rule in RULES)


def test_emergency_questions_come_first():
    order = [next(r.urgency for r in RULES if r.question == code and NOT_SURE not in r.answers)
             for code in QUESTION_CODES]  # fmt: skip
    assert order == sorted(order, reverse=True)
