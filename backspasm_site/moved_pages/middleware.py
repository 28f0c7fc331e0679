"""Old addresses answered with a permanent redirect (moves.py keeps them), only where the site has no page.

Like django.contrib.redirects' fallback middleware, which is not used because its redirects belong to a
django.contrib.sites Site (one more app, a SITE_ID, and a host to keep in step) and keep no reason or
article, which chains and re-published pages need.

A redirect is never cached, by Django's page cache (it keeps 200s only: page_cache/pages.py), the edge (it
keeps only what has s-maxage: deploy/varnish/backspasm.vcl) or browsers (no-cache), just as the 404s it
replaces are not: an editor's change to where an address leads is seen at once, at the cost of one indexed
lookup on a request that would otherwise have been a 404. The page the old address showed is forgotten by
every cache when the article is saved or deleted, by its own key (page_cache/edge.py keys_for).
"""

from django.http import HttpResponsePermanentRedirect
from django.utils.deprecation import MiddlewareMixin

from . import moves


class MovedPagesMiddleware(MiddlewareMixin):
    def process_response(self, request, response):
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        new_path = moves.destination_of(request.path_info)
        if new_path is None or not moves.is_site_path(new_path):  # never a way off the site, however stored
            return response
        if moves.same_address(new_path, request.path_info):  # stored before loops were refused: no circle
            return response
        query = request.META.get("QUERY_STRING", "")
        redirect = HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)
        redirect["Cache-Control"] = "no-cache"
        return redirect
