from django.apps import AppConfig


class SymptomCheckerConfig(AppConfig):
    name = "backspasm_site.symptom_checker"
    verbose_name = "Symptom checker"
