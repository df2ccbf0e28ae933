"""The public results pages and the follow-up survey (personal link, no account). Thin: reads come from
selectors/results, writes from services; nothing here fits a model."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from panal.catalog.selectors import get_call
from panal.core import notices
from panal.core.errors import DomainError, NotFound

from . import results, selectors, services
from .charts import means_chart
from .forms import SurveyForm
from .indicators import INDICATORS
from .models import METHODS

METHOD_ORDER = ("did", "rd")


def index(request):
    snapshots = list(selectors.published_snapshots())
    return render(request, "outcomes/index.html", {"snapshots": snapshots})


def _indicator_blocks(call, summary: dict) -> list[dict]:
    effects = results.stored_effects(call)
    blocks = []
    for key, cells in summary["indicators"].items():
        indicator = INDICATORS[key]
        rows = []
        for group, group_label in selectors.GROUPS:
            for period, period_label in selectors.PERIODS:
                rows.append({"group": group_label, "period": period_label, **cells[f"{group}_{period}"]})
        estimates = []
        for method in METHOD_ORDER:
            found = effects.get((key, method))
            if found is not None:
                estimates.append({"method": method, "label": METHODS[method], **found})
        blocks.append(
            {
                "key": key,
                "indicator": indicator,
                "chart": means_chart(cells, chart_id=f"grafico-{key}", title=f"{indicator.label} ({indicator.unit})"),
                "rows": rows,
                "estimates": estimates,
            }
        )
    return blocks


def call_results(request, code: str):

    call = get_call(code)
    snapshot = selectors.DecisionSnapshot.objects.filter(call=call).first() if call else None
    if snapshot is None:
        raise Http404("No hay resultados registrados para esa convocatoria.")
    summary = results.summary(call)
    context = {
        "call": call,
        "snapshot": snapshot,
        "summary": summary,
        "blocks": _indicator_blocks(call, summary) if summary else [],
    }
    return render(request, "outcomes/call.html", context)


def download_csv(request):
    response = HttpResponse(selectors.aggregated_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="panal-resultados.csv"'
    return response


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    try:
        followup = services.followup_for_token(token)
    except NotFound:
        response = render(request, "outcomes/survey_invalid.html", status=404)
        response["Referrer-Policy"] = "same-origin"
        return response
    form = None
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("accept", "refuse") and followup.consent is None:
            followup = services.record_consent(token=token, accepted=action == "accept")
        elif action == "answer" and followup.consent is True and followup.answered_at is None:
            form = SurveyForm(request.POST)
            if form.is_valid():
                try:
                    followup = services.answer_survey(token=token, values=form.items())
                except DomainError as exc:
                    error = exc.message
    if followup.consent is True and followup.answered_at is None and form is None:
        form = SurveyForm()
    response = render(
        request,
        "outcomes/survey.html",
        {
            "followup": followup,
            "form": form,
            "error": error,
            "consent_version": notices.version(services.CONSENT_NOTICE),
        },
    )
    # The personal link never leaks to another site ("no-referrer" would make the browser send Origin: null on the
    # form's POST, which Django's CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response
