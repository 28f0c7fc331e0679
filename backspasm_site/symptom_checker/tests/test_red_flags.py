"""The clinical specification of the symptom checker, as a table of scenarios and properties over all answers."""

import itertools

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from backspasm_site.symptom_checker.red_flags import (
    EMERGENCY_QUESTIONS,
    GROUP_MEMBERS,
    MAIN_SOURCE,
    MISSING_ANSWER_REASON,
    NO,
    NOT_SURE,
    QUESTION_CODES,
    QUESTIONS,
    QUESTIONS_BY_CODE,
    RULES,
    RULES_FOR_SIGNS,
    VALID_ANSWERS,
    YES,
    Urgency,
    answers_from_form_data,
    emergency_in,
    evaluate,
    signs_at,
)

EMERGENCY, URGENT, SEE_DOCTOR, SELF_CARE = (
    Urgency.EMERGENCY,
    Urgency.URGENT,
    Urgency.SEE_DOCTOR,
    Urgency.SELF_CARE,
)

# One answer per sign, none of them a warning sign.
ALL_CLEAR = {
    **{q.code: NO for q in QUESTIONS if NO in VALID_ANSWERS[q.code]},
    "severity": "mild", "duration": "under-2-weeks", "age": "20-50",
}  # fmt: skip


def answers(**changes):
    return {**ALL_CLEAR, **changes}


