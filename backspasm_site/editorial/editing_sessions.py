"""Who else has a page open in admin: Wagtail's concurrent-editing notice, made small.

Opening a page's form (an article, site text, a checker question, advice, or a change's review page)
records (staff account, page, opened at, last seen) in EditingSession; static/js/editing-now.js asks again
every PING_SECONDS (and when its tab is shown again), which keeps the row fresh and the notice current.
Without JavaScript the notice is still shown as the page opens. A person not seen for GONE_AFTER is taken
to have left (no message as a page closes: one sent then can arrive at any moment after).

A database table, not the cache: in production without Redis each worker has a cache of its own, and who
has a page open must be the same answer in every worker. The editorial app is not a page-cache content
app, so a ping makes no public page stale.

It warns, it does not lock: a save made over someone else's newer save is refused by the version check
(live_admin.LiveChangeForm.check_version), so a notice that comes too late loses nothing either.
"""

import datetime

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, Value, When
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone

from .models import EditingSession

PING_SECONDS = 30
GONE_AFTER = datetime.timedelta(seconds=75)  # two pings missed: the tab was closed or the computer slept
PRUNE_AFTER = datetime.timedelta(hours=1)

FORM_WARNING = (
    "Their save and yours may conflict: whoever saves second is stopped and shown both versions, with "
    "what they typed kept. Agree who goes first."
)
REVIEW_WARNING = (
    "If they publish, send back or change it first, what you press is refused with what happened, and "
    "nothing is published unseen."
)


def context(request, obj, warning: str = FORM_WARNING) -> dict:
    """The "also open" notice of a page open in admin: recorded as it is shown. Its admin pings
    "admin:<app>_<model>_editing" (added by its get_urls)."""
    if obj is None or obj.pk is None:
        return {}
    return {
        "others_editing": seen(obj=obj, user=request.user),
        "editing_url": reverse(admin_urlname(obj._meta, "editing"), args=[obj.pk]),
        "editing_ping_seconds": PING_SECONDS,
        "editing_warning": warning,
    }


def display_name(user) -> str:
    """A person's name where the account has one ("Anna Smith"), else their user name."""
    return user.get_full_name().strip() or user.get_username()


def opened_time(moment: datetime.datetime) -> str:
    """ "14:05" today, "3 June, 14:05" before, in the site's time zone."""
    local, today = timezone.localtime(moment), timezone.localdate()
    return local.strftime("%H:%M") if local.date() == today else f"{local.day} {local:%B, %H:%M}"


def seen(*, obj, user, now: datetime.datetime | None = None) -> list[str]:
    """Record that `user` has `obj` open now; say who else has it open, first opened first.
    Two or three small queries (the admin's form pages are counted in the tests)."""
    now = now or timezone.now()
    key = {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}
    back_after_a_gap = Case(When(last_seen__lt=now - GONE_AFTER, then=Value(now)), default=F("opened_at"))
    found = EditingSession.objects.filter(user=user, **key).update(opened_at=back_after_a_gap, last_seen=now)
    if not found:  # a new visit: the only time old rows are pruned (another tab may insert it first)
        EditingSession.objects.bulk_create(
            [EditingSession(user=user, **key, opened_at=now, last_seen=now)], ignore_conflicts=True
        )
        EditingSession.objects.filter(last_seen__lt=now - PRUNE_AFTER).delete()
    others = EditingSession.objects.filter(**key, last_seen__gte=now - GONE_AFTER).exclude(user=user)
    sessions = others.select_related("user").order_by("opened_at", "pk")
    return [
        f"{display_name(s.user)} has had this page open since {opened_time(s.opened_at)}." for s in sessions
    ]


def answer(request, obj) -> JsonResponse:
    """The ping of editing-now.js (a POST, so CSRF-checked): who else has `obj` open now."""
    return JsonResponse({"others": seen(obj=obj, user=request.user)})
