"""Rate limits for anonymous writes, counted in a cache every worker shares (django-ratelimit).

The counters live in the database (Django's database cache, table `panal_ratelimit_cache`, created by a core
migration), so `make run` needs no other server and every gunicorn worker sees the same counts. Django's
DatabaseCache increments with a read then a write (two workers may both read 4 and write 5); AtomicDatabaseCache
holds the row (PostgreSQL) or the write lock (SQLite, IMMEDIATE transactions) across both.

Limits (settings.PANAL_RATE_LIMITS, documented in docs/security.md):
- every anonymous write (POST/PUT/PATCH/DELETE without a session): per client address;
- a Semana registration: per client address, and per activity (a flood of invented e-mails cannot fill it).
Past a limit the answer is 429 with Retry-After and a Spanish message. `PANAL_RATELIMIT=off` switches them off
for load tests (bench/_harness.py); production refuses to start with it off.
"""

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

from .middleware import refusal  # one shape for every refusal (API JSON or a page)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 (quoted name)
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)


class RateLimited(Exception):
    def __init__(self, retry_after: int, message: str):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))
        self.message = message


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies (PANAL_TRUSTED_PROXIES=N) it is the N-th address from the
    right of X-Forwarded-For: anything further left was written by the client and is not trusted."""
    hops = getattr(settings, "PANAL_TRUSTED_PROXIES", 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return request.META.get("REMOTE_ADDR", "")[:64] or "desconocida"


def _limits() -> dict:
    return getattr(settings, "PANAL_RATE_LIMITS", {})


def check(request: HttpRequest, *, group: str, key: str, what: str) -> None:
    """Count one hit of `group` for `key`; raise RateLimited past the limit set for `group`."""
    rate = _limits().get(group)
    if not rate:
        return
    usage = get_usage(request, group=group, key=lambda _group, _request: key, rate=rate, increment=True)
    if usage and usage["should_limit"]:
        seconds = max(1, usage["time_left"])
        minutes = (seconds + 59) // 60
        wait = f"{seconds} segundos" if seconds < 120 else f"{minutes} minutos"
        raise RateLimited(seconds, f"Demasiadas solicitudes {what}. Espere {wait} y vuelva a intentarlo.")


def too_many(request: HttpRequest, exc: RateLimited) -> HttpResponse:

    response = refusal(request, exc.message, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def check_registration(request: HttpRequest, activity_id: int) -> None:
    """A Semana registration: per client, and per activity whoever sends it."""
    check(request, group="registration-client", key=client_address(request), what="de inscripción desde su conexión")
    check(request, group="registration-activity", key=str(activity_id), what="de inscripción en esta actividad")


class AnonymousWriteThrottleMiddleware:
    """Every write without a session counts against its client address, on pages and the API alike (a bearer
    token's writes count in their own, more generous bucket: the token is checked later, by the API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in WRITE_METHODS and not request.user.is_authenticated:
            group = "api-token-write" if request.META.get("HTTP_AUTHORIZATION") else "anonymous-write"
            try:
                check(request, group=group, key=client_address(request), what="desde su conexión")
            except RateLimited as exc:
                return too_many(request, exc)
        return self.get_response(request)
