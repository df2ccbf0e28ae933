"""Writes of the eligibility app: the targeting table is rebuilt from the registry's profiles."""

from decimal import Decimal

from django.db import connection, transaction

from panal.catalog.criteria import outside_sme
from panal.registry.selectors import iter_profiles

from .models import TargetProfile


def profile_to_row(source_kind: str, object_id: int, profile: dict) -> TargetProfile:
    """One registry profile (the API's request dict) → one unsaved TargetProfile row; unknown stays NULL."""
    commune = profile.get("commune") or None
    sales = profile.get("annual_sales_uf")
    registries = profile.get("registries")
    held = None if registries is None else set(registries)
    member_sales = profile.get("member_sales_uf") or None
    return TargetProfile(
        source_kind=source_kind,
        object_id=object_id,
        applicant_kind=profile["applicant_kind"],
        birth_date=profile.get("birth_date"),
        sex=profile.get("sex"),
        nationality=profile.get("nationality"),
        commune=commune,
        province=commune[:3] if commune else None,
        region=commune[:2] if commune else None,
        has_activity_start=profile.get("has_activity_start"),
        activity_start_date=profile.get("activity_start_date"),
        annual_sales_uf=None if sales is None else Decimal(str(sales)),
        activity_code=profile.get("activity_code") or None,
        cooperative_class=profile.get("cooperative_class") or None,
        members=len(member_sales) if member_sales else profile.get("members"),
        members_outside_sme=None if member_sales is None else sum(1 for v in member_sales if outside_sme(v)),
        project_investment_clp=profile.get("project_investment_clp"),
        has_overdue_debts=profile.get("has_overdue_debts"),
        in_alimony_debtors_registry=profile.get("in_alimony_debtors_registry"),
        in_emergency_register=profile.get("in_emergency_register"),
        in_good_standing=profile.get("in_good_standing"),
        reg_rpa=None if held is None else "RPA" in held,
        reg_rna=None if held is None else "RNA" in held,
        reg_roa=None if held is None else "ROA" in held,
    )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@transaction.atomic
def replace_targets(*, rows, batch_size: int = 5000) -> int:
    """Replace the whole targeting table with `rows` ((source_kind, object_id, profile) triples). All or nothing."""
    TargetProfile.objects.all().delete()
    # Bulk load: drop the covering index, insert, build it again once (compact, and several times faster than
    # maintaining it row by row). Plain DDL inside the transaction works on SQLite and PostgreSQL alike.
    indexes = TargetProfile._meta.indexes
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute(f"DROP INDEX {_quote(index.name)}")
    batch, total = [], 0
    for source_kind, object_id, profile in rows:
        batch.append(profile_to_row(source_kind, object_id, profile))
        if len(batch) >= batch_size:
            TargetProfile.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        TargetProfile.objects.bulk_create(batch)
        total += len(batch)
    with connection.cursor() as cursor:
        for index in indexes:
            columns = ", ".join(_quote(TargetProfile._meta.get_field(name).column) for name in index.fields)
            cursor.execute(f"CREATE INDEX {_quote(index.name)} ON {_quote(TargetProfile._meta.db_table)} ({columns})")
    return total


def refresh_targets(*, as_of=None) -> int:
    """Rebuild the targeting table from every registered person and enterprise (registry.selectors.iter_profiles)."""

    rows = (
        ("person" if kind == "persona" else "enterprise", object_id, profile)
        for kind, object_id, profile in iter_profiles(as_of=as_of)
    )
    return replace_targets(rows=rows)
