from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "backspasm_site.page_cache"
    verbose_name = "Page cache"
