"""Registry back office for agency staff: search, view, edit (audited), and file imports with a report first."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panal.core import audit
from panal.core.audit import history
from panal.core.errors import DomainError

from . import import_batches, selectors, services
from .forms import (
    CooperativeForm,
    EnterpriseForm,
    ImportUploadForm,
    LinkAccountForm,
    RepresentationForm,
    SearchForm,
    StaffPersonForm,
    YearForm,
)
from .views import apply_domain_error


def back_office(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_use_back_office(request.user):
            raise PermissionDenied("El registro de beneficiarios es solo para el equipo de las instituciones.")
        return view(request, *args, **kwargs)

    return wrapped


def _person(pk):
    person = selectors.get_person(pk)
    if person is None:
        raise Http404(f"No existe la persona número {pk}.")
    return person


def _enterprise(pk):
    enterprise = selectors.get_enterprise(pk)
    if enterprise is None:
        raise Http404(f"No existe la empresa número {pk}.")
    return enterprise


@back_office
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    page = None
    kind = "people"
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["commune"]):
        kind = form.cleaned_data["kind"] or "people"
        q, commune = form.cleaned_data["q"], form.cleaned_data["commune"] or None
        if kind == "people":
            rows = selectors.search_people(q, commune=commune)
        else:
            rows = selectors.search_enterprises(q, commune=commune, cooperatives_only=kind == "cooperatives")
        page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "registry/search.html",
        {"form": form, "page": page, "kind": kind, "batches": selectors.import_batches(5)},
    )


@back_office
@require_GET
def person_detail(request, pk: int):
    person = _person(pk)
    audit.record_read(actor=request.user, obj=person)
    return _render_person(request, person, revealed=False)


def _render_person(request, person, *, revealed: bool):
    return render(
        request,
        "registry/person.html",
        {
            "person": person,
            "revealed": revealed,
            "representations": selectors.representations_of(person=person),
            "history": history(object_type="registry.person", object_id=person.pk),
        },
    )


@back_office
@require_POST
def person_reveal_rut(request, pk: int):
    """Staff see a RUT masked; showing it whole is a read of personal data, so it is audited."""
    person = _person(pk)
    services.record_rut_reveal(person=person, actor=request.user)
    return _render_person(request, person, revealed=True)


def _audited_edit(request, form, save, *, success: str, back: tuple, title: str, intro: str = ""):
    """The shape every back-office edit shares: a form whose reason goes to the audit log with the change,
    a domain refusal shown next to its field, and back to the record on success (`success` may name form fields)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, success.format(**form.cleaned_data))
            return redirect(*back)
    return render(request, "registry/form.html", {"form": form, "title": title, "intro": intro, "back": back})


@back_office
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = _person(pk)
    # A declared RUT is changed only by verifying the identity (below), never by an edit.
    form = StaffPersonForm(
        request.POST or None, initial=StaffPersonForm.initial_for(person), rut_editable=not person.is_declared_only
    )
    return _audited_edit(
        request,
        form,
        lambda data: services.update_person(
            person=person, actor=request.user, reason=data["reason"], **form.service_values()
        ),
        success="Los cambios quedaron guardados y registrados en la auditoría.",
        back=("registry:person", person.pk),
        title=f"Editar a {person.full_name}",
    )


@back_office
@require_GET
def enterprise_detail(request, pk: int):
    enterprise = _enterprise(pk)
    return render(
        request,
        "registry/enterprise.html",
        {
            "enterprise": enterprise,
            "cooperative": getattr(enterprise, "cooperative", None),
            "years": selectors.enterprise_years(enterprise),
            "representations": selectors.representations_of(enterprise=enterprise),
            "history": history(object_type="registry.enterprise", object_id=enterprise.pk),
        },
    )


@back_office
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    enterprise = _enterprise(pk)
    form = EnterpriseForm(request.POST or None, initial=EnterpriseForm.initial_for(enterprise))
    return _audited_edit(
        request,
        form,
        lambda data: services.update_enterprise(
            enterprise=enterprise, actor=request.user, reason=data["reason"], **form.service_values()
        ),
        success="Los cambios quedaron guardados y registrados en la auditoría.",
        back=("registry:enterprise", enterprise.pk),
        title=f"Editar {enterprise.legal_name}",
    )


