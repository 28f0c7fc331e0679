"""Wording the rules depend on, brought in line by a migration (0005) and by the tests alike.

The emergency questions whose rules now cover more signs must ask about them, even where an editor had
changed the old wording: "numb" alone no longer asks about tingling, "weakness or numbness" no longer asks
about pain in both legs, and the bladder questions now ask about *new* problems. An old wording kept by the
content loader as "edited in admin" would under-ask (docs/clinical-safety.md, H2).
"""

WORDING = {
    "bladder_bowel": (
        "Since the back pain started, have you lost control of your bladder or bowels?",
        "This means peeing or pooing without meaning to, or not being able to stop it. If you have leaked a "
        "little when you cough or sneeze for a long time, and that has not changed, answer No.",
    ),
    "passing_urine": (
        "Since the back pain started, have you found it hard to pee, or stopped feeling when you need to?",
        "For example, you cannot pee, the flow is weak, or you cannot feel when your bladder is full. "
        "Answer No if it has always been like this.",
    ),
    "saddle_numbness": (
        "Is the skin around your genitals, bottom or buttocks numb or tingling?",
        "Pins and needles count. For example, you cannot feel the toilet paper when you wipe.",
    ),
    "both_legs": (
        "Do you have pain, tingling, weakness or numbness in both legs?",
        "Both legs at the same time. They hurt, tingle, feel weak, heavy or numb, or you find it hard to "
        "walk.",
    ),
}


def reword_widened_emergency_questions(question_text_model) -> None:
    """Idempotent: give the widened emergency questions the wording their rules need."""
    for code, (text, hint) in WORDING.items():
        question_text_model.objects.filter(code=code).update(text=text, hint=hint)
