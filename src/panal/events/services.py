"""Every write of the Semana: activities, registrations (capacity under a row lock), cancellation with
waitlist promotion, check-in and certificates. Keyword-only, atomic, Spanish DomainError naming the field."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError, NotFound, PermissionDenied
from panal.core.locking import one_writer
from panal.core.rut import InvalidRut, normalize_rut
from panal.registry.selectors import get_enterprise_by_rut, get_person_by_rut
from panal.territory.selectors import find_commune

from . import notifications, register_sql
from .models import (
    ACTIVE_STATUSES,
    Activity,
    ActivityType,
    Audience,
    Edition,
    Notification,
    Objective,
    Registration,
    RegistrationStatus,
)
from .selectors import can_manage_activity, checkin_closed_reason, manageable_agency_ids, waitlist_position

_email_validator = EmailValidator()
_url_validator = URLValidator(schemes=["http", "https"])


def normalize_email(value: str) -> str:
    """The form used to recognise the same person twice: trimmed and lower-case."""
    email = str(value or "").strip()
    if not email:
        raise DomainError("Ingrese su correo electrónico.", field="email")
    if len(email) > 254:
        raise DomainError("El correo electrónico es demasiado largo (máximo 254 caracteres).", field="email")
    try:
        _email_validator(email)
    except ValidationError:
        raise DomainError(
            f"El correo electrónico «{email}» no es válido; escríbalo como nombre@dominio.cl.", field="email"
        ) from None
    return email.lower()


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool
    position: int | None  # place in the waitlist (1 = next to get a seat), None when confirmed
    # The same client retrying (same e-mail and Idempotency-Key as the request that created it): it may be told
    # the code again. Any other repeat of an e-mail gets no code; the link is e-mailed to that address instead.
    replayed: bool = False


RESEND_QUIET = timedelta(minutes=10)  # an address is e-mailed its link again at most once in this window


def _clean_person(*, name: str, email: str, rut: str | None, commune: str | None, organization: str | None):
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError("Ingrese su nombre.", field="name")
    if len(name) > 200:
        raise DomainError("El nombre es demasiado largo (máximo 200 caracteres).", field="name")
    email_normalized = normalize_email(email)
    canonical_rut = ""
    if rut and str(rut).strip():
        try:
            canonical_rut = normalize_rut(rut)
        except InvalidRut as exc:
            raise DomainError(str(exc), field="rut") from None
    commune_obj = None
    if commune and str(commune).strip():
        commune_obj = find_commune(commune)
        if commune_obj is None:
            raise DomainError(
                f"No encontramos la comuna «{commune}»; escriba su nombre o su código CUT (p. ej. 06101).",
                field="commune",
            )
    organization = " ".join(str(organization or "").split())
    if len(organization) > 200:
        raise DomainError(
            "El nombre de la empresa o cooperativa es demasiado largo (máximo 200 caracteres).", field="organization"
        )
    return name, str(email).strip(), email_normalized, canonical_rut, commune_obj, organization


def _registry_match(canonical_rut: str):
    """The registry's person, or else enterprise/cooperative, with this RUT (either may be None)."""
    if not canonical_rut:
        return None, None

    person = get_person_by_rut(canonical_rut)
    if person is not None:
        return person, None
    return None, get_enterprise_by_rut(canonical_rut)


def _registration_refusal(activity: Activity, now: datetime) -> str | None:
    if now >= activity.ends_at:
        return f"La actividad «{activity.title}» ya se realizó; no recibe inscripciones."
    if not activity.registration_open:
        return f"La inscripción para «{activity.title}» está cerrada."
    return None


