"""Writes of the privacy app: data-subject requests (file, extend, block, answer), consents, incidents."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError
from panal.core.jobs import job
from panal.reference.business_days import add_business_days
from panal.registry.selectors import person_for_user

from . import collector, notices
from .models import OPEN_STATUSES, REQUEST_KINDS, ConsentRecord, DataRequest, Incident, NoticeReceipt

DUE_DAYS = 30  # Art. 11: 30 calendar days, extendable once by 30
BLOCK_BUSINESS_DAYS = 2
MAX_DETAIL = 2000


def _clean_text(value, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise DomainError(f"{label} tiene caracteres no válidos.", field=field)
    if required and not text:
        raise DomainError(f"Escriba {label.lower()}.", field=field)
    if len(text) > max_length:
        raise DomainError(f"{label} es demasiado largo (máximo {max_length} caracteres).", field=field)
    return text


def record_notice_shown(*, key: str, obj) -> NoticeReceipt:
    """The version of notice `key` shown where `obj` was submitted (called through `core.notices.record_shown`). The
    first receipt of a row stands: submitting the same row again does not rewrite which version was shown."""
    if key not in notices.NOTICES:
        raise DomainError(f"No existe el aviso de privacidad «{key}».", field="notice")
    if obj.pk is None:
        raise DomainError("El registro aún no está guardado.", field="obj")
    receipt, _ = NoticeReceipt.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        notice=key,
        defaults={"version": notices.version(key)},
    )
    return receipt


@transaction.atomic
def file_request(*, user, kind: str, detail: str = "") -> DataRequest:
    if kind not in REQUEST_KINDS:
        raise DomainError(f"El derecho «{kind}» no existe; use {', '.join(REQUEST_KINDS)}.", field="kind")
    detail = _clean_text(detail, field="detail", label="El detalle", max_length=MAX_DETAIL)
    if kind == "rectificacion" and not detail:
        raise DomainError("Indique qué dato está mal y cuál es el correcto.", field="detail")
    now = timezone.now()
    block_due = None
    if kind == "bloqueo":
        block_due = add_business_days(timezone.localdate(now), BLOCK_BUSINESS_DAYS)
    request = DataRequest.objects.create(
        user=user,
        kind=kind,
        detail=detail,
        received_at=now,
        due_at=now + timedelta(days=DUE_DAYS),
        block_due_on=block_due,
        notice_version=notices.version("registro"),
    )
    audit.record(actor=user, action="privacy.request.filed", obj=request, after={"kind": kind})
    notify_staff_of_request.enqueue(request.pk)
    return request


@job
def notify_staff_of_request(request_id: int) -> None:

    request = DataRequest.objects.filter(pk=request_id).first()
    if request is None:
        return
    recipients = list(
        get_user_model().objects.filter(is_active=True, is_superuser=True).values_list("email", flat=True)
    )
    if recipients:
        send_mail(
            f"Panal: nueva solicitud de {request.get_kind_display().lower()} (n.º {request.pk})",
            f"Vence el {timezone.localtime(request.due_at):%d-%m-%Y}. Revísela en /privacidad/solicitudes/.",
            None,
            recipients,
        )


@job
def alert_overdue_requests() -> int:
    """E-mail the administration the open requests past their due date (the job queue runs it daily)."""

    overdue = list(DataRequest.objects.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now()).order_by("due_at"))
    recipients = list(
        get_user_model().objects.filter(is_active=True, is_superuser=True).values_list("email", flat=True)
    )
    if overdue and recipients:
        lines = [
            f"- n.º {r.pk} ({r.get_kind_display()}), venció el {timezone.localtime(r.due_at):%d-%m-%Y}" for r in overdue
        ]
        send_mail(
            f"Panal: {len(overdue)} solicitudes de datos personales vencidas",
            "La ley da 30 días corridos (una prórroga de 30 con motivo):\n" + "\n".join(lines),
            None,
            recipients,
        )
    return len(overdue)


def _open(request_id: int) -> DataRequest:
    request = DataRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise DomainError("La solicitud no existe.", field="request")
    if request.status not in OPEN_STATUSES:
        raise DomainError("La solicitud ya está cerrada.", field="status")
    return request


@transaction.atomic
def extend_request(*, request: DataRequest, reason: str, actor) -> DataRequest:
    reason = _clean_text(reason, field="reason", label="El motivo", max_length=1000, required=True)
    request = _open(request.pk)
    if request.extended_at is not None:
        raise DomainError("La prórroga de 30 días se puede usar una sola vez.", field="reason")
    request.extended_at, request.extension_reason = timezone.now(), reason
    request.due_at = request.due_at + timedelta(days=DUE_DAYS)
    request.status = "en_tramite"
    request.save()
    audit.record(actor=actor, action="privacy.request.extended", obj=request, reason=reason)
    return request


@transaction.atomic
def mark_blocked(*, request: DataRequest, actor) -> DataRequest:
    request = _open(request.pk)
    if request.kind != "bloqueo":
        raise DomainError("Solo una solicitud de bloqueo se marca como bloqueada.", field="kind")
    if request.blocked_at is None:
        request.blocked_at = timezone.now()
        request.status = "en_tramite"
        request.save(update_fields=["blocked_at", "status"])
        audit.record(actor=actor, action="privacy.request.blocked", obj=request)
    return request


def _person_of(user):

    return person_for_user(user)


@transaction.atomic
def answer_request(*, request: DataRequest, answer: str, actor, refuse: bool = False) -> DataRequest:
    """Close a request. Access and portability attach everything Panal holds (JSON + CSV in a ZIP); suppression
    anonymises through each app's hook and the answer lists what was erased and which basis keeps the rest."""
    answer = _clean_text(answer, field="answer", label="La respuesta", max_length=5000, required=True)
    request = _open(request.pk)
    person = _person_of(request.user)
    if not refuse and request.kind in ("acceso", "portabilidad"):
        data = collector.collect(user=request.user, person=person)
        request.answer_file.save(f"solicitud-{request.pk}.zip", ContentFile(collector.as_zip(data)), save=False)
    if not refuse and request.kind == "supresion" and person is not None:
        outcome = collector.suppress(person=person)
        answer += "\n\n" + "\n".join(f"- {section}: {text}" for section, text in sorted(outcome.items()))
    request.answer = answer
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.status = "rechazada" if refuse else "respondida"
    request.save()
    audit.record(actor=actor, action="privacy.request.answered", obj=request, after={"status": request.status})
    return request


