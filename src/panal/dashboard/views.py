"""Public figures at /cifras: key numbers, one figure per dimension (SVG chart + table + CSV/XLSX), a map of the
region, the rows behind every figure; and a view for the Comité de Desarrollo Productivo Regional (staff)."""

import hashlib

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from panal.catalog.models import OBJECTIVES
from panal.core import roles, spreadsheets
from panal.core.pagecache import for_visitors
from panal.portfolio import selectors as portfolio
from panal.portfolio.models import BENEFICIARY_TYPES, ENTRY_KINDS
from panal.territory.selectors import provinces_with_communes

from . import charts
from .context import REGIONAL_CONTEXT

FIGURE_HEADERS = ["Clave", "Grupo", "Monto adjudicado (CLP)", "Monto ejecutado (CLP)", "Proyectos", "Beneficiarios"]


def _rows_url(filters: dict, **extra) -> str:
    query = {k: v for k, v in {**filters, **extra}.items() if v not in (None, "")}
    return reverse("dashboard:rows") + ("?" + urlencode(query) if query else "")


def _filter_labels(filters: dict) -> list[str]:
    """The active filters in words ("Año de adjudicación: 2024", "Comuna: Rancagua")."""
    return [f"{portfolio.DIMENSIONS[k][1]}: {portfolio.dimension_label(k, v)}" for k, v in filters.items()]


# The aggregates of /cifras change only when the ledger does; they are kept this long at most even so (labels).
FIGURES_CACHE_SECONDS = 300


def _figures_data(filters: dict) -> dict:
    """Everything /cifras computes: ~20 aggregations and the SVG charts (most of the page's time)."""
    blocks = []
    for key in portfolio.PUBLIC_DIMENSIONS:
        rows = portfolio.execution_stats(key, filters)
        for row in rows:
            row["href"] = _rows_url(filters, **{key: row["key"]})
        blocks.append(
            {
                "key": key,
                "title": portfolio.DIMENSIONS[key][1],
                "rows": rows,
                "chart": charts.bar_chart(
                    rows, chart_id=f"grafico-{key}", title=portfolio.DIMENSIONS[key][1], href=lambda r: r["href"]
                ),
                "query": urlencode(filters),
            }
        )
    bubbles = portfolio.commune_bubbles(settings.PANAL_REGION, filters)
    return {
        "numbers": portfolio.key_numbers(),
        "totals": portfolio.totals(filters),
        "blocks": blocks,
        "map": charts.choropleth(
            bubbles,
            region=settings.PANAL_REGION,
            chart_id="mapa",
            title="Monto adjudicado por comuna",
            href=lambda b: reverse("territory:commune", args=[b["code"]]),
        )
        or charts.bubble_map(  # a region whose boundaries are not shipped keeps the seats' bubbles
            bubbles,
            chart_id="mapa",
            title="Monto adjudicado por comuna",
            href=lambda b: _rows_url(filters, commune=b["code"]),
        ),
        "has_sample": portfolio.has_sample_data(),
    }


