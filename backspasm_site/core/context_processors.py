from django.conf import settings

from backspasm_site.core.fallback import read_or_fall_back

from .models import SiteText


def site(request):
    """What every page's layout needs: the site's name, the disclaimer and the numbers to call."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "URGENT_NUMBER": settings.URGENT_NUMBER,
        "SITE_URL": settings.SITE_URL,
        # Without the database, no disclaimer in the footer (every checker page says "not a diagnosis").
        "disclaimer": read_or_fall_back(
            name="disclaimer",
            read=lambda: SiteText.objects.filter(key="disclaimer").first(),
            fallback=lambda: None,
        ),
    }
