from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from backspasm_site.articles import listing

from . import image_uploads
from .models import SiteText

ABOUT_KEY = "about-this-content"
ACCESSIBILITY_KEY = "accessibility-statement"  # in the model form UK public sector websites publish
WHO_KEY = "who-we-are"  # who runs the site, its main source, who checks it, how to reach us


@require_safe
def home(request):
    texts = SiteText.objects.in_bulk(["home-intro", "emergency-signs"], field_name="key")
    groups = listing.topic_groups(listing.HOME_PER_TOPIC)
    listing.tag_list_page(request)
    return render(
        request,
        "core/home.html",
        {"intro": texts.get("home-intro"), "emergency_signs": texts.get("emergency-signs"), "groups": groups},
    )


@require_safe
def about_content(request):
    """Where the content comes from, how it is written and checked, and the privacy promise (issue 8)."""
    texts = SiteText.objects.in_bulk([ABOUT_KEY, WHO_KEY], field_name="key")
    if ABOUT_KEY not in texts:  # load_content creates it; a site without it has no page to show
        raise Http404("No about text")
    return render(request, "core/about.html", {"about": texts[ABOUT_KEY], "who": texts.get(WHO_KEY)})


@require_safe
def accessibility_statement(request):
    """How accessible the site is, its other formats, and how to report a problem (issue 29)."""
    statement = get_object_or_404(SiteText, key=ACCESSIBILITY_KEY)  # load_content creates it
    return render(request, "core/site_text_page.html", {"text": statement})


def bad_request(request, exception):
    # Not Django's own: it checks the CSRF token again, which reads a post Django could not read (a form
    # sent in another character set), and so became a 500. No request context either: the request itself
    # is what is wrong (a Host not allowed, say).
    context = {"EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER}
    return HttpResponse(loader.get_template("400.html").render(context), status=400)


def server_error(request):
    # No context processors: whatever broke (the database, say) must not break the error page too.
    context = {"EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


@require_safe
def media_image(request, path):
    """An editor's uploaded image (urls.py lets through only image names under markdownx/). The public sees
    it once a live page shows it; until then (a draft's, a waiting change's) and after its page is deleted,
    only staff do, and their copy is never kept by a shared cache."""
    if image_uploads.used_by_a_live_page(path):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def csrf_failure(request, reason=""):
    """An expired or blocked form (no CSRF cookie) must still point to emergency help and a fresh start.

    A checker post that already names an emergency sign gets the emergency advice itself: a person whose
    browser blocks cookies must not be stopped at a sign of an emergency. (A forged post can at most show
    someone the advice to get help now; the token still guards every other result.)
    """
    if request.method == "POST" and request.path.startswith("/symptom-checker/"):
        from backspasm_site.symptom_checker.red_flags import answers_from_form_data, emergency_in
        from backspasm_site.symptom_checker.views import result_context

        verdict = emergency_in(answers_from_form_data(request.POST))
        if verdict is not None:
            return render(request, "symptom_checker/verdict.html", result_context(verdict, None), status=403)
    return render(request, "403_csrf.html", status=403)
