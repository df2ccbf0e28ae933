"""The write half of an import: clean rows → registry records matched by RUT, in bulk, inside the caller's
transaction. New records get their derived values (latest sales, size, SII bracket, legal representative) as
they are inserted; records that already existed are compared field by field and only real changes are written."""

from django.utils import timezone

from panal.reference.firm_size import firm_size, sii_tramo

from ..bulkdb import insert_rows, pk_by_value, update_rows
from ..models import LEGAL_REPRESENTATIVE, Cooperative, Enterprise, EnterpriseYear, Person, Representation

CHUNK = 2000
FK_FIELDS = ("commune", "activity")
PERSON_WRITE = (
    "first_names",
    "last_names",
    "email",
    "phone",
    "birth_date",
    "sex",
    "nationality",
    "commune",
    "has_activity_start",
    "activity_start_date",
    "in_rpa",
    "in_rna",
    "in_roa",
)
ENTERPRISE_WRITE = (
    "legal_name",
    "trade_name",
    "legal_form",
    "has_activity_start",
    "activity_start_date",
    "activity",
    "commune",
    "email",
    "phone",
    "in_rpa",
    "in_rna",
    "in_roa",
)
COOPERATIVE_WRITE = (
    "cooperative_class",
    "registry_number",
    "constitution_date",
    "members_men",
    "members_women",
    "members_other",
    "in_good_standing",
    "standing_checked_on",
)
YEAR_FIGURES = ("sales_uf", "employees", "wages_clp")
DERIVED = ("sales_year", "annual_sales_uf", "size", "sii_tramo", "legal_representative_id")


