"""Counts per day, never per visit: no row says who, when in the day, or what else the same person did.

Every count is one row per day and thing counted (DailyCount), deleted after KEPT_DAYS by
`manage.py prune_insight`. Operators' running totals (purges, publish_due runs) are OpsTotal rows.
"""

from django.db import models
from django.utils import timezone

KEPT_DAYS = 90

VIEW = "view"  # detail: the page's address
SEARCH = "search"  # detail: the normalised query
CHECKER = "checker"  # detail: a result's level, or nothing

SEARCH_ASKED = "asked"
SEARCH_FOUND_NOTHING = "found-nothing"
SEARCH_BY_SYNONYM = "found-by-synonym"
SEARCH_BY_SPELLING = "found-by-spelling"

CHECKER_STARTED = "started"
CHECKER_STEP_2 = "reached-step-2"
CHECKER_RESULT = "reached-result"

# What may be counted at all: anything else is refused before it reaches the database (counting.py).
EVENTS = {
    VIEW: {"seen"},
    SEARCH: {SEARCH_ASKED, SEARCH_FOUND_NOTHING, SEARCH_BY_SYNONYM, SEARCH_BY_SPELLING},
    CHECKER: {CHECKER_STARTED, CHECKER_STEP_2, CHECKER_RESULT},
}


class DailyCount(models.Model):
    day = models.DateField(default=timezone.localdate, help_text="The day counted. No time is kept.")
    topic = models.CharField(max_length=20, help_text="view, search or checker.")
    event = models.CharField(max_length=30, help_text="What happened, e.g. found-nothing, reached-result.")
    detail = models.CharField(
        max_length=200,
        blank=True,
        help_text="The page's address, the normalised search words, or the checker result's level.",
    )
    n = models.PositiveIntegerField(default=0, help_text="How many times, that day.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "topic", "event", "detail"], name="one_count_per_day")
        ]
        indexes = [models.Index(fields=["topic", "event", "day"])]
        verbose_name = "count"
        verbose_name_plural = "searches, views and the checker"

    def __str__(self):
        return f"{self.day} {self.topic} {self.event} {self.detail}: {self.n}"


class OpsTotal(models.Model):
    """A running total for operators (/metrics), shared by every process: the web workers, the render
    process and cron's publish_due all write here, so no count depends on which process scrapes."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)
    last_changed = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.name}: {self.value}"
