from django.urls import path

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml", views.sitemap_xml, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"
    ),
]
