from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "backspasm_site.editorial"
    verbose_name = "Changes to live pages"
