"""Imports of people, enterprises and cooperatives from CSV/XLSX: validate every row first, then write.

`run_import(kind=..., data=..., filename=..., dry_run=...)`:
1. reads the table (`core.spreadsheets.read_table`); a file that cannot be read, or lacks a required column, is
   refused as a whole and nothing is written;
2. validates every row, collecting one issue per bad cell (row, column, value, reason in Spanish); a RUT that appears
   in several rows is reported in each and none of them is written;
3. unless `dry_run`, writes the valid rows in ONE transaction, matching existing records by RUT: new RUTs are
   created, known ones updated, identical ones left alone — so importing the same file twice changes nothing.
Empty cells never erase what the registry already has. The formats are documented in docs/imports.md.
"""

import hashlib

from django.db import transaction

from panal.core import audit

from ..models import Cooperative, Person
from .columns import (  # noqa: F401
    CHUNK,
    COLUMNS,
    COOPERATIVE_COLUMNS,
    ENTERPRISE_COLUMNS,
    HEADER_ALIASES,
    KINDS,
    LABELS,
    PEOPLE_COLUMNS,
)
from .validation import ImportResult, Issue, validate  # noqa: F401
from .writes import write_rows


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_representatives(valid: list[tuple[int, dict]], result: ImportResult) -> list[tuple[int, dict]]:
    wanted = sorted({v["representative"] for _, v in valid if "representative" in v})
    if not wanted:
        return valid
    known = set()
    for chunk in _chunks(wanted):
        known.update(Person.objects.filter(rut__in=chunk).values_list("rut", flat=True))
    keep = []
    for number, values in valid:
        rut = values.get("representative")
        if rut and rut not in known:
            result.issues.append(
                Issue(
                    number,
                    "rut_representante",
                    rut,
                    f"No hay una persona con el RUT {rut} en el registro; impórtela primero como persona.",
                )
            )
            continue
        keep.append((number, values))
    return keep


def _check_registry_numbers(valid: list[tuple[int, dict]], result: ImportResult) -> list[tuple[int, dict]]:
    numbers = sorted({v["registry_number"] for _, v in valid if v.get("registry_number")})
    owners = {}
    for chunk in _chunks(numbers):
        rows = Cooperative.objects.filter(registry_number__in=chunk).values_list("registry_number", "enterprise__rut")
        owners.update(dict(rows))
    keep = []
    for number, values in valid:
        owner = owners.get(values.get("registry_number"))
        if owner and owner != values["rut"]:
            result.issues.append(
                Issue(number, "rol", values["registry_number"], f"El rol ya pertenece a la cooperativa RUT {owner}.")
            )
            continue
        keep.append((number, values))
    return keep


def run_import(
    *, kind: str, data: bytes, filename: str = "", dry_run: bool = False, actor=None, batch=None, today=None
) -> ImportResult:
    """Validate the whole file; unless dry_run, write its valid rows in one transaction (see module docstring)."""
    result, valid = validate(kind, data, filename, today=today)
    result.dry_run = dry_run
    if result.file_error:
        return result
    with transaction.atomic():
        if kind == "enterprises":
            valid = _check_representatives(valid, result)
        if kind == "cooperatives":
            valid = _check_registry_numbers(valid, result)
        result.issues.sort(key=lambda i: (i.row or 0, i.column))
        result.valid = len(valid)
        if dry_run:
            return result
        created, updated = write_rows(kind, [v for _, v in valid])
        result.created, result.updated = len(created), len(updated)
        result.unchanged = len(valid) - result.created - result.updated
        audit.record(
            actor=actor,
            action=f"registry.{kind}.imported",
            obj=batch,
            object_type=None if batch else "registry.import",
            object_id=None if batch else hashlib.sha256(data).hexdigest()[:16],
            after={
                "filename": filename,
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "invalid_rows": result.invalid,
            },
            reason="importación de archivo",
        )
    return result
