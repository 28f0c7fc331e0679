"""What the insight page, its CSV files and the weekly digest show, read from the daily counts and from the
readers' feedback (feedback.Feedback: the helpful / not helpful answers are kept there once, not twice).

A search's words are shown only once at least MIN_ASKED searches asked them (over the KEPT_DAYS kept): a
query typed once or twice could be one person's own words, and so could say something about them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from backspasm_site.articles.models import Article
from backspasm_site.feedback.models import Feedback

from .models import (
    CHECKER,
    CHECKER_RESULT,
    CHECKER_STARTED,
    CHECKER_STEP_2,
    KEPT_DAYS,
    SEARCH,
    SEARCH_ASKED,
    SEARCH_BY_SPELLING,
    SEARCH_BY_SYNONYM,
    SEARCH_FOUND_NOTHING,
    VIEW,
    DailyCount,
)

MIN_ASKED = 3
LEVEL_NAMES = {  # most urgent first, as the checker ranks them
    "emergency": "Emergency",
    "urgent": "Get help today",
    "see-doctor": "See a doctor",
    "self-care": "Look after yourself",
}
LEVELS = tuple(LEVEL_NAMES)


def first_day(today=None, days: int = KEPT_DAYS) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())  # the Monday


def weeks(since: datetime.date, today: datetime.date) -> list[datetime.date]:
    first, last = week_of(since), week_of(today)
    return [first + datetime.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


@dataclass
class SearchRow:
    query: str
    asked: int
    found_nothing: int
    by_synonym: int
    by_spelling: int


def searches(since: datetime.date, *, failed_only: bool = False, limit: int | None = None) -> list[SearchRow]:
    """Searches asked at least MIN_ASKED times in the 90 days kept (the threshold counts every day kept,
    whatever `since` is), with what they found since `since`: the most often failed first."""
    kept = DailyCount.objects.filter(topic=SEARCH, day__gte=first_day())
    shown = (
        kept.filter(event=SEARCH_ASKED)
        .values("detail")
        .annotate(total=Sum("n"))
        .filter(total__gte=MIN_ASKED)
        .values("detail")
    )
    rows = (
        kept.filter(day__gte=since, detail__in=shown)
        .values("detail")
        .annotate(
            asked=Sum("n", filter=Q(event=SEARCH_ASKED), default=0),
            found_nothing=Sum("n", filter=Q(event=SEARCH_FOUND_NOTHING), default=0),
            by_synonym=Sum("n", filter=Q(event=SEARCH_BY_SYNONYM), default=0),
            by_spelling=Sum("n", filter=Q(event=SEARCH_BY_SPELLING), default=0),
        )
    )
    if failed_only:
        rows = rows.filter(found_nothing__gt=0)
    rows = rows.order_by("-found_nothing", "-asked", "detail")
    if limit:
        rows = rows[:limit]
    return [SearchRow(query=r.pop("detail"), **r) for r in rows]


@dataclass
class PageRow:
    address: str
    title: str
    views: int = 0
    helpful: int = 0
    not_helpful: int = 0
    views_by_week: list[int] = field(default_factory=list)
    not_helpful_share_by_week: list[float | None] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def not_helpful_share(self) -> float | None:
        return self.not_helpful / self.answers if self.answers else None

    @property
    def feedback_rate(self) -> float | None:
        """Answers to "Was this page helpful?" per view."""
        return self.answers / self.views if self.views else None


def pages(since: datetime.date, today: datetime.date) -> list[PageRow]:
    """Each page seen or given feedback on since `since`: views, helpful / not helpful, week by week; the
    pages with the most "not helpful" first, then the most viewed."""
    week_list = weeks(since, today)
    index = {monday: i for i, monday in enumerate(week_list)}
    titles = {a.get_absolute_url(): a.title for a in Article.objects.only("slug", "title")}
    rows: dict[str, PageRow] = {}

    def row(address: str) -> PageRow:
        if address not in rows:
            rows[address] = PageRow(
                address,
                titles.get(address, address),
                views_by_week=[0] * len(week_list),
                not_helpful_share_by_week=[None] * len(week_list),
            )
        return rows[address]

    for count in DailyCount.objects.filter(topic=VIEW, day__gte=since).values("day", "detail", "n"):
        page = row(count["detail"])
        page.views += count["n"]
        page.views_by_week[index[week_of(count["day"])]] += count["n"]
    for address, by_week in _answers(since).items():
        page = row(address)
        page.helpful = sum(yes for yes, _ in by_week.values())
        page.not_helpful = sum(no for _, no in by_week.values())
        weekly = [by_week.get(monday, (0, 0)) for monday in week_list]
        page.not_helpful_share_by_week = [no / (yes + no) if yes + no else None for yes, no in weekly]
    return sorted(rows.values(), key=lambda p: (-p.not_helpful, -p.views, p.address))


def _answers(since: datetime.date) -> dict[str, dict[datetime.date, list[int]]]:
    """{page address: {Monday: [helpful, not helpful]}} for the answers given since `since`."""
    answers = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    feedback = (
        Feedback.objects.filter(created_on__gte=since)
        .values("article__slug", "created_on", "helpful")
        .annotate(n=Count("id"))
    )
    for item in feedback:
        address = Article(slug=item["article__slug"]).get_absolute_url()
        answers[address][week_of(item["created_on"])][0 if item["helpful"] else 1] += item["n"]
    return answers


@dataclass
class Funnel:
    started: int
    step_2: int
    result: int

    def stages(self) -> list[tuple[str, int]]:
        return [
            ("Started (step 1)", self.started),
            ("Reached step 2", self.step_2),
            ("Reached a result", self.result),
        ]


def funnel(since: datetime.date) -> Funnel:
    totals = DailyCount.objects.filter(topic=CHECKER, day__gte=since).aggregate(
        started=Sum("n", filter=Q(event=CHECKER_STARTED), default=0),
        step_2=Sum("n", filter=Q(event=CHECKER_STEP_2), default=0),
        result=Sum("n", filter=Q(event=CHECKER_RESULT), default=0),
    )
    return Funnel(**totals)


def results_by_week(since: datetime.date, today: datetime.date) -> list[tuple[datetime.date, dict]]:
    """[(Monday, {level: results})] for every week since `since`, empty weeks included."""
    by_week = {monday: dict.fromkeys(LEVELS, 0) for monday in weeks(since, today)}
    counts = DailyCount.objects.filter(topic=CHECKER, event=CHECKER_RESULT, day__gte=since, detail__in=LEVELS)
    for count in counts.values("day", "detail", "n"):
        by_week[week_of(count["day"])][count["detail"]] += count["n"]
    return list(by_week.items())


def most_not_helpful(since: datetime.date, limit: int = 5) -> list[tuple[Article, int]]:
    """The pages with the most "not helpful" answers since `since` (the weekly digest)."""
    counted = (
        Article.objects.filter(feedback__created_on__gte=since, feedback__helpful=False)
        .annotate(not_helpful=Count("feedback"))
        .order_by("-not_helpful", "title")[:limit]
    )
    return [(article, article.not_helpful) for article in counted]
