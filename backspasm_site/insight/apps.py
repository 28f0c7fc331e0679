from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "backspasm_site.insight"
    verbose_name = "Insight"

    def ready(self):
        from . import metrics  # noqa: F401 - connects the database-error counter
