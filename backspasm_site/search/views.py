from django.shortcuts import render
from django.views.decorators.http import require_safe

from .engine import MAX_QUERY_CHARS, Found, clean_query, search


@require_safe
def search_page(request):
    """A public GET page: the same query gives the same page to everyone, with no CSRF token.

    `exact` is the "Search instead for" link: the words as typed, not corrected.
    """
    query = clean_query(request.GET.get("q", ""))
    found = search(query, exact=bool(request.GET.get("exact"))) if query else Found(query)
    return render(request, "search/results.html", {"found": found, "max_query_chars": MAX_QUERY_CHARS})
