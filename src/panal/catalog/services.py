from django.db import transaction

from panal.core import audit, roles
from panal.core.errors import DomainError
from panal.core.services import create_account

from .models import Agency, AgencyStaff


@transaction.atomic
def add_staff_member(*, user, agency_code: str, actor=None) -> AgencyStaff:
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise DomainError(f"La institución «{agency_code}» no existe; use una de: {known}.", field="agency")
    membership, created = AgencyStaff.objects.get_or_create(user=user, agency=agency)
    if created:
        audit.record(actor=actor, action="agency_staff.added", obj=membership, after={"agency": agency.code})
    return membership


@transaction.atomic
def create_user(*, email: str, role: str, agency_code: str | None = None, password: str | None = None, actor=None):
    """An account with a role; agency staff must name their agency. All or nothing."""
    if role == roles.AGENCY_STAFF and not agency_code:
        raise DomainError(
            "Un funcionario/a de institución necesita --agency con el código de su institución.",
            field="agency",
        )
    if agency_code and not Agency.objects.filter(code=agency_code).exists():
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True))
        raise DomainError(f"La institución «{agency_code}» no existe; use una de: {known}.", field="agency")
    user, generated = create_account(email=email, role=role, password=password, actor=actor)
    if agency_code:
        add_staff_member(user=user, agency_code=agency_code, actor=actor)
    return user, generated
