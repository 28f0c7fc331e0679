"""WSGI entry point: gunicorn serves `backspasm_site.wsgi:application`.

Django, behind the front that answers static files and cached public pages first (page_cache/front.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backspasm_site.settings")

django_application = get_wsgi_application()

from backspasm_site.page_cache.front import front  # noqa: E402 - needs Django set up first

application = front(django_application)
