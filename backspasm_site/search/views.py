from django.shortcuts import render
from django.views.decorators.http import require_safe

from .engine import MAX_QUERY_CHARS, clean_query, search


@require_safe
def search_page(request):
    """A public GET page: the same query gives the same page to everyone, with no CSRF token."""
    query = clean_query(request.GET.get("q", ""))
    results = search(query) if query else []
    return render(
        request,
        "search/results.html",
        {"query": query, "results": results, "max_query_chars": MAX_QUERY_CHARS},
    )
