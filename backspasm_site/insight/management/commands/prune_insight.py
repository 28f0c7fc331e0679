"""Delete insight counts older than KEPT_DAYS (90): run it once a day, next to publish_due (README)."""

from django.core.management.base import BaseCommand

from backspasm_site.insight import counting
from backspasm_site.insight.models import KEPT_DAYS, DailyCount
from backspasm_site.insight.report import first_day


class Command(BaseCommand):
    help = f"Delete insight counts older than {KEPT_DAYS} days. Run it once a day."

    def handle(self, *args, **options):
        oldest_kept = first_day()
        deleted, _ = DailyCount.objects.filter(day__lt=oldest_kept).delete()
        counting.ops_add("prune_insight_runs")  # /metrics: an alert fires when the daily run stops
        self.stdout.write(f"Deleted {deleted} counts from before {oldest_kept:%d %B %Y}.")