def register(
    *,
    activity_id: int,
    name: str,
    email: str,
    rut: str | None = None,
    commune: str | None = None,
    organization: str | None = None,
    idempotency_key: str = "",
    now: datetime | None = None,
) -> RegistrationResult:
    """Register a person. Never more confirmed than seats: the activity row is locked while seats are counted
    (SQLite: the IMMEDIATE transaction already holds the write lock). Beyond capacity → waitlist.
    The same email for the same activity gets its existing registration back (created=False): the partial unique
    constraint lets one row in and every other attempt gets that one. Unless it is the same client retrying
    (`replayed`), the caller must not show that registration: its link is e-mailed again to the address."""
    idempotency_key = str(idempotency_key or "")[:64]
    name, email, email_normalized, canonical_rut, commune_obj, organization = _clean_person(
        name=name, email=email, rut=rut, commune=commune, organization=organization
    )
    person, enterprise = _registry_match(canonical_rut)
    if enterprise is not None and not organization:
        organization = enterprise.display_name
    person_data = {
        "name": name,
        "email": email,
        "email_normalized": email_normalized,
        "rut": canonical_rut,
        "commune": commune_obj,
        "organization": organization,
        "person": person,
        "enterprise": enterprise,
        "idempotency_key": idempotency_key,
    }
    try:
        with one_writer():
            result = _register_locked(activity_id=activity_id, person_data=person_data, now=now or timezone.now())
    except IntegrityError:
        # The same email again (a second click, a retried request, or two at the same moment): the partial unique
        # constraint refused the row and its transaction rolled back, nothing half-written. Answer with the one
        # that exists. (New registrations, the common case, so cost no extra query.)
        existing = _active_registration(activity_id, email_normalized)
        if existing is None:
            raise
        result = RegistrationResult(existing, False, waitlist_position(existing))
    if not result.created:
        key = result.registration.idempotency_key
        if key and secrets.compare_digest(key, idempotency_key):
            result.replayed = True
        else:
            _resend_link(result.registration.pk)
    return result


@transaction.atomic
def _resend_link(registration_id: int) -> None:
    """E-mail the existing registration's link to its own address (so only its owner learns it), at most once per
    RESEND_QUIET: repeating someone's e-mail cannot be used to flood their inbox."""
    registration = Registration.objects.filter(pk=registration_id, status__in=ACTIVE_STATUSES).first()
    if registration is None:
        return
    if Notification.objects.filter(registration=registration, created_at__gte=timezone.now() - RESEND_QUIET).exists():
        return
    Notification.objects.create(registration=registration, kind=registration.status)
    notifications.send_outbox.enqueue()


# What the capacity check reads of the locked activity (and the audit entry's description uses).
_LOCKED_FIELDS = ("id", "title", "capacity", "ends_at", "registration_open")


@transaction.atomic
def _register_locked(*, activity_id: int, person_data: dict, now: datetime) -> RegistrationResult:
    # Every registration of an activity waits for its row lock, so the locked part is kept short: the e-mail job is
    # queued first (in this transaction all the same: a rollback leaves no job), and only the fields the count needs
    # are read.
    notifications.send_outbox.enqueue()
    if connection.vendor == "postgresql":
        registration = Registration(activity_id=activity_id, **person_data)
        decided = register_sql.register_locked(activity_id=activity_id, registration=registration, now=now)
        if decided is not None:
            registration.pk, registration.status = decided.registration_id, decided.status
            registration._state.adding, registration._state.db = False, connection.alias
            waitlisted = decided.status == RegistrationStatus.WAITLISTED
            return RegistrationResult(registration, True, decided.waitlisted_before + 1 if waitlisted else None)
        # No such activity, or closed: the activity is locked now, and what follows says why.
    try:
        activity = Activity.objects.select_for_update().only(*_LOCKED_FIELDS).get(pk=activity_id)
    except Activity.DoesNotExist:
        raise NotFound(f"No existe la actividad número {activity_id}.", field="activity") from None

    refusal = _registration_refusal(activity, now)
    if refusal:
        existing = _active_registration(activity_id, person_data["email_normalized"])
        if existing is not None:  # registered before it closed: they get their registration, not a refusal
            return RegistrationResult(existing, False, waitlist_position(existing))
        raise DomainError(refusal, field="activity")

    counts = _seat_counts(activity.pk)
    position = None
    if activity.capacity is None or counts["confirmed"] < activity.capacity:
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITLISTED
        position = counts["waitlisted"] + 1
    registration = Registration.objects.create(activity=activity, status=status, **person_data)
    audit.record(actor=None, action="events.registration.created", obj=registration, after={"status": status})
    Notification.objects.create(registration=registration, kind=status)
    return RegistrationResult(registration, True, position)


def _seat_counts(activity_id: int) -> dict[str, int]:
    """Seats taken and the waitlist's length (the new person's place if waitlisted), in one statement. Written as
    SQL because it runs under the activity's row lock on every registration: building the same query with the ORM
    costs about a millisecond of Python there, which every other registration of the activity waits for."""
    table = connection.ops.quote_name(Registration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, COUNT(*) FROM {table} WHERE activity_id = %s AND status IN (%s, %s) GROUP BY status",  # noqa: S608 (the table's name is the model's; values are parameters)
            [activity_id, RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value],
        )
        counts = dict(cursor.fetchall())
    return {status: counts.get(status, 0) for status in ("confirmed", "waitlisted")}


