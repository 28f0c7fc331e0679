from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "backspasm_site.articles"
    verbose_name = "Articles"
