"""Writes of a ClaveÚnica login: the attempt record and binding the verified RUN to an account and a person."""

from django.contrib.auth import get_user_model
from django.db import transaction

from panal.core import roles
from panal.core.errors import DomainError
from panal.core.services import create_account
from panal.registry import selectors as registry
from panal.registry import services as registry_services

from .claveunica import Identity
from .models import RESULTS, LoginAttempt

ACCOUNT_DOMAIN = "claveunica.invalid"  # reserved TLD: never delivered; the person's contact e-mail is in the registry


def record_attempt(*, result: str, state_hash: str = "", ip: str | None = None, run: str = "", detail: str = ""):
    if result not in RESULTS:
        raise ValueError(result)
    return LoginAttempt.objects.create(
        result=result, state_hash=state_hash, ip=ip or None, run=run, detail=detail[:200]
    )


@transaction.atomic
def account_for_identity(*, identity: Identity, current_user=None):
    """The account to log in: the one already verified for this RUN, else the current applicant account, else a
    new one. The registry person with that RUT is bound to it as verified (registry.verify_identity)."""

    verified = registry.verified_person_for_rut(identity.rut)
    if verified is not None:
        if current_user is not None and verified.user_id != current_user.pk:
            raise DomainError("Ese RUN ya tiene otra cuenta en Panal. Cierre esta sesión e ingrese de nuevo.")
        return verified.user, verified, registry_services.LINKED
    if current_user is not None:
        if current_user.is_staff:
            raise DomainError("Cierre su sesión de funcionaria o funcionario antes de ingresar con ClaveÚnica.")
        user = current_user
    else:
        email = f"{identity.rut.lower()}@{ACCOUNT_DOMAIN}"
        # An earlier ClaveÚnica login made this account (e.g. its merge with the registry is still pending).
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            user, _ = create_account(email=email, role=roles.APPLICANT)
            user.set_unusable_password()
            user.save(update_fields=["password"])
    person, status = registry_services.verify_identity(
        user=user,
        rut=identity.rut,
        method="claveunica",
        actor=user,
        reason="ingreso con ClaveÚnica",
        first_names=identity.first_names,
        last_names=identity.last_names,
    )
    return user, person, status