# --- Consent -------------------------------------------------------------------------------------------


@transaction.atomic
def give_consent(*, user, purpose: str, channel: str = "web") -> ConsentRecord:
    if purpose not in notices.CONSENT_PURPOSES:
        raise DomainError("Esa finalidad no se basa en el consentimiento.", field="purpose")
    existing = ConsentRecord.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            record = ConsentRecord.objects.create(
                user=user, purpose=purpose, notice_version=notices.version(purpose), channel=channel[:20]
            )
    except IntegrityError:  # the same consent given twice at once
        return ConsentRecord.objects.get(user=user, purpose=purpose, withdrawn_at__isnull=True)
    audit.record(actor=user, action="privacy.consent.given", obj=record, after={"purpose": purpose})
    return record


@transaction.atomic
def withdraw_consent(*, user, purpose: str) -> int:
    count = ConsentRecord.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if count:
        audit.record(actor=user, action="privacy.consent.withdrawn", object_type="privacy.consent", object_id=user.pk)
    return count


# --- Incidents -----------------------------------------------------------------------------------------


INCIDENT_FIELDS = (
    "detected_at",
    "nature",
    "data_categories",
    "people_affected",
    "risk",
    "involves_sensitive",
    "involves_minors",
    "involves_financial",
    "remediation",
)


@transaction.atomic
def record_incident(*, actor, **values) -> Incident:
    unknown = set(values) - set(INCIDENT_FIELDS)
    if unknown:
        raise DomainError(f"Campos desconocidos: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    values["nature"] = _clean_text(
        values.get("nature"), field="nature", label="La naturaleza", max_length=5000, required=True
    )
    incident = Incident.objects.create(created_by=actor, **values)
    audit.record(actor=actor, action="privacy.incident.recorded", obj=incident, after={"risk": incident.risk})
    return incident


@transaction.atomic
def record_incident_notices(
    *, incident: Incident, actor, reported_to_agency_at=None, people_notified_at=None
) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    changed = {}
    if reported_to_agency_at and incident.reported_to_agency_at is None:
        incident.reported_to_agency_at = changed["reported_to_agency_at"] = reported_to_agency_at
    if people_notified_at and incident.people_notified_at is None:
        incident.people_notified_at = changed["people_notified_at"] = people_notified_at
    if changed:
        incident.save(update_fields=list(changed))
        audit.record(
            actor=actor, action="privacy.incident.notified", obj=incident, after={k: str(v) for k, v in changed.items()}
        )
    return incident


@transaction.atomic
def close_incident(*, incident: Incident, actor) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.requires_notification and incident.people_notified_at is None:
        raise DomainError(
            "El incidente incluye datos sensibles, de menores de 14 años o financieros: registre la fecha en que se "
            "notificó a las personas afectadas antes de cerrarlo.",
            field="people_notified_at",
        )
    if incident.closed_at is None:
        incident.closed_at = timezone.now()
        incident.save(update_fields=["closed_at"])
        audit.record(actor=actor, action="privacy.incident.closed", obj=incident)
    return incident
