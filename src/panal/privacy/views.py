"""Privacy pages: the public records of processing, a person's requests and consents, downloading an answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panal.core import spreadsheets
from panal.core.errors import DomainError

from . import notices, records, selectors, services
from .forms import DataRequestForm

CSV_COLUMNS = [
    ("name", "actividad"),
    ("purpose", "finalidad"),
    ("basis", "base_de_licitud"),
    ("categories", "categorias_de_datos"),
    ("sensitive", "datos_sensibles"),
    ("recipients", "destinatarios"),
    ("transfers", "transferencias_internacionales"),
    ("retention", "plazo_de_conservacion"),
    ("security", "medidas_de_seguridad"),
]


@require_GET
def notice(request):
    return render(
        request,
        "privacy/notice.html",
        {"activities": records.ACTIVITIES, "notices": [notices.notice(k) for k in notices.NOTICES]},
    )


@require_GET
def records_csv(request):
    rows = ([getattr(activity, name) for name, _ in CSV_COLUMNS] for activity in records.ACTIVITIES)
    body = spreadsheets.csv_bytes([label for _, label in CSV_COLUMNS], rows, delimiter=",")
    return spreadsheets.download(body, "registro-de-tratamiento-panal.csv")


@login_required
@require_http_methods(["GET", "POST"])
def my_requests(request):
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.file_request(
                user=request.user, kind=form.cleaned_data["kind"], detail=form.cleaned_data["detail"]
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"Recibimos su solicitud n.º {filed.pk}. La responderemos a más tardar el "
                f"{filed.due_at.astimezone().strftime('%d-%m-%Y')}.",
            )
            return redirect("privacy:my_requests")
    return render(
        request,
        "privacy/my_requests.html",
        {
            "form": form,
            "requests": selectors.requests_of(request.user),
            "consents": selectors.active_consents(request.user),
            "consent_purposes": [(k, label, notices.notice(k)) for k, label in notices.CONSENT_PURPOSES.items()],
        },
    )


@login_required
@require_GET
def answer_download(request, pk: int):
    filed = selectors.request_of(request.user, pk)  # only the person's own: another id is a 404
    if filed is None or not filed.answer_file:
        raise Http404("No existe esa respuesta.")
    return FileResponse(filed.answer_file.open("rb"), as_attachment=True, filename=f"respuesta-solicitud-{pk}.zip")


@login_required
@require_POST
def consent(request):
    purpose = request.POST.get("purpose", "")
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_consent(user=request.user, purpose=purpose)
            messages.success(request, "Retiró su consentimiento; dejamos de usar sus datos para esa finalidad.")
        elif request.POST.get("accept") == "on":
            services.give_consent(user=request.user, purpose=purpose)
            messages.success(request, "Quedó registrado su consentimiento.")
        else:
            messages.error(request, "Para dar su consentimiento marque la casilla.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("privacy:my_requests")
