"""Who else has a page open in admin: Wagtail's concurrent-editing notice, made small.

Opening a page's form (an article, site text, a checker question, advice, or a change's review page)
records (staff account, page, opened at, last seen) in EditingSession; static/js/editing-now.js asks again
every PING_SECONDS, which keeps the row fresh and the notice current, and says when the form is closed.
Without JavaScript the notice is still shown as the page opens. A person not seen for GONE_AFTER is taken
to have left. A database table, not the cache: in production without Redis each worker has a cache of its
own, and who has a page open must be the same answer in every worker.

It warns, it does not lock: a save made over someone else's newer save is refused by the version check
(live_admin.LiveChangeForm.check_version), so a notice that comes too late loses nothing either.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
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


def context(request, obj, url_name: str, warning: str = FORM_WARNING) -> dict:
    """The "also open" notice of a page open in admin: recorded as it is shown."""
    if obj is None or obj.pk is None:
        return {}
    return {
        "others_editing": seen(obj=obj, user=request.user),
        "editing_url": reverse(url_name, args=[obj.pk]),
        "editing_ping_seconds": PING_SECONDS,
        "editing_warning": warning,
    }


@dataclass(frozen=True)
class OtherEditor:
    name: str
    since: datetime.datetime

    @property
    def sentence(self) -> str:
        return f"{self.name} has had this page open since {opened_time(self.since)}."


def display_name(user) -> str:
    """A person's name where the account has one ("Anna Smith"), else their user name."""
    return user.get_full_name().strip() or user.get_username()


def opened_time(moment: datetime.datetime, *, now: datetime.datetime | None = None) -> str:
    """ "14:05" today, "3 June, 14:05" before, in the site's time zone."""
    local, today = timezone.localtime(moment), timezone.localdate(now or timezone.now())
    return local.strftime("%H:%M") if local.date() == today else f"{local.day} {local:%B, %H:%M}"


def _key(obj) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


def seen(*, obj, user, now: datetime.datetime | None = None) -> list[OtherEditor]:
    """Record that `user` has `obj` open now; return the others who have it open, first opened first."""
    now = now or timezone.now()
    key = _key(obj)
    try:
        with transaction.atomic():
            session, created = EditingSession.objects.get_or_create(
                user=user, **key, defaults={"opened_at": now, "last_seen": now}
            )
    except IntegrityError:  # the same person's other tab made it in the same instant
        session, created = EditingSession.objects.get(user=user, **key), False
    if not created:
        if session.last_seen < now - GONE_AFTER:
            session.opened_at = now  # they had left; this is a new visit
        session.last_seen = now
        session.save(update_fields=["opened_at", "last_seen"])
    EditingSession.objects.filter(last_seen__lt=now - PRUNE_AFTER).delete()
    return others(obj=obj, user=user, now=now)


def others(*, obj, user, now: datetime.datetime | None = None) -> list[OtherEditor]:
    now = now or timezone.now()
    sessions = (
        EditingSession.objects.filter(**_key(obj), last_seen__gte=now - GONE_AFTER)
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at", "pk")
    )
    return [OtherEditor(display_name(s.user), s.opened_at) for s in sessions]


def left(*, obj, user) -> None:
    EditingSession.objects.filter(user=user, **_key(obj)).delete()


def answer(request, obj) -> JsonResponse:
    """The ping of editing-now.js (a POST, so CSRF-checked): who else has `obj` open now, or, when the page
    is closed ("left"), nothing."""
    if request.POST.get("left"):
        left(obj=obj, user=request.user)
        return JsonResponse({"others": []})
    found = seen(obj=obj, user=request.user)
    return JsonResponse({"others": [other.sentence for other in found]})