@for_visitors(seconds=FIGURES_CACHE_SECONDS, version=portfolio.data_version)
def figures(request):
    filters = portfolio.clean_filters(request.GET)
    key = "cifras:" + hashlib.sha256(repr((portfolio.data_version(), sorted(filters.items()))).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = _figures_data(filters)
        cache.set(key, data, FIGURES_CACHE_SECONDS)
    context = {
        **data,
        "filters": filters,
        "filter_labels": _filter_labels(filters),
        "query": urlencode(filters),
        "rows_url": _rows_url(filters),
        "is_staff": _is_cdpr(request.user),
    }
    return render(request, "dashboard/figures.html", context)


def figure_download(request, dimension: str, fmt: str):
    if dimension not in portfolio.PUBLIC_DIMENSIONS:
        raise Http404("No existe esa cifra.")
    filters = portfolio.clean_filters(request.GET)
    sample = "Sí, incluye proyectos de ejemplo (demostración)" if portfolio.has_sample_data() else "No"
    rows = [
        [str(r["key"]), r["label"], r["awarded_clp"], r["disbursed_clp"], r["projects"], r["beneficiaries"], sample]
        for r in portfolio.execution_stats(dimension, filters)
    ]
    name = f"panal-cifras-{dimension}.{fmt}"
    headers = [*FIGURE_HEADERS, "Datos de ejemplo"]
    if fmt == "csv":
        return spreadsheets.download(spreadsheets.csv_bytes(headers, rows), name)
    return spreadsheets.download(spreadsheets.xlsx_bytes(headers, rows, sheet=portfolio.DIMENSIONS[dimension][1]), name)


def rows(request):
    filters = portfolio.clean_filters(request.GET)
    page = portfolio.project_page(filters, request.GET.get("pagina"))
    context = {
        "page": page,
        "filters": filters,
        "filter_labels": _filter_labels(filters),
        "totals": portfolio.totals(filters),
        "query": urlencode(filters),
        "person_name": portfolio.PERSON_NAME,
        "types": BENEFICIARY_TYPES,
        "objectives": OBJECTIVES,
        "has_sample": portfolio.has_sample_data(),
    }
    return render(request, "dashboard/rows.html", context)


def rows_download(request, fmt: str):
    filters = portfolio.clean_filters(request.GET)
    name = f"panal-proyectos.{fmt}"
    table = portfolio.public_table(filters)
    if fmt == "csv":
        return spreadsheets.download(spreadsheets.csv_bytes(portfolio.PUBLIC_ROW_HEADERS, table), name)
    return spreadsheets.download(spreadsheets.xlsx_bytes(portfolio.PUBLIC_ROW_HEADERS, table, sheet="Proyectos"), name)


def project_detail(request, code: str):
    project = portfolio.get_project(code)
    if project is None:
        raise Http404("No existe ese proyecto.")
    context = {
        "project": project,
        "entries": portfolio.ledger_of(project),
        "kinds": ENTRY_KINDS,
        "person_name": portfolio.PERSON_NAME,
        "types": BENEFICIARY_TYPES,
        "objectives": OBJECTIVES,
    }
    return render(request, "dashboard/project.html", context)


def _is_cdpr(user) -> bool:
    return any(roles.has_role(user, r) for r in (roles.COMMITTEE_MEMBER, roles.AGENCY_STAFF, roles.ADMINISTRATOR))


def cdpr(request):
    """The Comité de Desarrollo Productivo Regional: money by source, agreement and call, and what is still free."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _is_cdpr(request.user):
        return HttpResponseForbidden("Esta vista es para el comité y el personal de las instituciones.")
    region_population = sum(c["population"] for c in _province_population())
    by_province = {r["key"]: r for r in portfolio.execution_stats("province")}
    total_awarded = sum(r["awarded_clp"] for r in by_province.values()) or 1
    provinces = [
        {
            **p,
            "awarded_clp": by_province.get(p["code"], {}).get("awarded_clp", 0),
            "population_share": p["population"] / region_population if region_population else 0,
            "awarded_share": by_province.get(p["code"], {}).get("awarded_clp", 0) / total_awarded,
        }
        for p in _province_population()
    ]
    context = {
        "calls": portfolio.call_budgets(),
        "sources": portfolio.funding_sources(),
        "agreements": portfolio.agreements(),
        "objectives": portfolio.execution_stats("objective"),
        "provinces": provinces,
        "numbers": portfolio.key_numbers(),
        "has_sample": portfolio.has_sample_data(),
    }
    return render(request, "dashboard/cdpr.html", context)


def regional_context(request):
    """The context the Seremi gave for the Semana 2024, quoted with attribution, apart from Panal's own figures."""

    return render(
        request,
        "dashboard/context.html",
        {"items": REGIONAL_CONTEXT, "numbers": portfolio.key_numbers(), "has_sample": portfolio.has_sample_data()},
    )


def _province_population() -> list[dict]:
    return [
        {"code": p.code, "name": p.name, "population": p.population or 0}
        for p in provinces_with_communes(settings.PANAL_REGION)
    ]
