"""Checker wording that editors own. Which answer leads where stays in red_flags.py."""

from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from backspasm_site.core.fallback import read_or_fall_back
from backspasm_site.core.markdown import render_body

from .red_flags import GROUPS, QUESTIONS, Urgency


class QuestionText(models.Model):
    code = models.CharField(
        max_length=40,
        unique=True,
        choices=[(q.code, q.code) for q in QUESTIONS] + [(g.code, g.code) for g in GROUPS],
        help_text=(
            "Which checker question (or line of a list to tick) this wording is for. Fixed: the rules read "
            "answers by this code."
        ),
    )
    text = models.CharField(
        max_length=200, help_text="The question as the person reads it. One short, plain question."
    )
    hint = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional extra words under the question, e.g. what a word means.",
    )
    seed_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["seed_fingerprint", "updated_at"])

    class Meta:
        verbose_name = "checker question"
        ordering = ["code"]

    def __str__(self):
        return self.text

    def content_fields(self) -> dict:
        return {"code": self.code, "text": self.text, "hint": self.hint}


class Advice(models.Model):
    disposition = models.CharField(
        max_length=20,
        unique=True,
        choices=[(u.disposition, u.disposition.replace("-", " ").capitalize()) for u in reversed(Urgency)],
        help_text="Which checker result this advice is shown for.",
    )
    title = models.CharField(
        max_length=200,
        help_text="The heading of the result. Write {{ emergency_number }} for the emergency number, e.g. "
        "'Call {{ emergency_number }} now'.",
    )
    body = MarkdownxField(
        help_text=(
            "What the person should do, in markdown. Write {{ emergency_number }} where the emergency "
            "number belongs and {{ urgent_number }} for the urgent-care line: the site fills in both from "
            "its settings, as tap-to-call links. The lists of warning signs and the safety advice under "
            "every result come from the checker's rules: do not copy them here."
        )
    )
    body_html = models.TextField(editable=False, default="")
    related = models.ManyToManyField(
        "articles.Article", blank=True, help_text="Articles to suggest with this result."
    )
    seed_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["body_html", "seed_fingerprint", "updated_at"], m2m_fields=["related"]
    )

    class Meta:
        verbose_name = "checker advice"
        verbose_name_plural = "checker advice"
        ordering = ["disposition"]

    def __str__(self):
        return self.get_disposition_display()

    def save(self, *args, **kwargs):
        render_body(self)
        super().save(*args, **kwargs)

    def content_fields(self) -> dict:
        return {
            "disposition": self.disposition,
            "title": self.title,
            "related": sorted(self.related.values_list("slug", flat=True)) if self.pk else [],
            "body": self.body,
        }


def advice_for(disposition: str) -> Advice | None:
    # Without the database, no editors' advice: verdict.html then gives its own built-in wording per level.
    return read_or_fall_back(
        name="checker-advice",
        read=lambda: Advice.objects.prefetch_related("related").filter(disposition=disposition).first(),
        fallback=lambda: None,
    )
