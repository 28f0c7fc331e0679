"""Publish the changes scheduled for now or earlier, and take down the articles due to come down: safe to run
every minute (cron, or a container scheduler), and by two runs at once. The rules: services.publish_due."""

from django.core.management.base import BaseCommand

from backspasm_site.editorial import services
from backspasm_site.insight import counting


class Command(BaseCommand):
    help = "Publish scheduled changes and take down articles whose time has come. Run it every minute."

    def handle(self, *args, **options):
        done = services.publish_due()
        counting.ops_add("publish_due_published", len(done.published))  # /metrics
        counting.ops_add("publish_due_runs")  # last, so its time is when the run ended (alert rules)
        for change in done.published:
            self.stdout.write(f"Published as scheduled: {change} (change #{change.pk})")
        for change, refusal in done.refused:
            self.stdout.write(
                f"Not published, back to waiting for review: {change} (#{change.pk}): {refusal}"
            )
        for article in done.taken_down:
            self.stdout.write(f"Taken down as scheduled: {article}")
        if not (done.published or done.refused or done.taken_down):
            self.stdout.write("Nothing due.")
