"""The second factor for staff: enrol a TOTP app (key and QR), then enter its 6-digit code at each login."""

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from panal.core import audit


class TokenForm(forms.Form):
    token = forms.RegexField(
        label="Código de 6 dígitos de su aplicación de autenticación",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Escriba los 6 dígitos que muestra su aplicación."},
    )


def _device(user, *, confirmed: bool):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    device = _device(request.user, confirmed=True)
    enrolling = device is None
    if enrolling:
        device = _device(request.user, confirmed=False) or TOTPDevice.objects.create(
            user=request.user, name="Panal", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(actor=request.user, action="core.account.totp_enrolled", obj=request.user)
            otp_login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target)
        form.add_error("token", "El código no es correcto o ya venció; escriba el que muestra ahora su aplicación.")
    return render(
        request,
        "identity/second_factor.html",
        {"form": form, "enrolling": enrolling, "key": device.bin_key.hex() if enrolling else ""},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def enrolment_qr(request):
    device = _device(request.user, confirmed=False)
    if device is None:
        return HttpResponse(status=404)
    buffer = segno.make(device.config_url, error="m")
    svg = buffer.svg_inline(scale=4)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