def _chunks(items, size: int = CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _attr(name: str) -> str:
    return f"{name}_id" if name in FK_FIELDS else name


def _expand_registries(values: dict) -> dict:
    if "registries" in values:
        values = dict(values)
        values.update(values.pop("registries"))
    return values


def _pk_by_rut(model, ruts) -> dict[str, int]:
    return pk_by_value(model, "rut", ruts)


def _upsert(model, rows: list[dict], fields: tuple[str, ...], defaults: dict, on_new=None):
    """Create or update rows matched by RUT. Returns ({rut: pk}, created RUTs, updated RUTs)."""
    ids = _pk_by_rut(model, [v["rut"] for v in rows])
    existing = {}
    for chunk in _chunks(sorted(ids.values())):
        existing.update({obj.rut: obj for obj in model.objects.filter(pk__in=chunk)})
    now = timezone.now()
    new, changed_objs, changed_fields = [], [], set()
    for values in rows:
        obj = existing.get(values["rut"])
        if obj is None:
            row = {"rut": values["rut"], **defaults, **{_attr(k): values[k] for k in fields if k in values}}
            row["created_at"] = row["updated_at"] = now
            if on_new is not None:
                on_new(row, values)
            new.append(row)
            continue
        changed = [k for k in fields if k in values and getattr(obj, _attr(k)) != values[k]]
        for name in changed:
            setattr(obj, _attr(name), values[name])
        if changed:
            obj.updated_at = now
            changed_objs.append(obj)
            changed_fields.update(_attr(k) for k in changed)
    insert_rows(model, new)
    update_rows(model, changed_objs, [*sorted(changed_fields), "updated_at"])
    created = {row["rut"] for row in new}
    ids.update(_pk_by_rut(model, created))
    return ids, created, {obj.rut for obj in changed_objs}


def _write_people(rows: list[dict]) -> tuple[set, set]:
    _ids, created, updated = _upsert(Person, rows, PERSON_WRITE, {})
    return created, updated


def _derived(year, sales, rep_id) -> dict:
    return {
        "sales_year": year if sales is not None else None,
        "annual_sales_uf": sales,
        "size": firm_size(sales) if sales is not None else "",
        "sii_tramo": sii_tramo(sales) if sales is not None else None,
        "legal_representative_id": rep_id,
    }


def _write_years(ids: dict, rows: list[dict], created: set) -> set[int]:
    """Upsert the yearly figures; returns the ids of EXISTING enterprises whose figures changed."""
    fresh, wanted = [], {}
    for v in rows:
        if "year" not in v:
            continue
        figures = {k: v[k] for k in YEAR_FIGURES if k in v}
        if v["rut"] in created:
            fresh.append({"enterprise_id": ids[v["rut"]], "year": v["year"], **figures})
        else:
            wanted[(ids[v["rut"]], v["year"])] = figures
    insert_rows(EnterpriseYear, fresh)
    existing = {}
    for chunk in _chunks(sorted({eid for eid, _ in wanted})):
        for row in EnterpriseYear.objects.filter(enterprise_id__in=chunk):
            existing[(row.enterprise_id, row.year)] = row
    new, changed_objs, touched = [], [], set()
    for (eid, year), figures in wanted.items():
        row = existing.get((eid, year))
        if row is None:
            new.append({"enterprise_id": eid, "year": year, **figures})
            touched.add(eid)
        elif any(getattr(row, k) != val for k, val in figures.items()):
            for k, val in figures.items():
                setattr(row, k, val)
            changed_objs.append(row)
            touched.add(eid)
    insert_rows(EnterpriseYear, new)
    update_rows(EnterpriseYear, changed_objs, YEAR_FIGURES)
    return touched


def _write_representatives(ids: dict, rows: list[dict], people: dict) -> set[int]:
    pairs = {(ids[v["rut"]], people[v["representative"]]) for v in rows if "representative" in v}
    existing = set()
    for chunk in _chunks(sorted({eid for eid, _ in pairs})):
        existing.update(
            Representation.objects.filter(enterprise_id__in=chunk, role=LEGAL_REPRESENTATIVE).values_list(
                "enterprise_id", "person_id"
            )
        )
    now = timezone.now()
    new = [
        {"enterprise_id": eid, "person_id": pid, "role": LEGAL_REPRESENTATIVE, "created_at": now}
        for eid, pid in sorted(pairs - existing)
    ]
    insert_rows(Representation, new)
    return {r["enterprise_id"] for r in new}


def refresh_derived_many(enterprise_ids) -> int:
    """Recompute latest sales, size, SII bracket and legal representative of these enterprises."""
    changed_objs = []
    for chunk in _chunks(sorted(enterprise_ids)):
        years: dict[int, tuple[int, object]] = {}
        for eid, year, sales in (
            EnterpriseYear.objects.filter(enterprise_id__in=chunk, sales_uf__isnull=False)
            .order_by("enterprise_id", "year")
            .values_list("enterprise_id", "year", "sales_uf")
        ):
            years[eid] = (year, sales)  # ordered by year: the last one wins
        reps: dict[int, int] = {}
        for eid, pid in (
            Representation.objects.filter(enterprise_id__in=chunk, role=LEGAL_REPRESENTATIVE)
            .order_by("-id")
            .values_list("enterprise_id", "person_id")
        ):
            reps[eid] = pid  # ordered by -id: the oldest one wins
        for obj in Enterprise.objects.filter(pk__in=chunk).only("id", *DERIVED):
            target = _derived(*years.get(obj.pk, (None, None)), reps.get(obj.pk))
            if any(getattr(obj, k) != v for k, v in target.items()):
                for k, v in target.items():
                    setattr(obj, k, v)
                changed_objs.append(obj)
    update_rows(Enterprise, changed_objs, DERIVED)
    return len(changed_objs)


def _also_updated(ids: dict, touched_ids: set[int], created: set, updated: set) -> set:
    """Records changed only through their yearly figures, representative or cooperative data count as updated."""
    return updated | {rut for rut, pk in ids.items() if pk in touched_ids and rut not in created}


def _write_enterprises(rows: list[dict]) -> tuple[set, set]:
    people = _pk_by_rut(Person, [v["representative"] for v in rows if "representative" in v])

    def on_new(row, values):
        sales = values.get("sales_uf") if "year" in values else None
        row.update(_derived(values.get("year"), sales, people.get(values.get("representative"))))

    ids, created, updated = _upsert(Enterprise, rows, ENTERPRISE_WRITE, {}, on_new)
    touched = _write_years(ids, rows, created) | _write_representatives(ids, rows, people)
    refresh_derived_many(touched - {ids[rut] for rut in created})
    return created, _also_updated(ids, touched, created, updated)


def _write_cooperatives(rows: list[dict]) -> tuple[set, set]:
    rows = [{**v, "legal_form": "cooperativa"} for v in rows]  # a cooperative's legal form is "cooperativa"
    ids, created, updated = _upsert(Enterprise, rows, ENTERPRISE_WRITE, {})
    existing = {}
    for chunk in _chunks(sorted(ids.values())):
        existing.update({co.enterprise_id: co for co in Cooperative.objects.filter(enterprise_id__in=chunk)})
    new, changed_objs, fields, touched = [], [], set(), set()
    for values in rows:
        eid = ids[values["rut"]]
        coop_values = {k: values[k] for k in COOPERATIVE_WRITE if k in values}
        coop = existing.get(eid)
        if coop is None:
            new.append({"enterprise_id": eid, **coop_values})
            touched.add(eid)
            continue
        changed = [k for k, v in coop_values.items() if getattr(coop, k) != v]
        if changed:
            for k in changed:
                setattr(coop, k, coop_values[k])
            changed_objs.append(coop)
            fields.update(changed)
            touched.add(eid)
    insert_rows(Cooperative, new)
    update_rows(Cooperative, changed_objs, sorted(fields))
    return created, _also_updated(ids, touched, created, updated)


def write_rows(kind: str, valid_values: list[dict]) -> tuple[set, set]:
    """Write clean rows (call inside a transaction). Returns (created RUTs, updated RUTs)."""
    rows = [_expand_registries(v) for v in valid_values]
    writer = {"people": _write_people, "enterprises": _write_enterprises, "cooperatives": _write_cooperatives}
    return writer[kind](rows)
