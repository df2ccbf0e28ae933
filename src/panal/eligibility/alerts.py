"""«Avísame»: subscriptions with revocable consent, and the e-mails sent when a call opens.

When a call opens (`panal notify-opened-calls`, run by the scheduler, queues `send_call_alerts` for each open call),
each active subscriber's profile is refreshed in the targeting table and the call's compiled eligibility query finds
those who qualify; for the others the engine tells who is one answer away. Each subscription gets at most one e-mail
per call (a unique row written before sending), with the reasons, a link and a one-click unsubscribe."""

import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from panal.catalog.models import Call
from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied
from panal.core.jobs import job
from panal.registry.selectors import eligibility_profile, enterprises_represented_by, person_for_user

from .engine import compile, evaluate
from .models import AlertDelivery, AlertSubscription, TargetProfile
from .services import profile_to_row

CONSENT_VERSION = "avisame-1"
CONSENT_TEXT = (
    "Acepto que Panal use los datos de mi ficha (y los de la empresa o cooperativa que elija) para avisarme por "
    "correo cuando abra una convocatoria a la que pueda postular. Puedo retirar este consentimiento cuando quiera."
)


def active_subscriptions(user):
    return AlertSubscription.objects.filter(user=user, revoked_at__isnull=True).select_related("enterprise")


@transaction.atomic
def subscribe(*, actor, consent: bool, enterprise=None) -> AlertSubscription:

    person = person_for_user(actor)
    if person is None:
        raise DomainError("Primero complete su ficha en Mis datos.", field="person")
    if not consent:
        raise DomainError("Para recibir avisos, marque que acepta el uso de sus datos con ese fin.", field="consent")
    if enterprise is not None and not enterprises_represented_by(person).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("Usted no figura como representante de esa empresa o cooperativa.", field="enterprise")
    existing = active_subscriptions(actor).filter(person=person, enterprise=enterprise).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            item = AlertSubscription.objects.create(
                user=actor,
                person=person,
                enterprise=enterprise,
                consent_version=CONSENT_VERSION,
                token=secrets.token_urlsafe(32),
            )
    except IntegrityError:  # the same request twice at once
        return active_subscriptions(actor).get(person=person, enterprise=enterprise)
    audit.record(
        actor=actor, action="eligibility.alert_subscription.created", obj=item, after={"version": CONSENT_VERSION}
    )
    return item


@transaction.atomic
def unsubscribe(*, token: str, actor=None) -> AlertSubscription | None:
    """Revoke by the e-mail's token (no sign-in needed); None if the token is unknown."""
    item = AlertSubscription.objects.select_for_update().filter(token=str(token)[:64]).first()
    if item is None:
        return None
    if item.revoked_at is None:
        item.revoked_at = timezone.now()
        item.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="eligibility.alert_subscription.revoked", obj=item)
    return item


def _profile(subscription) -> tuple[str, int, dict]:

    if subscription.enterprise_id:
        return "enterprise", subscription.enterprise_id, eligibility_profile(enterprise=subscription.enterprise)
    return "person", subscription.person_id, eligibility_profile(person=subscription.person)


def _refresh_targets(profiles) -> None:
    """The subscribers' rows of the targeting table, as the registry says today."""

    for kind, object_id, profile in profiles:
        row = profile_to_row(kind, object_id, profile)
        values = {f.name: getattr(row, f.name) for f in TargetProfile._meta.fields if f.name not in ("id",)}
        TargetProfile.objects.update_or_create(source_kind=kind, object_id=object_id, defaults=values)


def matches(call) -> list[tuple[AlertSubscription, dict]]:
    """Active subscriptions that qualify for the call (compiled query) or are one answer away (engine)."""

    subscriptions = list(
        AlertSubscription.objects.filter(revoked_at__isnull=True).select_related("person", "enterprise")
    )
    profiles = {s.pk: _profile(s) for s in subscriptions}
    _refresh_targets(profiles.values())
    query = TargetProfile.objects.filter(compile(call))
    eligible = set(query.values_list("source_kind", "object_id"))
    found = []
    for s in subscriptions:
        kind, object_id, profile = profiles[s.pk]
        verdict = evaluate(profile, call)
        one_answer_away = verdict["status"] == "incomplete" and len(verdict["missing"]) == 1
        if (kind, object_id) in eligible or one_answer_away:
            found.append((s, verdict))
    return found


@job
def send_call_alerts(call_id: int) -> int:
    """E-mail every matching subscriber about one open call, once each; returns how many were sent now."""

    call = Call.objects.select_related("instrument").filter(pk=call_id).first()
    if call is None or call.status_at(timezone.now()) != "open":
        return 0
    sent = 0
    for subscription, verdict in matches(call):
        try:
            with transaction.atomic():
                AlertDelivery.objects.create(subscription=subscription, call=call, status=verdict["status"])
        except IntegrityError:
            continue  # already told about this call
        _send(subscription, call, verdict)
        sent += 1
    return sent


def _send(subscription, call, verdict) -> None:
    site = settings.PANAL_BASE_URL
    unsubscribe_url = site + reverse("eligibility:alerts_unsubscribe", args=[subscription.token])
    context = {
        "subscription": subscription,
        "call": call,
        "verdict": verdict,
        "call_url": site + reverse("catalog:call", args=[call.code]),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMessage(
        f"Abrió una convocatoria para usted: {call.title}",
        render_to_string("eligibility/email/alert.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [subscription.person.email or subscription.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


def queue_open_calls(now=None) -> int:
    """Queue the alerts of every call open now (idempotent: each subscriber hears once per call)."""

    now = now or timezone.now()
    calls = Call.objects.filter(opens_at__lte=now, closes_at__gt=now).values_list("pk", flat=True)
    count = 0
    with transaction.atomic():
        for pk in calls:
            send_call_alerts.enqueue(pk)
            count += 1
    return count


@job
def queue_open_calls_hourly() -> None:
    """The hourly run of `queue_open_calls` (listed in panal/schedules.py)."""
    queue_open_calls()
