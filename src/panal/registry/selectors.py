"""Reads of the registry that other apps reuse; the eligibility profile is built only here."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from panal.core.audit import history
from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role
from panal.core.rut import InvalidRut, normalize_rut

from .models import Cooperative, Enterprise, EnterpriseYear, ImportBatch, Person, Representation

PROFILE_KEYS = (
    "as_of",
    "applicant_kind",
    "birth_date",
    "sex",
    "nationality",
    "commune",
    "has_activity_start",
    "activity_start_date",
    "annual_sales_uf",
    "activity_code",
    "cooperative_class",
    "members",
    "in_good_standing",
    "registries",
)

# ORM paths (from Person / Enterprise) for each profile key, for code that compiles criteria into queries.
# A key missing from a mapping is always None for that kind. `registries` maps to the three booleans.
PERSON_PATHS = {
    "birth_date": "birth_date",
    "sex": "sex",
    "nationality": "nationality",
    "commune": "commune_id",
    "has_activity_start": "has_activity_start",
    "activity_start_date": "activity_start_date",
    "registries": {"RPA": "in_rpa", "RNA": "in_rna", "ROA": "in_roa"},
}
ENTERPRISE_PATHS = {
    "birth_date": "legal_representative__birth_date",
    "sex": "legal_representative__sex",
    "nationality": "legal_representative__nationality",
    "commune": "commune_id",
    "has_activity_start": "has_activity_start",
    "activity_start_date": "activity_start_date",
    "annual_sales_uf": "annual_sales_uf",
    "activity_code": "activity_id",
    "cooperative_class": "cooperative__cooperative_class",
    "in_good_standing": "cooperative__in_good_standing",
    "registries": {"RPA": "in_rpa", "RNA": "in_rna", "ROA": "in_roa"},
    # members = cooperative__members_men + cooperative__members_women + cooperative__members_other
}


def today() -> date:
    return timezone.localdate()


def _canonical(rut) -> str | None:
    try:
        return normalize_rut(rut)
    except InvalidRut:
        return None


def get_person_by_rut(rut) -> Person | None:
    canonical = _canonical(rut)
    if canonical is None:
        return None
    return Person.objects.select_related("commune").filter(rut=canonical).first()


def get_enterprise_by_rut(rut) -> Enterprise | None:
    canonical = _canonical(rut)
    if canonical is None:
        return None
    return (
        Enterprise.objects.select_related("commune", "activity", "cooperative", "legal_representative")
        .filter(rut=canonical)
        .first()
    )


def known_ruts(ruts) -> dict[str, str]:
    """Which of these canonical RUTs the registry knows: RUT → "person" or "enterprise" (bulk, for imports)."""
    ruts = sorted(set(ruts))
    known: dict[str, str] = {}
    for start in range(0, len(ruts), 2000):
        chunk = ruts[start : start + 2000]
        people = Person.objects.filter(rut__in=chunk).values_list("rut", flat=True)
        enterprises = Enterprise.objects.filter(rut__in=chunk).values_list("rut", flat=True)
        known.update(dict.fromkeys(people, "person"))
        known.update(dict.fromkeys(enterprises, "enterprise"))
    return known


def get_person(pk) -> Person | None:
    return Person.objects.select_related("commune", "user").filter(pk=pk).first()


def get_enterprise(pk) -> Enterprise | None:
    return (
        Enterprise.objects.select_related("commune", "activity", "cooperative", "legal_representative")
        .filter(pk=pk)
        .first()
    )


def verified_person_for_rut(rut) -> Person | None:
    """The registry person with this RUT whose account was bound by a verified identity, if any."""
    canonical = _canonical(rut)
    if canonical is None:
        return None
    return (
        Person.objects.select_related("user")
        .filter(rut=canonical, user__isnull=False, identity_verified_at__isnull=False)
        .first()
    )


def identity_conflicts() -> list[dict]:
    """Declared (unverified) records whose RUT is in the registry or claimed by another account too."""
    declared = list(
        Person.objects.filter(rut__isnull=True).select_related("user").order_by("declared_rut", "created_at")
    )
    ruts = {p.declared_rut for p in declared}
    registry = {p.rut: p for p in Person.objects.filter(rut__in=ruts).select_related("user")}
    claims: dict[str, int] = {}
    for p in declared:
        claims[p.declared_rut] = claims.get(p.declared_rut, 0) + 1
    return [
        {"declared": p, "registry": registry.get(p.declared_rut), "other_claims": claims[p.declared_rut] - 1}
        for p in declared
        if p.declared_rut in registry or claims[p.declared_rut] > 1
    ]


def person_for_user(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("commune").filter(user=user).first()


def enterprises_represented_by(person: Person) -> QuerySet:
    """The enterprises and cooperatives the person acts for, in any role."""
    return (
        Enterprise.objects.filter(representations__person=person)
        .select_related("commune", "cooperative")
        .distinct()
        .order_by("legal_name")
    )


def representations_of(*, person: Person | None = None, enterprise: Enterprise | None = None) -> QuerySet:
    qs = Representation.objects.select_related("person", "enterprise").order_by("enterprise__legal_name", "role")
    if person is not None:
        qs = qs.filter(person=person)
    if enterprise is not None:
        qs = qs.filter(enterprise=enterprise)
    return qs


def enterprise_years(enterprise: Enterprise) -> QuerySet:
    return EnterpriseYear.objects.filter(enterprise=enterprise).order_by("-year")


def _registries(in_rpa, in_rna, in_roa) -> list[str]:
    return [code for code, flag in (("RPA", in_rpa), ("RNA", in_rna), ("ROA", in_roa)) if flag]


def _blank_none(value):
    return value if value not in ("", None) else None


def _person_profile(row: dict, as_of: date) -> dict:
    return {
        "as_of": as_of,
        "applicant_kind": "persona",
        "birth_date": row["birth_date"],
        "sex": _blank_none(row["sex"]),
        "nationality": _blank_none(row["nationality"]),
        "commune": row["commune_id"],
        "has_activity_start": row["has_activity_start"],
        "activity_start_date": row["activity_start_date"],
        "annual_sales_uf": None,
        "activity_code": None,
        "cooperative_class": None,
        "members": None,
        "in_good_standing": None,
        "registries": _registries(row["in_rpa"], row["in_rna"], row["in_roa"]),
    }


_PERSON_VALUES = (
    "id",
    "birth_date",
    "sex",
    "nationality",
    "commune_id",
    "has_activity_start",
    "activity_start_date",
    "in_rpa",
    "in_rna",
    "in_roa",
)
_ENTERPRISE_VALUES = (
    "id",
    "commune_id",
    "has_activity_start",
    "activity_start_date",
    "annual_sales_uf",
    "activity_id",
    "in_rpa",
    "in_rna",
    "in_roa",
    "legal_representative__birth_date",
    "legal_representative__sex",
    "legal_representative__nationality",
    "cooperative__id",
    "cooperative__cooperative_class",
    "cooperative__members_men",
    "cooperative__members_women",
    "cooperative__members_other",
    "cooperative__in_good_standing",
)


def _enterprise_profile(row: dict, as_of: date) -> dict:
    is_coop = row["cooperative__id"] is not None
    members = None
    if is_coop:
        members = (
            (row["cooperative__members_men"] or 0)
            + (row["cooperative__members_women"] or 0)
            + (row["cooperative__members_other"] or 0)
        )
    return {
        "as_of": as_of,
        "applicant_kind": "cooperativa" if is_coop else "empresa",
        # These describe the person applying for the enterprise: its legal representative.
        "birth_date": row["legal_representative__birth_date"],
        "sex": _blank_none(row["legal_representative__sex"]),
        "nationality": _blank_none(row["legal_representative__nationality"]),
        "commune": row["commune_id"],
        "has_activity_start": row["has_activity_start"],
        "activity_start_date": row["activity_start_date"],
        "annual_sales_uf": row["annual_sales_uf"],
        "activity_code": row["activity_id"],
        "cooperative_class": row["cooperative__cooperative_class"] if is_coop else None,
        "members": members,
        "in_good_standing": row["cooperative__in_good_standing"] if is_coop else None,
        "registries": _registries(row["in_rpa"], row["in_rna"], row["in_roa"]),
    }


def eligibility_profile(*, person: Person | None = None, enterprise: Enterprise | None = None, as_of=None) -> dict:
    """The flat profile the eligibility engine evaluates (keys: PROFILE_KEYS; None means unknown).

    For an enterprise, `birth_date`, `sex` and `nationality` are those of its legal representative (the person who
    applies for it); `annual_sales_uf` is the latest recorded year's net sales.
    """
    if (person is None) == (enterprise is None):
        raise ValueError("eligibility_profile() recibe person o enterprise, uno de los dos.")
    as_of = as_of or today()
    if person is not None:
        row = Person.objects.filter(pk=person.pk).values(*_PERSON_VALUES).get()
        return _person_profile(row, as_of)
    row = Enterprise.objects.filter(pk=enterprise.pk).values(*_ENTERPRISE_VALUES).get()
    return _enterprise_profile(row, as_of)


def iter_profiles(as_of=None, *, chunk_size: int = 5000) -> Iterator[tuple[str, int, dict]]:
    """Every registered person and enterprise as `(kind, object_id, profile)`; kind is "persona", "empresa" or
    "cooperativa". Two streamed queries (one per table), constant memory."""
    as_of = as_of or today()
    for row in Person.objects.order_by("id").values(*_PERSON_VALUES).iterator(chunk_size=chunk_size):
        yield "persona", row["id"], _person_profile(row, as_of)
    for row in Enterprise.objects.order_by("id").values(*_ENTERPRISE_VALUES).iterator(chunk_size=chunk_size):
        profile = _enterprise_profile(row, as_of)
        yield profile["applicant_kind"], row["id"], profile


# --- Back office search -------------------------------------------------------------------------------------------


def _rut_fragment(text: str) -> str | None:
    """`12.345.678-5`, `12345678-5`, `123456785`, `12.345.678` → what to look for in the canonical form."""
    canonical = _canonical(text)
    if canonical:
        return canonical
    digits = text.replace(".", "").replace(" ", "")
    if digits.replace("-", "").rstrip("kK").isdigit() and len(digits) >= 4:
        return digits.upper()
    return None


def search_people(text: str = "", *, commune: str | None = None) -> QuerySet:
    qs = Person.objects.select_related("commune").order_by("last_names", "first_names")
    text = (text or "").strip()
    if text:
        fragment = _rut_fragment(text)
        if fragment:
            if "-" in fragment:
                qs = qs.filter(Q(rut=fragment) | Q(declared_rut=fragment))
            else:
                qs = qs.filter(Q(rut__startswith=fragment) | Q(declared_rut__startswith=fragment))
        else:
            for word in text.split():
                qs = qs.filter(Q(first_names__icontains=word) | Q(last_names__icontains=word))
    if commune:
        qs = qs.filter(commune_id=commune)
    return qs


def search_enterprises(text: str = "", *, commune: str | None = None, cooperatives_only: bool = False) -> QuerySet:
    qs = Enterprise.objects.select_related("commune", "cooperative").order_by("legal_name")
    text = (text or "").strip()
    if text:
        fragment = _rut_fragment(text)
        if fragment:
            qs = qs.filter(rut__startswith=fragment) if "-" not in fragment else qs.filter(rut=fragment)
        else:
            for word in text.split():
                qs = qs.filter(Q(legal_name__icontains=word) | Q(trade_name__icontains=word))
    if commune:
        qs = qs.filter(commune_id=commune)
    if cooperatives_only:
        qs = qs.filter(cooperative__isnull=False)
    return qs


# --- Public cooperative figures (no personal data) ----------------------------------------------------------------


def public_cooperatives(*, region: str | None = None, cooperative_class: str | None = None, vigente=None) -> QuerySet:
    qs = Cooperative.objects.select_related("enterprise", "enterprise__commune").order_by("enterprise__legal_name")
    if region:
        qs = qs.filter(enterprise__commune__region_id=region)
    if cooperative_class:
        qs = qs.filter(cooperative_class=cooperative_class)
    if vigente is not None:
        qs = qs.filter(in_good_standing=vigente)
    return qs


def cooperative_stats(*, region: str | None = None) -> dict:
    """Counts and members by class and by commune: how many cooperatives, how many members, share of women."""
    qs = public_cooperatives(region=region)
    sums = {
        "count": Count("id"),
        "men": Sum("members_men"),
        "women": Sum("members_women"),
        "other": Sum("members_other"),
    }

    def shape(row: dict) -> dict:
        men, women, other = row["men"] or 0, row["women"] or 0, row["other"] or 0
        total = men + women + other
        return {
            "cooperatives": row["count"],
            "members": total,
            "members_women": women,
            "members_men": men,
            "women_share": round(women / total, 4) if total else None,
        }

    totals = shape(qs.aggregate(**sums))
    by_class = [
        {"class": row["cooperative_class"], **shape(row)}
        for row in qs.order_by().values("cooperative_class").annotate(**sums).order_by("cooperative_class")
    ]
    by_commune = [
        {"commune": row["enterprise__commune_id"], "commune_name": row["enterprise__commune__name"], **shape(row)}
        for row in qs.order_by()
        .values("enterprise__commune_id", "enterprise__commune__name")
        .annotate(**sums)
        .order_by("enterprise__commune_id")
    ]
    return {"region": region, **totals, "by_class": by_class, "by_commune": by_commune}


# --- Who may see what ------------------------------------------------------------------------------------------------


def can_use_back_office(user) -> bool:
    """Registry back office (personal data): agency staff and administrators."""

    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or has_role(user, AGENCY_STAFF) or has_role(user, ADMINISTRATOR)
    )


def import_batches(limit: int = 20):
    return ImportBatch.objects.select_related("created_by").defer("content").order_by("-created_at")[:limit]


def get_import_batch(pk):
    return ImportBatch.objects.select_related("created_by").filter(pk=pk).first()


def person_export(person: Person) -> dict:
    """Everything the registry holds about a person, for them to download (data-protection right of access)."""

    return {
        "generado": timezone.now().isoformat(),
        "persona": {
            "rut": person.shown_rut,
            "rut_verificado": not person.is_declared_only and person.identity_verified,
            "nombres": person.first_names,
            "apellidos": person.last_names,
            "correo": person.email,
            "telefono": person.phone,
            "fecha_nacimiento": person.birth_date.isoformat() if person.birth_date else None,
            "sexo_registral": person.sex or None,
            "nacionalidad": person.nationality or None,
            "comuna": {"codigo": person.commune_id, "nombre": person.commune.name} if person.commune_id else None,
            "inicio_actividades": person.has_activity_start,
            "fecha_inicio_actividades": person.activity_start_date.isoformat() if person.activity_start_date else None,
            "registros_sectoriales": person.registries,
            "creado": person.created_at.isoformat(),
            "actualizado": person.updated_at.isoformat(),
        },
        "consentimientos": [
            {
                "finalidad": c.purpose,
                "version_texto": c.text_version,
                "aceptado": c.accepted_at.isoformat(),
                "retirado": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.order_by("accepted_at")
        ],
        "representaciones": [
            {"empresa": r.enterprise.legal_name, "rut_empresa": r.enterprise.rut, "calidad": r.get_role_display()}
            for r in representations_of(person=person)
        ],
        "historial_de_cambios": [
            {"fecha": e.created_at.isoformat(), "accion": e.action, "antes": e.before, "despues": e.after}
            for e in history(object_type="registry.person", object_id=person.pk)
        ],
    }
