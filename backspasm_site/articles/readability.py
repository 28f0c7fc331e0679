"""The reading-age figure editors see for each article (the site aims at a reading age of 11 to 12)."""

import textstat

# Flesch-Kincaid gives a US school grade; a child in grade N is about N + 5 years old.
GRADE_TO_AGE = 5
TARGET_GRADE = 7.0  # reading age 12


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain text, to one decimal; 0.0 for no text."""
    if not text.strip():
        return 0.0
    return round(textstat.flesch_kincaid_grade(text), 1)


def describe(grade: float) -> str:
    age = max(GRADE_TO_AGE, round(grade + GRADE_TO_AGE))
    verdict = "within" if grade <= TARGET_GRADE else "above"
    return (
        f"Flesch-Kincaid grade {grade:.1f}, a reading age of about {age}: {verdict} the site's aim of "
        f"grade {TARGET_GRADE:.0f} or lower (age 11 to 12). Shorter sentences and shorter words lower it."
    )
