"""Published results: the public page and CSV of a call (natural persons by folio only), and staff's publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from panal.catalog.selectors import get_call
from panal.core import spreadsheets
from panal.core.errors import DomainError

from . import selectors, services


def _published(code: str):
    call = get_call(code)
    publication = selectors.publication_of(call) if call else None
    if publication is None:
        raise Http404("Los resultados de esa convocatoria no están publicados.")
    return call, publication


@require_GET
def results(request, code: str):
    call, publication = _published(code)
    return render(
        request,
        "applications/results.html",
        {"call": call, "publication": publication, "rows": selectors.published_rows(call)},
    )


@require_GET
def results_csv(request, code: str):
    call, publication = _published(code)
    headers = ["folio", "organizacion", "comuna", "resultado", "monto_clp"]
    rows = (
        [row["folio"], row["name"], row["commune"], row["result"], row["amount_clp"] or ""]
        for row in selectors.published_rows(call)
    )
    return spreadsheets.download(spreadsheets.csv_bytes(headers, rows, delimiter=","), f"resultados-{call.code}.csv")


@login_required
@require_POST
def publish(request, code: str):
    call = get_call(code)
    if call is None or not request.user.has_perm("applications.run_committee", call):
        raise Http404("No existe esa convocatoria o no le corresponde.")
    try:
        services.publish_results(call=call, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("applications:committee", code=code)
    messages.success(request, "Resultados publicados; cada postulante recibe su resultado por correo.")
    return redirect("applications:results", code=code)