def _active_registration(activity_id: int, email_normalized: str) -> Registration | None:
    rows = Registration.objects.filter(
        activity_id=activity_id, email_normalized=email_normalized, status__in=ACTIVE_STATUSES
    )[:1]
    return next(iter(rows), None)


def _promote_waitlisted(activity: Activity, now: datetime, actor=None) -> list[Registration]:
    """Fill free seats from the waitlist in registration order. Call with the activity row locked."""
    if activity.capacity is None:
        waiting = list(Registration.objects.filter(activity=activity, status=RegistrationStatus.WAITLISTED))
    else:
        confirmed = Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).count()
        free = activity.capacity - confirmed
        if free <= 0:
            return []
        waiting = list(
            Registration.objects.filter(activity=activity, status=RegistrationStatus.WAITLISTED).order_by("id")[:free]
        )
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        audit.record(
            actor=actor,
            action="events.registration.promoted",
            obj=registration,
            before={"status": RegistrationStatus.WAITLISTED},
            after={"status": RegistrationStatus.CONFIRMED},
            reason="Se liberó un cupo.",
        )
        Notification.objects.create(registration=registration, kind=Notification.Kind.PROMOTED)
    if waiting:
        notifications.send_outbox.enqueue()
    return waiting


def cancel_registration(*, code: str, now: datetime | None = None, actor=None) -> tuple[Registration, bool]:
    """Cancel by code; frees the seat and promotes the first on the waitlist. Returns (registration, changed):
    cancelling twice is not an error (a retried request)."""
    with one_writer():
        return _cancel_locked(code=code, now=now or timezone.now(), actor=actor)


@transaction.atomic
def _cancel_locked(*, code: str, now: datetime, actor) -> tuple[Registration, bool]:
    code = str(code or "").strip()
    found = Registration.objects.filter(code=code).values_list("activity_id", flat=True).first() if code else None
    if found is None:
        raise NotFound(f"No existe una inscripción con el código «{code}».", field="code")
    activity = Activity.objects.select_for_update().get(pk=found)
    registration = Registration.objects.get(code=code)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration, False
    if registration.checked_in_at is not None:
        raise DomainError("Esta inscripción ya tiene la asistencia registrada; no se puede cancelar.", field="code")
    if now >= activity.ends_at:
        raise DomainError(f"La actividad «{activity.title}» ya se realizó; no se puede cancelar.", field="code")
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    audit.record(
        actor=actor, action="events.registration.cancelled", obj=registration, before={"status": before}, after={}
    )
    if before == RegistrationStatus.CONFIRMED:
        _promote_waitlisted(activity, now, actor=actor)
    return registration, True


# --- Check-in and certificates -----------------------------------------------------------------------------


def _extract_code(text: str) -> str:
    """A scanned QR carries the check-in URL; staff may also type the bare code."""
    text = str(text or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return text


@transaction.atomic
def check_in(*, activity_id: int, code: str, actor, now: datetime | None = None) -> tuple[Registration, bool]:
    """Mark attendance. Returns (registration, newly_checked_in). Only confirmed registrations of this activity."""
    now = now or timezone.now()
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(f"No existe la actividad número {activity_id}.", field="activity")
    if not can_manage_activity(actor, activity):
        raise PermissionDenied("Solo el equipo de la institución organizadora puede registrar asistencia.")

    closed = checkin_closed_reason(activity, now)
    if closed:
        raise DomainError(closed, field="code")
    code = _extract_code(code)
    if not code:
        raise DomainError("Ingrese o escanee el código de la inscripción.", field="code")
    registration = Registration.objects.select_for_update().filter(code=code).select_related("activity").first()
    if registration is None:
        raise DomainError(
            f"No hay ninguna inscripción con el código «{code}»; la persona no está inscrita.", field="code"
        )
    if registration.activity_id != activity.pk:
        raise DomainError(
            f"El código «{code}» es de otra actividad («{registration.activity.title}»), no de esta.", field="code"
        )
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(f"La inscripción de {registration.name} fue cancelada.", field="code")
    if registration.status == RegistrationStatus.WAITLISTED:
        raise DomainError(
            f"{registration.name} está en lista de espera, sin cupo confirmado; no se registra su asistencia.",
            field="code",
        )
    if registration.checked_in_at is not None:
        return registration, False
    registration.checked_in_at = now
    registration.checked_in_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.certificate_code = secrets.token_hex(8).upper()
    registration.save(update_fields=["checked_in_at", "checked_in_by", "certificate_code"])
    audit.record(
        actor=actor, action="events.registration.checked_in", obj=registration, after={"checked_in_at": str(now)}
    )
    return registration, True


# --- Activities (organiser back office) --------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "description",
    "type",
    "agency",
    "objective",
    "audience",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "commune",
    "online_url",
    "capacity",
    "registration_open",
)


