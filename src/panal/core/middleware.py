"""Requests no view should ever see, refused as a class before any view, form or database does.

- Invalid text: a NUL byte (PostgreSQL cannot store it and answers with an error), a lone UTF-16 surrogate (it
  cannot be encoded to UTF-8), or a value longer than any field Panal has. Checked in the path, the query string,
  form fields, JSON bodies and headers; refused with 400 (pages) or 422 (API) and a Spanish message naming where.
- A numeric path id beyond 64 bits: 404 (the database driver would overflow).
- Safety net: a DataError or OverflowError that still reaches the database (a value the validation missed) is a
  400/422, never a 500; it is logged so the missing validation gets fixed.
- API writes must be JSON: a cross-site `<form enctype="text/plain">` cannot reach the API (415).
"""

import json
import logging

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import resolve

from . import security_log
from .limits import MAX_ID

logger = logging.getLogger("panal.security")  # refusals go through security_log (rate-limited)

API_PREFIX = "/api/"
MAX_QUERY_VALUE = 2_000  # characters in one query-string value (search boxes, filters)
MAX_FORM_VALUE = 100_000  # characters in one form field (the longest textarea answers are ~10,000)
MAX_PATH = 2_000
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class InvalidText(Exception):
    def __init__(self, where: str, what: str):
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what

    @property
    def message(self) -> str:
        return f"El campo «{self.where}» {self.what}."


def check_text(value: str, where: str, limit: int) -> None:
    if "\x00" in value:
        raise InvalidText(where, "contiene un carácter nulo (\\0), que no se acepta")
    if len(value) > limit:
        raise InvalidText(where, f"es demasiado largo (máximo {limit:,} caracteres)".replace(",", "."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidText(where, "contiene caracteres inválidos (un sustituto UTF-16 suelto)") from None


def _check_json(value, where: str) -> None:
    if isinstance(value, str):
        check_text(value, where, MAX_FORM_VALUE)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, where, 200)
            _check_json(item, f"{where}.{key}" if where != "solicitud" else str(key))
    elif isinstance(value, list):
        for item in value:
            _check_json(item, where)


def answers_bad_input(view):
    """Marks a page action that answers a bad form value or an unknown inner id itself, redirecting back with a
    Spanish message (post/redirect/get), like a stale button would. For it the middleware leaves the form body and
    the path's inner ids (not `pk`) to the view: its Django forms refuse NUL, and an id beyond 64 bits finds no row.
    The path, query string and headers are still checked."""
    view.answers_bad_input = True
    return view


def _answers_bad_input(request: HttpRequest) -> bool:
    if is_api(request):
        return False
    try:
        match = resolve(request.path_info)
    except Http404:
        return False
    return getattr(match.func, "answers_bad_input", False)


def _resolves(request: HttpRequest) -> bool:
    try:
        resolve(request.path_info)
    except Http404:
        return False
    return True


def _check_request(request: HttpRequest) -> None:
    check_text(request.path, "dirección", MAX_PATH)
    for key, values in request.GET.lists():
        check_text(key, "parámetro", 200)
        for value in values:
            check_text(value, key, MAX_QUERY_VALUE)
    for key, value in request.META.items():
        if key.startswith("HTTP_") and key != "HTTP_COOKIE" and isinstance(value, str):
            check_text(value, key[5:].replace("_", "-").title(), 8_000)


def _check_body(request: HttpRequest) -> None:
    if request.method not in WRITE_METHODS:
        return
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, values in request.POST.lists():
            check_text(key, "formulario", 200)
            for value in values:
                check_text(value, key, MAX_FORM_VALUE)
        for upload in request.FILES.values():
            check_text(upload.name or "", "nombre del archivo", 255)
    elif content_type == "application/json" and request.body:
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            return  # the API's own parser answers malformed JSON (422) with its message
        _check_json(data, "solicitud")


def _drop_invalid_cookies(request: HttpRequest) -> None:
    """A corrupted cookie (NUL, surrogate) is ignored, not an error: the session lookup must never see it."""
    for name, value in list(request.COOKIES.items()):
        try:
            check_text(name, "cookie", 200)
            check_text(value, "cookie", 8_000)
        except InvalidText:
            del request.COOKIES[name]


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _cross_site_api_write(request: HttpRequest) -> bool:
    """Browsers send a cross-site form as text/plain or urlencoded without a CORS check; the API's writes are JSON
    (uploads, the one multipart route, need a bearer token or a session with its CSRF token)."""
    if not is_api(request) or request.method not in WRITE_METHODS or not request.META.get("CONTENT_TYPE"):
        return False
    return request.content_type not in ("application/json", "multipart/form-data")


def refusal(request: HttpRequest, message: str, *, status: int, field: str | None = None) -> HttpResponse:
    """A 4xx in the form the caller reads: JSON for the API, a Spanish page otherwise."""
    if is_api(request):
        body = {"detail": message}
        if field:
            body["errors"] = [{"field": field, "message": message}]
        return JsonResponse(body, status=status)
    html = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(html, status=status)


class RequestSanityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._log_refusal(request, self._answer(request))

    def _answer(self, request: HttpRequest) -> HttpResponse:
        _drop_invalid_cookies(request)
        try:
            _check_request(request)
            if request.method in WRITE_METHODS and not _answers_bad_input(request):
                _check_body(request)
        except MultiPartParserError:  # a broken multipart body (e.g. no boundary): the client's error, not ours
            return refusal(request, "El formulario llegó mal formado; vuelva a enviarlo.", status=400)
        except InvalidText as exc:
            if exc.where == "dirección" and not _resolves(request):
                return refusal(request, "No existe esa dirección.", status=404)  # no route holds such a path
            return refusal(request, exc.message, status=422 if is_api(request) else 400, field=exc.where)
        if _cross_site_api_write(request):
            return refusal(
                request,
                "La API solo acepta escrituras con «Content-Type: application/json».",
                status=415,
                field="Content-Type",
            )
        return self.get_response(request)

    def _log_refusal(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code in security_log.LOGGED_STATUSES:
            from .ratelimit import client_address  # noqa: PLC0415 (cycle: ratelimit imports this module's refusal())

            user = getattr(request, "user", None)
            security_log.refused(
                client=client_address(request),
                status=response.status_code,
                method=request.method,
                path=request.path,
                user=user.get_username() if user is not None and user.is_authenticated else "",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        own = getattr(view_func, "answers_bad_input", False)
        for name, value in view_kwargs.items():
            if own and name != "pk":
                continue
            if isinstance(value, int) and not 0 <= value <= MAX_ID:
                raise Http404("No existe.")
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DataError | OverflowError):
            logger.warning("Dato inválido llegó a la base de datos en %s: %s", request.path, exception)
            return refusal(
                request,
                "Un dato enviado no es válido (demasiado largo, fuera de rango o con caracteres no permitidos).",
                status=422 if is_api(request) else 400,
            )
        return None
