"""Reads of the portfolio that the figures, the open data and the API share, so they always agree.

Every aggregation reads the projects' summary columns (kept exact by the ledger services) through a covering index:
`awarded_clp`, `executed_clp` (disbursed minus refunds) and `beneficiary_key` (one per person or organisation).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet, Sum

from panal.catalog.models import OBJECTIVES
from panal.catalog.selectors import agencies, calls, instruments
from panal.core.pagecache import table_version
from panal.core.rut import format_rut
from panal.registry.models import NATURAL_PERSON_LEGAL_FORMS
from panal.territory.selectors import communes

from .models import (
    BENEFICIARY_TYPES,
    SEX_LABELS,
    Agreement,
    CallBudget,
    CallFunding,
    FundingSource,
    LedgerEntry,
    Project,
)

# group_by key → (Project column, Spanish title of the figure)
DIMENSIONS = {
    "year": ("year", "Año de adjudicación"),
    "instrument": ("instrument_id", "Instrumento"),
    "agency": ("agency_id", "Institución"),
    "funding_source": ("funding_source_id", "Fuente de financiamiento"),
    "province": ("province_id", "Provincia"),
    "commune": ("commune_id", "Comuna"),
    "beneficiary_type": ("beneficiary_type", "Tipo de beneficiario"),
    "sex": ("sex", "Sexo (personas naturales)"),
    "objective": ("objective", "Objetivo"),
    "call": ("call_id", "Convocatoria"),
}
PUBLIC_DIMENSIONS = [key for key in DIMENSIONS if key != "call"]
NO_SOURCE = "Sin fuente registrada"
_SUMS = {
    "awarded_clp": Sum("awarded_clp"),
    "disbursed_clp": Sum("executed_clp"),
    "projects": Count("id"),
    "beneficiaries": Count("beneficiary_key", distinct=True),
}


def filter_projects(filters: dict | None = None) -> QuerySet:
    """Projects narrowed by any dimension: `{"year": "2024", "commune": "06101"}` (unknown keys are ignored)."""
    qs = Project.objects.all()
    for key, value in (filters or {}).items():
        if key in DIMENSIONS and value not in (None, ""):
            qs = qs.filter(**{DIMENSIONS[key][0]: value})
    return qs


# Filters whose column is a number: a value that is not a positive number of at most 18 digits matches nothing,
# instead of reaching the database as text or beyond 64 bits (a 500).
_NUMERIC_FILTERS = {"year", "instrument", "agency", "funding_source", "call"}


def _filter_value(key: str, value: str) -> str:
    value = str(value).strip()[:80]
    if key in _NUMERIC_FILTERS and not (value.isascii() and value.isdigit() and len(value) <= 18):
        return "0"  # no row has id or year 0: the figure shows nothing, as for an unknown code
    return value


# data_version() changes whenever a project or a ledger entry is added or removed (the ledger is append-only): one
# query that says whether aggregates computed earlier still hold.
data_version = table_version((Project, "id"), (LedgerEntry, "id"))


def clean_filters(params) -> dict:
    return {key: _filter_value(key, params.get(key)) for key in DIMENSIONS if params.get(key) not in (None, "")}


def _labels(group_by: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if group_by == "year":
        return {k: str(k) for k in keys}
    if group_by == "beneficiary_type":
        return dict(BENEFICIARY_TYPES)
    if group_by == "sex":
        return dict(SEX_LABELS)
    if group_by == "objective":
        return dict(OBJECTIVES)
    if group_by in ("instrument", "call"):
        if group_by == "call":
            return {c.pk: c.title for c in calls().filter(pk__in=keys)}
        return {i.pk: i.name for i in instruments().filter(pk__in=keys)}
    if group_by == "agency":
        return {a.pk: a.short_name for a in agencies().filter(pk__in=keys)}
    if group_by == "funding_source":
        return {None: NO_SOURCE} | dict(FundingSource.objects.filter(pk__in=keys).values_list("pk", "name"))

    if group_by == "commune":
        return {c.code: c.name for c in communes().filter(code__in=keys)}
    return {c.province_id: c.province.name for c in communes().filter(province_id__in=keys)}


def execution_stats(group_by: str, filters: dict | None = None) -> list[dict]:
    """`[{"key", "label", "awarded_clp", "disbursed_clp", "projects", "beneficiaries"}]`, largest amount first.

    `disbursed_clp` is what was executed: disbursements minus refunds. One GROUP BY over the projects."""
    if group_by not in DIMENSIONS:
        raise ValueError(group_by)
    column = DIMENSIONS[group_by][0]
    projects = filter_projects(filters)
    if group_by == "sex":  # sex is a fact of natural persons: organisations are not a group of this figure
        projects = projects.filter(beneficiary_type="persona")
    rows = list(projects.order_by().values(column).annotate(**_SUMS))
    labels = _labels(group_by, [row[column] for row in rows])
    result = [
        {
            "key": row[column],
            "label": labels.get(row[column], str(row[column])),
            "awarded_clp": row["awarded_clp"] or 0,
            "disbursed_clp": row["disbursed_clp"] or 0,
            "projects": row["projects"],
            "beneficiaries": row["beneficiaries"],
        }
        for row in rows
    ]
    if group_by == "year":
        return sorted(result, key=lambda r: r["key"])
    return sorted(result, key=lambda r: (-r["awarded_clp"], str(r["label"])))


def totals(filters: dict | None = None) -> dict:
    row = filter_projects(filters).aggregate(**_SUMS)
    return {k: row[k] or 0 for k in _SUMS}


def key_numbers() -> dict:
    """The numbers at the top of /cifras: executed in the latest year, beneficiaries, cooperatives supported."""
    everything = Project.objects.aggregate(
        latest_year=Max("year"),
        beneficiaries=Count("beneficiary_key", distinct=True),
        cooperatives=Count("beneficiary_key", distinct=True, filter=Q(beneficiary_type="cooperativa")),
        **{k: v for k, v in _SUMS.items() if k != "beneficiaries"},
    )
    year = everything["latest_year"]
    in_year = totals({"year": year}) if year else totals({"year": -1})
    return {
        "year": year,
        "executed_in_year_clp": in_year["disbursed_clp"],
        "awarded_in_year_clp": in_year["awarded_clp"],
        "beneficiaries": everything["beneficiaries"],
        "cooperatives": everything["cooperatives"],
        "awarded_clp": everything["awarded_clp"] or 0,
        "disbursed_clp": everything["disbursed_clp"] or 0,
        "projects": everything["projects"],
    }


def commune_bubbles(region: str | None = None, filters: dict | None = None) -> list[dict]:
    """Each commune of the region with its seat's coordinates and its totals (zero when it has no projects)."""

    region = region or settings.PANAL_REGION
    stats = {row["key"]: row for row in execution_stats("commune", filters)}
    result = []
    for commune in communes(region=region):
        if commune.latitude is None or commune.longitude is None:
            continue
        row = stats.get(commune.code, {})
        result.append(
            {
                "code": commune.code,
                "name": commune.name,
                "latitude": float(commune.latitude),
                "longitude": float(commune.longitude),
                "awarded_clp": row.get("awarded_clp", 0),
                "disbursed_clp": row.get("disbursed_clp", 0),
                "projects": row.get("projects", 0),
            }
        )
    return result


