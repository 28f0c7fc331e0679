"""A checker page rendered once for everyone: the part of the verdict and questions pages that depends only on
the editors' content, kept per content version (form_page.py, verdict_page.py)."""

from django.http import HttpRequest
from django.template import engines


def render_for_everyone(source: str, context: dict) -> str:
    """`source` rendered for a request of no one (no user, session, cookie) at the checker's address.

    A page that took a real CSRF token while being rendered would hand that token to every visitor: refused.
    """
    request = HttpRequest()
    request.path = request.path_info = "/symptom-checker/"
    page = engines["django"].from_string(source).render(context, request)
    if "CSRF_COOKIE" in request.META:
        raise RuntimeError("A checker page kept for everyone asked for a real CSRF token.")
    return page