def _validate_activity(data: dict) -> None:
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise DomainError("Ingrese el título de la actividad.", field="title")
    data["title"] = title
    for field, choices, label in (
        ("type", ActivityType, "tipo"),
        ("objective", Objective, "objetivo"),
        ("audience", Audience, "público"),
    ):
        if data.get(field) not in choices.values:
            allowed = ", ".join(choices.values)
            raise DomainError(f"El {label} «{data.get(field)}» no es válido; use uno de: {allowed}.", field=field)
    if data.get("agency") is None:
        raise DomainError("Indique la institución organizadora.", field="agency")
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if starts_at is None:
        raise DomainError("Indique la fecha y hora de inicio.", field="starts_at")
    if ends_at is None:
        raise DomainError("Indique la fecha y hora de término.", field="ends_at")
    if ends_at <= starts_at:
        raise DomainError("El término debe ser posterior al inicio.", field="ends_at")
    if data.get("online_url"):
        try:
            _url_validator(data["online_url"])
        except ValidationError:
            raise DomainError("El enlace de transmisión no es una dirección web válida.", field="online_url") from None
    if data.get("commune") is None and not data.get("online_url"):
        raise DomainError("Indique la comuna donde se realiza o un enlace si es en línea.", field="commune")
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        raise DomainError("Los cupos deben ser al menos 1; deje el campo vacío si no hay límite.", field="capacity")


def _check_agency(actor, agency) -> None:
    allowed = manageable_agency_ids(actor)
    if allowed is not None and agency.pk not in allowed:
        raise PermissionDenied(
            f"Usted no trabaja en {agency}; solo puede crear y editar actividades de su institución.", field="agency"
        )


@transaction.atomic
def create_activity(*, actor, edition: Edition, **fields) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"campos desconocidos: {sorted(unknown)}")
    data = {"description": "", "venue": "", "address": "", "online_url": "", "registration_open": True, **fields}
    _validate_activity(data)
    _check_agency(actor, data["agency"])
    activity = Activity.objects.create(edition=edition, **data)
    audit.record(actor=actor, action="events.activity.created", obj=activity, after={"title": activity.title})
    return activity


@transaction.atomic
def update_activity(*, actor, activity_id: int, now: datetime | None = None, **fields) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"campos desconocidos: {sorted(unknown)}")
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(f"No existe la actividad número {activity_id}.")
    _check_agency(actor, activity.agency)
    data = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
    data.update(fields)
    _validate_activity(data)
    _check_agency(actor, data["agency"])
    if data["capacity"] is not None:
        confirmed = Registration.objects.filter(activity=activity, status=RegistrationStatus.CONFIRMED).count()
        if data["capacity"] < confirmed:
            raise DomainError(
                f"Ya hay {confirmed} personas confirmadas; los cupos no pueden ser menos que eso.", field="capacity"
            )
    before = {f: str(getattr(activity, f)) for f in fields}
    for field, value in data.items():
        setattr(activity, field, value)
    activity.save()
    audit.record(
        actor=actor,
        action="events.activity.updated",
        obj=activity,
        before=before,
        after={f: str(getattr(activity, f)) for f in fields},
    )
    _promote_waitlisted(activity, now or timezone.now(), actor=actor)  # more seats → the waitlist moves
    return activity


@transaction.atomic
def save_edition(*, actor, edition: Edition, changed: list[str] | None = None) -> Edition:
    """Create or change an edition (admin): validated, and audited with the fields that changed."""
    if edition.starts_on and edition.ends_on and edition.ends_on < edition.starts_on:
        raise DomainError("El término de la edición debe ser posterior a su inicio.", field="ends_on")
    created = edition.pk is None
    edition.full_clean()
    edition.save()
    audit.record(
        actor=actor,
        action="events.edition.created" if created else "events.edition.updated",
        obj=edition,
        after={f: str(getattr(edition, f, "")) for f in (changed or [])},
    )
    return edition
