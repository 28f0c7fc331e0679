"""Wording the rules depend on, brought in line by migrations (0005-0007, 0009-0012) and tests.

Issue 26 turned the checker's questions into lists to tick, and widened what several signs mean (both legs
*or feet*, heaviness or tightness as well as chest pain). An old wording kept by the content loader as
"edited in admin" would ask a question where the page now shows a line to tick, or under-ask
(docs/clinical-safety.md, H2): every question and line takes the rule table's wording, and questions no
longer asked go. A content review (7 December 2026) widened five more: pain as well in both legs, pale skin,
steroid tablets taken now, not feeling when you need to poo, and a suddenly cold leg, now asked among
the emergencies.
"""

from django.utils import timezone

from .red_flags import GROUPS, QUESTIONS

EMERGENCY_LIST_HINT = (
    "Tick all that apply. If you think you might have one but are not sure, tick “Not sure”."
)


# The lines a content review (7 December 2026) widened: migration 0007 rewords them on a running site.
WIDENED_ON_REVIEW = ("both_legs", "skin_colour", "weak_bones", "cold_leg", "passing_urine")
# A leg or foot weak, numb or tingly is asked on step 2 (get help today), and step 3's line is an arm or a
# hand (see a doctor): a review the same day. Migration 0009 rewords both on a running site.
LEGS_APART_FROM_ARMS = ("leg_weakness", "limb_weakness")
# Step 1 asks about the signs now or earlier today, not only "now", and the pregnancy line asks about
# waters that have broken (a review the same day): migration 0010 rewords both on a running site.
TODAY_AND_WATERS_BROKEN = ("emergency_signs", "pregnancy")
# Lines a story-based review (7 December 2026, evening) found people would not see themselves in: a stream
# hard to stop or pee not felt, the toilet paper not felt (cauda equina), constant pain in pregnancy
# (abruption), and a baby moving less (the pregnancy line). Migration 0011 rewords them on a running site.
AS_PEOPLE_TELL_IT = ("passing_urine", "saddle_numbness", "pregnancy_bleeding", "pregnancy")
# The chest pain line asks about mild pain and pain that feels like indigestion too (the NHS: a heart attack's
# pain can be "minor ..., similar to indigestion"): migration 0012 rewords it on a running site.
MILD_CHEST_PAIN = ("chest_pain",)


def table_wording() -> dict[str, tuple[str, str]]:
    """Each question's and list's wording (text, hint) as the rule table gives it."""
    wording = {item.code: (item.default_text, "") for item in (*QUESTIONS, *GROUPS)}
    wording["emergency_signs"] = (wording["emergency_signs"][0], EMERGENCY_LIST_HINT)
    return wording


def reword_to_the_table(question_text_model, codes=None) -> None:
    """Idempotent: every question and line (or only `codes`) has the table's wording; questions no longer
    asked are removed. Each line reworded gets a record in its history, as an edit in admin does (no signals
    run in a migration), so the history shows when and why its words changed."""
    wording = table_wording()
    question_text_model.objects.exclude(code__in=wording).delete()
    history = question_text_model._meta.apps.get_model("symptom_checker", "HistoricalQuestionText")
    for row in question_text_model.objects.filter(code__in=wording if codes is None else codes):
        text, hint = wording[row.code]
        if (row.text, row.hint) != (text, hint):
            question_text_model.objects.filter(pk=row.pk).update(text=text, hint=hint)
            history.objects.create(
                id=row.pk, code=row.code, text=text, hint=hint, history_date=timezone.now(), history_type="~",
                history_change_reason="Reworded to the rule table by a migration (clinical review)",
            )  # fmt: skip
