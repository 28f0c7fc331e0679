"""WSGI entry point: gunicorn serves `backspasm_site.wsgi:application`.

Django itself (static files by WhiteNoise's middleware), timed and counted by view and status for /metrics.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backspasm_site.settings")

django_application = get_wsgi_application()

from backspasm_site.core.preload import build_lazy_parts  # noqa: E402 - needs Django set up first
from backspasm_site.insight.metrics import Measured  # noqa: E402

build_lazy_parts()  # in gunicorn's master (preload_app), so every worker starts with them

application = Measured(django_application, settings.STATIC_URL)
