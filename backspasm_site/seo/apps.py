from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "backspasm_site.seo"
    verbose_name = "Search engines and link previews"
