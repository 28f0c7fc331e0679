"""Error reports hide the symptom checker's answers as Django hides secrets: the cookie in which a person's
browser keeps them (symptom_checker/views.py) is masked in every report, mailed or logged."""

import re

from django.views.debug import SafeExceptionReporterFilter


class HealthAnswersHidden(SafeExceptionReporterFilter):
    hidden_settings = re.compile("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|CHECKER", flags=re.I)