def project_rows(filters: dict | None = None) -> QuerySet:
    return (
        filter_projects(filters)
        .select_related("instrument", "agency", "commune", "funding_source", "enterprise", "call")
        .order_by("-awarded_on", "code")
    )


def public_projects_in_commune(commune_code: str, *, limit: int = 10) -> tuple[list[dict], int]:
    """The latest projects awarded in a commune, with only what the public figures show (no beneficiary: a natural
    person's name never leaves Panal), and how many there are in all. Two queries."""
    qs = filter_projects({"commune": commune_code})
    rows = list(
        qs.order_by("-awarded_on", "code").values("code", "title", "year", "awarded_clp", "instrument__name")[:limit]
    )
    return rows, (len(rows) if len(rows) < limit else qs.count())


def project_page(filters: dict | None = None, page_number=None, per_page: int = 50):
    """A page of projects: the page's ids first (an index walk, no joins), then those rows with their names."""

    ids = filter_projects(filters).order_by("-awarded_on", "code").values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(page_number)
    found = {p.pk: p for p in project_rows().filter(pk__in=list(page.object_list))}
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page


def get_project(code: str) -> Project | None:
    return project_rows().filter(code=code).first()


def ledger_of(project: Project) -> QuerySet:
    return LedgerEntry.objects.filter(project=project).select_related("reverses").order_by("entry_date", "id")


