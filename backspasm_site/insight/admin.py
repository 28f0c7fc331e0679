"""The insight page in admin, for editors and clinical reviewers (permission insight.view_dailycount, in both
groups: editorial/roles.py): what readers look for and cannot find, which pages they find unhelpful, and how
far they get in the checker. Plots are inline SVG (charts.py); each table downloads as CSV."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone

from backspasm_site.core.admin_bases import ReadOnlyAdmin, admin_page
from backspasm_site.feedback.export import csv_download

from . import charts, report
from .models import KEPT_DAYS, DailyCount

PERIODS = {"28": 28, "90": KEPT_DAYS}


def _percent(share) -> str:
    return "" if share is None else f"{share:.0%}"


def tables(days: int) -> dict:
    today = timezone.localdate()
    since = report.first_day(today, days)
    return {
        "since": since,
        "today": today,
        "pages": report.pages(since, today),
        "searches": report.searches(since),
        "failed": report.searches(since, failed_only=True, limit=20),
        "funnel": report.funnel(since),
        "results": report.results_by_week(since, today),
    }


def csv_rows(name: str, data: dict) -> list[list]:
    if name == "pages":
        header = [
            "page",
            "address",
            "views",
            "helpful",
            "not helpful",
            "not helpful share",
            "feedback per view",
        ]
        rows = [
            [p.title, p.address, p.views, p.helpful, p.not_helpful, _percent(p.not_helpful_share),
             _percent(p.feedback_rate)]
            for p in data["pages"]
        ]  # fmt: skip
    elif name == "searches":
        header = ["search words", "asked", "found nothing", "found by a synonym", "found by a spelling fix"]
        rows = [[s.query, s.asked, s.found_nothing, s.by_synonym, s.by_spelling] for s in data["searches"]]
    elif name == "funnel":
        header = ["stage", "people"]
        rows = [list(stage) for stage in data["funnel"].stages()]
    elif name == "results":
        header = ["week from", *report.LEVEL_NAMES.values()]
        rows = [[monday.isoformat(), *[c[level] for level in report.LEVELS]] for monday, c in data["results"]]
    else:
        raise KeyError(name)
    return [header, *rows]


@admin.register(DailyCount)
class InsightAdmin(ReadOnlyAdmin):
    """Its list is the insight page: nothing to add, change or delete (prune_insight deletes)."""

    def get_urls(self):
        # The list is a count's only page. Django's view of one count (and its history) would show a search's
        # words however few asked them, where the insight page shows them from report.MIN_ASKED searches on.
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        days = PERIODS.get(request.GET.get("days"), KEPT_DAYS)
        data = tables(days)
        wanted = request.GET.get("csv")
        if wanted in ("pages", "searches", "funnel", "results"):
            return csv_download(f"insight-{wanted}-{data['today']:%Y-%m-%d}.csv", csv_rows(wanted, data))
        context = {
            "days": days,
            "periods": PERIODS,
            "min_asked": report.MIN_ASKED,
            "kept_days": KEPT_DAYS,
            **data,
            "pages": [
                (
                    page,
                    charts.sparkline(page.views_by_week, f"Views a week of {page.title}"),
                    charts.sparkline(
                        page.not_helpful_share_by_week, f"Share not helpful a week of {page.title}"
                    ),
                    _percent(page.not_helpful_share),
                    _percent(page.feedback_rate),
                )
                for page in data["pages"][:30]
            ],
            "failed_plot": charts.bars(
                [(row.query, row.found_nothing) for row in data["failed"]], "Searches that found nothing"
            ),
            "funnel_plot": charts.funnel(
                data["funnel"].stages(), "How far people get in the symptom checker"
            ),
            "results_plot": charts.stacked_weeks(
                [(f"{monday:%d %b}", counts) for monday, counts in data["results"]],
                list(report.LEVEL_NAMES.items()),
                "The checker's results, week by week",
            ),
            **(extra_context or {}),
        }
        title = "Insight: what readers look for, find and do"
        return admin_page(self, request, "admin/insight/insight.html", title, **context)
