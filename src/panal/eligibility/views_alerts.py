"""«Avísame» pages: subscribe with consent (for oneself or an enterprise one represents), see and revoke; and the
one-click unsubscribe from the e-mail (a button, or the mail client's RFC 8058 POST; no sign-in needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from panal.core.errors import DomainError
from panal.registry.selectors import enterprises_represented_by, person_for_user

from . import alerts


@login_required
@require_http_methods(["GET", "POST"])
def manage(request):

    person = person_for_user(request.user)
    enterprises = list(enterprises_represented_by(person)) if person else []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                item = alerts.active_subscriptions(request.user).filter(pk=request.POST.get("item") or 0).first()
                if item is not None:
                    alerts.unsubscribe(token=item.token, actor=request.user)
                messages.success(request, "Retiramos su consentimiento: no recibirá más avisos de ese tipo.")
            else:
                chosen = request.POST.get("empresa", "")
                enterprise = next((e for e in enterprises if str(e.pk) == chosen), None)
                if chosen and enterprise is None:
                    raise DomainError("Elija una de las empresas o cooperativas que usted representa.", field="empresa")
                alerts.subscribe(actor=request.user, consent=request.POST.get("consent") == "1", enterprise=enterprise)
                messages.success(request, "Listo: le avisaremos por correo cuando abra una convocatoria para usted.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("eligibility:alerts")
    return render(
        request,
        "eligibility/alerts.html",
        {
            "person": person,
            "enterprises": enterprises,
            "subscriptions": alerts.active_subscriptions(request.user),
            "consent_text": alerts.CONSENT_TEXT,
        },
    )


@csrf_exempt  # the mail client's one-click POST (RFC 8058) carries no CSRF token; the secret token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "POST":
        done = alerts.unsubscribe(token=token)
        return render(request, "eligibility/unsubscribed.html", {"done": done is not None}, status=200 if done else 404)
    return render(request, "eligibility/unsubscribe.html", {"token": token})