def ledger_totals(filters: dict | None = None) -> dict:
    """Sums straight from the ledger entries (used to prove the summary columns equal the ledger)."""
    qs = LedgerEntry.objects.filter(project__in=filter_projects(filters))
    by_kind = dict(qs.order_by().values_list("kind").annotate(total=Sum("amount_clp")).values_list("kind", "total"))
    return {
        "committed_clp": by_kind.get("commitment", 0) or 0,
        "disbursed_clp": (by_kind.get("disbursement", 0) or 0) - (by_kind.get("refund", 0) or 0),
        "gross_disbursed_clp": by_kind.get("disbursement", 0) or 0,
        "refunded_clp": by_kind.get("refund", 0) or 0,
        "approved_clp": by_kind.get("report_approved", 0) or 0,
        "rejected_clp": by_kind.get("report_rejected", 0) or 0,
    }


# --- For the CDPR: money available --------------------------------------------------------------------------------


def call_budgets(year: int | None = None) -> list[dict]:
    budgets = {b.call_id: b for b in CallBudget.objects.all()}
    executed = dict(
        Project.objects.order_by()
        .values_list("call_id")
        .annotate(total=Sum("executed_clp"))
        .values_list("call_id", "total")
    )
    rows = []
    for call in calls():
        if year and call.year != year:
            continue
        budget = budgets.get(call.pk)
        total = budget.budget_clp if budget else call.budget_clp
        awarded = budget.awarded_clp if budget else 0
        rows.append(
            {
                "call": call,
                "budget_clp": total,
                "awarded_clp": awarded,
                "available_clp": None if total is None else total - awarded,
                "executed_clp": executed.get(call.pk) or 0,
            }
        )
    return rows


def funding_sources() -> QuerySet:
    return FundingSource.objects.select_related("agency").order_by("-year", "name")


def agreements() -> QuerySet:
    return Agreement.objects.select_related("source", "grantor", "recipient").prefetch_related("instruments")


def call_fundings(call) -> QuerySet:
    return CallFunding.objects.filter(call=call).select_related("source", "agreement")


# --- Public rows (figures' detail and open data): natural persons are never named ------------------------------

PUBLIC_ROW_HEADERS = [
    "Código",
    "Proyecto",
    "Año",
    "Fecha de adjudicación",
    "Convocatoria",
    "Instrumento",
    "Institución",
    "Fuente de financiamiento",
    "Provincia",
    "Comuna (código CUT)",
    "Comuna",
    "Tipo de beneficiario",
    "Beneficiario",
    "RUT de la organización",
    "Objetivo",
    "Monto adjudicado (CLP)",
    "Monto ejecutado (CLP)",
    "Estado",
    "Dato de ejemplo",  # demo rows say so in the file itself, not only on the page they came from
]
# Read straight from the project row (plus the organisation's RUT and name); the names of calls, instruments,
# agencies, sources and places come from small in-memory tables. Joining those small tables in SQL lets SQLite's
# planner (after ANALYZE) drive the query from them and revisit the projects hundreds of times: 0,3 s became 12 s.
PROJECT_VALUES = (
    "code",
    "title",
    "year",
    "awarded_on",
    "call_id",
    "instrument_id",
    "agency_id",
    "funding_source_id",
    "province_id",
    "commune_id",
    "beneficiary_type",
    "person_id",
    "enterprise_id",
    "enterprise__rut",
    "enterprise__legal_name",
    "enterprise__legal_form",
    "objective",
    "awarded_clp",
    "executed_clp",
    "own_contribution_clp",
    "starts_on",
    "ends_on",
    "status",
    "is_sample",
)
PERSON_NAME = "Persona natural"