@back_office
@require_http_methods(["GET", "POST"])
def cooperative_edit(request, pk: int):
    enterprise = _enterprise(pk)
    coop = getattr(enterprise, "cooperative", None)
    form = CooperativeForm(request.POST or None, initial=CooperativeForm.initial_for(coop))
    return _audited_edit(
        request,
        form,
        lambda data: services.set_cooperative(
            enterprise=enterprise, actor=request.user, reason=data["reason"], **form.service_values()
        ),
        success="Los datos de la cooperativa quedaron guardados.",
        back=("registry:enterprise", enterprise.pk),
        title=f"Datos de cooperativa de {enterprise.legal_name}",
    )


@back_office
@require_http_methods(["GET", "POST"])
def year_edit(request, pk: int):
    enterprise = _enterprise(pk)
    form = YearForm(request.POST or None)
    return _audited_edit(
        request,
        form,
        lambda data: services.set_enterprise_year(
            enterprise=enterprise,
            year=data["year"],
            sales_uf=data["sales_uf"],
            employees=data["employees"],
            wages_clp=data["wages_clp"],
            actor=request.user,
            reason=data["reason"],
        ),
        success="Las cifras de {year} quedaron guardadas.",
        back=("registry:enterprise", enterprise.pk),
        title=f"Cifras anuales de {enterprise.legal_name}",
        intro="Si el año ya existe, sus cifras se corrigen. El tamaño y el tramo SII se calculan solos.",
    )


@back_office
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_batches.upload_import(
                kind=form.cleaned_data["kind"], filename=upload.name, content=upload.read(), actor=request.user
            )
            return redirect("registry:import_batch", pk=batch.pk)
        except DomainError as exc:
            apply_domain_error(form, exc)
    return render(
        request,
        "registry/import_upload.html",
        {"form": form, "batches": selectors.import_batches()},
    )


@back_office
@require_GET
def import_batch(request, pk: int):
    batch = selectors.get_import_batch(pk)
    if batch is None:
        raise Http404(f"No existe la importación número {pk}.")
    return render(request, "registry/import_batch.html", {"batch": batch})


@back_office
@require_POST
def import_confirm(request, pk: int):
    batch = selectors.get_import_batch(pk)
    if batch is None:
        raise Http404(f"No existe la importación número {pk}.")
    try:
        if request.POST.get("action") == "discard":
            import_batches.discard_import(batch=batch, actor=request.user)
            messages.info(request, "La importación quedó descartada; no se escribió nada.")
        else:
            batch = import_batches.confirm_import(batch=batch, actor=request.user)
            messages.success(request, batch.summary)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("registry:import_batch", pk=batch.pk)


@back_office
@require_http_methods(["GET", "POST"])
def person_link_account(request, pk: int):
    person = _person(pk)
    initial = {"email": person.user.email} if person.user_id else {}
    form = LinkAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", "No hay una cuenta con ese correo; pida a la persona que cree su cuenta primero.")
        else:
            try:
                bound, status = services.staff_verify_account(
                    person=person, user=user, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                if status == services.PENDING_MERGE:
                    messages.warning(
                        request,
                        "La ficha declarada tiene postulaciones; quedó en la cola de identidades para unirla a mano.",
                    )
                else:
                    messages.success(request, f"La cuenta {user.email} quedó vinculada a {bound.full_name}.")
                return redirect("registry:person", pk=bound.pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": f"Verificar la identidad de {person.full_name} y vincular su cuenta",
            "intro": "Vincule una cuenta solo después de ver la cédula de identidad de la persona; el motivo queda "
            "en el registro de auditoría.",
            "back": ("registry:person", person.pk),
        },
    )


@back_office
@require_GET
def identity_queue(request):
    """Declared RUTs that collide with the registry or with another account's claim: staff decide, never the code."""
    return render(request, "registry/identity_queue.html", {"conflicts": selectors.identity_conflicts()})


@back_office
@require_http_methods(["GET", "POST"])
def representation_add(request, pk: int):
    enterprise = _enterprise(pk)
    form = RepresentationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.get_person_by_rut(form.cleaned_data["rut"])
        if person is None:
            form.add_error("rut", "No hay una persona con ese RUT en el registro; regístrela o impórtela primero.")
        else:
            try:
                services.add_representation(
                    person=person,
                    enterprise=enterprise,
                    role=form.cleaned_data["role"],
                    since=form.cleaned_data["since"],
                    actor=request.user,
                )
                messages.success(request, f"{person.full_name} quedó vinculada a {enterprise.legal_name}.")
                return redirect("registry:enterprise", pk=enterprise.pk)
            except DomainError as exc:
                apply_domain_error(form, exc)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": f"Vincular una persona a {enterprise.legal_name}",
            "back": ("registry:enterprise", enterprise.pk),
        },
    )
