from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backspasm_site.core"
    verbose_name = "Site pages and shared text"