def _names() -> dict:
    return {
        "call": {c.pk: (c.code, c.title) for c in calls()},
        "instrument": {i.pk: (i.code, i.name, i.url) for i in instruments()},
        "agency": {a.pk: (a.code, a.name, a.short_name) for a in agencies()},
        "source": dict(FundingSource.objects.values_list("pk", "name")),
        "commune": {c.code: (c.name, c.province.name) for c in communes()},
    }


def public_values(filters: dict | None = None, *, chunk_size: int = 5000):
    """Flat dicts of every project (one streamed query). For a natural person (or an enterprise that is one: a
    persona natural con giro, an EIRL) no name or RUT is included; `individual_ref` is set for them only."""
    names = _names()
    qs = filter_projects(filters).order_by("-awarded_on", "code").values(*PROJECT_VALUES)
    for row in qs.iterator(chunk_size=chunk_size):
        row["call__code"], row["call__title"] = names["call"][row["call_id"]]
        row["instrument__code"], row["instrument__name"], row["instrument__url"] = names["instrument"][
            row["instrument_id"]
        ]
        row["agency__code"], row["agency__name"], row["agency__short_name"] = names["agency"][row["agency_id"]]
        row["funding_source__name"] = names["source"].get(row["funding_source_id"], NO_SOURCE)
        row["commune__name"], row["province__name"] = names["commune"][row["commune_id"]]
        if row["person_id"] is not None:
            row["individual_ref"] = row["person_id"]
        elif row["enterprise__legal_form"] in NATURAL_PERSON_LEGAL_FORMS:  # the enterprise is a person
            row["individual_ref"] = f"enterprise:{row['enterprise_id']}"
        else:
            row["individual_ref"] = None
        if row["individual_ref"] is not None:
            row["beneficiary_name"], row["organization_rut"] = PERSON_NAME, ""
            row["enterprise__legal_name"] = row["enterprise__rut"] = ""
        else:
            row["beneficiary_name"] = row["enterprise__legal_name"]
            row["organization_rut"] = row["enterprise__rut"]
        yield row


def public_table(filters: dict | None = None):
    """Rows in the order of PUBLIC_ROW_HEADERS (for CSV/XLSX)."""

    for r in public_values(filters):
        yield [
            r["code"],
            r["title"],
            r["year"],
            r["awarded_on"].strftime("%d-%m-%Y"),
            r["call__title"],
            r["instrument__name"],
            r["agency__short_name"],
            r["funding_source__name"],
            r["province__name"],
            r["commune_id"],
            r["commune__name"],
            BENEFICIARY_TYPES.get(r["beneficiary_type"], r["beneficiary_type"]),
            r["beneficiary_name"],
            format_rut(r["organization_rut"]) if r["organization_rut"] else "",
            OBJECTIVES.get(r["objective"], r["objective"]),
            r["awarded_clp"],
            r["executed_clp"],
            "Cerrado" if r["status"] == "cerrado" else "En ejecución",
            "Sí (demostración)" if r["is_sample"] else "No",
        ]


def dimension_label(group_by: str, value) -> str:
    """The readable name of one value of a dimension (`("commune", "06101")` → "Rancagua")."""
    keys = [value]
    if (
        isinstance(value, str)
        and value.isdigit()
        and group_by in ("year", "instrument", "agency", "funding_source", "call")
    ):
        keys.append(int(value))
    labels = _labels(group_by, keys)
    return next((str(labels[k]) for k in keys if k in labels), str(value))


def has_sample_data() -> bool:
    return Project.objects.filter(is_sample=True).exists()


from .grantee_selectors import (  # noqa: E402,F401  (the grantee's project; see that module)
    expenses_to_review,
    grant_view,
    line_balances,
    project_for_award,
    projects_of,
    projects_to_follow,
)
