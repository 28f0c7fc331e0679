"""What every editorial service shares: the errors, what is live and clinical, events, times."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import dateformat, timezone

from backspasm_site.articles.models import Article, Status
from backspasm_site.page_cache import edge

from ..models import OPEN_STATES, ChangeEvent, PendingChange
from ..roles import APPROVE

CLINICAL_MODELS = {"articles.article", "symptom_checker.questiontext", "symptom_checker.advice"}
CONTENT_EXCLUDED = {"status", "last_reviewed", "next_review_due", "take_down_at"}
REASON_LENGTH = 100


class NotAllowed(PermissionDenied):
    """Refused by a rule; the message says why in plain words."""


class ChangeError(ValueError):
    """A request that cannot be done as asked (wrong state, a comment missing); the message says why."""


def is_clinical(model) -> bool:
    return model._meta.label_lower in CLINICAL_MODELS


def is_live(obj) -> bool:
    """Whether the public sees this item now, judged on the stored row (`obj` may hold unsaved edits)."""
    if obj is None or obj.pk is None:
        return False
    if isinstance(obj, Article):
        return Article.objects.filter(pk=obj.pk, status=Status.PUBLISHED).exists()
    return type(obj)._default_manager.filter(pk=obj.pk).exists()


def open_change(obj) -> PendingChange | None:
    if obj is None or obj.pk is None:
        return None
    content_type = ContentType.objects.get_for_model(obj)
    found = PendingChange.objects.filter(content_type=content_type, object_id=obj.pk, state__in=OPEN_STATES)
    return found.select_related("author").first()


def _check_may_write(model, user) -> None:
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise NotAllowed("You cannot change this kind of page.")


def _check_reviewer(user) -> None:
    if not user.has_perm(APPROVE):
        raise NotAllowed("Only a clinical reviewer can publish or send back a change.")


def _event(change, user, action, comment="") -> None:
    ChangeEvent.objects.create(change=change, user=user, action=action, comment=comment)


def when(moment: datetime.datetime) -> str:
    """e.g. "3 June 2026, 10:00", in the site's time zone: how times are shown to editors."""
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i")


def _published(obj, *, moved: bool | None = None) -> None:
    """Public pages show `obj` differently now: name them, so they are purged once this commits."""
    edge.content_changed(keys=edge.keys_for(type(obj), obj, moved=moved))
