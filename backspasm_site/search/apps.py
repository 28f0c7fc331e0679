from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "backspasm_site.search"
    verbose_name = "Search"

    def ready(self):
        from . import signals

        signals.connect()
