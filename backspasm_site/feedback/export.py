"""Feedback as a CSV file for editors, safe to open in a spreadsheet."""

import csv

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_download(filename: str, rows) -> HttpResponse:
    """The rows (the header first) as a CSV file to download, every cell made safe (feedback, insight)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets Excel read the file as UTF-8
    csv.writer(response).writerows([csv_safe(cell) for cell in row] for row in rows)
    return response


def feedback_csv(queryset) -> HttpResponse:
    rows = [
        [
            item.created_on.isoformat(),
            item.article.title,
            item.article.get_absolute_url(),
            "yes" if item.helpful else "no",
            item.comment,
        ]
        for item in queryset.select_related("article").order_by("-created_on", "-id")
    ]
    return csv_download("feedback.csv", [["date", "page", "page address", "helpful", "comment"], *rows])
