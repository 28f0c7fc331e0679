from django.conf import settings

from backspasm_site.page_cache.versions import memo

from .models import SiteText


def site(request):
    """What every page's layout needs: the site's name, the disclaimer and the numbers to call."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "URGENT_NUMBER": settings.URGENT_NUMBER,
        "SITE_URL": settings.SITE_URL,
        # Read once per content version, not on every request (backspasm_site/page_cache).
        # Without the database, no disclaimer in the footer (every checker page says "not a diagnosis").
        "disclaimer": memo(
            "disclaimer", lambda: SiteText.objects.filter(key="disclaimer").first(), fallback=lambda: None
        ),
    }
