from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from backspasm_site.articles.models import Article, Topic
from backspasm_site.page_cache import edge

from .models import SiteText

ABOUT_KEY = "about-this-content"


@require_safe
def home(request):
    edge.tag(request, edge.ARTICLE_LIST_KEY)
    texts = SiteText.objects.in_bulk(["home-intro", "emergency-signs"], field_name="key")
    return render(
        request,
        "core/home.html",
        {
            "intro": texts.get("home-intro"),
            "emergency_signs": texts.get("emergency-signs"),
            "topics": Article.objects.published().grouped_by_topic(),
            "Topic": Topic,
        },
    )


@require_safe
def about_content(request):
    """Where the content comes from, how it is written and checked, and the privacy promise (issue 8)."""
    about = SiteText.objects.filter(key=ABOUT_KEY).first()
    if about is None:  # load_content creates it; a site without it has no page to show
        raise Http404("No about text")
    return render(request, "core/about.html", {"about": about})


@never_cache  # a cached "ok" would hide a database that is down
@require_safe
def healthz(request):
    """For load balancers: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: whatever broke (the database, say) must not break the error page too.
    context = {"EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


@require_safe
def media_image(request, path):
    """An editor's uploaded image (urls.py lets through only image names under markdownx/)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def csrf_failure(request, reason=""):
    """An expired or blocked form (no CSRF cookie) must still point to emergency help and a fresh start."""
    return render(request, "403_csrf.html", status=403)
