"""Account writes: creating people's accounts and giving them roles."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from . import audit, notices, roles
from .errors import DomainError
from .notifications import send_signup_email


def canonical_email(value) -> str:
    """The one rule for an account's e-mail, in sign-up, every login (pages, admin, API) and lockouts: trimmed
    and lower-case. (Addresses are case-insensitive in practice; two accounts differing in case would be a trap.)"""
    return str(value or "").strip().lower()


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_account(*, email: str, role: str, password: str | None = None, actor=None):
    """Create an account with one role. Returns (user, password) — the password only when generated."""
    email = canonical_email(email)
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


@transaction.atomic
def request_signup(*, email: str, password: str) -> None:
    """Sign-up that never tells whether an account exists: the answer is always "check your e-mail".
    A new address gets an inactive applicant account and an activation link; an address that already has an active
    account gets an e-mail telling its owner (and how to log in or reset the password); an address whose account was
    never activated (someone else may have typed it) gets the new password and a fresh activation link, so only the
    mailbox's owner can ever use it. The password is hashed on every path, so the time taken tells nothing either."""

    email = canonical_email(email)
    User = get_user_model()
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        user, _ = create_account(email=email, role=roles.APPLICANT, password=password)  # hashes once
        user.is_active = False
        user.save(update_fields=["is_active"])
        notices.record_shown(key="cuenta", obj=user)  # the sign-up page showed the account's privacy notice
        send_signup_email.enqueue(user.pk, "activate")
        return
    hashed = make_password(password)  # the same work as a new account's, whichever branch
    if not user.is_active and user.last_login is None:
        user.password = hashed
        user.save(update_fields=["password"])
        notices.record_shown(key="cuenta", obj=user)
        send_signup_email.enqueue(user.pk, "activate")
    else:
        send_signup_email.enqueue(user.pk, "existing")


@transaction.atomic
def activate_account(*, user) -> None:
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=user, action="core.account.activated", obj=user, after={"is_active": True})


@transaction.atomic
def save_account_by_admin(*, actor, user, changed: list[str] | None = None):
    """An administrator changed an account in the admin: the e-mail under the one rule, and an audit entry with the
    fields that changed (never the password hash)."""
    user.email = canonical_email(user.email)
    created = user.pk is None
    user.save()
    shown = [f for f in (changed or []) if f not in ("password", "password1", "password2")]
    audit.record(
        actor=actor,
        action="core.account.created" if created else "core.account.updated",
        obj=user,
        after={f: str(getattr(user, f, "")) for f in shown},
    )
    return user
