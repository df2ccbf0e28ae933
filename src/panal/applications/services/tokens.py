"""API bearer tokens and idempotency records."""

import hashlib
import secrets

from django.db import IntegrityError, transaction

from panal.core import audit

from ..models import (
    ApiToken,
    IdempotencyRecord,
)

# --- API tokens --------------------------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user, label: str = "") -> str:
    """A new bearer token for the API; only its digest is stored, so it is shown once."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(token), label=label[:100])
    audit.record(actor=user, action="applications.token.issued", obj=user, after={"label": label[:100]})
    return token


def user_for_token(token: str):
    # `.get()` on the unique digest: every API call authenticates here, and `.first()` would add an ORDER BY to compile.
    try:
        row = ApiToken.objects.select_related("user").get(digest=_digest(token))
    except ApiToken.DoesNotExist:
        return None
    return row.user if row.user.is_active else None


# --- idempotency (API) -------------------------------------------------------------------------------------------


def stored_response(*, user, key: str):
    try:
        return IdempotencyRecord.objects.get(user=user, key=key)  # unique (user, key)
    except IdempotencyRecord.DoesNotExist:
        return None


def remember_response(*, user, key: str, endpoint: str, fingerprint: str, status_code: int, body: dict):
    """Keep the answer given to this key; if the same key raced in at the same time, the first one kept wins."""

    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                user=user, key=key, endpoint=endpoint, fingerprint=fingerprint, status_code=status_code, body=body
            )
    except IntegrityError:
        return IdempotencyRecord.objects.get(user=user, key=key)
