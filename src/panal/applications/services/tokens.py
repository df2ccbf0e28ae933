"""API bearer tokens and idempotency records."""

import contextlib
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

    record = IdempotencyRecord(
        user=user, key=key, endpoint=endpoint, fingerprint=fingerprint, status_code=status_code, body=body
    )
    # Outside a transaction the INSERT commits on its own and a clash leaves the connection usable, so the atomic
    # block (a BEGIN and a COMMIT on every API call with a key) is needed only inside one, as the clash's savepoint.
    savepoint = transaction.atomic() if transaction.get_connection().in_atomic_block else contextlib.nullcontext()
    try:
        with savepoint:
            record.save(force_insert=True)
    except IntegrityError:
        return IdempotencyRecord.objects.get(user=user, key=key)
    return record
