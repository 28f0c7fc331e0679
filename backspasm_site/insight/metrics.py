"""Operators' metrics in Prometheus' text format (prometheus_client).

- Requests by view and status, and their latency, are measured around the whole WSGI application
  (`Measured`, in wsgi.py). The view is the URL name Django resolved (`ViewName` middleware), "page-cache"
  for a page from Django's page cache (page_cache/pages.py), "static" for /static/, and "other" for
  anything not resolved: never the address itself, so a flood of made-up addresses cannot grow the metrics.
- Database errors: any request that raised a DatabaseError (got_request_exception).
- Purges sent and failed, publish_due runs, changes published, and its last run: running totals in the
  database (OpsTotal), since cron's publish_due and the purge threads are not the process that is scraped.

With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py does, to a fresh folder) so a
scrape of any worker adds up all of them: prometheus_client's multiprocess mode.
"""

import os
import sys
import time

from django.core.signals import got_request_exception
from django.db import DatabaseError
from django.dispatch import receiver
from django.utils.deprecation import MiddlewareMixin
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

disable_created_metrics()  # no *_created series: half the lines, nothing the alerts read
VIEW_KEY = "backspasm.view"  # set in the WSGI environ by ViewName, read by Measured

REQUESTS = Counter("backspasm_requests", "Requests answered, by view and status.", ["view", "status"])
LATENCY = Histogram(
    "backspasm_request_duration_seconds",
    "Time to answer a request, by view (until the body is handed to gunicorn).",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DATABASE_ERRORS = Counter("backspasm_database_errors", "Requests that failed on a database error.")

# OpsTotal names (as counting.ops_add is given them), and how /metrics shows them.
PUBLISH_DUE_RUNS = "publish_due_runs"
PRUNE_INSIGHT_RUNS = "prune_insight_runs"
OPS_TOTALS = {
    "purges_sent": ("backspasm_edge_purges_sent", "Edge purges that every instance took."),
    "purges_failed": ("backspasm_edge_purges_failed", "Edge purges that failed after retries."),
    PUBLISH_DUE_RUNS: ("backspasm_publish_due_runs", "Runs of manage.py publish_due."),
    "publish_due_published": ("backspasm_publish_due_published", "Changes published by publish_due."),
    PRUNE_INSIGHT_RUNS: ("backspasm_prune_insight_runs", "Runs of manage.py prune_insight."),
}
# When each scheduled command last ran (its runs' total last changed then), for the alert rules.
LAST_RUNS = {
    PUBLISH_DUE_RUNS: "backspasm_publish_due_last_run_timestamp_seconds",
    PRUNE_INSIGHT_RUNS: "backspasm_prune_insight_last_run_timestamp_seconds",
}


class ViewName(MiddlewareMixin):
    """Notes which view answers a request, for `Measured` (the URL name only: never the address)."""

    def process_request(self, request):
        request.META[VIEW_KEY] = "other"  # Django answered, but no view did (a 404, a redirect)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        request.META[VIEW_KEY] = (match.view_name if match else "") or "other"


@receiver(got_request_exception)
def _count_database_error(sender, request=None, **kwargs):
    if isinstance(sys.exc_info()[1], DatabaseError):
        DATABASE_ERRORS.inc()


class Measured:
    """The WSGI application, timed and counted by view and status."""

    def __init__(self, application, static_prefix: str = "/static/"):
        self.application = application
        self.static_prefix = static_prefix

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status = []

        def noting_start_response(status_line, headers, exc_info=None):
            status[:] = [status_line.split(" ", 1)[0]]
            return start_response(status_line, headers, exc_info)

        try:
            return self.application(environ, noting_start_response)
        finally:
            view = environ.get(VIEW_KEY)
            if not view:  # a static file, or answered before a view was resolved (a refused Host)
                view = "static" if environ.get("PATH_INFO", "").startswith(self.static_prefix) else "other"
            REQUESTS.labels(view, status[0] if status else "500").inc()
            LATENCY.labels(view).observe(time.perf_counter() - started)


class DatabaseTotals:
    """The running totals kept in the database, and the scheduled commands' last runs, read at each scrape."""

    def collect(self):
        from .models import OpsTotal

        try:
            rows = {row.name: row for row in OpsTotal.objects.all()}
        except DatabaseError:
            rows = None
        yield from self.totals(rows)
        yield from self.last_runs(rows)
        up = GaugeMetricFamily("backspasm_database_up", "1 when the scrape could read the database.")
        up.add_metric([], 0 if rows is None else 1)
        yield up

    @staticmethod
    def totals(rows):
        for name, (metric, help_text) in OPS_TOTALS.items():
            family = CounterMetricFamily(metric, help_text)
            if rows is not None:
                family.add_metric([], rows[name].value if name in rows else 0)
            yield family

    @staticmethod
    def last_runs(rows):
        for runs, metric in LAST_RUNS.items():
            last = GaugeMetricFamily(metric, f"When {runs.removesuffix('_runs')} last ran (Unix time).")
            if rows is not None and runs in rows:
                last.add_metric([], rows[runs].last_changed.timestamp())
            yield last


def exposition() -> tuple[bytes, str]:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, DATABASE_ERRORS):
            registry.register(collector)
    registry.register(DatabaseTotals())
    return generate_latest(registry), CONTENT_TYPE_LATEST