# (name, answers, expected urgency, a reason that must be shown)
SCENARIOS = [
    ("all clear", answers(), SELF_CARE, None),
    ("moderate pain alone", answers(severity="moderate"), SELF_CARE, None),
    ("aged 20 to 50, no signs", answers(age="20-50", severity="moderate"), SELF_CARE, None),
    # Emergency, each rule alone: the main source
    ("fever", answers(fever=YES), EMERGENCY, "You said you have a fever as well as back spasms."),
    ("bladder or bowel control", answers(bladder_bowel=YES), EMERGENCY, "lost control of your bladder or bowels"),
    # Emergency: cauda equina syndrome (NHS, GIRFT, NICE CKS, the cauda equina leaflets)
    ("numbness or tingling around the genitals", answers(saddle_numbness=YES), EMERGENCY, "numb or tingling"),
    ("pain or tingling in both legs or feet", answers(both_legs=YES), EMERGENCY, "both legs or both feet"),
    ("new problems peeing", answers(passing_urine=YES), EMERGENCY, "new problems peeing"),
    ("unsteady legs", answers(unsteady=YES), EMERGENCY, "unsteady"),
    ("new problems with sex", answers(sexual_function=YES), EMERGENCY, "problems with sex"),
    # Emergency: the heart, the aorta and the lungs
    ("chest pain", answers(chest_pain=YES), EMERGENCY, "chest"),
    ("heart signs with no chest pain", answers(heart_signs=YES), EMERGENCY, "heart attack"),
    ("sudden tearing pain", answers(tearing_pain=YES), EMERGENCY, "tearing"),
    ("fainting or clammy", answers(fainting=YES), EMERGENCY, "faint"),
    ("sudden breathlessness or coughing blood", answers(breathing=YES), EMERGENCY, "short of breath"),
    # Emergency: stroke and sepsis
    ("face drooping or speech", answers(stroke=YES), EMERGENCY, "stroke"),
    ("an arm or leg suddenly weak", answers(sudden_weakness=YES), EMERGENCY, "suddenly gone weak"),
    ("confused or drowsy", answers(confused=YES), EMERGENCY, "confused"),
    ("blotchy skin or a rash that does not fade", answers(skin_colour=YES), EMERGENCY, "blotchy"),
    ("no pee all day", answers(no_pee=YES), EMERGENCY, "not peed all day"),
    ("feels so ill they might die", answers(feels_like_dying=YES), EMERGENCY, "sepsis"),
    # Emergency: other causes
    ("a serious accident", answers(serious_accident=YES), EMERGENCY, "serious accident"),
    ("sudden, very bad tummy pain", answers(sudden_belly_pain=YES), EMERGENCY, "aortic aneurysm"),
    ("sudden testicle pain", answers(testicle_pain=YES), EMERGENCY, "testicle"),
    ("could be pregnant, one-sided pain", answers(ectopic=YES), EMERGENCY, "pregnant"),
    ("pregnant, bleeding heavily or sharp pain", answers(pregnancy_bleeding=YES), EMERGENCY, "passing clots"),
    ("a small fall with weak bones", answers(minor_fall=YES, weak_bones=YES), EMERGENCY, "weak bones"),
    ("a small fall over 70", answers(minor_fall=YES, age="over-70"), EMERGENCY, "over 70"),
    # Emergency: cancer with nerve signs (spinal cord compression)
    ("had cancer, pain down a leg", answers(cancer=YES, leg_pain=YES), EMERGENCY, "nerves in your spine"),
    ("had cancer, pain around the body", answers(cancer=YES, band_pain=YES), EMERGENCY, "nerves in your spine"),
    ("had cancer, a leg gone weak", answers(cancer=YES, leg_weakness=YES), EMERGENCY, "nerves in your spine"),
    ("had cancer, an arm gone numb", answers(cancer=YES, limb_weakness=YES), EMERGENCY, "nerves in your spine"),
    # Urgent (today), each rule alone
    ("a small fall or knock", answers(minor_fall=YES), URGENT, "fall or a knock"),
    ("pain down a leg below the knee", answers(leg_pain=YES), URGENT, "down a leg"),
    ("a leg or foot gone weak", answers(leg_weakness=YES), URGENT, "leg or foot"),
    ("a numb, tingly foot", answers(leg_weakness=YES), URGENT, "numb or tingly"),
    ("not better with rest, worse at night", answers(night_rest=YES), URGENT, "worse at night"),
    ("worse when coughing", answers(cough_sneeze=YES), URGENT, "sneeze, cough or poo"),
    ("high in the back", answers(upper_back=YES), URGENT, "between your shoulders"),
    ("band-like pain", answers(band_pain=YES), URGENT, "like a band"),
    ("belly pain or throbbing", answers(belly_pain=YES), URGENT, "belly"),
    ("pain in waves in the side", answers(kidney_pain=YES), URGENT, "kidney stone"),
    ("burning on one side, then blisters", answers(shingles=YES), URGENT, "shingles"),
    ("a lump or a changed shape", answers(lump_shape=YES), URGENT, "lump or swelling"),
    ("blood in the pee", answers(blood_in_pee=YES), URGENT, "blood in your pee"),
    ("weight lost without trying", answers(weight_loss=YES), URGENT, "lost weight"),
    ("cancer years ago", answers(cancer=YES), URGENT, "had cancer"),
    ("weak bones alone", answers(weak_bones=YES), URGENT, "weak bones"),
    ("a weak immune system", answers(weak_immunity=YES), URGENT, "immune system"),
    ("injects drugs", answers(injects_drugs=YES), URGENT, "inject drugs"),
    ("a recent infection", answers(recent_infection=YES), URGENT, "infection"),
    ("burning when peeing, cloudy pee", answers(urine_infection=YES), URGENT, "kidney infection"),
    ("could be pregnant, pain low on one side", answers(ectopic_signs=YES), URGENT, "ectopic"),
    ("after spinal surgery, a red wound", answers(spine_surgery=YES), URGENT, "operation or injection"),
    ("pregnant and bleeding or tightenings", answers(pregnancy=YES), URGENT, "midwife"),
    ("pregnant, headache and flashing lights", answers(pre_eclampsia=YES), URGENT, "pre-eclampsia"),
    ("shaking that will not stop", answers(shivering=YES), EMERGENCY, "shivering"),
    ("on warfarin after a fall", answers(blood_thinner=YES), URGENT, "blood thinner"),
    ("a cold white leg", answers(cold_leg=YES), EMERGENCY, "cold, pale or blue"),
    ("diabetes with a foot ulcer", answers(diabetes_foot=YES), URGENT, "diabetes"),
    ("a child's pain that wakes them", answers(child_signs=YES), URGENT, "under 16"),
    ("sickle cell disease, and the pain feels like a crisis", answers(sickle_cell=YES), URGENT, "sickle cell team"),
    ("sickle cell disease, and the pain is very bad", answers(sickle_cell_severe=YES), EMERGENCY, "in hospital"),
    ("sickle cell disease, and a very bad headache or a sudden change in sight",
     answers(sickle_cell_warning=YES), EMERGENCY, "treatment straight away"),
    # See a doctor, each rule alone
    ("severe pain", answers(severity="severe"), SEE_DOCTOR, "You said your pain is severe."),
    ("weakness in an arm", answers(limb_weakness=YES), SEE_DOCTOR, "an arm or a hand"),
    ("disturbs sleep", answers(sleep=YES), SEE_DOCTOR, "sleep"),
    ("two weeks or more", answers(duration="2-weeks-or-more"), SEE_DOCTOR, "2 weeks or more"),
    ("getting worse every day", answers(getting_worse=YES), SEE_DOCTOR, "keeps getting worse"),
    ("over 50", answers(age="51-70"), SEE_DOCTOR, "over 50"),
    ("under 20", answers(age="under-20"), SEE_DOCTOR, "under 20"),
    ("drenching night sweats", answers(night_sweats=YES), SEE_DOCTOR, "sweats at night"),
    ("close to someone with TB", answers(tb_contact=YES), SEE_DOCTOR, "TB"),
    ("cannot do everyday things", answers(daily_activities=YES), SEE_DOCTOR, "usual everyday things"),
    ("worried or finding it hard to cope", answers(hard_to_cope=YES), SEE_DOCTOR, "hard to cope"),
    # Not sure: of an emergency sign (or a fall, an emergency with weak bones), get help today; else see a doctor
    *[
        (f"not sure: {q.code}", answers(**{q.code: NOT_SURE}),
         URGENT if q.code in EMERGENCY_QUESTIONS or q.code in ("minor_fall", "cancer") else SEE_DOCTOR,
         "You were not sure")
        for q in QUESTIONS if NOT_SURE in VALID_ANSWERS[q.code]
    ],
    # The most urgent rule wins
    ("fever and severe pain", answers(fever=YES, severity="severe"), EMERGENCY, "fever"),
    ("bladder and long duration", answers(bladder_bowel=YES, duration="2-weeks-or-more"), EMERGENCY, "bladder"),
    ("fever but unsure of bladder", answers(fever=YES, bladder_bowel=NOT_SURE), EMERGENCY, "fever"),
    ("chest pain and cancer", answers(chest_pain=YES, cancer=YES), EMERGENCY, "chest"),
    ("shingles and a stroke sign", answers(shingles=YES, stroke=YES), EMERGENCY, "stroke"),
    ("cancer and severe pain", answers(cancer=YES, severity="severe"), URGENT, "had cancer"),
    ("kidney pain and getting worse", answers(kidney_pain=YES, getting_worse=YES), URGENT, "kidney"),
    ("unsure of fever and severe pain", answers(fever=NOT_SURE, severity="severe"), URGENT, "not sure"),
    ("unsure of cancer and severe pain", answers(cancer=NOT_SURE, severity="severe"), URGENT, "not sure"),
    ("a small fall, unsure of weak bones", answers(minor_fall=YES, weak_bones=NOT_SURE), URGENT, "fall"),
    ("every see-doctor sign", answers(severity="severe", limb_weakness=YES, sleep=YES, getting_worse=YES,
                                      duration="2-weeks-or-more"), SEE_DOCTOR, "sleep"),
    ("every red flag", {code: YES for code in QUESTION_CODES} | {"severity": "severe",
     "duration": "2-weeks-or-more", "age": "over-70"}, EMERGENCY, "fever"),
    ("all not sure", {code: NOT_SURE for code in QUESTION_CODES} | {"age": "20-50"}, URGENT, "not sure"),
    # People's own stories, answered truthfully (issue 26's among them)
    ("71, sudden tearing low back and tummy pain, faint and clammy", answers(tearing_pain=YES, fainting=YES,
     belly_pain=YES, age="over-70", severity="severe"), EMERGENCY, "tearing"),
    ("ripping pain between the shoulder blades, worst ever", answers(tearing_pain=YES, upper_back=YES,
     severity="severe"), EMERGENCY, "tearing"),
    ("ache between the shoulder blades into the left arm and jaw, sweaty", answers(heart_signs=YES,
     upper_back=YES, severity="moderate"), EMERGENCY, "heart attack"),
    ("heaviness across the upper back, sweating and sick", answers(heart_signs=YES, upper_back=YES),
     EMERGENCY, "heart attack"),
    ("sharp pain breathing in after a long flight", answers(breathing=YES, upper_back=YES), EMERGENCY,
     "breathe in"),
    ("81, on antibiotics for a water infection, muddled and blotchy", answers(confused=YES, skin_colour=YES,
     recent_infection=YES, age="over-70"), EMERGENCY, "confused"),
    ("both feet numb, like walking on cotton wool", answers(both_legs=YES), EMERGENCY, "both feet"),
    ("my smile went lopsided", answers(stroke=YES), EMERGENCY, "stroke"),
    ("a teenager's sudden testicle pain into the back", answers(testicle_pain=YES, age="under-20"), EMERGENCY,
     "testicle"),
    ("late period, shoulder-tip pain, fainted", answers(ectopic=YES, fainting=YES), EMERGENCY, "pregnant"),
    ("burning on one side, then a patch of blisters", answers(shingles=YES, severity="moderate"), URGENT,
     "3 days"),
    ("pain worse every day", answers(getting_worse=YES, severity="moderate"), SEE_DOCTOR, "getting worse"),
    ("pregnant with regular tightenings", answers(pregnancy=YES), URGENT, "pregnant"),
    ("30 weeks pregnant, a trickle of water and a backache", answers(pregnancy=YES), URGENT, "waters have broken"),
    ("sudden bad pain on warfarin", answers(blood_thinner=YES, severity="severe"), URGENT, "blood thinner"),
    ("night sweats after TB contact", answers(night_sweats=YES, tb_contact=YES), SEE_DOCTOR, "TB"),
    ("tight pain in the chest", answers(chest_pain=YES, severity="moderate"), EMERGENCY, "chest"),
    ("came off a motorbike this morning", answers(serious_accident=YES, severity="severe"), EMERGENCY, "accident"),
    ("pins and needles around the genitals", answers(saddle_numbness=YES), EMERGENCY, "tingling"),
    ("pain shooting down both legs", answers(both_legs=YES, leg_pain=YES), EMERGENCY, "both legs"),
    ("breast cancer five years ago", answers(cancer=YES, severity="moderate"), URGENT, "had cancer"),
    ("lost a stone without trying", answers(weight_loss=YES), URGENT, "lost weight"),
    ("slipped on ice, on steroid tablets", answers(minor_fall=YES, weak_bones=YES), EMERGENCY, "steroid"),
    ("72, sudden severe tummy and back pain, not tearing", answers(sudden_belly_pain=YES, belly_pain=YES,
     age="over-70", severity="severe"), EMERGENCY, "aneurysm"),
    ("prostate cancer, now one leg heavy and numb", answers(cancer=YES, leg_weakness=YES, severity="moderate"),
     EMERGENCY, "had cancer"),
    ("scared it is something serious, aged 35, eases lying down", answers(hard_to_cope=YES,
     severity="moderate", age="20-50"), SEE_DOCTOR, "worried about the pain"),
    ("off work for a week, cannot lift the children", answers(daily_activities=YES, severity="moderate"),
     SEE_DOCTOR, "everyday things"),
    # A story-based review (7 December 2026, evening): each of these had a level below its source's
    ("81, freezing and shaking, aching all over, no fever", answers(shivering=YES, age="over-70"), EMERGENCY,
     "sepsis"),
    ("sciatica, and cannot feel the wee coming out", answers(passing_urine=YES, leg_pain=YES), EMERGENCY,
     "feeling it come out"),
    ("wiping feels odd since the back went", answers(saddle_numbness=YES), EMERGENCY, "when you wipe"),
    ("33 weeks, a constant backache and tummy ache, no bleeding", answers(pregnancy_bleeding=YES), EMERGENCY,
     "sharp or constant"),
    ("31 weeks, a new dull backache, pressure low down, more discharge", answers(early_labour=YES), URGENT,
     "early labour"),
    ("36 weeks, a backache, and the baby has hardly moved today", answers(pregnancy=YES), URGENT, "moving less"),
    ("30 weeks, pain under the right ribs into the back, headache and flashing lights",
     answers(pre_eclampsia=YES, severity="moderate"), URGENT, "pre-eclampsia"),
    ("a 10-year-old's back spasm that wakes her at night, off her food", answers(child_signs=YES, sleep=YES,
     age="under-20"), URGENT, "under 16"),
    ("a 22-year-old with sickle cell disease, a low backache like his crises, paracetamol helping a bit",
     answers(sickle_cell=YES, severity="moderate", age="20-50"), URGENT, "sickle cell team"),
    ("a 30-year-old with sickle cell anaemia, a very bad crisis in her back, her painkillers not working",
     answers(sickle_cell_severe=YES, sickle_cell=YES, severity="severe", age="20-50"), EMERGENCY,
     "tell the staff"),
    ("a 19-year-old with sickle cell disease, a mild backache she knows, and blurred sight since this morning",
     answers(sickle_cell_warning=YES, severity="mild", age="under-20"), EMERGENCY, "tell the staff"),
    ("stinging pee and an ache under the ribs, no fever", answers(urine_infection=YES, severity="moderate"),
     URGENT, "kidney infection"),
    # Ordinary back spasms, some told in alarming words, that must stay home care (answered truthfully, none of
    # them is a warning sign the checker asks about)
    ("spasm after lifting, mild", answers(severity="mild"), SELF_CARE, None),
    ("spasm after gardening, moderate, a few days", answers(severity="moderate"), SELF_CARE, None),
    ("back locked up bending to tie a shoe, eased by the evening", answers(severity="moderate"), SELF_CARE, None),
    ("a stabbing knot low in the back when twisting, 2 days", answers(severity="moderate"), SELF_CARE, None),
    ("muscle twitching and cramping after a long drive", answers(severity="mild"), SELF_CARE, None),
    ("a spasm that eases lying down, aged 35", answers(severity="moderate", age="20-50"), SELF_CARE, None),
    ("spasm came back after sleeping on the sofa, moderate", answers(severity="moderate"), SELF_CARE, None),
    ("stiff and sore after a first gym session", answers(severity="mild"), SELF_CARE, None),
    # Missing or tampered answers never give self-care; missing emergency answers give at least urgent
    ("nothing answered", {}, URGENT, "We could not read all of your answers"),
    ("one answer missing", {k: v for k, v in ALL_CLEAR.items() if k != "sleep"}, SEE_DOCTOR, None),
    ("age missing", {k: v for k, v in ALL_CLEAR.items() if k != "age"}, SEE_DOCTOR, MISSING_ANSWER_REASON),
    ("tampered value", answers(fever="maybe"), URGENT, None),
    ("tampered step-two value", answers(weight_loss="maybe"), SEE_DOCTOR, None),
    ("tampered with a yes elsewhere", answers(duration="forever", fever=YES), EMERGENCY, "fever"),
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


def test_the_published_figures_are_the_scenario_tables():
    """The about page and the hazard log quote how many situations of each level the table holds."""
    from collections import Counter
    from pathlib import Path

    # Counted once per different set of answers: a story told in other words tests nothing more.
    distinct = {tuple(sorted(s[1].items())): s[2] for s in SCENARIOS}
    counts = Counter(distinct.values())
    figures = (
        f"{len(SCENARIOS)} situations. Together they make {len(distinct)} different sets of answers: "
        f"{counts[EMERGENCY]} emergencies, {counts[URGENT]} that need help today, "
        f"{counts[SEE_DOCTOR]} that need a doctor and {counts[SELF_CARE]} that can be looked after at home"
    )
    root = Path(__file__).resolve().parents[3]
    for document in ("content/site-text/about-this-content.md", "docs/clinical-safety.md"):
        assert figures in " ".join((root / document).read_text().split()), (document, figures)


def test_every_sign_rule_has_a_scenario_of_its_own():
    """Each rule of the table, alone, is in the scenario table at its own level."""
    for rule in RULES_FOR_SIGNS:
        alone = answers(**{question: sorted(values)[0] for question, values in rule.when})
        assert evaluate(answers=alone).urgency == rule.urgency, rule.code
        assert any(s[1] == alone and s[2] == rule.urgency for s in SCENARIOS), f"no scenario for {rule.code}"


def check_properties(given_answers):
    verdict = evaluate(answers=given_answers)
    applying = [rule for rule in RULES if rule.applies(given_answers)]
    assert verdict.urgency == max((rule.urgency for rule in applying), default=SELF_CARE)
    if NOT_SURE in given_answers.values():
        assert verdict.urgency >= SEE_DOCTOR
    if any(given_answers[code] == NOT_SURE for code in EMERGENCY_QUESTIONS):
        assert verdict.urgency >= URGENT, "not sure of an emergency sign is never just 'book soon'"
    # Turning an answer that raised no flag into a red flag never lowers the verdict.
    flagged = {question for rule in applying for question in rule.questions}
    for rule in RULES_FOR_SIGNS:
        if flagged & set(rule.questions):
            continue  # that answer already raises a flag: changing it is not adding one
        worse = dict(given_answers, **{q: sorted(values)[0] for q, values in rule.when})
        assert evaluate(answers=worse).urgency >= max(verdict.urgency, rule.urgency)
    return verdict


def test_properties_hold_for_every_pair_of_emergency_signs_and_not_sure():
    """Every emergency sign ticked alone and with each other one, with and without "Not sure" ticked in the
    list (the rest all clear): most urgent wins, adding a red flag never lowers the verdict, not sure never
    gives self-care, and not sure of an emergency sign gives at least urgent."""
    signs = GROUP_MEMBERS["emergency_signs"]
    count = 0
    for ticked in [(), *itertools.combinations_with_replacement(signs, 2)]:
        for unsure in (False, True):
            data = {"emergency_signs": [*ticked, "not-sure"] if unsure else [*ticked] or ["none"]}
            verdict = check_properties({**ALL_CLEAR, **answers_from_form_data(data)})
            assert verdict.urgency == (EMERGENCY if ticked else URGENT if unsure else SELF_CARE)
            count += 1
    assert count == 2 * (1 + len(signs) * (len(signs) + 1) // 2)


def test_properties_hold_for_every_combination_of_the_radios_and_each_sign_to_tick():
    """Every combination of the radios alone and with one "Not sure", and each sign ticked with a quarter of
    them (a different quarter for each sign, so every combination meets a quarter of the signs)."""
    radios = [q for q in QUESTIONS if not q.group]
    ticked = [q.code for q in QUESTIONS if q.group]
    count = 0
    combinations = list(itertools.product(*[[value for value, _ in q.choices] for q in radios]))
    for n, combination in enumerate(combinations):
        base = {**ALL_CLEAR, **dict(zip([q.code for q in radios], combination, strict=True))}
        signs = [(None, None), (ticked[n % len(ticked)], NOT_SURE)]
        signs += [(sign, YES) for i, sign in enumerate(ticked) if i % 4 == n % 4]
        for sign, value in signs:
            check_properties(base if sign is None else {**base, sign: value})
            count += 1
    assert len(combinations) == 4 * 3 * 4 * 3 and count > 2 * len(combinations) + len(ticked) * 35


@hypothesis_settings(max_examples=1000)
@given(st.fixed_dictionaries({q.code: st.sampled_from([v for v, _ in q.choices]) for q in QUESTIONS}))
def test_properties_hold_for_generated_answers_to_every_question(given_answers):
    check_properties(given_answers)


@given(st.dictionaries(st.sampled_from([*QUESTION_CODES, "other"]), st.text(max_size=20) | st.sampled_from(
    sorted({v for values in VALID_ANSWERS.values() for v in values}))))  # fmt: skip
def test_any_incomplete_or_tampered_answers_never_give_self_care(given_answers):
    complete = all(given_answers.get(code) in VALID_ANSWERS[code] for code in QUESTION_CODES)
    verdict = evaluate(answers=given_answers)
    if not complete:
        assert verdict.urgency >= SEE_DOCTOR
    if any(given_answers.get(code) not in VALID_ANSWERS[code] for code in EMERGENCY_QUESTIONS):
        assert verdict.urgency >= URGENT


@given(st.dictionaries(st.sampled_from(QUESTION_CODES), st.sampled_from([YES, NO, NOT_SURE, "over-70"])))
def test_an_emergency_sign_among_partial_answers_is_found_before_the_rest_is_answered(partial):
    early = emergency_in(partial)
    by_rules = any(rule.urgency == EMERGENCY and rule.applies(partial) for rule in RULES_FOR_SIGNS)
    assert (early is not None) == by_rules
    if early is not None:
        assert early.urgency == EMERGENCY and early.reasons


def test_a_list_to_tick_left_empty_is_missing_and_none_of_these_is_no():
    assert answers_from_form_data({"pain_signs": []}).get("leg_pain") is None
    assert answers_from_form_data({"emergency_signs": ["not-sure"]})["stroke"] == NOT_SURE
    assert answers_from_form_data({"pain_signs": ["none"]})["leg_pain"] == NO
    ticked = answers_from_form_data({"pain_signs": ["leg_pain"]})
    assert ticked["leg_pain"] == YES and ticked["band_pain"] == NO
    unsure = answers_from_form_data({"pain_signs": ["not-sure", "band_pain"]})
    assert unsure["band_pain"] == YES and unsure["leg_pain"] == NOT_SURE
    assert answers_from_form_data({"pain_signs": ["made-up"]}).get("leg_pain") is None
    assert answers_from_form_data({"pain_signs": "leg_pain"}).get("leg_pain") is None  # not a list


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("passing_urine", ("start or stop peeing", "cannot feel it coming out")),
        ("saddle_numbness", ("feel the toilet paper",)),
        ("shivering", ("cannot stop", "even if you feel cold")),
        ("pregnancy_bleeding", ("sharp or constant", "does not come and go")),
        ("pregnancy", ("waters have broken", "moving less")),
        ("chest_pain", ("even if it is mild", "feels like indigestion")),
        (
            "sickle_cell",
            ("sickle cell disease", "feels like a crisis", "not like your usual sickle cell pain"),
        ),
        ("sickle_cell_severe", ("sickle cell anaemia", "very bad", "usual painkillers are not helping")),
        ("sickle_cell_warning", ("sickle cell anaemia", "very bad headache", "sight has suddenly changed")),
        ("early_labour", ("less than 37 weeks", "pressure low down", "more discharge")),
        (
            "pre_eclampsia",
            ("last 4 weeks", "headache", "flashing lights", "below your ribs", "suddenly swell"),
        ),
    ],
)
def test_each_line_names_its_sign_in_the_words_people_use(code, words):
    """A story-based review (H2): people did not tick lines that named a sign other than as they felt it
    (shivering when cold, not feeling pee pass, constant rather than sharp pain in pregnancy, a heart attack
    felt as mild pain like indigestion)."""
    assert all(word in QUESTIONS_BY_CODE[code].default_text for word in words), QUESTIONS_BY_CODE[
        code
    ].default_text


