from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backspasm_site.core"
    verbose_name = "Site pages and shared text"

    def ready(self):
        # The inline stylesheet and its CSP hash, read once at start-up: gunicorn loads the app before it
        # forks (preload_app), so every worker starts with them (core/inline_style.py).
        from backspasm_site.core.inline_style import site_style

        site_style()
