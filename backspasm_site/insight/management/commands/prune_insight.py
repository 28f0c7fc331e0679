"""Delete insight counts older than KEPT_DAYS (90): run it once a day, next to publish_due (README)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from backspasm_site.insight.models import KEPT_DAYS, DailyCount


class Command(BaseCommand):
    help = f"Delete insight counts older than {KEPT_DAYS} days. Run it once a day."

    def handle(self, *args, **options):
        oldest_kept = timezone.localdate() - datetime.timedelta(days=KEPT_DAYS - 1)
        deleted, _ = DailyCount.objects.filter(day__lt=oldest_kept).delete()
        self.stdout.write(f"Deleted {deleted} counts from before {oldest_kept:%d %B %Y}.")
