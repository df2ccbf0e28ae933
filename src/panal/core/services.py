"""Account writes: creating people's accounts and giving them roles."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from . import audit, roles
from .errors import DomainError


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_account(*, email: str, role: str, password: str | None = None, actor=None):
    """Create an account with one role. Returns (user, password) — the password only when generated."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"El correo «{email}» no es válido.", field="email") from None
    if role not in roles.ROLES:
        valid = ", ".join(roles.ROLES)
        raise DomainError(f"El rol «{role}» no existe; use uno de: {valid}.", field="role")
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(f"Ya existe una cuenta con el correo {email}.", field="email")
    generated = None
    if not password:
        password = generated = generate_password()
    user = User.objects.create_user(
        email=email,
        password=password,
        is_staff=role in roles.STAFF_ROLES,
        is_superuser=role == roles.ADMINISTRATOR,
    )
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    audit.record(actor=actor, action="core.account.created", obj=user, after={"email": email, "role": role})
    return user, generated