def test_rule_table_is_complete_and_sourced():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)), "rule codes are unique"
    for rule in RULES:
        for question, values in rule.when:
            assert question in QUESTION_CODES and values <= VALID_ANSWERS[question]
        assert rule.reason.endswith(".") and rule.source
        assert rule.beyond_main_source == (rule.source != MAIN_SOURCE)
        if rule.urgency == URGENT and not rule.code.startswith("unsure_"):
            assert rule.beyond_main_source, "the urgent level comes from guidance beyond the main source"
    # Every question's "not sure" is covered, and every question can raise the verdict.
    for code in QUESTION_CODES:
        if NOT_SURE in VALID_ANSWERS[code]:
            assert any(rule.when == ((code, frozenset({NOT_SURE})),) for rule in RULES)
        assert any(code in rule.questions for rule in RULES_FOR_SIGNS)
    # The main source's rules stay, at their level (fever stays an emergency).
    main = {rule.code: rule.urgency for rule in RULES_FOR_SIGNS if not rule.beyond_main_source}
    assert main == {"fever": EMERGENCY, "bladder_bowel": EMERGENCY, "severe_pain": SEE_DOCTOR,
                    "limb_weakness": SEE_DOCTOR, "sleep": SEE_DOCTOR, "long_duration": SEE_DOCTOR}  # fmt: skip


def test_emergency_questions_come_first_and_every_sign_is_listed():
    steps = [q.step for q in QUESTIONS]
    assert steps == sorted(steps)
    # Every sign that alone is an emergency is on the first step, and nothing else is.
    assert set(EMERGENCY_QUESTIONS) == {
        rule.questions[0] for rule in RULES_FOR_SIGNS if rule.urgency == EMERGENCY and len(rule.when) == 1
    }
    for urgency in (EMERGENCY, URGENT, SEE_DOCTOR):
        signs = signs_at(urgency)
        rules = [r for r in RULES_FOR_SIGNS if r.urgency == urgency]
        # Every rule's sign is listed once; rules share a sign only as parts of one sign, asked first by the same
        # question (past cancer with any of four nerve signs).
        assert all(r.sign for r in rules) and set(signs) == {r.sign for r in rules}
        assert all(len({r.when[0] for r in rules if r.sign == sign}) == 1 for sign in signs)
