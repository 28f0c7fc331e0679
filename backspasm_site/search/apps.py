from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "backspasm_site.search"
    verbose_name = "Search"
