from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "backspasm_site.feedback"
    verbose_name = "Reader feedback"
