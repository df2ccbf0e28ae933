"""Meeting requests: one participant asks another, with a message; the other accepts or declines; pending ones
expire at the deadline. Asking someone who already asked you accepts both: the pair is mutual and weighs more."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core.errors import DomainError, NotFound, PermissionDenied

from ..models import MeetingRequest, Participant, RequestStatus, Rueda
from ..scheduler.instance import may_meet

MAX_PENDING_SENT = 60


def _deadline_open(rueda, now: datetime) -> None:
    if now > rueda.request_deadline:
        closed = timezone.localtime(rueda.request_deadline)
        raise DomainError(f"El plazo para solicitar y responder reuniones cerró el {closed:%d-%m-%Y %H:%M}.")


@transaction.atomic
def request_meeting(
    *, requester: Participant, receiver_id: int, message: str = "", now: datetime | None = None
) -> MeetingRequest:
    now = now or timezone.now()
    rueda = requester.rueda
    _deadline_open(rueda, now)
    receiver = Participant.objects.filter(pk=receiver_id, rueda_id=rueda.pk).first()
    if receiver is None:
        raise NotFound("Ese participante no está en esta rueda.", field="receiver")
    if receiver.pk == requester.pk:
        raise DomainError("No puede solicitarse una reunión a sí mismo.", field="receiver")
    if not may_meet(requester.role, receiver.role):
        raise DomainError(
            "Dos proveedores no se solicitan reuniones entre sí, salvo que uno sea comprador y proveedor (ambos).",
            field="receiver",
        )
    # Both rows locked in id order: A asking B while B asks A must end as one mutual pair, not two pending requests.
    list(Participant.objects.select_for_update().filter(pk__in=(requester.pk, receiver.pk)).order_by("pk"))
    message = str(message or "").strip()
    if len(message) > 1000 or "\x00" in message:
        raise DomainError("El mensaje admite hasta 1.000 caracteres de texto.", field="message")
    if MeetingRequest.objects.filter(requester=requester, status=RequestStatus.PENDING).count() >= MAX_PENDING_SENT:
        raise DomainError(f"Tiene {MAX_PENDING_SENT} solicitudes sin respuesta; espere respuestas antes de enviar más.")
    reverse = MeetingRequest.objects.select_for_update().filter(requester=receiver, receiver=requester).first()
    status = RequestStatus.PENDING
    if reverse is not None and reverse.status in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        # They asked first: asking back means both want it.
        status = RequestStatus.ACCEPTED
        if reverse.status == RequestStatus.PENDING:
            reverse.status, reverse.responded_at = RequestStatus.ACCEPTED, now
            reverse.save(update_fields=["status", "responded_at"])
    try:
        with transaction.atomic():
            return MeetingRequest.objects.create(
                rueda=rueda,
                requester=requester,
                receiver=receiver,
                message=message,
                status=status,
                responded_at=now if status == RequestStatus.ACCEPTED else None,
            )
    except IntegrityError:
        raise DomainError(f"Ya envió una solicitud a {receiver.name}.", field="receiver") from None


@transaction.atomic
def respond_to_request(
    *, receiver: Participant, request_id: int, accept: bool, now: datetime | None = None
) -> MeetingRequest:
    now = now or timezone.now()
    request = MeetingRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None or request.receiver_id != receiver.pk:
        raise NotFound("No tiene una solicitud con ese número.")
    _deadline_open(receiver.rueda, now)
    if request.status != RequestStatus.PENDING:
        if request.status == (RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED):
            return request  # the same answer twice (a double click) changes nothing
        raise DomainError(f"Esta solicitud ya está {request.get_status_display().lower()}.")
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.responded_at = now
    request.save(update_fields=["status", "responded_at"])
    return request


@transaction.atomic
def expire_pending_requests(*, rueda_id: int, now: datetime | None = None) -> int:
    """Requests nobody answered by the deadline expire (the scheduler only places accepted ones)."""

    now = now or timezone.now()
    rueda = Rueda.objects.filter(pk=rueda_id).first()
    if rueda is None or now <= rueda.request_deadline:
        return 0
    return MeetingRequest.objects.filter(rueda=rueda, status=RequestStatus.PENDING).update(
        status=RequestStatus.EXPIRED, responded_at=now
    )


def ensure_participant(user, rueda) -> Participant:
    participant = Participant.objects.filter(rueda=rueda, user=user).select_related("rueda").first()
    if participant is None:
        raise PermissionDenied("Primero inscríbase como participante de esta rueda.")
    return participant
