from django.apps import AppConfig


class MovedPagesConfig(AppConfig):
    name = "backspasm_site.moved_pages"
    verbose_name = "Moved pages and links"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
