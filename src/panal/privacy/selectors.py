"""Reads of the privacy app."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from panal.core import roles

from .models import OPEN_STATUSES, ConsentRecord, DataRequest, NoticeReceipt

SOON_DAYS = 5


def can_manage(user) -> bool:
    """Data-protection work (requests, incidents) is for administrators."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)
    )


def requests_of(user) -> QuerySet:
    return DataRequest.objects.filter(user=user).order_by("-received_at")


def request_of(user, pk) -> DataRequest | None:
    return DataRequest.objects.filter(user=user, pk=pk).first()


def staff_queue() -> list[dict]:
    """Open requests, soonest due first, each flagged overdue / due soon / blocking late."""
    now = timezone.now()
    today = timezone.localdate(now)
    rows = []
    for r in DataRequest.objects.filter(status__in=OPEN_STATUSES).select_related("user").order_by("due_at", "id"):
        rows.append(
            {
                "request": r,
                "overdue": r.due_at < now,
                "due_soon": now <= r.due_at < now + timedelta(days=SOON_DAYS),
                "block_late": r.kind == "bloqueo" and r.blocked_at is None and r.block_due_on < today,
            }
        )
    return rows


def overdue_count() -> int:
    return DataRequest.objects.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now()).count()


def get_request(pk) -> DataRequest | None:
    return DataRequest.objects.select_related("user", "answered_by").filter(pk=pk).first()


def active_consents(user) -> set[str]:
    return set(ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).values_list("purpose", flat=True))


def has_consent(user, purpose: str) -> bool:
    """Other apps ask this before processing on the basis of consent (withdrawal stops it)."""
    return purpose in active_consents(user) if getattr(user, "is_authenticated", False) else False


def notice_shown_with(obj, key: str) -> str:
    """The version of notice `key` shown where `obj` was submitted ("" when none was recorded)."""
    receipt = (
        NoticeReceipt.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, notice=key)
        .values_list("version", flat=True)
        .first()
    )
    return receipt or ""
