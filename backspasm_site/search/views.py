from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from backspasm_site.insight import counting

from .engine import MAX_QUERY_CHARS, Found, clean_query, search


@require_safe
@never_cache  # its words can be a reader's symptoms: no browser or proxy may keep the page
def search_page(request):
    """A public GET page: the same query gives the same page to everyone, with no CSRF token.
    Varnish passes it to the site (deploy/varnish), so each search is counted here (insight).

        `exact` is the "Search instead for" link: the words as typed, not corrected. A search for a warning
        sign, as typed or as corrected, shows the emergency card first.
    """
    query = clean_query(request.GET.get("q", ""))
    found = search(query, exact=bool(request.GET.get("exact"))) if query else Found(query)
    # "Search instead for" is the same reader again; a HEAD, a bot or a prefetch is no reader.
    if query and not request.GET.get("exact") and counting.is_reader(request):
        counting.count_search(found)
    context = {"found": found, "max_query_chars": MAX_QUERY_CHARS, "warning_sign": found.warning_sign}
    return render(request, "search/results.html", context)
