"""«Mi empresa o cooperativa»: a person files a representation claim with its document; staff verify or reject it
from their own queue (the document read is audited). Thin: each POST is one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from panal.core import audit
from panal.core.errors import DomainError

from . import selectors, services
from .forms import commune_choices
from .models import LEGAL_FORMS, REPRESENTATION_ROLES, RepresentationClaim


@login_required
@require_http_methods(["GET", "POST"])
def my_claims(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        return redirect("registry:my_data_edit")
    error = ""
    if request.method == "POST":
        try:
            services.file_claim(
                actor=request.user,
                rut=request.POST.get("rut", ""),
                legal_name=request.POST.get("legal_name", ""),
                legal_form=request.POST.get("legal_form", ""),
                role=request.POST.get("role", ""),
                commune=request.POST.get("commune", ""),
                document=request.FILES.get("document"),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Recibimos su solicitud. El equipo la verificará y le daremos acceso.")
            return redirect("registry:my_claims")
    return render(
        request,
        "registry/my_claims.html",
        {
            "claims": RepresentationClaim.objects.filter(person=person).order_by("-created_at"),
            "represented": selectors.enterprises_represented_by(person),
            "legal_forms": [(k, v) for k, v in LEGAL_FORMS.items() if k != "persona_natural"],
            "roles": list(REPRESENTATION_ROLES.items()),
            "communes": commune_choices(),
            "error": error,
            "values": request.POST if error else {},
        },
        status=400 if error else 200,
    )


def _staff(request):
    if not selectors.can_use_back_office(request.user):
        raise HttpForbidden("Esta página es para el equipo de las instituciones.")


@login_required
def claims_queue(request):
    _staff(request)
    pending = RepresentationClaim.objects.filter(state="pending").select_related("person", "commune")
    return render(request, "registry/staff/claims.html", {"claims": pending[:300]})


@login_required
@require_http_methods(["GET", "POST"])
def claim_review(request, pk: int):
    _staff(request)
    claim = RepresentationClaim.objects.select_related("person", "commune").filter(pk=pk).first()
    if claim is None:
        raise Http404("No existe esa solicitud.")
    if request.method == "POST":
        try:
            services.review_claim(
                claim=claim,
                actor=request.user,
                verify=request.POST.get("decision") == "verify",
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("registry:claim_review", pk=pk)
        messages.success(request, "Solicitud revisada.")
        return redirect("registry:claims_queue")
    audit.record(actor=request.user, action="registry.claim.read", obj=claim)
    return render(request, "registry/staff/claim.html", {"claim": claim})


@login_required
def claim_document(request, pk: int):
    claim = RepresentationClaim.objects.filter(pk=pk).select_related("person").first()
    if claim is None:
        raise Http404("No existe esa solicitud.")
    if claim.person.user_id != request.user.pk:
        _staff(request)
        audit.record(actor=request.user, action="registry.claim.document_read", obj=claim)
    return FileResponse(claim.document.open("rb"), as_attachment=True, filename=claim.document_name)
