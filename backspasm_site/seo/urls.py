from django.urls import path

from backspasm_site.core import converters  # noqa: F401 (registers <page:...>)

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>-<page:number>.xml", views.sitemap_section, name="sitemap_section_page"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
