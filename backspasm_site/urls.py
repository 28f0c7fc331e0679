from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path, re_path
from markdownx.views import MarkdownifyView

from backspasm_site.articles import views as article_views
from backspasm_site.core import views as core_views
from backspasm_site.core.image_uploads import CheckedImageUploadView
from backspasm_site.insight import views as insight_views

admin.site.site_header = "Back spasm help: editors"
admin.site.site_title = "Back spasm help editors"
# The home page lists every section; without the side list, the article list's columns fit 1280 px.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", include("backspasm_site.core.urls")),
    path("articles/", include("backspasm_site.articles.urls")),
    path("symptom-checker/", include("backspasm_site.symptom_checker.urls")),
    path("feedback/", include("backspasm_site.feedback.urls")),
    path("search/", include("backspasm_site.search.urls")),
    path("insight/", include("backspasm_site.insight.urls")),  # the page-view pixel
    path("metrics", insight_views.metrics_view, name="metrics"),  # Prometheus, bearer token only
    path("", include("backspasm_site.seo.urls")),
    path("admin/", admin.site.urls),
    # markdownx's own URLs let anyone upload or render; only staff may here.
    path(
        "markdownx/upload/",
        staff_member_required(CheckedImageUploadView.as_view()),
        name="markdownx_upload",
    ),
    path(
        "markdownx/markdownify/",
        staff_member_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    # The reading grade and warnings while an article is written in admin (staff only, POST).
    path("editors/article-check/", article_views.quality_check, name="article_quality_check"),
    # Editors' images (markdownx re-encodes each with Pillow). Only image names under markdownx/ are served,
    # so an upload can never come back as HTML.
    re_path(
        r"^media/(?P<path>markdownx/[0-9a-f-]+\.(?:png|jpg|jpeg|webp))$",
        core_views.media_image,
    ),
]

if settings.VERDICT_PREVIEW:  # measuring only (make lighthouse); see symptom_checker/preview.py
    from backspasm_site.symptom_checker.preview import verdict_preview

    urlpatterns.append(path("symptom-checker/preview/<slug:disposition>/", verdict_preview))

handler400 = core_views.bad_request
handler500 = core_views.server_error
