"""Django's own page cache for the public pages, under whatever HTTP cache is in front (or none: `make run`).

`shared_page` is Django's cache_page on the "pages" cache (settings.CACHES: the database's cache table, so
every worker and instance shares one copy and one clear), used only for an anonymous GET or HEAD without a
query string; Django's CacheMiddleware then stores only 200s without cookies or `private`. The page's
surrogate keys are written onto it before it is stored, so a copy served from here is tagged as the page
was (edge.SharedCacheMiddleware). Every committed content change empties the whole cache
(edge.content_changed), as djangoproject.com does: rendering a page again costs a few milliseconds.
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.cache import cache_page

from .edge import HEADER, SITE_KEY, is_anonymous_read


def shared_page(view):
    def tagged(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        keys = {SITE_KEY, *getattr(request, "surrogate_keys", ())}
        response[HEADER] = " ".join(sorted(keys))
        return response

    cached = cache_page(settings.PAGE_CACHE_SECONDS, cache="pages")(tagged)

    @wraps(view)
    def answer(request, *args, **kwargs):
        if is_anonymous_read(request) and not request.GET:
            return cached(request, *args, **kwargs)
        return tagged(request, *args, **kwargs)

    return answer
