"""A person's own data: see it, create or correct it, download it (JSON)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from panal.core import notices
from panal.core.errors import DomainError
from panal.core.hooks import app_hooks

from . import selectors, services
from .forms import PersonForm, SelfPersonForm

CONSENT_PURPOSE = "Ficha de persona en Panal: postulaciones y orientación sobre apoyos"
# The privacy notice shown on the form (privacy.notices); its version is stored with what was submitted.
CONSENT_NOTICE = "registro"


def apply_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_GET
def my_data(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        return redirect("registry:my_data_edit")
    return render(
        request,
        "registry/my_data.html",
        {
            "person": person,
            "representations": selectors.representations_of(person=person),
            "profile": selectors.eligibility_profile(person=person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_data_edit(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        form = SelfPersonForm(request.POST or None, initial={"email": request.user.email})
    else:
        form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person), rut_editable=False)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                # A claim, never looked up: the answer is the same whether the RUT is in the registry or not.
                person = services.declare_own_person(**form.service_values(), user=request.user, actor=request.user)
                services.record_consent(
                    person=person,
                    purpose=CONSENT_PURPOSE,
                    text_version=notices.version(CONSENT_NOTICE),
                    actor=request.user,
                )
                messages.success(
                    request,
                    "Su ficha quedó guardada. Su RUT queda como declarado hasta que verifique su identidad con "
                    "ClaveÚnica o en una oficina.",
                )
            else:
                services.update_person(
                    person=person,
                    actor=request.user,
                    reason="corrección por la propia persona",
                    **form.service_values(),
                )
                messages.success(request, "Sus datos quedaron corregidos.")
            return redirect("registry:my_data")
        except DomainError as exc:
            apply_domain_error(form, exc)
    return render(request, "registry/my_data_form.html", {"form": form, "person": person})


@login_required
@require_GET
def my_data_download(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        return redirect("registry:my_data_edit")
    export = selectors.person_export(person)
    # Each app's part of the person, through its `personal_data.export_person` hook (the privacy convention).

    for label, export_person in app_hooks("personal_data", "export_person"):
        if label != "registry":
            export.update(export_person(person))
    body = json.dumps(export, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mis-datos-panal.json"'
    return response
